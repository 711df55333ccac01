import { addDays, addMonths } from '@civic/calendar';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { loadParameters } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DivisionsService } from '../divisions/divisions.service';
import { assertInArea } from '../persistence/area';
import { isUniqueViolation } from '../persistence/event-origin';
import { communityIndicators } from './community-indicators';
import { CommunityProfileDto, ElectionDto } from './community-input.dto';

const TERM_KEY = 'governance.committee.term_years';
const PROFILE_COLUMNS = `village, households, residents, urban, facility_area_m2 AS "facilityAreaM2", community_workers AS "communityWorkers",
  certified_community_workers AS "certifiedCommunityWorkers", to_char(as_of, 'YYYY-MM-DD') AS "asOf"`;
const ELECTION_COLUMNS = `election_id AS "electionId", village, to_char(held_on, 'YYYY-MM-DD') AS "heldOn", to_char(term_start, 'YYYY-MM-DD') AS "termStart",
  to_char(term_end, 'YYYY-MM-DD') AS "termEnd", eligible_voters AS "eligibleVoters", votes_cast AS "votesCast", members_elected AS "membersElected",
  round(votes_cast * 100.0 / eligible_voters, 2)::float AS "turnoutPercent"`;

/**
 * Communities (村居, docs/domain.md §5): each one's households, residents, service facilities and
 * community workers, and its committee's elections and terms; the plan's indicators over them.
 */
@Injectable()
export class CommunitiesService {
  private readonly params = loadParameters();

  constructor(
    private readonly dataSource: DataSource,
    private readonly divisions: DivisionsService,
    private readonly clock: Clock,
  ) {}

  async setProfile(code: string, dto: CommunityProfileDto, user: AuthenticatedUser) {
    if (dto.certifiedCommunityWorkers > dto.communityWorkers)
      throw ProblemException.invalidField(
        'certifiedCommunityWorkers',
        'atMostWorkers',
        'certifiedCommunityWorkers must not exceed communityWorkers',
      );
    return this.dataSource.transaction(async (m) => {
      const town = await this.townOf(m, code, user);
      await m.query(
        `INSERT INTO community_profile (village, households, residents, urban, facility_area_m2, community_workers, certified_community_workers, as_of, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (village) DO UPDATE SET households = $2, residents = $3, urban = $4, facility_area_m2 = $5, community_workers = $6,
           certified_community_workers = $7, as_of = $8, updated_by = $9`,
        [
          code,
          dto.households,
          dto.residents,
          dto.urban,
          dto.facilityAreaM2,
          dto.communityWorkers,
          dto.certifiedCommunityWorkers,
          this.clock.today(),
          user.sub,
        ],
      );
      return { town, ...(await this.profileOf(m, code)) };
    });
  }

  /** A committee election: the new term starts on the election day and runs the parameterised years. */
  async recordElection(code: string, dto: ElectionDto, user: AuthenticatedUser) {
    if (dto.votesCast > dto.eligibleVoters)
      throw ProblemException.invalidField('votesCast', 'atMostEligible', 'votesCast must not exceed eligibleVoters');
    if (dto.heldOn > this.clock.today())
      throw ProblemException.invalidField('heldOn', 'notFuture', 'heldOn must not be after today');
    const years = this.params.countAt(TERM_KEY, dto.heldOn);
    const termEnd = addDays(addMonths(dto.heldOn, years * 12), -1);
    const id = `election-${randomUUID()}`;
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.townOf(m, code, user);
        await m.query(
          `INSERT INTO committee_election (election_id, village, held_on, term_start, term_end, eligible_voters, votes_cast, members_elected, recorded_by)
           VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8)`,
          [id, code, dto.heldOn, termEnd, dto.eligibleVoters, dto.votesCast, dto.membersElected, user.sub],
        );
        const [row] = await m.query(`SELECT ${ELECTION_COLUMNS} FROM committee_election WHERE election_id = $1`, [id]);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'committee_election_one_per_term'))
        throw ProblemException.conflict(`village ${code} has an election recorded for ${dto.heldOn}`);
      throw e;
    }
  }

  async get(code: string, user: AuthenticatedUser) {
    const m = this.dataSource.manager;
    const division = await this.divisions.get(code, m);
    if (division.level !== 'village' || !division.townCode) throw ProblemException.notFound('community', code);
    assertInArea(user, division.townCode, 'the community');
    const elections = await m.query(
      `SELECT ${ELECTION_COLUMNS} FROM committee_election WHERE village = $1 ORDER BY held_on DESC`,
      [code],
    );
    const today = this.clock.today();
    const current = elections.find(
      (e: { termStart: string; termEnd: string }) => e.termStart <= today && today <= e.termEnd,
    );
    return { division, profile: (await this.profileOf(m, code)) ?? null, currentTerm: current ?? null, elections };
  }

  /** Indicators 15 and 16 and the certificate share over the latest profiles, turnout over each committee's latest election. */
  async indicators(town?: string) {
    const [t] = await this.dataSource.query(
      `SELECT COALESCE(sum(p.households), 0)::int AS households, COALESCE(sum(p.facility_area_m2), 0)::int AS "facilityAreaM2",
              COALESCE(sum(p.residents) FILTER (WHERE p.urban), 0)::int AS "urbanResidents",
              COALESCE(sum(p.community_workers) FILTER (WHERE p.urban), 0)::int AS "urbanCommunityWorkers",
              COALESCE(sum(p.community_workers), 0)::int AS "communityWorkers",
              COALESCE(sum(p.certified_community_workers), 0)::int AS "certifiedCommunityWorkers",
              (SELECT COALESCE(sum(e.eligible_voters), 0)::int FROM (
                 SELECT DISTINCT ON (village) village, eligible_voters, votes_cast FROM committee_election ORDER BY village, held_on DESC) e
                 JOIN division d ON d.code = e.village WHERE $1::text IS NULL OR d.town_code = $1) AS "eligibleVoters",
              (SELECT COALESCE(sum(e.votes_cast), 0)::int FROM (
                 SELECT DISTINCT ON (village) village, eligible_voters, votes_cast FROM committee_election ORDER BY village, held_on DESC) e
                 JOIN division d ON d.code = e.village WHERE $1::text IS NULL OR d.town_code = $1) AS "votesCast"
       FROM community_profile p JOIN division d ON d.code = p.village
       WHERE $1::text IS NULL OR d.town_code = $1`,
      [town ?? null],
    );
    return { town: town ?? null, on: this.clock.today(), totals: t, ...communityIndicators(t) };
  }

  private async townOf(m: EntityManager, code: string, user: AuthenticatedUser): Promise<string> {
    const [d] = await m.query(`SELECT town_code FROM division WHERE code = $1`, [code]);
    if (d?.town_code) assertInArea(user, d.town_code, 'the community');
    // the same rule every code is checked by: a village or community in force
    if (d?.town_code) await this.divisions.assertVillage(m, 'code', code, d.town_code);
    else throw ProblemException.invalidField('code', 'knownDivision', 'code must be a village code in force');
    return d.town_code;
  }

  private async profileOf(m: EntityManager, code: string) {
    const [p] = await m.query(`SELECT ${PROFILE_COLUMNS} FROM community_profile WHERE village = $1`, [code]);
    return p;
  }
}
