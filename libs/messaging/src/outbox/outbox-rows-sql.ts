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
 * The event ids are `setEventIds`' (time-ordered, one random seed per statement), not a
 * gen_random_uuid() per row. Bind `params` from parameter number `first` on.
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
  const isNumber = (f: string) => typeof (t.template.data as Record<string, unknown>)[f] === 'number';
  // a uuid's text needs no JSON escaping; the subject, when it is one of the string data fields (it
  // usually is: the definition's subjectField), is that field's JSON text, escaped once
  const subjectField = fields.findIndex((f) => t.data[f] === subjectSql && !isNumber(f));
  const spliced: { token: string; sql: string }[] = [
    { token: token(0), sql: `'"' || e.event_id::text || '"'` },
    { token: token(1), sql: subjectField >= 0 ? `e.v${subjectField}` : `to_json(e.subject)::text` },
    ...fields.map((f, i) => ({ token: token(i + 2), sql: `e.v${i}` })),
  ];
  // each per-row field as its JSON text, computed over the row `r`
  const values = fields.map((f, i) =>
    isNumber(f) ? `(${t.data[f]})::bigint::text AS v${i}` : `to_json((${t.data[f]})::text)::text AS v${i}`,
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
  const [topic, headers, partsParam, idPrefix, idBase] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  const payload = order.map((sql, i) => `(${partsParam}::text[])[${i + 1}] || ${sql}`).join(' || ');
  const ids = setEventIds();
  const orderBy = t.orderBy ? `ORDER BY ${t.orderBy}` : '';
  const sql = `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
     SELECT e.event_id, ${topic}::text, e.subject, '${def.type.replace(/'/g, "''")}',
            ${payload} || (${partsParam}::text[])[${parts.length}],
            ${headers}::jsonb || jsonb_build_object('ce_id', e.event_id)
       FROM (SELECT (${idPrefix}::text || to_hex(${idBase}::bigint + row_number() OVER (${orderBy})))::uuid AS event_id,
                    (${subjectSql})::text AS subject, ${values.join(', ')}
               FROM ${t.rows} r ${orderBy}) e
     RETURNING 1`;
  const { headers: headerValues } = toKafkaRecord(t.template, def.topic);
  return { sql, params: [def.topic, JSON.stringify(headerValues), parts, ids.prefix, ids.base] };
}

/**
 * The event ids of one set-based append: UUIDv7 (RFC 9562 §5.7) with the "monotonic random" counter of
 * §6.2 method 2: the 48-bit Unix time in ms, the version, 12 random bits, then the variant and a 62-bit
 * counter seeded with 61 random bits and incremented by one per row. Row k (from 1) gets
 * `(prefix || to_hex(base + k))::uuid`; `base` is the counter's seed with the variant bits set, as a
 * signed bigint (hex 8..., so to_hex gives all 16 digits), and k up to 2^61 cannot reach the variant bits.
 * Unique within the statement by the counter and against every other id as a v4 uuid is (122 random
 * bits there, 73 here beside a timestamp; a 100,000-row run spans 100,000 of 2^61 counter values).
 * Not gen_random_uuid() per row: each call is an OpenSSL RAND_bytes (10% of the monthly run's backend
 * CPU), and random ids land all over the outbox's unique event_id index, while these append at its
 * right edge (docs/adr/0027-set-event-ids.md).
 */
export function setEventIds(now = Date.now()): { prefix: string; base: string } {
  const seed = randomBytes(10);
  const prefix = now.toString(16).padStart(12, '0').slice(-12) + '7' + seed.toString('hex', 0, 2).slice(1);
  // 61 random bits, the variant (0b10) above them: 0x8000... | seed, read as a signed 64-bit integer
  const counter = (seed.readBigUInt64BE(2) >> 3n) | (1n << 63n);
  return { prefix, base: BigInt.asIntN(64, counter).toString() };
}

/** A scalar sub-select that wakes the relays on commit when `cte` wrote any row (see Outbox.appendAll). */
export function notifyRelaySql(cte: string): string {
  return `(SELECT count(*) FROM (SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT 1 FROM ${cte} LIMIT 1) x) n)`;
}
