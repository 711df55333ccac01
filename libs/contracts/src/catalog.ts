import { allEventDefinitions, EventDefinition } from './registry';
// Importing each events file registers its definitions (defineEvent runs at module load).
import './assistance/household.events';
import './assistance/case.events';
import './assistance/payment.events';
import './assistance/temporary-assistance.events';
import './eldercare/elder.events';
import './eldercare/visit.events';
import './eldercare/alarm.events';
import './eldercare/payment.events';
import './eldercare/home-support.events';
import './eldercare/person-ref.events';
import './assistance/person-ref.events';
import './child-welfare/person-ref.events';
import './charity/person-ref.events';
import './child-welfare/child.events';
import './child-welfare/protection-report.events';
import './child-welfare/payment.events';
import './charity/organisation.events';
import './charity/project.events';
import './charity/crowdfunding.events';
import './charity/wish.events';
import './governance/division.events';
import './charity/referral.events';
import './governance/social-organisation.events';
import './governance/social-worker.events';
import './governance/visit-task.events';
import './hub/life-event.events';
import './hub/person-ref.events';
import './policy/alert.events';
import './policy/parameter.events';

/** Every event type and version the platform publishes, sorted by type then version. */
export const catalog: readonly EventDefinition[] = Object.freeze(allEventDefinitions());
