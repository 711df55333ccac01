// The correlation id lives in libs/contracts beside the trace context, where createEvent reads it.
export { correlation } from '@civic/contracts';
