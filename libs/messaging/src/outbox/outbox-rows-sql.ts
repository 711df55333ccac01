import { EventEnvelope, findEventDefinition, toKafkaRecord } from '@civic/contracts';
import { randomBytes } from 'node:crypto';
import { OUTBOX_CHANNEL } from './outbox-channel';

/** What `outboxRowsSql` needs to announce one event per row of a set, in SQL. */
export interface OutboxRowsTemplate {
  /**
   * One event built with createEvent from a real row of the set (so its payload was validated
   * against the contract): every row's event is this one with its own id, subject and data fields below.
   */
  template: EventEnvelope;
  /**
   * The data fields that differ per row: field name → SQL expression over the row alias `r`, of the
   * JSON type the template has for the field (text for a string, an integer for a number).
   */
  data: Record<string, string>;
  /** The envelope subject (Kafka key) per row, as SQL over `r`; default: the data field the definition names its subject. */
  subject?: string;
  /** The relation to read rows from (a CTE name), aliased `r`. */
  rows: string;
  /**
   * Order of the rows (over `r`): the order ids are drawn in, which the relay publishes in. Leave it
   * out when the rows come in the order wanted (a CTE's RETURNING gives the order rows were written in)
   * or order does not matter (events of different aggregates): a sort of 100,000 rows spills to disk.
   */
  orderBy?: string;
}

/**
 * A data-modifying CTE body (`INSERT INTO outbox_message ... RETURNING 1`) appending one event per
 * row of a set, for a statement that writes the set itself (a monthly run writes 100,000 payments
 * with one INSERT ... SELECT: building 100,000 envelopes in the process and sending them back as
 * arrays would cost more than the run). Each row's event is the template with a fresh uuid, its
 * subject (by default the definition's subjectField among `data`) and the per-row fields; the
 * rest (type, source, time, correlation, trace, the constant data fields) is the same for every row,
 * as from createEvent called per row in one request. The payload is the template's JSON text with the
 * per-row values spliced in, so it is what JSON.stringify gives (same key order, same spacing).
 * Bind `params` from parameter number `first` on.
 */
export function outboxRowsSql(t: OutboxRowsTemplate, first: number): { sql: string; params: unknown[] } {
  const def = findEventDefinition(t.template.type, t.template.dataversion);
  if (!def) throw new Error(`${t.template.type} v${t.template.dataversion} is not in the event catalog`);
  const subjectSql = t.subject ?? (def.subjectField ? t.data[def.subjectField] : undefined);
  if (!subjectSql)
    throw new Error(
      `${t.template.type}: give the per-row subject, or the data field ${def.subjectField ?? '(none)'} it is`,
    );
  // the template with a unique token in every per-row place; its JSON text split at the tokens
  const nonce = randomBytes(6).toString('hex');
  const token = (i: number) => `__row_${nonce}_${i}__`;
  const fields = Object.keys(t.data);
  const spliced: { token: string; sql: string }[] = [
    { token: token(0), sql: `to_json(e.event_id::text)::text` },
    { token: token(1), sql: `to_json(e.subject)::text` },
    ...fields.map((f, i) => ({ token: token(i + 2), sql: `e.v${i}` })),
  ];
  // each per-row field as its JSON text, computed over the row `r`
  const values = fields.map((f, i) =>
    typeof (t.template.data as Record<string, unknown>)[f] === 'number'
      ? `(${t.data[f]})::bigint::text AS v${i}`
      : `to_json((${t.data[f]})::text)::text AS v${i}`,
  );
  const marked = {
    ...t.template,
    id: token(0),
    subject: token(1),
    data: {
      ...(t.template.data as Record<string, unknown>),
      ...Object.fromEntries(fields.map((f, i) => [f, token(i + 2)])),
    },
  };
  let text = JSON.stringify(marked);
  const parts: string[] = [];
  const order: string[] = [];
  for (;;) {
    const next = spliced
      .map((s) => ({ ...s, at: text.indexOf(`"${s.token}"`) }))
      .filter((s) => s.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!next) break;
    parts.push(text.slice(0, next.at));
    order.push(next.sql);
    text = text.slice(next.at + next.token.length + 2);
  }
  parts.push(text);
  if (order.length !== spliced.length)
    throw new Error(`${t.template.type}: a per-row field is missing from the template`);
  const [topic, headers, partsParam] = [first, first + 1, first + 2].map((n) => `$${n}`);
  const payload = order.map((sql, i) => `(${partsParam}::text[])[${i + 1}] || ${sql}`).join(' || ');
  const sql = `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
     SELECT e.event_id, ${topic}::text, e.subject, '${def.type.replace(/'/g, "''")}',
            ${payload} || (${partsParam}::text[])[${parts.length}],
            ${headers}::jsonb || jsonb_build_object('ce_id', e.event_id)
       FROM (SELECT gen_random_uuid() AS event_id, (${subjectSql})::text AS subject, ${values.join(', ')}
               FROM ${t.rows} r${t.orderBy ? ` ORDER BY ${t.orderBy}` : ''}) e
     RETURNING 1`;
  const { headers: headerValues } = toKafkaRecord(t.template, def.topic);
  return { sql, params: [def.topic, JSON.stringify(headerValues), parts] };
}

/** A scalar sub-select that wakes the relays on commit when `cte` wrote any row (see Outbox.appendAll). */
export function notifyRelaySql(cte: string): string {
  return `(SELECT count(*) FROM (SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT 1 FROM ${cte} LIMIT 1) x) n)`;
}
