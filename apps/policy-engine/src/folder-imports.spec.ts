import { folderImportGraph, importCycles } from '@civic/testing';

describe('policy-engine folder imports', () => {
  const graph = folderImportGraph(__dirname);

  it('has no import cycle between folders', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('lets only service.ts import app.module (the composition root; main.ts starts telemetry first)', () => {
    const importers = [...graph].filter(([, edges]) => edges.has('app.module')).map(([node]) => node);
    expect(importers).toEqual(['service']);
  });
});
