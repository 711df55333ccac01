import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

// Controllers take a request apart (DTOs, pipes, guards) and make one service call; the SQL lives in
// the services, where transactions are chosen and the statements are tested once. This scans every
// controller of every app and library, so a new service copying an older controller cannot bring
// SQL back into the HTTP layer.

const REPO = join(__dirname, '..', '..', '..', '..');

// A statement's opening, in the upper case every query in this repository is written in.
const SQL =
  /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\(|ON\s+CONFLICT)\b/;
// Calls that run SQL or open a transaction; a controller leaves both to its service.
const DATABASE_CALLS = new Set(['query', 'createQueryBuilder', 'transaction', 'getRepository']);

/** Where a controller's source reaches the database itself: `line: what`, in source order. */
export function databaseAccessIn(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (SQL.test(node.text)) at(node, 'SQL in a string');
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL.test(text)) at(node, 'SQL in a string');
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      DATABASE_CALLS.has(node.expression.name.text)
    ) {
      at(node, `.${node.expression.name.text}(…) call`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function controllerFiles(): string[] {
  return ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(REPO, top), { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.controller.ts') && !p.includes('node_modules') && p.split('/')[1] === 'src')
      .map((p) => join(REPO, top, p)),
  );
}

describe('controllers hold no SQL', () => {
  it('finds SQL strings, .query calls and transactions in a controller written the old way', () => {
    const old = `import { DataSource } from 'typeorm';
      export class C {
        constructor(private readonly dataSource: DataSource) {}
        async list(owner: string) {
          return this.dataSource.query(\`SELECT id FROM feed_subscription WHERE owner = $1 LIMIT \${50}\`, [owner]);
        }
        async end(id: string) {
          await this.dataSource.manager.query("UPDATE feed_subscription SET status = 'ended' WHERE id = $1", [id]);
          return this.dataSource.transaction(async () => 1);
        }
      }`;
    expect(databaseAccessIn('old.controller.ts', old)).toEqual([
      '5: .query(…) call',
      '5: SQL in a string',
      '8: .query(…) call',
      '8: SQL in a string',
      '9: .transaction(…) call',
    ]);
  });

  it('lets prose, @Query() parameters and service calls through', () => {
    const thin = `import { Query } from '@nestjs/common';
      export class C {
        @ApiOkResponse({ description: 'Select the subscriptions from the list; updates are set by the owner.' })
        list(@Query() q: ListQuery) {
          return this.feeds.list(q);
        }
      }`;
    expect(databaseAccessIn('thin.controller.ts', thin)).toEqual([]);
  });

  it('holds for every controller under apps/*/src and libs/*/src', () => {
    const files = controllerFiles();
    // the scan itself must see the controllers, or the check below would pass on nothing
    expect(files.filter((f) => f.includes('/apps/hub-gateway/src/')).length).toBeGreaterThanOrEqual(8);
    expect(files.filter((f) => f.includes('/apps/social-assistance/src/')).length).toBeGreaterThanOrEqual(1);
    const offences = files.flatMap((f) =>
      databaseAccessIn(f, readFileSync(f, 'utf8')).map((o) => `${relative(REPO, f)}:${o}`),
    );
    expect(offences).toEqual([]);
  });
});
