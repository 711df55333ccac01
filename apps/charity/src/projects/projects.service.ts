import { KnownDivisions } from '@civic/divisions';
import { createEvent, ProjectLaunchedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AmountBound } from '../parameters/amount-bound';
import { projectRefusal } from '../organisations/organisation-standing';
import { OrganisationsService } from '../organisations/organisations.service';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { conflictOn } from '../persistence/problems';
import { LaunchProjectDto, ProjectListQueryDto } from './project-input.dto';

export interface Project {
  projectId: string;
  organisationId: string;
  title: string;
  kind: string;
  town: string;
  beneficiaryCriteria: string;
  targetFen: number;
  launchedOn: string;
  endsOn: string | null;
  publicFundraising: boolean;
  status: 'open' | 'closed';
  /** Why and when it closed to donations (staff, or the death of the person a crowdfunding campaign helps). */
  closedOn: string | null;
  closedReason: string | null;
  balanceFen: number;
  raisedFen: number;
  goodsValueFen: number;
  disbursedFen: number;
}

type Row = Record<string, any>;

export const PROJECT_SELECT = `SELECT p.*, to_char(p.launched_on, 'YYYY-MM-DD') AS launched, to_char(p.ends_on, 'YYYY-MM-DD') AS ends, to_char(p.closed_on, 'YYYY-MM-DD') AS closed,
  COALESCE(t.raised, 0) AS raised, COALESCE(t.goods, 0) AS goods, COALESCE(t.disbursed, 0) AS disbursed
  FROM charity_project p LEFT JOIN LATERAL (
    SELECT sum(CASE WHEN debit_account = 'fund' AND credit_account = 'donations' THEN amount_fen WHEN debit_account = 'donations' AND credit_account = 'fund' THEN -amount_fen ELSE 0 END) AS raised,
           sum(CASE WHEN debit_account = 'goods' THEN amount_fen WHEN credit_account = 'goods' THEN -amount_fen ELSE 0 END) AS goods,
           sum(CASE WHEN debit_account = 'aid' THEN amount_fen WHEN credit_account = 'aid' THEN -amount_fen ELSE 0 END) AS disbursed
      FROM ledger_entry e WHERE e.project_id = p.project_id) t ON true`;

/** Projects and micro-funds (微基金): launched by an organisation in good standing with goal, period and criteria. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly organisations: OrganisationsService,
    private readonly bound: AmountBound,
    private readonly divisions: KnownDivisions,
  ) {}

  async launch(dto: LaunchProjectDto, user: AuthenticatedUser): Promise<Project> {
    assertInArea(user, dto.town, 'the project');
    await this.divisions.assertTown('town', dto.town);
    const today = this.clock.today();
    this.bound.check('targetFen', dto.targetFen, today);
    if (dto.endsOn !== undefined && dto.endsOn < today)
      throw ProblemException.invalidField('endsOn', 'not-in-past', 'endsOn must not be before today');
    return this.dataSource.transaction(async (m) => this.open(m, dto, today, user.sub));
  }

  /** Opens a project inside the caller's transaction (crowdfunding opens one for its donations). */
  async open(m: EntityManager, dto: LaunchProjectDto, today: string, by: string): Promise<Project> {
    const org = await this.organisations.forUpdate(m, dto.organisationId);
    const refusal = projectRefusal(org, dto.publicFundraising, today);
    if (refusal) throw ProblemException.invalidField(refusal.field, refusal.rule, refusal.message);
    const projectId = `proj-${randomUUID()}`;
    await m.query(
      `INSERT INTO charity_project (project_id, organisation_id, title, kind, town, beneficiary_criteria, target_fen, launched_on, ends_on, public_fundraising, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        projectId,
        dto.organisationId,
        dto.title,
        dto.kind,
        dto.town,
        dto.beneficiaryCriteria,
        dto.targetFen,
        today,
        dto.endsOn ?? null,
        dto.publicFundraising,
        by,
      ],
    );
    await this.outbox.append(
      m,
      createEvent(
        ProjectLaunchedV1,
        {
          projectId,
          organisationId: dto.organisationId,
          title: dto.title,
          kind: dto.kind,
          targetFen: dto.targetFen,
          launchedOn: today,
          ...(dto.endsOn ? { endsOn: dto.endsOn } : {}),
        },
        requestOrigin(),
      ),
    );
    return this.load(m, projectId);
  }

  async close(id: string, user: AuthenticatedUser): Promise<Project> {
    return this.dataSource.transaction(async (m) => {
      const p = await this.forUpdate(m, id, user);
      if (p.status === 'closed') throw conflictOn('projectId', 'project-open', `project ${id} is already closed`);
      await m.query(
        `UPDATE charity_project SET status = 'closed', closed_on = $2, closed_reason = 'closed by staff' WHERE project_id = $1`,
        [id, this.clock.today()],
      );
      return this.load(m, id);
    });
  }

  async get(id: string, user: AuthenticatedUser): Promise<Project> {
    const p = await this.load(this.dataSource.manager, id);
    assertInArea(user, p.town, `project ${id}`);
    return p;
  }

  async list(q: ProjectListQueryDto, user: AuthenticatedUser): Promise<Page<Project>> {
    const f = new Filters()
      .eq('p.organisation_id', q.organisationId)
      .eq('p.status', q.status)
      .eq('p.town', q.town)
      .towns('p.town', user);
    const page = await pageOf<Row, string>(
      this.dataSource.manager,
      'p.project_id',
      'charity_project p',
      f,
      'p.created_at, p.project_id',
      q,
      (r) => r.project_id,
    );
    return { ...page, items: await Promise.all(page.items.map((id) => this.load(this.dataSource.manager, id))) };
  }

  /** The project with its row locked: bookings on one project are serialised here. */
  async forUpdate(m: EntityManager, id: string, user?: AuthenticatedUser): Promise<Project> {
    const [row] = await m.query(`SELECT town FROM charity_project WHERE project_id = $1 FOR UPDATE`, [id]);
    if (!row) throw ProblemException.notFound('project', id);
    if (user) assertInArea(user, row.town, `project ${id}`);
    return this.load(m, id);
  }

  async load(m: EntityManager, id: string): Promise<Project> {
    const [r] = await m.query(`${PROJECT_SELECT} WHERE p.project_id = $1`, [id]);
    if (!r) throw ProblemException.notFound('project', id);
    return {
      projectId: r.project_id,
      organisationId: r.organisation_id,
      title: r.title,
      kind: r.kind,
      town: r.town,
      beneficiaryCriteria: r.beneficiary_criteria,
      targetFen: Number(r.target_fen),
      launchedOn: r.launched,
      endsOn: r.ends,
      publicFundraising: r.public_fundraising,
      status: r.status,
      closedOn: r.closed,
      closedReason: r.closed_reason,
      balanceFen: Number(r.balance_fen),
      raisedFen: Number(r.raised),
      goodsValueFen: Number(r.goods),
      disbursedFen: Number(r.disbursed),
    };
  }
}

/** True when the project takes donations on `date`: open and within its period. */
export function acceptsDonationsOn(p: Pick<Project, 'status' | 'endsOn'>, date: string): boolean {
  return p.status === 'open' && (p.endsOn === null || date <= p.endsOn);
}
