import { EntityManager } from 'typeorm';
import { ExpenseFact, MemberFact, ParentFact, PersonFacts, ProgrammeFact } from '../rules/person-facts';
import { eventIdOfStamp } from './person-view.store';

interface Row {
  attrs: Record<string, unknown>;
  stamps: Record<string, string>;
}

/** Reads one person's facts from the view (inside the caller's transaction); undefined when the view does not know them. */
export async function loadPersonFacts(manager: EntityManager, personRef: string): Promise<PersonFacts | undefined> {
  const [person]: (Row & { person_ref: string })[] = await manager.query(`SELECT person_ref, attrs, stamps FROM pe_person WHERE person_ref = $1`, [personRef]);
  if (!person) return undefined;
  const sources: Record<string, string> = {};
  for (const [k, s] of Object.entries(person.stamps)) sources[k] = eventIdOfStamp(s) ?? '';

  // a person registered in more than one household counts in the most recently recorded one
  const [membership]: { household_id: string; relation: string }[] = await manager.query(
    `SELECT household_id, relation FROM pe_household_member WHERE person_ref = $1 ORDER BY stamp DESC LIMIT 1`,
    [personRef],
  );
  let household: PersonFacts['household'];
  let memberRefs = [personRef];
  if (membership) {
    const [h]: Row[] = await manager.query(`SELECT attrs, stamps FROM pe_household WHERE household_id = $1`, [membership.household_id]);
    const members: (Row & { person_ref: string; relation: string })[] = await manager.query(
      `SELECT m.person_ref, m.relation, coalesce(p.attrs, '{}') AS attrs FROM pe_household_member m LEFT JOIN pe_person p USING (person_ref)
       WHERE m.household_id = $1 ORDER BY m.person_ref`,
      [membership.household_id],
    );
    household = {
      ...(h?.attrs ?? {}),
      householdId: membership.household_id,
      relation: membership.relation,
      members: members.map((m): MemberFact => ({ ...m.attrs, personRef: m.person_ref, relation: m.relation })),
    };
    for (const [k, s] of Object.entries(h?.stamps ?? {})) sources[`household.${k}`] = eventIdOfStamp(s) ?? '';
    memberRefs = members.map((m) => m.person_ref);
  }

  const programmes: (Row & { person_ref: string; department: string; programme: string })[] = await manager.query(
    `SELECT person_ref, department, programme, attrs, stamps FROM pe_programme
     WHERE person_ref = ANY($1::text[]) OR ($2::text IS NOT NULL AND attrs->>'householdId' = $2) ORDER BY person_ref, department, programme`,
    [memberRefs, membership?.household_id ?? null],
  );
  const asFact = (p: (typeof programmes)[number]): ProgrammeFact => ({ ...p.attrs, personRef: p.person_ref, department: p.department, programme: p.programme });
  for (const p of programmes) if (p.person_ref === personRef) sources[`programme.${p.department}.${p.programme}`] = eventIdOfStamp(p.stamps.status) ?? '';

  const expenses: { person_ref: string; source_id: string; category: string; spent_on: string; amount_fen: string; event_id: string }[] = await manager.query(
    `SELECT person_ref, source_id, category, to_char(spent_on, 'YYYY-MM-DD') AS spent_on, amount_fen, event_id FROM pe_expense WHERE person_ref = ANY($1::text[]) ORDER BY spent_on, source_id`,
    [memberRefs],
  );
  const parents: (Row & { role: 'mother' | 'father'; parent_ref: string })[] = await manager.query(
    `SELECT pp.role, pp.parent_ref, coalesce(p.attrs, '{}') AS attrs FROM pe_parent pp LEFT JOIN pe_person p ON p.person_ref = pp.parent_ref WHERE pp.child_ref = $1 ORDER BY pp.role`,
    [personRef],
  );

  return {
    ...(person.attrs as Partial<PersonFacts>),
    personRef,
    household,
    programmes: programmes.filter((p) => p.person_ref === personRef).map(asFact),
    householdProgrammes: programmes.map(asFact),
    expenses: expenses.map(
      (e): ExpenseFact => ({ personRef: e.person_ref, sourceId: e.source_id, category: e.category as ExpenseFact['category'], date: e.spent_on, amountFen: Number(e.amount_fen), eventId: e.event_id }),
    ),
    parents: parents.map((p): ParentFact => ({ ...p.attrs, personRef: p.parent_ref, role: p.role })),
    sources,
  };
}
