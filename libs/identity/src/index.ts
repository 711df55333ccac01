// Calendar helpers live in @civic/calendar; these re-exports keep existing importers compiling.
export { ageOn, daysInMonth, isCalendarDate, todayInShanghai } from '@civic/calendar';
export { createIdCipher, IdCipherError } from './id-cipher';
export type { IdCipher } from './id-cipher';
export type { KeyRingConfig } from './key-ring';
export { maskResidentId, maskResidentId as mask } from './mask-resident-id';
export { createPersonRefs } from './person-refs';
export type { PersonRefs } from './person-refs';
export { InvalidResidentIdError } from './require-resident-id-number';
export { checkCharacter, convertLegacy15, parseResidentId } from './resident-id';
export { RESIDENT_ID_RULES, residentIdRule } from './resident-id-rules';
export type { ResidentIdRule, ResidentIdRuleReason } from './resident-id-rules';
export type { ResidentId, ResidentIdRejection, ResidentIdResult } from './resident-id';
export { fingerprintMismatches, keyFingerprints } from './key-fingerprint';
export { containsIdNumber, findIdNumberPath, findIdNumbers, redactIdNumbers } from './id-number-scan';
export type { IdNumberMatch } from './id-number-scan';
export { randomSlice } from './random-slice';
