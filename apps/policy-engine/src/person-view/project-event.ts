import type {
  AbsenceEndedV1Payload,
  AbsenceRecordedV1Payload,
  AidDisbursedV1Payload,
  BirthRegisteredV1Payload,
  CaseFacts,
  ChildAgedOutV1Payload,
  ChildAdoptionRegisteredV1Payload,
  ChildAllowanceGrantedV1Payload,
  ChildAllowanceStoppedV1Payload,
  ChildCategoryClassifiedV1Payload,
  ChildGuardianshipChangedV1Payload,
  ChildRegisteredV1Payload,
  CrowdfundingOpenedV1Payload,
  DeathRecordedV1Payload,
  DisabilityCertifiedV1Payload,
  ElderAbilityAssessedV1Payload,
  ElderAdmittedV1Payload,
  ElderAllowanceGrantedV1Payload,
  ElderAllowanceStoppedV1Payload,
  ElderSituationChangedV1Payload,
  ElderDischargedV1Payload,
  ElderRegisteredV1Payload,
  EventEnvelope,
  HospitalBillSettledV1Payload,
  HouseholdAssetsChangedV1Payload,
  HouseholdIncomeChangedV1Payload,
  HouseholdIncomeChangedV2Payload,
  HouseholdMember,
  HouseholdMemberAddedV1Payload,
  HouseholdMemberAddedV2Payload,
  HouseholdRegisteredV1Payload,
  HouseholdRegisteredV2Payload,
  HukouMovedV1Payload,
  ImprisonedV1Payload,
  ParameterValueScheduledV1Payload,
  PaymentFacts,
  ProtectionReportEscalatedV1Payload,
  ProtectionReportFiledV1Payload,
  ReferralResolvedV1Payload,
  ReleasedV1Payload,
  SchoolEnrolledV1Payload,
  SocialWorkerAssignedV1Payload,
  TemporaryAssistancePaidV1Payload,
  UnemploymentRegisteredV1Payload,
  VisitRecordedV1Payload,
  VisitTaskCompletedV1Payload,
} from '@civic/contracts';
import { ExpenseCategory, HouseholdAttrs, PersonAttrs, ProgrammeStatus, ViewChange } from './view-change';

type Projection = (data: never, event: EventEnvelope) => ViewChange[];

const memberAttrs = (m: HouseholdMember, town: string, hukouType: PersonAttrs['hukouType']): Partial<PersonAttrs> => ({
  birthDate: m.birthDate,
  sex: m.sex,
  town,
  hukouType,
  disabilityLevel: m.disabilityLevel ?? null,
  labourCapacity: m.labourCapacity,
  seriousIllness: m.seriousIllness,
  schooling: m.schooling ?? null,
  monthlyIncomeFen: m.monthlyIncomeFen,
});

const householdMember = (
  householdId: string,
  town: string,
  hukouType: PersonAttrs['hukouType'],
  m: HouseholdMember,
): ViewChange[] => [
  { kind: 'person', personRef: m.personRef, set: memberAttrs(m, town, hukouType) },
  { kind: 'member', householdId, personRef: m.personRef, relation: m.relation },
];

// v2 household events carry the standard area and the exact annual income. A v1 event has neither:
// it clears the exact income (its own per-capita figure is then the newest, and the rules fall back
// to it, as before v2) and leaves the area alone (a household never told of one is judged against
// the urban standard, as the rules did before v2; see rules/household-means.ts).
const eligibilityAttrs = (d: object, event: EventEnvelope): Partial<HouseholdAttrs> => {
  if (event.dataversion < 2) return { annualIncomeFen: null };
  const { standardArea, annualIncomeFen } = d as Pick<HouseholdRegisteredV2Payload, 'standardArea' | 'annualIncomeFen'>;
  return { standardArea, annualIncomeFen };
};

const caseProgramme = (
  d: CaseFacts,
  status: ProgrammeStatus,
  extra: { from?: string; to?: string | null; monthlyAmountFen?: number } = {},
): ViewChange[] => [
  {
    kind: 'programme',
    personRef: d.personRef,
    department: 'assistance',
    programme: d.programme,
    set: {
      status,
      householdId: d.householdId,
      caseId: d.caseId,
      ...(extra.from ? { from: extra.from } : {}),
      ...('to' in extra ? { to: extra.to } : {}),
      ...(extra.monthlyAmountFen !== undefined ? { monthlyAmountFen: extra.monthlyAmountFen } : {}),
    },
  },
];

const payment = (d: PaymentFacts, status: string, date: string): ViewChange[] => [
  {
    kind: 'payment',
    personRef: d.personRef,
    paymentId: d.paymentId,
    programme: d.programme,
    status,
    date,
    amountFen: d.amountFen,
  },
];

/** The programme a child's basic-living allowance is enrolled under in the view, beside its category. */
export const CHILD_ALLOWANCE = 'basic-living-allowance';

const CROWDFUNDING_CATEGORY: Record<CrowdfundingOpenedV1Payload['purpose'], ExpenseCategory> = {
  'major-illness': 'medical-crowdfunding',
  accident: 'accident',
  education: 'education',
  disaster: 'disaster',
  other: 'other',
};

const REFERRAL_ANSWERS_WITHOUT_AID = new Set<ReferralResolvedV1Payload['outcome']>([
  'declined',
  'not-eligible',
  'no-funds',
]);

// One entry per consumed event type, so what the person view depends on reads in one place. Types
// without an entry are consumed and acknowledged but change nothing the rules read.
const PROJECTIONS: Record<string, Projection> = {
  'assistance.household.registered': (d: HouseholdRegisteredV1Payload | HouseholdRegisteredV2Payload, event) => [
    {
      kind: 'household',
      householdId: d.householdId,
      set: {
        town: d.town,
        village: d.village,
        hukouType: d.hukouType,
        memberCount: d.members.length,
        totalMonthlyIncomeFen: d.totalMonthlyIncomeFen,
        perCapitaMonthlyIncomeFen: d.perCapitaMonthlyIncomeFen,
        ...eligibilityAttrs(d, event),
        financialAssetsFen: d.assets.financialAssetsFen,
        vehicleCount: d.assets.vehicleCount,
        housingUnits: d.assets.housingUnits,
      },
    },
    ...d.members.flatMap((m) => householdMember(d.householdId, d.town, d.hukouType, m)),
  ],
  'assistance.household.member-added': (d: HouseholdMemberAddedV1Payload | HouseholdMemberAddedV2Payload, event) => [
    {
      kind: 'household',
      householdId: d.householdId,
      set: {
        memberCount: d.memberCount,
        perCapitaMonthlyIncomeFen: d.perCapitaMonthlyIncomeFen,
        ...eligibilityAttrs(d, event),
      },
    },
    // the member joins the household's hukou town; hukou type stays whatever the household has
    {
      kind: 'person',
      personRef: d.member.personRef,
      set: { ...memberAttrs(d.member, d.town, 'local'), hukouType: undefined },
    },
    { kind: 'member', householdId: d.householdId, personRef: d.member.personRef, relation: d.member.relation },
  ],
  'assistance.household.income-changed': (
    d: HouseholdIncomeChangedV1Payload | HouseholdIncomeChangedV2Payload,
    event,
  ) => {
    const byPerson = new Map<string, number>();
    for (const i of d.incomes) byPerson.set(i.personRef, (byPerson.get(i.personRef) ?? 0) + i.monthlyIncomeFen);
    return [
      {
        kind: 'household',
        householdId: d.householdId,
        set: {
          memberCount: d.memberCount,
          totalMonthlyIncomeFen: d.totalMonthlyIncomeFen,
          perCapitaMonthlyIncomeFen: d.perCapitaMonthlyIncomeFen,
          ...eligibilityAttrs(d, event),
        },
      },
      {
        kind: 'member-income',
        householdId: d.householdId,
        incomes: [...byPerson].map(([personRef, monthlyIncomeFen]) => ({ personRef, monthlyIncomeFen })),
      },
    ];
  },
  'assistance.household.assets-changed': (d: HouseholdAssetsChangedV1Payload) => [
    {
      kind: 'household',
      householdId: d.householdId,
      set: {
        financialAssetsFen: d.assets.financialAssetsFen,
        vehicleCount: d.assets.vehicleCount,
        housingUnits: d.assets.housingUnits,
      },
    },
  ],
  'assistance.case.applied': (d: CaseFacts & { appliedOn: string }) =>
    caseProgramme(d, 'applied', { from: d.appliedOn, to: null }),
  'assistance.case.accepted': (d: CaseFacts) => caseProgramme(d, 'in-review'),
  'assistance.case.reviewed': (d: CaseFacts & { outcome: string }) =>
    d.outcome === 'pass' ? caseProgramme(d, 'in-review') : [],
  'assistance.case.publicised': (d: CaseFacts) => caseProgramme(d, 'in-review'),
  'assistance.case.approved': (d: CaseFacts & { effectiveFrom: string; monthlyAmountFen: number }) =>
    caseProgramme(d, 'enrolled', { from: d.effectiveFrom, to: null, monthlyAmountFen: d.monthlyAmountFen }),
  'assistance.case.rejected': (d: CaseFacts & { rejectedOn: string }) =>
    caseProgramme(d, 'rejected', { to: d.rejectedOn }),
  'assistance.case.suspended': (d: CaseFacts & { effectiveFrom: string }) =>
    caseProgramme(d, 'suspended', { to: d.effectiveFrom }),
  'assistance.case.terminated': (d: CaseFacts & { effectiveFrom: string }) =>
    caseProgramme(d, 'ended', { to: d.effectiveFrom }),
  'assistance.case.reinstated': (d: CaseFacts & { effectiveFrom: string }) =>
    caseProgramme(d, 'enrolled', { to: null }),
  'assistance.payment.issued': (d: PaymentFacts & { issuedOn: string }) => payment(d, 'issued', d.issuedOn),
  'assistance.payment.confirmed': (d: PaymentFacts & { confirmedOn: string }) => payment(d, 'confirmed', d.confirmedOn),
  'assistance.payment.stopped': (d: PaymentFacts & { stoppedOn: string }) => payment(d, 'stopped', d.stoppedOn),
  'assistance.temporary-assistance.paid': (d: TemporaryAssistancePaidV1Payload) => [
    {
      kind: 'payment',
      personRef: d.personRef,
      paymentId: d.grantId,
      programme: 'temporary',
      status: 'paid',
      date: d.paidOn,
      amountFen: d.amountFen,
    },
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'assistance',
      programme: 'temporary',
      set: { status: 'enrolled', from: d.paidOn, householdId: d.householdId },
    },
  ],
  'eldercare.elder.registered': (d: ElderRegisteredV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: {
        birthDate: d.birthDate,
        sex: d.sex,
        town: d.town,
        livingSituation: [...d.livingSituation].sort(),
        economicStatus: d.economicStatus,
        monthlyVisitRequired: d.monthlyVisitRequired,
        elderId: d.elderId,
      },
    },
  ],
  'eldercare.elder.ability-assessed': (d: ElderAbilityAssessedV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: { abilityLevel: d.level, abilityAssessedOn: d.assessedOn, nextAssessmentDue: d.nextAssessmentDue },
    },
  ],
  'eldercare.elder.admitted': (d: ElderAdmittedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { institutionStayId: d.stayId } },
  ],
  'eldercare.elder.discharged': (d: ElderDischargedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { institutionStayId: null } },
  ],
  'eldercare.elder.allowance-granted': (d: ElderAllowanceGrantedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'eldercare',
      programme: d.allowance,
      set: { status: 'enrolled', from: d.effectiveFrom, to: null, monthlyAmountFen: d.monthlyAmountFen },
    },
  ],
  'eldercare.elder.situation-changed': (d: ElderSituationChangedV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: { livingSituation: [...d.livingSituation].sort(), monthlyVisitRequired: d.monthlyVisitRequired },
    },
  ],
  // the grant ended (death, replaced by a higher band, no longer eligible): the programme is no longer enrolled
  'eldercare.elder.allowance-stopped': (d: ElderAllowanceStoppedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'eldercare',
      programme: d.allowance,
      set: { status: 'ended', to: d.stoppedOn },
    },
  ],
  'eldercare.visit.recorded': (d: VisitRecordedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { lastVisitOn: d.visitedOn, nextVisitDue: d.nextDueDate } },
  ],
  'governance.visit-task.completed': (d: VisitTaskCompletedV1Payload) =>
    d.kind === 'elder-visit' && d.outcome !== 'person-absent'
      ? [{ kind: 'person', personRef: d.personRef, set: { lastVisitOn: d.completedOn } }]
      : [],
  'governance.social-worker.assigned': (d: SocialWorkerAssignedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'governance',
      programme: `social-worker-for-${d.department}`,
      set: { status: 'enrolled', from: d.assignedOn, to: null },
    },
  ],
  'child-welfare.child.registered': (d: ChildRegisteredV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: { birthDate: d.birthDate, sex: d.sex, town: d.town, childId: d.childId },
    },
    ...(d.motherPersonRef
      ? [{ kind: 'parent' as const, childRef: d.personRef, parentRef: d.motherPersonRef, role: 'mother' as const }]
      : []),
    ...(d.fatherPersonRef
      ? [{ kind: 'parent' as const, childRef: d.personRef, parentRef: d.fatherPersonRef, role: 'father' as const }]
      : []),
  ],
  'child-welfare.child.category-classified': (d: ChildCategoryClassifiedV1Payload) => [
    ...(d.previousCategory && d.previousCategory !== d.category && d.previousCategory !== 'none'
      ? [
          {
            kind: 'programme' as const,
            personRef: d.personRef,
            department: 'child-welfare',
            programme: d.previousCategory,
            set: { status: 'ended' as const, to: d.effectiveFrom },
          },
        ]
      : []),
    ...(d.category !== 'none'
      ? [
          {
            kind: 'programme' as const,
            personRef: d.personRef,
            department: 'child-welfare',
            programme: d.category,
            set: { status: 'enrolled' as const, from: d.effectiveFrom, to: null },
          },
        ]
      : []),
  ],
  'child-welfare.child.allowance-granted': (d: ChildAllowanceGrantedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'child-welfare',
      programme: d.category,
      set: { status: 'enrolled', from: d.effectiveFrom, to: null, monthlyAmountFen: d.monthlyAmountFen },
    },
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'child-welfare',
      programme: CHILD_ALLOWANCE,
      set: { status: 'enrolled', from: d.effectiveFrom, to: null, monthlyAmountFen: d.monthlyAmountFen },
    },
  ],
  // the money stops whatever the reason (aged out, re-classified without an allowance, died); the category
  // programme is left to the category and age-out events, so a revoked death record never shows an
  // unenrolled orphan while child welfare's restored grant is still on its way on another topic
  'child-welfare.child.allowance-stopped': (d: ChildAllowanceStoppedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'child-welfare',
      programme: CHILD_ALLOWANCE,
      set: { status: 'ended', to: d.lastDay },
    },
  ],
  // a mandatory report (强制报告) about the child: the latest one, and whether its deadline passed unanswered
  'child-welfare.protection-report.filed': (d: ProtectionReportFiledV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: {
        protectionReportId: d.reportId,
        protectionReportedAt: d.reportedAt,
        protectionReportConcern: d.concern,
        protectionReportUrgency: d.urgency,
        protectionReportEscalatedAt: null,
      },
    },
  ],
  'child-welfare.protection-report.escalated': (d: ProtectionReportEscalatedV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: { protectionReportId: d.reportId, protectionReportEscalatedAt: d.escalatedAt },
    },
  ],
  // an adoption makes the adopters the parents (recorded like a birth record: the later record wins)
  'child-welfare.child.adoption-registered': (d: ChildAdoptionRegisteredV1Payload) => [
    ...(d.adoptiveMotherPersonRef
      ? [
          {
            kind: 'parent' as const,
            childRef: d.personRef,
            parentRef: d.adoptiveMotherPersonRef,
            role: 'mother' as const,
          },
        ]
      : []),
    ...(d.adoptiveFatherPersonRef
      ? [
          {
            kind: 'parent' as const,
            childRef: d.personRef,
            parentRef: d.adoptiveFatherPersonRef,
            role: 'father' as const,
          },
        ]
      : []),
  ],
  'child-welfare.child.guardianship-changed': (d: ChildGuardianshipChangedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { guardianship: d.guardianship } },
  ],
  'child-welfare.child.aged-out': (d: ChildAgedOutV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { agedOutOn: d.eighteenthBirthday } },
    ...(d.lastCategory !== 'none'
      ? [
          {
            kind: 'programme' as const,
            personRef: d.personRef,
            department: 'child-welfare',
            programme: d.lastCategory,
            set: { status: 'ended' as const, to: d.eighteenthBirthday },
          },
        ]
      : []),
  ],
  'charity.crowdfunding.opened': (d: CrowdfundingOpenedV1Payload) => [
    {
      kind: 'expense',
      personRef: d.personRef,
      sourceId: `crowdfunding:${d.campaignId}`,
      category: CROWDFUNDING_CATEGORY[d.purpose],
      date: d.openedOn,
      amountFen: d.declaredCostFen,
    },
  ],
  'charity.project.aid-disbursed': (d: AidDisbursedV1Payload) => [
    {
      kind: 'programme',
      personRef: d.personRef,
      department: 'charity',
      programme: 'charity-aid',
      set: { status: 'enrolled', from: d.disbursedOn },
    },
  ],
  // the major-illness help centre answered a referral without aid (declined, not eligible, no funds): the
  // answer is dated on the person's charity-aid programme, and the referral rule counts only spending
  // after it (rules/charity-referral.rule.ts), so the open alert expires and the same spending raises
  // none again. Aid is already an enrolment (aid-disbursed); a death is the death record's to handle.
  'charity.referral.resolved': (d: ReferralResolvedV1Payload) =>
    d.helpCentre === 'major-illness' && REFERRAL_ANSWERS_WITHOUT_AID.has(d.outcome)
      ? [
          {
            kind: 'programme',
            personRef: d.personRef,
            department: 'charity',
            programme: 'charity-aid',
            set: { status: 'rejected', to: d.resolvedOn },
          },
        ]
      : [],
  'hub.person.death-recorded': (d: DeathRecordedV1Payload) =>
    d.status === 'revoked'
      ? [{ kind: 'person', personRef: d.personRef, set: { deathDate: null, deathStatus: null, deathRecordId: null } }]
      : [
          {
            kind: 'person',
            personRef: d.personRef,
            set: { deathDate: d.deathDate, deathStatus: d.status, deathRecordId: d.recordId },
          },
        ],
  'hub.person.birth-registered': (d: BirthRegisteredV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { birthDate: d.birthDate, sex: d.sex, town: d.town } },
    ...(d.motherPersonRef
      ? [{ kind: 'parent' as const, childRef: d.personRef, parentRef: d.motherPersonRef, role: 'mother' as const }]
      : []),
    ...(d.fatherPersonRef
      ? [{ kind: 'parent' as const, childRef: d.personRef, parentRef: d.fatherPersonRef, role: 'father' as const }]
      : []),
  ],
  'hub.person.disability-certified': (d: DisabilityCertifiedV1Payload) => [
    {
      kind: 'person',
      personRef: d.personRef,
      set: { disabilityLevel: d.level, disabilityCategory: d.category, disabilityCertifiedOn: d.certifiedOn },
    },
  ],
  'hub.person.hospital-bill-settled': (d: HospitalBillSettledV1Payload) => [
    {
      kind: 'expense',
      personRef: d.personRef,
      sourceId: `hospital-bill:${d.recordId}`,
      category: 'medical-bill',
      date: d.billDate,
      amountFen: d.selfPaidFen,
    },
  ],
  'hub.person.unemployment-registered': (d: UnemploymentRegisteredV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { unemployedSince: d.registeredOn } },
  ],
  'hub.person.hukou-moved': (d: HukouMovedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { town: d.direction === 'out' ? null : (d.toTown ?? null) } },
  ],
  'hub.person.imprisoned': (d: ImprisonedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { imprisonedFrom: d.fromDate, releasedOn: null } },
  ],
  'hub.person.released': (d: ReleasedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { imprisonedFrom: null, releasedOn: d.releasedOn } },
  ],
  'hub.person.absence-recorded': (d: AbsenceRecordedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { absentFrom: d.fromDate, absenceReason: d.reason } },
  ],
  'hub.person.absence-ended': (d: AbsenceEndedV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { absentFrom: null, absenceReason: null } },
  ],
  'hub.person.school-enrolled': (d: SchoolEnrolledV1Payload) => [
    { kind: 'person', personRef: d.personRef, set: { schooling: d.level } },
  ],
  'policy.parameter.value-scheduled': (d: ParameterValueScheduledV1Payload) => [
    {
      kind: 'parameter',
      key: d.key,
      value: d.value,
      effectiveFrom: d.effectiveFrom,
      source: d.source,
      scheduledBy: d.scheduledBy,
    },
  ],
};

/** Event types the person view is built from (every department topic and the hub's life events). */
export const PROJECTED_EVENT_TYPES: readonly string[] = Object.keys(PROJECTIONS).sort();

/** The view changes one event makes (pure); an event type the view does not use changes nothing. */
export function projectEvent(event: EventEnvelope): ViewChange[] {
  const projection = PROJECTIONS[event.type];
  if (!projection) return [];
  // drop undefined attributes so an event never clears what it does not know
  return projection(event.data as never, event).map((c) =>
    'set' in c ? { ...c, set: Object.fromEntries(Object.entries(c.set).filter(([, v]) => v !== undefined)) } : c,
  ) as ViewChange[];
}
