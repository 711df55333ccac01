import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The done-when: "lint proves contracts import no I/O library". This lints source text as
// if it were a file of libs/contracts, with the workspace's real eslint.config.mjs and Nx graph.
// ESLint runs in a child process because jest cannot load the ES-module config file.
const root = join(__dirname, '../../..');
const probe = join(root, 'libs/contracts/src/boundary-probe.ts');

const runner = `
const { createProjectGraphAsync } = require('@nx/devkit');
const { ESLint } = require('eslint');
(async () => {
  // The boundary rule reads the cached project graph and skips itself without one (fresh clone).
  // A graph error elsewhere in the workspace leaves the last cached graph; without any, the
  // expectations below fail rather than pass silently.
  await createProjectGraphAsync({ exitOnError: false }).catch(() => console.error('project graph not rebuilt; using the cached one'));
  const eslint = new ESLint({ cwd: process.argv[1] });
  const out = [];
  for (const source of JSON.parse(require('fs').readFileSync(0, 'utf8'))) {
    const [result] = await eslint.lintText(source, { filePath: process.argv[2] });
    out.push(result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
  }
  process.stdout.write('\\nRESULT ' + JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function boundaryErrors(...sources: string[]): string[][] {
  const out = execFileSync(process.execPath, ['-e', runner, root, probe], {
    cwd: root,
    input: JSON.stringify(sources),
    encoding: 'utf8',
    timeout: 120000,
  });
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`eslint runner printed no result:\n${out}`);
  return JSON.parse(line.slice('RESULT '.length));
}

const ioLibraries = ['kafkajs', 'pg', 'typeorm', '@nestjs/typeorm', '@nestjs/microservices', 'express', 'fastify'];

describe('the contracts lint boundary', () => {
  it('fails lint for each I/O library contracts import, and passes validation libraries and @civic/identity', () => {
    const [forbidden, allowed] = boundaryErrors(
      ioLibraries.map((lib, i) => `import * as io${i} from '${lib}';\nexport const x${i} = io${i};\n`).join(''),
      `import { IsString } from 'class-validator';\nimport { Type } from 'class-transformer';\nimport { maskResidentId } from '@civic/identity';\nexport const x = [IsString, Type, maskResidentId];\n`,
    );
    expect(forbidden).toEqual(
      ioLibraries.map((lib) => `A project tagged with "scope:contracts" is not allowed to import "${lib}"`),
    );
    expect(allowed).toEqual([]);
  }, 120000);
});
