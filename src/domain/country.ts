import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { foldGermanDigraphs, foldWords } from './text.js';

// Country names in the languages of the markets these vendors serve, from i18n-iso-countries.
const require = createRequire(import.meta.url);
const LOCALES = ['en', 'de', 'fr', 'nl', 'es', 'it'] as const;
for (const locale of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as countries.LocaleData);

/** Informal names no locale lists, folded. */
const INFORMAL_NAMES: Readonly<Record<string, string>> = {
  america: 'US', 'u s': 'US', 'u s a': 'US', usa: 'US', 'united states of america': 'US',
  england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', 'great britain': 'GB', britain: 'GB', uk: 'GB', 'u k': 'GB',
  brd: 'DE', 'bundesrepublik deutschland': 'DE', ger: 'DE',
};

const NAME_TO_CODE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (name: string, code: string) => {
    const folded = foldWords(name);
    if (folded !== '' && !map.has(folded)) map.set(folded, code);
    // German names are written with "ue" for "ü" as often as with the umlaut ("Oesterreich").
    const digraphs = foldGermanDigraphs(folded);
    if (digraphs !== folded && !map.has(digraphs)) map.set(digraphs, code);
  };
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    add(code, code);
    const alpha3 = countries.alpha2ToAlpha3(code);
    if (alpha3 !== undefined) add(alpha3, code);
    for (const locale of LOCALES) {
      for (const name of countries.getName(code, locale, { select: 'all' }) ?? []) add(name, code);
    }
  }
  for (const [name, code] of Object.entries(INFORMAL_NAMES)) map.set(name, code);
  return map;
})();

/**
 * The ISO 3166-1 alpha-2 code of a country as vendors write it: a code ("DE", "deu"), a
 * name in English, German, French, Dutch, Spanish or Italian ("Deutschland", "Royaume-Uni",
 * "Oesterreich"), or a common informal name ("UK", "England", "USA"). Null when the text
 * names no country, which is then no evidence at all.
 */
export function countryCodeOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const folded = foldWords(raw);
  if (folded === '') return null;
  return NAME_TO_CODE.get(folded) ?? NAME_TO_CODE.get(foldGermanDigraphs(folded)) ?? null;
}

