import anyAscii from 'any-ascii';

/**
 * Text folding shared by every address part. Folding is one-way and deliberately lossy:
 * two spellings of the same thing must fold to the same string, and nothing else matters.
 */

/**
 * Lower case, every letter brought to ASCII by any-ascii (ß → ss, ü → u, é → e, ø → o,
 * ł → l, æ → ae), apostrophes dropped, dashes of every width made "-". Dots inside letter
 * abbreviations vanish ("N.W." → "nw", "U.S.A." → "usa"); any other dot separates words
 * ("Lindenstr.12" → "lindenstr 12", "St.John" → "st john").
 */
export function fold(text: string): string {
  return anyAscii(text.replace(/['’`´]/g, '').replace(/[‐-―−]/g, '-'))
    .toLowerCase()
    .replace(/(?<![\p{L}\p{N}])(\p{L})\.(?=\p{L}(?![\p{L}\p{N}]))/gu, '$1')
    .replace(/(?<![\p{L}\p{N}])(\p{L})\.(?=\p{L}(?![\p{L}\p{N}]))/gu, '$1')
    .replace(/\./g, ' ');
}

/**
 * German umlauts are written "ü" or "ue" by different systems; after `fold` made
 * "ü" into "u", this makes "ue" into "u" too (likewise ae, oe), so "Müllerstraße" and
 * "Muellerstrasse" agree. Used only where the language is German (a German-speaking
 * country, or a line in the continental order): in English "ue" is no umlaut ("Queen").
 */
export function foldGermanDigraphs(text: string): string {
  return text.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

/** Every run of characters other than letters, digits and "#" becomes one space. */
export function words(text: string): string[] {
  return text
    .replace(/#/g, ' # ')
    .split(/[^\p{L}\p{N}#]+/u)
    .filter((w) => w.length > 0);
}

/** `fold` then `words`, joined by single spaces: "  Hyde-Park  Rd. " → "hyde park rd". */
export function foldWords(text: string): string {
  return words(fold(text)).join(' ');
}

/** "007" → "7", "0" → "0"; other text unchanged. */
export function stripLeadingZeros(value: string): string {
  return /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value;
}
