import { KnownDivisions } from '@civic/divisions';
import { CharityOrganisationRegisteredV1, createEvent } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { conflictOn } from '../persistence/problems';
import {
  AnnualReportDto,
  FundraisingQualificationDto,
  GradeDto,
  OrganisationListQueryDto,
  RegisterOrganisationDto,
} from './organisation-input.dto';
import { OrganisationStanding, qualifiedOn } from './organisation-standing';

export interface Organisation extends OrganisationStanding {
  organisationId: string;
  name: string;
  creditCode: string;
  town: string;
  registeredOn: string;
  grade: string | null;
  reports: { year: number; filedOn: string; incomeFen: number; spendingFen: number }[];
}

const SELECT = `SELECT o.organisation_id, o.name, o.credit_code, o.town, to_char(o.registered_on, 'YYYY-MM-DD') AS registered_on,
  to_char(o.fundraising_from, 'YYYY-MM-DD') AS fundraising_from, to_char(o.fundraising_until, 'YYYY-MM-DD') AS fundraising_until, o.grade,
  EXISTS (SELECT 1 FROM governance_credit g WHERE g.credit_code = o.credit_code AND g.list = 'black' AND (g.list_from IS NULL OR g.list_from <= $2::date)) AS black_listed
  FROM charity_organisation o`;

type Row = Record<string, any>;

/**
 * Charitable organisations (docs/domain.md §4, plan 三（四）3): recognition, public-fundraising
 * qualification with its validity dates, evaluation grade, annual reports; black-listing comes
 * from grassroots governance's events (reactions/governance-events.listener.ts).
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly bound: AmountBound,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterOrganisationDto, user: AuthenticatedUser): Promise<Organisation> {
    assertInArea(user, dto.town, 'the organisation');
    await this.divisions.assertTown('town', dto.town);
    if (dto.registeredOn > this.clock.today())
      throw ProblemException.invalidField('registeredOn', 'not-in-future', 'registeredOn must not be after today');
    const organisationId = `corg-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO charity_organisation (organisation_id, name, credit_code, town, registered_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [organisationId, dto.name, dto.creditCode, dto.town, dto.registeredOn, user.sub],
        );
        await this.outbox.append(
          m,
          createEvent(
            CharityOrganisationRegisteredV1,
            { organisationId, ...dto, publicFundraising: false },
            requestOrigin(),
          ),
        );
        return this.load(m, organisationId);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'charity_organisation_credit_code_key'))
        throw conflictOn('creditCode', 'unique', 'creditCode: an organisation with this credit code is registered');
      throw e;
    }
  }

  async qualify(id: string, dto: FundraisingQualificationDto, user: AuthenticatedUser): Promise<Organisation> {
    if (dto.validUntil < dto.validFrom)
      throw ProblemException.invalidField(
        'validUntil',
        'not-before-validFrom',
        'validUntil must not be before validFrom',
      );
    return this.dataSource.transaction(async (m) => {
      const o = await this.forUpdate(m, id, user);
      if (o.blackListed)
        throw ProblemException.invalidField(
          'organisationId',
          'not-black-listed',
          'organisationId: a black-listed organisation cannot be granted public fundraising',
        );
      await m.query(
        `UPDATE charity_organisation SET fundraising_from = $2, fundraising_until = $3 WHERE organisation_id = $1`,
        [id, dto.validFrom, dto.validUntil],
      );
      return this.load(m, id);
    });
  }

  async grade(id: string, dto: GradeDto, user: AuthenticatedUser): Promise<Organisation> {
    return this.dataSource.transaction(async (m) => {
      await this.forUpdate(m, id, user);
      await m.query(`UPDATE charity_organisation SET grade = $2 WHERE organisation_id = $1`, [id, dto.grade]);
      return this.load(m, id);
    });
  }

  async fileReport(id: string, dto: AnnualReportDto, user: AuthenticatedUser): Promise<Organisation> {
    const today = this.clock.today();
    this.bound.check('incomeFen', dto.incomeFen, today);
    this.bound.check('spendingFen', dto.spendingFen, today);
    if (dto.year >= Number(today.slice(0, 4)))
      throw ProblemException.invalidField('year', 'past-year', 'year must be a finished year');
    return this.dataSource.transaction(async (m) => {
      await this.forUpdate(m, id, user);
      const rows = await m.query(
        `INSERT INTO organisation_report (organisation_id, year, filed_on, income_fen, spending_fen) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING year`,
        [id, dto.year, today, dto.incomeFen, dto.spendingFen],
      );
      if (!rows.length)
        throw ProblemException.conflict(`the report for ${dto.year} is already filed`, { year: dto.year });
      return this.load(m, id);
    });
  }

  async get(id: string, user: AuthenticatedUser): Promise<Organisation> {
    const o = await this.load(this.dataSource.manager, id);
    assertInArea(user, o.town, `organisation ${id}`);
    return o;
  }

  async list(q: OrganisationListQueryDto, user: AuthenticatedUser): Promise<Page<Organisation>> {
    const f = new Filters().eq('o.town', q.town).towns('o.town', user);
    const page = await pageOf<Row, string>(
      this.dataSource.manager,
      'o.organisation_id',
      'charity_organisation o',
      f,
      'o.created_at, o.organisation_id',
      q,
      (r) => r.organisation_id,
    );
    return { ...page, items: await Promise.all(page.items.map((id) => this.load(this.dataSource.manager, id))) };
  }

  /** The organisation with its row locked for the transaction; 404 when unknown, 403 outside the caller's towns. */
  async forUpdate(m: EntityManager, id: string, user?: AuthenticatedUser): Promise<Organisation> {
    const [row] = await m.query(`SELECT town FROM charity_organisation WHERE organisation_id = $1 FOR UPDATE`, [id]);
    if (!row) throw ProblemException.notFound('organisation', id);
    if (user) assertInArea(user, row.town, `organisation ${id}`);
    return this.load(m, id);
  }

  async load(m: EntityManager, id: string): Promise<Organisation> {
    // on the black list from its effective date (business date)
    const [r] = await m.query(`${SELECT} WHERE o.organisation_id = $1`, [id, this.clock.today()]);
    if (!r) throw ProblemException.notFound('organisation', id);
    const reports = await m.query(
      `SELECT year, to_char(filed_on, 'YYYY-MM-DD') AS filed_on, income_fen, spending_fen FROM organisation_report WHERE organisation_id = $1 ORDER BY year`,
      [id],
    );
    return {
      organisationId: r.organisation_id,
      name: r.name,
      creditCode: r.credit_code,
      town: r.town,
      registeredOn: r.registered_on,
      fundraisingFrom: r.fundraising_from,
      fundraisingUntil: r.fundraising_until,
      grade: r.grade,
      blackListed: r.black_listed,
      reports: reports.map((x: Row) => ({
        year: x.year,
        filedOn: x.filed_on,
        incomeFen: Number(x.income_fen),
        spendingFen: Number(x.spending_fen),
      })),
    };
  }

  /** The organisation as the API shows it, with its qualification as of today. */
  view(o: Organisation) {
    return { ...o, qualifiedToday: qualifiedOn(o, this.clock.today()) };
  }
}
