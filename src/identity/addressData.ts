/**
 * Word tables for address normalization. Every key is already folded (lower case,
 * accents removed, ß → ss, no dots), because lookups happen after folding.
 *
 * English street suffixes follow USPS Publication 28, Appendix C1 (the common part of
 * it), plus the British and Canadian types USPS does not list (Close, Crescent,
 * Gardens, Mews, Parade, Rise, ...). German street types have their own table: the
 * same letters mean different things ("allee" is an Allee in Berlin, an Alley to USPS).
 */

export type IdentityCountry = 'US' | 'CA' | 'GB' | 'DE';

/** Country names, ISO 3166 alpha-2 and alpha-3 codes and common informal names. */
export const COUNTRY_ALIASES: Readonly<Record<string, IdentityCountry>> = {
  us: 'US', usa: 'US', 'united states': 'US', 'united states of america': 'US', america: 'US', 'u s': 'US', 'u s a': 'US',
  ca: 'CA', can: 'CA', canada: 'CA',
  gb: 'GB', gbr: 'GB', uk: 'GB', 'u k': 'GB', 'united kingdom': 'GB', 'great britain': 'GB', britain: 'GB',
  england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  de: 'DE', deu: 'DE', ger: 'DE', germany: 'DE', deutschland: 'DE', 'bundesrepublik deutschland': 'DE',
  'federal republic of germany': 'DE',
};

/** US states and territories: folded name or code → USPS code (lower case). */
export const US_REGIONS: Readonly<Record<string, string>> = withCodes({
  al: 'alabama', ak: 'alaska', az: 'arizona', ar: 'arkansas', ca: 'california', co: 'colorado', ct: 'connecticut',
  de: 'delaware', dc: 'district of columbia', fl: 'florida', ga: 'georgia', hi: 'hawaii', id: 'idaho', il: 'illinois',
  in: 'indiana', ia: 'iowa', ks: 'kansas', ky: 'kentucky', la: 'louisiana', me: 'maine', md: 'maryland',
  ma: 'massachusetts', mi: 'michigan', mn: 'minnesota', ms: 'mississippi', mo: 'missouri', mt: 'montana',
  ne: 'nebraska', nv: 'nevada', nh: 'new hampshire', nj: 'new jersey', nm: 'new mexico', ny: 'new york',
  nc: 'north carolina', nd: 'north dakota', oh: 'ohio', ok: 'oklahoma', or: 'oregon', pa: 'pennsylvania',
  ri: 'rhode island', sc: 'south carolina', sd: 'south dakota', tn: 'tennessee', tx: 'texas', ut: 'utah',
  vt: 'vermont', va: 'virginia', wa: 'washington', wv: 'west virginia', wi: 'wisconsin', wy: 'wyoming',
  pr: 'puerto rico', gu: 'guam', vi: 'virgin islands',
});

/** Canadian provinces and territories: folded name (English or French) or code → Canada Post code. */
export const CA_REGIONS: Readonly<Record<string, string>> = {
  ...withCodes({
    ab: 'alberta', bc: 'british columbia', mb: 'manitoba', nb: 'new brunswick', nl: 'newfoundland and labrador',
    ns: 'nova scotia', nt: 'northwest territories', nu: 'nunavut', on: 'ontario', pe: 'prince edward island',
    qc: 'quebec', sk: 'saskatchewan', yt: 'yukon',
  }),
  newfoundland: 'nl', 'colombie britannique': 'bc', 'nouveau brunswick': 'nb', 'nouvelle ecosse': 'ns',
  'ile du prince edouard': 'pe', 'territoires du nord ouest': 'nt', pq: 'qc', que: 'qc', ont: 'on', alta: 'ab',
};

/** German Länder (and their usual ASCII spellings), for the same purpose. */
export const DE_REGIONS: ReadonlySet<string> = new Set([
  'baden wurttemberg', 'baden wuerttemberg', 'bayern', 'bavaria', 'berlin', 'brandenburg', 'bremen', 'hamburg',
  'hessen', 'hesse', 'mecklenburg vorpommern', 'niedersachsen', 'lower saxony', 'nordrhein westfalen',
  'north rhine westphalia', 'rheinland pfalz', 'saarland', 'sachsen', 'saxony', 'sachsen anhalt', 'schleswig holstein',
  'thuringen', 'thueringen', 'bw', 'by', 'be', 'bb', 'hb', 'hh', 'he', 'mv', 'ni', 'nw', 'nrw', 'rp', 'sl', 'sn', 'st',
  'sh', 'th',
]);

/** English street types (US, CA, GB): every spelling → one canonical abbreviation. */
export const EN_STREET_TYPES: Readonly<Record<string, string>> = invert({
  aly: ['alley', 'ally', 'aly'],
  anx: ['annex', 'anex', 'anx'],
  arc: ['arcade', 'arc'],
  ave: ['avenue', 'ave', 'av', 'aven', 'avenu', 'avn', 'avnue'],
  bnk: ['bank', 'bnk'],
  bch: ['beach', 'bch'],
  bnd: ['bend', 'bnd'],
  blf: ['bluff', 'blf'],
  blvd: ['boulevard', 'blvd', 'boul', 'boulv', 'bvd'],
  br: ['branch', 'brnch', 'br'],
  brg: ['bridge', 'brdge', 'brg'],
  brk: ['brook', 'brk'],
  byp: ['bypass', 'bypa', 'byps', 'byp'],
  cswy: ['causeway', 'causwa', 'cswy'],
  ctr: ['center', 'centre', 'cent', 'centr', 'cnter', 'cntr', 'ctr', 'cen'],
  cir: ['circle', 'circ', 'circl', 'crcl', 'crcle', 'cir'],
  cl: ['close', 'cl'],
  clf: ['cliff', 'clf'],
  cmn: ['common', 'cmn'],
  cor: ['corner', 'cor'],
  ct: ['court', 'crt', 'ct'],
  cv: ['cove', 'cv'],
  crk: ['creek', 'crk'],
  cres: ['crescent', 'cres', 'crsnt', 'cresc', 'crst'],
  xing: ['crossing', 'crssng', 'xing'],
  dl: ['dale', 'dl'],
  dr: ['drive', 'driv', 'drv', 'dr'],
  est: ['estate', 'est'],
  expy: ['expressway', 'express', 'expw', 'expy', 'exp'],
  ext: ['extension', 'extn', 'extnsn', 'ext'],
  fls: ['falls', 'fls'],
  fld: ['field', 'fld'],
  frst: ['forest', 'frst'],
  fwy: ['freeway', 'frway', 'frwy', 'fwy'],
  gdn: ['garden', 'gardn', 'grden', 'grdn', 'gdn'],
  gdns: ['gardens', 'grdns', 'gdns'],
  gate: ['gate'],
  gtwy: ['gateway', 'gatewy', 'gatway', 'gtway', 'gtwy'],
  gln: ['glen', 'gln'],
  grn: ['green', 'grn'],
  grv: ['grove', 'grov', 'grv', 'gro', 'gr'],
  hbr: ['harbor', 'harbour', 'harb', 'hbr'],
  hts: ['heights', 'ht', 'hts'],
  hwy: ['highway', 'highwy', 'hiway', 'hiwy', 'hway', 'hwy'],
  hl: ['hill', 'hl'],
  hls: ['hills', 'hls'],
  holw: ['hollow', 'hllw', 'holw'],
  jct: ['junction', 'jction', 'jctn', 'junctn', 'juncton', 'jct'],
  knl: ['knoll', 'knol', 'knl'],
  lk: ['lake', 'lk'],
  lndg: ['landing', 'lndng', 'lndg'],
  ln: ['lane', 'ln'],
  line: ['line'],
  loop: ['loop', 'loops'],
  mall: ['mall'],
  mnr: ['manor', 'mnr'],
  mdw: ['meadow', 'mdw'],
  mdws: ['meadows', 'medows', 'mdws'],
  mews: ['mews'],
  ml: ['mill', 'ml'],
  mtn: ['mountain', 'mntain', 'mntn', 'mtn'],
  orch: ['orchard', 'orchrd', 'orch'],
  oval: ['oval', 'ovl'],
  pde: ['parade', 'pde'],
  park: ['park', 'prk'],
  pkwy: ['parkway', 'parkwy', 'pkway', 'pky', 'pkwy'],
  pass: ['pass'],
  path: ['path'],
  pike: ['pike', 'pikes'],
  pl: ['place', 'pl'],
  pln: ['plain', 'pln'],
  plz: ['plaza', 'plza', 'plz'],
  pt: ['point', 'pt'],
  prt: ['port', 'prt'],
  rnch: ['ranch', 'rnch'],
  rdg: ['ridge', 'rdge', 'rdg'],
  rise: ['rise'],
  riv: ['river', 'rvr', 'rivr', 'riv'],
  rd: ['road', 'rd'],
  row: ['row'],
  rue: ['rue'],
  run: ['run'],
  shr: ['shore', 'shr'],
  sq: ['square', 'sqr', 'sqre', 'squ', 'sq'],
  sta: ['station', 'statn', 'stn', 'sta'],
  st: ['street', 'strt', 'str', 'st'],
  smt: ['summit', 'sumit', 'sumitt', 'smt'],
  ter: ['terrace', 'terr', 'tce', 'ter'],
  tpke: ['turnpike', 'trnpk', 'turnpk', 'tpke'],
  trce: ['trace', 'traces', 'trce'],
  trl: ['trail', 'trails', 'trl'],
  vale: ['vale'],
  vly: ['valley', 'vally', 'vlly', 'vly'],
  vw: ['view', 'vw'],
  vlg: ['village', 'vill', 'villag', 'villg', 'vlg'],
  vis: ['vista', 'vist', 'vst', 'vsta', 'vis'],
  walk: ['walk', 'wlk'],
  way: ['way', 'wy'],
  wynd: ['wynd'],
});

/**
 * Types after which a trailing number belongs to the street ("Highway 7"), not to a unit.
 * Canonical forms.
 */
export const NUMBERED_ROUTE_TYPES: ReadonlySet<string> = new Set(['hwy', 'fwy', 'expy', 'tpke', 'pike', 'line']);

/** German street types: spelling → canonical. Also used to split compounds ("lindenstr"). */
export const DE_STREET_TYPES: Readonly<Record<string, string>> = invert({
  str: ['strasse', 'str', 'strase'],
  weg: ['weg'],
  allee: ['allee'],
  pl: ['platz', 'pl'],
  gasse: ['gasse'],
  ring: ['ring'],
  damm: ['damm'],
  ufer: ['ufer'],
  chaussee: ['chaussee'],
  steig: ['steig'],
  pfad: ['pfad'],
});

/** German compound suffixes, longest first so "strasse" is tried before "str". */
export const DE_COMPOUND_SUFFIXES: readonly string[] = Object.keys(DE_STREET_TYPES).sort((a, b) => b.length - a.length);

export const DIRECTIONALS: Readonly<Record<string, string>> = invert({
  n: ['north', 'n'],
  s: ['south', 's'],
  e: ['east', 'e'],
  w: ['west', 'w'],
  ne: ['northeast', 'ne'],
  nw: ['northwest', 'nw'],
  se: ['southeast', 'se'],
  sw: ['southwest', 'sw'],
});

/** Words that introduce a unit (flat, apartment, suite, Wohnung...). "#" is handled apart. */
export const UNIT_DESIGNATORS: ReadonlySet<string> = new Set([
  'apt', 'apartment', 'appt', 'unit', 'suite', 'ste', 'flat', 'whg', 'wohnung', 'app', 'appartement', 'we',
  'rm', 'room', 'no', 'number', 'lot',
]);

/** Words that introduce a house number, never a unit ("No. 10 Downing Street", "Lindenstr. Nr. 12"). */
export const HOUSE_NUMBER_MARKERS: ReadonlySet<string> = new Set(['nr', 'hausnummer']);

/** Name words with a usual abbreviation, canonical when they are not the street type. */
export const NAME_ABBREVIATIONS: Readonly<Record<string, string>> = {
  saint: 'st', sankt: 'st', mount: 'mt', fort: 'ft',
  first: '1st', second: '2nd', third: '3rd', fourth: '4th', fifth: '5th', sixth: '6th', seventh: '7th',
  eighth: '8th', ninth: '9th', tenth: '10th', eleventh: '11th', twelfth: '12th', thirteenth: '13th',
  fourteenth: '14th', fifteenth: '15th', sixteenth: '16th', seventeenth: '17th', eighteenth: '18th',
  nineteenth: '19th', twentieth: '20th',
};

/** City words with a usual abbreviation ("St. Louis" = "Saint Louis"). */
export const CITY_ABBREVIATIONS: Readonly<Record<string, string>> = {
  saint: 'st', sainte: 'ste', sankt: 'st', mount: 'mt', fort: 'ft',
};

/** Unit values that mean "no unit" in vendor exports. */
export const EMPTY_UNIT_VALUES: ReadonlySet<string> = new Set(['', 'na', 'n a', 'none', 'null', 'nil']);

function withCodes(names: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, name] of Object.entries(names)) {
    out[code] = code;
    out[name] = code;
  }
  return out;
}

function invert(table: Record<string, readonly string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [canonical, spellings] of Object.entries(table)) {
    for (const spelling of spellings) out[spelling] = canonical;
  }
  return out;
}
