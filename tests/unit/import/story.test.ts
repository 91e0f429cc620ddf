// A dataset's story (docs/story.md) as the app and `npm run validate` read it:
// each fault named by its part (story.steps[n].field) and only that part
// dropped; the streamed read (large files) gives what the whole read gives.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONStream } from '../../../src/data/import/geojson-stream';
import { MAX_STORY_STEPS } from '../../../src/data/import/story';
import { readDataset } from '../../../src/data/import/validate';
import type { DatasetProblem } from '../../../src/data/types';

const features = [
  {
    type: 'Feature',
    id: 'a',
    geometry: { type: 'Point', coordinates: [69, 34] },
    properties: { title: 'A', date: '2024-12-01' },
  },
  {
    type: 'Feature',
    id: 'b',
    geometry: { type: 'Point', coordinates: [70, 33] },
    properties: { title: 'B', date: '2024-12-05' },
  },
];
const collection = (story: unknown) => ({ type: 'FeatureCollection', story, features });
const good = { title: 'S', text: 'T' };

/** The story and its problems as the app reads the file whole. */
function read(story: unknown) {
  const { dataset, problems } = readGeoJSONText(JSON.stringify(collection(story)), { name: 'x.geojson' });
  return { story: dataset.story, problems: problems.filter((p) => p.field.startsWith('story')) };
}
const fields = (problems: DatasetProblem[]) => problems.map((p) => [p.field, p.skipped]);

describe('a story', () => {
  test("its title's translations are read; a bad one is named and the title stays", () => {
    const { story, problems } = read({
      title: 'Talks and strikes',
      translations: { ur: { title: 'مذاکرات اور حملے' }, ps: { title: 7 }, 'fa-af': { title: 'گفت‌وگو و حمله' } },
      steps: [good],
    });
    expect(story?.title).toBe('Talks and strikes');
    expect(story?.translations).toEqual({ ur: { title: 'مذاکرات اور حملے' }, 'fa-AF': { title: 'گفت‌وگو و حمله' } });
    expect(fields(problems)).toEqual([['story.translations.ps.title', false]]);
  });

  test('is read whole when it is right, translations and all', () => {
    const story = {
      title: '  The story ',
      steps: [
        {
          title: 'One',
          text: 'First.',
          incident: 'b',
          date: '2024-12-06',
          view: { center: [69.5, 33.5], zoom: 6.5 },
          filter: { categories: ['attack'], actors: ['X'] },
          window: 7,
          span: ['2024-12-01', '2024-12-31'],
          translations: { ur: { title: 'ایک', text: 'پہلا۔' }, 'fa-af': { title: 'یک' } },
        },
        { title: 'Two', text: 'Second.' },
      ],
    };
    const { story: read1, problems } = read(story);
    expect(problems).toEqual([]);
    expect(read1).toEqual({
      title: 'The story',
      steps: [
        {
          title: 'One',
          text: 'First.',
          incident: 'b',
          date: '2024-12-06',
          view: { center: [69.5, 33.5], zoom: 6.5 },
          filter: { categories: ['attack'], countries: [], actors: ['X'] },
          window: 7,
          span: ['2024-12-01', '2024-12-31'],
          translations: { ur: { title: 'ایک', text: 'پہلا۔' }, 'fa-AF': { title: 'یک' } },
        },
        { title: 'Two', text: 'Second.' },
      ],
    });
  });

  test('a bad part is named and dropped; the step and the other steps stay', () => {
    const steps = [
      { ...good, incident: 'nope' },
      { ...good, date: '2024-02-30' },
      { ...good, view: { center: [200, 0], zoom: 3 } },
      { ...good, filter: { categories: 'attack' } },
      { ...good, window: 0 },
      { ...good, span: ['2024-12-31', '2024-12-01'] },
      { ...good, translations: { ur: { title: 5 } } },
      { ...good, colour: 'red' },
    ];
    const { story, problems } = read({ steps });
    expect(fields(problems)).toEqual([
      ['story.steps[0].incident', false],
      ['story.steps[1].date', false],
      ['story.steps[2].view', false],
      ['story.steps[3].filter', false],
      ['story.steps[4].window', false],
      ['story.steps[5].span', false],
      ['story.steps[6].translations.ur.title', false],
      ['story.steps[7].colour', false],
    ]);
    expect(story?.steps).toEqual(steps.map(() => good));
    expect(problems[0].message).toBe('"nope" is not the id of an incident of this dataset; ignored');
    expect(JSON.parse(problems[0].text as string).key).toBe('data.story.noSuchIncident');
  });

  test('a step without its title or text, too long, or not an object is left out; the rest load', () => {
    const steps = [
      { text: 'no title' },
      { title: 'no text', text: '  ' },
      { title: 'x'.repeat(301), text: 'T' },
      3,
      good,
    ];
    const { story, problems } = read({ steps });
    expect(fields(problems)).toEqual([
      ['story.steps[0].title', true],
      ['story.steps[1].text', true],
      ['story.steps[2].title', true],
      ['story.steps[3]', true],
    ]);
    expect(problems[2].message).toContain('301 characters');
    expect(story?.steps).toEqual([good]);
  });

  test('at most 200 steps are read; a story not an object, or without a list of steps, is left out', () => {
    const many = read({ steps: Array.from({ length: MAX_STORY_STEPS + 5 }, () => good) });
    expect(many.story?.steps).toHaveLength(MAX_STORY_STEPS);
    expect(fields(many.problems)).toEqual([['story.steps', false]]);
    expect(read('once upon a time')).toMatchObject({ story: undefined, problems: [{ field: 'story', skipped: true }] });
    expect(read({ title: 'T' })).toMatchObject({ story: undefined, problems: [{ field: 'story.steps' }] });
    expect(read(undefined)).toEqual({ story: undefined, problems: [] });
  });

  test('the streamed read (large files) and `npm run validate` read the same story and problems', () => {
    const story = { title: 'T', steps: [{ ...good, incident: 'a' }, { ...good, incident: 'zzz' }, 7] };
    const whole = read(story);
    const stream = new GeoJSONStream({ name: 'x.geojson', onIncident: () => {}, onRestart: () => {} });
    stream.push(new TextEncoder().encode(JSON.stringify(collection(story))));
    const end = stream.end();
    expect(end.story).toEqual(whole.story);
    expect(end.problems.filter((p) => p.field.startsWith('story'))).toEqual(whole.problems);
    const validated = readDataset(collection(story));
    expect(validated.dataset.story).toEqual(whole.story);
    expect(validated.problems.filter((p) => p.field.startsWith('story'))).toEqual(whole.problems);
  });

  test('the test fixture story reads cleanly', () => {
    const text = readFileSync(new URL('../../fixtures/story.geojson', import.meta.url), 'utf8');
    const { dataset, problems } = readGeoJSONText(text, { name: 'story.geojson' });
    expect(problems.filter((p) => p.field.startsWith('story'))).toEqual([]);
    expect(dataset.story?.steps).toHaveLength(5);
  });
});
