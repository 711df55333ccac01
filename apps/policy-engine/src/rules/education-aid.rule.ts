import { DecisionBuilder, Rule } from './rule';
import { economicStatus } from './rule-helpers';

const AID_KEY: Record<string, string> = {
  middle: 'education.student_aid.middle_school',
  high: 'education.student_aid.high_school',
  vocational: 'education.student_aid.high_school',
  university: 'education.student_aid.university',
};

// docs/domain.md §1 special assistance, education: students of a dibao or extreme-poverty household
// (university 8000, high school 3000, middle school 1000 yuan a year).
export const educationAidRule: Rule = {
  id: 'education-aid',
  version: 1,
  effectiveFrom: '2020-01-01',
  department: 'assistance',
  programme: 'education',
  scope: 'person',
  priority: 'normal',
  summary: 'Student at middle school or above in a dibao or extreme-poverty household.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const status = economicStatus(f);
    d.fact('schooling', f.schooling);
    d.fact('household.economicStatus', status);
    const key = f.schooling ? AID_KEY[f.schooling] : undefined;
    if (!key) return d.decide(false);
    d.param(key);
    return d.decide(status === 'dibao' || status === 'extreme-poverty');
  },
};
