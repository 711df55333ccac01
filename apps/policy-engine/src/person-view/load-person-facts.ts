import { EntityManager } from 'typeorm';
import { ExpenseFact, MemberFact, ParentFact, ParentLinkSource, PersonFacts, ProgrammeFact } from './person-facts';
import { eventIdOfStamp } from './person-view.store';
import { preparedQuery } from './prepared-query';

interface Row {
  attrs: Record<string, unknown>;
  stamps: Record<string, string>;
}
type PersonRow = Row & { person_ref: string };
type MembershipRow = { person_ref: string; household_id: string; relation: string };
type HouseholdRow = Row & { household_id: string };
type MemberRow = { household_id: string; person_ref: string; relation: string; attrs: Record<string, unknown> };
type ProgrammeRow = Row & { person_ref: string; department: string; programme: string };
type ExpenseRow = {
  person_ref: string;
  source_id: string;
  category: string;
  spent_on: string;
  amount_fen: number | string;
  event_id: string;
};
type ParentRow = {
  child_ref: string;
  role: 'mother' | 'father';
  parent_ref: string;
  source: ParentLinkSource;
  attrs: Record<string, unknown>;
};

// One round trip for any number of people: each section is aggregated in the order the rules
// expect (members by ref, programmes by person/department/programme, expenses by date, parents by role).
// A person registered in more than one household counts in the most recently recorded one.
// Sections are aggregated as json (text), not jsonb: the client parses the text either way, and
// building the binary form only to print it again was a fifth of the statement's execution.
const LOAD = `
  WITH p AS (SELECT person_ref, attrs, stamps FROM pe_person WHERE person_ref = ANY($1::text[])),
  m AS (SELECT DISTINCT ON (person_ref) person_ref, household_id, relation FROM pe_household_member
        WHERE person_ref IN (SELECT person_ref FROM p) ORDER BY person_ref, stamp DESC, household_id),
  h AS (SELECT household_id, attrs, stamps FROM pe_household WHERE household_id IN (SELECT household_id FROM m)),
  hm AS (SELECT hm.household_id, hm.person_ref, hm.relation, coalesce(pp.attrs, '{}') AS attrs
         FROM pe_household_member hm LEFT JOIN pe_person pp USING (person_ref) WHERE hm.household_id IN (SELECT household_id FROM m)),
  refs AS (SELECT person_ref FROM p UNION SELECT person_ref FROM hm),
  g AS (SELECT person_ref, department, programme, attrs, stamps FROM pe_programme
        WHERE (person_ref, department, programme) IN (
          SELECT person_ref, department, programme FROM pe_programme WHERE person_ref IN (SELECT person_ref FROM refs)
          UNION SELECT person_ref, department, programme FROM pe_programme WHERE attrs->>'householdId' IN (SELECT household_id FROM m))),
  e AS (SELECT person_ref, source_id, category, to_char(spent_on, 'YYYY-MM-DD') AS spent_on, amount_fen, event_id, spent_on AS sort_on
        FROM pe_expense WHERE person_ref IN (SELECT person_ref FROM refs)),
  pa AS (SELECT pp.child_ref, pp.role, pp.parent_ref, pp.source, coalesce(x.attrs, '{}') AS attrs
         FROM pe_parent pp LEFT JOIN pe_person x ON x.person_ref = pp.parent_ref WHERE pp.child_ref IN (SELECT person_ref FROM p))
  SELECT
    (SELECT coalesce(json_agg(p), '[]'::json) FROM p) AS people,
    (SELECT coalesce(json_agg(m), '[]'::json) FROM m) AS memberships,
    (SELECT coalesce(json_agg(h), '[]'::json) FROM h) AS households,
    (SELECT coalesce(json_agg(hm ORDER BY hm.household_id, hm.person_ref), '[]'::json) FROM hm) AS members,
    (SELECT coalesce(json_agg(g ORDER BY g.person_ref, g.department, g.programme), '[]'::json) FROM g) AS programmes,
    (SELECT coalesce(json_agg(to_jsonb(e) - 'sort_on' ORDER BY e.sort_on, e.source_id), '[]'::json) FROM e) AS expenses,
    (SELECT coalesce(json_agg(pa ORDER BY pa.child_ref, pa.role), '[]'::json) FROM pa) AS parents`;

/**
 * Reads the facts of several people from the view in one query (inside the caller's
 * transaction); a person the view does not know is absent from the map.
 */
export async function loadPeopleFacts(
  manager: EntityManager,
  personRefs: readonly string[],
): Promise<Map<string, PersonFacts>> {
  const out = new Map<string, PersonFacts>();
  if (!personRefs.length) return out;
  const [r] = await preparedQuery<{
    people: PersonRow[];
    memberships: MembershipRow[];
    households: HouseholdRow[];
    members: MemberRow[];
    programmes: ProgrammeRow[];
    expenses: ExpenseRow[];
    parents: ParentRow[];
  }>(manager, 'pe_load_person_facts', LOAD, [[...personRefs]]);
  const membership = new Map(r.memberships.map((m) => [m.person_ref, m]));
  const households = new Map(r.households.map((h) => [h.household_id, h]));
  // the sections indexed once (a segment reads hundreds of people: a scan per person would be quadratic);
  // each index keeps its section's order, which is the order the rules expect
  const membersOf = groupBy(r.members, (x) => x.household_id);
  const programmesOf = groupBy(r.programmes, (p) => p.person_ref);
  const householdProgrammesOf = groupBy(r.programmes, (p) => p.attrs.householdId as string | undefined);
  const expensesOf = groupBy(r.expenses, (e) => e.person_ref);
  const parentsOf = groupBy(r.parents, (p) => p.child_ref);
  const asFact = (p: ProgrammeRow): ProgrammeFact => ({
    ...p.attrs,
    personRef: p.person_ref,
    department: p.department,
    programme: p.programme,
  });
  const asExpense = (e: ExpenseRow): ExpenseFact => ({
    personRef: e.person_ref,
    sourceId: e.source_id,
    category: e.category as ExpenseFact['category'],
    date: e.spent_on,
    amountFen: Number(e.amount_fen),
    eventId: e.event_id,
  });

  for (const person of r.people) {
    const personRef = person.person_ref;
    const sources: Record<string, string> = {};
    for (const [k, s] of Object.entries(person.stamps)) sources[k] = eventIdOfStamp(s) ?? '';
    const m = membership.get(personRef);
    let household: PersonFacts['household'];
    let memberRefs = new Set([personRef]);
    if (m) {
      const h = households.get(m.household_id);
      const members = membersOf.get(m.household_id) ?? [];
      household = {
        ...(h?.attrs ?? {}),
        householdId: m.household_id,
        relation: m.relation,
        members: members.map((x): MemberFact => ({ ...x.attrs, personRef: x.person_ref, relation: x.relation })),
      };
      for (const [k, s] of Object.entries(h?.stamps ?? {})) sources[`household.${k}`] = eventIdOfStamp(s) ?? '';
      memberRefs = new Set(members.map((x) => x.person_ref));
    }
    // the household's programmes: its members' and those recorded for the household, in the section's order
    const programmes = mergeInOrder(r.programmes, [
      ...[...memberRefs].map((ref) => programmesOf.get(ref) ?? []),
      m ? (householdProgrammesOf.get(m.household_id) ?? []) : [],
    ]);
    for (const p of programmes)
      if (p.person_ref === personRef)
        sources[`programme.${p.department}.${p.programme}`] = eventIdOfStamp(p.stamps.status) ?? '';
    out.set(personRef, {
      ...(person.attrs as Partial<PersonFacts>),
      personRef,
      household,
      programmes: programmes.filter((p) => p.person_ref === personRef).map(asFact),
      householdProgrammes: programmes.map(asFact),
      expenses: mergeInOrder(
        r.expenses,
        [...memberRefs].map((ref) => expensesOf.get(ref) ?? []),
      ).map(asExpense),
      parents: (parentsOf.get(personRef) ?? []).map((p): ParentFact => ({
        ...p.attrs,
        personRef: p.parent_ref,
        role: p.role,
        linkSource: p.source,
      })),
      sources,
    });
  }
  return out;
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** The rows of `all` that are in some of `parts` (subsets of it), once each, in the order of `all`. */
function mergeInOrder<T>(all: readonly T[], parts: readonly T[][]): T[] {
  const nonEmpty = parts.filter((p) => p.length);
  if (nonEmpty.length <= 1) return [...(nonEmpty[0] ?? [])];
  const picked = new Set<T>();
  for (const part of nonEmpty) for (const row of part) picked.add(row);
  const position = indexOf(all);
  return [...picked].sort((a, b) => position.get(a)! - position.get(b)!);
}

const positions = new WeakMap<readonly unknown[], Map<unknown, number>>();
function indexOf<T>(all: readonly T[]): Map<T, number> {
  let p = positions.get(all) as Map<T, number> | undefined;
  if (!p) {
    p = new Map(all.map((row, i) => [row, i]));
    positions.set(all, p);
  }
  return p;
}
