import { describe, expect, it } from 'vitest';
import {
  clusterRecords, matchKeys, normalizeAddress, OverridesError, parseOverrides, parseOverridesJson,
} from '../../src/identity/index.js';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof OverridesError) return error.problems;
    throw error;
  }
  throw new Error('expected an OverridesError, got none');
}

describe('parseOverrides', () => {
  it('reads link and unlink pairs', () => {
    const overrides = parseOverridesJson('{"link": [["RENTROLL:1001", "LEASEY:512"]], "unlink": [["RENTROLL:1002", "RENTENGINE:3320"]]}');
    expect(overrides).toEqual({ link: [['RENTROLL:1001', 'LEASEY:512']], unlink: [['RENTROLL:1002', 'RENTENGINE:3320']] });
  });

  it('treats a missing list as empty', () => {
    expect(parseOverrides({ unlink: [['STURENTS:SR7001', 'DEEPRENT:obj-1']] })).toEqual({ link: [], unlink: [['STURENTS:SR7001', 'DEEPRENT:obj-1']] });
  });

  it('names a ref with an unknown vendor and what arrived', () => {
    const problems = problemsOf(() => parseOverrides({ link: [['RENTROLL:1', 'LEASEY:2'], ['RENTROLL:3', 'ZILLOW:4']] }));
    expect(problems).toEqual([
      'link[1][1]: expected "VENDOR:externalId" with VENDOR one of RENTROLL, RENTENGINE, LEASEY, STURENTS, DEEPRENT, got "ZILLOW:4"',
    ]);
  });

  it('names a ref without an id', () => {
    expect(problemsOf(() => parseOverrides({ unlink: [['RENTROLL:', 'LEASEY:2']] }))[0]).toMatch(/^unlink\[0\]\[0\]: .*got "RENTROLL:"/);
  });

  it('names an entry that is not a pair', () => {
    expect(problemsOf(() => parseOverrides({ link: [['RENTROLL:1']] }))[0]).toMatch(/^link\[0\]: /);
    expect(problemsOf(() => parseOverrides({ link: ['RENTROLL:1'] }))[0]).toMatch(/^link\[0\]: expected a pair of refs .*got "RENTROLL:1"/);
  });

  it('names a pair that repeats one ref', () => {
    expect(problemsOf(() => parseOverrides({ link: [['LEASEY:2', 'LEASEY:2']] }))).toEqual([
      'link[0]: expected two different refs, got ["LEASEY:2","LEASEY:2"]',
    ]);
  });

  it('names an unknown top-level key', () => {
    expect(problemsOf(() => parseOverrides({ links: [] }))[0]).toMatch(/links/);
  });

  it('rejects a pair that is both linked and unlinked, naming both entries', () => {
    const problems = problemsOf(() => parseOverrides({ link: [['RENTROLL:1', 'LEASEY:2']], unlink: [['LEASEY:2', 'RENTROLL:1']] }));
    expect(problems).toEqual(['unlink[0]: LEASEY:2 and RENTROLL:1 are also linked by link[0]; a pair is either linked or unlinked']);
  });

  it('reports a JSON syntax error with the file name', () => {
    expect(() => parseOverridesJson('{"link": [', 'identity-overrides.json')).toThrow(/^identity-overrides\.json is not a valid overrides file:\n  - expected JSON/);
  });

  it('reports something other than an object', () => {
    expect(problemsOf(() => parseOverrides([]))).toEqual(['(top level): expected an object with "link" and "unlink" lists, got []']);
  });
});

describe('overrides applied to address matches', () => {
  const keyed = (ref: string, line1: string, unitNumber: string | null) => ({
    ref,
    keys: matchKeys(normalizeAddress({ line1, unitNumber, city: 'Leeds', postalCode: 'LS6 1AB', country: 'GB' })),
  });

  it('links a flat the rules cannot see is the same', () => {
    const records = [keyed('STURENTS:SR1', '10 Hyde Park Road', 'Top Flat'), keyed('DEEPRENT:d1', 'Flat 3, 10 Hyde Park Road', null)];
    expect(clusterRecords(records).groups).toHaveLength(2);
    const overrides = parseOverrides({ link: [['DEEPRENT:d1', 'STURENTS:SR1']] });
    expect(clusterRecords(records, overrides).groups).toEqual([['STURENTS:SR1', 'DEEPRENT:d1']]);
  });

  it('unlinks two records the rules take for one unit', () => {
    const records = [keyed('STURENTS:SR1', '10 Hyde Park Road', '2'), keyed('DEEPRENT:d1', 'Flat 2, 10 Hyde Park Road', null)];
    expect(clusterRecords(records).groups).toHaveLength(1);
    const overrides = parseOverrides({ unlink: [['STURENTS:SR1', 'DEEPRENT:d1']] });
    expect(clusterRecords(records, overrides).groups).toEqual([['STURENTS:SR1'], ['DEEPRENT:d1']]);
  });
});

describe('records an unlinkRecord keeps alone', () => {
  const keyed = (ref: string) => ({
    ref,
    keys: matchKeys(normalizeAddress({ line1: '10 Hyde Park Road', unitNumber: '2', city: 'Leeds', postalCode: 'LS6 1AB', country: 'GB' })),
  });
  const records = [keyed('RENTROLL:1'), keyed('LEASEY:7'), keyed('DEEPRENT:d1')];

  it('joins nothing, while the records equal to it stay one unit', () => {
    const { groups, matchedBy } = clusterRecords(records, { link: [], unlink: [], alone: ['RENTROLL:1'] });
    expect(groups).toEqual([['RENTROLL:1'], ['LEASEY:7', 'DEEPRENT:d1']]);
    expect(matchedBy.get('RENTROLL:1')).toBe('unlinked');
    expect(matchedBy.get('LEASEY:7')).toBe('postal+street+number+unit');
  });

  it('wins over a link naming it, and a link between the others still names them', () => {
    const { groups, matchedBy } = clusterRecords(records, { link: [['RENTROLL:1', 'LEASEY:7'], ['LEASEY:7', 'DEEPRENT:d1']], unlink: [], alone: ['RENTROLL:1'] });
    expect(groups).toEqual([['RENTROLL:1'], ['LEASEY:7', 'DEEPRENT:d1']]);
    expect(matchedBy.get('DEEPRENT:d1')).toBe('override');
  });
});
