// UCDP GED (twenty rows of the real sample) and ACLED headers mapped to the bundle's columns; bad
// rows skipped and counted; a table of no known layout refused with the columns it has.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, test } from 'vitest';
import { UnknownColumnsError } from '../../../scripts/pack/input-layouts';
import { pack } from '../../../scripts/pack/pack';
import { dayFromIso } from '../../../src/data/bundle/days';
import { BUNDLE_COLUMNS } from '../../../src/data/bundle/manifest';
import { readParquetFile, tempDir } from './helpers';

const temp = tempDir('layouts');
afterAll(() => temp.remove());

/** Packs `csv` and returns every row of the bundle by id, with the manifest. */
async function packText(name: string, csv: string) {
  writeFileSync(join(temp.dir, name), csv);
  const out = join(temp.dir, name.replace('.csv', ''));
  const { manifest } = await pack(join(temp.dir, name), out);
  const rows = new Map<string, Record<string, unknown>>();
  for (const file of manifest.files) {
    for (const row of (await readParquetFile(join(out, file.path), [...BUNDLE_COLUMNS])).rows) {
      rows.set(String(row.id), row);
    }
  }
  return { manifest, rows };
}

const day = dayFromIso;

describe('pack: UCDP GED', () => {
  const sample = readFileSync(new URL('../../fixtures/ucdp-ged-22.1-pakistan.csv', import.meta.url), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(sample, { header: true, skipEmptyLines: true });
  // The HDX hashtag row and the first twenty events.
  const csv = Papa.unparse({ fields: parsed.meta.fields ?? [], data: parsed.data.slice(0, 21) });

  test('dates from date_start and date_end, written by date_prec; the hashtag row dropped', async () => {
    const { manifest, rows } = await packText('ucdp.csv', csv);
    expect(manifest.source).toBe('ucdp');
    expect(manifest.rows).toBe(20);
    expect(rows.get('ucdp-59553')).toMatchObject({
      date: '1990-10-04',
      day: day('1990-10-04'),
      last_day: day('1990-10-04'),
    });
    // date_prec 4 over exactly July 1994: the month.
    expect(rows.get('ucdp-373010')).toMatchObject({
      date: '1994-07',
      day: day('1994-07-01'),
      last_day: day('1994-07-31'),
    });
    // date_prec 5 but not a whole year, date_prec 4 over half a month: the interval.
    expect(rows.get('ucdp-372703')).toMatchObject({
      date: '1994-01-01/1994-06-28',
      day: day('1994-01-01'),
      last_day: day('1994-06-28'),
    });
    expect(rows.get('ucdp-54998')).toMatchObject({ date: '1994-04-25/1994-05-10' });
    expect(rows.get('ucdp-372707')).toMatchObject({ date: '1994-09-07/1994-09-12', last_day: day('1994-09-12') });
    // Over more than 7 days: 372703, 54998 and 373010 are in the long series.
    expect(manifest.files.find((f) => f.series === 'long')?.rows).toBe(3);
  });

  test('who, where, category, precision, deaths and sources', async () => {
    const { rows } = await packText('ucdp.csv', csv);
    expect(rows.get('ucdp-59553')).toMatchObject({
      title: 'Government of India vs Government of Pakistan, Kel sector of the control line',
      category: 'state-based',
      location_precision: 'town',
      country: 'Pakistan',
      fatalities: 2,
      lat: 34.821865,
      lon: 74.355544,
      place: 'Kel sector of the control line, Neelam district, Azad Jammu & Kashmir',
      actors: 'Government of India; Government of Pakistan',
    });
    expect(String(rows.get('ucdp-59553')?.summary)).toMatch(
      /^Best estimate 2 deaths \(low 2, high 2\)\. Side A: Government of India; side B: Government of Pakistan\./,
    );
    expect(JSON.parse(String(rows.get('ucdp-59553')?.sources))).toEqual([
      { title: 'R 4/10 1990', publisher: 'UCDP GED' },
    ]);
    // where_prec 4 is a province, 5 (a linear feature) a district; no description: where_coordinates.
    expect(rows.get('ucdp-54994')).toMatchObject({ location_precision: 'province' });
    expect(rows.get('ucdp-372707')).toMatchObject({ location_precision: 'district', place: 'LoC' });
    expect(JSON.parse(String(rows.get('ucdp-372707')?.sources))).toEqual([
      { title: '"Reuters News,1994-09-21,Pakistan says India breaks Kashmir ceasefire."', publisher: 'Reuters News' },
    ]);
  });
});

describe('pack: ACLED', () => {
  const header =
    'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';
  const csv = [
    header,
    'PAK1001,05 December 2024,2024,1,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,1,TTP: Tehreek-i-Taliban Pakistan,,2,12,,586,Caucasus and Central Asia,Pakistan,Khyber Pakhtunkhwa,South Waziristan,,Wana,32.2989,69.5725,1,Dawn,National,"On 5 December 2024, soldiers and TTP militants clashed near Wana.",4,,1733900000',
    'PAK1002,2024-12-10,2024,2,Demonstrations,Protests,Peaceful protest,Protesters (Pakistan),Traders (Pakistan),6,,,0,60,,586,South Asia,Pakistan,Punjab,Lahore,,Lahore,31.5497,74.3436,2,The News,National,,0,,1733900000',
    'PAK1003,12-Nov-24,2024,3,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Pakistan),,3,Civilians (Pakistan),,7,37,Civilian targeting,586,South Asia,Pakistan,Balochistan,Quetta,,Quetta,30.1798,66.975,3,,Subnational,Gunmen attacked a bus.,2,,1733900000',
    // A day the calendar lacks, a point off the globe, and latitude and longitude swapped.
    'PAK1004,31/02/2024,2024,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,586,South Asia,Pakistan,Punjab,Lahore,,Lahore,31.5,74.3,1,X,National,,0,,1',
    'PAK1005,2024-12-11,2024,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,586,South Asia,Pakistan,Punjab,Lahore,,Lahore,31.5,274.3,1,X,National,,0,,1',
    'PAK1006,2024-12-12,2024,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,586,South Asia,Pakistan,Punjab,Lahore,,Lahore,174.3,31.5,1,X,National,,0,,1',
  ].join('\r\n');

  test("event_date in any of ACLED's forms, time_precision 2 a week around it and 3 its month", async () => {
    const { manifest, rows } = await packText('acled.csv', csv);
    expect(manifest.source).toBe('acled');
    expect(rows.get('PAK1001')).toMatchObject({
      date: '2024-12-05',
      day: day('2024-12-05'),
      last_day: day('2024-12-05'),
    });
    expect(rows.get('PAK1002')).toMatchObject({
      date: '2024-12-07/2024-12-13',
      day: day('2024-12-07'),
      last_day: day('2024-12-13'),
    });
    expect(rows.get('PAK1003')).toMatchObject({ date: '2024-11', day: day('2024-11-01'), last_day: day('2024-11-30') });
  });

  test('category, title, place, precision, actors, deaths, notes and source', async () => {
    const { rows } = await packText('acled.csv', csv);
    expect(rows.get('PAK1001')).toMatchObject({
      category: 'battles',
      title: 'Armed clash in Wana',
      place: 'Wana, South Waziristan, Khyber Pakhtunkhwa',
      location_precision: 'town',
      country: 'Pakistan',
      actors: 'Military Forces of Pakistan (2018-); TTP: Tehreek-i-Taliban Pakistan',
      fatalities: 4,
      summary: 'On 5 December 2024, soldiers and TTP militants clashed near Wana.',
      lat: 32.2989,
      lon: 69.5725,
    });
    expect(JSON.parse(String(rows.get('PAK1001')?.sources))).toEqual([
      { title: 'ACLED event PAK1001', publisher: 'Dawn' },
    ]);
    expect(rows.get('PAK1002')).toMatchObject({
      category: 'protests',
      location_precision: 'district',
      actors: 'Protesters (Pakistan); Traders (Pakistan)',
      place: 'Lahore, Punjab',
      fatalities: 0,
    });
    expect(rows.get('PAK1003')).toMatchObject({
      category: 'violence-against-civilians',
      location_precision: 'province',
    });
  });

  test('a row without a real day or a point on the globe is skipped and counted; a swapped one is swapped back', async () => {
    const { manifest, rows } = await packText('acled.csv', csv);
    expect(manifest.skipped).toEqual({ date: 1, coordinates: 1 });
    expect([rows.has('PAK1004'), rows.has('PAK1005')]).toEqual([false, false]);
    expect(manifest.swapped).toBe(1);
    expect(rows.get('PAK1006')).toMatchObject({ lat: 31.5, lon: 174.3 });
    expect(manifest.rows).toBe(4);
  });
});

describe('pack: what it refuses', () => {
  test('a table of no known layout: the columns it has and what each layout needs', async () => {
    writeFileSync(join(temp.dir, 'other.csv'), 'when,where,what\n2024-01-01,Kabul,something\n');
    const packing = pack(join(temp.dir, 'other.csv'), join(temp.dir, 'other'));
    await expect(packing).rejects.toThrow(UnknownColumnsError);
    await expect(packing).rejects.toThrow(/from its columns \(when, where, what\)[\s\S]*UCDP GED[\s\S]*ACLED/);
  });

  test('a missing input is named', async () => {
    await expect(pack(join(temp.dir, 'none.csv'), join(temp.dir, 'none'))).rejects.toThrow(/none\.csv: no such file/);
  });
});
