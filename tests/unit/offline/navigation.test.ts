import { describe, expect, test } from 'vitest';
import { NOT_THE_PAGE } from '../../../vite.config';

// Workbox matches a navigation's path and query together (docs/offline.md).
describe('which navigations the service worker answers with the page', () => {
  test.each([
    '/atlas/',
    '/atlas/?lang=ur',
    '/atlas/?data=https://example.org/data/a.geojson',
    '/atlas/?style=https://tiles.example.org/styles/style.json',
    '/atlas/?embed=1&data=../fixtures/story.geojson',
  ])('%s is the page', (path) => {
    expect(NOT_THE_PAGE.test(path)).toBe(false);
  });

  test.each([
    '/atlas/docs/embed-example.html',
    '/atlas/geojson/incidents.geojson',
    '/atlas/geojson/incidents.geojson?v=2',
  ])('%s is a file', (path) => {
    expect(NOT_THE_PAGE.test(path)).toBe(true);
  });
});
