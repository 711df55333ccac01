import { KnownDivisions } from '@civic/divisions';
import { createEvent, ElderAdmittedV1, ElderDischargedV1, EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, Elder, loadElder } from '../elders/elder-record';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin } from '../persistence/event-origin';
import { AdmitDto, DischargeDto, InstitutionListQueryDto, RegisterInstitutionDto } from './institution-input.dto';

const COLUMNS = `i.institution_id, i.name, i.ownership, i.star_rating, i.town, i.village, i.nursing_beds, i.general_beds,
  to_char(i.registered_on, 'YYYY-MM-DD') AS registered_on,
  (SELECT count(*) FROM institution_stay s WHERE s.institution_id = i.institution_id AND s.discharged_on IS NULL AND s.bed_type = 'nursing')::int AS nursing_occupied,
  (SELECT count(*) FROM institution_stay s WHERE s.institution_id = i.institution_id AND s.discharged_on IS NULL AND s.bed_type = 'general')::int AS general_occupied`;

interface InstitutionRow {
  institution_id: string;
  name: string;
  ownership: string;
  star_rating: number | null;
  town: string;
  village: string;
  nursing_beds: number;
  general_beds: number;
  registered_on: string;
  nursing_occupied: number;
  general_occupied: number;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Institutions (docs/domain.md §2): ownership, star rating, beds by type, admissions and discharges
 * within the bed count, occupancy, nursing-bed share (专栏1 indicator 6) and, for a private institution,
 * the ceiling of its start-up subsidy (beds × elder.institution.startup_subsidy_per_bed_max).
 */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterInstitutionDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the institution');
    await this.divisions.assertTown('town', dto.town);
    await this.divisions.assertVillage('village', dto.village, dto.town);
    const id = `inst-${randomUUID()}`;
    await this.dataSource.query(
      `INSERT INTO institution (institution_id, name, ownership, star_rating, town, village, nursing_beds, general_beds, registered_on, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        dto.name,
        dto.ownership,
        dto.starRating ?? null,
        dto.town,
        dto.village,
        dto.nursingBeds,
        dto.generalBeds,
        this.clock.today(),
        user.sub,
      ],
    );
    return this.view(await this.load(this.dataSource.manager, id));
  }

  async get(institutionId: string, user: AuthenticatedUser) {
    const row = await this.load(this.dataSource.manager, institutionId);
    assertInArea(user, row.town, `institution ${institutionId}`);
    return this.view(row);
  }

  async list(
    q: InstitutionListQueryDto,
    user: AuthenticatedUser,
  ): Promise<Page<ReturnType<InstitutionsService['view']>>> {
    const f = new Filters().eq('i.town', q.town).eq('i.ownership', q.ownership).towns('i.town', user);
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      'institution i',
      f,
      'i.name, i.institution_id',
      q,
      (r: InstitutionRow) => this.view(r),
    );
  }

  /** Nursing beds over all beds per town and for the city (the caller's towns only). */
  async nursingBedShare(user: AuthenticatedUser) {
    const f = new Filters().towns('town', user);
    const rows: { town: string; nursing: number; total: number }[] = await this.dataSource.query(
      `SELECT town, sum(nursing_beds)::int AS nursing, sum(nursing_beds + general_beds)::int AS total FROM institution ${f.where()} GROUP BY town ORDER BY town`,
      f.params,
    );
    const nursing = rows.reduce((s, r) => s + r.nursing, 0);
    const total = rows.reduce((s, r) => s + r.total, 0);
    return {
      city: { nursingBeds: nursing, totalBeds: total, share: share(nursing, total) },
      towns: rows.map((r) => ({
        town: r.town,
        nursingBeds: r.nursing,
        totalBeds: r.total,
        share: share(r.nursing, r.total),
      })),
    };
  }

  async admit(institutionId: string, dto: AdmitDto, user: AuthenticatedUser) {
    const today = this.clock.today();
    if (dto.admittedOn > today)
      throw ProblemException.invalidField(
        'admittedOn',
        'not-in-future',
        `admittedOn ${dto.admittedOn} is after today (${today})`,
      );
    try {
      return await this.dataSource.transaction(async (m) => {
        // the row lock serialises admissions to one institution, so two cannot take the last bed
        const inst = await this.load(m, institutionId, true);
        assertInArea(user, inst.town, `institution ${institutionId}`);
        const elder = await loadElder(m, dto.elderId).catch((e: unknown) => {
          if (e instanceof ProblemException && e.getStatus() === 404)
            throw ProblemException.invalidField(
              'elderId',
              'elder.registered',
              `elderId: elder ${dto.elderId} not found`,
            );
          throw e;
        });
        assertAlive(elder);
        const beds = dto.bedType === 'nursing' ? inst.nursing_beds : inst.general_beds;
        const occupied = dto.bedType === 'nursing' ? inst.nursing_occupied : inst.general_occupied;
        if (occupied >= beds)
          throw ProblemException.conflict(
            `institution ${institutionId} has no free ${dto.bedType} bed (${occupied} of ${beds} occupied)`,
            { field: 'bedType', rule: 'institution.bed-count', beds, occupied },
          );
        const stayId = `stay-${randomUUID()}`;
        await m.query(
          `INSERT INTO institution_stay (stay_id, institution_id, elder_id, bed_type, admitted_on) VALUES ($1, $2, $3, $4, $5)`,
          [stayId, institutionId, elder.elderId, dto.bedType, dto.admittedOn],
        );
        await this.outbox.append(
          m,
          createEvent(
            ElderAdmittedV1,
            {
              elderId: elder.elderId,
              personRef: elder.personRef,
              town: elder.town,
              institutionId,
              stayId,
              admittedOn: dto.admittedOn,
              nursingBed: dto.bedType === 'nursing',
            },
            requestOrigin(),
          ),
        );
        return { stayId, institutionId, elderId: elder.elderId, bedType: dto.bedType, admittedOn: dto.admittedOn };
      });
    } catch (e) {
      if (isUniqueViolation(e, 'institution_stay_one_open'))
        throw ProblemException.conflict(`elder ${dto.elderId} already stays in an institution`, {
          field: 'elderId',
          rule: 'institution.one-open-stay',
        });
      throw e;
    }
  }

  async discharge(institutionId: string, dto: DischargeDto, user: AuthenticatedUser) {
    const today = this.clock.today();
    if (dto.dischargedOn > today)
      throw ProblemException.invalidField(
        'dischargedOn',
        'not-in-future',
        `dischargedOn ${dto.dischargedOn} is after today (${today})`,
      );
    return this.dataSource.transaction(async (m) => {
      const inst = await this.load(m, institutionId);
      assertInArea(user, inst.town, `institution ${institutionId}`);
      const [stay] = await m.query(
        `SELECT stay_id, elder_id, to_char(admitted_on, 'YYYY-MM-DD') AS admitted_on FROM institution_stay
         WHERE stay_id = $1 AND institution_id = $2 AND discharged_on IS NULL FOR UPDATE`,
        [dto.stayId, institutionId],
      );
      if (!stay) throw ProblemException.notFound('open stay', dto.stayId, { field: 'stayId' });
      if (dto.dischargedOn < stay.admitted_on)
        throw ProblemException.invalidField(
          'dischargedOn',
          'not-before-admission',
          `dischargedOn ${dto.dischargedOn} is before the admission (${stay.admitted_on})`,
        );
      const elder = await loadElder(m, stay.elder_id);
      await this.close(m, elder, stay.stay_id, institutionId, dto.dischargedOn, dto.reason, requestOrigin());
      return {
        stayId: stay.stay_id,
        institutionId,
        elderId: elder.elderId,
        dischargedOn: dto.dischargedOn,
        reason: dto.reason,
      };
    });
  }

  /** Ends an elder's open stay, if any, because they died (in the inbox transaction). */
  async dischargeForDeath(m: EntityManager, elderId: string, deathDate: string, origin: EventOrigin): Promise<void> {
    const [stay] = await m.query(
      `SELECT stay_id, institution_id FROM institution_stay WHERE elder_id = $1 AND discharged_on IS NULL FOR UPDATE`,
      [elderId],
    );
    if (!stay) return;
    await this.close(m, await loadElder(m, elderId), stay.stay_id, stay.institution_id, deathDate, 'death', origin);
  }

  private async close(
    m: EntityManager,
    elder: Elder,
    stayId: string,
    institutionId: string,
    on: string,
    reason: DischargeDto['reason'],
    origin: EventOrigin,
  ) {
    await m.query(`UPDATE institution_stay SET discharged_on = $2, discharge_reason = $3 WHERE stay_id = $1`, [
      stayId,
      on,
      reason,
    ]);
    await this.outbox.append(
      m,
      createEvent(
        ElderDischargedV1,
        {
          elderId: elder.elderId,
          personRef: elder.personRef,
          town: elder.town,
          institutionId,
          stayId,
          dischargedOn: on,
          reason,
        },
        origin,
      ),
    );
  }

  private async load(m: EntityManager, institutionId: string, lock = false): Promise<InstitutionRow> {
    if (lock) await m.query(`SELECT 1 FROM institution WHERE institution_id = $1 FOR UPDATE`, [institutionId]);
    const [row] = await m.query(`SELECT ${COLUMNS} FROM institution i WHERE institution_id = $1`, [institutionId]);
    if (!row) throw ProblemException.notFound('institution', institutionId, { field: 'institutionId' });
    return row;
  }

  private view(r: InstitutionRow) {
    const total = r.nursing_beds + r.general_beds;
    const perBed = this.params.set.valueAt('elder.institution.startup_subsidy_per_bed_max', r.registered_on);
    return {
      institutionId: r.institution_id,
      name: r.name,
      ownership: r.ownership,
      starRating: r.star_rating,
      town: r.town,
      village: r.village,
      beds: { nursing: r.nursing_beds, general: r.general_beds, total },
      occupied: { nursing: r.nursing_occupied, general: r.general_occupied },
      occupancy: share(r.nursing_occupied + r.general_occupied, total),
      nursingBedShare: share(r.nursing_beds, total),
      // the plan gives a per-bed maximum for private institutions; the bureau decides the actual grant
      startupSubsidyCeilingFen: r.ownership === 'private' ? total * (perBed.value as number) : null,
      registeredOn: r.registered_on,
    };
  }
}
