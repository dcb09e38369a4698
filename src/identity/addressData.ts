/**
 * Word tables for address normalization. Every key is already folded (lower case,
 * accents removed, ß → ss, no dots), because lookups happen after folding.
 *
 * English street suffixes follow USPS Publication 28, Appendix C1 (the common part of
 * it), plus the British and Canadian types USPS does not list (Close, Crescent,
 * Gardens, Mews, Parade, Rise, ...). German street types have their own table: the
 * same letters mean different things ("allee" is an Allee in Berlin, an Alley to USPS).
 */

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

/**
 * German Länder: folded name (German or English, umlauts as "u" or "ue" folded alike by
 * foldGermanDigraphs) or the usual two-letter abbreviation → that abbreviation.
 */
export const DE_REGIONS: Readonly<Record<string, string>> = {
  ...withCodes({
    bw: 'baden wurttemberg', by: 'bayern', be: 'berlin', bb: 'brandenburg', hb: 'bremen', hh: 'hamburg', he: 'hessen',
    mv: 'mecklenburg vorpommern', ni: 'niedersachsen', nw: 'nordrhein westfalen', rp: 'rheinland pfalz', sl: 'saarland',
    sn: 'sachsen', st: 'sachsen anhalt', sh: 'schleswig holstein', th: 'thuringen',
  }),
  bavaria: 'by', hesse: 'he', 'lower saxony': 'ni', 'north rhine westphalia': 'nw', nrw: 'nw', saxony: 'sn',
  'saxony anhalt': 'st', 'rhineland palatinate': 'rp', thuringia: 'th', 'mecklenburg western pomerania': 'mv',
};

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
  rte: ['route', 'rte'],
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
export const NUMBERED_ROUTE_TYPES: ReadonlySet<string> = new Set(['hwy', 'fwy', 'expy', 'tpke', 'pike', 'line', 'rte']);

/**
 * German street types (Austria and Switzerland write the same): spelling → canonical.
 * Also used to split compounds ("Lindenstr." → "linden str"). No key holds ae, oe or ue,
 * so lookups after foldGermanDigraphs find them.
 */
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
  stieg: ['stieg'],
  pfad: ['pfad'],
  twiete: ['twiete'],
  wall: ['wall'],
  graben: ['graben'],
  kai: ['kai'],
  zeile: ['zeile'],
});

/** Dutch street types, written joined to the name ("Keizersgracht"); a sign of a Dutch or Flemish line. */
export const NL_STREET_SUFFIXES: readonly string[] = ['straat', 'gracht', 'laan', 'plein', 'kade', 'singel', 'dijk', 'steeg'];

/**
 * French street types, written before the name ("rue Fleury", "boul. René-Lévesque",
 * "ch. de la Côte-des-Neiges"), as in Quebec, France, Belgium and Switzerland:
 * spelling → canonical, using the English canonical where the word is shared.
 */
export const FR_STREET_TYPES: Readonly<Record<string, string>> = invert({
  rue: ['rue', 'r'],
  blvd: ['boulevard', 'boul', 'bd', 'blvd'],
  ave: ['avenue', 'av', 'ave'],
  ch: ['chemin', 'ch'],
  pl: ['place', 'pl'],
  allee: ['allee'],
  imp: ['impasse', 'imp'],
  mtee: ['montee', 'mtee'],
  rang: ['rang'],
  rte: ['route', 'rte'],
  prom: ['promenade', 'prom'],
  quai: ['quai'],
  cours: ['cours'],
  crois: ['croissant', 'crois'],
  carre: ['carre'],
});

/** French compass points after a street ("rue Fleury O"): spelling → the canonical of DIRECTIONALS. */
export const FR_DIRECTIONALS: Readonly<Record<string, string>> = invert({
  n: ['nord', 'n'],
  s: ['sud', 's'],
  e: ['est', 'e'],
  w: ['ouest', 'o'],
  ne: ['nord est', 'ne'],
  nw: ['nord ouest', 'no'],
  se: ['sud est', 'se'],
  sw: ['sud ouest', 'so'],
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

/**
 * Words that introduce a unit: USPS Publication 28 secondary unit designators, Canada
 * Post's (English and French: app, bureau), British (flat, studio) and German ones
 * (Wohnung, Whg., WE = Wohneinheit, App.). "#" is handled apart.
 */
export const UNIT_DESIGNATORS: ReadonlySet<string> = new Set([
  'apt', 'apartment', 'appt', 'unit', 'suite', 'ste', 'flat', 'studio', 'whg', 'wohnung', 'app', 'appartement', 'we',
  'rm', 'room', 'no', 'number', 'lot', 'bureau', 'piece', 'trlr', 'spc', 'space', 'nr',
]);

/**
 * Units named by a word instead of a number (USPS: BSMT, FRNT, LBBY, LOWR, OFC, PH, REAR,
 * SIDE, UPPR): spelling → canonical unit. A penthouse may carry a number ("PH 2" → "ph2").
 */
export const WORD_UNITS: Readonly<Record<string, string>> = invert({
  fb: ['basement', 'bsmt', 'souterrain', 'ug', 'kg', 'untergeschoss', 'kellergeschoss'],
  front: ['front', 'frnt'],
  lobby: ['lobby', 'lbby'],
  lower: ['lower', 'lowr'],
  upper: ['upper', 'uppr'],
  ofc: ['office', 'ofc'],
  rear: ['rear'],
  side: ['side'],
  ph: ['penthouse', 'ph'],
});

/** Words for a floor (English and German): "6th Fl", "Floor 6", "2. OG", "3. Stock", "1. Etage". */
export const FLOOR_WORDS: ReadonlySet<string> = new Set(['floor', 'fl', 'flr', 'og', 'obergeschoss', 'stock', 'etage', 'stockwerk', 'level', 'lvl']);

/** Floors named by a word: spelling → canonical floor ("0" ground, "b" below ground, "dg" attic, "top"). */
export const NAMED_FLOORS: Readonly<Record<string, string>> = invert({
  0: ['ground', 'eg', 'erdgeschoss', 'parterre', 'hochparterre', 'gf', 'rdc'],
  b: ['basement', 'ug', 'kg', 'untergeschoss', 'kellergeschoss', 'souterrain', 'lower ground', 'lg'],
  dg: ['dg', 'dachgeschoss'],
  top: ['top'],
});

/** British lettings shorthand for floor flats: GFF = ground floor flat, FFF = first, SFF = second. */
export const FLOOR_FLAT_SHORTHAND: Readonly<Record<string, string>> = { gff: '0', fff: '1', sff: '2' };

/** Position on a German floor ("2. OG links"): spelling → canonical. */
export const FLOOR_SIDES: Readonly<Record<string, string>> = invert({
  l: ['links', 'li', 'left'],
  r: ['rechts', 're', 'right'],
  m: ['mitte', 'mi', 'middle'],
});

/** Parts of a Berlin-style courtyard building: Vorderhaus, Hinterhaus, Seitenflügel, Quergebäude. */
export const BUILDING_PARTS: Readonly<Record<string, string>> = invert({
  vh: ['vh', 'vorderhaus'],
  hh: ['hh', 'hinterhaus'],
  sf: ['sf', 'seitenflugel', 'seitenfluegel'],
  qg: ['qg', 'quergebaude', 'quergebaeude'],
  gh: ['gh', 'gartenhaus'],
});

/** Last words of a British building name ("Albion House", "Ziggurat Building", "Rose Cottage"). */
export const BUILDING_WORDS: ReadonlySet<string> = new Set([
  'house', 'building', 'buildings', 'mansions', 'lodge', 'cottage', 'cottages', 'court', 'tower', 'towers', 'apartments',
  'chambers', 'hall', 'flats', 'centre', 'center', 'manor', 'view', 'works', 'mill', 'wharf', 'point', 'place', 'heights',
]);

/** Words that introduce a house number, never a unit ("Lindenstr. Nr. 12", "Hausnummer 12"). */
export const HOUSE_NUMBER_MARKERS: ReadonlySet<string> = new Set(['nr', 'hausnummer', 'hnr']);

/**
 * Name words with a usual abbreviation, canonical when they are not the street type.
 * Ordinals become plain numbers: "Fifth Avenue", "5th Ave" and "5 Ave" are one street
 * (Canada Post and USPS both write the ordinal; Edmonton and Calgary signs often do not).
 */
export const NAME_ABBREVIATIONS: Readonly<Record<string, string>> = {
  saint: 'st', sankt: 'st', sainte: 'ste', mount: 'mt', fort: 'ft',
  first: '1', second: '2', third: '3', fourth: '4', fifth: '5', sixth: '6', seventh: '7',
  eighth: '8', ninth: '9', tenth: '10', eleventh: '11', twelfth: '12', thirteenth: '13',
  fourteenth: '14', fifteenth: '15', sixteenth: '16', seventeenth: '17', eighteenth: '18',
  nineteenth: '19', twentieth: '20',
};

/** German name words with a usual abbreviation: "Gr. Bergstr." = "Große Bergstraße". */
export const DE_NAME_ABBREVIATIONS: Readonly<Record<string, string>> = {
  gr: 'gross', grosse: 'gross', grosser: 'gross', grosses: 'gross', grossen: 'gross',
  kl: 'klein', kleine: 'klein', kleiner: 'klein', kleines: 'klein', kleinen: 'klein',
  st: 'st', sankt: 'st', hl: 'heilig', heilige: 'heilig', heiligen: 'heilig',
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
