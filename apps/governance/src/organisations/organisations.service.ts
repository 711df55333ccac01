import {
  createEvent,
  CreditListChangedV1,
  SocialOrganisationChangedV1,
  SocialOrganisationRegisteredV1,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DivisionsService } from '../divisions/divisions.service';
import { assertInArea } from '../persistence/area';
import { isUniqueViolation, requestOrigin } from '../persistence/event-origin';
import {
  ChangeOrganisationDto,
  CreditListDto,
  GradeDto,
  OrganisationListQueryDto,
  RegisterOrganisationDto,
} from './organisation-input.dto';

export interface OrganisationView {
  organisationId: string;
  registrationNumber: string;
  name: string;
  creditCode: string | null;
  kind: string;
  town: string;
  registeredOn: string;
  hub: boolean;
  grade: number | null;
  gradedOn: string | null;
  creditList: 'red' | 'black' | 'none';
  creditReason: string | null;
  creditFrom: string | null;
}

export const ORGANISATION_COLUMNS = `organisation_id AS "organisationId", registration_number AS "registrationNumber", name, credit_code AS "creditCode", kind, town,
  to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn", hub, grade, to_char(graded_on, 'YYYY-MM-DD') AS "gradedOn",
  credit_list AS "creditList", credit_reason AS "creditReason", to_char(credit_from, 'YYYY-MM-DD') AS "creditFrom"`;

/** Social organisations (docs/domain.md §5): registration, changes, grades and the credit red and black lists. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly divisions: DivisionsService,
    private readonly clock: Clock,
  ) {}

  async register(dto: RegisterOrganisationDto, user: AuthenticatedUser): Promise<OrganisationView> {
    assertInArea(user, dto.town, 'the organisation');
    const today = this.clock.today();
    const registeredOn = dto.registeredOn ?? today;
    if (registeredOn > today)
      throw ProblemException.invalidField('registeredOn', 'notFuture', 'registeredOn must not be after today');
    const organisationId = `sorg-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.divisions.assertTown(m, 'town', dto.town);
        const [taken] = await m.query(`SELECT 1 FROM social_organisation WHERE registration_number = $1`, [
          dto.registrationNumber,
        ]);
        if (taken) throw duplicateNumber();
        await m.query(
          `INSERT INTO social_organisation (organisation_id, registration_number, name, credit_code, kind, town, registered_on, hub, registered_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            organisationId,
            dto.registrationNumber,
            dto.name,
            dto.creditCode ?? null,
            dto.kind,
            dto.town,
            registeredOn,
            dto.hub ?? false,
            user.sub,
          ],
        );
        await this.outbox.append(
          m,
          createEvent(
            SocialOrganisationRegisteredV1,
            {
              organisationId,
              name: dto.name,
              ...(dto.creditCode ? { creditCode: dto.creditCode } : {}),
              kind: dto.kind,
              town: dto.town,
              registeredOn,
              hub: dto.hub ?? false,
            },
            requestOrigin(),
          ),
        );
        return this.get(organisationId, user, m);
      });
    } catch (e) {
      // two registrations racing past the check above: the unique constraint decides
      if (isUniqueViolation(e, 'social_organisation_registration_number')) throw duplicateNumber();
      throw e;
    }
  }

  /** Name, town or hub status change, kept in the organisation's history with the reason. */
  async change(id: string, dto: ChangeOrganisationDto, user: AuthenticatedUser): Promise<OrganisationView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockInArea(m, id, user);
      if (dto.town !== undefined) {
        assertInArea(user, dto.town, 'the new town');
        await this.divisions.assertTown(m, 'town', dto.town);
      }
      const after = { name: dto.name ?? before.name, town: dto.town ?? before.town, hub: dto.hub ?? before.hub };
      await m.query(`UPDATE social_organisation SET name = $2, town = $3, hub = $4 WHERE organisation_id = $1`, [
        id,
        after.name,
        after.town,
        after.hub,
      ]);
      await this.history(
        m,
        id,
        'details',
        { name: before.name, town: before.town, hub: before.hub },
        after,
        dto.reason,
        user,
      );
      return this.published(m, id, 'details', dto.reason, user);
    });
  }

  /** Grade evaluation (等级评估) result, 1A to 5A. */
  async grade(id: string, dto: GradeDto, user: AuthenticatedUser): Promise<OrganisationView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockInArea(m, id, user);
      const today = this.clock.today();
      await m.query(`UPDATE social_organisation SET grade = $2, graded_on = $3 WHERE organisation_id = $1`, [
        id,
        dto.grade,
        today,
      ]);
      await this.history(m, id, 'grade', { grade: before.grade }, { grade: dto.grade }, dto.reason, user);
      return this.published(m, id, 'grade', dto.reason, user);
    });
  }

  /**
   * Puts the organisation on the red or black list (诚信红黑榜) or takes it off, with reason and date,
   * and publishes governance.social-organisation.credit-list-changed: charity refuses projects from
   * black-listed organisations on that event, never by reading this database.
   */
  async setCreditList(id: string, dto: CreditListDto, user: AuthenticatedUser): Promise<OrganisationView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockInArea(m, id, user);
      const today = this.clock.today();
      const effectiveFrom = dto.effectiveFrom ?? today;
      if (effectiveFrom < today)
        throw ProblemException.invalidField('effectiveFrom', 'notPast', 'effectiveFrom must be today or later');
      if (before.creditList === dto.list)
        throw ProblemException.conflict(`organisation ${id} is already on list ${dto.list}`, {
          currentList: before.creditList,
        });
      await m.query(
        `UPDATE social_organisation SET credit_list = $2, credit_reason = $3, credit_from = $4 WHERE organisation_id = $1`,
        [id, dto.list, dto.reason, effectiveFrom],
      );
      await this.history(
        m,
        id,
        'credit-list',
        { list: before.creditList, from: before.creditFrom },
        { list: dto.list, from: effectiveFrom },
        dto.reason,
        user,
      );
      await this.outbox.append(
        m,
        createEvent(
          CreditListChangedV1,
          {
            organisationId: id,
            town: before.town,
            list: dto.list,
            previousList: before.creditList,
            effectiveFrom,
            reason: dto.reason,
          },
          requestOrigin(),
        ),
      );
      return this.get(id, user, m);
    });
  }

  async get(
    id: string,
    user: AuthenticatedUser,
    m: EntityManager = this.dataSource.manager,
  ): Promise<OrganisationView> {
    const [row] = await m.query(`SELECT ${ORGANISATION_COLUMNS} FROM social_organisation WHERE organisation_id = $1`, [
      id,
    ]);
    if (!row) throw ProblemException.notFound('social organisation', id);
    assertInArea(user, row.town, 'the organisation');
    return row;
  }

  async historyOf(id: string, user: AuthenticatedUser) {
    await this.get(id, user);
    return this.dataSource.query(
      `SELECT seq, change, before, after, reason, to_char(changed_on, 'YYYY-MM-DD') AS "changedOn", changed_by AS "changedBy"
       FROM organisation_change WHERE organisation_id = $1 ORDER BY seq`,
      [id],
    );
  }

  list(q: OrganisationListQueryDto, user: AuthenticatedUser): Promise<Page<OrganisationView>> {
    const f = new Filters()
      .eq('town', q.town)
      .eq('kind', q.kind)
      .eq('credit_list', q.creditList)
      .eq('hub', q.hub)
      .eq('registration_number', q.registrationNumber)
      .towns('town', user);
    return pageOf(
      this.dataSource.manager,
      ORGANISATION_COLUMNS,
      'social_organisation',
      f,
      'organisation_id',
      q,
      (r: OrganisationView) => r,
    );
  }

  /** Hub community organisations per town (专栏1 indicator 17), over every town in force. */
  hubsPerTown(): Promise<{ town: string; name: string; hubs: number }[]> {
    return this.dataSource.query(
      `SELECT d.code AS town, d.name, count(o.organisation_id)::int AS hubs
       FROM division d LEFT JOIN social_organisation o ON o.town = d.code AND o.hub
       WHERE d.level = 'town' AND (d.retired_on IS NULL OR d.retired_on > $1)
       GROUP BY d.code, d.name ORDER BY d.code`,
      [this.clock.today()],
    );
  }

  /** The organisation after a change, published as governance.social-organisation.changed in the same transaction. */
  private async published(
    m: EntityManager,
    id: string,
    change: 'details' | 'grade',
    reason: string,
    user: AuthenticatedUser,
  ): Promise<OrganisationView> {
    const o = await this.get(id, user, m);
    await this.outbox.append(
      m,
      createEvent(
        SocialOrganisationChangedV1,
        {
          organisationId: id,
          town: o.town,
          name: o.name,
          hub: o.hub,
          ...(o.grade !== null ? { grade: o.grade } : {}),
          change,
          changedOn: this.clock.today(),
          reason,
        },
        requestOrigin(),
      ),
    );
    return o;
  }

  private async lockInArea(m: EntityManager, id: string, user: AuthenticatedUser): Promise<OrganisationView> {
    await m.query(`SELECT 1 FROM social_organisation WHERE organisation_id = $1 FOR UPDATE`, [id]);
    return this.get(id, user, m);
  }

  private async history(
    m: EntityManager,
    id: string,
    change: string,
    before: object,
    after: object,
    reason: string,
    user: AuthenticatedUser,
  ): Promise<void> {
    await m.query(
      `INSERT INTO organisation_change (organisation_id, seq, change, before, after, reason, changed_on, changed_by)
       SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM organisation_change WHERE organisation_id = $1`,
      [id, change, JSON.stringify(before), JSON.stringify(after), reason, this.clock.today(), user.sub],
    );
  }
}

function duplicateNumber(): ProblemException {
  return ProblemException.validation(
    [{ field: 'registrationNumber', rule: 'unique', message: 'registrationNumber is already registered' }],
    'registrationNumber is already registered',
  );
}
