// The log redactor and the problem-details filter use libs/identity's one guard (id-number-scan.ts):
// valid numbers in any disguise (spaces, dashes, full-width digits, zero-width characters) are
// redacted; other long digit runs (offsets, amounts, timestamps) stay readable.
export { containsIdNumber, redactIdNumbers } from '@civic/identity';
