import { residentIdNumberAt } from '@civic/testing';

/** The hub bulk benches' file: hospital bills, one per resident (P3, docs/reliability.md). */
export const BILL_HEADER = 'record_id,record_type,id_number,billDate,totalFen,insurancePaidFen,selfPaidFen,inpatient';

/** The cells of bill `i` (its line in the file is i + 2), in BILL_HEADER's order. */
export function billCells(i: number): string[] {
  const total = 100_000 + (i % 5000) * 100;
  return [
    `bill-${i}`,
    'hospital-bill',
    residentIdNumberAt(i),
    `2024-05-${String(1 + (i % 28)).padStart(2, '0')}`,
    String(total),
    String(Math.floor(total * 0.6)),
    String(total - Math.floor(total * 0.6)),
    String(i % 3 === 0),
  ];
}
