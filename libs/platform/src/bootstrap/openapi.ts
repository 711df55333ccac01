import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { annotateAccess, completeDocument } from './openapi-conventions';

// Served from swagger-ui-dist (a dependency of @nestjs/swagger) by plain routes, not through
// @fastify/static, whose ESM-only dependencies jest cannot load on Node 20.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Serves the OpenAPI UI at /api/docs and the document at /api/docs-json, with the bearer scheme declared. */
export function setupOpenApi(app: INestApplication, name: string, description?: string): void {
  const builder = new DocumentBuilder()
    .setTitle(`${name} API`)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  if (description) builder.setDescription(description);
  const config = builder.build();
  // built on first request: scanning every route costs start-up time a probe would wait for
  const document = () => {
    annotateAccess(app);
    return completeDocument(SwaggerModule.createDocument(app, config));
  };
  SwaggerModule.setup('api/docs', app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: 'api/docs-json',
  });
  serveUi(app, name);
}

function serveUi(app: INestApplication, name: string): void {
  const http = app.get(HttpAdapterHost).httpAdapter;
  const send = (res: unknown, type: string, body: string | Buffer) => {
    http.setHeader(res, 'content-type', type);
    http.reply(res, body, 200);
  };
  const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>${name} API</title>
<link rel="icon" href="/api/docs/favicon-32x32.png"><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/swagger-ui-init.js"></script></body></html>`;
  const init = `window.onload = () => { window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#swagger-ui', persistAuthorization: true }); };`;
  http.get('/api/docs', (_req: unknown, res: unknown) => send(res, 'text/html; charset=utf-8', page));
  http.get('/api/docs/swagger-ui-init.js', (_req: unknown, res: unknown) =>
    send(res, ASSETS['swagger-ui-bundle.js'], init),
  );
  const cache = new Map<string, Buffer>();
  for (const [file, type] of Object.entries(ASSETS)) {
    http.get(`/api/docs/${file}`, (_req: unknown, res: unknown) => {
      if (!cache.has(file)) cache.set(file, readFileSync(join(swaggerUiDist(), file)));
      send(res, type, cache.get(file)!);
    });
  }
}

function swaggerUiDist(): string {
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}
