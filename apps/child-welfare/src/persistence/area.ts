import { AuthenticatedUser, inUserArea, ProblemException } from '@civic/platform';

/** Object-level area check (docs/reliability.md): 403 unless the caller may act in `town`. */
export function assertInArea(user: AuthenticatedUser, town: string, what: string): void {
  if (!inUserArea(user, town))
    throw ProblemException.forbidden(`${what} is in town ${town}, outside the towns of user ${user.sub}`, { town });
}

/** True for PostgreSQL's unique violation on the named constraint or index. */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const d = err?.driverError ?? err;
  return d?.code === '23505' && d?.constraint === constraint;
}
