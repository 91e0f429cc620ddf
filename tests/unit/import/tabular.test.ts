import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { oneLine, parseDecimal, parseLooseDate } from '../../../src/data/import/table/cells';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { ucdpDate } from '../../../src/data/import/table/layouts/ucdp';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import { describeProblem } from '../../../src/data/import/validate';
import type { Incident } from '../../../src/data/types';
import { loadTable, parseTable, readFixture, readJsonFixture, rowProblems } from './helpers';

interface Expected {
  row?: number;
  id: string;
  date: string;
  coordinates: [number, number];
  category: string;
  locationPrecision: string;
  fatalities?: number;
  title?: string;
  place?: string;
  actors?: string[];
  publishers?: string[];
}

/** The fields an expected-output file lists, taken from the incidents read. */
function pick(incident: Incident, expected: Expected) {
  return {
    id: incident.id,
    date: incident.date,
    coordinates: incident.coordinates,
    category: incident.category,
    locationPrecision: incident.locationPrecision,
    ...(incident.fatalities === undefined ? {} : { fatalities: incident.fatalities }),
    ...(expected.title === undefined ? {} : { title: incident.title }),
    ...(expected.place === undefined ? {} : { place: incident.place }),
    ...(expected.actors === undefined ? {} : { actors: incident.actors }),
    ...(expected.publishers === undefined ? {} : { publishers: incident.sources.map((s) => s.publisher) }),
  };
}

describe('UCDP GED', () => {
  const raw = readFixture('ucdp-small.csv');
  const { guess, report, rows } = loadTable('ucdp-small.csv');
  const expected = readJsonFixture<{ incidents: Expected[] }>('ucdp-small.expected.json').incidents;
  const byId = new Map(report.dataset.incidents.map((i) => [i.id, i]));

  test('the fixture is the real file, bytes as published: CRLF records, LF inside quoted fields, an HXL row', () => {
    const full = readFixture('../../../fixtures/ucdp-ged-22.1-pakistan.csv');
    const records = raw.split('\r\n');
    expect(full.startsWith(records.slice(0, 28).join('\r\n'))).toBe(true);
    for (const record of records.slice(28, 31)) expect(full).toContain(`\r\n${record}\r\n`);
    expect(raw).toMatch(/[^\r]\n/);
    expect(records[1].startsWith(',,#date+year')).toBe(true);
  });

  test('every event loads, none is skipped, nothing is wrong', () => {
    expect(guess.kind).toBe('ucdp');
    expect(rows).toHaveLength(30); // the HXL row and 29 events
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents).toHaveLength(29);
  });

  test('id, date, coordinates, category, precision and deaths match the expected output', () => {
    expect(report.dataset.incidents.map((incident, i) => pick(incident, expected[i]))).toEqual(
      expected.map(({ row: _row, ...rest }) => rest),
    );
  });

  test('the expected rows are the spreadsheet rows of those events', () => {
    for (const e of expected) expect(`ucdp-${rows[(e.row as number) - 2].id}`).toBe(e.id);
  });

  test('the title names who fought whom and the place, in one short line', () => {
    expect(byId.get('ucdp-59553')?.title).toBe(
      'Government of India vs Government of Pakistan, Kel sector of the control line',
    );
    // A long where_description, and no adm_2, give way to the place name UCDP geocoded to.
    expect(byId.get('ucdp-363732')?.title).toBe(
      'Government of India vs Government of Pakistan, LoC in Azad Jammu and Kashmir',
    );
    // No where_description at all: the geocoded place name.
    expect(byId.get('ucdp-373010')?.title).toBe('Government of India vs Government of Pakistan, LoC');
    for (const incident of report.dataset.incidents) {
      expect(incident.title).not.toMatch(/\n/);
      expect(incident.title.length).toBeLessThan(100);
    }
  });

  test('the summary gives deaths and sides in plain words; the place is the place, not repeated there', () => {
    const summary = byId.get('ucdp-59553')?.summary;
    expect(summary).toContain('Best estimate 2 deaths (low 2, high 2).');
    expect(summary).toContain('Side A: Government of India; side B: Government of Pakistan.');
    expect(summary).toContain('(India - Pakistan)');
    expect(byId.get('ucdp-59553')?.place).toBe('Kel sector of the control line, Neelam district, Azad Jammu & Kashmir');
    expect(summary).not.toContain('Kel sector');
    expect(byId.get('ucdp-372969')?.summary).toContain('Best estimate 1 death (low 1, high 1).');
  });

  test('actors are side A and side B', () => {
    expect(byId.get('ucdp-59553')?.actors).toEqual(['Government of India', 'Government of Pakistan']);
  });

  test("sources: one per article, publisher from source_office, else UCDP GED; then the event's own record", () => {
    const record = (id: number) => ({ title: `UCDP GED event ${id}`, publisher: 'Uppsala Conflict Data Program' });
    expect(byId.get('ucdp-372969')?.sources).toEqual([
      {
        title: 'Reuters News,1990-12-29,PAKISTANI SPOKESMAN SAYS INDIAN FORCES KILLED BUS PASSENGER.',
        publisher: 'Reuters News',
        published: '1990-12-29',
      },
      record(372969),
    ]);
    expect(byId.get('ucdp-59553')?.sources).toEqual([{ title: 'R 4/10 1990', publisher: 'UCDP GED' }, record(59553)]);
    // A multi-line quoted article is one source on one line.
    const multi = byId.get('ucdp-58046')?.sources ?? [];
    expect(multi).toHaveLength(2);
    expect(multi[0].title).toBe(
      '(1) Army: Pakistani killed by fire from Indian Kashmir 23 May 2010 Associated Press Newswires (2) Indian soldier hurt in Pakistani firing across Kashmir cease-fire line - paper 24 May 2010 BBC Monitoring',
    );
  });

  test('old column names (GED 5.0 era): best_est, where_coordinates, no source_office', () => {
    const { report: old } = loadTable('ucdp-old-columns.csv');
    expect(old.problems).toEqual([]);
    expect(
      old.dataset.incidents.map((i) => [i.id, i.date, i.category, i.locationPrecision, i.fatalities, i.title]),
    ).toEqual([
      ['ucdp-1001', '2009-01-10', 'one-sided', 'town', 4, 'TTP against civilians, Mingora town'],
      ['ucdp-1002', '2009', 'non-state', 'country', 12, 'TTP vs Lashkar-e-Islam, Pakistan'],
      ['ucdp-1003', '2009-06', 'state-based', 'province', 30, 'TTP vs Government of Pakistan, Khyber Pakhtunkhwa'],
    ]);
    // A `;` inside a quoted article does not split it.
    expect(old.dataset.incidents[0].sources).toEqual([
      { title: 'Test News,2009-01-10,A made-up headline; with a semicolon.', publisher: 'UCDP GED' },
      { title: 'UCDP GED event 1001', publisher: 'Uppsala Conflict Data Program' },
    ]);
    expect(old.dataset.incidents[1].sources).toEqual([
      { title: 'UCDP GED event 1002', publisher: 'Uppsala Conflict Data Program' },
    ]);
  });

  test('several articles separated by ";" become several sources, paired with their offices and dates', () => {
    const headers = ['id', 'date_start', 'date_end', 'date_prec', 'latitude', 'longitude', 'type_of_violence'];
    const row = {
      id: '1',
      date_start: '1997-08-23 00:00:00.000',
      date_end: '1997-08-26 00:00:00.000',
      date_prec: '2',
      latitude: '34',
      longitude: '74',
      type_of_violence: '1',
      source_article:
        '"Reuters News,1997-08-23,Three said killed.";"Reuters News,1997-08-24,Pakistan, India trade fire."',
      source_office: 'Reuters News;Reuters News',
      source_date: '1997-08-23;1997-08-24',
    };
    const { dataset } = rowsToDataset([row], detectLayout([...headers, 'source_article']), { name: 't' });
    expect(dataset.incidents[0].date).toBe('1997-08-23/1997-08-26');
    expect(dataset.incidents[0].sources).toEqual([
      { title: 'Reuters News,1997-08-23,Three said killed.', publisher: 'Reuters News', published: '1997-08-23' },
      {
        title: 'Reuters News,1997-08-24,Pakistan, India trade fire.',
        publisher: 'Reuters News',
        published: '1997-08-24',
      },
      { title: 'UCDP GED event 1', publisher: 'Uppsala Conflict Data Program' },
    ]);
  });

  test("the estimates of the dead are UCDP's claim, pointing at the event's record; fatalities the best", () => {
    const headers = ['id', 'date_start', 'latitude', 'longitude', 'type_of_violence', 'best', 'low', 'high'];
    const row = (best: string, low: string, high: string) => ({
      id: '7',
      date_start: '2001-02-03',
      latitude: '34',
      longitude: '70',
      type_of_violence: '1',
      best,
      low,
      high,
    });
    const read = (...cells: [string, string, string]) =>
      rowsToDataset([row(...cells)], detectLayout(headers), { name: 't' });
    const ranged = read('5', '3', '9');
    expect(ranged.problems).toEqual([]);
    const [incident] = ranged.dataset.incidents;
    expect(incident.fatalities).toBe(5);
    expect(incident.claims).toEqual([{ what: 'deaths', value: 5, low: 3, high: 9, by: 'UCDP', source: 0 }]);
    expect(incident.sources[0]).toEqual({ title: 'UCDP GED event 7', publisher: 'Uppsala Conflict Data Program' });
    // A low or high that is not a range around the best estimate is left out of the claim.
    expect(read('5', '6', '9').dataset.incidents[0].claims).toEqual([
      { what: 'deaths', value: 5, by: 'UCDP', source: 0 },
    ]);
    // No estimate, no claim.
    expect(read('', '', '').dataset.incidents[0].claims).toBeUndefined();
  });
});

describe('UCDP codes that do not fit', () => {
  const headers = [
    'id',
    'date_start',
    'date_end',
    'date_prec',
    'where_prec',
    'latitude',
    'longitude',
    'type_of_violence',
  ];
  const base = {
    id: '9',
    date_start: '2001-05-10',
    date_end: '2001-05-10',
    date_prec: '1',
    where_prec: '1',
    latitude: '30',
    longitude: '70',
    type_of_violence: '1',
  };
  const read = (row: Record<string, string>) =>
    rowsToDataset([{ ...base, ...row }], detectLayout(headers), { name: 't' });

  test('an unknown where_prec is a warning, read as exact', () => {
    const report = read({ where_prec: '9' });
    expect(report.dataset.incidents[0].locationPrecision).toBe('exact');
    expect(rowProblems(report.problems)).toEqual([[2, 'where_prec', false]]);
  });

  test('an end before the start is a warning; the start day is used', () => {
    const report = read({ date_end: '2001-05-01' });
    expect(report.dataset.incidents[0].date).toBe('2001-05-10');
    expect(rowProblems(report.problems)).toEqual([[2, 'date_end', false]]);
  });

  test('an unknown type_of_violence is "other"', () => {
    expect(read({ type_of_violence: '' }).dataset.incidents[0].category).toBe('other');
  });
});

describe('ucdpDate: start, end and date_prec to EDTF', () => {
  test.each([
    ['1990-10-04', '1990-10-04', '1', '1990-10-04'],
    ['1990-10-04', '', '1', '1990-10-04'],
    ['2010-05-23', '2010-05-24', '1', '2010-05-23/2010-05-24'],
    ['1994-09-07', '1994-09-12', '2', '1994-09-07/1994-09-12'],
    ['1994-11-22', '1994-11-28', '3', '1994-11-22/1994-11-28'],
    ['1994-07-01', '1994-07-31', '4', '1994-07'],
    ['2024-02-01', '2024-02-29', '4', '2024-02'],
    ['2023-02-01', '2023-02-28', '4', '2023-02'],
    ['1994-04-25', '1994-05-10', '4', '1994-04-25/1994-05-10'],
    ['2003-02-01', '2003-03-02', '4', '2003-02-01/2003-03-02'],
    ['1994-07-01', '1994-07-30', '4', '1994-07-01/1994-07-30'],
    ['2009-01-01', '2009-12-31', '5', '2009'],
    ['1994-01-01', '1994-06-28', '5', '1994-01-01/1994-06-28'],
    ['2009-01-01', '2010-12-31', '5', '2009-01-01/2010-12-31'],
    ['1994-07-01', '1994-07-31', '2', '1994-07-01/1994-07-31'],
  ])('%s to %s, precision %s: %s', (start, end, prec, expected) => {
    expect(ucdpDate(start, end, prec)).toBe(expected);
  });
});

describe('ACLED', () => {
  test('current columns: every event with the expected fields', () => {
    const { guess, report } = loadTable('acled-small.csv');
    const expected = readJsonFixture<{ incidents: Expected[] }>('acled-small.expected.json').incidents;
    expect(guess.kind).toBe('acled');
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((incident, i) => pick(incident, expected[i]))).toEqual(
      expected.map(({ row: _row, ...rest }) => rest),
    );
  });

  test('sources are titled by the event id; notes are the summary', () => {
    const { report } = loadTable('acled-small.csv');
    const [first, , , , noSource, noNotes] = report.dataset.incidents;
    expect(first.sources).toEqual([
      { title: 'ACLED event PAK90001', publisher: 'Dawn' },
      { title: 'ACLED event PAK90001', publisher: 'The News International' },
    ]);
    expect(first.summary).toBe('Test row: soldiers and militants exchanged fire near Wana, two militants killed.');
    expect(noSource.sources).toEqual([{ title: 'ACLED event AFG90002', publisher: 'ACLED' }]);
    expect(noSource.fatalities).toBeUndefined();
    expect(noNotes.summary).toContain('Violence against civilians');
  });

  test('old upper-case columns (EVENT_ID_CNTY, EVENT_DATE, ALLY_ACTOR_1, ...)', () => {
    const { guess, report } = loadTable('acled-old-uppercase.csv');
    expect(guess.kind).toBe('acled');
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.id, i.date, i.category, i.title, i.locationPrecision])).toEqual([
      ['PAK100', '2014-06-15', 'battle-no-change-of-territory', 'Battle-No change of territory in Miranshah', 'town'],
      // 02/07/2014 is day/month/year; time precision 2 is the week around it.
      ['PAK101', '2014-06-29/2014-07-05', 'remote-violence', 'Remote violence in Quetta', 'town'],
      ['PAK102', '2014-08', 'riots-protests', 'Riots/Protests in Lahore', 'district'],
    ]);
    expect(report.dataset.incidents[2].actors).toEqual([
      'Protesters (Pakistan)',
      'Students (Pakistan)',
      'Police Forces of Pakistan (2013-)',
    ]);
    expect(report.dataset.incidents[0].fatalities).toBe(5);
  });

  test('an unknown time_precision or geo_precision is a warning; the row loads', () => {
    const headers = ['event_id_cnty', 'event_date', 'time_precision', 'geo_precision', 'latitude', 'longitude'];
    const row = {
      event_id_cnty: 'X1',
      event_date: '2024-12-05',
      time_precision: '7',
      geo_precision: '0',
      latitude: '1',
      longitude: '2',
    };
    const report = rowsToDataset([row], detectLayout(headers), { name: 't' });
    expect(report.dataset.incidents.map((i) => [i.date, i.locationPrecision])).toEqual([['2024-12-05', 'town']]);
    expect(rowProblems(report.problems)).toEqual([
      [2, 'time_precision', false],
      [2, 'geo_precision', false],
    ]);
  });

  test('day-month-year dates as spreadsheets write them; impossible ones reported by row and column', () => {
    const { report } = loadTable('acled-dmy-dates.csv');
    expect(report.dataset.incidents.map((i) => [i.id, i.date])).toEqual([
      ['TST1', '2024-12-05'],
      ['TST2', '2024-12-05'],
      ['TST3', '2024-12-05'],
      ['TST4', '2024-12-05'],
      ['TST5', '2024-12-05'],
      ['TST6', '2024-12-05'],
    ]);
    expect(rowProblems(report.problems)).toEqual([
      [8, 'event_date', true],
      [9, 'event_date', true],
    ]);
    expect(report.problems[0].message).toMatch(/^"31\/02\/2024" is not a date .*; expected /);
    expect(report.problems[1].message).toMatch(/^"sometime" is not a date; expected /);
    expect(describeProblem(report.problems[0])).toMatch(/^row 8: event_date "31\/02\/2024" is not a date/);
  });
});

describe('our own CSV export (atlas layout)', () => {
  test('reads every field back, strips the formula guard, takes the dataset name and attribution', () => {
    const { guess, report } = loadTable('atlas-small.csv');
    const expected = readJsonFixture<{ name: string; attribution: string; incidents: Partial<Incident>[] }>(
      'atlas-small.expected.json',
    );
    expect(guess.kind).toBe('atlas');
    expect(report.problems).toEqual([]);
    expect(report.dataset.name).toBe(expected.name);
    expect(report.dataset.attribution).toBe(expected.attribution);
    expect(report.dataset.incidents).toEqual(expected.incidents.map((i) => expect.objectContaining(i)));
    expect(report.dataset.incidents[1].summary).toBe('Air strikes reported in Paktika;\na second line of summary.');
  });

  test('a bad EDTF date is reported by row with the EDTF explanation', () => {
    const { headers, rows } = parseTable(readFixture('atlas-small.csv'));
    rows[2] = { ...rows[2], date: '2024-13-45' };
    const report = rowsToDataset(rows, detectLayout(headers), { name: 'x' });
    expect(report.dataset.incidents).toHaveLength(3);
    expect(rowProblems(report.problems)).toEqual([[4, 'date', true]]);
    expect(report.problems[0].message).toContain('"2024-13-45" is not an EDTF date');
  });
});

describe('any table with date, latitude and longitude columns', () => {
  test('ISO date-times, epoch milliseconds, day/month/year and EDTF dates', () => {
    const { guess, report } = loadTable('generic-small.csv');
    const expected = readJsonFixture<{ incidents: Expected[] }>('generic-small.expected.json').incidents;
    expect(guess).toMatchObject({ kind: 'generic', confident: true });
    expect(report.dataset.incidents.map((incident, i) => pick(incident, expected[i]))).toEqual(
      expected.map(({ row: _row, ...rest }) => rest),
    );
    // The empty type cell is the only fault: a warning, and the row loads as "other".
    expect(rowProblems(report.problems)).toEqual([[6, 'type', false]]);
    expect(report.dataset.incidents[0].sources).toEqual([{ title: 'generic-small.csv', publisher: 'imported file' }]);
    expect(report.dataset.incidents[0].summary).toBe('Test row: an ISO date-time, the day is kept.');
  });

  test('a mapping chosen by hand, with an end date column', () => {
    const rows = [{ when: '2024-12-01', until: '2024-12-03', n: '34.5', e: '69.2', what: 'Chosen by hand' }];
    const report = rowsToDataset(
      rows,
      {
        kind: 'generic',
        label: '',
        confident: true,
        mapping: { date: 'when', dateEnd: 'until', lat: 'n', lon: 'e', title: 'what' },
      },
      { name: 'x' },
    );
    expect(report.dataset.incidents.map((i) => [i.title, i.date, i.coordinates])).toEqual([
      ['Chosen by hand', '2024-12-01/2024-12-03', [69.2, 34.5]],
    ]);
  });

  test('without a date, latitude or longitude column nothing loads and the file-level problem says which', () => {
    const none = rowsToDataset([{ a: '1' }], detectLayout(['a']), { name: 'x' });
    expect(none.dataset.incidents).toEqual([]);
    expect(none.problems).toMatchObject([{ index: -1, skipped: true }]);
    expect(none.problems[0].message).toContain('date, latitude, longitude');
    const noDate = rowsToDataset([{ lat: '1', lon: '2' }], detectLayout(['lat', 'lon']), { name: 'x' });
    expect(noDate.problems[0].message).toMatch(/^no column was chosen for the date;/);
  });
});

describe('quirks', () => {
  test('BOM and CRLF', () => {
    const { report } = loadTable('bom-crlf.csv');
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.title, i.date])).toEqual([
      ['First', '2024-12-01'],
      ['Second', '2024-12-02'],
    ]);
    // Also when the BOM reaches the header (a parser that keeps it).
    const rows = [{ '\uFEFFdate': '2024-12-01', latitude: '1', longitude: '2', title: 'T' }];
    const kept = rowsToDataset(rows, detectLayout(Object.keys(rows[0])), { name: 'x' });
    expect(kept.dataset.incidents.map((i) => i.date)).toEqual(['2024-12-01']);
  });

  test('TSV, with a comma in a cell and decimal commas', () => {
    const { report } = loadTable('generic.tsv');
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.title, i.coordinates, i.category])).toEqual([
      ['Tabbed, with a comma', [69.2, 34.5], 'attack'],
      ['Decimal commas', [69.3, 34.6], 'statement'],
    ]);
  });

  test('quoted fields with line breaks, commas and quotes; rows are counted as records', () => {
    const { report } = loadTable('quoted-multiline.csv');
    expect(report.problems).toEqual([]);
    const [first, second] = report.dataset.incidents;
    expect(first.title).toBe('A title, with a comma');
    expect(first.summary).toBe('First line\r\nsecond line, with "quotes"\r\nthird line');
    expect(second.title).toBe('Title on two lines');
    expect(second.id).toBe('row-3');
  });

  test('an HXL row is left out silently and counts as row 2', () => {
    const { headers, rows } = parseTable(readFixture('hxl.csv'));
    const report = rowsToDataset(rows, detectLayout(headers), { name: 'x' });
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.id, i.title])).toEqual([
      ['row-3', 'After the HXL row'],
      ['row-4', 'Second data row'],
    ]);
    rows[2] = { ...rows[2], date: 'nope' };
    const bad = rowsToDataset(rows, detectLayout(headers), { name: 'x' });
    expect(rowProblems(bad.problems)).toEqual([[4, 'date', true]]);
  });

  test('firstRow shifts the numbers (rows handed over from a later chunk)', () => {
    const { headers, rows } = parseTable(readFixture('missing-date.csv'));
    const report = rowsToDataset(rows, detectLayout(headers), { name: 'x', firstRow: 10 });
    expect(report.problems.map((p) => p.row)).toEqual([10, 11]);
  });

  test('mixed good and bad rows: the good ones load, each bad one is named by row and column', () => {
    const { report } = loadTable('mixed-good-bad.csv');
    expect(report.dataset.incidents.map((i) => [i.id, i.date, i.coordinates])).toEqual([
      ['good-1', '2024-12-01', [69.2, 34.5]],
      ['good-2', '2024-12-05', [-77.03, -12.25]],
      ['good-3', '2024-12-05', [0, 0]],
    ]);
    expect(rowProblems(report.problems)).toEqual([
      [3, 'date', true],
      [4, 'latitude', true],
      [5, 'date', true],
      [7, 'longitude', true],
      [8, 'longitude', true],
    ]);
    const lines = report.problems.map(describeProblem);
    expect(lines[0]).toMatch(/^row 3: date "31\/02\/2024" is not a date.*; expected a date such as 2024-12-05/);
    expect(lines[1]).toBe('row 4: latitude "abc" is not a number; expected a latitude in decimal degrees (-90 to 90)');
    expect(lines[2]).toMatch(/^row 5: date is empty; expected a date/);
    expect(lines[3]).toBe('row 7: longitude 190.5 is outside -180 to 180; expected a longitude in decimal degrees');
    expect(lines[4]).toMatch(/^row 8: longitude is empty; expected a longitude/);
  });

  test('swapped latitude and longitude are swapped back, with a warning', () => {
    const { report } = loadTable('swapped.csv');
    expect(report.dataset.incidents.map((i) => i.coordinates)).toEqual([
      [120.98, 14.6],
      [69.2, 34.5],
      [-150.5, -12.5],
    ]);
    expect(rowProblems(report.problems)).toEqual([
      [2, 'latitude', false],
      [4, 'latitude', false],
    ]);
    expect(report.problems[0].message).toMatch(/swapped/);
  });

  test('coordinates off the globe are skipped and say so', () => {
    const { report } = loadTable('out-of-range.csv');
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Corner is fine']);
    expect(rowProblems(report.problems)).toEqual([
      [2, 'latitude', true],
      [2, 'longitude', true],
      [3, 'latitude', true],
      [4, 'longitude', true],
    ]);
    expect(report.problems[2].message).toBe('-91 is outside -90 to 90; expected a latitude in decimal degrees');
  });

  test('a missing date skips the row', () => {
    const { report } = loadTable('missing-date.csv');
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Has a date']);
    expect(rowProblems(report.problems)).toEqual([
      [2, 'date', true],
      [3, 'date', true],
    ]);
  });

  test('duplicate ids load under new names, each reported', () => {
    const { report } = loadTable('duplicate-ids.csv');
    expect(report.dataset.incidents.map((i) => i.id)).toEqual(['same', 'same-2', 'same-3', 'other']);
    expect(rowProblems(report.problems)).toEqual([
      [3, 'id', false],
      [4, 'id', false],
    ]);
    expect(report.problems[0]).toMatchObject({ id: 'same' });
    expect(report.problems[0].message).toContain('renamed "same-2"');
  });

  test('__proto__, constructor and other prototype names as columns change nothing', () => {
    const { report, rows } = loadTable('proto-column.csv');
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.id, i.title])).toEqual([['p1', 'Prototype test']]);
    // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
    expect(({} as any).polluted).toBeUndefined();
    // biome-ignore lint/suspicious/noExplicitAny: checking the loaded objects too
    const incident = report.dataset.incidents[0] as any;
    expect(incident.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(incident)).toBe(Object.prototype);
    // A mapping that names such columns reads them as data.
    const mapped = rowsToDataset(
      rows,
      {
        kind: 'generic',
        label: '',
        confident: true,
        mapping: { date: 'date', lat: 'latitude', lon: 'longitude', title: 'constructor', category: 'toString' },
      },
      { name: 'x' },
    );
    expect(mapped.dataset.incidents.map((i) => [i.title, i.category])).toEqual([
      ['{"prototype":{"polluted":"yes"}}', 'y'],
    ]);
    // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
    expect(({} as any).prototype).toBeUndefined();
  });

  test('blank rows are passed over and rows keep their numbers', () => {
    const rows = [
      { date: '2024-12-01', lat: '1', lon: '2' },
      { date: '', lat: '', lon: '' },
      { date: 'bad', lat: '1', lon: '2' },
    ];
    const report = rowsToDataset(rows, detectLayout(['date', 'lat', 'lon']), { name: 'x' });
    expect(report.dataset.incidents).toHaveLength(1);
    expect(rowProblems(report.problems)).toEqual([[4, 'date', true]]);
  });
});

describe('parseLooseDate', () => {
  test.each([
    ['2024-12-05', '2024-12-05'],
    ['2024-12-05T09:30:00Z', '2024-12-05'],
    ['2024-12-05T23:30:00+05:00', '2024-12-05'],
    ['1990-10-04 00:00:00.000', '1990-10-04'],
    ['1733356800000', '2024-12-05'],
    ['20241205', '2024-12-05'],
    ['05 December 2024', '2024-12-05'],
    ['5 December 2024', '2024-12-05'],
    ['05-Dec-24', '2024-12-05'],
    ['5-Dec-2024', '2024-12-05'],
    ['05/12/2024', '2024-12-05'],
    ['05.12.2024', '2024-12-05'],
    ['5 Sept 2024', '2024-09-05'],
    ['December 5, 2024', '2024-12-05'],
    ['2024/12/05', '2024-12-05'],
    ['01-Jan-97', '1997-01-01'],
    ['2024', '2024'],
    ['2024-12', '2024-12'],
    ['Dec 2024', '2024-12'],
    ['2024-12-21~', '2024-12-21~'],
    ['2024-12-16/2024-12-22', '2024-12-16/2024-12-22'],
    ['  2024-12-05  ', '2024-12-05'],
  ])('%s -> %s', (text, date) => {
    expect(parseLooseDate(text)).toMatchObject({ ok: true, date });
  });

  test('epoch milliseconds as a number', () => {
    expect(parseLooseDate(1733356800000)).toMatchObject({ ok: true, date: '2024-12-05' });
  });

  test.each([['31/02/2024'], ['2024-02-30'], ['29-Feb-23'], ['12/25/2024'], ['hello'], ['12345'], ['5 Smarch 2024']])(
    '%s is not a date, and the message says so and what is expected',
    (text) => {
      const result = parseLooseDate(text);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain(`"${text}" is not a date`);
        expect(result.message).toContain('expected');
      }
    },
  );

  test('empty', () => {
    expect(parseLooseDate('  ')).toMatchObject({ ok: false, message: expect.stringMatching(/^is empty; expected/) });
  });
});

describe('parseDecimal', () => {
  test.each([
    ['34.5', 34.5],
    ['-70', -70],
    ['+1.5', 1.5],
    ['.5', 0.5],
    ['1e2', 100],
    ['34,5', 34.5],
    [' 7 ', 7],
  ])('%s -> %s', (text, n) => {
    expect(parseDecimal(text)).toBe(n);
  });
  test.each([[''], ['abc'], ['1.2.3'], ['34°N'], ['1,234,5']])('%s is not a number', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
  test('reads what the pattern it is written to reads, and nothing else', () => {
    const pattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const comma = /^[+-]?\d+,\d+$/;
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('1', '0', '9', '.', ',', '+', '-', 'e', 'E', ' ', 'x'), maxLength: 8 }),
        (text) => {
          const t = text.trim();
          const expected = pattern.test(t) ? Number(t) : comma.test(t) ? Number(t.replace(',', '.')) : undefined;
          expect(parseDecimal(text)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
  test('reads coordinates as Number does, to the last bit, however many digits they have', () => {
    const reference = (t: string) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : undefined);
    const digits = fc.string({
      unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.constantFrom('', '-', '+'), digits, fc.option(digits), (sign, whole, part) => {
        const text = part === null ? `${sign}${whole}` : `${sign}${whole}.${part}`;
        expect(parseDecimal(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: 0, max: 16 }), (x, places) => {
        const text = x.toFixed(places);
        expect(parseDecimal(text)).toBe(Number(text));
        expect(parseDecimal(String(x))).toBe(Number(String(x)));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('oneLine', () => {
  test('collapses white space as the regular expression does, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'B', ' ', '\t', '\n', '\u00a0', '\u2028', '\u007f', 'é'),
          maxLength: 8,
        }),
        (text) => {
          expect(oneLine(text)).toBe(text.replace(/\s+/g, ' ').trim());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
