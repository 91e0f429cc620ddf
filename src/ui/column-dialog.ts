import { type ColumnMapping, cell, type LayoutGuess, type Row } from '../data/import/table/detect-layout';
import { cut, SHOWN_CHARS } from '../data/text/quote';
import { t } from '../i18n/page-language';
import { el } from './dom';

/** Each field, its label's message key `columns.<key>`. */
const FIELDS: { key: keyof ColumnMapping; required: boolean }[] = [
  { key: 'date', required: true },
  { key: 'dateEnd', required: false },
  { key: 'lat', required: true },
  { key: 'lon', required: true },
  { key: 'title', required: false },
  { key: 'category', required: false },
];

/**
 * Asks which columns of a table hold the date, latitude, longitude, title and
 * category, showing its first rows. Resolves null when the user cancels.
 */
export function chooseColumns(
  headers: readonly string[],
  preview: readonly Row[],
  guess: LayoutGuess,
  signal?: AbortSignal,
): Promise<ColumnMapping | null> {
  return new Promise((resolve) => {
    const selects = new Map<keyof ColumnMapping, HTMLSelectElement>();
    const rows = FIELDS.map((field) => {
      const select = el('select', { id: `column-${field.key}`, name: field.key });
      select.append(el('option', { value: '' }, t(field.required ? 'columns.choose' : 'columns.none')));
      for (const header of headers) select.append(el('option', { value: header }, cut(header, SHOWN_CHARS.name)));
      const guessed = guess.mapping?.[field.key];
      if (typeof guessed === 'string') select.value = guessed;
      if (field.required) select.required = true;
      selects.set(field.key, select);
      return el('p', { class: 'column-field' }, el('label', { for: select.id }, t(`columns.${field.key}`)), select);
    });
    const table = el(
      'table',
      { class: 'column-preview' },
      el('caption', {}, t('columns.preview', { count: preview.length })),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, cut(h, SHOWN_CHARS.name))))),
      el(
        'tbody',
        {},
        ...preview.map((row) => el('tr', {}, ...headers.map((h) => el('td', {}, cut(cell(row, h), SHOWN_CHARS.name))))),
      ),
    );
    const cancel = el('button', { type: 'button', class: 'tool' }, t('columns.cancel'));
    const submit = el('button', { type: 'submit', class: 'tool primary' }, t('columns.open'));
    const form = el(
      'form',
      { method: 'dialog' },
      el('h2', { id: 'column-dialog-title' }, t('columns.heading')),
      el('p', {}, t('columns.intro')),
      ...rows,
      el('div', { class: 'column-preview-wrap' }, table),
      el('p', { class: 'dialog-actions' }, cancel, submit),
    );
    const dialog = el('dialog', { class: 'column-dialog', 'aria-labelledby': 'column-dialog-title' }, form);
    document.body.append(dialog);
    const done = (mapping: ColumnMapping | null) => {
      dialog.close();
      dialog.remove();
      resolve(mapping);
    };
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', () => done(null));
    // Another file opened, or Cancel pressed, while the dialog is open.
    signal?.addEventListener('abort', () => done(null), { once: true });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (key: keyof ColumnMapping) => selects.get(key)?.value || undefined;
      const date = value('date');
      const lat = value('lat');
      const lon = value('lon');
      if (!date || !lat || !lon) return;
      done({ date, lat, lon, dateEnd: value('dateEnd'), title: value('title'), category: value('category') });
    });
    dialog.showModal();
  });
}
