import { createEvent, SocialWorkerAssignedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DivisionsService } from '../divisions/divisions.service';
import { assertInArea } from '../persistence/area';
import { isUniqueViolation, requestOrigin } from '../persistence/event-origin';
import {
  AssignDto,
  AssignmentListQueryDto,
  CertificateDto,
  EndAssignmentDto,
  OpenStationDto,
  RegisterWorkerDto,
  WorkerListQueryDto,
} from './worker-input.dto';

const STATION_COLUMNS = `station_id AS "stationId", kind, town, village, name, to_char(opened_on, 'YYYY-MM-DD') AS "openedOn"`;
const WORKER_COLUMNS = `social_worker_id AS "socialWorkerId", name, station_id AS "stationId", town, certificate_number AS "certificateNumber",
  certificate_level AS "certificateLevel", to_char(certified_on, 'YYYY-MM-DD') AS "certifiedOn", certificate_number IS NOT NULL AS certified`;
const ASSIGNMENT_COLUMNS = `assignment_id AS "assignmentId", social_worker_id AS "socialWorkerId", person_ref AS "personRef", town, department,
  to_char(assigned_on, 'YYYY-MM-DD') AS "assignedOn", reason, to_char(ended_on, 'YYYY-MM-DD') AS "endedOn", end_reason AS "endReason"`;

/**
 * The "双百" social-work stations (专栏7: a station in every town, a point in every village), their
 * social workers and certificates (indicator 20), and the assignment of certified workers to people
 * in hardship (indicator 19: coverage target 100%).
 */
@Injectable()
export class WorkersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly divisions: DivisionsService,
    private readonly clock: Clock,
  ) {}

  async openStation(dto: OpenStationDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the station');
    if ((dto.kind === 'point') !== (dto.village !== undefined))
      throw ProblemException.invalidField(
        'village',
        'pointHasVillage',
        'a point needs village; a town station has none',
      );
    const stationId = `station-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.divisions.assertTown(m, 'town', dto.town);
        if (dto.village) await this.divisions.assertVillage(m, 'village', dto.village, dto.town);
        await m.query(
          `INSERT INTO station (station_id, kind, town, village, name, opened_on) VALUES ($1, $2, $3, $4, $5, $6)`,
          [stationId, dto.kind, dto.town, dto.village ?? null, dto.name, dto.openedOn ?? this.clock.today()],
        );
        const [row] = await m.query(`SELECT ${STATION_COLUMNS} FROM station WHERE station_id = $1`, [stationId]);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'station_one_per_town'))
        throw ProblemException.conflict(`town ${dto.town} already has a station`, { town: dto.town });
      if (isUniqueViolation(e, 'station_one_point_per_village'))
        throw ProblemException.conflict(`village ${dto.village} already has a point`, { village: dto.village });
      throw e;
    }
  }

  /** Towns with a station and villages with a point, over the divisions in force (专栏7, indicator 19). */
  async coverage() {
    const today = this.clock.today();
    const [r] = await this.dataSource.query(
      `WITH live AS (SELECT code, level FROM division WHERE effective_from <= $1 AND (retired_on IS NULL OR retired_on > $1))
       SELECT (SELECT count(*) FROM live WHERE level = 'town')::int AS towns,
              (SELECT count(*) FROM live l WHERE level = 'town' AND EXISTS (SELECT 1 FROM station s WHERE s.kind = 'station' AND s.town = l.code))::int AS towns_with_station,
              (SELECT count(*) FROM live WHERE level = 'village')::int AS villages,
              (SELECT count(*) FROM live l WHERE level = 'village' AND EXISTS (SELECT 1 FROM station s WHERE s.kind = 'point' AND s.village = l.code))::int AS villages_with_point,
              (SELECT count(*) FROM social_worker WHERE certificate_number IS NOT NULL)::int AS certified_workers,
              (SELECT count(DISTINCT person_ref) FROM assignment WHERE ended_on IS NULL)::int AS people_assigned`,
      [today],
    );
    const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);
    return {
      on: today,
      towns: { total: r.towns, withStation: r.towns_with_station, rate: rate(r.towns_with_station, r.towns) },
      villages: { total: r.villages, withPoint: r.villages_with_point, rate: rate(r.villages_with_point, r.villages) },
      certifiedWorkers: r.certified_workers,
      peopleAssigned: r.people_assigned,
    };
  }

  async registerWorker(dto: RegisterWorkerDto, user: AuthenticatedUser) {
    if ((dto.certificateNumber === undefined) !== (dto.certificateLevel === undefined))
      throw ProblemException.invalidField(
        'certificateLevel',
        'withCertificate',
        'give certificateNumber and certificateLevel together',
      );
    const id = `sw-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        const [station] = await m.query(`SELECT town FROM station WHERE station_id = $1`, [dto.stationId]);
        if (!station)
          throw ProblemException.invalidField(
            'stationId',
            'knownStation',
            'stationId must be an open station or point',
          );
        assertInArea(user, station.town, 'the station');
        await m.query(
          `INSERT INTO social_worker (social_worker_id, name, station_id, town, certificate_number, certificate_level, certified_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            dto.name,
            dto.stationId,
            station.town,
            dto.certificateNumber ?? null,
            dto.certificateLevel ?? null,
            dto.certificateNumber ? this.clock.today() : null,
          ],
        );
        return this.worker(m, id);
      });
    } catch (e) {
      throw this.certificateTaken(e);
    }
  }

  async certify(id: string, dto: CertificateDto, user: AuthenticatedUser) {
    try {
      return await this.dataSource.transaction(async (m) => {
        const w = await this.worker(m, id);
        assertInArea(user, w.town, 'the social worker');
        await m.query(
          `UPDATE social_worker SET certificate_number = $2, certificate_level = $3, certified_on = $4 WHERE social_worker_id = $1`,
          [id, dto.certificateNumber, dto.certificateLevel, dto.certifiedOn ?? this.clock.today()],
        );
        return this.worker(m, id);
      });
    } catch (e) {
      throw this.certificateTaken(e);
    }
  }

  async getWorker(id: string, user: AuthenticatedUser) {
    const w = await this.worker(this.dataSource.manager, id);
    assertInArea(user, w.town, 'the social worker');
    return w;
  }

  listWorkers(q: WorkerListQueryDto, user: AuthenticatedUser): Promise<Page<Record<string, unknown>>> {
    const f = new Filters().eq('town', q.town).eq('station_id', q.stationId).towns('town', user);
    return pageOf(
      this.dataSource.manager,
      WORKER_COLUMNS,
      'social_worker',
      f,
      'social_worker_id',
      q,
      (r: Record<string, unknown>) => r,
    );
  }

  /** Assigns a certified social worker to a person in hardship; one active assignment per person and department. */
  async assign(dto: AssignDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the person');
    const id = `asg-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.divisions.assertTown(m, 'town', dto.town);
        const w = await this.certifiedWorker(m, 'socialWorkerId', dto.socialWorkerId);
        const today = this.clock.today();
        await m.query(
          `INSERT INTO assignment (assignment_id, social_worker_id, person_ref, town, department, assigned_on, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, w.socialWorkerId, dto.personRef, dto.town, dto.department, today, dto.reason],
        );
        await this.outbox.append(
          m,
          createEvent(
            SocialWorkerAssignedV1,
            {
              socialWorkerId: w.socialWorkerId,
              assignmentId: id,
              stationId: w.stationId,
              personRef: dto.personRef,
              town: dto.town,
              department: dto.department,
              assignedOn: today,
              reason: dto.reason,
            },
            requestOrigin(),
          ),
        );
        const [row] = await m.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM assignment WHERE assignment_id = $1`, [id]);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'assignment_one_active'))
        throw ProblemException.conflict(`the person already has an active ${dto.department} assignment`, {
          department: dto.department,
        });
      throw e;
    }
  }

  async endAssignment(id: string, dto: EndAssignmentDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const [a] = await m.query(`SELECT town, ended_on FROM assignment WHERE assignment_id = $1 FOR UPDATE`, [id]);
      if (!a) throw ProblemException.notFound('assignment', id);
      assertInArea(user, a.town, 'the assignment');
      if (a.ended_on) throw ProblemException.conflict(`assignment ${id} has ended`);
      await m.query(`UPDATE assignment SET ended_on = $2, end_reason = $3 WHERE assignment_id = $1`, [
        id,
        this.clock.today(),
        dto.reason,
      ]);
      const [row] = await m.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM assignment WHERE assignment_id = $1`, [id]);
      return row;
    });
  }

  listAssignments(q: AssignmentListQueryDto, user: AuthenticatedUser): Promise<Page<Record<string, unknown>>> {
    const f = new Filters()
      .eq('town', q.town)
      .eq('person_ref', q.personRef)
      .eq('social_worker_id', q.socialWorkerId)
      .towns('town', user);
    return pageOf(
      this.dataSource.manager,
      ASSIGNMENT_COLUMNS,
      'assignment',
      f,
      'assigned_on DESC, assignment_id',
      q,
      (r: Record<string, unknown>) => r,
    );
  }

  /** The person died: every active assignment ends (inside the caller's inbox transaction). */
  async endForDeath(m: EntityManager, personRef: string, deathDate: string): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE assignment SET ended_on = $2, end_reason = $3 WHERE person_ref = $1 AND ended_on IS NULL RETURNING assignment_id`,
      [personRef, this.clock.today(), `the person died on ${deathDate} (data hub)`],
    );
    return rows.length;
  }

  /** The worker, or 400 naming `field` unless the worker exists and holds a certificate. */
  async certifiedWorker(m: EntityManager, field: string, id: string) {
    const [w] = await m.query(`SELECT ${WORKER_COLUMNS} FROM social_worker WHERE social_worker_id = $1`, [id]);
    if (!w) throw ProblemException.invalidField(field, 'knownWorker', `${field} must be a registered social worker`);
    if (!w.certified)
      throw ProblemException.invalidField(field, 'certified', `${field} must be a certified social worker`);
    return w as { socialWorkerId: string; stationId: string; town: string };
  }

  private async worker(m: EntityManager, id: string) {
    const [w] = await m.query(`SELECT ${WORKER_COLUMNS} FROM social_worker WHERE social_worker_id = $1`, [id]);
    if (!w) throw ProblemException.notFound('social worker', id);
    return w;
  }

  private certificateTaken(e: unknown): unknown {
    return isUniqueViolation(e, 'social_worker_certificate_number')
      ? ProblemException.validation(
          [
            {
              field: 'certificateNumber',
              rule: 'unique',
              message: 'certificateNumber belongs to another social worker',
            },
          ],
          'certificateNumber belongs to another social worker',
        )
      : e;
  }
}
