import {
  CaseApprovedV1Payload,
  CaseFacts,
  CaseReinstatedV1Payload,
  ChildAllowanceGrantedV1Payload,
  ElderAllowanceGrantedV1Payload,
  EventEnvelope,
  HouseholdMember,
  HouseholdMemberAddedV1Payload,
  HouseholdRegisteredV1Payload,
} from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { RegistryNotifier } from './registry-notifier.service';

type EnrolmentStatus = 'active' | 'suspended' | 'terminated';

// Which status an event may move an enrolment from: a redelivered or late event never undoes a later state.
const ALLOWED_FROM: Record<EnrolmentStatus, EnrolmentStatus[]> = {
  active: ['active', 'suspended'],
  suspended: ['active'],
  terminated: ['active', 'suspended'],
};

/**
 * The social registry's read model, built only from the departments' events (consumed through the
 * inbox, so each event applies once): households and members, and every programme a person is
 * enrolled in. Changes that DCI subscribers asked for are notified from the same transaction.
 */
@InboxListener()
export class ReadModelListener {
  constructor(private readonly notifier: RegistryNotifier) {}

  @EventPattern('assistance.household.registered')
  async householdRegistered(@Payload() e: EventEnvelope<HouseholdRegisteredV1Payload>, @Ctx() ctx: InboxContext) {
    const d = e.data;
    await ctx.manager.query(
      `INSERT INTO rm_household (household_id, town, village, hukou_type, member_count, per_capita_income_fen) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (household_id) DO UPDATE SET town = EXCLUDED.town, village = EXCLUDED.village, hukou_type = EXCLUDED.hukou_type,
         member_count = EXCLUDED.member_count, per_capita_income_fen = EXCLUDED.per_capita_income_fen, updated_at = now()`,
      [d.householdId, d.town, d.village, d.hukouType, d.members.length, d.perCapitaMonthlyIncomeFen],
    );
    for (const m of d.members) await this.member(ctx.manager, d.householdId, m);
  }

  @EventPattern('assistance.household.member-added')
  async memberAdded(@Payload() e: EventEnvelope<HouseholdMemberAddedV1Payload>, @Ctx() ctx: InboxContext) {
    const d = e.data;
    await ctx.manager.query(
      `INSERT INTO rm_household (household_id, town, member_count, per_capita_income_fen) VALUES ($1, $2, $3, $4)
       ON CONFLICT (household_id) DO UPDATE SET member_count = EXCLUDED.member_count, per_capita_income_fen = EXCLUDED.per_capita_income_fen, updated_at = now()`,
      [d.householdId, d.town, d.memberCount, d.perCapitaMonthlyIncomeFen],
    );
    await this.member(ctx.manager, d.householdId, d.member);
  }

  @EventPattern('assistance.case.approved')
  caseApproved(@Payload() e: EventEnvelope<CaseApprovedV1Payload>, @Ctx() ctx: InboxContext) {
    return this.caseStatus(ctx, e, 'active', {
      effectiveFrom: e.data.effectiveFrom,
      monthlyAmountFen: e.data.monthlyAmountFen,
    });
  }

  @EventPattern('assistance.case.suspended')
  caseSuspended(@Payload() e: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext) {
    return this.caseStatus(ctx, e, 'suspended');
  }

  @EventPattern('assistance.case.terminated')
  caseTerminated(@Payload() e: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext) {
    return this.caseStatus(ctx, e, 'terminated');
  }

  @EventPattern('assistance.case.reinstated')
  caseReinstated(@Payload() e: EventEnvelope<CaseReinstatedV1Payload>, @Ctx() ctx: InboxContext) {
    return this.caseStatus(ctx, e, 'active');
  }

  @EventPattern('eldercare.elder.allowance-granted')
  elderAllowance(@Payload() e: EventEnvelope<ElderAllowanceGrantedV1Payload>, @Ctx() ctx: InboxContext) {
    const d = e.data;
    return this.enrol(
      ctx,
      e,
      {
        id: d.grantId,
        department: 'eldercare',
        programme: d.allowance,
        personRef: d.personRef,
        householdId: null,
        town: d.town,
      },
      'active',
      {
        effectiveFrom: d.effectiveFrom,
        monthlyAmountFen: d.monthlyAmountFen,
      },
    );
  }

  @EventPattern('child-welfare.child.allowance-granted')
  childAllowance(@Payload() e: EventEnvelope<ChildAllowanceGrantedV1Payload>, @Ctx() ctx: InboxContext) {
    const d = e.data;
    return this.enrol(
      ctx,
      e,
      {
        id: d.grantId,
        department: 'child-welfare',
        programme: `${d.category}-allowance`,
        personRef: d.personRef,
        householdId: null,
        town: d.town,
      },
      'active',
      {
        effectiveFrom: d.effectiveFrom,
        monthlyAmountFen: d.monthlyAmountFen,
      },
    );
  }

  private caseStatus(
    ctx: InboxContext,
    e: EventEnvelope<CaseFacts>,
    status: EnrolmentStatus,
    extra: { effectiveFrom?: string; monthlyAmountFen?: number } = {},
  ) {
    const d = e.data;
    return this.enrol(
      ctx,
      e,
      {
        id: d.caseId,
        department: 'assistance',
        programme: d.programme,
        personRef: d.personRef,
        householdId: d.householdId,
        town: d.town,
      },
      status,
      extra,
    );
  }

  private async enrol(
    ctx: InboxContext,
    e: EventEnvelope,
    f: {
      id: string;
      department: string;
      programme: string;
      personRef: string;
      householdId: string | null;
      town: string;
    },
    status: EnrolmentStatus,
    extra: { effectiveFrom?: string; monthlyAmountFen?: number },
  ) {
    const changed = await ctx.manager.query(
      `INSERT INTO rm_enrolment (enrolment_id, department, programme, person_ref, household_id, town, status, effective_from, monthly_amount_fen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (department, enrolment_id) DO UPDATE SET status = EXCLUDED.status, town = EXCLUDED.town,
         effective_from = COALESCE(EXCLUDED.effective_from, rm_enrolment.effective_from),
         monthly_amount_fen = COALESCE(EXCLUDED.monthly_amount_fen, rm_enrolment.monthly_amount_fen), updated_at = now()
       WHERE rm_enrolment.status = ANY($10)
       RETURNING status`,
      [
        f.id,
        f.department,
        f.programme,
        f.personRef,
        f.householdId,
        f.town,
        status,
        extra.effectiveFrom ?? null,
        extra.monthlyAmountFen ?? null,
        ALLOWED_FROM[status],
      ],
    );
    if (!changed.length) return;
    const regEvent = status === 'active' ? 'REGISTER' : status === 'terminated' ? 'DEREGISTER' : undefined;
    if (regEvent) await this.notifier.notify(ctx.manager, e, regEvent, f);
  }

  private async member(manager: EntityManager, householdId: string, m: HouseholdMember) {
    await manager.query(
      `INSERT INTO rm_member (household_id, person_ref, masked_id, birth_date, sex, relation, disability_level) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (household_id, person_ref) DO UPDATE SET masked_id = EXCLUDED.masked_id, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex,
         relation = EXCLUDED.relation, disability_level = EXCLUDED.disability_level`,
      [householdId, m.personRef, m.maskedId, m.birthDate, m.sex, m.relation, m.disabilityLevel ?? null],
    );
  }
}
