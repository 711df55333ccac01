import { Provider } from '@nestjs/common';
import { ensureTopics } from '../kafka/ensure-topics';
import { kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/**
 * A provider that creates a service's topics (and their .dlq) during module init, i.e. before the
 * relay publishes and before the consumers subscribe: broker auto-creation is off, and
 * subscribing to a missing topic is fatal. Idempotent. `topics` is read at init time.
 */
export function ensureTopicsProvider(name: string, topics: () => string[]): Provider {
  return {
    provide: Symbol.for(`civic.topics-ready.${name}`),
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingOptions) => ensureTopics(kafkaConnectionOf(options), topics()),
  };
}
