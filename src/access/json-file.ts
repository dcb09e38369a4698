import { readFileSync } from 'node:fs';

/**
 * Reads a JSON file the gateway is configured with. Failures are `fail(message)`: one
 * line saying what could not be read, or that the text is not JSON. JSON.parse's own
 * message quotes the text around the error, so it is shown only when `showParseError`
 * says the file holds nothing secret.
 */
export function readJsonFile(path: string, expected: string, fail: (message: string) => Error, showParseError: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fail(`expected ${expected} in ${path}, got text that is not JSON${showParseError ? ` (${(error as Error).message})` : ''}`);
  }
}
