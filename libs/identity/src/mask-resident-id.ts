/**
 * Masked display form of a resident ID number: first 6 and last 4 characters visible
 * (`442000********123X`), as docs/domain.md requires for events and other services.
 */
export function maskResidentId(number: string): string {
  const normalised = typeof number === 'string' ? number.trim().toUpperCase() : '';
  if (!/^\d{17}[0-9X]$/.test(normalised)) throw new TypeError('mask: expected an 18-character resident ID number');
  return `${normalised.slice(0, 6)}${'*'.repeat(8)}${normalised.slice(14)}`;
}
