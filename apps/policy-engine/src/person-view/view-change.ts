// What one consumed event changes in the person view. Projections (project-event.ts) are pure and
// return these; the store applies them. Every attribute write carries a stamp (event time + id)
// and a later stamp wins, so the view does not depend on the order in which different topics are
// consumed: a rebuild from offset 0 reaches the same state as the live view (replay digest).
import type { StandardArea } from '@civic/contracts';

/** Person attributes the rules read; all optional because each department knows only some. */
export interface PersonAttrs {
  birthDate: string;
  sex: 'male' | 'female';
  /** Hukou town (9-digit code); null after a move out of the city. */
  town: string | null;
  hukouType: 'local' | 'non-local';
  disabilityLevel: number | null;
  disabilityCategory: string;
  disabilityCertifiedOn: string;
  labourCapacity: 'full' | 'partial' | 'none';
  seriousIllness: boolean;
  monthlyIncomeFen: number;
  schooling: string | null;
  livingSituation: string[];
  economicStatus: string;
  abilityLevel: string;
  abilityAssessedOn: string;
  nextAssessmentDue: string;
  monthlyVisitRequired: boolean;
  lastVisitOn: string;
  nextVisitDue: string;
  deathDate: string | null;
  deathStatus: 'informal' | 'formal' | null;
  deathRecordId: string | null;
  imprisonedFrom: string | null;
  releasedOn: string | null;
  /** hub.person.absence-recorded: since when, and why, the person is absent from their family's care. */
  absentFrom: string | null;
  absenceReason: 'imprisonment' | 'compulsory-rehabilitation' | 'missing' | 'deportation' | null;
  unemployedSince: string | null;
  institutionStayId: string | null;
  guardianship: string;
  agedOutOn: string;
  /** The latest mandatory report (child-welfare.protection-report.*) about the person as a child. */
  protectionReportId: string;
  protectionReportedAt: string;
  protectionReportConcern: 'abuse' | 'neglect' | 'abandonment' | 'other';
  protectionReportUrgency: 'emergency' | 'normal';
  /** When the latest report's response deadline passed unanswered; null while it has not. */
  protectionReportEscalatedAt: string | null;
  elderId: string;
  childId: string;
}

/** A value plus the event it came from (the alert explanation names the source event). */
export interface Stamped {
  stamp: string;
  eventId: string;
}

export type ViewChange =
  | { kind: 'person'; personRef: string; set: Partial<PersonAttrs> }
  | { kind: 'household'; householdId: string; set: Partial<HouseholdAttrs> }
  | { kind: 'member'; householdId: string; personRef: string; relation: string }
  | { kind: 'member-income'; householdId: string; incomes: { personRef: string; monthlyIncomeFen: number }[] }
  | { kind: 'programme'; personRef: string; department: string; programme: string; set: Partial<ProgrammeAttrs> }
  | { kind: 'expense'; personRef: string; sourceId: string; category: ExpenseCategory; date: string; amountFen: number }
  | {
      kind: 'payment';
      personRef: string;
      paymentId: string;
      programme: string;
      status: string;
      date: string;
      amountFen: number;
    }
  | { kind: 'parent'; childRef: string; parentRef: string; role: 'mother' | 'father' }
  | {
      kind: 'parameter';
      key: string;
      value: string | number;
      effectiveFrom: string;
      source: string;
      scheduledBy: string;
    };

export interface HouseholdAttrs {
  town: string;
  village: string;
  hukouType: 'local' | 'non-local';
  memberCount: number;
  totalMonthlyIncomeFen: number;
  perCapitaMonthlyIncomeFen: number;
  /** Exact annual income (v2 household events); null after a v1 event, which carries only the rounded per-capita figure. */
  annualIncomeFen: number | null;
  /** The dibao standard the household is judged against; absent when only v1 events told of it. */
  standardArea: StandardArea;
  financialAssetsFen: number;
  vehicleCount: number;
  housingUnits: number;
}

export type ProgrammeStatus = 'applied' | 'in-review' | 'enrolled' | 'suspended' | 'rejected' | 'ended';

export interface ProgrammeAttrs {
  status: ProgrammeStatus;
  from: string;
  to: string | null;
  householdId: string | null;
  caseId: string | null;
  monthlyAmountFen: number | null;
}

/** Rigid spending categories (支出型困难家庭: medical, education, rehabilitation, disaster, accident). */
export type ExpenseCategory = 'medical-bill' | 'medical-crowdfunding' | 'accident' | 'education' | 'disaster' | 'other';
