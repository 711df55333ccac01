/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is read freely here */
import { TypeScriptGenerator } from '@asyncapi/modelina';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { parse } from 'yaml';

// What an integrator does with docs/asyncapi.yaml: generate TypeScript classes with Modelina (the
// generator behind `asyncapi generate models typescript`) and compile them under --strict. Every
// payload, envelope and value list must come out as a named model, once.
const document = parse(readFileSync(resolve(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8'), {
  version: '1.1',
}) as any;

describe('models generated from the AsyncAPI document', () => {
  let models: { modelName: string; result: string }[];
  beforeAll(async () => {
    const generator = new TypeScriptGenerator({ modelType: 'class', enumType: 'enum' });
    models = await generator.generateCompleteModels(document, { exportType: 'named' });
  }, 60000);

  it('are all named, each once', () => {
    const names = models.map((m) => m.modelName);
    expect(names.filter((n) => /^(AnonymousSchema|Reserved)/i.test(n))).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('include every object schema and value list a message payload reaches, under its components.schemas name', () => {
    // Modelina models message payloads only (it never reads headers), so every object and value
    // list reachable from a payload must be a model of its own name.
    const schemas = document.components.schemas as Record<string, { type?: string; enum?: unknown }>;
    const reachable = new Set<string>();
    const visit = (name: string): void => {
      if (reachable.has(name)) return;
      reachable.add(name);
      for (const [, ref] of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/([^"]+)/g)) visit(ref);
    };
    for (const m of Object.values(document.components.messages as Record<string, { payload: { $ref: string } }>))
      visit(m.payload.$ref.split('/').pop()!);
    const names = new Set(models.map((m) => m.modelName));
    const expected = [...reachable].filter((n) => schemas[n].type === 'object' || schemas[n].enum);
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.filter((n) => !names.has(n))).toEqual([]);
  });

  it('compile under tsc --strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civic-models-'));
    try {
      const files = models.map((m) => {
        const file = join(dir, `${m.modelName}.ts`);
        writeFileSync(file, m.result);
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        skipLibCheck: true,
        types: [],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) => `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        );
      expect(errors.slice(0, 20)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
