import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const ASSISTANCE_TOPICS = [
  Topics.AssistanceHousehold,
  Topics.AssistanceCase,
  Topics.AssistancePayment,
  Topics.AssistanceTemporaryAssistance,
  Topics.GovernanceDivision,
  Topics.PolicyParameter,
  Topics.HubLifeEvent,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const AssistanceTopics = ensureTopicsProvider('social-assistance', () => ASSISTANCE_TOPICS);
