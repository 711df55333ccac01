import {
  createEvent,
  ElderAllowanceGrantedV1,
  ElderAllowanceStoppedV1,
  ElderSituationChangedV1,
} from '@civic/contracts';
import { projectEvent } from './project-event';

// An eldercare grant enrols the person in the programme; its stop (death, band change) ends it, so a
// stopped allowance no longer counts as enrolled for the rules.
describe('eldercare projection', () => {
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

  it('a changed living situation replaces the one registered, with the visit flag', () => {
    const changed = projectEvent(
      createEvent(ElderSituationChangedV1, ElderSituationChangedV1.example, { source: '/civic/eldercare' }),
    );
    expect(changed).toEqual([
      {
        kind: 'person',
        personRef: ElderSituationChangedV1.example.personRef,
        set: { livingSituation: ['alone'], monthlyVisitRequired: true },
      },
    ]);
  });
});
