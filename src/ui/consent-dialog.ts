import { t } from '../i18n/page-language';
import { el } from './dom';

/** A host the page would contact, and what for, in words ("the data", "the map's tiles"). */
export interface HostUse {
  host: string;
  purpose: string;
}

export interface ConsentAnswer {
  /** Continue: contact them. */
  allowed: boolean;
  /** Keep the answer for these hosts until the tab closes. */
  remember: boolean;
}

/**
 * Asks, before any request is made, whether the page may contact other sites
 * for what a link asks (its data, its map style and what that style loads):
 * each host by name and purpose, with Continue and Stay offline. Escape stays
 * offline.
 */
export function askToContact(uses: readonly HostUse[], intro: string): Promise<ConsentAnswer> {
  return new Promise((resolve) => {
    const byHost = new Map<string, string[]>();
    for (const { host, purpose } of uses) byHost.set(host, [...(byHost.get(host) ?? []), purpose]);
    const remember = el('input', { type: 'checkbox', id: 'consent-remember' });
    const stay = el('button', { type: 'button', class: 'tool primary' }, t('consent.stay'));
    const go = el('button', { type: 'button', class: 'tool' }, t('consent.continue'));
    const dialog = el(
      'dialog',
      { class: 'consent-dialog', 'aria-labelledby': 'consent-title', 'aria-describedby': 'consent-intro' },
      el('h2', { id: 'consent-title' }, t('consent.title')),
      el('p', { id: 'consent-intro' }, intro),
      el(
        'ul',
        { class: 'consent-hosts', 'aria-label': t('consent.hosts') },
        ...[...byHost].map(([host, purposes]) =>
          el('li', {}, el('strong', {}, host), t('consent.purposes', { purposes: purposes.join(t('app.comma')) })),
        ),
      ),
      el('p', {}, t('consent.privacy')),
      el('p', { class: 'consent-remember' }, remember, el('label', { for: remember.id }, t('consent.remember'))),
      el('p', { class: 'dialog-actions' }, stay, go),
    );
    document.body.append(dialog);
    const done = (allowed: boolean) => {
      dialog.close();
      dialog.remove();
      resolve({ allowed, remember: remember.checked });
    };
    stay.addEventListener('click', () => done(false));
    go.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      done(false);
    });
    dialog.showModal();
    stay.focus();
  });
}
