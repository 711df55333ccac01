import { Topics } from '@civic/contracts';
import { ensureTopics, kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from '@civic/messaging';
import { Provider } from '@nestjs/common';
import { consumedTopics } from './policy-events.transport';

/** Resolved once the topics the engine reads and writes exist (broker auto-creation is off). */
export const POLICY_TOPICS_READY = Symbol('POLICY_TOPICS_READY');

/**
 * Creates every topic the engine subscribes to or publishes on during module init, i.e. before the
 * relay publishes and before the consumers subscribe: the engine reads departments that may not
 * run yet (nobody else would create their topics), and subscribing to a missing topic is fatal.
 */
export const policyTopicsProvider: Provider = {
  provide: POLICY_TOPICS_READY,
  inject: [MESSAGING_OPTIONS],
  useFactory: async (options: MessagingOptions) => ensureTopics(kafkaConnectionOf(options), [...consumedTopics(), Topics.PolicyAlert]),
};
