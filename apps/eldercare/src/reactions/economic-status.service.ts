import { CaseFacts } from '@civic/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Social-assistance programmes that are an elder's economic status, strongest first. */
const STATUS_PROGRAMMES = ['extreme-poverty', 'dibao', 'low-income'];

/**
 * Keeps an elder's economic status current from social assistance's case events (docs/domain.md §2:
 * economic status comes from social assistance). An approval or reinstatement sets the status unless a
 * stronger one holds; a suspension or termination of the current status resets it to none.
 */
@Injectable()
export class EconomicStatus {
  async enrolled(m: EntityManager, c: CaseFacts): Promise<void> {
    if (!STATUS_PROGRAMMES.includes(c.programme)) return;
    const stronger = STATUS_PROGRAMMES.slice(0, STATUS_PROGRAMMES.indexOf(c.programme));
    await m.query(`UPDATE elder SET economic_status = $2 WHERE person_ref = $1 AND NOT (economic_status = ANY($3))`, [
      c.personRef,
      c.programme,
      stronger,
    ]);
  }

  async ended(m: EntityManager, c: CaseFacts): Promise<void> {
    await m.query(`UPDATE elder SET economic_status = 'none' WHERE person_ref = $1 AND economic_status = $2`, [
      c.personRef,
      c.programme,
    ]);
  }
}
