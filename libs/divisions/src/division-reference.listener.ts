import { DivisionRegisteredV1Payload, DivisionRetiredV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * Keeps division_reference in step with governance's published codes, in the inbox transaction.
 * Governance keys both events by code, so one code's facts arrive in order; a retirement may still
 * arrive for a code this service never saw registered (its registration outside retention), hence
 * the upsert with the effective date unknown (the retirement date bounds it).
 */
@InboxListener()
export class DivisionReferenceListener {
  @EventPattern('governance.division.registered')
  async onRegistered(@Payload() event: EventEnvelope<DivisionRegisteredV1Payload>, @Ctx() ctx: InboxContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO division_reference (code, level, town_code, effective_from) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, town_code = EXCLUDED.town_code,
         effective_from = EXCLUDED.effective_from, updated_at = now()`,
      [d.code, d.level, d.townCode ?? null, d.effectiveFrom],
    );
  }

  @EventPattern('governance.division.retired')
  async onRetired(@Payload() event: EventEnvelope<DivisionRetiredV1Payload>, @Ctx() ctx: InboxContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO division_reference (code, level, effective_from, retired_on) VALUES ($1, $2, $3, $3)
       ON CONFLICT (code) DO UPDATE SET retired_on = EXCLUDED.retired_on, updated_at = now()`,
      [d.code, d.level, d.retiredOn],
    );
  }
}
