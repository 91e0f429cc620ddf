// The small parts of reading Parquet: telling a Parquet file by its first bytes
// or name, WKB points in every form GeoParquet writers use, and values as the
// text a CSV of the same rows would hold.

import { readFileSync } from 'node:fs';
import { geojsonToWkb } from 'hyparquet-writer';
import { describe, expect, test } from 'vitest';
import { cellText, floatText, PARQUET_PARSERS } from '../../../src/data/import/parquet/cells';
import { isParquetSource } from '../../../src/data/import/parquet/read-parquet';
import { readWkbPoint } from '../../../src/data/import/parquet/wkb';
import { isParquet, sniffFormat } from '../../../src/data/import/sniff';

const parquet = readFileSync(new URL('../../fixtures/ucdp.parquet', import.meta.url));

describe('telling Parquet', () => {
  test('by its first bytes, PAR1, whatever its name, or by a .parquet or .geoparquet name', () => {
    expect(isParquet('download', new TextDecoder().decode(parquet.subarray(0, 4096)))).toBe(true);
    expect(isParquet('download', new TextDecoder('latin1').decode(parquet.subarray(0, 4)))).toBe(true);
    expect(isParquet('events.parquet', '')).toBe(true);
    expect(isParquet('EVENTS.GeoParquet', '')).toBe(true);
    expect(isParquet('https://example.org/data/ged.parquet?download=1#x', '')).toBe(true);
    expect(isParquet('parquet.csv', 'date,lat,lon')).toBe(false);
    expect(isParquet('ged.parquet.csv', 'PAR')).toBe(false);
  });

  test('to sniffFormat, which readers of text ask (npm run validate), it stays a binary file', () => {
    const head = new TextDecoder().decode(parquet.subarray(0, 4096));
    expect(sniffFormat('ged.parquet', head, parquet.length)).toEqual({
      error: 'ged.parquet looks like a binary file, not a GeoJSON or CSV file.',
      text: { key: 'data.sniff.binary', values: { name: 'ged.parquet' } },
    });
  });

  test('a File is Parquet by its name or its first four bytes', async () => {
    expect(await isParquetSource('ged', new Blob([parquet]))).toBe(true);
    expect(await isParquetSource('ged.parquet')).toBe(true);
    expect(await isParquetSource('ged.csv', new Blob(['date,latitude,longitude\n2024-12-01,1,2\n']))).toBe(false);
    expect(await isParquetSource('link-without-a-name')).toBe(false);
  });
});

/** WKB of a point: `order` 0 big-endian, 1 little; `type` as written; extra bytes (an SRID) after the type. */
function wkb(order: 0 | 1, type: number, coordinates: number[], srid?: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(5 + (srid === undefined ? 0 : 4) + 8 * coordinates.length));
  const little = order === 1;
  view.setUint8(0, order);
  view.setUint32(1, type, little);
  let at = 5;
  if (srid !== undefined) {
    view.setUint32(at, srid, little);
    at += 4;
  }
  for (const c of coordinates) {
    view.setFloat64(at, c, little);
    at += 8;
  }
  return new Uint8Array(view.buffer);
}

describe('WKB points', () => {
  test.each([
    ['ISO, little-endian', wkb(1, 1, [69.17, 34.53])],
    ['ISO, big-endian', wkb(0, 1, [69.17, 34.53])],
    ['ISO Z', wkb(1, 1001, [69.17, 34.53, 1800])],
    ['ISO M', wkb(0, 2001, [69.17, 34.53, 7])],
    ['ISO ZM', wkb(1, 3001, [69.17, 34.53, 1800, 7])],
    ['EWKB Z', wkb(1, 0x80000001, [69.17, 34.53, 1800])],
    ['EWKB with an SRID', wkb(0, 0x20000001, [69.17, 34.53], 4326)],
    ['a MultiPoint of one point', geojsonToWkb({ type: 'MultiPoint', coordinates: [[69.17, 34.53]] })],
  ])('%s: its longitude and latitude', (_, bytes) => {
    expect(readWkbPoint(bytes)).toEqual({ lon: 69.17, lat: 34.53 });
  });

  test('anything else says what it is, and never throws', () => {
    const square = geojsonToWkb({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
    expect(readWkbPoint(square)).toEqual({ not: 'a Polygon' });
    expect(readWkbPoint(geojsonToWkb({ type: 'MultiPolygon', coordinates: [] }))).toEqual({ not: 'a MultiPolygon' });
    expect(readWkbPoint(geojsonToWkb({ type: 'GeometryCollection', geometries: [] }))).toEqual({
      not: 'a GeometryCollection',
    });
    expect(
      readWkbPoint(
        geojsonToWkb({
          type: 'MultiPoint',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        }),
      ),
    ).toEqual({ not: 'a MultiPoint of 2 points' });
    expect(readWkbPoint(wkb(1, 1, [Number.NaN, Number.NaN]))).toEqual({ not: 'an empty Point' });
    expect(readWkbPoint(wkb(1, 1, [69.17, 34.53]).subarray(0, 12))).toEqual({ not: 'not WKB' });
    expect(readWkbPoint(new Uint8Array([7, 1, 0, 0, 0]))).toEqual({ not: 'not WKB' });
    expect(readWkbPoint(new Uint8Array())).toEqual({ not: 'not WKB' });
    expect(readWkbPoint(wkb(1, 17, []))).toEqual({ not: 'a geometry of WKB type 17' });
  });
});

describe('values as CSV cells', () => {
  test('dates and timestamps are their day, in UTC, rounding down before 1970 too', () => {
    const { dateFromDays, timestampFromMilliseconds, timestampFromMicroseconds, timestampFromNanoseconds } =
      PARQUET_PARSERS;
    expect(dateFromDays?.(20062)).toBe('2024-12-05');
    expect(dateFromDays?.(-1)).toBe('1969-12-31');
    expect(dateFromDays?.(-719528)).toBe('0000-01-01');
    expect(timestampFromMilliseconds?.(1733443199999n)).toBe('2024-12-05');
    expect(timestampFromMilliseconds?.(1733443200000n)).toBe('2024-12-06');
    expect(timestampFromMicroseconds?.(-1n)).toBe('1969-12-31');
    expect(timestampFromNanoseconds?.(-86_400_000_000_000n)).toBe('1969-12-31');
    expect(timestampFromNanoseconds?.(-86_400_000_000_001n)).toBe('1969-12-30');
    // Beyond what a date can name: text that no date reader takes for one.
    expect(dateFromDays?.(2e9)).toBe('day 2000000000 from 1970');
  });

  test('numbers as JavaScript writes them, 32-bit floats as the decimal they were written from', () => {
    expect(cellText(34.5)).toBe('34.5');
    expect(cellText(-0.000001)).toBe('-0.000001');
    expect(cellText(1e21)).toBe('1e+21');
    expect(cellText(9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(floatText(Math.fround(32.2989))).toBe('32.2989');
    expect(floatText(Math.fround(69.5725))).toBe('69.5725');
    expect(floatText(Math.fround(0.1))).toBe('0.1');
    expect(floatText(Math.fround(16777217))).toBe('16777216');
    expect(floatText(Number.NaN)).toBe('NaN');
  });

  test('nulls are empty, lists are `; `-separated, anything else its JSON', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText(true)).toBe('true');
    expect(cellText(['TTP', null, 'Government of Pakistan'])).toBe('TTP; Government of Pakistan');
    expect(cellText({ x: 1, big: 2n })).toBe('{"x":1,"big":"2"}');
    expect(cellText(new Uint8Array([0, 255]))).toBe('00ff');
  });
});
