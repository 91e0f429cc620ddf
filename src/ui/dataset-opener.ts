import { isManifestUrl } from '../data/bundle/manifest';
import type { PackedDataset } from '../data/pack/packed-types';
import { DataError } from '../data/text/messages';
import { DatasetLoadError, LoadCancelled, type LoadedDataset, loadDataset } from '../data/worker/dataset-loader';
import type { LoadPhase } from '../data/worker/protocol';
import { layoutWord } from '../i18n/data-words';
import { t } from '../i18n/page-language';
import { sayLoadError, sayProblem } from '../i18n/problems';
import { chooseColumns } from './column-dialog';
import type { DataControls } from './data-controls';
import { progressDetail } from './load-progress';
import type { Messages } from './messages';
import type { OpenedBundle } from './opened-bundle';

/** Where a dataset comes from: a URL (`name` is how the link wrote it) or a file. */
export type DataSource = { url: string; name: string } | { file: File; name?: string };

/** How a load ended: shown, failed (a message said why), or cancelled (by Cancel or another file). */
export type OpenOutcome = 'opened' | 'failed' | 'cancelled';

export interface DatasetOpenerOptions {
  controls: DataControls;
  messages: Messages;
  placesUrl: string;
  /** Shows a dataset read (replacing the one on screen), or a bundle's first rows; resolves once it is drawn. */
  show: (dataset: PackedDataset, fromLink: boolean, bundle?: OpenedBundle) => Promise<void>;
  /**
   * Opens a bundle's manifest (a link ending in manifest.json, see docs/scale-out.md); rejects with
   * an Error saying why not. `progress` says what it is doing, given the bundle's name ("Fetching 1 Jun 2024 of {name}").
   */
  openBundle?: (
    url: string,
    signal: AbortSignal,
    progress: (doing: (name: string) => string) => void,
  ) => Promise<OpenedBundle>;
  /** Whether a dataset is on screen. */
  hasDataset: () => boolean;
  /** Called with true when a load starts and false when the last one under way ends. */
  busy: (busy: boolean) => void;
  /** Opened when a load ends with nothing on screen and no other load under way (the embedded dataset). */
  fallback?: DataSource;
}

/** Each phase's message, given the dataset's name: "Reading {name}". */
const PHASES: Record<LoadPhase, string> = {
  reading: 'progress.reading',
  parsing: 'progress.parsing',
  checking: 'progress.checking',
  indexing: 'progress.indexing',
};

/**
 * Opens datasets one at a time: each load shows its progress and a Cancel
 * button; opening another cancels the one under way; whatever happens, the
 * dataset on screen stays until a new one is ready to replace it.
 */
export class DatasetOpener {
  readonly #options: DatasetOpenerOptions;
  /** The load whose progress is shown, until it is drawn or ends. */
  #current: { controller: AbortController; name: string } | null = null;
  #underWay = 0;
  /** Settles when the dataset being drawn is (see open). */
  #drawing: Promise<void> = Promise.resolve();

  constructor(options: DatasetOpenerOptions) {
    this.#options = options;
  }

  /** Whether a load is under way. */
  get loading(): boolean {
    return this.#underWay > 0;
  }

  /** Cancels the load under way, if any: the dataset on screen stays. */
  cancel(): void {
    this.#current?.controller.abort('cancel');
  }

  /**
   * Reads `source` and shows it. `fromLink`: it is what the page's address asks
   * for, so the address and its hash are kept; a file the reader opened drops
   * any `?data=` from the address (a local file cannot be linked to).
   */
  async open(source: DataSource, fromLink: boolean): Promise<OpenOutcome> {
    const outcome = await this.#open(source, fromLink);
    // Nothing on screen and nothing coming: the embedded dataset, unless it is what failed.
    const { fallback } = this.#options;
    if (
      outcome !== 'opened' &&
      this.#underWay === 0 &&
      !this.#options.hasDataset() &&
      fallback &&
      source !== fallback
    ) {
      this.#options.messages.show(t('open.embeddedInstead'));
      await this.open(fallback, true);
    }
    return outcome;
  }

  async #open(source: DataSource, fromLink: boolean): Promise<OpenOutcome> {
    const { controls, messages } = this.#options;
    this.#current?.controller.abort('replaced');
    const controller = new AbortController();
    const name = 'file' in source ? (source.name ?? source.file.name) : source.name;
    const load = { controller, name };
    this.#current = load;
    if (this.#underWay++ === 0) this.#options.busy(true);
    // Benchmarks measure the main thread from here: the dataset loading, not the page starting.
    performance.mark('atlas-load-start');
    const shown = () => this.#current === load;
    const stays = (said: string) => (this.#options.hasDataset() ? `${said} ${t('open.stays')}` : said);
    controls.progress(null, t('progress.opening', { name }), () => this.cancel());
    const began = performance.now();
    let bundle: OpenedBundle | undefined;
    try {
      const { openBundle } = this.#options;
      if ('url' in source && openBundle && isManifestUrl(source.url)) {
        bundle = await openBundle(source.url, controller.signal, (doing) => {
          if (shown()) controls.progress(null, doing(name), () => this.cancel());
        }).catch((error: Error) => {
          throw controller.signal.aborted
            ? new LoadCancelled('Opening was cancelled.')
            : new DatasetLoadError(error.message, error instanceof DataError ? error.text : undefined);
        });
      }
      const loaded: LoadedDataset | null = bundle
        ? null
        : await loadDataset(
            'file' in source ? { file: source.file } : source,
            this.#options.placesUrl,
            {
              onProgress: (fraction, phase, detail) => {
                if (!shown()) return;
                // Bytes, rows and time left while the file is read; the later phases are quick.
                const words =
                  detail.loaded > 0 ? progressDetail({ ...detail, elapsedMs: performance.now() - began }) : '';
                controls.progress(fraction, t(PHASES[phase], { name }), () => this.cancel(), words);
              },
              chooseColumns,
            },
            controller.signal,
          );
      const dataset = loaded?.dataset ?? (bundle as OpenedBundle).dataset;
      const problems = loaded?.problems ?? [];
      // A bundle's rows are those of the days shown: there may be none yet.
      if (dataset.incidents.count === 0 && !bundle) {
        dataset.texts?.close();
        const first = problems[0];
        messages.show(
          stays(first ? t('open.noneReadBecause', { name, problem: sayProblem(first) }) : t('open.noneRead', { name })),
        );
        return 'failed';
      }
      if (dataset.name === 'Incidents') dataset.name = name;
      // From here the load cannot be taken back; another file opened meanwhile replaces it once drawn.
      if (shown()) controls.progress(null, t('progress.drawing', { name }), null);
      // One dataset is drawn at a time: a load that was replaced while it waited its turn is not.
      const previous = this.#drawing;
      let drawn = () => {};
      this.#drawing = new Promise<void>((resolve) => {
        drawn = resolve;
      });
      try {
        await previous;
        if (!shown()) {
          dataset.texts?.close();
          bundle?.close();
          return 'cancelled';
        }
        try {
          await this.#options.show(dataset, fromLink, bundle);
        } catch (error) {
          // Not shown: its worker, which kept its text, goes too.
          dataset.texts?.close();
          bundle?.close();
          throw error;
        }
      } finally {
        drawn();
      }
      // Replaced while it was drawn: what it read is not reported over the dataset that replaced it.
      if (!shown()) return 'opened';
      const skipped = problems.filter((p) => p.skipped).length;
      controls.summarise(
        loaded
          ? {
              name,
              loaded: dataset.incidents.count,
              problems,
              how: loaded.layout ? `${loaded.format}${t('app.comma')}${layoutWord(loaded.layout)}` : loaded.format,
            }
          : {
              name,
              loaded: (bundle as OpenedBundle).manifest.rows,
              problems,
              how: t('bundle.how'),
              bundle: true,
            },
      );
      if (skipped > 0) {
        messages.show(
          t(loaded?.format === 'GeoJSON' ? 'open.skippedFeatures' : 'open.skippedRows', { count: skipped }),
        );
      }
      if (!fromLink) {
        const search = new URLSearchParams(location.search);
        search.delete('data');
        const query = search.toString();
        history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
      }
      return 'opened';
    } catch (error) {
      if (error instanceof LoadCancelled) {
        if (controller.signal.reason === 'cancel') messages.show(stays(t('open.cancelled', { name })), 'info');
        return 'cancelled';
      }
      const reason =
        error instanceof DatasetLoadError ? sayLoadError(error) : t('open.failed', { error: (error as Error).message });
      messages.show(stays(reason));
      return 'failed';
    } finally {
      if (shown()) {
        this.#current = null;
        controls.done();
      }
      if (--this.#underWay === 0) this.#options.busy(false);
    }
  }
}
