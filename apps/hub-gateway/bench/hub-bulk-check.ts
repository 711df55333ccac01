/**
 * CPU per row of the bulk import's record check, the way it was (the check against stand-in refs,
 * then personRefs, then createEvent of the real payload: two contract checks) against the way it
 * is (checkRecord with RecordEvents: the real payload checked once by the createEvent that builds
 * its event), alternating four times in one process. CPU time, not wall time: the host is shared.
 * Usage: node -r @swc-node/register apps/hub-gateway/bench/hub-bulk-check.ts
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createEvent, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuditLog } from '@civic/platform';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { PersonIdentityService } from '../src/identity/person-identity.service';
import { EVENT_OF_RECORD_TYPE } from '../src/life-events/life-event-record';
import { LifeEventsService } from '../src/life-events/life-events.service';
import { residentIdNumberAt } from '@civic/testing';
const N = 20000;
const records = Array.from({ length: N }, (_, i) => ({
  recordId: `bill-${i}`,
  recordType: 'hospital-bill',
  idNumber: residentIdNumberAt(i),
  data: {
    billDate: '2024-05-01',
    totalFen: 100000,
    insurancePaidFen: 60000,
    selfPaidFen: 40000,
    inpatient: i % 3 === 0,
  },
}));
const config = Object.assign(new HubGatewayConfig(), {
  PERSON_REF_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
  ID_ENCRYPTION_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
});
const identities = new PersonIdentityService(config, new AuditLog());
const life = new LifeEventsService(identities, new Outbox());
const before = (i: number) => {
  const c = life.check(records[i]);
  if (!c.ok) throw new Error('invalid');
  const id = identities.identify(c.record.idNumber);
  const payload = { recordId: c.record.recordId, personRef: id.personRef, maskedId: id.maskedId, ...c.record.data };
  return createEvent(EVENT_OF_RECORD_TYPE['hospital-bill'], payload as never, {
    source: Sources.hub,
    correlationId: 'bulk:x',
    id: randomUUID(),
  });
};
const after = (i: number) => {
  const c = life.check(records[i], {
    identify: (n) => identities.identify(n),
    origin: () => ({ source: Sources.hub, correlationId: 'bulk:x', id: randomUUID() }),
  });
  if (!c.ok || !c.event) throw new Error('invalid');
  return c.event;
};
const cpu = (fn: (i: number) => unknown) => {
  const u = process.cpuUsage();
  for (let i = 0; i < N; i++) fn(i);
  const d = process.cpuUsage(u);
  return (d.user + d.system) / N;
};
for (let i = 0; i < 1000; i++) {
  before(i);
  after(i);
}
const a: number[] = [],
  b: number[] = [];
for (let r = 0; r < 4; r++) {
  a.push(cpu(before));
  b.push(cpu(after));
}
console.log(
  'check + identify + createEvent (two contract checks):',
  a.map((x) => x.toFixed(1)).join(' '),
  'µs CPU/row',
);
console.log(
  'check with RecordEvents (one contract check)        :',
  b.map((x) => x.toFixed(1)).join(' '),
  'µs CPU/row',
);
