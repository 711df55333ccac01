/** Thrown by a handler for a failure that retrying cannot fix: the event goes to the dead-letter topic at once. */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
}
