import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const ASSISTANCE_TOPICS: string[] = [
  ...new Set([
    Topics.AssistanceHousehold,
    Topics.AssistanceCase,
    Topics.AssistancePayment,
    Topics.AssistanceTemporaryAssistance,
    Topics.GovernanceDivision,
    Topics.PolicyParameter,
    Topics.HubLifeEvent,
    // the other departments' re-keying events it follows (docs/adr/0018-person-ref-rekeying.md)
    ...rekeyedEventTopics('assistance.person.ref-rekeyed'),
  ]),
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const AssistanceTopics = ensureTopicsProvider('social-assistance', () => ASSISTANCE_TOPICS);
