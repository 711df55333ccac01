// Writes docs/asyncapi.yaml from the event catalog; with --check, exits 1 when the checked-in
// file differs from what the code generates (CI runs that).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiYaml } from '../libs/contracts/src';

const target = resolve(__dirname, '../docs/asyncapi.yaml');
const generated = asyncApiYaml();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // a missing file is simply out of date
  }
  if (current !== generated) {
    console.error('docs/asyncapi.yaml is out of date with libs/contracts; run `npm run asyncapi` and commit it.');
    process.exit(1);
  }
  console.log('docs/asyncapi.yaml is up to date.');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
