import { ratioOf } from '@civic/policy-params';
import { KnownDivisions } from '@civic/divisions';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { AssignWorkerDto, OpenWorkstationDto, WorkforceQueryDto } from './workforce-input.dto';

export interface Worker {
  workerId: string;
  role: 'director' | 'supervisor';
  name: string;
  town: string;
  village: string | null;
  assignedOn: string;
}

const COLUMNS = `worker_id AS "workerId", role, name, town, village, to_char(assigned_on, 'YYYY-MM-DD') AS "assignedOn"`;

/**
 * The child-welfare workforce (docs/domain.md §3): a child director per village, a supervisor per town;
 * a new assignment ends the previous one in the same place. Minor-protection workstations per town and
 * their coverage (专栏1 indicator 11, target child.workstation.coverage_target).
 */
@Injectable()
export class WorkforceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly params: ChildParameters,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async assign(dto: AssignWorkerDto, user: AuthenticatedUser): Promise<Worker> {
    assertInArea(user, dto.town, 'the assignment');
    if (dto.role === 'director' && !dto.village)
      throw ProblemException.invalidField(
        'village',
        'required-for-director',
        'village: a child director serves a village',
      );
    if (dto.role === 'supervisor' && dto.village)
      throw ProblemException.invalidField(
        'village',
        'absent-for-supervisor',
        'village: a supervisor serves the whole town',
      );
    if (dto.village && !dto.village.startsWith(dto.town))
      throw ProblemException.invalidField('village', 'in-town', `village: ${dto.village} is not in town ${dto.town}`);
    await this.divisions.assertTown('town', dto.town);
    if (dto.village) await this.divisions.assertVillage('village', dto.village, dto.town);
    const today = this.clock.today();
    const workerId = `cwk-${randomUUID()}`;
    return this.dataSource.transaction(async (m) => {
      // one per place: the previous holder's assignment ends today
      await m.query(
        `UPDATE child_worker SET ended_on = $1 WHERE ended_on IS NULL AND role = $2 AND (CASE WHEN $2 = 'director' THEN village = $3 ELSE town = $4 END)`,
        [today, dto.role, dto.village ?? null, dto.town],
      );
      await m.query(
        `INSERT INTO child_worker (worker_id, role, name, town, village, assigned_on, assigned_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [workerId, dto.role, dto.name, dto.town, dto.village ?? null, today, user.sub],
      );
      return (await m.query(`SELECT ${COLUMNS} FROM child_worker WHERE worker_id = $1`, [workerId]))[0];
    });
  }

  list(q: WorkforceQueryDto, user: AuthenticatedUser): Promise<Page<Worker>> {
    const f = new Filters().eq('town', q.town).eq('role', q.role).towns('town', user);
    // only current assignments: an ended one is history
    const current = `(SELECT * FROM child_worker WHERE ended_on IS NULL) w`;
    return pageOf<Worker, Worker>(this.dataSource.manager, COLUMNS, current, f, 'town, village, role', q, (r) => r);
  }

  async openWorkstation(dto: OpenWorkstationDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the workstation');
    await this.divisions.assertTown('town', dto.town);
    const stationId = `ws-${randomUUID()}`;
    try {
      await this.dataSource.query(
        `INSERT INTO workstation (station_id, town, name, opened_on, registered_by) VALUES ($1, $2, $3, $4, $5)`,
        [stationId, dto.town, dto.name, this.clock.today(), user.sub],
      );
    } catch (e) {
      if (isUniqueViolation(e, 'workstation_town_key'))
        throw ProblemException.conflict(`town ${dto.town} already has its workstation`, { currentState: 'open' });
      throw e;
    }
    return { stationId, town: dto.town, name: dto.name, openedOn: this.clock.today() };
  }

  /**
   * Coverage = towns with a workstation ÷ towns with a child supervisor (every town has one, plan
   * 一(一)2(2): 镇（街）、村（居）全覆盖), against the dated target.
   */
  async coverage() {
    const today = this.clock.today();
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(DISTINCT town) FROM child_worker WHERE role = 'supervisor' AND ended_on IS NULL)::int AS towns,
              (SELECT count(*) FROM workstation w WHERE EXISTS (SELECT 1 FROM child_worker s WHERE s.town = w.town AND s.role = 'supervisor' AND s.ended_on IS NULL))::int AS covered,
              (SELECT coalesce(array_agg(DISTINCT s.town ORDER BY s.town), '{}') FROM child_worker s WHERE s.role = 'supervisor' AND s.ended_on IS NULL AND NOT EXISTS (SELECT 1 FROM workstation w WHERE w.town = s.town)) AS uncovered`,
    );
    const target = this.params.current().valueAt('child.workstation.coverage_target', today);
    return {
      date: today,
      towns: row.towns,
      covered: row.covered,
      uncoveredTowns: row.uncovered,
      // a ratio as a decimal string, like the parameters: 4 decimals, never a float in the decision
      coverage: row.towns === 0 ? null : ratioOf(row.covered, row.towns),
      target: target.value,
      targetSource: target.source,
    };
  }
}
