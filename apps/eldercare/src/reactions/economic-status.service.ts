import { CaseFacts } from '@civic/contracts';
import { InboxContext } from '@civic/messaging';
import { currentRefSql } from '@civic/operations';
import { Clock, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { AllowancesService } from '../allowances/allowances.service';

/** Social-assistance programmes that are an elder's economic status, strongest first. */
const STATUS_PROGRAMMES = ['extreme-poverty', 'dibao', 'low-income'];

/**
 * Keeps an elder's economic status current from social assistance's case events (docs/domain.md §2:
 * economic status comes from social assistance). An approval or reinstatement sets the status unless a
 * stronger one holds (an event still carrying a re-keyed ref finds the elder through the alias); a suspension or termination of the current status resets it to none. A status
 * that changed decides the elder's care subsidy again on the day (its amount depends on it).
 */
@Injectable()
export class EconomicStatus {
  constructor(
    private readonly allowances: AllowancesService,
    private readonly clock: Clock,
  ) {}

  async enrolled(ctx: InboxContext, c: CaseFacts): Promise<void> {
    if (!STATUS_PROGRAMMES.includes(c.programme)) return;
    const stronger = STATUS_PROGRAMMES.slice(0, STATUS_PROGRAMMES.indexOf(c.programme));
    const rows = await updateReturning<{ elder_id: string }>(
      ctx.manager,
      `UPDATE elder SET economic_status = $2 WHERE person_ref = ${currentRefSql('$1')} AND economic_status <> $2 AND NOT (economic_status = ANY($3))
       RETURNING elder_id`,
      [c.personRef, c.programme, stronger],
    );
    await this.redecide(ctx, rows);
  }

  async ended(ctx: InboxContext, c: CaseFacts): Promise<void> {
    const rows = await updateReturning<{ elder_id: string }>(
      ctx.manager,
      `UPDATE elder SET economic_status = 'none' WHERE person_ref = ${currentRefSql('$1')} AND economic_status = $2 RETURNING elder_id`,
      [c.personRef, c.programme],
    );
    await this.redecide(ctx, rows);
  }

  private async redecide(ctx: InboxContext, rows: { elder_id: string }[]): Promise<void> {
    for (const { elder_id } of rows)
      await this.allowances.redecideCareSubsidy(ctx.manager, elder_id, this.clock.today(), ctx.origin(elder_id));
  }
}
