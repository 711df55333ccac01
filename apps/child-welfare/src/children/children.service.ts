import { KnownDivisions } from '@civic/divisions';
import {
  ChildCategoryClassifiedV1,
  ChildGuardianshipChangedV1,
  ChildRegisteredV1,
  createEvent,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  AuditLog,
  AuthenticatedUser,
  Clock,
  Filters,
  Page,
  pageOf,
  PageQueryDto,
  ProblemException,
  ResidentIdentity,
  ResidentIds,
} from '@civic/platform';
import { addMonths, ageOn } from '@civic/calendar';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { ageOutDate, classify, contradictions, ParentSituation } from '../categories/category-rules';
import { Reclassification } from '../classification/reclassification.service';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { CHILD_COLUMNS, CHILD_FROM, ChildRow, loadChild } from '../persistence/child-row';
import { requestOrigin } from '../persistence/event-origin';
import { WorkQueue } from '../work-queue/work-queue.service';
import { ChangeGuardianshipDto, ChildListQueryDto, ParentDto, RegisterChildDto } from './child-input.dto';

type Parent = { personRef: string; identity?: ResidentIdentity; situations: ParentSituation[] };

const STATE_GUARDIANSHIPS = new Set(['temporary-state', 'long-term-state']);

/**
 * Children (docs/domain.md §3): registration with the parents as personRefs, the category decided by the
 * rules from the recorded facts (categories/category-rules.ts), guardianship with review dates.
 */
@Injectable()
export class ChildrenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ids: ResidentIds,
    private readonly params: ChildParameters,
    private readonly reclassification: Reclassification,
    private readonly allowances: AllowancesService,
    private readonly workQueue: WorkQueue,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterChildDto, user: AuthenticatedUser): Promise<ChildRow> {
    assertInArea(user, dto.town, 'the child');
    await this.divisions.assertTown('town', dto.town);
    await this.divisions.assertVillage('village', dto.village, dto.town);
    const today = this.clock.today();
    const child = this.ids.identify(dto.idNumber, 'idNumber');
    const ageOut = this.params.number('child.age_out', today);
    if (child.id.birthDate > today)
      throw ProblemException.invalidField('idNumber', 'born-by-today', 'idNumber: the birth date is after today');
    if (ageOn(child.id.birthDate, today) >= ageOut)
      throw ProblemException.invalidField(
        'idNumber',
        'under-age-out',
        `idNumber: the person is ${ageOn(child.id.birthDate, today)}, not under ${ageOut} (child.age_out)`,
      );
    const careMode = dto.careMode ?? 'family';
    return this.dataSource.transaction(async (m) => {
      const mother = await this.parent(m, dto.mother, 'mother', child);
      const father = await this.parent(m, dto.father, 'father', child);
      if (mother && father && mother.personRef === father.personRef)
        throw ProblemException.invalidField('father', 'distinct-parents', 'father: the same person as the mother');
      for (const p of [mother, father]) if (p?.identity) await this.rememberPerson(m, p.identity);
      await this.rememberPerson(m, child);
      for (const p of [mother, father])
        for (const s of p?.situations ?? [])
          await m.query(
            `INSERT INTO parent_situation (person_ref, situation, since, recorded_from) VALUES ($1, $2, $3, 'registration') ON CONFLICT DO NOTHING`,
            [p!.personRef, s, today],
          );
      const facts = await this.reclassification.facts(m, {
        motherRef: mother?.personRef ?? null,
        fatherRef: father?.personRef ?? null,
        disabledOrIll: dto.disabledOrIll ?? false,
        householdInPoverty: dto.householdInPoverty ?? false,
      });
      for (const [field, list] of [
        ['mother.situations', facts.mother],
        ['father.situations', facts.father],
      ] as const) {
        const problems = contradictions(list);
        if (problems.length > 0)
          throw ProblemException.invalidField(field, 'consistent-situations', `${field}: ${problems.join('; ')}`);
      }
      const decision = classify(facts);
      if (dto.claimedCategory && dto.claimedCategory !== decision.category)
        throw ProblemException.invalidField(
          'claimedCategory',
          'matches-facts',
          `claimedCategory: the facts decide ${decision.category}, not ${dto.claimedCategory} (${decision.basis})`,
        );
      const childId = `child-${randomUUID()}`;
      try {
        await m.query(
          `INSERT INTO child (child_id, person_ref, birth_date, sex, town, village, mother_ref, father_ref, care_mode, disabled_or_ill,
             household_in_poverty, category, category_basis, category_from, age_out_date, registered_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [
            childId,
            child.personRef,
            child.id.birthDate,
            child.id.sex,
            dto.town,
            dto.village,
            mother?.personRef ?? null,
            father?.personRef ?? null,
            careMode,
            dto.disabledOrIll ?? false,
            dto.householdInPoverty ?? false,
            decision.category,
            decision.basis,
            today,
            ageOutDate(child.id.birthDate, ageOut),
            user.sub,
          ],
        );
      } catch (e) {
        if (isUniqueViolation(e, 'child_person_ref_key'))
          throw ProblemException.conflict('idNumber: this child is already registered', { currentState: 'registered' });
        throw e;
      }
      await m.query(
        `INSERT INTO child_category_change (child_id, category, basis, effective_from) VALUES ($1, $2, $3, $4)`,
        [childId, decision.category, decision.basis, today],
      );
      const stored = await loadChild(m, childId);
      const origin = requestOrigin();
      await this.outbox.append(
        m,
        createEvent(
          ChildRegisteredV1,
          {
            childId,
            personRef: stored.personRef,
            maskedId: stored.maskedId,
            birthDate: stored.birthDate,
            sex: stored.sex,
            town: stored.town,
            village: stored.village,
            ...(mother ? { motherPersonRef: mother.personRef } : {}),
            ...(father ? { fatherPersonRef: father.personRef } : {}),
          },
          origin,
        ),
      );
      await this.outbox.append(
        m,
        createEvent(
          ChildCategoryClassifiedV1,
          {
            childId,
            personRef: stored.personRef,
            town: stored.town,
            category: decision.category,
            ...(decision.category === 'orphan' ? { careMode } : {}),
            effectiveFrom: today,
            basis: decision.basis,
          },
          origin,
        ),
      );
      await this.allowances.follow(m, stored, today, origin);
      await this.workQueue.closeOnEnrolment(m, stored.personRef, childId);
      return stored;
    });
  }

  async get(childId: string, user: AuthenticatedUser): Promise<ChildRow> {
    const child = await loadChild(this.dataSource.manager, childId);
    assertInArea(user, child.town, `child ${childId}`);
    return child;
  }

  async list(q: ChildListQueryDto, user: AuthenticatedUser): Promise<Page<ChildRow>> {
    const f = new Filters()
      .eq('c.town', q.town)
      .eq('c.category', q.category)
      .eq('c.status', q.status)
      .eq('c.person_ref', q.personRef)
      .towns('c.town', user);
    return pageOf<ChildRow, ChildRow>(
      this.dataSource.manager,
      CHILD_COLUMNS,
      CHILD_FROM,
      f,
      'c.registered_at, c.child_id',
      q,
      (r) => r,
    );
  }

  /** Every category the child had, with the basis and the date it took effect. */
  async categoryHistory(childId: string, user: AuthenticatedUser) {
    await this.get(childId, user);
    return this.dataSource.query(
      `SELECT category, previous_category AS "previousCategory", basis, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", changed_at AS "changedAt"
       FROM child_category_change WHERE child_id = $1 ORDER BY id`,
      [childId],
    );
  }

  /** Changes the guardian; a person guardian is never the child, state guardianship has no person. */
  async changeGuardianship(childId: string, dto: ChangeGuardianshipDto, user: AuthenticatedUser): Promise<ChildRow> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      const child = await this.inCare(m, childId, user);
      const reviewDue = addMonths(today, this.params.number('child.guardianship.review_interval_months', today));
      await this.applyGuardianship(m, child, dto.guardianship, dto.guardian, dto.reason, today, reviewDue, user);
      return loadChild(m, childId);
    });
  }

  /** The child, locked, in the caller's towns and still in care (409 when aged out or deceased). */
  async inCare(m: EntityManager, childId: string, user: AuthenticatedUser): Promise<ChildRow> {
    const child = await loadChild(m, childId, true);
    assertInArea(user, child.town, `child ${childId}`);
    if (child.status !== 'active')
      throw ProblemException.conflict(`child ${childId} is no longer in care (${child.status})`, {
        currentState: child.status,
      });
    return child;
  }

  /**
   * Sets the arrangement from `from` with its next review date, in the caller's transaction: the change
   * row, the audit entry and `guardianship-changed` through the outbox. A person guardian is never the
   * child and must be identified; state guardianship has no person (400 naming the field before any write).
   */
  async applyGuardianship(
    m: EntityManager,
    child: ChildRow,
    guardianship: ChangeGuardianshipDto['guardianship'],
    guardian: ParentDto | undefined,
    reason: string,
    from: string,
    reviewDue: string,
    user: AuthenticatedUser,
  ): Promise<string | null> {
    const state = STATE_GUARDIANSHIPS.has(guardianship);
    if (state && guardian)
      throw ProblemException.invalidField('guardian', 'absent-for-state', 'guardian: the bureau is the guardian here');
    if (!state && !guardian)
      throw ProblemException.invalidField('guardian', 'required', `guardian: required for ${guardianship}`);
    let guardianRef: string | null = null;
    if (guardian) {
      const g = this.identifyParent(guardian, 'guardian');
      if (g.personRef === child.personRef)
        throw ProblemException.invalidField(
          'guardian',
          'not-the-child',
          'guardian: a child cannot be their own guardian',
        );
      if (g.identity) await this.rememberPerson(m, g.identity);
      else await this.assertKnown(m, g.personRef, 'guardian.personRef');
      guardianRef = g.personRef;
    }
    await m.query(
      `UPDATE child SET guardianship = $2, guardian_ref = $3, guardianship_review_due = $4 WHERE child_id = $1`,
      [child.childId, guardianship, guardianRef, reviewDue],
    );
    await m.query(
      `INSERT INTO guardianship_change (child_id, guardianship, guardian_ref, effective_from, review_due, reason, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [child.childId, guardianship, guardianRef, from, reviewDue, reason, user.sub],
    );
    await this.audit.append(m, {
      actor: user.sub,
      action: 'guardianship.change',
      objectType: 'child',
      objectId: child.childId,
      detail: { guardianship, effectiveFrom: from, reviewDue },
    });
    await this.outbox.append(
      m,
      createEvent(
        ChildGuardianshipChangedV1,
        {
          childId: child.childId,
          personRef: child.personRef,
          town: child.town,
          guardianship,
          ...(guardianRef ? { guardianPersonRef: guardianRef } : {}),
          effectiveFrom: from,
          reason,
        },
        requestOrigin(),
      ),
    );
    return guardianRef;
  }

  /** Guardianship arrangements whose review is due by today, in the caller's towns. */
  async guardianshipReviewsDue(q: PageQueryDto, user: AuthenticatedUser): Promise<Page<ChildRow>> {
    const date = this.clock.today();
    const f = new Filters()
      .cond((p) => `c.guardianship_review_due <= ${p}`, date)
      .eq('c.status', 'active')
      .towns('c.town', user);
    return pageOf<ChildRow, ChildRow>(
      this.dataSource.manager,
      CHILD_COLUMNS,
      CHILD_FROM,
      f,
      'c.guardianship_review_due, c.child_id',
      q,
      (r) => r,
    );
  }

  private async parent(
    m: EntityManager,
    dto: ParentDto | undefined,
    field: 'mother' | 'father',
    child: ResidentIdentity,
  ): Promise<Parent | undefined> {
    if (!dto) return undefined;
    const p = this.identifyParent(dto, field);
    if (p.personRef === child.personRef)
      throw ProblemException.invalidField(field, 'not-the-child', `${field}: the same person as the child`);
    if (!p.identity) await this.assertKnown(m, p.personRef, `${field}.personRef`);
    return { ...p, situations: dto.situations ?? [] };
  }

  private identifyParent(dto: ParentDto, field: string): { personRef: string; identity?: ResidentIdentity } {
    if ((dto.idNumber === undefined) === (dto.personRef === undefined))
      throw ProblemException.invalidField(
        field,
        'one-of-idNumber-personRef',
        `${field}: give idNumber or personRef, one of them`,
      );
    if (dto.idNumber !== undefined) {
      const identity = this.ids.identify(dto.idNumber, `${field}.idNumber`);
      return { personRef: identity.personRef, identity };
    }
    return { personRef: dto.personRef! };
  }

  private async assertKnown(m: EntityManager, personRef: string, field: string) {
    const rows = await m.query(`SELECT 1 FROM person WHERE person_ref = $1`, [personRef]);
    if (rows.length === 0)
      throw ProblemException.invalidField(
        field,
        'known-person',
        `${field}: no person with this reference is known here`,
      );
  }

  private async rememberPerson(m: EntityManager, id: ResidentIdentity) {
    await m.query(
      `INSERT INTO person (person_ref, masked_id, id_number_encrypted) VALUES ($1, $2, $3) ON CONFLICT (person_ref) DO NOTHING`,
      [id.personRef, id.maskedId, id.encrypted],
    );
  }
}
