import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { Clock } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReferralsService } from '../referrals/referrals.service';

/**
 * What a death record from the data hub does to what charity addresses to the person, in the inbox
 * transaction (a redelivery finds nothing left to stop):
 * - informal or formal: open referrals close as person-died (referrals.service.ts, published, final);
 *   posted wishes and wishes matched but not yet delivered are withdrawn; the person's crowdfunding
 *   projects close to donations with the reason; nothing new is addressed to them (persistence/person-death.ts:
 *   wishes, campaigns, referrals, disbursements);
 * - revoked: as in docs/adr/0009-revoked-death-records.md, only what the death stopped comes back —
 *   wishes withdrawn and projects closed for it (not those staff withdrew or closed), each to where it was.
 */
@Injectable()
export class DeathReactions {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly clock: Clock,
  ) {}

  async apply(m: EntityManager, event: EventEnvelope<DeathRecordedV1Payload>): Promise<void> {
    const d = event.data;
    if (d.status === 'revoked') return this.revoke(m, event);
    // a formal record is never downgraded by a late informal one
    await m.query(
      `INSERT INTO person_death (person_ref, record_id, death_date, status, cause_event_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_ref) DO UPDATE SET record_id = EXCLUDED.record_id, death_date = EXCLUDED.death_date, status = EXCLUDED.status, cause_event_id = EXCLUDED.cause_event_id, recorded_at = now()
       WHERE NOT (person_death.status = 'formal' AND EXCLUDED.status = 'informal')`,
      [d.personRef, d.recordId, d.deathDate, d.status, event.id],
    );
    const today = this.clock.today();
    const reason = `death recorded (${d.status}) by the data hub`;
    await this.referrals.onDeath(m, event);
    await m.query(
      `UPDATE wish SET withdrawn_from = status, status = 'withdrawn', withdrawn_on = $2, withdrawn_reason = $3, withdrawn_for_death = true
        WHERE person_ref = $1 AND status IN ('posted', 'matched')`,
      [d.personRef, today, reason],
    );
    await m.query(
      `UPDATE charity_project p SET status = 'closed', closed_on = $2, closed_reason = $3, closed_for_death = true
         FROM crowdfunding_campaign c
        WHERE c.project_id = p.project_id AND c.person_ref = $1 AND p.status = 'open'`,
      [d.personRef, today, `the person the campaign helps died: ${reason}`],
    );
  }

  private async revoke(m: EntityManager, event: EventEnvelope<DeathRecordedV1Payload>): Promise<void> {
    const d = event.data;
    const [current] = await m.query(`SELECT record_id, status FROM person_death WHERE person_ref = $1 FOR UPDATE`, [
      d.personRef,
    ]);
    if (!current || current.status === 'revoked') return;
    if (d.revokesRecordId && d.revokesRecordId !== current.record_id) return; // revokes a record already superseded
    await m.query(
      `UPDATE person_death SET status = 'revoked', record_id = $2, cause_event_id = $3, recorded_at = now() WHERE person_ref = $1`,
      [d.personRef, d.recordId, event.id],
    );
    await m.query(
      `UPDATE wish SET status = withdrawn_from, withdrawn_from = NULL, withdrawn_on = NULL, withdrawn_reason = NULL, withdrawn_for_death = false
        WHERE person_ref = $1 AND status = 'withdrawn' AND withdrawn_for_death`,
      [d.personRef],
    );
    await m.query(
      `UPDATE charity_project p SET status = 'open', closed_on = NULL, closed_reason = NULL, closed_for_death = false
         FROM crowdfunding_campaign c
        WHERE c.project_id = p.project_id AND c.person_ref = $1 AND p.closed_for_death`,
      [d.personRef],
    );
  }
}
