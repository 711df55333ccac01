import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// A LIMIT or OFFSET spliced into SQL text from a request value is an injection waiting for a
// missing validation, and it makes every page a new statement for PostgreSQL to plan. Lists go
// through pageOf (bound parameters); only a fixed batch size (an UPPER_CASE constant) may be
// written into the text.
const root = join(__dirname, '../../../..');
const INTERPOLATED = /\b(LIMIT|OFFSET)\s+\$\{(?![A-Z][A-Z0-9_]*\})/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) ? [path] : [];
  });
}

function interpolatedPaging(dirs: string[]): string[] {
  return dirs.flatMap(sourceFiles).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(INTERPOLATED)].map(
      (m) => `${relative(root, file)}:${text.slice(0, m.index).split('\n').length}: ${m[0]}…`,
    );
  });
}

describe('paging', () => {
  it('binds LIMIT and OFFSET as parameters in every service and library', () => {
    const dirs = ['apps', 'libs'].flatMap((top) =>
      readdirSync(join(root, top), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(root, top, e.name, 'src')),
    );
    expect(interpolatedPaging(dirs)).toEqual([]);
  });
});
