import { Role } from './roles';

/** The caller, as read from a verified bearer token. */
export interface AuthenticatedUser {
  sub: string;
  name?: string;
  roles: Role[];
  /** Town codes the caller may act in; undefined means no area restriction (city-level staff). */
  towns?: string[];
}

/** Object-level area check (docs/reliability.md "Security"): may this user act on an object in `town`? */
export function inUserArea(user: AuthenticatedUser, town: string): boolean {
  return user.towns === undefined || user.towns.includes(town);
}
