import { Provider } from '@nestjs/common';
import { ensureTopics } from '../kafka/ensure-topics';
import { topicSpecs, verifyTopics } from '../kafka/topic-settings';
import { kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/**
 * A provider that creates a service's topics (and their .dlq) during module init, i.e. before the
 * relay publishes and before the consumers subscribe: broker auto-creation is off, and
 * subscribing to a missing topic is fatal. Idempotent. `topics` is read at init time. With
 * `topics.mode: 'verify'` (production) it creates nothing and refuses to start while a topic is
 * missing or differs from the settings (libs/messaging/src/kafka/topic-settings.ts).
 */
export function ensureTopicsProvider(name: string, topics: () => string[]): Provider {
  return {
    provide: Symbol.for(`civic.topics-ready.${name}`),
    inject: [MESSAGING_OPTIONS],
    useFactory: async (options: MessagingOptions) => {
      const conn = kafkaConnectionOf(options);
      if (options.topics?.mode === 'verify')
        return verifyTopics(conn, topicSpecs(conn.topicPrefix, topics(), options.topics.settings));
      return ensureTopics(conn, topics(), { settings: options.topics?.settings });
    },
  };
}
