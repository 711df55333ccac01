import { DecisionBuilder, Rule } from './rule';
import { addMonths } from '@civic/calendar';

const VERIFIED = ['dibao', 'low-income', 'extreme-poverty'];

// docs/domain.md §1 workflow: cases are re-verified periodically; an enrolment older than the interval
// is due for re-verification.
export const reverificationDueRule: Rule = {
  id: 'case-reverification-due',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  scope: 'person',
  priority: 'low',
  summary: 'An assistance enrolment is due for periodic re-verification.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const months = d.param('assistance.reverification.interval_months').value as number;
    const due = f.programmes
      .filter(
        (p) => p.department === 'assistance' && VERIFIED.includes(p.programme) && p.status === 'enrolled' && p.from,
      )
      .filter((p) => addMonths(p.from as string, months) <= date);
    for (const p of due) d.fact(`programme.assistance.${p.programme}.from`, p.from as string);
    return d.decide(due.length > 0);
  },
};
