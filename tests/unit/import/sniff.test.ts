import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sniffFormat } from '../../../src/data/import/sniff';
import { fixturePath, readFixture } from './helpers';

const sniff = (name: string, head: string, size = head.length || 1) => sniffFormat(name, head, size);

describe('sniffFormat: what a file is', () => {
  test.each([
    ['incidents.geojson', '{"type":"FeatureCollection","features":[]}', 'geojson'],
    ['data.json', '\uFEFF\r\n  [ {"a": 1} ]', 'geojson'],
    ['noextension', '  \n{ "type": "Feature" }', 'geojson'],
    ['ucdp.csv', 'id,relid,year\r\n1,2,3', 'csv'],
    ['export.txt', '\uFEFFdate,lat,lon\n2024-12-01,1,2', 'csv'],
    ['semicolons.csv', 'date;lat;lon\n2024-12-01;1,5;2', 'csv'],
    ['table.tsv', 'date\tlat\tlon\n2024-12-01\t1\t2', 'tsv'],
    ['table.txt', 'date\tlat\tlon\ttitle, with comma\n', 'tsv'],
    ['quoted.csv', '"a title\twith a tab",date,lat,lon\n', 'csv'],
    ['first-line-quoted.csv', '"multi\nline header",lat,lon\n', 'csv'],
    ['geo.csv', '{"type":"FeatureCollection","features":[]}', 'geojson'],
  ])('%s is %s', (name, head, format) => {
    expect(sniff(name, head)).toEqual({ format });
  });

  test('the real UCDP file is CSV', () => {
    const text = readFileSync(new URL('../../fixtures/ucdp-ged-22.1-pakistan.csv', import.meta.url), 'utf8');
    expect(sniffFormat('ucdp-ged-22.1-pakistan.csv', text.slice(0, 4096), text.length)).toEqual({ format: 'csv' });
  });

  test('the TSV fixture is TSV, the BOM fixture CSV', () => {
    expect(sniff('generic.tsv', readFixture('generic.tsv'))).toEqual({ format: 'tsv' });
    expect(sniff('bom-crlf.csv', readFixture('bom-crlf.csv'))).toEqual({ format: 'csv' });
  });
});

describe('sniffFormat: what it refuses, in a sentence', () => {
  test.each([
    [
      'photo.png',
      '\u0089PNG\r\n\u001a\n\u0000\u0000',
      /^photo\.png looks like an image \(PNG\), not a GeoJSON or CSV file\.$/,
    ],
    ['photo.png', '\uFFFDPNG\r\n\u001a\n', /an image \(PNG\)/],
    ['photo.jpg', '\u00ff\u00d8\u00ff\u00e0\u0000\u0010JFIF', /an image \(JPEG\)/],
    ['photo.jpg', '\uFFFD\uFFFD\uFFFD\uFFFD\u0000\u0010JFIF', /an image \(JPEG\)/],
    ['anim.gif', 'GIF89a\u0001\u0000', /an image \(GIF\)/],
    ['report.pdf', '%PDF-1.7\n%', /a PDF document/],
    ['data.xlsx', 'PK\u0003\u0004\u0014\u0000\u0006\u0000', /a ZIP archive \(perhaps an Excel workbook/],
    ['data.csv.gz', '\u001f\u008b\u0008\u0000', /compressed/],
    ['page.html', '<!DOCTYPE html>\n<html lang="en">', /a web page \(HTML\)/],
    ['page', '  <html><head>', /a web page \(HTML\)/],
    ['route.kml', '<?xml version="1.0"?><kml>', /XML \(such as KML or GPX\)/],
    ['blob.bin', 'ab\u0000\u0000\u0000\u0001\u0002\u0003\u0000\u0000cd', /a binary file/],
    ['notes.txt', 'just some words\nand more words', /not JSON, and its first line has no commas or tabs/],
    ['broken.geojson', 'type: FeatureCollection', /is not JSON: it should start with "\{"/],
  ])('%s: %s', (name, head, message) => {
    const result = sniff(name, head);
    expect(result).toEqual({ error: expect.stringMatching(message), text: expect.any(Object) });
  });

  test('empty files', () => {
    expect(sniffFormat('empty.csv', '', 0)).toEqual({
      error: 'empty.csv is empty: there is nothing to open.',
      text: { key: 'data.sniff.empty', values: { name: 'empty.csv' } },
    });
    expect(sniffFormat('blank.geojson', ' \n\t\r\n', 5)).toEqual({
      error: expect.stringMatching(/is empty/),
      text: expect.any(Object),
    });
    expect(sniffFormat('bom.csv', '\uFEFF', 3)).toEqual({
      error: expect.stringMatching(/is empty/),
      text: expect.any(Object),
    });
  });

  test('size alone refuses nothing: a file of any size is sniffed by its text', () => {
    expect(sniffFormat('huge.csv', 'a,b\n1,2', 400 * 1024 * 1024)).toEqual({ format: 'csv' });
    expect(sniffFormat('huge.geojson', '{"type":"FeatureCollection"', 8 * 1024 ** 4)).toEqual({ format: 'geojson' });
  });

  test('the PNG fixture, read as UTF-8 the way File.text() reads it', () => {
    const text = new TextDecoder().decode(readFileSync(fixturePath('photo.png')));
    expect(sniffFormat('photo.png', text, text.length)).toEqual({
      error: 'photo.png looks like an image (PNG), not a GeoJSON or CSV file.',
      text: expect.any(Object),
    });
  });
});
