import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { consumedTopics } from './policy-events.transport';

/**
 * Every topic the engine reads or writes: it reads departments that may not run yet, so nobody
 * else would create their topics.
 */
export const policyTopicsProvider = ensureTopicsProvider('policy-engine', () => [
  ...consumedTopics(),
  Topics.PolicyAlert,
]);
