import { Topics } from '@civic/contracts';
import { ensureTopicsProvider } from '@civic/messaging';
import { rekeyedEventTopics } from '@civic/operations';

/** Topics this read model consumes (it publishes none); broker auto-creation is off. */
export const INDICATORS_TOPICS: string[] = [
  ...new Set([
    Topics.AssistanceCase,
    Topics.EldercareElder,
    Topics.EldercareVisit,
    Topics.GovernanceDivision,
    Topics.GovernanceSocialOrganisation,
    Topics.GovernanceSocialWorker,
    Topics.PolicyAlert,
    Topics.PolicyParameter,
    // every department's re-keying events, followed (persistence/person-ref-following.ts)
    ...rekeyedEventTopics(),
  ]),
];

/** Creates the topics at start-up, before the consumers subscribe. */
export const IndicatorsTopics = ensureTopicsProvider('indicators', () => INDICATORS_TOPICS);
