import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParameterFileError } from './parameter-errors';
import { readParameterFiles } from './read-parameter-files';

const good = `
assistance.example.amount:
  description: An example.
  unit: fen/month
  values:
    "2021-01-01":
      value: 100
      source: Plan 1
    "2020-01-01":
      value: 90
      source: Plan 0
      placeholder: not given
`;

describe('readParameterFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-params-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return () => readParameterFiles(dir);
  };

  it('reads definitions with entries sorted by date', () => {
    expect(read({ 'assistance.yaml': good })()).toEqual([
      {
        key: 'assistance.example.amount',
        description: 'An example.',
        unit: 'fen/month',
        file: 'assistance.yaml',
        entries: [
          { effectiveFrom: '2020-01-01', value: 90, source: 'Plan 0', placeholder: 'not given' },
          { effectiveFrom: '2021-01-01', value: 100, source: 'Plan 1' },
        ],
      },
    ]);
  });

  it.each([
    ['a key outside its file area', { 'child.yaml': good }, /keys are dotted snake_case starting with "child\."/],
    [
      'a key defined in two files',
      { 'assistance.yaml': good, 'assistance.example.yaml': good },
      /assistance\.yaml: assistance\.example\.amount: also defined in assistance\.example\.yaml/,
    ],
    ['an unknown unit', { 'assistance.yaml': good.replace('fen/month', 'yuan/month') }, /unit must be one of/],
    [
      'a fractional amount',
      { 'assistance.yaml': good.replace('value: 100', 'value: 100.5') },
      /2021-01-01: value must be an amount in fen is a non-negative integer/,
    ],
    ['a ratio written as a number', { 'assistance.yaml': good.replace('fen/month', 'ratio') }, /value must be a ratio/],
    [
      'a misspelt field',
      { 'assistance.yaml': good.replace('placeholder:', 'placehodler:') },
      /unknown field "placehodler"/,
    ],
    [
      'an empty placeholder',
      { 'assistance.yaml': good.replace('placeholder: not given', 'placeholder: ""') },
      /placeholder must be non-empty text when present/,
    ],
    [
      'a missing source',
      { 'assistance.yaml': good.replace('      source: Plan 1\n', '') },
      /source must be non-empty text/,
    ],
    [
      'an impossible date',
      { 'assistance.yaml': good.replace('2021-01-01', '2021-02-29') },
      /quoted 'YYYY-MM-DD' calendar dates/,
    ],
    [
      'a missing description',
      { 'assistance.yaml': good.replace('  description: An example.\n', '') },
      /description is required/,
    ],
    ['broken YAML', { 'assistance.yaml': `${good}\n  - [` }, /not valid YAML/],
    ['duplicate dates', { 'assistance.yaml': good.replace('"2020-01-01"', '"2021-01-01"') }, /not valid YAML/],
  ])('refuses %s, naming the file and key', (_what, files, message) => {
    const load = read(files);
    expect(load).toThrow(ParameterFileError);
    expect(load).toThrow(message);
  });

  it('refuses an empty directory', () => {
    expect(() => readParameterFiles(dir)).toThrow(/no parameter files/);
  });
});
