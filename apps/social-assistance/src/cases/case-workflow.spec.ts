import { loadParameters } from '@civic/policy-params';
import {
  Actor,
  CaseCommand,
  CaseState,
  CaseStatus,
  CommandType,
  findingsDateErrors,
  IllegalTransition,
  isPaperworkOverdue,
  newCase,
  transition,
} from './case-workflow';
import { DutyConflict } from './duty-separation';

const params = loadParameters();

const caseworker: Actor = { userId: 'cw-1', roles: ['caseworker'] };
const reviewer: Actor = { userId: 'rv-1', roles: ['reviewer'] };
const approver: Actor = { userId: 'ap-1', roles: ['approver'] };
const disburser: Actor = { userId: 'db-1', roles: ['disburser'] };
const allRoles = (userId: string): Actor => ({
  userId,
  roles: ['caseworker', 'reviewer', 'approver', 'disburser', 'viewer'],
});

const findings = { homeVisitOn: '2025-03-02', financialCheckOn: '2025-03-02', summary: 'income and assets verified' };

const sample: Record<CommandType, CaseCommand> = {
  accept: { type: 'accept' },
  'start-investigation': { type: 'start-investigation' },
  'record-findings': { type: 'record-findings', findings },
  review: { type: 'review', reason: 'income below the standard' },
  publicise: { type: 'publicise' },
  'record-objection': { type: 'record-objection', objectionId: 'obj-1', text: 'neighbour reports a second income' },
  'resolve-objection': {
    type: 'resolve-objection',
    objectionId: 'obj-1',
    resolution: 'checked: casual work ended in 2024',
  },
  approve: { type: 'approve', reason: 'meets the dibao conditions' },
  reject: { type: 'reject', reason: 'income above the standard' },
  activate: { type: 'activate' },
  suspend: { type: 'suspend', reason: 'death reported by the data hub' },
  reinstate: { type: 'reinstate', reason: 'death record revoked' },
  terminate: { type: 'terminate', reason: 'moved out of the city' },
  'reverse-death-termination': {
    type: 'reverse-death-termination',
    reason: 'death record revoked',
    deathEventId: 'ev-death-1',
  },
  'pay-emergency': { type: 'pay-emergency', reason: 'house fire' },
  'complete-paperwork': { type: 'complete-paperwork' },
};

function step(state: CaseState, command: CaseCommand, actor: Actor, at: string): CaseState {
  const result = transition(state, command, actor, at, params);
  if (!result.ok) throw new Error(`${command.type} from ${state.status} failed: ${JSON.stringify(result.error)}`);
  return result.state;
}

// Builds a case in each state along the normal path (publicity 2025-03-04 + 7 days → 2025-03-11).
function caseIn(status: CaseStatus): CaseState {
  if (status === 'active-emergency')
    return step(newCase('c-tmp', 'temporary'), sample['pay-emergency'], disburser, '2025-03-01T10:00:00+08:00');
  let s = newCase('c-1', 'dibao');
  const path: Array<[CaseStatus, CaseCommand, Actor, string]> = [
    // [state reached, command, actor, at]
    ['accepted', sample.accept, caseworker, '2025-03-01T09:00:00+08:00'],
    ['investigating', sample['start-investigation'], caseworker, '2025-03-01T10:00:00+08:00'],
    ['investigating', sample['record-findings'], caseworker, '2025-03-02T16:00:00+08:00'],
    ['reviewed', sample.review, reviewer, '2025-03-03T10:00:00+08:00'],
    ['publicised', sample.publicise, caseworker, '2025-03-04T08:00:00+08:00'],
    ['approved', sample.approve, approver, '2025-03-11T09:00:00+08:00'],
    ['active', sample.activate, disburser, '2025-03-12T09:00:00+08:00'],
    ['suspended', sample.suspend, caseworker, '2025-05-02T09:00:00+08:00'],
    ['terminated', sample.terminate, caseworker, '2025-06-01T09:00:00+08:00'],
  ];
  if (status === 'applied') return s;
  if (status === 'rejected') {
    for (const [, c, a, at] of path.slice(0, 3)) s = step(s, c, a, at);
    return step(s, sample.reject, reviewer, '2025-03-03T10:00:00+08:00');
  }
  for (const [, c, a, at] of path) {
    s = step(s, c, a, at);
    if (s.status === status) return s;
  }
  throw new Error(`no path to ${status}`);
}

// The commands each state accepts (independent of the implementation's table).
const LEGAL: Record<CaseStatus, CommandType[]> = {
  applied: ['accept', 'pay-emergency'],
  accepted: ['start-investigation'],
  investigating: ['record-findings', 'review', 'reject'],
  reviewed: ['publicise'],
  publicised: ['record-objection', 'resolve-objection', 'approve', 'reject'],
  approved: ['activate'],
  rejected: [],
  active: ['suspend', 'terminate'],
  suspended: ['reinstate', 'terminate'],
  terminated: [],
  'active-emergency': ['complete-paperwork', 'terminate'],
};

const illegal = (Object.keys(LEGAL) as CaseStatus[]).flatMap((state) =>
  (Object.keys(sample) as CommandType[])
    .filter((c) => !LEGAL[state].includes(c))
    .map((command) => ({ state, command })),
);

describe('case workflow', () => {
  it.each(Object.keys(LEGAL) as CaseStatus[])('reaches state %s along the normal path', (status) => {
    expect(caseIn(status).status).toBe(status);
  });

  it.each(illegal)('refuses $command in state $state with IllegalTransition naming the state', ({ state, command }) => {
    const result = transition(caseIn(state), sample[command], allRoles('boss'), '2025-07-01T10:00:00+08:00', params);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(IllegalTransition);
    expect(result.error).toMatchObject({ currentState: state, attempted: command });
  });

  it('records who decided, as which duty, when and why', () => {
    const result = transition(caseIn('reviewed'), sample.publicise, caseworker, '2025-03-04T08:00:00+08:00', params);
    expect(result.ok && result.decision).toEqual({
      command: sample.publicise,
      from: 'reviewed',
      to: 'publicised',
      who: 'cw-1',
      duty: 'intake',
      when: '2025-03-04T08:00:00+08:00',
      why: 'publicise',
    });
    const approved = caseIn('approved');
    expect(approved.decisions.map((d) => [d.who, d.duty, d.to])).toEqual([
      ['cw-1', 'intake', 'accepted'],
      ['cw-1', 'intake', 'investigating'],
      ['cw-1', 'intake', 'investigating'],
      ['rv-1', 'review', 'reviewed'],
      ['cw-1', 'intake', 'publicised'],
      ['ap-1', 'approval', 'approved'],
    ]);
    expect(approved.decisions.at(-1)?.why).toBe('meets the dibao conditions');
  });

  it('refuses review until the findings are recorded', () => {
    let s = step(newCase('c-2', 'dibao'), sample.accept, caseworker, '2025-03-01T09:00:00+08:00');
    s = step(s, sample['start-investigation'], caseworker, '2025-03-01T10:00:00+08:00');
    const result = transition(s, sample.review, reviewer, '2025-03-03T10:00:00+08:00', params);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'illegal-transition', currentState: 'investigating', attempted: 'review' },
    });
  });

  describe('findings dates', () => {
    const f = (homeVisitOn: string, financialCheckOn: string) => ({ homeVisitOn, financialCheckOn, summary: 's' });

    it('accepts the application day through today, and nothing outside it', () => {
      expect(findingsDateErrors(f('2025-03-01', '2025-03-05'), '2025-03-01', '2025-03-05')).toEqual([]);
      expect(findingsDateErrors(f('2025-02-28', '2025-03-06'), '2025-03-01', '2025-03-05')).toEqual([
        expect.objectContaining({ field: 'homeVisitOn', rule: 'not-before-application' }),
        expect.objectContaining({ field: 'financialCheckOn', rule: 'not-in-future' }),
      ]);
    });
  });

  describe('public notice (公示)', () => {
    it('starts on the day it is published (the decision instant in Shanghai), whatever the client says', () => {
      const s = caseIn('reviewed');
      const late = step(
        s,
        { type: 'publicise', startsOn: '2020-01-01' } as CaseCommand,
        caseworker,
        '2025-03-04T17:00:00Z',
      );
      expect(late.publicity).toMatchObject({ startsOn: '2025-03-05', endsOn: '2025-03-12' });
    });

    it('ends publicity.days after it starts (7 days: 2025-03-04 → 2025-03-11)', () => {
      expect(params.valueAt('assistance.publicity.days', '2025-03-04').value).toBe(7);
      expect(caseIn('publicised').publicity).toEqual({ startsOn: '2025-03-04', endsOn: '2025-03-11', objections: [] });
    });

    it.each([
      { at: '2025-03-10T23:59:00+08:00', ok: false, note: 'the day before the notice ends' },
      {
        at: '2025-03-10T16:30:00Z',
        ok: true,
        note: 'the day the notice ends in Shanghai (00:30 on 11 March), still 10 March in UTC',
      },
      { at: '2025-03-11T00:00:00+08:00', ok: true, note: 'the day the notice ends' },
    ])('approval at $at: allowed=$ok ($note)', ({ at, ok }) => {
      const result = transition(caseIn('publicised'), sample.approve, approver, at, params);
      expect(result.ok).toBe(ok);
      if (!result.ok)
        expect(result.error).toMatchObject({
          currentState: 'publicised',
          attempted: 'approve',
          reason: 'public notice runs until 2025-03-11',
        });
    });

    it('blocks approval while an objection is open and allows it once resolved', () => {
      let s = step(caseIn('publicised'), sample['record-objection'], caseworker, '2025-03-05T10:00:00+08:00');
      expect(s.publicity?.objections).toEqual([
        { objectionId: 'obj-1', text: 'neighbour reports a second income', recordedOn: '2025-03-05', resolution: null },
      ]);
      const blocked = transition(s, sample.approve, approver, '2025-03-12T09:00:00+08:00', params);
      expect(blocked).toMatchObject({
        ok: false,
        error: { kind: 'illegal-transition', reason: 'public notice has unresolved objections' },
      });
      s = step(s, sample['resolve-objection'], caseworker, '2025-03-06T10:00:00+08:00');
      expect(step(s, sample.approve, approver, '2025-03-12T09:00:00+08:00').status).toBe('approved');
    });

    it('refuses to resolve an objection that is not open', () => {
      const result = transition(
        caseIn('publicised'),
        sample['resolve-objection'],
        caseworker,
        '2025-03-06T10:00:00+08:00',
        params,
      );
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'illegal-transition', currentState: 'publicised', attempted: 'resolve-objection' },
      });
    });
  });

  it('sets re-verification due reverification.interval_months after approval (12 months)', () => {
    expect(params.valueAt('assistance.reverification.interval_months', '2025-03-11').value).toBe(12);
    expect(caseIn('approved')).toMatchObject({ approvedOn: '2025-03-11', reverificationDueOn: '2026-03-11' });
  });

  it('suspends and reinstates an active case, then terminates it', () => {
    const suspended = caseIn('suspended');
    expect(suspended.suspendedOn).toBe('2025-05-02');
    const reinstated = step(suspended, sample.reinstate, caseworker, '2025-06-10T09:00:00+08:00');
    expect(reinstated).toMatchObject({ status: 'active', suspendedOn: null });
    expect(step(reinstated, sample.terminate, caseworker, '2025-07-01T09:00:00+08:00').status).toBe('terminated');
  });

  describe('a termination caused by a death record', () => {
    const byDeath = (eventId: string) =>
      step(
        caseIn('suspended'),
        { type: 'terminate', reason: 'formal death record', deathEventId: eventId },
        caseworker,
        '2025-06-01T09:00:00+08:00',
      );

    it("is reversed by that record's revocation: active again, the stop cleared", () => {
      const s = byDeath('ev-death-1');
      expect(s.terminatedByDeath).toEqual({ eventId: 'ev-death-1', on: '2025-06-01' });
      const back = step(s, sample['reverse-death-termination'], caseworker, '2025-06-20T09:00:00+08:00');
      expect(back).toMatchObject({ status: 'active', suspendedOn: null, terminatedByDeath: null });
      expect(back.decisions.at(-1)).toMatchObject({ from: 'terminated', to: 'active', duty: 'case-management' });
    });

    it.each([
      { case: 'terminated for another reason', state: () => caseIn('terminated') },
      { case: 'terminated because of another death record', state: () => byDeath('ev-death-0') },
    ])('stays final when $case', ({ state }) => {
      const result = transition(
        state(),
        sample['reverse-death-termination'],
        caseworker,
        '2025-06-20T09:00:00+08:00',
        params,
      );
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'illegal-transition', currentState: 'terminated', attempted: 'reverse-death-termination' },
      });
    });
  });

  describe('emergency temporary assistance (先行救助)', () => {
    it('pays first and sets the paperwork due paperwork_deadline_days later (10 days)', () => {
      expect(params.valueAt('assistance.temporary.paperwork_deadline_days', '2025-03-01').value).toBe(10);
      expect(caseIn('active-emergency').emergency).toEqual({
        paidOn: '2025-03-01',
        paperworkDueOn: '2025-03-11',
        paperworkCompletedOn: null,
      });
    });

    it.each([
      { date: '2025-03-11', overdue: false },
      { date: '2025-03-12', overdue: true },
    ])('paperwork overdue on $date: $overdue', ({ date, overdue }) => {
      expect(isPaperworkOverdue(caseIn('active-emergency'), date)).toBe(overdue);
    });

    it('is no longer overdue once the paperwork is completed', () => {
      const done = step(
        caseIn('active-emergency'),
        sample['complete-paperwork'],
        reviewer,
        '2025-03-15T09:00:00+08:00',
      );
      expect(done).toMatchObject({ status: 'active', emergency: { paperworkCompletedOn: '2025-03-15' } });
      expect(isPaperworkOverdue(done, '2025-03-20')).toBe(false);
    });

    it('lets only temporary assistance pay before review', () => {
      const result = transition(
        newCase('c-3', 'dibao'),
        sample['pay-emergency'],
        disburser,
        '2025-03-01T10:00:00+08:00',
        params,
      );
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'illegal-transition', currentState: 'applied', attempted: 'pay-emergency' },
      });
    });

    it('does not let the one who paid complete the paperwork', () => {
      const result = transition(
        caseIn('active-emergency'),
        sample['complete-paperwork'],
        { userId: 'db-1', roles: ['disburser', 'reviewer'] },
        '2025-03-05T09:00:00+08:00',
        params,
      );
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(DutyConflict);
    });
  });

  describe('separation of duties (审核审批分离、审批和发放分离)', () => {
    it.each([
      {
        name: 'the reviewer approving',
        state: 'publicised' as const,
        command: sample.approve,
        actor: allRoles('rv-1'),
        at: '2025-03-12T09:00:00+08:00',
      },
      {
        name: 'the reviewer rejecting at approval',
        state: 'publicised' as const,
        command: sample.reject,
        actor: allRoles('rv-1'),
        at: '2025-03-12T09:00:00+08:00',
      },
      {
        name: 'the approver disbursing',
        state: 'approved' as const,
        command: sample.activate,
        actor: allRoles('ap-1'),
        at: '2025-03-12T09:00:00+08:00',
      },
      {
        name: 'the reviewer disbursing',
        state: 'approved' as const,
        command: sample.activate,
        actor: allRoles('rv-1'),
        at: '2025-03-12T09:00:00+08:00',
      },
    ])('refuses $name even when the user holds every role', ({ state, command, actor, at }) => {
      const result = transition(caseIn(state), command, actor, at, params);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(DutyConflict);
    });

    it('refuses a user without the role for the duty', () => {
      const result = transition(
        caseIn('publicised'),
        sample.approve,
        { userId: 'new-1', roles: ['reviewer', 'caseworker'] },
        '2025-03-12T09:00:00+08:00',
        params,
      );
      expect(result).toMatchObject({ ok: false, error: { kind: 'duty-conflict' } });
    });

    it('lets a third user holding every role approve', () => {
      expect(
        transition(caseIn('publicised'), sample.approve, allRoles('other'), '2025-03-12T09:00:00+08:00', params).ok,
      ).toBe(true);
    });
  });

  describe('redelivery', () => {
    it('treats an identical repeat of the last transition as a no-op', () => {
      const at = '2025-05-02T09:00:00+08:00';
      const once = caseIn('suspended');
      const again = transition(
        once,
        { reason: 'death reported by the data hub', type: 'suspend' },
        caseworker,
        at,
        params,
      );
      expect(again).toEqual({ ok: true, duplicate: true, state: once, decision: null });
    });

    it.each([
      { change: 'a later instant', command: sample.suspend, actor: caseworker, at: '2025-05-03T09:00:00+08:00' },
      {
        change: 'another actor',
        command: sample.suspend,
        actor: { userId: 'cw-2', roles: ['caseworker'] } as Actor,
        at: '2025-05-02T09:00:00+08:00',
      },
      {
        change: 'another reason',
        command: { type: 'suspend', reason: 'moved' } as CaseCommand,
        actor: caseworker,
        at: '2025-05-02T09:00:00+08:00',
      },
    ])('is still an illegal transition when the repeat differs by $change', ({ command, actor, at }) => {
      const result = transition(caseIn('suspended'), command, actor, at, params);
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'illegal-transition', currentState: 'suspended', attempted: 'suspend' },
      });
    });

    it('records a repeated self-transition with new content as a new decision', () => {
      const s = step(caseIn('publicised'), sample['record-objection'], caseworker, '2025-03-05T10:00:00+08:00');
      const second = transition(
        s,
        { type: 'record-objection', objectionId: 'obj-2', text: 'another' },
        caseworker,
        '2025-03-05T10:00:00+08:00',
        params,
      );
      expect(second.ok && !second.duplicate && second.state.publicity?.objections.length).toBe(2);
    });
  });
});
