import { AnnualReportFiledV1, AnnualReportOverdueV1, createEvent, EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { loadParameters } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GOVERNANCE_SOURCE, requestOrigin } from '../persistence/event-origin';
import { annualReportDueDate, isReportableYear } from './annual-report-due';
import { AnnualReportDto, LateReportQueryDto } from './organisation-input.dto';
import { OrganisationsService } from './organisations.service';

export interface AnnualReportView {
  organisationId: string;
  town: string;
  year: number;
  dueDate: string;
  filedOn: string | null;
  onTime: boolean | null;
  lateFlaggedOn: string | null;
}

const COLUMNS = `r.organisation_id AS "organisationId", o.town, r.year, to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate",
  to_char(r.filed_on, 'YYYY-MM-DD') AS "filedOn", r.on_time AS "onTime", to_char(r.late_flagged_on, 'YYYY-MM-DD') AS "lateFlaggedOn"`;
const FROM = `annual_report r JOIN social_organisation o USING (organisation_id)`;

/**
 * Annual reports (年报, plan 一（一）3（4）): one per organisation and closed year, due by the
 * parameterised date; a report not filed by then is flagged late once (the scan is idempotent) with
 * governance.social-organisation.annual-report-overdue, and filing it later records it as not on time.
 */
@Injectable()
export class AnnualReportsService {
  private readonly params = loadParameters();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  async file(organisationId: string, dto: AnnualReportDto, user: AuthenticatedUser): Promise<AnnualReportView> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT 1 FROM social_organisation WHERE organisation_id = $1 FOR UPDATE`, [organisationId]);
      const org = await this.organisations.get(organisationId, user, m);
      const today = this.clock.today();
      if (!isReportableYear(dto.year, org.registeredOn, today))
        throw ProblemException.invalidField(
          'year',
          'reportableYear',
          `year must be a closed year since the organisation registered (${org.registeredOn.slice(0, 4)} to ${Number(today.slice(0, 4)) - 1})`,
        );
      const dueDate = annualReportDueDate(this.params, dto.year);
      const [existing] = await m.query(`SELECT filed_on FROM annual_report WHERE organisation_id = $1 AND year = $2`, [
        organisationId,
        dto.year,
      ]);
      if (existing?.filed_on)
        throw ProblemException.conflict(`the ${dto.year} report is already filed`, { year: dto.year });
      const onTime = today <= dueDate;
      await m.query(
        `INSERT INTO annual_report (organisation_id, year, due_date, filed_on, on_time, filed_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (organisation_id, year) DO UPDATE SET filed_on = EXCLUDED.filed_on, on_time = EXCLUDED.on_time, filed_by = EXCLUDED.filed_by`,
        [organisationId, dto.year, dueDate, today, onTime, user.sub],
      );
      await this.outbox.append(
        m,
        createEvent(
          AnnualReportFiledV1,
          { organisationId, town: org.town, year: dto.year, filedOn: today, onTime },
          requestOrigin(),
        ),
      );
      const [row] = await m.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.organisation_id = $1 AND r.year = $2`, [
        organisationId,
        dto.year,
      ]);
      return row;
    });
  }

  /**
   * Flags every report past its due date and not filed, for every closed year since registration;
   * a report already flagged is not flagged again. Returns how many were flagged now.
   */
  async flagLate(): Promise<{ flagged: number; on: string }> {
    const today = this.clock.today();
    const lastClosed = Number(today.slice(0, 4)) - 1;
    return this.dataSource.transaction(async (m) => {
      const candidates: { organisation_id: string; town: string; year: number }[] = await m.query(
        `SELECT o.organisation_id, o.town, y.year::int AS year
         FROM social_organisation o
         CROSS JOIN LATERAL generate_series(extract(year FROM o.registered_on)::int, $1::int) AS y(year)
         WHERE NOT EXISTS (SELECT 1 FROM annual_report r WHERE r.organisation_id = o.organisation_id AND r.year = y.year)
         ORDER BY o.organisation_id, y.year`,
        [lastClosed],
      );
      let flagged = 0;
      for (const c of candidates) {
        const dueDate = annualReportDueDate(this.params, c.year);
        if (dueDate >= today) continue;
        const inserted = await m.query(
          `INSERT INTO annual_report (organisation_id, year, due_date, late_flagged_on) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING year`,
          [c.organisation_id, c.year, dueDate, today],
        );
        if (!inserted.length) continue;
        const origin: EventOrigin = { source: GOVERNANCE_SOURCE };
        await this.outbox.append(
          m,
          createEvent(
            AnnualReportOverdueV1,
            { organisationId: c.organisation_id, town: c.town, year: c.year, dueDate, flaggedOn: today },
            origin,
          ),
        );
        flagged++;
      }
      return { flagged, on: today };
    });
  }

  async reportsOf(organisationId: string, user: AuthenticatedUser): Promise<AnnualReportView[]> {
    await this.organisations.get(organisationId, user);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.organisation_id = $1 ORDER BY r.year`, [
      organisationId,
    ]);
  }

  /** Reports flagged late (filed late or still missing). */
  late(q: LateReportQueryDto, user: AuthenticatedUser): Promise<Page<AnnualReportView>> {
    const f = new Filters()
      .cond((p) => `(r.late_flagged_on IS NOT NULL OR r.on_time = ${p})`, false)
      .eq('o.town', q.town)
      .eq('r.year', q.year)
      .towns('o.town', user);
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      FROM,
      f,
      'r.year, r.organisation_id',
      q,
      (r: AnnualReportView) => r,
    );
  }
}
