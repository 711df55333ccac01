import {
  createEvent,
  ElderAllowanceGrantedV1,
  ElderAllowanceStoppedV1,
  ELDER_ALLOWANCES,
  ELDER_ALLOWANCE_STOP_REASONS,
  EventOrigin,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { updateReturning } from '@civic/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Elder } from '../elders/elder-record';

export type Allowance = (typeof ELDER_ALLOWANCES)[number];
export type StopReason = (typeof ELDER_ALLOWANCE_STOP_REASONS)[number];

export interface Grant {
  grantId: string;
  elderId: string;
  allowance: Allowance;
  monthlyAmountFen: number;
  effectiveFrom: string;
  parameterKey: string;
  basis: string;
  status: 'active' | 'stopped';
  stoppedOn: string | null;
  stopReason: string | null;
}

export const GRANT_COLUMNS = `grant_id, elder_id, allowance, monthly_amount_fen::int AS monthly_amount_fen, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  parameter_key, basis, status, to_char(stopped_on, 'YYYY-MM-DD') AS stopped_on, stop_reason`;

export const grantOf = (r: Record<string, any>): Grant => ({
  grantId: r.grant_id,
  elderId: r.elder_id,
  allowance: r.allowance,
  monthlyAmountFen: r.monthly_amount_fen,
  effectiveFrom: r.effective_from,
  parameterKey: r.parameter_key,
  basis: r.basis,
  status: r.status,
  stoppedOn: r.stopped_on,
  stopReason: r.stop_reason,
});

export interface NewGrant {
  allowance: Allowance;
  monthlyAmountFen: number;
  effectiveFrom: string;
  parameterKey: string;
  basis: string;
  grantedBy: string;
}

/** Writes a grant and its allowance-granted event in the caller's transaction. */
export async function insertGrant(m: EntityManager, outbox: Outbox, elder: Elder, g: NewGrant, origin: EventOrigin) {
  const grantId = `eg-${randomUUID()}`;
  await m.query(
    `INSERT INTO allowance_grant (grant_id, elder_id, allowance, monthly_amount_fen, effective_from, parameter_key, basis, granted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [grantId, elder.elderId, g.allowance, g.monthlyAmountFen, g.effectiveFrom, g.parameterKey, g.basis, g.grantedBy],
  );
  await outbox.append(
    m,
    createEvent(
      ElderAllowanceGrantedV1,
      {
        elderId: elder.elderId,
        personRef: elder.personRef,
        town: elder.town,
        grantId,
        allowance: g.allowance,
        monthlyAmountFen: g.monthlyAmountFen,
        effectiveFrom: g.effectiveFrom,
        basis: g.basis,
      },
      origin,
    ),
  );
  return grantId;
}

/**
 * Stops the elder's active grants (of `allowance`, or all) with the last covered day `stoppedOn`, and
 * announces each; state-guarded, so a repeated call stops nothing twice.
 */
export async function stopGrants(
  m: EntityManager,
  outbox: Outbox,
  elder: Elder,
  stoppedOn: string,
  reason: StopReason,
  origin: EventOrigin,
  allowance?: Allowance,
): Promise<number> {
  const rows = await updateReturning<{ grant_id: string; allowance: Allowance }>(
    m,
    `UPDATE allowance_grant SET status = 'stopped', stopped_on = $2, stop_reason = $3
     WHERE elder_id = $1 AND status = 'active' AND ($4::text IS NULL OR allowance = $4) RETURNING grant_id, allowance`,
    [elder.elderId, stoppedOn, reason, allowance ?? null],
  );
  for (const r of rows)
    await outbox.append(
      m,
      createEvent(
        ElderAllowanceStoppedV1,
        {
          elderId: elder.elderId,
          personRef: elder.personRef,
          town: elder.town,
          grantId: r.grant_id,
          allowance: r.allowance,
          stoppedOn,
          reason,
        },
        origin,
      ),
    );
  return rows.length;
}

/**
 * A revoked death record: the grants the death stopped are active again as themselves (same grant id,
 * same start), so every month from the death on is owed again. Each is announced again as
 * eldercare.elder.allowance-granted (its consumers already treat that as "enrolled from effectiveFrom"),
 * so no consumer needs a new event (docs/adr/0009-revoked-death-records.md).
 */
export async function resumeGrantsStoppedByDeath(
  m: EntityManager,
  outbox: Outbox,
  elder: Elder,
  origin: EventOrigin,
): Promise<Grant[]> {
  const rows = await updateReturning<Record<string, any>>(
    m,
    `UPDATE allowance_grant SET status = 'active', stopped_on = NULL, stop_reason = NULL
     WHERE elder_id = $1 AND status = 'stopped' AND stop_reason = 'death' RETURNING ${GRANT_COLUMNS}`,
    [elder.elderId],
  );
  const grants = rows.map(grantOf);
  await outbox.appendAll(
    m,
    grants.map((g) =>
      createEvent(
        ElderAllowanceGrantedV1,
        {
          elderId: elder.elderId,
          personRef: elder.personRef,
          town: elder.town,
          grantId: g.grantId,
          allowance: g.allowance,
          monthlyAmountFen: g.monthlyAmountFen,
          effectiveFrom: g.effectiveFrom,
          basis: `${g.basis} Resumed: the data hub revoked the death record.`,
        },
        origin,
      ),
    ),
  );
  return grants;
}
