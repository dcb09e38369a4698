#!/usr/bin/env node
// A vendor lives in its folder: outside src/vendors/ (and the simulators, the generated
// schema types and the vendor enum itself) no source file names a particular vendor, in
// code or in comments. The names come from src/domain/vendor.ts, so a new vendor is
// checked as soon as it is listed there. Run by `npm run lint:layers`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const vendorFile = readFileSync(join(root, 'src/domain/vendor.ts'), 'utf8');

/** Where naming a vendor is the point: its own folder, its simulator, the enum, and the store's migration history (tables as they were made). */
const ALLOWED = [/^src\/vendors\//, /^src\/simulators\//, /^src\/generated\//, /^src\/domain\/vendor\.ts$/, /^src\/store\/migrations\.ts$/];

const enumNames = [...vendorFile.match(/export const VENDORS = \[([^\]]*)\]/)[1].matchAll(/'([A-Z]+)'/g)].map((m) => m[1]);
const displayNames = [...vendorFile.matchAll(/[A-Z]+: '([^']+)'/g)].map((m) => m[1].replace(/^the /, ''));
if (enumNames.length === 0 || displayNames.length !== enumNames.length) throw new Error('could not read the vendor names from src/domain/vendor.ts');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// "rent roll", "rent-roll", "rentroll", "RentRoll", "RENTROLL", "deep.rent", "deeprent", …
const spellings = [...enumNames, ...displayNames].map((name) => escape(name).replace(/\\\.|\s+/g, '[ .-]?'));
const pattern = new RegExp(`(${spellings.join('|')})`, 'i');

const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
const found = [];
for (const file of files(join(root, 'src'))) {
  const path = relative(root, file);
  if (!path.endsWith('.ts') || ALLOWED.some((allowed) => allowed.test(path))) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const match = pattern.exec(line);
    if (match !== null) found.push(`${path}:${i + 1}: names ${JSON.stringify(match[1])}: ${line.trim().slice(0, 120)}`);
  });
}
if (found.length > 0) {
  process.stderr.write(`${found.join('\n')}\n\n${found.length} lines name a vendor outside src/vendors/; say it of "a vendor", or move it into the vendor's module\n`);
  process.exit(1);
}
process.stdout.write('✔ no source file outside src/vendors/ names a vendor\n');
