// What a REST consumer needs of every operation (issue 20): a summary, the 2xx body's schema,
// problem-details errors (or the declared x-error-format), the roles it requires (or that it is public) and its path parameters.
// A service's e2e suite fetches /api/docs-json and expects no gaps.

type Response = { content?: Record<string, { schema?: unknown }> };
type Operation = {
  summary?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses?: Record<string, Response>;
  'x-required-roles'?: unknown;
  'x-public'?: unknown;
  'x-error-format'?: { mediaType: string };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PROBLEM_REF = '#/components/schemas/ProblemDetails';

/** One line per missing item, e.g. `GET /api/v1/cases/{id}: no summary`; empty when complete. */
export function openApiGaps(doc: { paths: Record<string, Record<string, Operation>> }): string[] {
  const gaps: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const gap = (what: string) => gaps.push(`${method.toUpperCase()} ${path}: ${what}`);
      const responses = op.responses ?? {};
      if (!op.summary?.trim()) gap('no summary');
      const ok = Object.entries(responses).filter(([s]) => /^2\d\d$/.test(s));
      if (!ok.some(([s, r]) => s === '204' || Object.values(r.content ?? {}).some((c) => c.schema)))
        gap('no 2xx response with a schema');
      const isPublic = op['x-public'] === true;
      if (!isPublic && !Array.isArray(op['x-required-roles'])) gap('no x-required-roles and not x-public');
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).length > 0;
      const expected = [
        ...(takesInput ? ['400'] : []),
        ...(isPublic ? [] : ['401', '403']),
        ...(templated.length ? ['404'] : []),
        '500',
        '503',
      ];
      for (const s of expected) if (!responses[s]) gap(`no ${s} response`);
      // a route answering another standard's errors (x-error-format) declares that body instead
      const format = op['x-error-format']?.mediaType;
      for (const [s, r] of Object.entries(responses)) {
        if (!/^[45]\d\d$/.test(s)) continue;
        if (format) {
          if (!r.content?.[format]?.schema) gap(`${s} has no ${format} schema`);
        } else if ((r.content?.['application/problem+json']?.schema as { $ref?: string })?.$ref !== PROBLEM_REF)
          gap(`${s} is not problem details`);
      }
      const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
      for (const name of templated) if (!declared.has(name)) gap(`path parameter ${name} not declared`);
    }
  }
  return gaps;
}
