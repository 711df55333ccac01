import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics the gateway publishes to (hub.life-event) or consumes (read model and feeds). */
export const HUB_TOPICS = [
  Topics.HubLifeEvent,
  Topics.AssistanceHousehold,
  Topics.AssistanceCase,
  Topics.EldercareElder,
  Topics.ChildWelfareChild,
];

/** Creates the topics at start-up, before the relay or consumers use them. */
export const HubTopics = ensureTopicsProvider('hub-gateway', () => HUB_TOPICS);
