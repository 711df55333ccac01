import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics the gateway publishes to (hub.life-event) or consumes (read model and feeds). */
export const HUB_TOPICS: string[] = [
  ...new Set([
    Topics.HubLifeEvent,
    Topics.AssistanceHousehold,
    Topics.AssistanceCase,
    Topics.EldercareElder,
    Topics.ChildWelfareChild,
    // the departments' re-keying events it follows (docs/adr/0018-person-ref-rekeying.md)
    ...rekeyedEventTopics('hub.person.ref-rekeyed'),
  ]),
];

/** Creates the topics at start-up, before the relay or consumers use them. */
export const HubTopics = ensureTopicsProvider('hub-gateway', () => HUB_TOPICS);
