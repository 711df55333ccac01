// The log redactor and the problem-details filter replace resident ID numbers with libs/identity's
// one guard (id-number-scan.ts): valid numbers in any disguise (spaces, dashes, full-width digits,
// zero-width characters) are redacted; other long digit runs (offsets, amounts, timestamps) stay
// readable.
import { containsIdNumber as containsResidentIdNumber, redactIdNumbers as redact } from '@civic/identity';

/** The text with every resident ID number, in any disguise, replaced by `[id-redacted]`. */
export function redactIdNumbers(text: string): string {
  return redact(text);
}

/** True when the text holds a resident ID number in any disguise. */
export function containsIdNumber(text: string): boolean {
  return containsResidentIdNumber(text);
}
