import { ProblemException } from '@civic/platform';
import { StreamableFile } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = __dirname;
const uplot = join(require.resolve('uplot/package.json'), '..', 'dist');

/** The served files by name; anything else is 404 (no path from the request reaches the file system). */
const ASSETS: Record<string, { path: string; type: string }> = {
  'indicators-page.js': { path: join(here, 'indicators-page.js'), type: 'application/javascript; charset=utf-8' },
  'indicators-page.css': { path: join(here, 'indicators-page.css'), type: 'text/css; charset=utf-8' },
  'uPlot.iife.min.js': { path: join(uplot, 'uPlot.iife.min.js'), type: 'application/javascript; charset=utf-8' },
  'uPlot.min.css': { path: join(uplot, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export const PAGE_HTML = readFileSync(join(here, 'indicators.html'), 'utf8');

const cache = new Map<string, Buffer>();

/** One of the page's files with its content type. */
export function pageAsset(name: string): StreamableFile {
  const asset = ASSETS[name];
  if (!asset) throw ProblemException.notFound('page asset', name);
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(asset.path)));
  return new StreamableFile(body, { type: asset.type, length: body.length });
}
