import type { DayColumns } from '../analysis/time-window';
import type { IncidentStore, StoredDataset } from '../data/store/incident-store';
import { cut, SHOWN_CHARS } from '../data/text/quote';
import type { Incident } from '../data/types';
import { formatCount, formatIncidentDate, t } from '../i18n/page-language';
import { canStep, emptyListNote, filterResult, matchingCount, shown, stepped, totalCount } from '../state/selectors';
import type { Action } from '../state/state';
import type { Change, Store } from '../state/store';
import type { EvenSteps } from '../timeline/even-axis';
import { shownText } from './data-text';
import { el } from './dom';
import { FilterPanel } from './filter-panel';
import { IncidentCard } from './incident-card';
import { IncidentDetails } from './incident-details';
import { IncidentList } from './incident-list';
import { TimelineControl } from './timeline-control';
import type { Widget } from './widget';

export interface PageElements {
  map: HTMLElement;
  timeline: HTMLElement;
  panel: HTMLElement;
}

export interface PageViewOptions {
  elements: PageElements;
  store: Store;
  /** Puts focus on the map (an incident chosen there, its details closed). */
  focusMap: () => void;
  /** In an embed: the card over the map stands for the panel, with a link to the full view. */
  embedded: boolean;
  /** Selects an incident by id, saying so when the dataset has no such incident. */
  select: (id: string | null) => void;
}

/** What the page shows a dataset with (see PageView.show). */
export interface PageDataset {
  dataset: StoredDataset;
  colors: ReadonlyMap<string, string>;
  categoryCounts: Uint32Array;
  days: DayColumns;
}

interface Widgets {
  timeline: TimelineControl;
  filters: FilterPanel;
  list: IncidentList;
  details: IncidentDetails;
  card: IncidentCard;
}

/**
 * The page's view of the state: the timeline, the filters, the list, the
 * details and the card over the map, built for each dataset and drawn from
 * each change. What the reader does in them is dispatched to the store; only
 * focus is kept here (where it returns when the details close).
 */
export class PageView {
  readonly #options: PageViewOptions;
  #widgets: Widgets | null = null;
  /** What the widgets on the page were built for (see show). */
  #owner: object | null = null;
  /** Widgets of datasets gone, still on screen until `show` puts the next ones in their place. */
  #retired: Widget[] = [];
  /** Where focus goes back to when the details close: what the incident was chosen from. */
  #chosenFrom: 'list' | 'map' | null = null;
  /** The incident the details and card show. */
  #detailsFor: string | null = null;
  /** In an embed, the link to the same view in the full app, over a corner of the map. */
  readonly #fullView: HTMLAnchorElement | null = null;
  #lastSteps: { kept: Uint32Array | null; incidents: IncidentStore; steps: EvenSteps } | null = null;

  constructor(options: PageViewOptions) {
    this.#options = options;
    // An empty timeline holds its place from before the map is made until the first
    // dataset's own arrives, so the map is made at its size and never resized for it.
    const placeholder = TimelineControl.placeholder();
    options.elements.timeline.replaceChildren(placeholder.element);
    this.#retired.push(placeholder);
    if (options.embedded) {
      this.#fullView = el(
        'a',
        { class: 'embed-full-view', href: fullViewLink(location.href), target: '_blank', rel: 'noopener' },
        t('card.openFull'),
      );
      options.elements.map.append(this.#fullView);
    }
  }

  /** The old dataset's widgets stay on screen until `show` replaces them, but take no more changes. */
  detach(): void {
    this.#owner = null;
    if (!this.#widgets) return;
    const { card, ...rest } = this.#widgets;
    card.destroy();
    this.#retired.push(...Object.values(rest));
    this.#widgets = null;
  }

  /** Builds the widgets for a dataset and puts them on the page. */
  show({ dataset, colors, categoryCounts, days }: PageDataset): void {
    const store = this.#options.store;
    // A dataset's widgets act only while they are the page's: a search or a day still being
    // typed in them when another dataset comes in is dropped, not applied to that one.
    const owner = {};
    this.#owner = owner;
    const dispatch = (action: Action) => {
      if (this.#owner === owner) store.dispatch(action);
    };
    const { incidents } = dataset;
    const { timeline, outline } = store.dataset;
    const { colorGroup, palette } = incidents.packed;
    const { elements, embedded } = this.#options;
    // Looked up in the store on screen: a dataset in outline swaps it (see Explorer.replaceIncidents).
    const current = () => store.dataset.timeline.incidents;
    const timelineControl = new TimelineControl({
      firstDay: timeline.firstDay,
      lastDay: timeline.lastDay,
      days,
      // An outline's incidents change with the days shown: its bars are drawn from it, without ticks.
      ticks: {
        days: outline ? [] : incidents.packed.days.first,
        // Ticks and bars are coloured by colour group: a few, however many categories there are.
        category: colorGroup,
        palette,
        title: (i) => {
          const incident = incidents.get(i);
          return t('page.tickTitle', {
            date: formatIncidentDate(incident.date),
            title: cut(shownText(incident).title, SHOWN_CHARS.title),
          });
        },
      },
      histogram: outline
        ? (range, maxBins) => outline.histogram(range, maxBins, store.state.filter.categories)
        : undefined,
      onScrub: (day) => dispatch({ type: 'scrub', day }),
      onScrubStep: (index) => dispatch({ type: 'scrubStep', index }),
      onAxis: (axis) => dispatch({ type: 'setAxis', axis }),
      onPlayToggle: () => dispatch({ type: store.state.playing ? 'pause' : 'play' }),
      onStep: (direction) => dispatch({ type: 'step', direction }),
      onTimeView: (time) => dispatch({ type: 'setTimeView', time }),
      onZoom: (span) => dispatch({ type: 'setSpan', span }),
    });
    const filters = new FilterPanel({
      categories: incidents.categories,
      categoryCounts,
      countryCounts: incidents.countryCounts(),
      colors,
      actorNames: incidents.packed.actorNames,
      countries: incidents.packed.countries,
      total: outline?.total ?? incidents.length,
      contested: incidents.packed.contested?.length ?? 0,
      // A bundle's rows are fetched for the days shown, without their text: only their titles are searched.
      searchScope: outline ? t('filters.searchFetched') : undefined,
      firstDay: timeline.firstDay,
      lastDay: timeline.lastDay,
      onChange: (filter, cause) => dispatch({ type: 'setFilter', filter, typing: cause === 'typing' }),
      onRange: (from, to, q) => dispatch({ type: 'setRange', from, to, q }),
    });
    const list = new IncidentList({ colors, onSelect: (id) => this.choose(id, 'list') });
    const places = new Map(dataset.places.map((p) => [p.id, p]));
    // The card and the details show the same incident: its text is read back once for both.
    const whole = incidents.textElsewhere ? lastRead((id) => readWhole(current(), id)) : undefined;
    const card = new IncidentCard({
      places,
      incident: (id) => current().byId(id),
      colors,
      onClose: () => dispatch({ type: 'select', id: null }),
      onMore: () => {
        if (embedded) this.#embedDetails(true);
        this.#widgets?.details.focusHeading();
      },
      fullView: embedded ? () => fullViewLink(location.href) : null,
      readWhole: whole,
    });
    elements.map.append(card.element);
    const details = new IncidentDetails({
      places,
      incident: (id) => current().byId(id),
      colors,
      // A related incident may not be held (a bundle's other days): the wiring says so.
      onSelect: (id) => this.#owner === owner && this.#options.select(id),
      linkFor: () => location.href,
      onFocusLeaving: (closedId) => this.#restoreFocus(closedId),
      readWhole: whole,
    });
    elements.timeline.replaceChildren(timelineControl.element);
    elements.panel.replaceChildren(filters.element, details.element, list.element);
    for (const widget of this.#retired) widget.destroy();
    this.#retired = [];
    this.#widgets = { timeline: timelineControl, filters, list, details, card };
  }

  /** Draws a change, and says a step or a selection aloud. */
  readonly render = (change: Change): void => {
    this.draw(change);
    const { type } = change.action;
    if ((type === 'step' || type === 'select') && change.state.cursor !== change.before.cursor) this.#announce(change);
  };

  /** The even axis's steps, the same object while they stay the same (it redraws on a new one). */
  #steps(state: Change['state'], dataset: Change['dataset']): EvenSteps {
    const kept = stepped(state, dataset);
    const { incidents } = dataset.timeline;
    const last = this.#lastSteps;
    if (last && last.kept === kept && last.incidents === incidents) return last.steps;
    const { first } = incidents.packed.days;
    const steps = { kept, count: incidents.length, day: (i: number) => first[i] };
    this.#lastSteps = { kept, incidents, steps };
    return steps;
  }

  draw({ state, dataset }: Pick<Change, 'state' | 'dataset'>): void {
    const widgets = this.#widgets;
    if (!widgets) return;
    const result = filterResult(state, dataset);
    const matching = matchingCount(state, dataset);
    const list = shown(state, dataset);
    const steps = canStep(state, dataset);
    widgets.timeline.update({
      date: state.cursor.date,
      revealedCount: state.cursor.revealedCount,
      total: totalCount(dataset),
      shown: list.count,
      kept: matching,
      playing: state.playing,
      hasNext: steps.next,
      hasPrev: steps.prev,
      time: state.time,
      mask: result.mask,
      span: state.span,
      axis: state.axis,
      steps: this.#steps(state, dataset),
    });
    widgets.filters.update(state.filter, result, { cursorDay: state.cursor.date, span: state.span }, matching);
    const selected = state.cursor.incident;
    const closed = this.#detailsFor;
    const cardHadFocus = widgets.card.element.contains(document.activeElement);
    // The details first: opening or closing them changes the list's height, which it scrolls by.
    widgets.details.render(selected);
    widgets.card.render(selected);
    this.#detailsFor = selected;
    const note = emptyListNote(state, dataset);
    widgets.list.render(dataset.timeline.incidents, list, selected, 'text' in note ? note.text : t(note.key));
    if (selected === null) {
      if (document.body.classList.contains('embed-details')) this.#embedDetails(false);
      if (cardHadFocus) this.#restoreFocus(closed);
    }
  }

  /** The page's link changed: the links to the full view follow. */
  linkChanged(): void {
    this.#fullView?.setAttribute('href', fullViewLink(location.href));
    this.#widgets?.card.updateLink();
  }

  /** How much of the map's lower edge the card covers (phone, embed), CSS pixels. */
  coveredHeight(): number {
    return this.#widgets?.card.coveredHeight() ?? 0;
  }

  /** The date and counts the timeline shows (see TimelineControl.readout). */
  timelineReadout(): { date: string; count: string } {
    return this.#widgets?.timeline.readout() ?? { date: '', count: '' };
  }

  /** The histogram the timeline draws (see TimelineControl.histogramBins). */
  histogram(): { unit: string; bins: { first: string; last: string; count: number }[] } {
    return this.#widgets?.timeline.histogramBins() ?? { unit: 'day', bins: [] };
  }

  /**
   * An incident chosen in the list or on the map: selected, and focus moves to
   * what now shows it (the card over the map when the page shows one, else the
   * details), so the next Tab reaches its sources and Copy link.
   */
  choose(id: string, from: 'list' | 'map'): void {
    const store = this.#options.store;
    store.dispatch({ type: 'select', id });
    if (store.state.cursor.incident !== id) return;
    this.#chosenFrom = from;
    if (from === 'map' && this.#widgets?.card.visible) this.#widgets.card.focusTitle();
    else this.#widgets?.details.focusHeading();
  }

  /** Escape: closes the details (focus returns where the incident was chosen); false if none were open. */
  closeDetails(): boolean {
    const store = this.#options.store;
    if (store.state.cursor.incident === null) return false;
    // An embed's full details close back to its card first.
    if (document.body.classList.contains('embed-details')) {
      this.#embedDetails(false);
      this.#widgets?.card.focusMore();
      return true;
    }
    store.dispatch({ type: 'select', id: null });
    return true;
  }

  #announce({ state, dataset }: Change): void {
    const { incident } = state.cursor;
    const revealed = t('page.revealed', {
      revealed: formatCount(state.cursor.revealedCount),
      total: totalCount(dataset),
    });
    const selected = incident ? dataset.timeline.incidents.byId(incident) : undefined;
    this.#widgets?.timeline.announce(
      selected
        ? t('page.announceSelected', {
            title: shownText(selected).title,
            date: formatIncidentDate(selected.date),
            revealed,
          })
        : revealed,
    );
  }

  /** An embed's full details over the map: while open, what they cover takes no focus and is not read out. */
  #embedDetails(open: boolean): void {
    document.body.classList.toggle('embed-details', open);
    this.#options.elements.map.inert = open;
    this.#options.elements.timeline.inert = open;
  }

  /** The details or card closed while they had focus: it goes back to the map or the list row it came from. */
  #restoreFocus(closedId: string | null): void {
    const from = this.#chosenFrom;
    this.#chosenFrom = null;
    if (from === 'map') this.#options.focusMap();
    else if (!this.#widgets?.list.focusItem(closedId)) this.#widgets?.timeline.focusPlay();
  }
}

/** This page's link without `embed=1`: the same view in the full app. */
function fullViewLink(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  return url.href;
}

/** `read`, answering a repeat of the last id with the same promise (a failure is asked again next time). */
function lastRead<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  let last: { id: string; answer: Promise<T> } | null = null;
  return (id) => {
    if (last?.id === id) return last.answer;
    const answer = read(id);
    last = { id, answer };
    answer.catch(() => {
      if (last?.answer === answer) last = null;
    });
    return answer;
  };
}

/** Incident `id` whole, its long text read back from the dataset worker. */
export async function readWhole(incidents: IncidentStore, id: string): Promise<Incident | undefined> {
  const index = incidents.indexOf(id);
  return index < 0 ? undefined : (await incidents.read([index]))[0];
}
