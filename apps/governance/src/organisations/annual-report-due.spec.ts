import { loadParameters } from '@civic/policy-params';
import { annualReportDueDate, isReportableYear } from './annual-report-due';

describe('annual report due dates', () => {
  const params = loadParameters();

  it('falls on 31 May of the next year with the 5 months in force', () => {
    expect(annualReportDueDate(params, 2023)).toBe('2024-05-31');
    expect(annualReportDueDate(params, 2024)).toBe('2025-05-31');
  });

  it('follows a value scheduled for a later year', () => {
    const later = params.withOverrides([
      {
        key: 'governance.annual_report.due_months_after_year_end',
        value: 3,
        effectiveFrom: '2026-01-01',
        source: 'test',
        scheduledBy: 'test',
      },
    ]);
    expect(annualReportDueDate(later, 2024)).toBe('2025-05-31');
    expect(annualReportDueDate(later, 2025)).toBe('2026-03-31');
  });

  it('takes reports from the registration year up to the last closed year', () => {
    expect(isReportableYear(2022, '2022-11-20', '2024-03-01')).toBe(true);
    expect(isReportableYear(2023, '2022-11-20', '2024-03-01')).toBe(true);
    expect(isReportableYear(2024, '2022-11-20', '2024-03-01')).toBe(false);
    expect(isReportableYear(2021, '2022-11-20', '2024-03-01')).toBe(false);
  });
});
