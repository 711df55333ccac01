/** Every child-welfare duty that may read records (writes name their duty on the route). */
export const CHILD_WELFARE_READERS = [
  'child-welfare:viewer',
  'child-welfare:clerk',
  'child-welfare:reviewer',
  'child-welfare:approver',
  'child-welfare:supervisor',
] as const;
