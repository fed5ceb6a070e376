import { CsvReader, type CsvRow } from './csv-reader';

async function readAll(text: string, chunkSize: number): Promise<{ rows: CsvRow[]; error: Error | null }> {
  const sut = new CsvReader();
  const rows: CsvRow[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const r = await sut.write(bytes.subarray(i, i + chunkSize));
    rows.push(...r.rows);
    if (r.error) return { rows, error: r.error };
  }
  const r = await sut.end();
  return { rows: [...rows, ...r.rows], error: r.error };
}

describe('CsvReader', () => {
  const text = '\uFEFFid,comment\r\na,"one\r\ntwo"\r\n\r\nb,"say ""hi"""\r\nc\r\n\r\n\r\nd,è\r\n';

  it.each([1, 2, 7, 1000])(
    'reads rows with their starting lines, whatever the chunking (%i bytes)',
    async (size) => {
      const { rows, error } = await readAll(text, size);
      expect(error).toBeNull();
      expect(rows).toEqual([
        { cells: ['id', 'comment'], line: 1 },
        { cells: ['a', 'one\r\ntwo'], line: 2 },
        { cells: ['b', 'say "hi"'], line: 5 },
        { cells: ['c'], line: 6 },
        { cells: ['d', 'è'], line: 9 },
      ]);
    },
  );

  it('counts lines the same with LF line ends', async () => {
    const { rows } = await readAll(text.replace(/\r\n/g, '\n'), 3);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6, 9]);
    expect(rows[1].cells).toEqual(['a', 'one\ntwo']);
  });

  it('returns the rows before a syntax error, then the error', async () => {
    const { rows, error } = await readAll('id,n\nx,1\ny,2\nz,"3\nw,4\n', 1000);
    expect(rows.map((r) => r.cells[0])).toEqual(['id', 'x', 'y']);
    expect(error?.message).toMatch(/Quote Not Closed/);
    const mid = await readAll('id,n\nx,1\ny,"2"oops\nz,3\n', 4);
    expect(mid.rows.map((r) => r.cells[0])).toEqual(['id', 'x']);
    expect(mid.error?.message).toMatch(/Invalid Closing Quote.*line 3/);
  });

  it('an empty input has no rows', async () => {
    expect(await readAll('', 10)).toEqual({ rows: [], error: null });
  });
});
