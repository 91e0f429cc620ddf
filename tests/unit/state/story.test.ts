// Story steps in the pure state (docs/story.md): goToStep sets the cursor,
// filter, time view and axis zoom from the step; the reader's own change ends
// the step; the link holds it as `step=N`, and a link naming it shows it.
// Reveal order of tests/fixtures/state/incidents.geojson:
//   a 2024-08-30 diplomacy | b 2024-09 statement | c 2024-10-05 attack |
//   d 2024-12-23 attack | e 2024-12-23 airstrike | f 2024-12-24 diplomacy
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readIncidents } from '../../../src/data/import/validate';
import { IncidentStore } from '../../../src/data/store/incident-store';
import type { Story } from '../../../src/data/types';
import { Translator } from '../../../src/i18n/translator';
import { linkProblems } from '../../../src/state/link-problems';
import { linkOf } from '../../../src/state/selectors';
import { type Action, type AtlasState, initialState, reduce, type StateDataset } from '../../../src/state/state';
import { buildTimeline } from '../../../src/timeline/cursor';
import { formatHash, parseHash } from '../../../src/url/hash';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/state/incidents.geojson', import.meta.url), 'utf8'));
const { incidents } = readIncidents(fixture);
const story: Story = {
  steps: [
    { title: 'All', text: 'Everything.' },
    { title: 'C', text: 'An attack.', incident: 'c' },
    {
      title: 'Window',
      text: 'A week.',
      date: '2024-12-24',
      window: 7,
      filter: { categories: ['attack', 'nope'], countries: [], actors: [] },
    },
    { title: 'Zoomed', text: 'Zoomed.', incident: 'd', date: '2024-12-24', span: ['2024-12-01', '2024-12-31'] },
  ],
};
const dataset: StateDataset = { timeline: buildTimeline(IncidentStore.of(incidents)), outline: null, story };

function run(...actions: Action[]): AtlasState {
  return actions.reduce((state, action) => reduce(state, action, dataset), initialState(dataset));
}
const go = (step: number): Action => ({ type: 'goToStep', step });

describe('goToStep', () => {
  test('a step with an incident selects it on its own day; one without shows everything', () => {
    const at2 = run(go(2));
    expect(at2.storyStep).toBe(2);
    expect(at2.cursor).toMatchObject({ incident: 'c', date: '2024-10-05', revealedCount: 3 });
    const at1 = reduce(at2, go(1), dataset);
    expect(at1.storyStep).toBe(1);
    expect(at1.cursor).toEqual(initialState(dataset).cursor);
  });

  test("a step's window, filter (unknown names dropped) and date; the next step clears them", () => {
    const at3 = run({ type: 'setFilter', filter: { categories: [], countries: [], actors: [], q: 'x' } }, go(3));
    expect(at3.time).toMatchObject({ mode: 'window', windowDays: 7 });
    expect(at3.filter).toEqual({ categories: ['attack'], countries: [], actors: [], q: '' });
    expect(at3.cursor.date).toBe('2024-12-24');
    expect(at3.cursor.incident).toBeNull();
    const at4 = reduce(at3, go(4), dataset);
    expect(at4.time.mode).toBe('cumulative');
    expect(at4.filter.categories).toEqual([]);
    expect(at4.span).toEqual(['2024-12-01', '2024-12-31']);
    expect(at4.cursor).toMatchObject({ incident: 'd', date: '2024-12-24' });
  });

  test('a step the story does not have changes nothing', () => {
    const at2 = run(go(2));
    for (const n of [0, 5, 1.5, -1]) expect(reduce(at2, go(n), dataset)).toBe(at2);
    const start = initialState(dataset);
    expect(reduce(start, go(1), { ...dataset, story: null })).toBe(start);
  });

  test("the reader's scrub, selection, step, play, filter or time view ends the step; panning the axis keeps it", () => {
    const leaves: Action[] = [
      { type: 'scrub', day: '2024-09-15' },
      { type: 'scrubStep', index: 0 },
      { type: 'select', id: 'a' },
      { type: 'step', direction: 1 },
      { type: 'play' },
      { type: 'setFilter', filter: { categories: ['attack'], countries: [], actors: [], q: '' } },
      { type: 'setRange', from: '2024-09-01', to: null },
      { type: 'setTimeView', time: { mode: 'window', windowDays: 30, showPossible: true } },
    ];
    for (const action of leaves) expect(run(go(2), action).storyStep, action.type).toBeNull();
    expect(run(go(2), { type: 'setSpan', span: ['2024-09-01', '2024-11-01'] }).storyStep).toBe(2);
    // Closing the story ends the step and keeps the view it showed.
    const closed = run(go(2), { type: 'closeStory' });
    expect(closed.storyStep).toBeNull();
    expect(closed.cursor).toEqual(run(go(2)).cursor);
    // Selecting what is selected already changes nothing, and keeps the step.
    expect(run(go(2), { type: 'select', id: 'c' }).storyStep).toBe(2);
  });
});

describe('a story step in the link', () => {
  test('is written as step=N and read back; a link naming a step shows it over its other keys', () => {
    const at4 = run(go(4));
    const hash = formatHash(linkOf(at4, dataset));
    expect(hash).toMatch(/&step=4$/);
    const { link, problems } = parseHash(hash);
    expect(problems).toEqual([]);
    expect(link.step).toBe(4);
    const opened = run({ type: 'open', link: { step: 3, date: '2024-09-01', categories: ['diplomacy'] } });
    expect(opened.storyStep).toBe(3);
    expect(opened.filter.categories).toEqual(['attack']);
    const back = reduce(at4, { type: 'followLink', link: { step: 2 } }, dataset);
    expect(back.storyStep).toBe(2);
    expect(back.cursor.incident).toBe('c');
  });

  test('a step the story lacks is said, and the rest of the link is shown; a bad number is said', () => {
    const opened = run({ type: 'open', link: { step: 9, date: '2024-09-01' } });
    expect(opened.storyStep).toBeNull();
    expect(opened.cursor.date).toBe('2024-09-01');
    const english = new Translator('en');
    const say = english.t.bind(english);
    expect(linkProblems({ step: 9 }, dataset, say)).toEqual([
      'The link asks for step 9, but the story has 4 steps; the rest of the link is shown.',
    ]);
    expect(linkProblems({ step: 1 }, { ...dataset, story: null }, say)).toHaveLength(1);
    for (const bad of ['0', 'two', '-1', '1.5']) {
      const { link, problems } = parseHash(`#step=${bad}&date=2024-09-01`);
      expect(link).toEqual({ date: '2024-09-01' });
      expect(problems).toHaveLength(1);
    }
  });
});
