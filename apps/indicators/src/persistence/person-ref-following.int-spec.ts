import { AlertRaisedV1, CaseApprovedV1, createEvent, producerOf } from '@civic/contracts';

import { rekeyedEventTypes } from '@civic/operations';
import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { computeIndicators } from '../compute/compute-indicators';
import { livingSubsidyCoverage } from '../compute/disability-coverage.indicators';
import { TOWN_A } from '../compute/fact-builders';
import { indicatorParameters } from '../compute/indicator-parameters';
import { FactsService } from '../facts/facts.service';
import { IndicatorsRefFollower } from './person-ref-following';
import { INDICATORS_MIGRATIONS } from '../indicators.migrations';

// Indicators keep facts as received and follow every department's re-keying
// (docs/adr/0018-person-ref-rekeying.md): a person with facts under both refs counts once.
describe('indicators following personRef re-keying', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const OLD = `k1:${Buffer.from('person-p1-old-0123456789abcdef').toString('base64url')}`;
  const NEW = `k2:${Buffer.from('person-p1-new-0123456789abcdef').toString('base64url')}`;

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('ind_rekey', INDICATORS_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('counts a person with facts under the old and the new ref once, and keeps the facts as received', async () => {
    const facts = new FactsService(ds);
    const consume = (event: Parameters<FactsService['record']>[1]) => ds.transaction((m) => facts.record(m, event));
    // the engine found the person under k1, before the rotation
    await consume(
      createEvent(
        AlertRaisedV1,
        {
          alertId: 'alert-1',
          personRef: OLD,
          ruleId: 'disability-living-subsidy',
          ruleVersion: 1,
          department: 'assistance',
          town: TOWN_A,
          priority: 'normal',
          dueDate: '2026-03-01',
          summary: 'Disabled member of a dibao household.',
          explanation: { date: '2026-03-01', facts: [{ name: 'member.disabilityLevel', value: 2 }], parameters: [] },
        },
        { source: producerOf(AlertRaisedV1), time: new Date('2026-03-01T08:00:00Z') },
      ),
    );
    // social assistance re-keyed, then enrolled the person under k2
    const follower = new IndicatorsRefFollower() as {
      onRekeyed(event: unknown, ctx: { manager: DataSource['manager'] }): Promise<void>;
    };
    expect(rekeyedEventTypes()).toContain('assistance.person.ref-rekeyed');
    const rekeyed = { type: 'assistance.person.ref-rekeyed', data: { oldRef: OLD, newRef: NEW, keyId: 'k2' } };
    await ds.transaction((manager) => follower.onRekeyed(rekeyed, { manager }));
    await consume(
      createEvent(
        CaseApprovedV1,
        {
          caseId: 'case-1',
          householdId: 'hh-1',
          personRef: NEW,
          programme: 'disability-living-subsidy' as const,
          town: TOWN_A,
          approvedOn: '2026-03-10',
          actor: { userId: 'u-approver', duty: 'approver' as const },
          monthlyAmountFen: 17500,
          effectiveFrom: '2026-03-10',
        },
        { source: producerOf(CaseApprovedV1), time: new Date('2026-03-10T08:00:00Z') },
      ),
    );

    const date = '2026-03-15';
    const [coverage] = computeIndicators([livingSubsidyCoverage], await facts.upTo(date), indicatorParameters(), date, {
      evidenceLimit: 100,
    });
    // one person, found and enrolled: covered (under two refs it would be 1 of 2)
    expect(coverage).toMatchObject({ value: '1.0000', status: 'met', eventCount: 1 });
    // stored as received: the alert's fact still names the ref it came with
    expect(await ds.query(`SELECT data->>'personRef' AS ref FROM indicator_fact ORDER BY seq`)).toEqual([
      { ref: OLD },
      { ref: NEW },
    ]);
  });
});
