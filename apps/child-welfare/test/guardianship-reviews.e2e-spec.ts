import { addDays, addMonths } from '@civic/calendar';
import { EventEnvelope } from '@civic/contracts';
import { loadParameters } from '@civic/policy-params';
import { awaitEvent, withClient } from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(120_000);

/**
 * Guardianship reviews over HTTP with the real database and broker: the outcome with its date and reviewer,
 * the next review due from the dated interval in force on the review date, the arrangement following the
 * outcome, events through the outbox; bad input is a 400 naming the field and rule with nothing stored.
 */
describe('guardianship reviews', () => {
  let t: ChildWelfareApp;
  let clerk: string;
  let reviewer: string;
  let seq = 900;
  const sql = <R = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const nextId = (birthDate: string) => residentId(birthDate, (seq += 1));
  const interval = (date: string) => loadParameters().countAt('child.guardianship.review_interval_months', date);
  const review = (childId: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/v1/children/${childId}/guardianship-reviews`, reviewer, body);
  const stored = async () => ({
    reviews: (await sql(`SELECT count(*)::int AS n FROM guardianship_review`))[0].n,
    changes: (await sql(`SELECT count(*)::int AS n FROM guardianship_change`))[0].n,
    events: (
      await sql(
        `SELECT count(*)::int AS n FROM outbox_message WHERE event_type IN ('child-welfare.child.guardianship-reviewed', 'child-welfare.child.guardianship-changed')`,
      )
    )[0].n,
  });
  const register = async () => {
    const res = await t.call('POST', '/api/v1/children', clerk, {
      idNumber: nextId('2014-02-02'),
      town: TOWN,
      village: VILLAGE,
      mother: { idNumber: nextId('1986-04-04'), situations: ['dead'] },
      father: { idNumber: nextId('1984-04-04'), situations: ['imprisoned'] },
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  let child: Record<string, any>;
  let arrangedOn: string;

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_guard_review');
    clerk = await t.token('clerk', ['child-welfare:clerk']);
    reviewer = await t.token('reviewer', ['child-welfare:reviewer']);
    child = await register();
    arrangedOn = await t.today();
    const arranged = await t.call('POST', `/api/v1/children/${child.childId}/guardianship`, clerk, {
      guardianship: 'relative',
      guardian: { idNumber: nextId('1960-01-01') },
      reason: 'The grandmother takes the child in.',
    });
    expect(arranged.status).toBe(200);
    await t.moveClock({ advanceDays: 20 });
  });
  afterAll(() => t?.close());

  it.each([
    ['outcome', 'isIn', { outcome: 'fine' }],
    ['reviewedOn', 'isCalendarDate', { reviewedOn: '2026-13-01' }],
    ['reviewedOn', 'isString', { reviewedOn: undefined }],
    ['note', 'isString', { note: undefined }],
    ['reviewedOn', 'not-in-future', { reviewedOn: 'tomorrow' }],
    ['reviewedOn', 'not-before-arrangement', { reviewedOn: 'before-arrangement' }],
    ['guardianship', 'only-with-change-guardian', { guardianship: 'long-term-state' }],
    ['guardian', 'only-with-change-guardian', { guardian: { idNumber: residentId('1961-01-01', 990) } }],
    ['guardianship', 'required', { outcome: 'change-guardian' }],
    ['guardian', 'not-the-child', { outcome: 'change-guardian', guardianship: 'relative', guardian: 'the-child' }],
    ['guardian', 'required', { outcome: 'change-guardian', guardianship: 'relative' }],
    ['guardian', 'absent-for-state', { outcome: 'change-guardian', guardianship: 'long-term-state', guardian: 'new' }],
  ])('refuses a review with a bad %s (%s): 400 naming it, nothing stored or published', async (field, rule, patch) => {
    const today = await t.today();
    const before = await stored();
    const dates: Record<string, string> = {
      tomorrow: addDays(today, 1),
      'before-arrangement': addDays(arrangedOn, -1),
    };
    const guardians: Record<string, unknown> = {
      'the-child': { personRef: child.personRef },
      new: { idNumber: residentId('1962-02-02', 991) },
    };
    const body: Record<string, unknown> = {
      outcome: 'guardian-fit',
      reviewedOn: today,
      note: 'Visited at home.',
      ...patch,
    };
    if (typeof body.reviewedOn === 'string' && dates[body.reviewedOn]) body.reviewedOn = dates[body.reviewedOn];
    if (typeof body.guardian === 'string') body.guardian = guardians[body.guardian];
    const res = await review(child.childId, body);
    expect(res.status).toBe(400);
    // every error names the field; a missing value may break several of its rules at once
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await stored()).toEqual(before);
    expect((await t.call('GET', `/api/v1/children/${child.childId}`, clerk)).body.guardianship).toBe('relative');
  });

  it('refuses a review of a child with no arrangement under review (409), nothing stored', async () => {
    const other = await register();
    const before = await stored();
    const res = await review(other.childId, { outcome: 'guardian-fit', reviewedOn: await t.today(), note: 'n/a' });
    expect(res.status).toBe(409);
    expect(await stored()).toEqual(before);
  });

  it('records fit, unfit (temporary guardianship by the bureau) and a change of guardian, each with the next review from the dated interval', async () => {
    const today = await t.today();
    const fitOn = addDays(today, -2);
    const fit = await review(child.childId, { outcome: 'guardian-fit', reviewedOn: fitOn, note: 'Visited at home.' });
    expect(fit.status).toBe(201);
    expect(fit.body).toMatchObject({
      outcome: 'guardian-fit',
      reviewedOn: fitOn,
      reviewedBy: 'reviewer',
      guardianship: 'relative',
      nextReviewDue: addMonths(fitOn, interval(fitOn)),
    });
    expect(fit.body.guardianPersonRef).toEqual(expect.any(String));
    expect((await t.call('GET', `/api/v1/children/${child.childId}`, clerk)).body).toMatchObject({
      guardianship: 'relative',
      guardianshipReviewDue: addMonths(fitOn, interval(fitOn)),
    });
    const event = await awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<{ reviewId: string }>;
      return e.type === 'child-welfare.child.guardianship-reviewed' && e.data.reviewId === fit.body.reviewId;
    });
    expect((event.json as EventEnvelope).source).toBe('/civic/child-welfare');
    expect(JSON.stringify(event.json)).not.toContain('Visited at home');

    // a review dated before the last one is refused
    const stale = await review(child.childId, {
      outcome: 'guardian-fit',
      reviewedOn: addDays(fitOn, -1),
      note: 'late entry',
    });
    expect(stale.status).toBe(400);
    expect(stale.body.errors).toEqual([
      expect.objectContaining({ field: 'reviewedOn', rule: 'not-before-last-review' }),
    ]);

    const unfit = await review(child.childId, { outcome: 'guardian-unfit', reviewedOn: today, note: 'Neglect found.' });
    expect(unfit.status).toBe(201);
    expect(unfit.body).toMatchObject({
      guardianship: 'temporary-state',
      guardianPersonRef: null,
      nextReviewDue: addMonths(today, interval(today)),
    });
    await awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<{ childId: string; guardianship: string; effectiveFrom: string }>;
      return (
        e.type === 'child-welfare.child.guardianship-changed' &&
        e.data.childId === child.childId &&
        e.data.guardianship === 'temporary-state' &&
        e.data.effectiveFrom === today
      );
    });
    // the bureau as guardian is not "unfit"
    const again = await review(child.childId, { outcome: 'guardian-unfit', reviewedOn: today, note: 'x' });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'outcome', rule: 'person-guardian-only' })]);

    const changed = await review(child.childId, {
      outcome: 'change-guardian',
      reviewedOn: today,
      guardianship: 'relative',
      guardian: { idNumber: nextId('1975-05-05') },
      note: 'An aunt is assessed fit.',
    });
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ guardianship: 'relative', guardianPersonRef: expect.any(String) });
    expect(changed.body.guardianPersonRef).not.toBe(fit.body.guardianPersonRef);

    const list = (await t.call('GET', `/api/v1/children/${child.childId}/guardianship-reviews`, clerk)).body;
    expect(list.map((r: { outcome: string }) => r.outcome)).toEqual([
      'guardian-fit',
      'guardian-unfit',
      'change-guardian',
    ]);
    const audit = await sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND action = 'guardianship.review'`,
      [child.childId],
    );
    expect(audit).toHaveLength(3);
  });
});
