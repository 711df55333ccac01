import { alertsEnrolled, alertsRaised, medianDaysToEnrolment } from './alerts.indicators';
import { livingSubsidyCoverage, nursingSubsidyCoverage } from './disability-coverage.indicators';
import { elderVisitRate } from './elder-visits.indicators';
import { hubOrganisations, socialWorkers, socialWorkStationTowns } from './governance.indicators';
import { IndicatorDefinition } from './indicator';
import {
  careFullSelfCare,
  careNoSelfCare,
  careSemiSelfCare,
  deFactoUnsupported,
  dibaoGrowth,
  dibaoRuralUrban,
  dibaoStandard,
  extremePovertyBasic,
  orphanFamily,
  orphanInstitution,
} from './standards.indicators';

/** Every indicator the read model computes, in the order of the plan's 专栏1 table, then the platform's own. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  dibaoStandard,
  dibaoGrowth,
  dibaoRuralUrban,
  extremePovertyBasic,
  careFullSelfCare,
  careSemiSelfCare,
  careNoSelfCare,
  orphanInstitution,
  orphanFamily,
  deFactoUnsupported,
  hubOrganisations,
  socialWorkStationTowns,
  socialWorkers,
  livingSubsidyCoverage,
  nursingSubsidyCoverage,
  elderVisitRate,
  alertsRaised,
  alertsEnrolled,
  medianDaysToEnrolment,
];
