import { AuthenticatedUser, inUserArea, ProblemException } from '@civic/platform';

/** Object-level area check (docs/reliability.md pitfall 16): 403 unless the caller may act in `town`. */
export function assertInArea(user: AuthenticatedUser, town: string, what: string): void {
  if (!inUserArea(user, town))
    throw ProblemException.forbidden(`${what} is in town ${town}, outside the towns of user ${user.sub}`, { town });
}
