import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

// The alert rules and the dashboard in deploy/observability name only metrics the services export,
// so a renamed metric cannot leave an alert silently matching nothing.
const root = resolve(__dirname, '../../..');
const dir = join(root, 'deploy/observability');

function sources(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    if (f === 'node_modules') return [];
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

const exported = new Set(
  [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].flatMap((f) =>
    // metric names are snake_case string literals of three words or more (Gauge name, gauge('...'), const NAME)
    [...readFileSync(f, 'utf8').matchAll(/'([a-z]+(?:_[a-z]+){2,})'/g)].map((m) => m[1]),
  ),
);
// suffixes Prometheus adds to histograms and counters, and the metrics every Prometheus target has
const base = (m: string) => m.replace(/_(bucket|count|sum)$/, '');
const builtIn = new Set(['up']);
const metricsIn = (expr: string) =>
  [...expr.replace(/\{[^}]*\}/g, '').matchAll(/\b([a-z_]+)\b(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((w) => /_/.test(w) || builtIn.has(w))
    .filter((w) => !['by', 'le', 'status_code', 'key_id'].includes(w));

describe('deploy/observability', () => {
  const rules = parse(readFileSync(join(dir, 'prometheus-rules.yaml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string; annotations: { runbook?: string } }[] }[];
  };
  const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const exprs = [
    ...rules.groups.flatMap((g) => g.rules.map((r) => [r.alert, r.expr])),
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => [p.title, t.expr])),
  ];

  it('name only metrics the services export', () => {
    const unknown = exprs.flatMap(([where, expr]) =>
      metricsIn(expr)
        .filter((m) => !builtIn.has(m) && !exported.has(base(m)))
        .map((m) => `${where}: ${m}`),
    );
    expect(exprs.length).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it('point each alert with a runbook at a section of docs/operations.md that exists', () => {
    const doc = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    const anchors = new Set(
      [...doc.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    const broken = rules.groups
      .flatMap((g) => g.rules)
      .filter((r) => r.annotations.runbook && !anchors.has(r.annotations.runbook.split('#')[1]))
      .map((r) => `${r.alert} → ${r.annotations.runbook}`);
    expect(broken).toEqual([]);
  });
});
