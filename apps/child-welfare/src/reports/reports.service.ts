import { KnownDivisions } from '@civic/divisions';
import { createEvent, ProtectionReportEscalatedV1, ProtectionReportFiledV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  AuditLog,
  AuthenticatedUser,
  Clock,
  Filters,
  Page,
  pageOf,
  ProblemException,
  ResidentIds,
  updateReturning,
} from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea } from '../persistence/area';
import { requestOrigin, systemOrigin } from '../persistence/event-origin';
import { EmergencyPlacementDto, FileReportDto, ReportListQueryDto, ReportNoteDto } from './report-input.dto';

export interface ReportRow {
  reportId: string;
  childRef: string;
  childMaskedId: string;
  town: string;
  location: string;
  reporterKind: string;
  reporter: string;
  concern: string;
  urgency: 'emergency' | 'normal';
  reportedAt: string;
  responseDueAt: string;
  status: 'open' | 'escalated' | 'responded' | 'closed';
  respondedAt: string | null;
  escalatedAt: string | null;
  emergencyPlacement: string | null;
}

const COLUMNS = `report_id AS "reportId", child_ref AS "childRef", child_masked_id AS "childMaskedId", town, location,
  reporter_kind AS "reporterKind", reporter_name AS "reporter", concern, urgency, reported_at AS "reportedAt",
  response_due_at AS "responseDueAt", status, responded_at AS "respondedAt", escalated_at AS "escalatedAt",
  emergency_placement AS "emergencyPlacement"`;

const DAY_MS = 86_400_000;

/**
 * Mandatory reports of abuse or neglect (强制报告, plan 三(三)1: 发现报告、应急处置、评估帮扶、监护干预):
 * intake with reporter and location, a response deadline by urgency from dated parameters, emergency
 * placement, case notes, and escalation when the deadline passes with no response.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ids: ResidentIds,
    private readonly params: ChildParameters,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async file(dto: FileReportDto, user: AuthenticatedUser): Promise<ReportRow> {
    assertInArea(user, dto.town, 'the report');
    await this.divisions.assertTown('town', dto.town);
    const child = this.ids.identify(dto.childIdNumber, 'childIdNumber');
    const now = this.clock.now();
    const days = this.params.number(`child.report.response_days.${dto.urgency}`, this.clock.today());
    const due = new Date(now.getTime() + days * DAY_MS);
    const reportId = `rep-${randomUUID()}`;
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO protection_report (report_id, child_ref, child_masked_id, town, location, reporter_kind, reporter_name, concern, urgency, reported_at, response_due_at, filed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          reportId,
          child.personRef,
          child.maskedId,
          dto.town,
          dto.location,
          dto.reporterKind,
          dto.reporter,
          dto.concern,
          dto.urgency,
          now,
          due,
          user.sub,
        ],
      );
      await this.outbox.append(
        m,
        createEvent(
          ProtectionReportFiledV1,
          {
            reportId,
            personRef: child.personRef,
            town: dto.town,
            reportedAt: now.toISOString(),
            reporterKind: dto.reporterKind,
            concern: dto.concern,
            urgency: dto.urgency,
            responseDueAt: due.toISOString(),
          },
          requestOrigin(),
        ),
      );
      return this.load(m, reportId);
    });
  }

  async get(reportId: string, user: AuthenticatedUser) {
    const r = await this.load(this.dataSource.manager, reportId);
    assertInArea(user, r.town, `report ${reportId}`);
    const notes = await this.dataSource.query(
      `SELECT note, written_by AS "writtenBy", written_at AS "writtenAt" FROM report_note WHERE report_id = $1 ORDER BY id`,
      [reportId],
    );
    return { ...r, notes };
  }

  list(q: ReportListQueryDto, user: AuthenticatedUser): Promise<Page<ReportRow>> {
    const f = new Filters().eq('status', q.status).eq('town', q.town).towns('town', user);
    return pageOf<ReportRow, ReportRow>(
      this.dataSource.manager,
      COLUMNS,
      'protection_report',
      f,
      'response_due_at, report_id',
      q,
      (r) => r,
    );
  }

  /** The first response: stops the deadline (an escalated report may still be responded to). */
  respond(reportId: string, dto: ReportNoteDto, user: AuthenticatedUser) {
    return this.transition(reportId, user, ['open', 'escalated'], 'responded', dto.note, `responded_at = $2`);
  }

  close(reportId: string, dto: ReportNoteDto, user: AuthenticatedUser) {
    return this.transition(reportId, user, ['responded'], 'closed', dto.note);
  }

  /** Emergency placement counts as the response when none was recorded yet. */
  async placeInEmergency(reportId: string, dto: EmergencyPlacementDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const r = await this.load(m, reportId, true);
      assertInArea(user, r.town, `report ${reportId}`);
      if (r.status === 'closed')
        throw ProblemException.conflict(`report ${reportId} is closed`, { currentState: r.status });
      await m.query(
        `UPDATE protection_report SET emergency_placement = $2, status = 'responded', responded_at = coalesce(responded_at, $3) WHERE report_id = $1`,
        [reportId, dto.placement, this.clock.now()],
      );
      await this.note(m, reportId, `Emergency placement: ${dto.placement}`, user);
      return this.load(m, reportId);
    });
  }

  async addNote(reportId: string, dto: ReportNoteDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const r = await this.load(m, reportId, true);
      assertInArea(user, r.town, `report ${reportId}`);
      if (r.status === 'closed')
        throw ProblemException.conflict(`report ${reportId} is closed`, { currentState: r.status });
      await this.note(m, reportId, dto.note, user);
      return this.load(m, reportId);
    });
  }

  /** Escalates every open report whose deadline passed; each once (the status guard), safe to run concurrently. */
  async escalateOverdue(): Promise<{ escalated: string[] }> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ report_id: string }>(
        m,
        `UPDATE protection_report SET status = 'escalated', escalated_at = $1
         WHERE report_id IN (SELECT report_id FROM protection_report WHERE status = 'open' AND response_due_at < $1 ORDER BY response_due_at FOR UPDATE SKIP LOCKED)
         RETURNING report_id`,
        [now],
      );
      for (const { report_id } of rows) {
        const r = await this.load(m, report_id);
        await this.outbox.append(
          m,
          createEvent(
            ProtectionReportEscalatedV1,
            {
              reportId: r.reportId,
              personRef: r.childRef,
              town: r.town,
              urgency: r.urgency,
              responseDueAt: new Date(r.responseDueAt).toISOString(),
              escalatedAt: now.toISOString(),
            },
            systemOrigin(),
          ),
        );
      }
      return { escalated: rows.map((r) => r.report_id).sort() };
    });
  }

  private async transition(
    reportId: string,
    user: AuthenticatedUser,
    from: ReportRow['status'][],
    to: ReportRow['status'],
    note: string,
    extraSet?: string,
  ) {
    return this.dataSource.transaction(async (m) => {
      const r = await this.load(m, reportId, true);
      assertInArea(user, r.town, `report ${reportId}`);
      if (!from.includes(r.status))
        throw ProblemException.conflict(`report ${reportId} is ${r.status}; ${to} needs ${from.join(' or ')}`, {
          currentState: r.status,
        });
      await m.query(
        `UPDATE protection_report SET status = '${to}'${extraSet ? `, ${extraSet}` : ''} WHERE report_id = $1`,
        extraSet ? [reportId, this.clock.now()] : [reportId],
      );
      await this.note(m, reportId, note, user);
      await this.audit.append(m, {
        actor: user.sub,
        action: `report.${to}`,
        objectType: 'protection-report',
        objectId: reportId,
        detail: { from: r.status },
      });
      return this.load(m, reportId);
    });
  }

  private async note(m: EntityManager, reportId: string, note: string, user: AuthenticatedUser) {
    await m.query(`INSERT INTO report_note (report_id, note, written_by, written_at) VALUES ($1, $2, $3, $4)`, [
      reportId,
      note,
      user.sub,
      this.clock.now(),
    ]);
  }

  private async load(m: EntityManager, reportId: string, lock = false): Promise<ReportRow> {
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM protection_report WHERE report_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [reportId],
    );
    if (rows.length === 0) throw ProblemException.notFound('protection-report', reportId);
    return rows[0];
  }
}
