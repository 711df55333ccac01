import { PROBLEM_TYPES, ProblemException } from '@civic/platform';

/** 409 for a request the current state forbids, naming the field and the rule like a validation problem. */
export function conflictOn(field: string, rule: string, message: string, extras?: Record<string, unknown>) {
  return new ProblemException(409, message, {
    type: PROBLEM_TYPES.conflict,
    errors: [{ field, rule, message }],
    extras,
  });
}

/** True for PostgreSQL's check violation on the named constraint. */
export function isCheckViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const d = err?.driverError ?? err;
  return d?.code === '23514' && d?.constraint === constraint;
}
