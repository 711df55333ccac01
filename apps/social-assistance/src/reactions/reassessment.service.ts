import {
  createEvent,
  EligibilityChange,
  EventEnvelope,
  EventOrigin,
  HouseholdEligibilityChangedV1,
  Programme,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { todayInShanghai } from '@civic/calendar';
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
  const all = { ...r.programmes, ...r.referrals } as Record<
    string,
    { eligible: boolean; amount: { fen: number } | null }
  >;
  return Object.fromEntries(
    Object.entries(all).map(([k, p]) => [k, { eligible: p.eligible, amountFen: p.amount?.fen ?? null }]),
  );
}

// The means test names the special-assistance referrals `<x>-aid`; the catalog's programmes are
// medical, education and housing (DOMAIN.md §1).
const CATALOG_PROGRAMME: Record<string, Programme> = {
  'medical-aid': 'medical',
  'education-aid': 'education',
  'housing-aid': 'housing',
};

/** The programmes whose eligibility or amount differs between two outcomes, as the eligibility-changed event lists them. */
export function eligibilityChanges(before: Outcome, after: Outcome): EligibilityChange[] {
  const programmes = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return programmes.flatMap((k) => {
    const b = before[k] ?? { eligible: false, amountFen: null };
    const a = after[k] ?? { eligible: false, amountFen: null };
    if (b.eligible === a.eligible && b.amountFen === a.amountFen) return [];
    return [
      {
        programme: CATALOG_PROGRAMME[k] ?? (k as Programme),
        eligibleBefore: b.eligible,
        eligibleAfter: a.eligible,
        ...(b.amountFen !== null ? { amountBeforeFen: b.amountFen } : {}),
        ...(a.amountFen !== null ? { amountAfterFen: a.amountFen } : {}),
      },
    ];
  });
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
 * re-run is stored in means_test_check with whether the result changed, and a changed result is
 * announced as assistance.household.eligibility-changed ("raise an event when the result changes").
 */
@Injectable()
export class Reassessment {
  constructor(
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly outbox: Outbox,
  ) {}

  async apply(
    m: EntityManager,
    event: EventEnvelope<{ recordId: string; personRef: string }>,
    change: HubChange,
  ): Promise<{ changed: boolean } | null> {
    // the inbox removes duplicate events; this removes the hub re-sending one record under a new event id
    const [seen] = await m.query(`SELECT 1 FROM means_test_check WHERE cause_event_id = $1`, [event.data.recordId]);
    if (seen) return null;
    const householdId = await this.households.activeHouseholdOf(m, event.data.personRef);
    if (!householdId) return null; // not a member of any household this service keeps
    const hc = await this.households.change(
      m,
      householdId,
      { sub: HUB_ACTOR.userId },
      change.kind,
      change.reason,
      change.effectiveDate,
      async (h) => change.mutate(h),
    );
    const params = await this.parameters.current(m);
    const today = todayInShanghai();
    const before = outcomeOf(meansTest(hc.before.snapshot, today, params));
    const after = outcomeOf(meansTest(hc.after.snapshot, today, params));
    const changes = eligibilityChanges(before, after);
    const changed = changes.length > 0;
    await m.query(
      `INSERT INTO means_test_check (household_id, checked_on, cause, cause_event_id, outcome, changed) VALUES ($1, $2, $3, $4, $5, $6)`,
      [householdId, today, `hub:${change.kind}`, event.data.recordId, { before, after }, changed],
    );
    const origin: EventOrigin = {
      source: ASSISTANCE_SOURCE,
      correlationId: event.correlationid,
      causationId: event.id,
    };
    if (
      change.touchesIncome &&
      JSON.stringify(hc.before.snapshot.incomes) !== JSON.stringify(hc.after.snapshot.incomes)
    ) {
      await this.households.appendIncomeChanged(m, hc, change.effectiveDate, origin);
    }
    if (changed) {
      // after income-changed: on the household's partition the cause comes before its consequence
      const data = {
        householdId,
        town: hc.after.town,
        personRef: event.data.personRef,
        checkedOn: today,
        causeEventId: event.id,
        changes,
      };
      await this.outbox.append(m, createEvent(HouseholdEligibilityChangedV1, data, origin));
    }
    return { changed };
  }
}
