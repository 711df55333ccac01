import { EventOrigin } from '@civic/contracts';
import { ParameterSet, ScheduledValue } from '@civic/policy-params';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import { loadPersonFacts } from '../person-view/load-person-facts';
import { evaluatePerson } from '../rules/evaluate-person';
import { addDays } from '../rules/rule-helpers';
import { policyParameters } from './policy-parameters';

/** What one evaluation pass did. */
export interface EvaluationTally {
  evaluated: number;
  alertsRaised: number;
  alertsExpired: number;
  failures: number;
}

/**
 * Evaluates people on a date inside the caller's transaction: rule states are compared with the
 * last evaluation, so an alert is raised only when a person newly becomes alertable (eligible and
 * not enrolled), and an open alert expires when the person stops qualifying.
 */
@Injectable()
export class PersonEvaluator {
  private readonly logger = new Logger(PersonEvaluator.name);

  constructor(private readonly alerts: AlertsService) {}

  /** The parameters in force, with values scheduled through policy.parameter events. */
  async parameters(manager: EntityManager): Promise<ParameterSet> {
    const rows: { key: string; value: string | number; effective_from: string; source: string; scheduled_by: string }[] = await manager.query(
      `SELECT key, value, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, source, scheduled_by FROM pe_scheduled_parameter ORDER BY stamp`,
    );
    const scheduled: ScheduledValue[] = rows.map((r) => ({ key: r.key, value: r.value, effectiveFrom: r.effective_from, source: r.source, scheduledBy: r.scheduled_by }));
    try {
      return policyParameters(scheduled);
    } catch (e) {
      // a scheduled value the files cannot take (unknown key, wrong unit) must not stop every evaluation
      this.logger.error(`scheduled parameter values ignored: ${e instanceof Error ? e.message : String(e)}`);
      return policyParameters();
    }
  }

  async evaluate(manager: EntityManager, personRefs: Iterable<string>, date: string, cause?: EventOrigin, params?: ParameterSet): Promise<EvaluationTally> {
    const set = params ?? (await this.parameters(manager));
    const tally: EvaluationTally = { evaluated: 0, alertsRaised: 0, alertsExpired: 0, failures: 0 };
    for (const personRef of [...new Set(personRefs)].sort()) {
      const facts = await loadPersonFacts(manager, personRef);
      if (!facts) continue;
      tally.evaluated++;
      const outcomes = evaluatePerson(facts, set, date);
      const states: { rule_id: string; alertable: boolean }[] = await manager.query(`SELECT rule_id, alertable FROM pe_rule_state WHERE person_ref = $1 AND alertable`, [personRef]);
      const before = new Map(states.map((s) => [s.rule_id, s.alertable]));
      for (const o of outcomes) {
        if (o.status === 'failed') {
          tally.failures++;
          await manager.query(`INSERT INTO pe_rule_failure (person_ref, rule_id, rule_version, evaluated_for, error, cause) VALUES ($1, $2, $3, $4, $5, $6)`, [
            personRef,
            o.rule.id,
            o.rule.version,
            date,
            o.error.slice(0, 2000),
            cause?.causationId ?? null,
          ]);
          continue;
        }
        const alertable = o.status === 'alertable';
        const was = before.get(o.rule.id) ?? false;
        // only alertable states are stored (absence = not alertable): most people meet no rule,
        // and a row per person and rule would cost a write per rule on every evaluation
        if (alertable && !was) {
          await manager.query(
            `INSERT INTO pe_rule_state (person_ref, rule_id, rule_version, alertable, evaluated_for) VALUES ($1, $2, $3, true, $4)
             ON CONFLICT (person_ref, rule_id) DO UPDATE SET rule_version = EXCLUDED.rule_version, alertable = true, evaluated_for = EXCLUDED.evaluated_for, changed_at = now()`,
            [personRef, o.rule.id, o.rule.version, date],
          );
        } else if (!alertable && was) {
          await manager.query(`DELETE FROM pe_rule_state WHERE person_ref = $1 AND rule_id = $2`, [personRef, o.rule.id]);
        }
        if (alertable && !was) {
          const town = facts.town ?? facts.household?.town;
          if (!town) {
            tally.failures++;
            await manager.query(`INSERT INTO pe_rule_failure (person_ref, rule_id, rule_version, evaluated_for, error, cause) VALUES ($1, $2, $3, $4, $5, $6)`, [
              personRef,
              o.rule.id,
              o.rule.version,
              date,
              'no hukou town known: the alert cannot be routed to a town',
              cause?.causationId ?? null,
            ]);
            continue;
          }
          const days = set.countAt(`policy.alert.first_contact_days.${o.rule.priority}`, date);
          const id = await this.alerts.raise(manager, {
            personRef,
            householdId: facts.household?.householdId ?? null,
            rule: o.rule,
            decision: o.decision,
            date,
            town,
            dueDate: addDays(date, days),
            cause,
          });
          if (id) tally.alertsRaised++;
        } else if (!alertable && was && o.status === 'not-eligible') {
          tally.alertsExpired += await this.alerts.expire(manager, personRef, o.rule.id, date, `no longer meets rule ${o.rule.id} v${o.rule.version} on ${date}`, cause);
        }
      }
    }
    return tally;
  }
}
