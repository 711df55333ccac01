/**
 * Fails when a tracked file points outside the repository: a clone has no ../shared folder, no
 * upper-case design briefs beside it and no /work checkout, so such a reference sends a reader
 * nowhere. The design documents live in docs/ (domain.md, architecture.md, reliability.md,
 * style.md); cite those. Also checks that every relative link in a Markdown file resolves to a
 * tracked file or folder. Prints file:line for each hit and exits 1 when there is any.
 * Usage: npm run check:refs   (part of scripts/test.sh)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const root = join(__dirname, '..');
// This file names the patterns it looks for, so it is the one file not scanned.
const SELF = 'scripts/check-repo-refs.ts';

/** What a line may not contain, and why (the why is printed with each hit). */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\.\.\/shared\b/, why: 'a folder outside the repository' },
  {
    pattern: /\b(DOMAIN|DESIGN|RELIABILITY|STYLE)\.md\b/,
    why: 'a design brief outside the repository; cite docs/domain.md, docs/architecture.md, docs/reliability.md or docs/style.md',
  },
  {
    pattern: /\b(DOMAIN|DESIGN|RELIABILITY|STYLE) (§|R\d|P\d|pitfall|habit|")/,
    why: 'a design brief outside the repository, cited without its extension',
  },
  { pattern: /(^|[\s'"`(=:])\/(work|home|Users|root)\/[\w.-]/, why: 'an absolute path on one machine' },
];

/** Folders and files whose content is not prose or code a reader follows. */
const SKIP = [/^package-lock\.json$/, /\.(png|jpg|jpeg|gif|ico|pdf|jar|zip|gz)$/];

export interface Hit {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** Every reference in `text` (the content of tracked file `file`) that leads outside the repository. */
export function findOutsideRefs(file: string, text: string, tracked: ReadonlySet<string>): Hit[] {
  const hits: Hit[] = [];
  const lines = text.split('\n');
  lines.forEach((content, i) => {
    const at = (why: string) => hits.push({ file, line: i + 1, text: content.trim().slice(0, 160), why });
    for (const { pattern, why } of FORBIDDEN) if (pattern.test(content)) at(why);
    if (file.endsWith('.md'))
      for (const target of markdownLinks(content)) {
        const resolved = resolveLink(file, target);
        if (resolved === null) at(`link ${target} leaves the repository`);
        else if (!exists(resolved, tracked)) at(`link ${target} names no tracked file or folder`);
      }
  });
  return hits;
}

/** Relative link targets of `[text](target)` and `[label]: target` in one Markdown line. */
function markdownLinks(line: string): string[] {
  const targets = [
    ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(t));
}

/** The repository path a relative link of `file` points at, or null when it climbs above the root. */
function resolveLink(file: string, target: string): string | null {
  const path = decodeURIComponent(target.split('#')[0].split('?')[0]);
  const joined = normalize(path.startsWith('/') ? path.slice(1) : join(dirname(file), path));
  if (joined === '..' || joined.startsWith('../')) return null;
  return joined.replace(/\/$/, '');
}

function exists(path: string, tracked: ReadonlySet<string>): boolean {
  if (path === '.' || tracked.has(path)) return true;
  for (const f of tracked) if (f.startsWith(`${path}/`)) return true;
  return false;
}

function main(): number {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && f !== SELF && !SKIP.some((s) => s.test(f)));
  const tracked = new Set(files);
  const hits = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      return []; // deleted in the working tree but still in the index
    }
    return text.includes('\0') ? [] : findOutsideRefs(file, text, tracked);
  });
  for (const h of hits) console.log(`${h.file}:${h.line}: ${h.why}\n    ${h.text}`);
  if (hits.length > 0) {
    console.log(
      `\n${hits.length} reference(s) outside the repository in ${new Set(hits.map((h) => h.file)).size} file(s)`,
    );
    return 1;
  }
  console.log(`no reference outside the repository in ${files.length} tracked files`);
  return 0;
}

if (require.main === module) process.exitCode = main();
