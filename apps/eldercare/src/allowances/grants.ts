import {
  createEvent,
  ElderAllowanceGrantedV1,
  ElderAllowanceRedecidedV1,
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

/** What decides a grant's amount: the amount, the dated parameter value it comes from, and why. */
export interface AmountDecision {
  monthlyAmountFen: number;
  parameterKey: string;
  /** The day the parameter value took effect. */
  parameterFrom: string;
  basis: string;
}

export interface NewGrant extends AmountDecision {
  allowance: Allowance;
  effectiveFrom: string;
  grantedBy: string;
}

/**
 * The monthly amount of grant `g` decided for the day `day` (SQL; both are expressions of the caller's
 * query): the stored decision in force that day (allowance-decisions.migration.ts).
 */
export const decidedAmountSql = (g: string, day: string) =>
  `(SELECT d.monthly_amount_fen FROM allowance_decision d WHERE d.grant_id = ${g}.grant_id AND d.effective_from <= ${day}
     ORDER BY d.effective_from DESC LIMIT 1)`;

/** Writes a grant, its first amount decision and its allowance-granted event in the caller's transaction. */
export async function insertGrant(m: EntityManager, outbox: Outbox, elder: Elder, g: NewGrant, origin: EventOrigin) {
  const grantId = `eg-${randomUUID()}`;
  await m.query(
    `INSERT INTO allowance_grant (grant_id, elder_id, allowance, monthly_amount_fen, effective_from, parameter_key, basis, granted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [grantId, elder.elderId, g.allowance, g.monthlyAmountFen, g.effectiveFrom, g.parameterKey, g.basis, g.grantedBy],
  );
  await m.query(
    `INSERT INTO allowance_decision (grant_id, effective_from, monthly_amount_fen, parameter_key, parameter_from, basis, decided_on)
     VALUES ($1, $2, $3, $4, $5, $6, $2)`,
    [grantId, g.effectiveFrom, g.monthlyAmountFen, g.parameterKey, g.parameterFrom, g.basis],
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
  const rows = await updateReturning<Parameters<typeof grantOf>[0]>(
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

/**
 * Decides an active grant again from `effectiveFrom` (never before the grant starts): stores the
 * decision, makes it the grant's current amount and key, and announces it. Nothing when the decision
 * is the one in force (a repeated input change decides nothing twice).
 */
export async function redecideGrant(
  m: EntityManager,
  outbox: Outbox,
  elder: Elder,
  grant: Grant,
  d: AmountDecision,
  effectiveFrom: string,
  decidedOn: string,
  origin: EventOrigin,
): Promise<boolean> {
  if (grant.monthlyAmountFen === d.monthlyAmountFen && grant.parameterKey === d.parameterKey) return false;
  const from = effectiveFrom > grant.effectiveFrom ? effectiveFrom : grant.effectiveFrom;
  await m.query(
    `INSERT INTO allowance_decision (grant_id, effective_from, monthly_amount_fen, parameter_key, parameter_from, basis, decided_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (grant_id, effective_from) DO UPDATE SET monthly_amount_fen = EXCLUDED.monthly_amount_fen,
       parameter_key = EXCLUDED.parameter_key, parameter_from = EXCLUDED.parameter_from, basis = EXCLUDED.basis,
       decided_on = EXCLUDED.decided_on, decided_at = now()`,
    [grant.grantId, from, d.monthlyAmountFen, d.parameterKey, d.parameterFrom, d.basis, decidedOn],
  );
  await m.query(`UPDATE allowance_grant SET monthly_amount_fen = $2, parameter_key = $3 WHERE grant_id = $1`, [
    grant.grantId,
    d.monthlyAmountFen,
    d.parameterKey,
  ]);
  await outbox.append(
    m,
    createEvent(
      ElderAllowanceRedecidedV1,
      {
        elderId: elder.elderId,
        personRef: elder.personRef,
        town: elder.town,
        grantId: grant.grantId,
        allowance: grant.allowance,
        monthlyAmountFen: d.monthlyAmountFen,
        previousAmountFen: grant.monthlyAmountFen,
        effectiveFrom: from,
        parameterKey: d.parameterKey,
        basis: d.basis,
      },
      origin,
    ),
  );
  return true;
}

/**
 * A parameter value in force on `today` (`key` = `amountFen` since `parameterFrom`): every active grant
 * decided on `key` with another amount is decided again from the day the value took effect (or the
 * grant's start, if later). One statement per key for all grants (set-based: a band amount can touch
 * a hundred thousand grants), one redecided event per grant.
 */
export async function repriceGrantsOnKey(
  m: EntityManager,
  outbox: Outbox,
  key: string,
  amountFen: number,
  parameterFrom: string,
  today: string,
  origin: EventOrigin,
): Promise<number> {
  const basis = `${key} is ${amountFen} fen/month from ${parameterFrom}.`;
  const rows: {
    grant_id: string;
    elder_id: string;
    allowance: Allowance;
    previous: number;
    effective_from: string;
    person_ref: string;
    town: string;
  }[] = await m.query(
    `WITH old AS (
       SELECT grant_id, monthly_amount_fen AS previous FROM allowance_grant
        WHERE status = 'active' AND parameter_key = $1 AND monthly_amount_fen <> $2 FOR UPDATE
     ), changed AS (
       UPDATE allowance_grant g SET monthly_amount_fen = $2 FROM old WHERE g.grant_id = old.grant_id
       RETURNING g.grant_id, g.elder_id, g.allowance, old.previous::int AS previous, greatest(g.effective_from, $3::date) AS effective_from
     ), decided AS (
       INSERT INTO allowance_decision (grant_id, effective_from, monthly_amount_fen, parameter_key, parameter_from, basis, decided_on)
       SELECT grant_id, effective_from, $2, $1, $3, $4, $5 FROM changed
       ON CONFLICT (grant_id, effective_from) DO UPDATE SET monthly_amount_fen = EXCLUDED.monthly_amount_fen,
         parameter_from = EXCLUDED.parameter_from, basis = EXCLUDED.basis, decided_on = EXCLUDED.decided_on, decided_at = now()
     )
     SELECT c.grant_id, c.elder_id, c.allowance, c.previous, to_char(c.effective_from, 'YYYY-MM-DD') AS effective_from, e.person_ref, e.town
       FROM changed c JOIN elder e ON e.elder_id = c.elder_id`,
    [key, amountFen, parameterFrom, basis, today],
  );
  await outbox.appendAll(
    m,
    rows.map((r) =>
      createEvent(
        ElderAllowanceRedecidedV1,
        {
          elderId: r.elder_id,
          personRef: r.person_ref,
          town: r.town,
          grantId: r.grant_id,
          allowance: r.allowance,
          monthlyAmountFen: amountFen,
          previousAmountFen: r.previous,
          effectiveFrom: r.effective_from,
          parameterKey: key,
          basis,
        },
        origin,
      ),
    ),
  );
  return rows.length;
}
