import { EventEnvelope, findEventDefinition, toKafkaRecord } from '@civic/contracts';
import { OUTBOX_CHANNEL } from './outbox-channel';

/** What `outboxRowsSql` needs to announce one event per row of a set, in SQL. */
export interface OutboxRowsTemplate {
  /**
   * One event built with createEvent from a real row of the set (so its payload was validated
   * against the contract): every row's event is this one with its own id and the data fields below.
   */
  template: EventEnvelope;
  /** The data fields that differ per row: field name → SQL expression over the row alias `r`. */
  data: Record<string, string>;
  /** The relation to read rows from (a CTE name or a sub-select), aliased `r` by this function. */
  rows: string;
  /** Order of the rows (over `r`): the order ids are drawn in, which the relay publishes in. */
  orderBy: string;
  /** The parameter placeholder the caller binds `templateParam(template)` to, e.g. `$7`. */
  param: string;
}

/**
 * A data-modifying CTE body (`INSERT INTO outbox_message ... RETURNING 1`) appending one event per
 * row of a set, for a statement that writes the set itself (a monthly run writes 100,000 payments
 * with one INSERT ... SELECT: building 100,000 envelopes in the process and sending them back as
 * arrays costs more than the run). Each row's event is the template with a fresh uuid, its subject
 * (the definition's subjectField, which must be among `data`) and the per-row fields; what the
 * template carries besides (type, source, time, correlation, trace, the constant data fields) is
 * the same for every row, as it would be from createEvent called per row in one request.
 * Per-row values come from columns the database constrains; their types are the contract's
 * (text → string, bigint → number), which the caller's mapping keeps.
 */
export function outboxRowsSql(t: OutboxRowsTemplate): string {
  const def = findEventDefinition(t.template.type, t.template.dataversion);
  if (!def) throw new Error(`${t.template.type} v${t.template.dataversion} is not in the event catalog`);
  const subjectField = def.subjectField;
  if (!subjectField || !t.data[subjectField])
    throw new Error(`${t.template.type}: the per-row data must include the subject field ${subjectField ?? '(none)'}`);
  const data = Object.entries(t.data)
    .map(([field, sql]) => `'${field.replace(/'/g, "''")}', ${sql}`)
    .join(', ');
  return `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
     SELECT e.event_id, ${t.param}::jsonb->>'topic', e.subject, ${t.param}::jsonb->'envelope'->>'type',
            ((${t.param}::jsonb->'envelope') || jsonb_build_object('id', e.event_id, 'subject', e.subject,
              'data', (${t.param}::jsonb->'envelope'->'data') || e.data))::text,
            (${t.param}::jsonb->'headers') || jsonb_build_object('ce_id', e.event_id)
       FROM (SELECT gen_random_uuid() AS event_id, (${t.data[subjectField]})::text AS subject, jsonb_build_object(${data}) AS data
               FROM ${t.rows} r ORDER BY ${t.orderBy}) e
     RETURNING 1`;
}

/** The value to bind to `OutboxRowsTemplate.param`: the template envelope with its topic and headers. */
export function templateParam(template: EventEnvelope): string {
  const topic = findEventDefinition(template.type, template.dataversion)?.topic;
  if (!topic) throw new Error(`${template.type} v${template.dataversion} is not in the event catalog`);
  const { headers } = toKafkaRecord(template, topic);
  return JSON.stringify({ topic, envelope: template, headers });
}

/** A scalar sub-select that wakes the relays on commit when `cte` wrote any row (see Outbox.appendAll). */
export function notifyRelaySql(cte: string): string {
  return `(SELECT count(*) FROM (SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT 1 FROM ${cte} LIMIT 1) x) n)`;
}
