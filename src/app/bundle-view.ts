// A bundle on the page (docs/scale-out.md): its manifest read in the bundle worker gives the outline
// (timeline, histogram, totals, facets) at once; then the rows of the days shown are fetched as the
// timeline moves (the window, or the zoomed axis in cumulative mode), a fetch no longer needed is
// stopped, and past the row budget the histogram is shown alone with a note. Part of the shell: it
// drives the explorer through setDataset's outline and replaceIncidents, and says what it holds in
// a status line over the map.

import { bundleOutline, type DatasetOutline } from '../analysis/outline';
import { DEFAULT_TIME_VIEW } from '../analysis/time-window';
import {
  BYTE_BUDGET,
  bundleDays,
  chooseFetch,
  covers,
  type DayRange,
  daysShown,
  type FetchChoice,
  ROW_BUDGET,
  type ShownView,
} from '../data/bundle/fetch-choice';
import { type BundleNames, bundleNames, noRows, packBundleRows } from '../data/bundle/pack-rows';
import { dayNumber } from '../data/dates/incident-date';
import type { PackedDataset } from '../data/pack/packed-types';
import type { TextReader } from '../data/store/text-reader';
import { BundleClient, RowsCancelled, type RowsRead } from '../data/worker/bundle-client';
import { formatCount, t } from '../i18n/page-language';
import { sayLoadError } from '../i18n/problems';
import { BundleStatus, bytesText, daysText } from '../ui/bundle-status';
import type { Messages } from '../ui/messages';
import type { BundleHost, BundleViewState, OpenedBundle } from '../ui/opened-bundle';
import { type LinkState, parseHash } from '../url/hash';

/** A change of the view waits this long for the next before its rows are fetched: a window dragged fetches once it rests. */
const SETTLE_MS = 120;

/** Text readers for rows that have none (none fetched): nothing to read, nothing found. */
const NO_TEXTS: TextReader = { read: async () => [], search: async () => null, close: () => {} };

/**
 * Opens the bundle whose manifest is at `url` and fetches the rows of the days the page's link
 * shows (none past the row budget). Rejects with RowsCancelled when `signal` aborts, or with an
 * Error whose message says why the bundle cannot be opened.
 */
export async function openBundleLink(
  url: string,
  options: { signal?: AbortSignal; onProgress?: (doing: (name: string) => string) => void } = {},
): Promise<OpenedBundle> {
  options.onProgress?.((name) => t('bundle.readingManifest', { name }));
  const client = await BundleClient.open(url, options.signal);
  try {
    const view = new BundleView(client);
    const dataset = await view.first(parseHash(location.hash).link, options);
    const outline = view.outline;
    outline.release = () => view.close();
    return {
      manifest: client.manifest,
      dataset: { ...dataset, fingerprint: client.fingerprint },
      outline,
      follow: (host, map, messages) => view.follow(host, map, messages),
      close: () => view.close(),
    };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** Why the days shown are the histogram alone, and what to do about it. */
export function tooManyText(choice: Extract<FetchChoice, { kind: 'too-many' }>): string {
  const count = formatCount(choice.starting);
  if (choice.bytes > BYTE_BUDGET) {
    return t('bundle.tooManyBytes', { count, bytes: bytesText(choice.bytes), budget: bytesText(BYTE_BUDGET) });
  }
  if (choice.rows > choice.starting * 1.1) {
    return t('bundle.tooManyRows', { count, rows: formatCount(choice.rows), budget: formatCount(ROW_BUDGET) });
  }
  return t('bundle.tooMany', { count, budget: formatCount(ROW_BUDGET) });
}

/** Follows the timeline of a bundle on screen, fetching the rows of the days it shows. */
class BundleView {
  readonly outline: DatasetOutline;
  readonly #client: BundleClient;
  readonly #names: BundleNames;
  readonly #whole: DayRange;
  readonly #status = new BundleStatus();
  #host: BundleHost | null = null;
  #messages: Messages | null = null;
  #unsubscribe: () => void = () => {};
  /** The days whose rows are on screen; null when none are (too many, or a failure). */
  #held: DayRange | null = null;
  /** The days shown when none could be held, and why: not asked again until the days shown change. */
  #settled: { shown: DayRange; failure: string | null } | null = null;
  /** The fetch under way (or waiting for the view to settle). */
  #reading: { range: DayRange; controller: AbortController; timer: ReturnType<typeof setTimeout> } | null = null;
  #closed = false;

  constructor(client: BundleClient) {
    this.#client = client;
    this.#names = bundleNames(client.manifest);
    this.outline = bundleOutline(client.manifest, this.#names);
    this.#whole = bundleDays(client.manifest);
  }

  /** The rows of the days the link shows (its mode, window, date and zoom), or none past the budget or on a failure. */
  async first(
    link: LinkState,
    options: { signal?: AbortSignal; onProgress?: (doing: (name: string) => string) => void },
  ) {
    const view: ShownView = {
      mode: link.mode ?? 'cumulative',
      windowDays: link.window ?? DEFAULT_TIME_VIEW.windowDays,
      date: dayNumber(link.date ?? this.outline.lastDay),
      span: link.span ? [dayNumber(link.span[0]), dayNumber(link.span[1])] : null,
    };
    const shown = daysShown(view, this.#whole);
    const choice = chooseFetch(this.#client.manifest, shown, null);
    if (choice.kind !== 'fetch') return this.#none(shown, choice, null);
    const days = daysText(choice.from, choice.to);
    options.onProgress?.((name) => t('bundle.fetchingOf', { days, name }));
    try {
      const read = await this.#client.rows(choice.from, choice.to, options.signal);
      this.#hold(read);
      return read.dataset;
    } catch (error) {
      if (error instanceof RowsCancelled) throw error;
      return this.#none(shown, choice, sayLoadError(error as Error));
    }
  }

  follow(host: BundleHost, map: HTMLElement, messages: Messages): void {
    if (this.#closed) return;
    this.#host = host;
    this.#messages = messages;
    map.append(this.#status.element);
    this.#unsubscribe = host.on('change', (state) => this.#viewChanged(state));
    this.#showState();
    if (this.#settled?.failure) messages.show(this.#settled.failure);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#stopReading();
    this.#status.remove();
    this.#client.close();
  }

  #viewChanged(state: BundleViewState): void {
    if (this.#closed) return;
    const view: ShownView = {
      mode: state.time.mode,
      windowDays: state.time.windowDays,
      date: dayNumber(state.date),
      span: state.span ? [dayNumber(state.span[0]), dayNumber(state.span[1])] : null,
    };
    const shown = daysShown(view, this.#whole);
    if (covers(this.#held, shown)) {
      this.#stopReading();
      this.#showState();
      return;
    }
    if (this.#reading && covers(this.#reading.range, shown)) return;
    if (this.#settled && this.#settled.shown.from === shown.from && this.#settled.shown.to === shown.to) return;
    this.#stopReading();
    const choice = chooseFetch(this.#client.manifest, shown, this.#held);
    if (choice.kind === 'fetch') this.#read({ from: choice.from, to: choice.to }, choice.rows);
    else this.#replace(this.#none(shown, choice, null));
  }

  /** Fetches the rows of `range` once the view has rested, then shows them. */
  #read(range: DayRange, rows: number): void {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const read = await this.#client.rows(range.from, range.to, controller.signal);
        if (this.#reading?.controller !== controller) {
          read.dataset.texts?.close();
          return;
        }
        this.#reading = null;
        this.#hold(read);
        this.#replace(read.dataset);
      } catch (error) {
        if (error instanceof RowsCancelled || this.#reading?.controller !== controller) return;
        this.#reading = null;
        this.#replace(this.#none(range, { kind: 'fetch', ...range, rows }, sayLoadError(error as Error)));
        this.#messages?.show(this.#settled?.failure ?? sayLoadError(error as Error));
      }
    }, SETTLE_MS);
    this.#reading = { range, controller, timer };
    this.#status.show('reading', t('bundle.fetching', { days: daysText(range.from, range.to) }), {
      from: range.from,
      to: range.to,
    });
  }

  #stopReading(): void {
    if (!this.#reading) return;
    clearTimeout(this.#reading.timer);
    this.#reading.controller.abort();
    this.#reading = null;
  }

  #hold(read: RowsRead): void {
    this.#held = { from: read.from, to: read.to };
    this.#settled = null;
    this.#lastRead = read;
    this.outline.note = null;
  }
  #lastRead: RowsRead | null = null;

  /** No rows for the days shown: too many to fetch, or the fetch failed (`failure`, its reason). */
  #none(shown: DayRange, choice: FetchChoice, failure: string | null): PackedDataset {
    this.#held = null;
    this.#lastRead = null;
    const why = failure
      ? t('bundle.fetchFailed', { days: daysText(shown.from, shown.to), error: failure })
      : choice.kind === 'too-many'
        ? tooManyText(choice)
        : '';
    this.#settled = { shown, failure: failure ? why : null };
    this.outline.note = why;
    const empty = packBundleRows(noRows(), this.#names, {
      name: this.#client.manifest.name,
      attribution: this.#client.manifest.attribution,
    });
    return { ...empty, texts: NO_TEXTS };
  }

  #replace(dataset: PackedDataset): void {
    if (!this.#host || this.#closed) {
      dataset.texts?.close();
      return;
    }
    this.#host.replaceIncidents(dataset);
    this.#showState();
  }

  /** The status line: what is held and what it cost, or why nothing is. */
  #showState(): void {
    const read = this.#lastRead;
    if (this.#held && read) {
      const { requests, bytes, held } = read.fetched;
      const cost =
        requests > 0
          ? t('bundle.requests', { count: requests, bytes: bytesText(bytes) })
          : held > 0
            ? t('bundle.held')
            : t('bundle.nothing');
      this.#status.show(
        'read',
        t('bundle.read', {
          count: read.dataset.incidents.count,
          days: daysText(read.from, read.to),
          cost,
        }),
        { from: read.from, to: read.to, requests, bytes, rows: read.dataset.incidents.count },
      );
    } else if (this.#settled) {
      this.#status.show(this.#settled.failure ? 'failed' : 'too-many', this.outline.note ?? '');
    }
  }
}
