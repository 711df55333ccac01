import { createEvent, ElderAllowanceGrantedV1, ElderAllowanceStoppedV1 } from '@civic/contracts';
import { projectEvent } from './project-event';

// An eldercare grant enrols the person in the programme; its stop (death, band change) ends it, so a
// stopped allowance no longer counts as enrolled for the rules.
describe('eldercare allowance projection', () => {
  it('a granted allowance enrols, a stopped one ends the programme', () => {
    const granted = projectEvent(
      createEvent(ElderAllowanceGrantedV1, ElderAllowanceGrantedV1.example, { source: '/civic/eldercare' }),
    );
    const stopped = projectEvent(
      createEvent(ElderAllowanceStoppedV1, ElderAllowanceStoppedV1.example, { source: '/civic/eldercare' }),
    );
    expect(granted).toEqual([
      expect.objectContaining({ kind: 'programme', department: 'eldercare', programme: 'care-subsidy' }),
    ]);
    expect(stopped).toEqual([
      {
        kind: 'programme',
        personRef: ElderAllowanceStoppedV1.example.personRef,
        department: 'eldercare',
        programme: 'high-age',
        set: { status: 'ended', to: '2024-09-30' },
      },
    ]);
  });
});
