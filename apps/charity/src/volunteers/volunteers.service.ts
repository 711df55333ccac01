import { KnownDivisions } from '@civic/divisions';
import { AuthenticatedUser, Clock, ProblemException, ResidentIds } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { conflictOn } from '../persistence/problems';
import { OpenStationDto, RegisterFacilityDto, RegisterVolunteerDto, ServiceHoursDto } from './volunteer-input.dto';

/**
 * Volunteers with their service hours, and the community service facilities that host a volunteer
 * service station (专栏1 indicator 13: stations in 50% → 80% of the facilities).
 */
@Injectable()
export class VolunteersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly ids: ResidentIds,
    private readonly divisions: KnownDivisions,
  ) {}

  async register(dto: RegisterVolunteerDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the volunteer');
    await this.divisions.assertTown('town', dto.town);
    const person = this.ids.identify(dto.idNumber, 'idNumber');
    const volunteerId = `vol-${randomUUID()}`;
    try {
      await this.dataSource.query(
        `INSERT INTO volunteer (volunteer_id, person_ref, masked_id, id_number_encrypted, town, registered_on) VALUES ($1, $2, $3, $4, $5, $6)`,
        [volunteerId, person.personRef, person.maskedId, person.encrypted, dto.town, this.clock.today()],
      );
    } catch (e) {
      if (isUniqueViolation(e, 'volunteer_person_ref_key'))
        throw conflictOn('idNumber', 'unique', 'idNumber: the person is already a registered volunteer');
      throw e;
    }
    return this.volunteer(volunteerId, user);
  }

  async recordHours(id: string, dto: ServiceHoursDto, user: AuthenticatedUser) {
    const v = await this.volunteer(id, user);
    if (dto.servedOn > this.clock.today())
      throw ProblemException.invalidField('servedOn', 'not-in-future', 'servedOn must not be after today');
    if (dto.facilityId) {
      const [f] = await this.dataSource.query(`SELECT 1 FROM community_facility WHERE facility_id = $1`, [
        dto.facilityId,
      ]);
      if (!f) throw ProblemException.invalidField('facilityId', 'known-facility', 'facilityId: no such facility');
    }
    await this.dataSource.query(
      `INSERT INTO volunteer_service (volunteer_id, served_on, facility_id, minutes, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, dto.servedOn, dto.facilityId ?? null, dto.minutes, user.sub],
    );
    return this.volunteer(v.volunteerId, user);
  }

  async volunteer(id: string, user: AuthenticatedUser) {
    const [v] = await this.dataSource.query(
      `SELECT v.volunteer_id, v.person_ref, v.masked_id, v.town, to_char(v.registered_on, 'YYYY-MM-DD') AS registered_on,
              COALESCE((SELECT sum(minutes) FROM volunteer_service s WHERE s.volunteer_id = v.volunteer_id), 0)::int AS minutes
         FROM volunteer v WHERE v.volunteer_id = $1`,
      [id],
    );
    if (!v) throw ProblemException.notFound('volunteer', id);
    assertInArea(user, v.town, `volunteer ${id}`);
    return {
      volunteerId: v.volunteer_id,
      personRef: v.person_ref,
      maskedId: v.masked_id,
      town: v.town,
      registeredOn: v.registered_on,
      serviceMinutes: v.minutes,
    };
  }

  async registerFacility(dto: RegisterFacilityDto, user: AuthenticatedUser) {
    assertInArea(user, dto.town, 'the facility');
    await this.divisions.assertTown('town', dto.town);
    if (!dto.village.startsWith(dto.town))
      throw ProblemException.invalidField('village', 'in-town', 'village must be a village of the given town');
    await this.divisions.assertVillage('village', dto.village, dto.town);
    const facilityId = `fac-${randomUUID()}`;
    await this.dataSource.query(
      `INSERT INTO community_facility (facility_id, village, town, name, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [facilityId, dto.village, dto.town, dto.name, user.sub],
    );
    return { facilityId, ...dto, volunteerStationFrom: null };
  }

  async openStation(facilityId: string, dto: OpenStationDto, user: AuthenticatedUser) {
    if (dto.openedOn > this.clock.today())
      throw ProblemException.invalidField('openedOn', 'not-in-future', 'openedOn must not be after today');
    return this.dataSource.transaction(async (m) => {
      const [f] = await m.query(`SELECT * FROM community_facility WHERE facility_id = $1 FOR UPDATE`, [facilityId]);
      if (!f) throw ProblemException.notFound('facility', facilityId);
      assertInArea(user, f.town, `facility ${facilityId}`);
      if (f.volunteer_station_from)
        throw conflictOn('facilityId', 'no-station-yet', 'the facility already has a station');
      await m.query(`UPDATE community_facility SET volunteer_station_from = $2 WHERE facility_id = $1`, [
        facilityId,
        dto.openedOn,
      ]);
      return { facilityId, village: f.village, town: f.town, name: f.name, volunteerStationFrom: dto.openedOn };
    });
  }

  /** Facilities (of a town, or all) and how many host a station on `date`. */
  async stationCounts(date: string, town?: string): Promise<{ facilities: number; withStation: number }> {
    const [r] = await this.dataSource.query(
      `SELECT count(*)::int AS facilities, count(*) FILTER (WHERE volunteer_station_from <= $1)::int AS with_station
         FROM community_facility WHERE $2::text IS NULL OR town = $2`,
      [date, town ?? null],
    );
    return { facilities: r.facilities, withStation: r.with_station };
  }
}
