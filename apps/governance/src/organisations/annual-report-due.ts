import { addDays, addMonths } from '@civic/calendar';
import { ParameterSet } from '@civic/policy-params';

export const DUE_MONTHS_KEY = 'governance.annual_report.due_months_after_year_end';

/**
 * The due date of the annual report for `year`: the last day of the n-th month after the year ends,
 * n being the parameter in force when the year closes (1 January of the next year).
 */
export function annualReportDueDate(params: ParameterSet, year: number): string {
  const yearClosed = `${year + 1}-01-01`;
  const months = params.countAt(DUE_MONTHS_KEY, yearClosed);
  return addDays(addMonths(yearClosed, months), -1);
}

/** Years an organisation reports for: from the year it registered up to the last closed year. */
export function isReportableYear(year: number, registeredOn: string, today: string): boolean {
  return year >= Number(registeredOn.slice(0, 4)) && year < Number(today.slice(0, 4));
}
