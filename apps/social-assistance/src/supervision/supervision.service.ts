import { AuthenticatedUser, Filters, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertInArea } from '../persistence/area';
import { seededSample } from './sample';
import { DrawSampleDto, FindingDto, SampleListQueryDto } from './supervision.dto';

/** Random file checks and home visits over active cases (docs/domain.md §1 Supervision), reproducible from the seed. */
@Injectable()
export class SupervisionService {
  constructor(private readonly dataSource: DataSource) {}

  async draw(dto: DrawSampleDto, user: AuthenticatedUser) {
    const filters = { town: dto.town ?? null, programme: dto.programme ?? null, towns: user.towns ?? null };
    return this.dataSource.transaction(async (m) => {
      const f = new Filters()
        .eq('status', 'active')
        .eq('town', dto.town)
        .eq('programme', dto.programme)
        .towns('town', user);
      const population: { case_id: string; town: string }[] = await m.query(
        `SELECT case_id, town FROM assistance_case ${f.where()}`,
        f.params,
      );
      const chosen = seededSample(
        population.map((p) => p.case_id),
        dto.size,
        dto.seed,
      );
      const townOf = new Map(population.map((p) => [p.case_id, p.town]));
      const sampleId = `sample-${randomUUID()}`;
      await m.query(
        `INSERT INTO supervision_sample (sample_id, kind, seed, size, population_size, filters, drawn_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [sampleId, dto.kind, dto.seed, dto.size, population.length, filters, user.sub],
      );
      if (chosen.length) {
        await m.query(
          `INSERT INTO supervision_item (sample_id, case_id, town) SELECT $1, u.case_id, u.town FROM unnest($2::text[], $3::text[]) AS u(case_id, town)`,
          [sampleId, chosen, chosen.map((c) => townOf.get(c))],
        );
      }
      return { sampleId, kind: dto.kind, seed: dto.seed, populationSize: population.length, caseIds: chosen };
    });
  }

  async get(sampleId: string, user: AuthenticatedUser) {
    const [sample] = await this.dataSource.query(
      `SELECT sample_id, kind, seed, size, population_size, filters, drawn_by, drawn_at FROM supervision_sample WHERE sample_id = $1`,
      [sampleId],
    );
    if (!sample) throw ProblemException.notFound('sample', sampleId);
    if (!withinUserTowns(sample.filters, user))
      throw ProblemException.forbidden(`sample ${sampleId} covers towns outside those of user ${user.sub}`);
    const f = new Filters().eq('sample_id', sampleId).towns('town', user);
    const items = await this.dataSource.query(
      `SELECT case_id, town, outcome, finding, recorded_by, recorded_at FROM supervision_item ${f.where()} ORDER BY case_id`,
      f.params,
    );
    return { ...sample, items };
  }

  list(q: SampleListQueryDto, user: AuthenticatedUser) {
    // a town-scoped supervisor sees the samples drawn over their towns only (issue 18: seeds,
    // population sizes and filters of another town's sample are that town's business)
    const f = new Filters().cond(
      (p) =>
        `(filters->>'town' = ANY(${p}::text[]) OR (jsonb_typeof(filters->'towns') = 'array' AND ARRAY(SELECT jsonb_array_elements_text(filters->'towns')) <@ ${p}::text[]))`,
      user.towns,
    );
    return pageOf(
      this.dataSource.manager,
      'sample_id, kind, seed, size, population_size, drawn_by, drawn_at',
      'supervision_sample',
      f,
      'drawn_at DESC',
      q,
      (r: Record<string, unknown>) => r,
    );
  }

  async recordFinding(sampleId: string, caseId: string, dto: FindingDto, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      const [item] = await m.query(
        `SELECT town, outcome FROM supervision_item WHERE sample_id = $1 AND case_id = $2 FOR UPDATE`,
        [sampleId, caseId],
      );
      if (!item) throw ProblemException.notFound('sampled case', `${caseId} in ${sampleId}`);
      assertInArea(user, item.town, `case ${caseId}`);
      if (item.outcome !== null)
        throw ProblemException.conflict(`the finding on ${caseId} is already recorded`, { currentState: item.outcome });
      const [row] = await updateReturning<Record<string, unknown>>(
        m,
        `UPDATE supervision_item SET outcome = $3, finding = $4, recorded_by = $5, recorded_at = now() WHERE sample_id = $1 AND case_id = $2 RETURNING case_id, outcome, finding, recorded_by, recorded_at`,
        [sampleId, caseId, dto.outcome, dto.finding, user.sub],
      );
      return row;
    });
  }
}

/** True when a sample's population lies within the user's towns (always, for a user without a town claim). */
function withinUserTowns(filters: { town?: string | null; towns?: string[] | null }, user: AuthenticatedUser): boolean {
  if (user.towns === undefined) return true;
  if (filters.town) return user.towns.includes(filters.town);
  return Array.isArray(filters.towns) && filters.towns.every((t) => user.towns!.includes(t));
}
