// The shape every programme's assessment takes, household-level or per member.
import type { ParameterSet, ParameterValue } from '@civic/policy-params';
import type { Household } from '../households/household.model';
import type { Reason } from './reason';

export interface Amount {
  fen: number;
  per: 'month' | 'year' | 'case';
}

export interface MemberResult {
  personRef: string;
  eligible: boolean;
  amount: Amount | null;
  reasons: Reason[];
}

export interface ProgrammeResult {
  eligible: boolean;
  /** Household total; for per-person programmes the sum over eligible members. */
  amount: Amount | null;
  reasons: Reason[];
  /** Per-person programmes (and dibao's per-member supplements) report each member. */
  members?: MemberResult[];
  /** False when a parameter the rule needs has no value yet on the date (e.g. a 2019 date for a 2020 rule). */
  assessable?: false;
}

/** What every programme rule reads: the household, the date and the values in force on it. */
export interface Assessment {
  household: Household;
  date: string;
  params: ParameterSet;
  memberCount: number;
  /** Household income as an exact annual integer (monthly lines × 12 + annual lines). */
  annualIncomeFen: number;
  /** The dibao standard for the household's area on the date (fen/month). */
  standard: ParameterValue;
}

/** Folds per-member results into a programme result: eligible if any member is, amounts summed. */
export function perMember(members: MemberResult[], per: Amount['per'], reasons: Reason[] = []): ProgrammeResult {
  const eligible = members.filter((m) => m.eligible);
  const fen = eligible.reduce((sum, m) => sum + (m.amount?.fen ?? 0), 0);
  return { eligible: eligible.length > 0, amount: eligible.length > 0 ? { fen, per } : null, reasons, members };
}
