import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext } from '@civic/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { AllowancesService } from '../allowances/allowances.service';
import { HomeCareService } from '../home-care/home-care.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { AllowancePaymentsService } from '../payments/allowance-payments.service';
import { VisitsService } from '../visits/visits.service';

/**
 * A hub death record (informal or formal) ends the elder's care: the elder is marked deceased, every
 * allowance grant stops on the death date (so no later month is paid), payments already issued for
 * months starting after it stop, open visit tasks and home-care orders close and an open institution stay ends.
 * State-guarded: a repeated record changes nothing. A revoked record is logged for a clerk to check;
 * grants are not restored automatically.
 */
@Injectable()
export class DeathReactions {
  private readonly logger = new Logger('death-reactions');

  constructor(
    private readonly allowances: AllowancesService,
    private readonly visits: VisitsService,
    private readonly payments: AllowancePaymentsService,
    private readonly institutions: InstitutionsService,
    private readonly homeCare: HomeCareService,
  ) {}

  async apply(event: EventEnvelope<DeathRecordedV1Payload>, ctx: InboxContext): Promise<void> {
    const d = event.data;
    const m = ctx.manager;
    const [elder] = await m.query(`SELECT elder_id, status FROM elder WHERE person_ref = $1 FOR UPDATE`, [d.personRef]);
    if (!elder) return;
    if (d.status === 'revoked') {
      if (elder.status === 'deceased')
        this.logger.warn(`death record revoked for elder ${elder.elder_id}: check and re-register the grants by hand`);
      return;
    }
    if (elder.status === 'active')
      await m.query(`UPDATE elder SET status = 'deceased', death_date = $2 WHERE elder_id = $1`, [
        elder.elder_id,
        d.deathDate,
      ]);
    await this.allowances.stopForDeath(m, elder.elder_id, d.deathDate, ctx.origin(elder.elder_id));
    await this.visits.closeForDeath(m, elder.elder_id);
    await this.payments.stopAfterDeath(m, d.personRef, d.deathDate, event);
    await this.institutions.dischargeForDeath(m, elder.elder_id, d.deathDate, ctx.origin(elder.elder_id));
    await this.homeCare.cancelForDeath(m, elder.elder_id);
  }
}
