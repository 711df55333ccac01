import { KnownDivisions } from '@civic/divisions';
import {
  AlertRaisedV1Payload,
  createEvent,
  DeathRecordedV1Payload,
  EventEnvelope,
  EventOrigin,
  HELP_CENTRES,
  REFERRAL_OUTCOMES,
  ReferralResolvedV1,
  Sources,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertInArea } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { refuseIfDead } from '../persistence/person-death';
import { conflictOn } from '../persistence/problems';
import { CreateReferralDto, ReferralListQueryDto, ResolveReferralDto } from './referral-input.dto';

type HelpCentre = (typeof HELP_CENTRES)[number];
type Outcome = (typeof REFERRAL_OUTCOMES)[number];

/** The help centre each charity rule of the policy engine refers to (apps/policy-engine/src/rules/). */
const CENTRE_OF_RULE: Record<string, HelpCentre> = {
  'charity-major-illness-referral': 'major-illness',
};

const OPEN = ['open', 'in-progress'];

export interface Referral {
  referralId: string;
  alertId: string | null;
  source: string;
  personRef: string;
  town: string;
  helpCentre: HelpCentre;
  summary: string;
  receivedOn: string;
  dueDate: string | null;
  status: string;
  assignedTo: string | null;
  resolvedOn: string | null;
  note: string | null;
  aidFen: number;
}

type Row = Record<string, any>;

const SELECT = `SELECT r.*, to_char(r.received_on, 'YYYY-MM-DD') AS received, to_char(r.due_date, 'YYYY-MM-DD') AS due,
  to_char(r.resolved_on, 'YYYY-MM-DD') AS resolved,
  COALESCE((SELECT sum(CASE WHEN e.debit_account = 'aid' THEN e.amount_fen ELSE -e.amount_fen END) FROM ledger_entry e
             WHERE e.referral_id = r.referral_id AND 'aid' IN (e.debit_account, e.credit_account)), 0) AS aid
  FROM referral r`;

/**
 * Government–charity connection (政府救助与慈善救助衔接, docs/domain.md §4): needs the government cannot
 * cover arrive from the policy engine's charity alerts or from social assistance staff, and wait in
 * the queue of a help centre until worked to an outcome, which is published (charity.referral.resolved).
 * Aid for a referral is booked on a project's ledger with its referralId (ledger/ledger.service.ts).
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  /** A charity alert of the policy engine becomes a referral once, however often it is delivered. */
  async fromAlert(m: EntityManager, event: EventEnvelope<AlertRaisedV1Payload>): Promise<void> {
    const a = event.data;
    if (a.department !== 'charity') return;
    await m.query(
      `INSERT INTO referral (referral_id, alert_id, source, person_ref, town, help_centre, summary, received_on, due_date)
       VALUES ($1, $2, 'policy-engine', $3, $4, $5, $6, $7, $8) ON CONFLICT (alert_id) DO NOTHING`,
      [
        `ref-${randomUUID()}`,
        a.alertId,
        a.personRef,
        a.town,
        // a charity rule without its own centre is a medical need: the major-illness centre takes it
        CENTRE_OF_RULE[a.ruleId] ?? 'major-illness',
        a.summary,
        this.clock.today(),
        a.dueDate,
      ],
    );
  }

  async create(dto: CreateReferralDto, user: AuthenticatedUser): Promise<Referral> {
    assertInArea(user, dto.town, 'the referral');
    await this.divisions.assertTown('town', dto.town);
    const id = `ref-${randomUUID()}`;
    await refuseIfDead(this.dataSource.manager, dto.personRef, 'personRef');
    await this.dataSource.query(
      `INSERT INTO referral (referral_id, source, person_ref, town, help_centre, summary, received_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, dto.source, dto.personRef, dto.town, dto.helpCentre, dto.summary, this.clock.today()],
    );
    return this.load(this.dataSource.manager, id);
  }

  async assign(id: string, user: AuthenticatedUser): Promise<Referral> {
    return this.dataSource.transaction(async (m) => {
      const r = await this.forUpdate(m, id, user);
      if (!OPEN.includes(r.status)) throw conflictOn('referralId', 'referral-open', `referral ${id} is ${r.status}`);
      await m.query(`UPDATE referral SET status = 'in-progress', assigned_to = $2 WHERE referral_id = $1`, [
        id,
        user.sub,
      ]);
      return this.load(m, id);
    });
  }

  async resolve(id: string, dto: ResolveReferralDto, user: AuthenticatedUser): Promise<Referral> {
    if (dto.outcome === 'person-died')
      throw ProblemException.invalidField(
        'outcome',
        'staff-outcome',
        'outcome person-died is recorded from the data hub only',
      );
    return this.dataSource.transaction(async (m) => {
      const r = await this.forUpdate(m, id, user);
      if (!OPEN.includes(r.status)) throw conflictOn('referralId', 'referral-open', `referral ${id} is ${r.status}`);
      if (dto.outcome === 'aided' && r.aidFen <= 0)
        throw conflictOn(
          'outcome',
          'aid-booked',
          'outcome aided needs aid booked for the referral (a disbursement with its referralId)',
        );
      await this.close(m, r, dto.outcome, dto.note ?? null, requestOrigin());
      return this.load(m, id);
    });
  }

  /**
   * A death record from the data hub (informal or formal) closes the person's open referrals as
   * person-died; a revocation reopens nothing by itself (staff open a new referral if the need remains).
   * Runs in the inbox transaction, so a redelivered record finds nothing open and does nothing.
   */
  async onDeath(m: EntityManager, event: EventEnvelope<DeathRecordedV1Payload>): Promise<void> {
    const d = event.data;
    if (d.status === 'revoked') return;
    const rows: { referral_id: string }[] = await m.query(
      `SELECT referral_id FROM referral WHERE person_ref = $1 AND status = ANY($2) ORDER BY referral_id FOR UPDATE`,
      [d.personRef, OPEN],
    );
    const origin: EventOrigin = { source: Sources.charity, correlationId: event.correlationid, causationId: event.id };
    for (const { referral_id } of rows)
      await this.close(
        m,
        await this.load(m, referral_id),
        'person-died',
        `death recorded (${d.status}) by the data hub`,
        origin,
      );
  }

  private async close(m: EntityManager, r: Referral, outcome: Outcome, note: string | null, origin: EventOrigin) {
    const today = this.clock.today();
    await m.query(`UPDATE referral SET status = $2, resolved_on = $3, note = $4 WHERE referral_id = $1`, [
      r.referralId,
      outcome,
      today,
      note,
    ]);
    const [project] = await m.query(
      `SELECT project_id FROM ledger_entry WHERE referral_id = $1 AND kind = 'disbursement' ORDER BY seq DESC LIMIT 1`,
      [r.referralId],
    );
    await this.outbox.append(
      m,
      createEvent(
        ReferralResolvedV1,
        {
          referralId: r.referralId,
          ...(r.alertId ? { alertId: r.alertId } : {}),
          personRef: r.personRef,
          town: r.town,
          helpCentre: r.helpCentre,
          outcome,
          resolvedOn: today,
          ...(outcome === 'aided' ? { projectId: project.project_id, aidFen: r.aidFen } : {}),
        },
        origin,
      ),
    );
  }

  /** The referred person, for aid booked against an open referral (inside the booking's transaction). */
  async forAid(m: EntityManager, id: string): Promise<{ personRef: string; town: string }> {
    const [row] = await m.query(`SELECT person_ref, town, status FROM referral WHERE referral_id = $1 FOR SHARE`, [id]);
    if (!row)
      throw ProblemException.invalidField('referralId', 'known-referral', `referralId: referral ${id} not found`);
    if (!OPEN.includes(row.status))
      throw conflictOn('referralId', 'referral-open', `referralId: referral ${id} is ${row.status}`);
    return { personRef: row.person_ref, town: row.town };
  }

  async get(id: string, user: AuthenticatedUser): Promise<Referral> {
    const r = await this.load(this.dataSource.manager, id);
    assertInArea(user, r.town, `referral ${id}`);
    return r;
  }

  async list(q: ReferralListQueryDto, user: AuthenticatedUser): Promise<Page<Referral>> {
    const f = new Filters()
      .eq('r.help_centre', q.helpCentre)
      .eq('r.status', q.status)
      .eq('r.town', q.town)
      .towns('r.town', user);
    const page = await pageOf<Row, string>(
      this.dataSource.manager,
      'r.referral_id',
      'referral r',
      f,
      'r.received_on, r.created_at, r.referral_id',
      q,
      (x) => x.referral_id,
    );
    return { ...page, items: await Promise.all(page.items.map((id) => this.load(this.dataSource.manager, id))) };
  }

  private async forUpdate(m: EntityManager, id: string, user: AuthenticatedUser): Promise<Referral> {
    const [row] = await m.query(`SELECT town FROM referral WHERE referral_id = $1 FOR UPDATE`, [id]);
    if (!row) throw ProblemException.notFound('referral', id);
    assertInArea(user, row.town, `referral ${id}`);
    return this.load(m, id);
  }

  private async load(m: EntityManager, id: string): Promise<Referral> {
    const [r] = await m.query(`${SELECT} WHERE r.referral_id = $1`, [id]);
    if (!r) throw ProblemException.notFound('referral', id);
    return {
      referralId: r.referral_id,
      alertId: r.alert_id,
      source: r.source,
      personRef: r.person_ref,
      town: r.town,
      helpCentre: r.help_centre,
      summary: r.summary,
      receivedOn: r.received,
      dueDate: r.due,
      status: r.status,
      assignedTo: r.assigned_to,
      resolvedOn: r.resolved,
      note: r.note,
      aidFen: Number(r.aid),
    };
  }
}
