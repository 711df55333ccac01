/**
 * Why a consumer dead-lettered a record: the four ParseErrorReason values of parseEvent, a handler
 * that kept failing, a handler that refused the event, or a later record of a key already held.
 * libs/messaging writes them in the `dlq-reason` header; the AsyncAPI document publishes the list.
 */
export const DEAD_LETTER_REASONS = [
  'invalid-envelope',
  'unknown-type',
  'unknown-version',
  'invalid-payload',
  'handler-failed',
  'rejected',
  'held-behind-dead-letter',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];
