import { readHeader, toRecord } from './csv-record';

describe('CSV records', () => {
  it('needs the record columns once each', () => {
    expect(readHeader({ line: 1, cells: ['record_id', 'record_type', 'id_number', 'billDate'] }).ok).toBe(true);
    expect(readHeader({ line: 1, cells: ['record_id', 'id_number'] })).toEqual({
      ok: false,
      message: 'the header row lacks record_type',
    });
    expect(readHeader({ line: 1, cells: ['record_id', 'record_type', 'id_number', 'x', 'x'] }).ok).toBe(false);
  });

  it('converts integer and flag fields that look like them, and leaves the rest as text', () => {
    const cols = ['record_id', 'record_type', 'id_number', 'billDate', 'totalFen', 'selfPaidFen', 'inpatient', 'note'];
    expect(
      toRecord(cols, { line: 2, cells: ['b1', 'hospital-bill', 'ID', '2024-05-15', '100', '1.5', 'true', ''] }),
    ).toEqual({
      recordId: 'b1',
      recordType: 'hospital-bill',
      idNumber: 'ID',
      data: { billDate: '2024-05-15', totalFen: 100, selfPaidFen: '1.5', inpatient: true },
    });
  });

  it('keeps extra cells so validation rejects the row', () => {
    expect(toRecord(['record_id', 'record_type', 'id_number'], { line: 3, cells: ['a', 'b', 'c', 'd'] }).data).toEqual({
      '(extra cells)': 'd',
    });
  });
});
