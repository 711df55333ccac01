import { Clock, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Where governance learns that a person is in hardship: a department's record of them. */
export interface HardshipRecord {
  personRef: string;
  source: 'assistance' | 'eldercare' | 'child-welfare';
  /** The department's record, e.g. the assistance caseId. */
  sourceRef: string;
  town: string;
  since: string;
}

/**
 * People in hardship (困难群众), as the departments' events show them, so governance can measure the
 * social-work coverage the plan targets at 100% (专栏1 indicator 19, 专栏7): a person counts as
 * covered while any certified worker is assigned to them.
 */
@Injectable()
export class HardshipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async start(m: EntityManager, r: HardshipRecord): Promise<void> {
    await m.query(
      `INSERT INTO person_in_hardship (person_ref, source, source_ref, town, since) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source, source_ref) DO UPDATE SET ended_on = NULL, town = EXCLUDED.town`,
      [r.personRef, r.source, r.sourceRef, r.town, r.since],
    );
  }

  async end(m: EntityManager, source: HardshipRecord['source'], sourceRef: string, on: string): Promise<void> {
    await m.query(
      `UPDATE person_in_hardship SET ended_on = $3 WHERE source = $1 AND source_ref = $2 AND ended_on IS NULL`,
      [source, sourceRef, on],
    );
  }

  async endForDeath(m: EntityManager, personRef: string, deathDate: string): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE person_in_hardship SET ended_on = $2 WHERE person_ref = $1 AND ended_on IS NULL RETURNING source_ref`,
      [personRef, deathDate],
    );
    return rows.length;
  }

  /** People in hardship today and how many have an active social-worker assignment, in all and per town. */
  async coverage() {
    const rows: { town: string; people: number; covered: number }[] = await this.dataSource.query(
      `WITH people AS (SELECT DISTINCT ON (person_ref) person_ref, town FROM person_in_hardship WHERE ended_on IS NULL ORDER BY person_ref, since DESC)
       SELECT p.town, count(*)::int AS people,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assignment a WHERE a.person_ref = p.person_ref AND a.ended_on IS NULL))::int AS covered
       FROM people p GROUP BY p.town ORDER BY p.town`,
    );
    const people = rows.reduce((n, r) => n + r.people, 0);
    const covered = rows.reduce((n, r) => n + r.covered, 0);
    const rate = (c: number, p: number) => (p === 0 ? null : Math.round((c / p) * 10_000) / 10_000);
    return {
      on: this.clock.today(),
      people,
      covered,
      rate: rate(covered, people),
      byTown: rows.map((r) => ({ ...r, rate: rate(r.covered, r.people) })),
    };
  }
}
