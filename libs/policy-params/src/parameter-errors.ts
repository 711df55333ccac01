/** Why a lookup failed. */
export type ParameterLookupReason =
  'unknown-key' | 'no-value-yet' | 'invalid-date' | 'not-derived' | 'derived-key' | 'wrong-unit';

/** A lookup that has no answer: unknown key, a date before the first value, or a malformed date. */
export class ParameterLookupError extends Error {
  override name = 'ParameterLookupError';

  constructor(
    readonly key: string,
    readonly date: string,
    readonly reason: ParameterLookupReason,
    message: string,
  ) {
    super(message);
  }
}

/** A parameter file (or an override list) that breaks the format; names the file and key. */
export class ParameterFileError extends Error {
  override name = 'ParameterFileError';
}
