import { describe, expect, it } from 'vitest';
import { ArrayElements } from '../../src/vendors/http/array-elements.js';

/** The elements of `text` written in three chunks cut at `first` and `second` (byte offsets), or the error thrown. */
function read(text: string, first: number, second: number): { elements: unknown[]; done: boolean } | { error: string } {
  const elements: unknown[] = [];
  const splitter = new ArrayElements((value) => elements.push(value));
  const bytes = Buffer.from(text);
  try {
    splitter.write(bytes.subarray(0, first));
    splitter.write(bytes.subarray(first, second));
    splitter.write(bytes.subarray(second));
  } catch (error) {
    return { error: (error as Error).name };
  }
  return { elements, done: splitter.done };
}

/** What `read` gives for every pair of cut points, each distinct answer once. */
function everyCut(text: string): unknown[] {
  const length = Buffer.byteLength(text);
  const answers = new Map<string, unknown>();
  for (let first = 0; first <= length; first++) {
    for (let second = first; second <= length; second++) {
      const answer = read(text, first, second);
      answers.set(JSON.stringify(answer), answer);
    }
  }
  return [...answers.values()];
}

describe('the elements of a JSON array read in chunks', () => {
  it('finds every element whatever byte the chunks end at, brackets, commas and escapes inside strings included', () => {
    const text = ' [{"a":"]}\\"x,[","b":[1,{"c":[]}]}, [1,[2]] ,"s\\\\",null, true ,-1.5e3,{"ü":"é€𝄞"}]\n';
    expect(everyCut(text)).toEqual([{ elements: JSON.parse(text), done: true }]);
  });

  it('reads an empty array', () => {
    expect(everyCut('[ ]')).toEqual([{ elements: [], done: true }]);
  });

  it('is not done with an array that broke off, and has handed over the elements it completed', () => {
    expect(read('[{"a":1},{"b"', 3, 9)).toEqual({ elements: [{ a: 1 }], done: false });
  });

  it.each([
    ['a missing element', '[1,,2]'],
    ['a trailing comma', '[1,]'],
    ['a leading comma', '[,1]'],
    ['two elements without a comma', '[{"a":1} {"b":2}]'],
    ['two scalars without a comma', '[1 2]'],
    ['a stray closing brace', '[{"a":1}}]'],
    ['an element that is no JSON', '[{"a":1]}]'],
    ['no array', '{"a":1}'],
    ['text after the array', '[1] x'],
  ])('refuses %s with a SyntaxError at every cut', (_what, text) => {
    expect(everyCut(text)).toEqual([{ error: 'SyntaxError' }]);
  });
});
