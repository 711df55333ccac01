import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const ELDERCARE_TOPICS = [
  Topics.EldercareElder,
  Topics.EldercareVisit,
  Topics.EldercareAlarm,
  Topics.EldercarePayment,
  Topics.AssistanceCase,
  Topics.GovernanceDivision,
  Topics.PolicyAlert,
  Topics.PolicyParameter,
  Topics.HubLifeEvent,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const EldercareTopics = ensureTopicsProvider('eldercare', () => ELDERCARE_TOPICS);
