import type { ResidentIdRejection } from './resident-id';

/** Why a resident ID number was refused: a parse rejection, or a value that is not a string at all. */
export type ResidentIdRuleReason = ResidentIdRejection | 'type';

/** The rule name a validation error (RFC 9457 problem details, hub record errors) gives a refused resident ID number. */
export type ResidentIdRule = `resident-id.${ResidentIdRuleReason}`;

/**
 * One vocabulary for every service: `resident-id.<reason>`, kebab-case like the rest of the
 * problem-details rules, so a client handles a refused number the same way whichever service refused it.
 */
export function residentIdRule(reason: ResidentIdRuleReason): ResidentIdRule {
  return `resident-id.${reason}`;
}

/** Every rule name `residentIdRule` can give. */
export const RESIDENT_ID_RULES: readonly ResidentIdRule[] = (
  ['checksum', 'date', 'length', 'region', 'format', 'type'] as const satisfies readonly ResidentIdRuleReason[]
).map(residentIdRule);
