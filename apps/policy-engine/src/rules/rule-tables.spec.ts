import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluatePerson } from './evaluate-person';
import { PersonFacts } from '../person-view/person-facts';
import { RULE_IDS, RULES, rulesInForce } from './rule-catalog';
import { policyParameters } from '../evaluation/policy-parameters';

// Rule tables in the style of OpenFisca's YAML tests: input facts, a date, the expected decision.
// Every rule has a table, and each table has day-before / day-of cases around a dated parameter,
// a birthday or an event date.

interface TableCase {
  name: string;
  date: string;
  person: Partial<PersonFacts> & { household?: Record<string, unknown> };
  expect: {
    eligible?: boolean;
    status?: 'alertable' | 'enrolled' | 'not-eligible' | 'skipped' | 'not-in-force';
    parameters?: Record<string, string | number>;
  };
}

const dir = join(__dirname, 'tables');
const tables = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, ...(parse(readFileSync(join(dir, file), 'utf8')) as { rule: string; cases: TableCase[] }) }));
const params = policyParameters();

function facts(input: TableCase['person']): PersonFacts {
  const household = input.household
    ? Object.assign({ householdId: 'hh-table', members: [] }, input.household)
    : undefined;
  return {
    personRef: 'p',
    programmes: [],
    householdProgrammes: [],
    expenses: [],
    parents: [],
    sources: {},
    ...input,
    household,
  } as PersonFacts;
}

describe('rule tables', () => {
  it('has one table per rule, named after it', () => {
    expect(tables.map((t) => t.rule).sort()).toEqual(RULE_IDS);
    for (const t of tables) expect(t.file).toBe(`${t.rule}.yaml`);
  });

  describe.each(tables.map((t) => [t.rule, t] as const))('%s', (ruleId, table) => {
    it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const inForce = rulesInForce(c.date).find((r) => r.id === ruleId);
      if (c.expect.status === 'not-in-force') {
        expect(inForce).toBeUndefined();
        return;
      }
      expect(inForce).toBeDefined();
      const outcome = evaluatePerson(
        facts(c.person),
        params,
        c.date,
        RULES.filter((r) => r.id === ruleId),
      )[0];
      if (c.expect.status === 'skipped') {
        expect(outcome).toBeUndefined();
        return;
      }
      if (outcome.status === 'failed') throw new Error(`rule failed: ${outcome.error}`);
      if (c.expect.eligible !== undefined) expect(outcome.decision.eligible).toBe(c.expect.eligible);
      if (c.expect.status) expect(outcome.status).toBe(c.expect.status);
      for (const [key, value] of Object.entries(c.expect.parameters ?? {})) {
        expect(outcome.decision.parameters.find((p) => p.key === key)?.value).toEqual(value);
      }
    });
  });
});
