import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const CHILD_WELFARE_TOPICS = [
  Topics.ChildWelfareChild,
  Topics.ChildWelfareProtectionReport,
  Topics.ChildWelfarePayment,
  Topics.HubLifeEvent,
  Topics.AssistanceHousehold,
  Topics.GovernanceDivision,
  Topics.PolicyAlert,
  Topics.PolicyParameter,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const ChildWelfareTopics = ensureTopicsProvider('child-welfare', () => CHILD_WELFARE_TOPICS);
