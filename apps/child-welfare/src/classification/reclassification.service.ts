import { ChildCategoryClassifiedV1, createEvent, EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { CategoryFacts, classify, ParentSituation } from '../categories/category-rules';
import { CHILD_COLUMNS, CHILD_FROM, ChildRow } from '../persistence/child-row';

type ChildWithFacts = ChildRow & { motherSituations: ParentSituation[]; fatherSituations: ParentSituation[] };

/**
 * Keeps each child's category equal to what the rules decide from the recorded facts. Facts arrive
 * through events (hub deaths and absences, social-assistance disability and illness) or the child's
 * own record; each change re-classifies every child of that parent here, never by reading another
 * service's database. A category that does not change publishes nothing, so repeated facts are quiet.
 */
@Injectable()
export class Reclassification {
  constructor(
    private readonly outbox: Outbox,
    private readonly allowances: AllowancesService,
  ) {}

  /** The facts of a child from the stored parent situations and the child's own flags. */
  async facts(
    m: EntityManager,
    child: Pick<ChildRow, 'motherRef' | 'fatherRef' | 'disabledOrIll' | 'householdInPoverty'>,
  ) {
    const of = async (ref: string | null): Promise<ParentSituation[]> =>
      ref
        ? (await m.query(`SELECT situation FROM parent_situation WHERE person_ref = $1 ORDER BY situation`, [ref])).map(
            (r: { situation: ParentSituation }) => r.situation,
          )
        : [];
    const f: CategoryFacts = {
      mother: await of(child.motherRef),
      father: await of(child.fatherRef),
      childDisabledOrIll: child.disabledOrIll,
      householdInPoverty: child.householdInPoverty,
    };
    return f;
  }

  /** Re-decides one child's category from `from`; publishes and moves the allowance only on a change. */
  async reclassify(m: EntityManager, childId: string, from: string, origin: EventOrigin): Promise<void> {
    const [child] = await this.childrenWithFacts(m, 'c.child_id = $1', childId);
    if (!child) throw ProblemException.notFound('child', childId);
    await this.decide(m, child, from, origin);
  }

  /**
   * Children in care matching `where` (one parameter), locked in id order, each with its parents'
   * recorded situations: one statement for every child of a parent, instead of a read of the child and
   * of each parent per child (apps/child-welfare/bench/child-welfare-bench.ts measures the difference).
   */
  private childrenWithFacts(m: EntityManager, where: string, param: string): Promise<ChildWithFacts[]> {
    return m.query(
      `SELECT ${CHILD_COLUMNS},
         ARRAY(SELECT s.situation FROM parent_situation s WHERE s.person_ref = c.mother_ref ORDER BY s.situation) AS "motherSituations",
         ARRAY(SELECT s.situation FROM parent_situation s WHERE s.person_ref = c.father_ref ORDER BY s.situation) AS "fatherSituations"
       FROM ${CHILD_FROM} WHERE ${where} ORDER BY c.child_id FOR UPDATE OF c`,
      [param],
    );
  }

  private async decide(m: EntityManager, child: ChildWithFacts, from: string, origin: EventOrigin): Promise<void> {
    if (child.status !== 'active') return;
    const { childId } = child;
    const decision = classify({
      mother: child.motherSituations,
      father: child.fatherSituations,
      childDisabledOrIll: child.disabledOrIll,
      householdInPoverty: child.householdInPoverty,
    });
    if (decision.category === child.category) {
      if (decision.basis !== child.categoryBasis)
        await m.query(`UPDATE child SET category_basis = $2 WHERE child_id = $1`, [childId, decision.basis]);
      return;
    }
    await m.query(`UPDATE child SET category = $2, category_basis = $3, category_from = $4 WHERE child_id = $1`, [
      childId,
      decision.category,
      decision.basis,
      from,
    ]);
    await m.query(
      `INSERT INTO child_category_change (child_id, category, previous_category, basis, effective_from) VALUES ($1, $2, $3, $4, $5)`,
      [childId, decision.category, child.category, decision.basis, from],
    );
    await this.outbox.append(
      m,
      createEvent(
        ChildCategoryClassifiedV1,
        {
          childId,
          personRef: child.personRef,
          town: child.town,
          category: decision.category,
          previousCategory: child.category,
          ...(decision.category === 'orphan' ? { careMode: child.careMode } : {}),
          effectiveFrom: from,
          basis: decision.basis,
        },
        origin,
      ),
    );
    const { motherSituations: _m, fatherSituations: _f, ...row } = child;
    await this.allowances.follow(m, { ...row, category: decision.category }, from, origin);
  }

  /** Records a situation of a person (a parent) and re-classifies their children. */
  async recordSituation(
    m: EntityManager,
    personRef: string,
    situation: ParentSituation,
    since: string,
    recordedFrom: string,
    origin: EventOrigin,
  ): Promise<void> {
    await m.query(
      `INSERT INTO parent_situation (person_ref, situation, since, recorded_from) VALUES ($1, $2, $3, $4) ON CONFLICT (person_ref, situation) DO NOTHING`,
      [personRef, situation, since, recordedFrom],
    );
    await this.childrenOf(m, personRef, since, origin);
  }

  /** Removes a situation that ended (released, found, a revoked death record) and re-classifies the children. */
  async endSituation(
    m: EntityManager,
    personRef: string,
    situation: ParentSituation,
    endedOn: string,
    origin: EventOrigin,
  ): Promise<void> {
    await m.query(`DELETE FROM parent_situation WHERE person_ref = $1 AND situation = $2`, [personRef, situation]);
    await this.childrenOf(m, personRef, endedOn, origin);
  }

  private async childrenOf(m: EntityManager, personRef: string, from: string, origin: EventOrigin) {
    const children = await this.childrenWithFacts(
      m,
      `(c.mother_ref = $1 OR c.father_ref = $1) AND c.status = 'active'`,
      personRef,
    );
    for (const child of children) await this.decide(m, child, from, origin);
  }
}
