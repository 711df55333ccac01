import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const CHILD_WELFARE_TOPICS: string[] = [
  ...new Set([
    Topics.ChildWelfareChild,
    Topics.ChildWelfareProtectionReport,
    Topics.ChildWelfarePayment,
    Topics.HubLifeEvent,
    Topics.AssistanceHousehold,
    Topics.GovernanceDivision,
    Topics.PolicyAlert,
    Topics.PolicyParameter,
    // the other departments' re-keying events it follows (docs/adr/0018-person-ref-rekeying.md)
    ...rekeyedEventTopics('child-welfare.person.ref-rekeyed'),
  ]),
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const ChildWelfareTopics = ensureTopicsProvider('child-welfare', () => CHILD_WELFARE_TOPICS);
