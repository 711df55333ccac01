/**
 * Micro-benchmark of createEvent (docs/benchmarks.md P7): µs per assistance.payment.issued event
 * with the payload validated by the compiled JSON Schema (createEvent today) against the
 * class-transformer + class-validator validation it replaced (kept here only, as `before`).
 * Both build the same envelope; rounds alternate the order; medians over rounds.
 * Usage: node -r @swc-node/register bench/create-event.ts   Tunables: BENCH_EVENTS (5000), BENCH_ROUNDS (7).
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  createEvent,
  EventDefinition,
  EventOrigin,
  findRawResidentId,
  flatten,
  PaymentIssuedV1,
  PaymentIssuedV1Payload,
} from '@civic/contracts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** createEvent as it was before the compiled schema: class-validator on every payload. */
function createEventBefore<T extends object>(def: EventDefinition<T>, data: T, origin: EventOrigin) {
  const errors = validateSync(plainToInstance(def.payload, data) as object, {
    forbidUnknownValues: false,
    whitelist: false,
  });
  if (errors.length) throw new Error(`invalid ${def.type} v${def.version} payload: ${flatten(errors)[0].field}`);
  if (findRawResidentId(data) !== undefined) throw new Error('raw resident ID');
  return envelopeOf(def, data, origin);
}

// createEvent's envelope building, copied so that `before` pays for class-validator only and not
// for the compiled schema as well.
function envelopeOf<T extends object>(def: EventDefinition<T>, data: T, origin: EventOrigin) {
  return {
    specversion: '1.0',
    id: origin.id ?? crypto.randomUUID(),
    source: origin.source,
    type: def.type,
    time: (origin.time ?? new Date()).toISOString(),
    subject: (data as Record<string, unknown>)[def.subjectField as string],
    datacontenttype: 'application/json',
    dataversion: def.version,
    correlationid: origin.correlationId ?? crypto.randomUUID(),
    data,
  };
}

const payloads: PaymentIssuedV1Payload[] = Array.from({ length: EVENTS }, (_, i) => ({
  ...PaymentIssuedV1.example,
  paymentId: `pay-${i}`,
  caseId: `case-${String(i).padStart(8, '0')}`,
  personRef: `bench:a${String(i).padStart(43, '0')}`,
  amountFen: 60000 + i,
})) as PaymentIssuedV1Payload[];
const origin: EventOrigin = { source: '/civic/social-assistance', time: new Date(), correlationId: 'bench-run' };

function timeIt(make: (data: PaymentIssuedV1Payload) => unknown): number {
  const start = process.hrtime.bigint();
  for (const p of payloads) make(p);
  return Number(process.hrtime.bigint() - start) / 1e3 / EVENTS;
}

const variants = {
  before: (p: PaymentIssuedV1Payload) => createEventBefore(PaymentIssuedV1, p, origin),
  after: (p: PaymentIssuedV1Payload) => createEvent(PaymentIssuedV1, p, origin),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// warm-up: JIT and the lazily compiled validator
for (const make of Object.values(variants)) timeIt(make);
const results: Record<keyof typeof variants, number[]> = { before: [], after: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = (r % 2 === 0 ? ['before', 'after'] : ['after', 'before']) as (keyof typeof variants)[];
  for (const name of order) results[name].push(timeIt(variants[name]));
  console.log(
    `round ${r + 1}/${ROUNDS}: before ${results.before[r].toFixed(1)} µs/event, after ${results.after[r].toFixed(1)} µs/event`,
  );
}
const before = median(results.before);
const after = median(results.after);
console.log(`\n${EVENTS} assistance.payment.issued events x ${ROUNDS} rounds, medians:`);
console.log(`before (class-transformer + class-validator): ${before.toFixed(1)} µs/event`);
console.log(
  `after (compiled JSON Schema, ajv):            ${after.toFixed(1)} µs/event  (${(before / after).toFixed(1)}x faster)`,
);
