import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const CHARITY_TOPICS = [
  Topics.CharityOrganisation,
  Topics.CharityProject,
  Topics.CharityCrowdfunding,
  Topics.CharityWish,
  Topics.CharityReferral,
  Topics.GovernanceSocialOrganisation,
  Topics.GovernanceDivision,
  Topics.PolicyAlert,
  Topics.HubLifeEvent,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const CharityTopics = ensureTopicsProvider('charity', () => CHARITY_TOPICS);
