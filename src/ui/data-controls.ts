import { EXPORT_FORMATS, type ExportFormat } from '../data/export/stream';
import type { DatasetProblem } from '../data/types';
import { formatCount, t, translator } from '../i18n/page-language';
import { sayProblem } from '../i18n/problems';
import { el } from './dom';
import { MenuButton } from './menu-button';

export interface DataControlsOptions {
  onOpenFile: (file: File) => void;
  onExport: (format: ExportFormat) => void;
}

/** A file to save, written as its chunks come. */
export interface ExportJob {
  filename: string;
  /** Its MIME type. */
  type: string;
  /** The format's name, for the dialog and the progress: "GeoJSON". */
  label: string;
  /** How many incidents it holds, for the progress. */
  count: number;
  /** The file's bytes; `onBatch` hears how many incidents have been written so far. */
  chunks: (onBatch: (done: number) => void) => AsyncIterable<Uint8Array<ArrayBuffer>>;
}

/** `showSaveFilePicker` (Chromium), which TypeScript's DOM types do not have yet. */
type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

/**
 * Where an export goes: the file the reader picks, written as it comes, where
 * the browser offers that; otherwise null, and it is downloaded. A browser
 * driven by a program (navigator.webdriver: the tests) downloads too, as no
 * one can answer its dialog (headless Chromium refuses it at once, as if cancelled).
 */
async function pickFile(job: ExportJob): Promise<FileSystemWritableFileStream | 'cancelled' | null> {
  const picker = (window as Window & { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (!picker || navigator.webdriver) return null;
  const extension = job.filename.slice(job.filename.lastIndexOf('.'));
  try {
    const handle = await picker({
      suggestedName: job.filename,
      types: [{ description: job.label, accept: { [job.type]: [extension] } }],
    });
    return await handle.createWritable();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
    // Refused (no user activation left, a policy): the download still works.
    return null;
  }
}

/** Saves a Blob through the browser's download, then lets the URL go. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface DatasetSummary {
  name: string;
  loaded: number;
  problems: readonly DatasetProblem[];
  /** How it was read, e.g. "CSV, UCDP GED layout". */
  how: string;
  /** A bundle's rows: its count is "in the bundle", not "loaded". */
  bundle?: boolean;
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
  /** A share as the page's language writes it: 45%, ۴۵٪. */
  readonly #percent = new Intl.NumberFormat(translator().locale, { style: 'percent' });
  #onCancel: (() => void) | null = null;
  /** Stops the export under way, if any. */
  #cancelExport: (() => void) | null = null;

  constructor(options: DataControlsOptions) {
    const input = el('input', {
      type: 'file',
      accept: '.geojson,.json,.csv,.tsv,.txt,.parquet,.geoparquet',
      class: 'visually-hidden',
      id: 'open-file',
      'aria-label': t('open.fileLabel'),
      tabindex: '-1',
    });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) options.onOpenFile(file);
      input.value = '';
    });
    const open = el('button', { type: 'button', class: 'tool' }, t('open.button'));
    open.addEventListener('click', () => input.click());
    // One Export button opens the formats: the header keeps its one row on a narrower screen.
    const exports = new MenuButton({ id: 'export-menu', label: t('export.menu'), buttonClass: 'export-button' });
    for (const format of ['geojson', 'csv', 'geoparquet'] as const) {
      const { label } = EXPORT_FORMATS[format];
      exports.add(t('export.button', { format: label }), () => options.onExport(format), {
        title: t('export.title', { format: label }),
      });
    }

    this.#progress = el('progress', { class: 'load-progress', 'aria-label': t('progress.loading') });
    this.#progress.hidden = true;
    // What is happening, in words beside the bar (the bar itself tells assistive technology).
    this.#progressLabel = el('span', { class: 'load-progress-label', 'aria-hidden': 'true' });
    this.#progressLabel.hidden = true;
    this.#cancel = el('button', { type: 'button', class: 'link-button load-cancel' }, t('progress.cancel'));
    this.#cancel.hidden = true;
    this.#cancel.addEventListener('click', () => this.#onCancel?.());
    this.#status = el('span', { class: 'dataset-status', role: 'status' });
    this.#detailsButton = el('button', { type: 'button', class: 'link-button' }, t('open.details'));
    this.#detailsButton.hidden = true;

    this.#dialogBody = el('div', { class: 'report-body' });
    const close = el('button', { type: 'button', class: 'tool' }, t('open.close'));
    this.#dialog = el(
      'dialog',
      { class: 'report-dialog', 'aria-labelledby': 'report-title' },
      el('h2', { id: 'report-title' }, t('open.reportTitle')),
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
      el('span', { class: 'tools' }, input, open, exports.element),
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
    this.#cancel.setAttribute('aria-label', t('progress.cancelLabel', { task: label }));
    const said = detail ? t('progress.withDetail', { task: label, detail }) : label;
    this.#progress.hidden = false;
    if (fraction === null) this.#progress.removeAttribute('value');
    else this.#progress.value = fraction;
    this.#progress.setAttribute('aria-valuetext', said);
    this.#progress.title = said;
    this.#progressLabel.hidden = false;
    const done =
      fraction === null
        ? t('progress.working', { task: label })
        : t('progress.percent', { task: label, percent: this.#percent.format(Math.round(fraction * 100) / 100) });
    this.#progressLabel.textContent = detail ? `${done} · ${detail}` : done;
  }

  /**
   * Writes an export to the file the reader picks (as it comes, with progress
   * and Cancel), or, where the browser cannot, downloads it. Chunks become Blobs
   * one by one, which the browser keeps (on disk when large), so the page never
   * holds the file. A second export cancels the first. Rejects when writing fails.
   */
  async save(job: ExportJob): Promise<void> {
    this.#cancelExport?.();
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
    };
    this.#cancelExport = cancel;
    const target = await pickFile(job);
    if (target === 'cancelled' || cancelled) {
      if (target !== 'cancelled' && target) await target.abort();
      return;
    }
    const label = t('export.progress', { format: job.label });
    const onBatch = (done: number) => {
      if (!cancelled) this.progress(job.count > 0 ? done / job.count : null, label, cancel);
    };
    onBatch(0);
    this.element.dataset.exporting = job.label;
    const parts: Blob[] = [];
    try {
      for await (const chunk of job.chunks(onBatch)) {
        if (cancelled) break;
        if (target) await target.write(chunk);
        else parts.push(new Blob([chunk]));
      }
      if (target && cancelled) await target.abort();
      else if (target) await target.close();
      else if (!cancelled) download(new Blob(parts, { type: job.type }), job.filename);
    } catch (error) {
      // Leaves no half-written file behind.
      await target?.abort().catch(() => {});
      throw error;
    } finally {
      if (this.#cancelExport === cancel) {
        this.#cancelExport = null;
        delete this.element.dataset.exporting;
        this.done();
      }
    }
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
    const parts = [t(summary.bundle ? 'open.inBundle' : 'open.loaded', { count: summary.loaded })];
    if (skipped.length > 0) parts.push(t('open.skipped', { count: skipped.length }));
    if (warnings.length > 0) parts.push(t('open.warnings', { count: warnings.length }));
    const comma = t('app.comma');
    this.#status.textContent = parts.join(comma);
    this.#detailsButton.hidden = summary.problems.length === 0;
    this.#detailsButton.setAttribute('aria-label', t('open.detailsLabel'));

    const section = (heading: string, problems: readonly DatasetProblem[]) =>
      problems.length === 0
        ? []
        : [
            el('h3', {}, t(heading, { count: formatCount(problems.length) })),
            el('ol', { class: 'problem-list' }, ...problems.slice(0, 2000).map((p) => el('li', {}, sayProblem(p)))),
            ...(problems.length > 2000
              ? [el('p', {}, t('open.more', { count: formatCount(problems.length - 2000) }))]
              : []),
          ];
    this.#dialogBody.replaceChildren(
      el('p', {}, t('open.report', { name: summary.name, how: summary.how, counts: parts.join(comma) })),
      ...section('open.skippedHeading', skipped),
      ...section('open.warningsHeading', warnings),
    );
  }
}
