import { checkDutySeparation, Duty, DutyConflict } from './duty-separation';

const history = (...entries: Array<[string, Duty]>) => entries.map(([who, duty]) => ({ who, duty }));

describe('checkDutySeparation', () => {
  it.each<{ name: string; decisions: Array<{ who: string; duty: Duty }>; user: string; duty: Duty; conflict: boolean }>(
    [
      {
        name: 'the reviewer may not approve',
        decisions: history(['u1', 'review']),
        user: 'u1',
        duty: 'approval',
        conflict: true,
      },
      {
        name: 'the approver may not disburse',
        decisions: history(['u1', 'review'], ['u2', 'approval']),
        user: 'u2',
        duty: 'disbursement',
        conflict: true,
      },
      {
        name: 'the reviewer may not disburse',
        decisions: history(['u1', 'review'], ['u2', 'approval']),
        user: 'u1',
        duty: 'disbursement',
        conflict: true,
      },
      {
        name: 'the disburser may not review (emergency paid first, paperwork later)',
        decisions: history(['u3', 'disbursement']),
        user: 'u3',
        duty: 'review',
        conflict: true,
      },
      {
        name: 'the approver may not review',
        decisions: history(['u2', 'approval']),
        user: 'u2',
        duty: 'review',
        conflict: true,
      },
      {
        name: 'a different user may approve',
        decisions: history(['u1', 'review']),
        user: 'u2',
        duty: 'approval',
        conflict: false,
      },
      {
        name: 'the same duty may be repeated by the same user',
        decisions: history(['u1', 'review']),
        user: 'u1',
        duty: 'review',
        conflict: false,
      },
      {
        name: 'the intake worker may review',
        decisions: history(['u1', 'intake']),
        user: 'u1',
        duty: 'review',
        conflict: false,
      },
      {
        name: 'the reviewer may do intake work',
        decisions: history(['u1', 'review']),
        user: 'u1',
        duty: 'intake',
        conflict: false,
      },
      {
        name: 'the approver may later suspend (case management is not separated)',
        decisions: history(['u2', 'approval']),
        user: 'u2',
        duty: 'case-management',
        conflict: false,
      },
      {
        name: 'a conflict far back in the history still counts',
        decisions: history(['u1', 'review'], ['u9', 'intake'], ['u9', 'intake'], ['u2', 'approval']),
        user: 'u1',
        duty: 'disbursement',
        conflict: true,
      },
      { name: 'an empty history allows anything', decisions: [], user: 'u1', duty: 'approval', conflict: false },
    ],
  )('$name', ({ decisions, user, duty, conflict }) => {
    const result = checkDutySeparation(decisions, user, duty);
    if (conflict) {
      expect(result).toBeInstanceOf(DutyConflict);
      expect(result?.reason).toContain(user);
    } else {
      expect(result).toBeNull();
    }
  });
});
