import {
  ChildAllowanceGrantedV1,
  ChildAllowanceStoppedV1,
  createEvent,
  ProtectionReportEscalatedV1,
  ProtectionReportFiledV1,
} from '@civic/contracts';
import { CHILD_ALLOWANCE, projectEvent } from './project-event';

const source = { source: '/civic/child-welfare' };

// A child's allowance is a programme of its own beside the category: granted enrols it, stopped ends it
// (the category programme is the category events' business). Mandatory reports are facts of the child.
describe('child-welfare projection', () => {
  it('a granted allowance enrols the category and the allowance; a stopped one ends only the allowance', () => {
    const granted = projectEvent(createEvent(ChildAllowanceGrantedV1, ChildAllowanceGrantedV1.example, source));
    expect(granted.map((c) => c.kind === 'programme' && [c.programme, c.set.status])).toEqual([
      ['de-facto-unsupported', 'enrolled'],
      [CHILD_ALLOWANCE, 'enrolled'],
    ]);
    const stopped = projectEvent(
      createEvent(ChildAllowanceStoppedV1, { ...ChildAllowanceStoppedV1.example, reason: 'died' }, source),
    );
    expect(stopped).toEqual([
      {
        kind: 'programme',
        personRef: ChildAllowanceStoppedV1.example.personRef,
        department: 'child-welfare',
        programme: CHILD_ALLOWANCE,
        set: { status: 'ended', to: '2030-03-17' },
      },
    ]);
  });

  it('a filed report records the latest report and clears an earlier escalation; escalation records when', () => {
    const filed = projectEvent(createEvent(ProtectionReportFiledV1, ProtectionReportFiledV1.example, source));
    expect(filed).toEqual([
      {
        kind: 'person',
        personRef: ProtectionReportFiledV1.example.personRef,
        set: {
          protectionReportId: 'rep-2024-00019',
          protectionReportedAt: '2024-04-28T15:20:00+08:00',
          protectionReportConcern: 'neglect',
          protectionReportUrgency: 'emergency',
          protectionReportEscalatedAt: null,
        },
      },
    ]);
    const escalated = projectEvent(
      createEvent(ProtectionReportEscalatedV1, ProtectionReportEscalatedV1.example, source),
    );
    expect(escalated).toEqual([
      {
        kind: 'person',
        personRef: ProtectionReportEscalatedV1.example.personRef,
        set: { protectionReportId: 'rep-2024-00019', protectionReportEscalatedAt: '2024-04-28T17:21:05+08:00' },
      },
    ]);
  });
});
