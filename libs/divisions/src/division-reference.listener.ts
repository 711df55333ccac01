import { DivisionRegisteredV1Payload, DivisionRetiredV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * Keeps division_reference in step with governance's published codes, in the inbox transaction.
 * Governance keys both events by code, so one code's facts arrive in order; a retirement may still
 * arrive for a code this service never saw registered (its registration outside retention), hence
 * the upsert with the effective date unknown (the retirement date bounds it).
 *
 * An event writes only over a lower or equal version: the list loaded over REST
 * (division-reference.bootstrap.ts) may already hold a newer state than an event still in the topic,
 * and a replayed old event must not undo it. Events published before governance versioned its codes
 * carry none; they are older than every versioned state, so they write only over unversioned rows.
 */
@InboxListener()
export class DivisionReferenceListener {
  @EventPattern('governance.division.registered')
  async onRegistered(@Payload() event: EventEnvelope<DivisionRegisteredV1Payload>, @Ctx() ctx: InboxContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO division_reference (code, level, town_code, effective_from, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, town_code = EXCLUDED.town_code,
         effective_from = EXCLUDED.effective_from, version = EXCLUDED.version, updated_at = now()
       WHERE ${NOT_OLDER}`,
      [d.code, d.level, d.townCode ?? null, d.effectiveFrom, d.version ?? null],
    );
  }

  @EventPattern('governance.division.retired')
  async onRetired(@Payload() event: EventEnvelope<DivisionRetiredV1Payload>, @Ctx() ctx: InboxContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO division_reference (code, level, effective_from, retired_on, version) VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT (code) DO UPDATE SET retired_on = EXCLUDED.retired_on, version = EXCLUDED.version, updated_at = now()
       WHERE ${NOT_OLDER}`,
      [d.code, d.level, d.retiredOn, d.version ?? null],
    );
  }
}

/** The event is not older than the stored row (NULL >= n is not true: an unversioned event loses to a versioned row). */
const NOT_OLDER = `division_reference.version IS NULL OR EXCLUDED.version >= division_reference.version`;
