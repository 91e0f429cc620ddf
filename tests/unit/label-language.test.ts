import { readFileSync } from 'node:fs';
import { expression, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { basemapStyle } from '../../src/map/basemap-style';
import { type LabelText, labelText, provinceLabelText } from '../../src/map/label-language';

const text = { type: 'string' } as StylePropertySpecification;

/** What a label expression says for a feature with these properties. */
function say(label: LabelText, properties: Record<string, unknown>): string {
  const compiled = expression.createExpression(label, 'text-field', text);
  if (compiled.result !== 'success') throw new Error(compiled.value.map((e) => e.message).join('; '));
  return String(compiled.value.evaluate({ zoom: 6 }, { type: 'Point', properties } as never));
}

const names = (file: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../public/basemap/names/${file}`, import.meta.url), 'utf8')) as {
      features: { properties: Record<string, string> }[];
    }
  ).features.map((f) => f.properties);
const place = (name: string) => names('places.geojson').find((p) => p.name === name) ?? {};
const province = (name: string) => names('provinces.geojson').find((p) => p.name_en === name) ?? {};

describe('map labels in the page language', () => {
  it("names Kabul in Urdu, Dari and (by Dari's name) Pashto, and in English on an English page", () => {
    expect(say(labelText('en', ['name']), place('Kabul'))).toBe('Kabul');
    expect(say(labelText('ur', ['name']), place('Kabul'))).toBe('کابل');
    expect(say(labelText('fa-AF', ['name']), place('Quetta'))).toBe('کویته');
    expect(say(labelText('ur', ['name']), place('Quetta'))).toBe('کوئٹہ');
    expect(say(labelText('ps', ['name']), place('Quetta'))).toBe('کویته');
  });

  it('falls back to Urdu for Pashto where Natural Earth has no Persian name, then to English', () => {
    expect(say(labelText('ps', ['name']), { name: 'X', name_ur: 'ایکس' })).toBe('ایکس');
    // Most of Natural Earth's small towns have only their English name.
    expect(say(labelText('ps', ['name']), place('Jalalabad'))).toBe('Jalalabad');
    expect(say(labelText('ur', ['name_en', 'name']), { name: 'Sind' })).toBe('Sind');
  });

  it('drops the word for "province", before or after the name, and nothing else', () => {
    expect(say(provinceLabelText('fa-AF', ['name_en']), province('Paktika'))).toBe('پکتیکا');
    expect(say(provinceLabelText('ur', ['name_en']), province('Paktika'))).toBe('پکتیکا');
    expect(say(provinceLabelText('ur', ['name_en']), province('Zabul'))).toBe('زابل');
    expect(say(provinceLabelText('ur', ['name_en']), province('Laghman'))).toBe('لاگھمان');
    expect(say(provinceLabelText('ur', ['name_en']), province('Khyber Pakhtunkhwa'))).toBe('خیبر پختونخوا');
    expect(say(provinceLabelText('ps', ['name_en']), province('Kabul'))).toBe('کابل');
    expect(say(provinceLabelText('en', ['name_en']), province('Kabul'))).toBe('Kabul');
  });

  it('asks for Arabic glyphs only on a page whose labels are in Arabic script', () => {
    const fonts = (tag: string) =>
      new Set(
        basemapStyle('http://x/', tag).layers.flatMap((layer) =>
          layer.type === 'symbol' ? [String(layer.layout?.['text-font'])] : [],
        ),
      );
    expect([...fonts('en')].some((f) => f.includes('Arabic'))).toBe(false);
    for (const tag of ['ur', 'ps', 'fa-AF'])
      expect([...fonts(tag)]).toEqual(['Noto Sans Regular,Noto Sans Arabic Regular']);
  });
});
