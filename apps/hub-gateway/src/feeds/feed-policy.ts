import { Department, departmentOf } from '@civic/contracts';
import { Role } from '@civic/platform';

/** Event types the gateway offers as thin feeds: person-centred facts of the hub and the departments it consumes. */
export const FEED_EVENT_TYPES = [
  'hub.person.death-recorded',
  'hub.person.birth-registered',
  'hub.person.disability-certified',
  'hub.person.hospital-bill-settled',
  'hub.person.unemployment-registered',
  'hub.person.hukou-moved',
  'hub.person.imprisoned',
  'hub.person.released',
  'hub.person.absence-recorded',
  'hub.person.absence-ended',
  'hub.person.school-enrolled',
  'assistance.case.approved',
  'assistance.case.suspended',
  'assistance.case.terminated',
  'assistance.case.reinstated',
  'eldercare.elder.allowance-granted',
  'child-welfare.child.allowance-granted',
] as const;

/**
 * Which departments' events a role may receive (data minimisation: an agency sees its own
 * department's facts plus the hub's life events; the data hub sees what the bureau knows, not its
 * own records echoed back; the policy engine sees all). Roles not listed receive nothing.
 */
export const FEED_ACCESS: Partial<Record<Role, readonly Department[]>> = {
  'hub:hub-integration': ['assistance', 'eldercare', 'child-welfare'],
  'assistance:viewer': ['assistance', 'hub'],
  'eldercare:viewer': ['eldercare', 'hub'],
  'child-welfare:viewer': ['child-welfare', 'hub'],
  'policy:viewer': ['assistance', 'eldercare', 'child-welfare', 'hub'],
};

/** Roles that may subscribe at all. */
export const FEED_ROLES = Object.keys(FEED_ACCESS) as Role[];

/** The departments the roles together allow. */
export function allowedDepartments(roles: readonly string[]): Set<Department> {
  return new Set(roles.flatMap((r) => FEED_ACCESS[r as Role] ?? []));
}

/** True when the roles allow receiving (and fetching) events of this type. */
export function mayReceive(roles: readonly string[], eventType: string): boolean {
  return (
    (FEED_EVENT_TYPES as readonly string[]).includes(eventType) &&
    allowedDepartments(roles).has(departmentOf(eventType))
  );
}
