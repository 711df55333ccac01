import { Role } from '@civic/platform';

/** Every charity duty may read the department's records; writes name their duty on the route. */
export const CHARITY_READERS: Role[] = [
  'charity:viewer',
  'charity:clerk',
  'charity:reviewer',
  'charity:approver',
  'charity:disburser',
  'charity:supervisor',
];
