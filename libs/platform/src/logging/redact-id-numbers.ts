// A resident ID number is 17 digits plus a digit or X check character (docs/domain.md). Any such run
// not embedded in a longer digit run is replaced, valid checksum or not: a mistyped ID is still
// personal data. The price is that an unrelated 18-digit number in a log line is masked too.
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/g;

/** The text with every resident-ID-shaped run replaced by `[id-redacted]`. */
export function redactIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, '[id-redacted]');
}

/** True when the text holds something shaped like a resident ID number. */
export function containsIdNumber(text: string): boolean {
  return new RegExp(ID_NUMBER.source).test(text);
}
