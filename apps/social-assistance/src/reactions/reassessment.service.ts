import { EventEnvelope, EventOrigin } from '@civic/contracts';
import { todayInShanghai } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Household } from '../households/household.model';
import { HouseholdsService } from '../households/households.service';
import { meansTest, MeansTestResult } from '../means-test/means-test';
import { ParametersService } from '../parameters/parameters.service';
import { ASSISTANCE_SOURCE } from '../persistence/event-origin';
import { HUB_ACTOR } from './death-reactions.service';

/** Per programme: eligible and amount; what "the result changed" compares. */
export type Outcome = Record<string, { eligible: boolean; amountFen: number | null }>;

export function outcomeOf(r: MeansTestResult): Outcome {
  const all = { ...r.programmes, ...r.referrals } as Record<string, { eligible: boolean; amount: { fen: number } | null }>;
  return Object.fromEntries(Object.entries(all).map(([k, p]) => [k, { eligible: p.eligible, amountFen: p.amount?.fen ?? null }]));
}

/** What a hub record changes in the household of the person it concerns. */
export interface HubChange {
  kind: 'disability-certified' | 'hospital-bill-settled' | 'unemployment-registered';
  reason: string;
  effectiveDate: string;
  mutate: (h: Household) => Household;
  /** True when the change touches income lines (then assistance.household.income-changed is published). */
  touchesIncome: boolean;
}

/**
 * Income, disability and hospital-bill records from the hub change the person's household (a new
 * version, by the system), then the means test runs before and after on today's parameters; every
 * re-run is stored in means_test_check with whether the result changed.
 */
@Injectable()
export class Reassessment {
  constructor(
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
  ) {}

  async apply(m: EntityManager, event: EventEnvelope<{ recordId: string; personRef: string }>, change: HubChange): Promise<{ changed: boolean } | null> {
    // the inbox removes duplicate events; this removes the hub re-sending one record under a new event id
    const [seen] = await m.query(`SELECT 1 FROM means_test_check WHERE cause_event_id = $1`, [event.data.recordId]);
    if (seen) return null;
    const householdId = await this.households.activeHouseholdOf(m, event.data.personRef);
    if (!householdId) return null; // not a member of any household this service keeps
    const hc = await this.households.change(m, householdId, { sub: HUB_ACTOR.userId }, change.kind, change.reason, change.effectiveDate, async (h) => change.mutate(h));
    const params = await this.parameters.current(m);
    const today = todayInShanghai();
    const before = outcomeOf(meansTest(hc.before.snapshot, today, params));
    const after = outcomeOf(meansTest(hc.after.snapshot, today, params));
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    await m.query(`INSERT INTO means_test_check (household_id, checked_on, cause, cause_event_id, outcome, changed) VALUES ($1, $2, $3, $4, $5, $6)`, [
      householdId,
      today,
      `hub:${change.kind}`,
      event.data.recordId,
      { before, after },
      changed,
    ]);
    if (change.touchesIncome && JSON.stringify(hc.before.snapshot.incomes) !== JSON.stringify(hc.after.snapshot.incomes)) {
      const origin: EventOrigin = { source: ASSISTANCE_SOURCE, correlationId: event.correlationid, causationId: event.id };
      await this.households.appendIncomeChanged(m, hc, change.effectiveDate, origin);
    }
    return { changed };
  }
}
