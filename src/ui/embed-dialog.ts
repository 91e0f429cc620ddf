import { t, translator } from '../i18n/page-language';
import { el } from './dom';
import { EMBED_SIZES, type EmbedSize, embedUrl, iframeSnippet } from './embed-snippet';

export interface EmbedDialogOptions {
  /** The page's link now (its permalink). */
  href: string;
  /** The dataset's name as the page shows it, for the iframe's title. */
  datasetName: string;
}

/** The keys that copy, as keyboards print them in every language. */
const COPY_KEYS = 'Ctrl+C, ⌘C';

/** The preset the dialog opens on: big enough for the timeline's dates, small enough for an article's column. */
const DEFAULT_SIZE = 1;

/**
 * The Share menu's Embed dialog: the `<iframe>` HTML for the view on screen,
 * at a size chosen from presets or filling the width, read-only to copy. The
 * link is read when the dialog opens: it is a modal, so the view it embeds is
 * the one the reader chose Embed from.
 */
export function openEmbedDialog(options: EmbedDialogOptions): HTMLDialogElement {
  const url = embedUrl(options.href);
  const title = t('embed.frameTitle', { name: options.datasetName });
  const code = el('textarea', {
    id: 'embed-code',
    class: 'embed-code',
    readonly: '',
    rows: '5',
    dir: 'ltr',
    spellcheck: 'false',
    translate: 'no',
  });
  const radios = EMBED_SIZES.map((size, n) => {
    const radio = el('input', { type: 'radio', name: 'embed-size', id: `embed-size-${n}`, value: String(n) });
    radio.checked = n === DEFAULT_SIZE;
    radio.addEventListener('change', () => show(size));
    return el('label', { class: 'embed-size', for: radio.id }, radio, ' ', sizeLabel(size));
  });
  const status = el('p', { class: 'embed-status', role: 'status' });
  const copy = el('button', { type: 'button', class: 'tool primary' }, t('embed.copy'));
  const close = el('button', { type: 'button', class: 'tool' }, t('embed.close'));
  const dialog = el(
    'dialog',
    { class: 'embed-dialog', 'aria-labelledby': 'embed-title', 'aria-describedby': 'embed-intro' },
    el('h2', { id: 'embed-title' }, t('embed.title')),
    el('p', { id: 'embed-intro' }, t('embed.intro')),
    el('fieldset', { class: 'embed-sizes' }, el('legend', {}, t('embed.size')), ...radios),
    el('label', { for: code.id, class: 'embed-code-label' }, t('embed.code')),
    code,
    el('p', { class: 'embed-preview' }, el('a', { href: url, target: '_blank', rel: 'noopener' }, t('embed.preview'))),
    status,
    el('p', { class: 'dialog-actions' }, close, copy),
  );

  function show(size: EmbedSize): void {
    code.value = iframeSnippet(url, size, title);
    status.textContent = '';
  }
  show(EMBED_SIZES[DEFAULT_SIZE]);

  copy.addEventListener('click', () => {
    const text = code.value;
    // Without the clipboard (an older browser, a frame not allowed it), the text is selected to copy by hand.
    const byHand = () => {
      code.focus();
      code.select();
      status.textContent = t('embed.copyByHand', { keys: COPY_KEYS });
    };
    if (!navigator.clipboard) {
      byHand();
      return;
    }
    navigator.clipboard.writeText(text).then(() => {
      status.textContent = t('embed.copied');
    }, byHand);
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  code.focus();
  code.select();
  return dialog;
}

function sizeLabel(size: EmbedSize): string {
  if (size.kind === 'responsive') return t('embed.sizeResponsive');
  return t('embed.sizeFixed', { width: translator().digits(size.width), height: translator().digits(size.height) });
}
