import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const GOVERNANCE_TOPICS = [
  Topics.GovernanceDivision,
  Topics.GovernanceSocialOrganisation,
  Topics.GovernanceSocialWorker,
  Topics.GovernanceVisitTask,
  Topics.EldercareVisit,
  Topics.ChildWelfareProtectionReport,
  Topics.AssistanceCase,
  Topics.HubLifeEvent,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const GovernanceTopics = ensureTopicsProvider('governance', () => GOVERNANCE_TOPICS);
