// How imported rows read: the place line the details show and the title the
// list shows, from real UCDP GED rows (ucdp-places.csv, with its expected
// output beside it), ACLED's columns and any table's place columns.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { foldName, placeLine, tidy, titlePlace, ucdpWho } from '../../../src/data/import/table/imported-names';
import { splitSemicolons } from '../../../src/data/import/table/layouts/ucdp';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import { loadTable, readJsonFixture } from './helpers';

interface ExpectedName {
  id: string;
  title: string;
  place: string;
}

/** A place written as the details would fall back to without a name: "24.860, 67.010". */
const COORDINATES = /^-?\d+\.\d+, -?\d+\.\d+$/;

describe('UCDP GED rows (real ones)', () => {
  const { report } = loadTable('ucdp-places.csv');
  const expected = readJsonFixture<{ incidents: ExpectedName[] }>('ucdp-places.expected.json').incidents;

  test('every row loads, with nothing to report', () => {
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => i.id)).toEqual(expected.map((e) => e.id));
  });

  test('titles say who against whom, and where; places read as places', () => {
    expect(report.dataset.incidents.map(({ id, title, place }) => ({ id, title, place }))).toEqual(
      expected.map(({ id, title, place }) => ({ id, title, place })),
    );
  });

  test('no title starts with the conflict\'s name ("Pakistan: Government: ...") and none is long', () => {
    for (const { title } of report.dataset.incidents) {
      expect(title).not.toMatch(/^[^,]*: Government/);
      expect(title.length).toBeLessThan(100);
    }
  });

  test('the row with no where_description (Karachi, 24.86, 67.01) names adm_2 in its place and title', () => {
    const karachi = report.dataset.incidents.find((i) => i.id === 'ucdp-62863');
    expect(karachi?.coordinates).toEqual([67.01, 24.86]);
    expect(karachi?.place).toContain('Karachi district');
    expect(karachi?.title).toContain('Karachi district');
    for (const { place } of report.dataset.incidents) expect(place).not.toMatch(COORDINATES);
  });
});

describe('ACLED rows', () => {
  test('place from location, admin3, admin2, admin1, a name said once; title the event and the place', () => {
    const { report } = loadTable('acled-small.csv');
    // The `location`, `admin3` and `admin2` of PAK90002 are "Mir Ali", "Mir Ali" and "North Waziristan".
    const mirAli = report.dataset.incidents.find((i) => i.id === 'PAK90002');
    expect(mirAli?.place).toBe('Mir Ali, North Waziristan, Khyber Pakhtunkhwa');
    expect(mirAli?.title).toBe('Remote explosive/landmine/IED in Mir Ali');
    // No location, no admin3: the district.
    const kurram = report.dataset.incidents.find((i) => i.id === 'PAK90004');
    expect(kurram?.place).toBe('Kurram, Khyber Pakhtunkhwa');
    expect(kurram?.title).toBe('Attack in Kurram');
  });

  test('the old upper-case columns give places too', () => {
    const { report } = loadTable('acled-old-uppercase.csv');
    expect(report.dataset.incidents.map((i) => i.place)).toEqual([
      'Miranshah, North Waziristan, Federally Administered Tribal Areas',
      'Quetta, Balochistan',
      'Lahore, Punjab',
    ]);
  });
});

describe('any other table', () => {
  const headers = ['date', 'lat', 'lon', 'title', 'City', 'District', 'Province', 'Country'];
  const row = {
    date: '2024-12-05',
    lat: '32.97',
    lon: '70.27',
    title: 'Roadside bomb',
    City: 'Mir Ali',
    District: 'North Waziristan',
    Province: 'Khyber Pakhtunkhwa',
    Country: 'Pakistan',
  };

  test('place, city, district, province... columns make the place line; country is the country', () => {
    const guess = detectLayout(headers);
    expect(guess.mapping).toMatchObject({ place: ['City', 'District', 'Province'], country: 'Country' });
    const { dataset } = rowsToDataset([row], guess, { name: 't.csv' });
    expect(dataset.incidents[0].place).toBe('Mir Ali, North Waziristan, Khyber Pakhtunkhwa');
    expect(dataset.incidents[0].country).toBe('Pakistan');
  });

  test('without place columns there is no place (the details show the coordinates, the only name there is)', () => {
    const { dataset } = rowsToDataset(
      [{ date: '2024-12-05', lat: '32.97', lon: '70.27', title: 'T' }],
      detectLayout(['date', 'lat', 'lon', 'title']),
      { name: 't.csv' },
    );
    expect(dataset.incidents[0].place).toBeUndefined();
  });
});

describe('placeLine', () => {
  test('joins names finest first, each once, whole words compared', () => {
    expect(placeLine(['Mir Ali', 'Mir Ali', 'North Waziristan', 'Khyber Pakhtunkhwa'])).toBe(
      'Mir Ali, North Waziristan, Khyber Pakhtunkhwa',
    );
    expect(placeLine(['Ladha, South Waziristan', 'South Waziristan', 'FATA'])).toBe('Ladha, South Waziristan, FATA');
    // A town and the district named after it are two places.
    expect(placeLine(['Bannu', 'Bannu district'])).toBe('Bannu, Bannu district');
    // "Ali" is a word of "Mir Ali", "Wan" is not one of "Wana".
    expect(placeLine(['Mir Ali', 'Ali'])).toBe('Mir Ali');
    expect(placeLine(['Wana', 'Wan'])).toBe('Wana, Wan');
  });

  test('tidies each name: white space, a trailing full stop; empty names go', () => {
    expect(placeLine(["  Azad (free) Kashmir's\nNeelum valley. ", '', ' ', 'Neelam district'])).toBe(
      "Azad (free) Kashmir's Neelum valley, Neelam district",
    );
    expect(placeLine(['', '  '])).toBe('');
  });
});

describe('titlePlace', () => {
  test('the first short name, a description cut at its first comma', () => {
    expect(titlePlace(['Hayyatabad, on the outskirts of the northwestern city of Peshawar', 'Peshawar district'])).toBe(
      'Hayyatabad',
    );
    expect(titlePlace(['Angah and adjacent areas in Mamoond and Charmang tehsils', 'Bajaur agency'])).toBe(
      'Bajaur agency',
    );
    expect(titlePlace(['', '', 'LoC'])).toBe('LoC');
    expect(titlePlace([])).toBe('');
  });
});

describe('ucdpWho', () => {
  const sides = { dyad: '', conflict: '', violence: '1' };
  test('a government and a rebel group: the group first', () => {
    expect(ucdpWho({ ...sides, sideA: 'Government of Pakistan', sideB: 'TTP' })).toBe('TTP vs Government of Pakistan');
  });
  test('two governments, or two groups: in UCDP order', () => {
    expect(ucdpWho({ ...sides, sideA: 'Government of India', sideB: 'Government of Pakistan' })).toBe(
      'Government of India vs Government of Pakistan',
    );
    expect(ucdpWho({ ...sides, violence: '2', sideA: 'TTP', sideB: 'Lashkar-e-Islam' })).toBe('TTP vs Lashkar-e-Islam');
  });
  test('one-sided violence is against civilians', () => {
    expect(ucdpWho({ ...sides, violence: '3', sideA: 'TTP', sideB: 'Civilians' })).toBe('TTP against civilians');
  });
  test('without sides: the dyad, then the conflict', () => {
    expect(ucdpWho({ ...sides, sideA: '', sideB: '', dyad: 'Government of Pakistan - BLA' })).toBe(
      'Government of Pakistan vs BLA',
    );
    expect(ucdpWho({ ...sides, sideA: '', sideB: '', conflict: 'Pakistan: Balochistan' })).toBe(
      'Pakistan: Balochistan',
    );
  });
});

// Names are read a few times a row: the common ones (ASCII words) take a short
// way. Whatever the name, the short way must give what the regular expressions
// that define folding and tidying give.
describe('short ways agree with the definitions', () => {
  const definedFold = (name: string) =>
    ` ${name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()} `;
  const definedTidy = (name: string) =>
    name
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\s.;,:]+$/, '');
  const definedSplit = (text: string) => {
    const parts: string[] = [];
    let current = '';
    let quoted = false;
    for (const ch of text) {
      if (ch === '"') quoted = !quoted;
      if (ch === ';' && !quoted) {
        parts.push(current);
        current = '';
      } else current += ch;
    }
    parts.push(current);
    return parts.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
  };
  // Names made of the characters that matter: letters of both cases, digits, spaces, punctuation, controls, accents.
  const name = fc.string({
    unit: fc.constantFrom(...'aZ09 ,.;:"\t\n\r\u0000\u0011-éİ\u00a0\u2003ß'.split(''), 'Mir', 'Ali', ' '),
    maxLength: 24,
  });

  test('foldName, tidy and titlePlace', () => {
    fc.assert(
      fc.property(name, (text) => {
        expect(foldName(text)).toBe(definedFold(text));
        expect(tidy(text)).toBe(definedTidy(text));
        const head = definedTidy(definedTidy(text).split(',')[0]);
        expect(titlePlace([text])).toBe(head !== '' && head.length <= 40 ? head : '');
      }),
      { numRuns: 3000 },
    );
  });

  test("UCDP's ; lists, with and without quotes", () => {
    fc.assert(
      fc.property(name, (text) => {
        expect(splitSemicolons(text)).toEqual(definedSplit(text));
      }),
      { numRuns: 3000 },
    );
  });
});
