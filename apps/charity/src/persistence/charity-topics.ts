import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const CHARITY_TOPICS: string[] = [
  ...new Set([
    Topics.CharityOrganisation,
    Topics.CharityProject,
    Topics.CharityCrowdfunding,
    Topics.CharityWish,
    Topics.CharityReferral,
    Topics.GovernanceSocialOrganisation,
    Topics.GovernanceDivision,
    Topics.PolicyAlert,
    Topics.HubLifeEvent,
    // the other departments' re-keying events it follows (docs/adr/0018-person-ref-rekeying.md)
    ...rekeyedEventTopics('charity.person.ref-rekeyed'),
  ]),
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const CharityTopics = ensureTopicsProvider('charity', () => CHARITY_TOPICS);
