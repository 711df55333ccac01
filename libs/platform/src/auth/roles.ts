/** Departments a role can belong to (docs/architecture.md "Shape"). */
export const DEPARTMENTS = [
  'assistance',
  'eldercare',
  'child-welfare',
  'charity',
  'governance',
  'policy',
  'hub',
] as const;
/** Duties within a department (docs/architecture.md "Interfaces"). */
export const DUTIES = [
  'viewer',
  'clerk',
  'reviewer',
  'approver',
  'disburser',
  'supervisor',
  'hub-integration',
  // a service reading another department's reference data over REST (governance:reference-reader)
  'reference-reader',
  'admin',
] as const;

export type Department = (typeof DEPARTMENTS)[number];
export type Duty = (typeof DUTIES)[number];
/** A role claim: `<department>:<duty>`, e.g. `assistance:reviewer`. */
export type Role = `${Department}:${Duty}`;

const departments = new Set<string>(DEPARTMENTS);
const duties = new Set<string>(DUTIES);

/** True when the string is a well-formed role of a known department and duty. */
export function isRole(value: unknown): value is Role {
  if (typeof value !== 'string') return false;
  const [department, duty, ...rest] = value.split(':');
  return rest.length === 0 && departments.has(department) && duties.has(duty);
}

/**
 * True when the user holds at least one of the required roles (any-of), or none is required.
 * Matching is exact: no duty implies another, so separation of duties is never widened here.
 */
export function hasAnyRole(userRoles: readonly string[], required: readonly Role[]): boolean {
  return required.length === 0 || required.some((r) => userRoles.includes(r));
}
