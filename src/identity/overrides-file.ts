import { readFileSync } from 'node:fs';
import { OverridesError, parseOverridesJson, type Overrides } from './overrides.js';

/** Reads and checks an overrides file; throws an OverridesError naming the file and every bad entry. */
export function readOverridesFile(path: string): Overrides {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new OverridesError(path, [`expected a readable JSON file, got ${code} (${(error as Error).message})`]);
  }
  return parseOverridesJson(text, path);
}
