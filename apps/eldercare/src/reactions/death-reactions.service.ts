import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext } from '@civic/messaging';
import { currentRefSql } from '@civic/operations';
import { Clock } from '@civic/platform';
import { Injectable, Logger } from '@nestjs/common';
import { AllowancesService } from '../allowances/allowances.service';
import { FamilyBedsService } from '../family-beds/family-beds.service';
import { HomeAdaptationsService } from '../home-adaptations/home-adaptations.service';
import { HomeCareService } from '../home-care/home-care.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { AllowancePaymentsService } from '../payments/allowance-payments.service';
import { VisitsService } from '../visits/visits.service';

/**
 * A hub death record (informal or formal) ends the elder's care: the elder is marked deceased, every
 * allowance grant stops on the death date (so no later month is paid), payments already issued for
 * months starting after it stop, open visit tasks and home-care orders close, an open family care bed
 * closes, a home adaptation not yet done is cancelled and an open institution stay ends.
 *
 * Its revocation undoes what the record did (docs/adr/0009-revoked-death-records.md): the elder is
 * active again, the grants the death stopped run again, payments the death stopped are reissued and
 * months run meanwhile are paid as arrears (libs/monthly-run, once each), this month's and later visit
 * tasks, the cancelled home-care orders and adaptations and the closed family care bed reopen. An institution stay stays ended: the bed may be taken,
 * so a re-admission is the institution's decision. State-guarded: a repeated record changes nothing.
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
    private readonly familyBeds: FamilyBedsService,
    private readonly adaptations: HomeAdaptationsService,
    private readonly clock: Clock,
  ) {}

  async apply(event: EventEnvelope<DeathRecordedV1Payload>, ctx: InboxContext): Promise<void> {
    const d = event.data;
    const m = ctx.manager;
    const [elder] = await m.query(
      `SELECT elder_id, status, death_record_id, to_char(death_date, 'YYYY-MM-DD') AS death_date FROM elder WHERE person_ref = ${currentRefSql('$1')} FOR UPDATE`,
      [d.personRef],
    );
    if (!elder) return;
    if (d.status === 'revoked') return this.revoke(event, ctx, elder);
    if (elder.status === 'active' || elder.death_record_id !== d.recordId)
      await m.query(`UPDATE elder SET status = 'deceased', death_date = $2, death_record_id = $3 WHERE elder_id = $1`, [
        elder.elder_id,
        d.deathDate,
        d.recordId,
      ]);
    await this.allowances.stopForDeath(m, elder.elder_id, d.deathDate, ctx.origin(elder.elder_id));
    await this.visits.closeForDeath(m, elder.elder_id);
    await this.payments.stopAfterDeath(m, d.personRef, d.deathDate, event);
    await this.institutions.dischargeForDeath(m, elder.elder_id, d.deathDate, ctx.origin(elder.elder_id));
    await this.homeCare.cancelForDeath(m, elder.elder_id);
    await this.familyBeds.closeForDeath(m, elder.elder_id, d.deathDate, ctx.origin(elder.elder_id));
    await this.adaptations.cancelForDeath(m, elder.elder_id);
  }

  private async revoke(
    event: EventEnvelope<DeathRecordedV1Payload>,
    ctx: InboxContext,
    elder: { elder_id: string; status: string; death_record_id: string | null; death_date: string | null },
  ): Promise<void> {
    const d = event.data;
    const m = ctx.manager;
    if (elder.status !== 'deceased') return;
    // a revocation of a record already superseded (e.g. the informal one before the formal) undoes nothing
    if (d.revokesRecordId && elder.death_record_id && d.revokesRecordId !== elder.death_record_id) return;
    await m.query(`UPDATE elder SET status = 'active', death_date = NULL, death_record_id = NULL WHERE elder_id = $1`, [
      elder.elder_id,
    ]);
    const grants = await this.allowances.resumeAfterRevokedDeath(m, elder.elder_id, ctx.origin(elder.elder_id));
    const paid = await this.payments.reissueAfterRevokedDeath(m, elder.elder_id);
    const tasks = await this.visits.reopenAfterRevokedDeath(m, elder.elder_id, this.clock.today().slice(0, 7));
    const orders = await this.homeCare.reopenAfterRevokedDeath(m, elder.elder_id);
    const beds = await this.familyBeds.reopenAfterRevokedDeath(m, elder.elder_id, ctx.origin(elder.elder_id));
    const adaptations = await this.adaptations.restoreAfterRevokedDeath(m, elder.elder_id);
    this.logger.log(
      `death record revoked for elder ${elder.elder_id} (died ${elder.death_date} by record ${elder.death_record_id}): ` +
        `${grants.length} grants resumed, ${paid.length} payments reissued or paid as arrears, ${tasks} visit tasks, ${orders} orders, ${beds} family care beds and ${adaptations} home adaptations reopened`,
    );
  }
}
