import { PersonRefColumn, personRefFollower } from '@civic/operations';

/**
 * Governance's personRef columns (docs/adr/0018-person-ref-rekeying.md). Governance holds no ID
 * numbers: it follows the departments' re-keying events instead of re-keying itself.
 */
export const governanceRefColumns: PersonRefColumn[] = [
  // two open assignments of one department for one person under both keys: which worker stays is the station's decision
  {
    table: 'assignment',
    column: 'person_ref',
    unique: { clash: 'n.department = o.department AND n.ended_on IS NULL AND o.ended_on IS NULL', resolve: 'mark' },
  },
  { table: 'person_in_hardship', column: 'person_ref' },
  { table: 'visit_task', column: 'person_ref' },
  // a death recorded under both refs is one death: the new-key record stays
  { table: 'person_death', column: 'person_ref', unique: { clash: 'true', resolve: 'merge' } },
];

export const GovernanceRefFollower = personRefFollower(governanceRefColumns);
