/** Kafka topics, one per publishing service and aggregate (docs/architecture.md "Events"). */
export const Topics = {
  AssistanceHousehold: 'assistance.household',
  AssistanceCase: 'assistance.case',
  AssistancePayment: 'assistance.payment',
  AssistanceTemporaryAssistance: 'assistance.temporary-assistance',
  EldercareElder: 'eldercare.elder',
  EldercareVisit: 'eldercare.visit',
  EldercareAlarm: 'eldercare.alarm',
  EldercarePayment: 'eldercare.payment',
  ChildWelfareChild: 'child-welfare.child',
  ChildWelfareProtectionReport: 'child-welfare.protection-report',
  ChildWelfarePayment: 'child-welfare.payment',
  CharityOrganisation: 'charity.organisation',
  CharityProject: 'charity.project',
  CharityCrowdfunding: 'charity.crowdfunding',
  CharityWish: 'charity.wish',
  GovernanceDivision: 'governance.division',
  CharityReferral: 'charity.referral',
  GovernanceSocialOrganisation: 'governance.social-organisation',
  GovernanceSocialWorker: 'governance.social-worker',
  GovernanceVisitTask: 'governance.visit-task',
  /** Every data-hub life event, keyed by personRef so one person's life events stay in order. */
  HubLifeEvent: 'hub.life-event',
  PolicyAlert: 'policy.alert',
  PolicyParameter: 'policy.parameter',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Every topic in the catalog, sorted. */
export function allTopics(): Topic[] {
  return Object.values(Topics).sort();
}

/** The dead-letter topic of a topic (docs/architecture.md "Events": `<topic>.dlq`). */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * The CloudEvents `source` of each department's publishing service, by department prefix of type and
 * topic: the default producer of an event type. An event published by another service names it in
 * its definition (`EventDefinition.source`), so the AsyncAPI document states the real publisher.
 */
export const Sources = {
  assistance: '/civic/social-assistance',
  eldercare: '/civic/eldercare',
  'child-welfare': '/civic/child-welfare',
  charity: '/civic/charity',
  governance: '/civic/governance',
  hub: '/civic/hub-gateway',
  policy: '/civic/policy-engine',
} as const;

export type Department = keyof typeof Sources;

/** The department prefix of an event type or topic (`assistance.case.approved` → `assistance`). */
export function departmentOf(typeOrTopic: string): Department {
  const prefix = typeOrTopic.split('.')[0];
  if (!(prefix in Sources)) throw new Error(`unknown department prefix in ${typeOrTopic}`);
  return prefix as Department;
}
