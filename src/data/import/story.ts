// A dataset's `story` (docs/story.md): ordered steps, each a title, a short
// text and what the explorer shows for it. Each fault is a problem naming the
// part (`story.steps[3].incident`) and only that part is dropped: a step with
// a bad view keeps its text and incident, a step without text is left out, and
// the other steps load. Bounded: at most MAX_STORY_STEPS steps are read. Pure.
import { dayStart } from '../dates/incident-date';
import { type DataText, say } from '../text/messages';
import { describeValueText, quoteValueText } from '../text/quote';
import type { Story, StoryFilter, StoryStep } from '../types';
import { isObject, nonEmptyString, own } from './json';
import { readTranslations } from './translations';

/** The most steps a story may have: a story is read, not browsed, and each step is a card on the page. */
export const MAX_STORY_STEPS = 200;
/** The longest title and text a step (or its translation) may give. */
export const STORY_CHARS = { title: 300, text: 2000 } as const;
/** The longest story title. */
const STORY_TITLE_CHARS = 300;
/** The longest window a step may ask for, in days (the explorer's own limit, see analysis/time-window.ts). */
export const MAX_STEP_WINDOW = 3660;
/** The most names a step's filter may give of one facet (as a link, see url/hash.ts). */
const MAX_FILTER_VALUES = 100;

const STEP_KEYS = ['title', 'text', 'incident', 'date', 'view', 'filter', 'window', 'span', 'translations'];
const FACETS = ['categories', 'countries', 'actors'] as const;

/** Says one fault: the field it is in, what is wrong, and whether the step itself was left out. */
export type StoryReport = (field: string, text: DataText, skipped: boolean) => void;

/**
 * The story a dataset's top-level `story` member gives, or undefined when it
 * has none or none of its steps loads. `ids` are the dataset's incident ids
 * (a step naming another incident loses its incident).
 */
export function readStory(value: unknown, ids: { has(id: string): boolean }, report: StoryReport): Story | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    report('story', say('data.story.notObject', { value: describeValueText(value) }), true);
    return undefined;
  }
  const story: Story = { steps: [] };
  const title = own(value, 'title');
  if (title !== undefined) {
    if (typeof title !== 'string') {
      report('story.title', say('data.story.notText', { value: describeValueText(title) }), false);
    } else if (title.length > STORY_TITLE_CHARS) {
      report('story.title', say('data.story.tooLong', { length: title.length, max: STORY_TITLE_CHARS }), false);
    } else if (title.trim() !== '') story.title = title.trim();
  }
  const titles = readTranslations<{ title?: string }>(own(value, 'translations'), { title: STORY_TITLE_CHARS });
  for (const problem of titles.problems) report(`story.${problem.field}`, problem.text, false);
  if (titles.translations) story.translations = titles.translations;
  const steps = own(value, 'steps');
  if (!Array.isArray(steps)) {
    report('story.steps', say('data.story.noSteps', { value: describeValueText(steps) }), true);
    return undefined;
  }
  if (steps.length > MAX_STORY_STEPS) {
    report('story.steps', say('data.story.tooManySteps', { count: steps.length, max: MAX_STORY_STEPS }), false);
  }
  steps.slice(0, MAX_STORY_STEPS).forEach((item, index) => {
    const step = readStep(item, `story.steps[${index}]`, ids, report);
    if (step) story.steps.push(step);
  });
  return story.steps.length > 0 ? story : undefined;
}

function readStep(
  item: unknown,
  where: string,
  ids: { has(id: string): boolean },
  report: StoryReport,
): StoryStep | null {
  if (!isObject(item)) {
    report(where, say('data.story.stepNotObject', { value: describeValueText(item) }), true);
    return null;
  }
  const texts: Partial<Record<'title' | 'text', string>> = {};
  for (const key of ['title', 'text'] as const) {
    const text = own(item, key);
    const max = STORY_CHARS[key];
    if (!nonEmptyString(text)) {
      const why =
        text === undefined || text === ''
          ? say('data.story.missing', { field: key })
          : say('data.story.notText', { value: describeValueText(text) });
      report(`${where}.${key}`, why, true);
      return null;
    }
    if (text.length > max) {
      report(`${where}.${key}`, say('data.story.tooLong', { length: text.length, max }), true);
      return null;
    }
    texts[key] = text.trim();
  }
  const step: StoryStep = { title: texts.title as string, text: texts.text as string };
  for (const key of Object.keys(item)) {
    if (!STEP_KEYS.includes(key)) {
      const shown = key.length > 40 ? `${key.slice(0, 39)}…` : key;
      report(`${where}.${shown}`, say('data.story.unknownField', { fields: STEP_KEYS.join(', ') }), false);
    }
  }
  const bad = (key: string, text: DataText) => report(`${where}.${key}`, text, false);

  const incident = own(item, 'incident');
  if (incident !== undefined) {
    if (typeof incident !== 'string' || !ids.has(incident)) {
      bad('incident', say('data.story.noSuchIncident', { value: quoteValueText(incident) }));
    } else step.incident = incident;
  }
  const date = own(item, 'date');
  if (date !== undefined) {
    if (typeof date !== 'string' || Number.isNaN(dayStart(date))) {
      bad('date', say('data.story.badDate', { value: quoteValueText(date) }));
    } else step.date = date;
  }
  const view = own(item, 'view');
  if (view !== undefined) {
    const read = readView(view);
    if (read) step.view = read;
    else bad('view', say('data.story.badView', { value: describeValueText(view) }));
  }
  const filter = own(item, 'filter');
  if (filter !== undefined) {
    const read = readFilter(filter);
    if (read) step.filter = read;
    else bad('filter', say('data.story.badFilter', { value: describeValueText(filter), max: MAX_FILTER_VALUES }));
  }
  const window = own(item, 'window');
  if (window !== undefined) {
    if (typeof window === 'number' && Number.isInteger(window) && window >= 1 && window <= MAX_STEP_WINDOW) {
      step.window = window;
    } else bad('window', say('data.story.badWindow', { value: quoteValueText(window), max: MAX_STEP_WINDOW }));
  }
  const span = own(item, 'span');
  if (span !== undefined) {
    const days = Array.isArray(span) && span.length === 2 ? span : null;
    const [first, last] = days ?? [];
    if (
      typeof first === 'string' &&
      typeof last === 'string' &&
      !Number.isNaN(dayStart(first)) &&
      !Number.isNaN(dayStart(last)) &&
      first <= last
    ) {
      step.span = [first, last];
    } else bad('span', say('data.story.badSpan', { value: describeValueText(span) }));
  }
  const translations = readTranslations<{ title?: string; text?: string }>(own(item, 'translations'), STORY_CHARS);
  for (const problem of translations.problems) report(`${where}.${problem.field}`, problem.text, false);
  if (translations.translations) step.translations = translations.translations;
  return step;
}

/** `{ center: [lon, lat], zoom }` with the numbers in range, or null. */
function readView(value: unknown): StoryStep['view'] | null {
  if (!isObject(value)) return null;
  const center = own(value, 'center');
  const zoom = own(value, 'zoom');
  if (!Array.isArray(center) || center.length !== 2 || typeof zoom !== 'number') return null;
  const [lon, lat] = center;
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 && zoom >= 0 && zoom <= 24)) return null;
  return { center: [lon, lat], zoom };
}

/** `{ categories, countries, actors }`, each absent or a list of names, or null. */
function readFilter(value: unknown): StoryFilter | null {
  if (!isObject(value)) return null;
  const filter: StoryFilter = { categories: [], countries: [], actors: [] };
  for (const key of Object.keys(value)) {
    if (!(FACETS as readonly string[]).includes(key)) return null;
  }
  for (const facet of FACETS) {
    const names = own(value, facet);
    if (names === undefined) continue;
    if (!Array.isArray(names) || names.length > MAX_FILTER_VALUES || !names.every(nonEmptyString)) return null;
    filter[facet] = [...new Set(names.map((name) => name.trim()))];
  }
  return filter;
}
