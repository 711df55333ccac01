import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const GOVERNANCE_TOPICS: string[] = [
  ...new Set([
    Topics.GovernanceDivision,
    Topics.GovernanceSocialOrganisation,
    Topics.GovernanceSocialWorker,
    Topics.GovernanceVisitTask,
    Topics.EldercareVisit,
    Topics.ChildWelfareProtectionReport,
    Topics.AssistanceCase,
    Topics.HubLifeEvent,
    // the other departments' re-keying events it follows (docs/adr/0018-person-ref-rekeying.md)
    ...rekeyedEventTopics(),
  ]),
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe. */
export const GovernanceTopics = ensureTopicsProvider('governance', () => GOVERNANCE_TOPICS);
