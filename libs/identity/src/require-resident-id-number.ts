import { parseResidentId, ResidentIdRejection } from './resident-id';

/** Thrown where a valid resident ID number is required; carries the reason, never the number. */
export class InvalidResidentIdError extends Error {
  constructor(
    readonly reason: ResidentIdRejection,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidResidentIdError';
  }
}

/** The normalised 18-character form of `number`, or InvalidResidentIdError. */
export function requireResidentIdNumber(number: string, operation: string): string {
  const parsed = parseResidentId(number);
  if (!parsed.ok)
    throw new InvalidResidentIdError(
      parsed.reason,
      `${operation}: invalid resident ID number (${parsed.reason}): ${parsed.message}`,
    );
  return parsed.id.number;
}
