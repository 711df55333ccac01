import { Readable } from 'node:stream';
import { CsvRow, CsvRows, CsvTooLarge } from './csv-rows';

async function parse(chunks: (string | Buffer)[], max?: number): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const r of Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).pipe(
    new CsvRows(max),
  ))
    rows.push(r as CsvRow);
  return rows;
}

describe('CsvRows', () => {
  it('parses plain, quoted and escaped cells with CRLF and LF, skipping blank lines', async () => {
    const rows = await parse(['a,b,c\r\n1,"x, y","he said ""hi"""\n\n2,,last\n']);
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, y', 'he said "hi"'] },
      { line: 4, cells: ['2', '', 'last'] },
    ]);
  });

  it('keeps newlines inside quotes and counts lines', async () => {
    const rows = await parse(['id,note\n1,"two\nlines"\n2,z']);
    expect(rows[1]).toEqual({ line: 2, cells: ['1', 'two\nlines'] });
    expect(rows[2]).toEqual({ line: 4, cells: ['2', 'z'] });
  });

  it('gives the same rows however the input is split (quotes, CRLF and multi-byte characters across chunks)', async () => {
    const text = 'name,town\r\n"学校 ""一""",442000100\r\n"a,b",c\r\n';
    const whole = await parse([text]);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  });

  it('stops at the byte limit', async () => {
    await expect(parse(['a,b\n', '1,2\n', '3,4\n'], 6)).rejects.toBeInstanceOf(CsvTooLarge);
  });

  it('refuses an unclosed quote', async () => {
    await expect(parse(['a\n"open'])).rejects.toThrow('line 2');
  });
});
