import { ALERT_DEPARTMENTS } from '@civic/contracts';
import { AuthenticatedUser, inUserArea, Role } from '@civic/platform';

type AlertDepartment = (typeof ALERT_DEPARTMENTS)[number];

/** Who may read alerts: each department's staff for its own alerts; policy staff for all. */
export const ALERT_READ_ROLES: Role[] = [
  ...ALERT_DEPARTMENTS.flatMap((d) =>
    (['viewer', 'clerk', 'reviewer', 'supervisor'] as const).map((duty) => `${d}:${duty}` as Role),
  ),
  'policy:viewer',
  'policy:supervisor',
  'policy:admin',
];

/** Who may work alerts (assign, record contact, resolve): the department's clerks and supervisors. */
export const ALERT_WORK_ROLES: Role[] = ALERT_DEPARTMENTS.flatMap((d) =>
  (['clerk', 'supervisor'] as const).map((duty) => `${d}:${duty}` as Role),
);

const CITY_WIDE: Role[] = ['policy:viewer', 'policy:supervisor', 'policy:admin'];

/** The departments whose alerts the user may read; undefined means all (policy staff). */
export function readableDepartments(user: AuthenticatedUser): string[] | undefined {
  if (user.roles.some((r) => CITY_WIDE.includes(r))) return undefined;
  return ALERT_DEPARTMENTS.filter((d) => user.roles.some((r) => r.startsWith(`${d}:`)));
}

/** Object-level check (docs/reliability.md pitfall 16): why the user may not see this alert, or null. */
export function readRefusal(user: AuthenticatedUser, alert: { department: string; town: string }): string | null {
  const departments = readableDepartments(user);
  if (departments && !departments.includes(alert.department))
    return `the alert belongs to ${alert.department}; your roles do not cover that department`;
  if (!inUserArea(user, alert.town)) return `the alert is in town ${alert.town}, outside your towns`;
  return null;
}

/** Object-level check for working an alert: a work role in the alert's own department, in the user's area. */
export function workRefusal(user: AuthenticatedUser, alert: { department: string; town: string }): string | null {
  const department = alert.department as AlertDepartment;
  if (!user.roles.some((r) => r === `${department}:clerk` || r === `${department}:supervisor`)) {
    return `only ${department} clerks or supervisors may work an alert of ${department}`;
  }
  if (!inUserArea(user, alert.town)) return `the alert is in town ${alert.town}, outside your towns`;
  return null;
}
