import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { detectLayout, type Row } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import type { DatasetReport } from '../../../src/data/types';

// The real UCDP GED 22.1 export for Pakistan (see tests/fixtures/README.md), parsed as the app parses it.
const text = readFileSync(new URL('../../fixtures/ucdp-ged-22.1-pakistan.csv', import.meta.url), 'utf8');

describe('the full UCDP GED sample', () => {
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: 'greedy' });
  // Row 2 of the file is the HXL hashtag row; every other record is one event.
  const hxl = parsed.data[0];
  const events = parsed.data.length - 1;
  let report: DatasetReport;

  test('papaparse reads it without errors', () => {
    expect(parsed.errors).toEqual([]);
    expect(hxl.year).toBe('#date+year');
    expect(events).toBe(5568);
  });

  test('every event loads and none is skipped', { timeout: 60_000 }, () => {
    const guess = detectLayout(parsed.meta.fields ?? []);
    expect(guess).toMatchObject({ kind: 'ucdp', confident: true });
    report = rowsToDataset(parsed.data, guess, { name: 'ucdp-ged-22.1-pakistan.csv' });
    expect(report.dataset.incidents).toHaveLength(events);
    expect(report.problems.filter((p) => p.skipped)).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test('ids are unique and come from the UCDP ids', () => {
    const ids = report.dataset.incidents.map((i) => i.id);
    expect(new Set(ids).size).toBe(events);
    expect(ids.every((id) => /^ucdp-\d+$/.test(id))).toBe(true);
  });

  test('dates follow date_prec: days, intervals, a few months and years', () => {
    const kinds = new Map<string, number>();
    for (const { date } of report.dataset.incidents) {
      const kind = date.includes('/') ? 'interval' : date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    // date_prec is 1 for 5,287 events, each with start == end; the 4 months and 2 years are those below.
    expect(Object.fromEntries(kinds)).toEqual({ day: 5287, interval: 275, month: 4, year: 2 });
    expect(report.dataset.incidents.every((i) => Number.isFinite(i.start) && i.end >= i.start)).toBe(true);
  });

  test('date_prec 4 and 5: a whole month or year as YYYY-MM or YYYY, any other span as its interval', () => {
    // Every event of the sample with date_prec 4 (within a month) or 5 (within a year), read from the CSV by hand.
    const expected: Record<string, string> = {
      // date_prec 5
      'ucdp-57152': '2009', // 2009-01-01 to 2009-12-31
      'ucdp-52824': '2010', // 2010-01-01 to 2010-12-31
      'ucdp-372703': '1994-01-01/1994-06-28',
      'ucdp-187812': '2004-03-16/2004-12-31',
      'ucdp-187800': '2004-03-16/2004-10-20',
      'ucdp-187857': '2005-07-01/2005-12-31',
      'ucdp-63692': '2013-01-01/2013-02-02',
      // date_prec 4
      'ucdp-373010': '1994-07', // 1994-07-01 to 1994-07-31
      'ucdp-60527': '2009-01', // 2009-01-01 to 2009-01-31
      'ucdp-58576': '2011-07', // 2011-07-01 to 2011-07-31
      'ucdp-201214': '2015-08', // 2015-08-01 to 2015-08-31
      'ucdp-54998': '1994-04-25/1994-05-10',
      'ucdp-371948': '1998-05-01/1998-05-29', // from the 1st, but short of the month's end
      'ucdp-60368': '2003-02-01/2003-03-02',
      'ucdp-187619': '2004-06-01/2004-06-19',
      'ucdp-56086': '2008-01-14/2008-01-25',
      'ucdp-56099': '2008-01-15/2008-01-22',
      'ucdp-56486': '2008-07-28/2008-08-04',
      'ucdp-56514': '2008-08-06/2008-08-14',
      'ucdp-56513': '2008-08-07/2008-08-18',
      'ucdp-57159': '2009-01-01/2009-01-26',
      'ucdp-51813': '2010-02-24/2010-03-03',
      'ucdp-192685': '2010-02-24/2010-03-03',
      'ucdp-58025': '2010-04-13/2010-04-22',
      'ucdp-54189': '2010-08-29/2010-09-09',
      'ucdp-150255': '2014-01-20/2014-02-08',
      'ucdp-153702': '2014-06-15/2014-07-05',
      'ucdp-153822': '2014-06-15/2014-07-15',
      'ucdp-150117': '2014-08-16/2014-08-26',
      'ucdp-157311': '2014-10-01/2014-10-11',
      'ucdp-157317': '2014-10-01/2014-10-13',
      'ucdp-156959': '2014-10-01/2014-10-08',
      'ucdp-194822': '2015-02-09/2015-02-18',
      'ucdp-239392': '2017-05-24/2017-06-08',
      'ucdp-370746': '2020-11-13/2020-11-25',
    };
    // The table holds every such row of the file, no more.
    const coarse = parsed.data.slice(1).filter((row) => row.date_prec === '4' || row.date_prec === '5');
    expect(coarse.map((row) => `ucdp-${row.id}`).sort()).toEqual(Object.keys(expected).sort());
    const dates = new Map(report.dataset.incidents.map((i) => [i.id, i.date]));
    expect(Object.fromEntries(Object.keys(expected).map((id) => [id, dates.get(id)]))).toEqual(expected);
  });

  test('categories, precisions, fatalities and sources are all filled', () => {
    const categories = new Set(report.dataset.incidents.map((i) => i.category));
    expect([...categories].sort()).toEqual(['one-sided', 'state-based']);
    expect(report.dataset.incidents.every((i) => i.fatalities !== undefined && i.sources.length > 0)).toBe(true);
    expect(report.dataset.incidents.every((i) => !/\n/.test(i.title))).toBe(true);
  });
});
