import { type CitedView, citations } from '../cite/citation';
import { t } from '../i18n/page-language';
import { worded } from '../i18n/worded';
import { dataLang } from './data-text';
import { el } from './dom';

/** What the Cite dialog shows besides the citations. */
export interface CiteDialogContent {
  view: CitedView;
  /** The day of access in the page's words (the citations give it as YYYY-MM-DD). */
  accessedText: string;
  /** The dataset was opened from a file on this computer: its link alone cannot reopen it elsewhere. */
  fromFile: boolean;
  /** The dataset's own credit line, text from data. */
  attribution?: string;
}

let opened = 0;

/**
 * A modal dialog to cite the view on screen: its permalink and the day of
 * access, and the view cited in APA, Chicago and BibTeX, each in a read-only
 * box with its own Copy button. Made afresh each time, from the view as it is
 * then; Escape or Close ends it and it is removed; `onClose` then runs.
 */
export function openCiteDialog(content: CiteDialogContent, onClose?: () => void): HTMLDialogElement {
  const { view } = content;
  const cited = citations(view);
  const id = `cite-${++opened}`;
  const status = el('p', { class: 'cite-status', role: 'status' });

  /** A labelled read-only box and its Copy button. */
  const field = (name: string, label: string, copyLabel: string, text: string, lines: number) => {
    const box =
      lines > 1
        ? el('textarea', { id: `${id}-${name}`, readonly: '', rows: String(lines), spellcheck: 'false' })
        : el('input', { id: `${id}-${name}`, type: 'text', readonly: '' });
    // A link and BibTeX read left to right; APA and Chicago are worded in the page's language, and run its way.
    if (name === 'bibtex' || name === 'link') box.setAttribute('dir', 'ltr');
    box.value = text;
    box.dataset.cite = name;
    const copy = el('button', { type: 'button', class: 'tool cite-copy' }, copyLabel);
    copy.dataset.cite = name;
    copy.addEventListener('click', () => {
      const yourself = () => {
        box.focus();
        box.select();
        status.textContent = t('cite.copyYourself');
      };
      if (!navigator.clipboard) return yourself();
      navigator.clipboard.writeText(text).then(() => {
        status.textContent = t('cite.copied');
      }, yourself);
    });
    return el(
      'div',
      { class: `cite-field cite-${name}` },
      el('label', { for: box.id }, label),
      el('div', { class: 'cite-row' }, box, copy),
    );
  };

  const notes: HTMLElement[] = [
    el(
      'p',
      { class: 'cite-fingerprint' },
      ...(view.fingerprint
        ? worded('cite.fingerprint', { fingerprint: el('code', { dir: 'ltr' }, view.fingerprint) })
        : [t('cite.noFingerprint')]),
    ),
  ];
  if (content.fromFile) notes.push(el('p', { class: 'cite-note' }, t('cite.fromFile')));
  if (content.attribution) {
    const attribution = el('span', dataLang(), content.attribution);
    notes.push(el('p', { class: 'cite-credit' }, ...worded('cite.credit', { attribution })));
  }

  const close = el('button', { type: 'button', class: 'tool primary' }, t('cite.close'));
  const dialog = el(
    'dialog',
    { class: 'cite-dialog', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-intro` },
    el('h2', { id: `${id}-title` }, t('cite.title')),
    el('p', { id: `${id}-intro` }, t('cite.intro')),
    el('p', { class: 'cite-accessed' }, t('cite.accessed', { date: content.accessedText })),
    field('link', t('cite.permalink'), t('cite.copyLink'), view.url, 1),
    ...notes,
    field('apa', t('cite.apaLabel'), t('cite.copyStyle', { style: 'APA' }), cited.apa, 4),
    field('chicago', t('cite.chicagoLabel'), t('cite.copyStyle', { style: t('cite.chicagoName') }), cited.chicago, 4),
    field('bibtex', t('cite.bibtexLabel'), t('cite.copyStyle', { style: 'BibTeX' }), cited.bibtex, 9),
    status,
    el('p', { class: 'dialog-actions' }, close),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
