import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The folder-level import graph of a service's src/: each top-level folder is one node and each
// file at the root (app.module.ts, the config) is its own node. Folders that import each other
// cannot be understood, tested or moved one at a time, so the services' specs assert that this
// graph has no cycle. Only production files count; tests may reach across folders.

/** node → imported node → the file-level imports behind that edge ('cases/cases.service.ts → ../payments/payment-run'). */
export type FolderImportGraph = Map<string, Map<string, string[]>>;

const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]*)['"]/g;
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

export function folderImportGraph(srcDir: string): FolderImportGraph {
  const graph: FolderImportGraph = new Map();
  for (const file of typeScriptFiles(srcDir)) {
    const from = nodeOf(relative(srcDir, file));
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = relative(srcDir, resolve(dirname(file), specifier));
      if (target.startsWith('..')) continue;
      const to = nodeOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${relative(srcDir, file)} → ${specifier}`]);
    }
  }
  return graph;
}

/**
 * Every set of nodes that import each other (strongly connected components of more than one
 * node), each with the file-level imports that close the loop, sorted for a stable message.
 */
export function importCycles(graph: FolderImportGraph): { nodes: string[]; imports: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: { nodes: string[]; imports: string[] }[] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length < 2) return;
    const inside = new Set(component);
    const imports = component.flatMap((n) =>
      [...(graph.get(n) ?? new Map<string, string[]>()).entries()]
        .filter(([to]) => inside.has(to))
        .flatMap(([, i]) => i),
    );
    cycles.push({ nodes: component.sort(), imports: imports.sort() });
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The top-level folder of a path relative to src/, or the root file's name without its extension. */
function nodeOf(pathInSrc: string): string {
  const [first, ...rest] = pathInSrc.split(sep);
  return rest.length ? first : first.replace(/\.ts$/, '');
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !TEST_FILE.test(entry.name) ? [path] : [];
  });
}
