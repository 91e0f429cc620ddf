import { describeProblem } from '../data/import/validate';
import type { DatasetProblem } from '../data/types';
import { el, formatCount } from './dom';

export interface DataControlsOptions {
  onOpenFile: (file: File) => void;
  onExport: (format: 'geojson' | 'csv') => void;
}

export interface DatasetSummary {
  name: string;
  loaded: number;
  problems: readonly DatasetProblem[];
  /** How it was read, e.g. "CSV, UCDP GED layout". */
  how: string;
}

/**
 * The header's data controls: open a file, export what is revealed, the progress
 * of a load, and what the last load kept and skipped, with a dialog listing each
 * skipped row or feature and its reason.
 */
export class DataControls {
  readonly element: HTMLElement;
  readonly #status: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #dialog: HTMLDialogElement;
  readonly #dialogBody: HTMLElement;
  readonly #detailsButton: HTMLButtonElement;
  readonly #progressLabel: HTMLElement;
  readonly #cancel: HTMLButtonElement;
  #onCancel: (() => void) | null = null;

  constructor(options: DataControlsOptions) {
    const input = el('input', {
      type: 'file',
      accept: '.geojson,.json,.csv,.tsv,.txt',
      class: 'visually-hidden',
      id: 'open-file',
      'aria-label': 'Open a dataset file (GeoJSON, CSV or TSV)',
      tabindex: '-1',
    });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) options.onOpenFile(file);
      input.value = '';
    });
    const open = el('button', { type: 'button', class: 'tool' }, 'Open data…');
    open.addEventListener('click', () => input.click());
    const exportGeoJSON = el(
      'button',
      { type: 'button', class: 'tool', title: 'Download the revealed incidents as GeoJSON' },
      'Export GeoJSON',
    );
    exportGeoJSON.addEventListener('click', () => options.onExport('geojson'));
    const exportCSV = el(
      'button',
      { type: 'button', class: 'tool', title: 'Download the revealed incidents as CSV' },
      'Export CSV',
    );
    exportCSV.addEventListener('click', () => options.onExport('csv'));

    this.#progress = el('progress', { class: 'load-progress', 'aria-label': 'Loading dataset' });
    this.#progress.hidden = true;
    // What is happening, in words beside the bar (the bar itself tells assistive technology).
    this.#progressLabel = el('span', { class: 'load-progress-label', 'aria-hidden': 'true' });
    this.#progressLabel.hidden = true;
    this.#cancel = el('button', { type: 'button', class: 'link-button load-cancel' }, 'Cancel');
    this.#cancel.hidden = true;
    this.#cancel.addEventListener('click', () => this.#onCancel?.());
    this.#status = el('span', { class: 'dataset-status', role: 'status' });
    this.#detailsButton = el('button', { type: 'button', class: 'link-button' }, 'Details');
    this.#detailsButton.hidden = true;

    this.#dialogBody = el('div', { class: 'report-body' });
    const close = el('button', { type: 'button', class: 'tool' }, 'Close');
    this.#dialog = el(
      'dialog',
      { class: 'report-dialog', 'aria-labelledby': 'report-title' },
      el('h2', { id: 'report-title' }, 'What was read'),
      this.#dialogBody,
      el('form', { method: 'dialog' }, close),
    );
    close.addEventListener('click', () => this.#dialog.close());
    this.#detailsButton.addEventListener('click', () => this.#dialog.showModal());

    this.element = el(
      'div',
      { class: 'data-controls' },
      el('span', { class: 'dataset-line' }, this.#status, ' ', this.#detailsButton),
      this.#progressLabel,
      this.#progress,
      this.#cancel,
      el('span', { class: 'tools' }, input, open, exportGeoJSON, exportCSV),
      this.#dialog,
    );
  }

  /**
   * Shows progress: a fraction from 0 to 1, null for "working, size unknown";
   * with `onCancel`, a Cancel button beside it calls that.
   */
  /** `detail`: bytes, rows and time left, shown after the label and in the bar's tooltip. */
  progress(fraction: number | null, label: string, onCancel: (() => void) | null = null, detail = ''): void {
    this.#onCancel = onCancel;
    this.#cancel.hidden = onCancel === null;
    this.#cancel.setAttribute('aria-label', `Cancel: ${label}`);
    this.#progress.hidden = false;
    if (fraction === null) this.#progress.removeAttribute('value');
    else this.#progress.value = fraction;
    this.#progress.setAttribute('aria-valuetext', detail ? `${label}: ${detail}` : label);
    this.#progress.title = detail ? `${label}: ${detail}` : label;
    this.#progressLabel.hidden = false;
    const done = fraction === null ? `${label}…` : `${label} ${Math.round(fraction * 100)}%`;
    this.#progressLabel.textContent = detail ? `${done} · ${detail}` : done;
  }

  done(): void {
    this.#onCancel = null;
    this.#cancel.hidden = true;
    this.#progress.hidden = true;
    this.#progressLabel.hidden = true;
  }

  summarise(summary: DatasetSummary): void {
    const skipped = summary.problems.filter((p) => p.skipped);
    const warnings = summary.problems.filter((p) => !p.skipped);
    const parts = [`${formatCount(summary.loaded)} incident${summary.loaded === 1 ? '' : 's'} loaded`];
    if (skipped.length > 0) parts.push(`${formatCount(skipped.length)} skipped`);
    if (warnings.length > 0) parts.push(`${formatCount(warnings.length)} warning${warnings.length === 1 ? '' : 's'}`);
    this.#status.textContent = parts.join(', ');
    this.#detailsButton.hidden = summary.problems.length === 0;
    this.#detailsButton.setAttribute('aria-label', 'Details of skipped rows and warnings');

    const section = (title: string, problems: readonly DatasetProblem[]) =>
      problems.length === 0
        ? []
        : [
            el('h3', {}, `${title} (${formatCount(problems.length)})`),
            el(
              'ol',
              { class: 'problem-list' },
              ...problems.slice(0, 2000).map((p) => el('li', {}, describeProblem(p))),
            ),
            ...(problems.length > 2000 ? [el('p', {}, `…and ${formatCount(problems.length - 2000)} more.`)] : []),
          ];
    this.#dialogBody.replaceChildren(
      el('p', {}, `${summary.name}: ${summary.how}. ${parts.join(', ')}.`),
      ...section('Skipped', skipped),
      ...section('Loaded with a warning', warnings),
    );
  }
}
