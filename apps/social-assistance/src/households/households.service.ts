import { currentRefSql } from '@civic/operations';
import { KnownDivisions } from '@civic/divisions';
import {
  createEvent,
  HouseholdAssetsChangedV1,
  HouseholdIncomeChangedV2,
  HouseholdMemberAddedV2,
  HouseholdRegisteredV2,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  AuditLog,
  AuthenticatedUser,
  Clock,
  Filters,
  Page,
  pageOf,
  ProblemException,
  ResidentIdentity,
  ResidentIds,
} from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { assetsPayload, incomeChangedPayload, memberAddedPayload, registeredPayload } from './household-events';
import {
  AddMemberDto,
  MemberAttributesDto,
  NewMemberDto,
  RegisterHouseholdDto,
  RemoveMemberDto,
  ReplaceAssetsDto,
  ReplaceIncomesDto,
  RigidExpenditureDto,
  UpdateMemberDto,
} from './household-input.dto';
import { HouseholdChangeHook } from './household-change-hook';
import { Household, HouseholdMember, Income } from './household.model';
import { HouseholdListQueryDto } from './household-list-query.dto';

/** A stored household: the means-test snapshot plus where it is and its version. */
export interface StoredHousehold {
  householdId: string;
  town: string;
  village: string;
  status: 'active' | 'dissolved';
  version: number;
  snapshot: Household;
  maskedIds: Record<string, string>;
}

/** What a household change did: the snapshot before and after (for events and re-assessment). */
export interface HouseholdChange {
  before: StoredHousehold;
  after: StoredHousehold;
}

const NO_SPENDING: RigidExpenditureDto = { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 };

/**
 * Households and members (docs/domain.md "People, households and identity"): registration, changes with
 * every version kept, one active household per person (409 naming the existing one).
 */
@Injectable()
export class HouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ids: ResidentIds,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
    private readonly changeHook: HouseholdChangeHook,
  ) {}

  async register(dto: RegisterHouseholdDto, user: AuthenticatedUser): Promise<StoredHousehold> {
    assertInArea(user, dto.town, 'the household');
    await this.divisions.assertTown('town', dto.town);
    await this.divisions.assertVillage('village', dto.village, dto.town);
    for (const [i, mem] of dto.members.entries())
      await this.divisions.assertHukou(`members[${i}].hukou`, mem.hukou, mem.hukouType);
    const applicants = dto.members.filter((m) => m.relation === 'applicant').length;
    if (applicants !== 1)
      throw ProblemException.invalidField(
        'members',
        'exactly-one-applicant',
        `members must hold exactly one member with relation "applicant" (found ${applicants})`,
      );
    const identities = this.identifyAll(dto.members, (i) => `members[${i}].idNumber`);
    const householdId = `hh-${randomUUID()}`;
    const snapshot: Household = {
      householdId,
      standardArea: dto.standardArea,
      members: dto.members.map((m, i) => toMember(m, identities[i])),
      incomes: dto.members.flatMap((m, i) =>
        m.incomes.map((l): Income => ({
          personRef: identities[i].personRef,
          source: l.source,
          period: l.period,
          amountFen: l.amountFen,
        })),
      ),
      assets: { ...dto.assets },
      rigidExpenditure: { ...(dto.rigidExpenditure ?? NO_SPENDING) },
    };
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      await this.refuseActiveMembers(m, identities, (i) => `members[${i}].idNumber`);
      await m.query(
        `INSERT INTO household (household_id, town, village, version, snapshot, registered_by) VALUES ($1, $2, $3, 1, $4, $5)`,
        [householdId, dto.town, dto.village, snapshot, user.sub],
      );
      await m.query(
        `INSERT INTO household_version (household_id, version, snapshot, change, reason, changed_by, effective_date) VALUES ($1, 1, $2, 'registered', 'registration', $3, $4)`,
        [householdId, snapshot, user.sub, today],
      );
      await this.insertMembers(m, householdId, identities, today, (i) => `members[${i}].idNumber`);
      const stored = await this.load(m, householdId);
      await this.outbox.append(m, createEvent(HouseholdRegisteredV2, registeredPayload(stored), requestOrigin()));
      return stored;
    });
  }

  async get(householdId: string, user: AuthenticatedUser): Promise<StoredHousehold> {
    const h = await this.load(this.dataSource.manager, householdId);
    assertInArea(user, h.town, `household ${householdId}`);
    return h;
  }

  async list(q: HouseholdListQueryDto, user: AuthenticatedUser): Promise<Page<StoredHousehold>> {
    const f = new Filters()
      .eq('h.town', q.town)
      .eq('h.status', q.status)
      .cond(
        (p) => `h.household_id IN (SELECT household_id FROM household_member WHERE person_ref = ${currentRefSql(p)})`,
        q.personRef,
      )
      .towns('h.town', user);
    const from = 'household h';
    const page = await pageOf<{ household_id: string }, string>(
      this.dataSource.manager,
      'h.household_id',
      from,
      f,
      'h.registered_at, h.household_id',
      q,
      (r) => r.household_id,
    );
    const items = await Promise.all(page.items.map((id) => this.load(this.dataSource.manager, id)));
    return { ...page, items };
  }

  /** Every version with who, when, why and the snapshot. */
  async history(householdId: string, user: AuthenticatedUser) {
    await this.get(householdId, user);
    const rows = await this.dataSource.query(
      `SELECT version, change, reason, changed_by, changed_at, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, snapshot FROM household_version WHERE household_id = $1 ORDER BY version`,
      [householdId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      version: r.version,
      change: r.change,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
      effectiveDate: r.effective_date,
      snapshot: r.snapshot,
    }));
  }

  async addMember(householdId: string, dto: AddMemberDto, user: AuthenticatedUser): Promise<StoredHousehold> {
    const [identity] = this.identifyAll([dto.member], () => 'member.idNumber');
    await this.divisions.assertHukou('member.hukou', dto.member.hukou, dto.member.hukouType);
    return this.dataSource.transaction(async (m) => {
      const { after } = await this.change(
        m,
        householdId,
        user,
        'member-added',
        dto.reason,
        dto.effectiveDate,
        async (h) => {
          if (dto.member.relation === 'applicant')
            throw ProblemException.invalidField(
              'member.relation',
              'exactly-one-applicant',
              'the household already has its applicant',
            );
          await this.refuseActiveMembers(m, [identity], () => 'member.idNumber');
          await this.insertMembers(m, householdId, [identity], dto.effectiveDate, () => 'member.idNumber');
          return {
            ...h,
            members: [...h.members, toMember(dto.member, identity)],
            incomes: [
              ...h.incomes,
              ...dto.member.incomes.map((l): Income => ({ personRef: identity.personRef, ...l })),
            ],
          };
        },
      );
      await this.outbox.append(
        m,
        createEvent(HouseholdMemberAddedV2, memberAddedPayload(after, identity.personRef), requestOrigin()),
      );
      return after;
    });
  }

  async updateMember(
    householdId: string,
    personRef: string,
    dto: UpdateMemberDto,
    user: AuthenticatedUser,
  ): Promise<StoredHousehold> {
    await this.divisions.assertHukou('attributes.hukou', dto.attributes.hukou, dto.attributes.hukouType);
    return this.dataSource.transaction(async (m) => {
      const { after } = await this.change(
        m,
        householdId,
        user,
        'member-updated',
        dto.reason,
        dto.effectiveDate,
        async (h) => {
          const current = memberOf(h, personRef);
          if (dto.attributes.relation === 'applicant' && current.relation !== 'applicant') {
            throw ProblemException.invalidField(
              'attributes.relation',
              'exactly-one-applicant',
              'the household already has its applicant',
            );
          }
          if (current.relation === 'applicant' && dto.attributes.relation !== 'applicant') {
            throw ProblemException.invalidField(
              'attributes.relation',
              'exactly-one-applicant',
              'the applicant stays the applicant; register the household anew to change who applies',
            );
          }
          return {
            ...h,
            members: h.members.map((x) => (x.personRef === personRef ? { ...x, ...attributes(dto.attributes) } : x)),
          };
        },
      );
      return after;
    });
  }

  async removeMember(
    householdId: string,
    personRef: string,
    dto: RemoveMemberDto,
    user: AuthenticatedUser,
  ): Promise<StoredHousehold> {
    return this.dataSource.transaction(async (m) => {
      const { after } = await this.change(
        m,
        householdId,
        user,
        'member-removed',
        dto.reason,
        dto.effectiveDate,
        async (h) => {
          const leaving = memberOf(h, personRef);
          if (leaving.relation === 'applicant')
            throw ProblemException.conflict('the applicant cannot leave the household; dissolve or re-register it', {
              currentState: 'applicant',
            });
          await m.query(
            `UPDATE household_member SET active = false, left_on = $3 WHERE household_id = $1 AND person_ref = $2`,
            [householdId, personRef, dto.effectiveDate],
          );
          return {
            ...h,
            members: h.members.filter((x) => x.personRef !== personRef),
            incomes: h.incomes.filter((l) => l.personRef !== personRef),
          };
        },
      );
      return after;
    });
  }

  async replaceIncomes(householdId: string, dto: ReplaceIncomesDto, user: AuthenticatedUser): Promise<StoredHousehold> {
    return this.dataSource.transaction(async (m) => {
      const change = await this.change(
        m,
        householdId,
        user,
        'incomes-replaced',
        dto.reason,
        dto.effectiveDate,
        async (h) => {
          dto.incomes.forEach((l, i) => {
            if (!h.members.some((x) => x.personRef === l.personRef))
              throw ProblemException.invalidField(
                `incomes[${i}].personRef`,
                'household-member',
                `incomes[${i}].personRef is not a member of household ${householdId}`,
              );
          });
          return {
            ...h,
            incomes: dto.incomes.map((l) => ({
              personRef: l.personRef,
              source: l.source,
              period: l.period,
              amountFen: l.amountFen,
            })),
          };
        },
      );
      await this.appendIncomeChanged(m, change, dto.effectiveDate, requestOrigin());
      return change.after;
    });
  }

  async replaceAssets(householdId: string, dto: ReplaceAssetsDto, user: AuthenticatedUser): Promise<StoredHousehold> {
    return this.dataSource.transaction(async (m) => {
      const { before, after } = await this.change(
        m,
        householdId,
        user,
        'assets-replaced',
        dto.reason,
        dto.effectiveDate,
        async (h) => ({
          ...h,
          assets: { ...dto.assets },
          rigidExpenditure: { ...(dto.rigidExpenditure ?? h.rigidExpenditure) },
        }),
      );
      await this.outbox.append(
        m,
        createEvent(
          HouseholdAssetsChangedV1,
          {
            householdId,
            town: after.town,
            effectiveDate: dto.effectiveDate,
            assets: assetsPayload(after.snapshot),
            previousAssets: assetsPayload(before.snapshot),
          },
          requestOrigin(),
        ),
      );
      return after;
    });
  }

  /** The raw ID number of a member, for staff who must see it; every read is audited. */
  async revealIdNumber(
    householdId: string,
    personRef: string,
    user: AuthenticatedUser,
  ): Promise<{ personRef: string; idNumber: string }> {
    await this.get(householdId, user);
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT id_number_encrypted, masked_id FROM household_member WHERE household_id = $1 AND person_ref = $2`,
        [householdId, personRef],
      );
      if (!row) throw ProblemException.notFound('member', personRef);
      await this.audit.append(m, {
        actor: user.sub,
        action: 'resident-id.read',
        objectType: 'household-member',
        objectId: personRef,
        detail: { householdId, maskedId: row.masked_id },
      });
      return { personRef, idNumber: this.ids.decrypt(row.id_number_encrypted) };
    });
  }

  /** Loads a household (404 when unknown); `lock` takes the row lock for a change. */
  async load(m: EntityManager, householdId: string, lock = false): Promise<StoredHousehold> {
    const [row] = await m.query(
      `SELECT household_id, town, village, status, version, snapshot FROM household WHERE household_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [householdId],
    );
    if (!row) throw ProblemException.notFound('household', householdId);
    const masks: { person_ref: string; masked_id: string }[] = await m.query(
      `SELECT person_ref, masked_id FROM household_member WHERE household_id = $1`,
      [householdId],
    );
    return {
      householdId: row.household_id,
      town: row.town,
      village: row.village,
      status: row.status,
      version: row.version,
      snapshot: row.snapshot,
      maskedIds: Object.fromEntries(masks.map((x) => [x.person_ref, x.masked_id])),
    };
  }

  /** The active household a person belongs to, if any. */
  async activeHouseholdOf(m: EntityManager, personRef: string): Promise<string | null> {
    const [row] = await m.query(`SELECT household_id FROM household_member WHERE person_ref = $1 AND active`, [
      personRef,
    ]);
    return row?.household_id ?? null;
  }

  /**
   * Applies `mutate` to the locked household and stores the result as a new version with who,
   * when and why, in the caller's transaction. Used by the HTTP changes and by the hub reactions.
   */
  async change(
    m: EntityManager,
    householdId: string,
    user: { sub: string; towns?: string[] },
    change: string,
    reason: string,
    effectiveDate: string,
    mutate: (h: Household) => Promise<Household>,
  ): Promise<HouseholdChange> {
    const before = await this.load(m, householdId, true);
    assertInArea({ roles: [], ...user }, before.town, `household ${householdId}`);
    if (before.status !== 'active')
      throw ProblemException.conflict(`household ${householdId} is ${before.status}`, { currentState: before.status });
    const snapshot = await mutate(before.snapshot);
    // The household invariant every change keeps (the means test and case opening rely on it).
    const applicants = snapshot.members.filter((x) => x.relation === 'applicant').length;
    if (applicants !== 1)
      throw ProblemException.conflict(
        `a household keeps exactly one applicant; this change would leave ${applicants}`,
        {
          currentState: 'exactly-one-applicant',
        },
      );
    const version = before.version + 1;
    await m.query(`UPDATE household SET snapshot = $2, version = $3, updated_at = now() WHERE household_id = $1`, [
      householdId,
      snapshot,
      version,
    ]);
    await m.query(
      `INSERT INTO household_version (household_id, version, snapshot, change, reason, changed_by, effective_date) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [householdId, version, snapshot, change, reason, user.sub, effectiveDate],
    );
    // e.g. the household's cases are paid what this version decides, from the first month it governs
    await this.changeHook.householdChanged(m, householdId, effectiveDate, change);
    return { before, after: await this.load(m, householdId) };
  }

  /** Appends assistance.household.income-changed for a change of income lines. */
  async appendIncomeChanged(
    m: EntityManager,
    { before, after }: HouseholdChange,
    effectiveDate: string,
    origin: ReturnType<typeof requestOrigin>,
  ): Promise<void> {
    await this.outbox.append(
      m,
      createEvent(HouseholdIncomeChangedV2, incomeChangedPayload(before.snapshot, after, effectiveDate), {
        ...origin,
        subject: after.householdId,
      }),
    );
  }

  private identifyAll(members: NewMemberDto[], field: (i: number) => string): ResidentIdentity[] {
    const identities = members.map((mem, i) => this.ids.identify(mem.idNumber, field(i)));
    const seen = new Map<string, number>();
    identities.forEach((id, i) => {
      if (seen.has(id.personRef))
        throw ProblemException.invalidField(
          field(i),
          'unique-in-household',
          `${field(i)} repeats ${field(seen.get(id.personRef)!)}`,
        );
      seen.set(id.personRef, i);
    });
    return identities;
  }

  // A person may belong to only one active household: answered 409 naming the existing one.
  private async refuseActiveMembers(
    m: EntityManager,
    identities: ResidentIdentity[],
    field: (i: number) => string,
  ): Promise<void> {
    const rows: { person_ref: string; household_id: string }[] = await m.query(
      `SELECT person_ref, household_id FROM household_member WHERE active AND person_ref = ANY($1)`,
      [identities.flatMap((i) => i.lookupRefs)],
    );
    if (rows.length === 0) return;
    const i = identities.findIndex((x) => x.lookupRefs.includes(rows[0].person_ref));
    throw ProblemException.conflict(
      `${field(i)}: the person (${identities[i].maskedId}) already belongs to active household ${rows[0].household_id}`,
      {
        currentState: 'member-of-active-household',
        existingHouseholdId: rows[0].household_id,
        field: field(i),
      },
    );
  }

  private async insertMembers(
    m: EntityManager,
    householdId: string,
    identities: ResidentIdentity[],
    joinedOn: string,
    field: (i: number) => string,
  ): Promise<void> {
    try {
      // a savepoint keeps the transaction usable when the unique index refuses a concurrent registration
      await m.query('SAVEPOINT members');
      for (const id of identities) {
        await m.query(
          `INSERT INTO household_member (household_id, person_ref, id_number_encrypted, masked_id, joined_on) VALUES ($1, $2, $3, $4, $5)`,
          [householdId, id.personRef, id.encrypted, id.maskedId, joinedOn],
        );
      }
      await m.query('RELEASE SAVEPOINT members');
    } catch (e) {
      if (!isUniqueViolation(e, 'household_member_one_active')) throw e;
      await m.query('ROLLBACK TO SAVEPOINT members');
      await this.refuseActiveMembers(m, identities, field);
      throw e;
    }
  }
}

function toMember(dto: NewMemberDto, id: ResidentIdentity): HouseholdMember {
  return { personRef: id.personRef, birthDate: id.id.birthDate, sex: id.id.sex, ...attributes(dto) };
}

function attributes(dto: MemberAttributesDto): Omit<HouseholdMember, 'personRef' | 'birthDate' | 'sex'> {
  return {
    relation: dto.relation,
    hukou: { townCode: dto.hukou.townCode, villageCode: dto.hukou.villageCode },
    hukouType: dto.hukouType,
    labourCapacity: dto.labourCapacity,
    disabilityLevel: dto.disabilityLevel ?? null,
    seriousIllness: dto.seriousIllness,
    schooling: dto.schooling,
    selfCareAbility: dto.selfCareAbility,
    hasLegalSupporterAbleToSupport: dto.hasLegalSupporterAbleToSupport,
  };
}

function memberOf(h: Household, personRef: string): HouseholdMember {
  const found = h.members.find((x) => x.personRef === personRef);
  if (!found) throw ProblemException.notFound('member', personRef, { householdId: h.householdId });
  return found;
}
