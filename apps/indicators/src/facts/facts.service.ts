import { EventEnvelope } from '@civic/contracts';
import { NonRetryableError } from '@civic/messaging';
import { withRefsResolved } from '@civic/operations';
import { InvalidScheduledValueError } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { indicatorParameters } from '../compute/indicator-parameters';
import { scheduledValueOf } from '../compute/indicator-context';
import { FactData, factOf, IndicatorFact } from '../compute/indicator-fact';

/** Stores consumed events as facts and reads them back for a date. */
@Injectable()
export class FactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records one consumed event inside the inbox transaction (a repeat of the same event id is a no-op). */
  async record(m: EntityManager, event: EventEnvelope): Promise<void> {
    const fact = factOf(event);
    if (fact.type === 'policy.parameter.value-scheduled') this.requireUsable(fact);
    await m.query(
      `INSERT INTO indicator_fact (event_id, type, subject, occurred_on, town, data)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.type, fact.subject, fact.occurredOn, fact.town, JSON.stringify(fact.data)],
    );
  }

  /** Facts counting on or before `date`, in consumption order. */
  async upTo(date: string): Promise<IndicatorFact[]> {
    const rows: {
      event_id: string;
      type: string;
      subject: string;
      occurred_on: string;
      town: string | null;
      data: FactData;
    }[] = await this.dataSource.query(
      `SELECT event_id, type, subject, occurred_on::text AS occurred_on, town, data
           FROM indicator_fact WHERE occurred_on <= $1 ORDER BY seq`,
      [date],
    );
    // facts stay as received; their refs are read under the ref each person was re-keyed to, so a
    // person with facts under both keys is one person (persistence/person-ref-following.ts)
    const aliases: { old_ref: string; new_ref: string }[] = await this.dataSource.query(
      `SELECT old_ref, new_ref FROM person_ref_alias`,
    );
    const alias = new Map(aliases.map((a) => [a.old_ref, a.new_ref]));
    return rows.map((r) => ({
      eventId: r.event_id,
      type: r.type,
      subject: alias.get(r.subject) ?? r.subject,
      occurredOn: r.occurred_on,
      town: r.town,
      data: withRefsResolved(r.data, alias),
    }));
  }

  /** A scheduled value this read model's parameters refuse would break every later computation: dead-letter it. */
  private requireUsable(fact: IndicatorFact): void {
    try {
      indicatorParameters().withOverrides([scheduledValueOf(fact)]);
    } catch (error) {
      if (error instanceof InvalidScheduledValueError)
        throw new NonRetryableError(`parameter ${String(fact.data.key)} refused: ${error.message}`);
      throw error;
    }
  }
}
