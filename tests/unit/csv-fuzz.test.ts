import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readCsvBatches } from '../../src/data/csv-stream.ts';

// The batch reader against papaparse on the whole text: random fields with quotes, commas, line
// breaks and multi-byte characters, an optional BOM, LF or CRLF, the bytes cut into random
// pieces and the text into tiny batches, so characters and records straddle every boundary.
// FUZZ_RUNS=5000 npx vitest run --project unit tests/unit/csv-fuzz.test.ts runs it longer.

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** A Blob whose stream hands out the bytes in the given pieces (where a UTF-8 character may be cut). */
function chunkedBlob(bytes: Uint8Array, cuts: readonly number[]): Blob {
  const ends = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return {
    size: bytes.length,
    stream: () => new ReadableStream<Uint8Array>({
      start(controller) {
        let at = 0;
        for (const end of [...ends, bytes.length]) {
          if (end > at) controller.enqueue(bytes.slice(at, end));
          at = Math.max(at, end);
        }
        controller.close();
      },
    }),
  } as unknown as Blob;
}

const character = fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', '€', '漢', '😀', '-', '.', '=');
const field = fc.array(character, { maxLength: 8 }).map((chars) => chars.join(''));
const table = fc.integer({ min: 2, max: 5 }).chain((width) =>
  fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));

async function readAll(blob: Blob, batchBytes: number) {
  const rows: string[][] = [];
  let delimiter = '';
  let bom = false;
  for await (const batch of readCsvBatches(blob, { batchBytes })) {
    rows.push(...batch.rows);
    delimiter = batch.delimiter;
    bom = batch.bom;
  }
  return { rows, delimiter, bom };
}

describe('the CSV batch reader, fuzzed', () => {
  it(`agrees with papaparse on the whole text (${RUNS} random files, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), fc.boolean(), fc.array(fc.nat(4000), { maxLength: 12 }), fc.integer({ min: 1, max: 64 }),
        async (rows, withBom, crlf, cuts, batchBytes) => {
          // Quote every field: the delimiter is then unambiguous, as a spreadsheet's export is.
          const newline = crlf ? '\r\n' : '\n';
          const text = Papa.unparse(rows, { quotes: true, newline }) + newline;
          const bytes = new TextEncoder().encode((withBom ? '\ufeff' : '') + text);
          const read = await readAll(chunkedBlob(bytes, cuts), batchBytes);
          const expected = Papa.parse<string[]>(text.slice(0, -newline.length), { delimiter: ',', newline }).data;
          expect(read.delimiter).toBe(',');
          expect(read.bom).toBe(withBom);
          expect(read.rows).toEqual(expected);
        }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('reads any bytes at all without throwing (invalid UTF-8 included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600), { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (bytes, cuts, batchBytes) => {
        const read = await readAll(chunkedBlob(bytes, cuts), batchBytes);
        expect(Array.isArray(read.rows)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('stays linear in the input size on pathological quoting', async () => {
    // An opening quote that never closes, then many lines: one record as long as the file;
    // and a line of nothing but quotes.
    const cases = [
      (size: number) => '"' + 'abc,def\n'.repeat(size / 8),
      (size: number) => 'a,b\n' + '"'.repeat(size) + '\n',
    ];
    for (const make of cases) {
      const seconds = async (size: number) => {
        // Handed out in 4 kB pieces, as a slow disk or a network stream would: many reads per record.
        const bytes = new TextEncoder().encode(make(size));
        const blob = chunkedBlob(bytes, Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => i * 4096));
        const started = performance.now();
        await readAll(blob, 1 << 16);
        return (performance.now() - started) / 1000;
      };
      await seconds(1 << 19); // warm up
      const [one, four] = [await seconds(1 << 20), await seconds(1 << 22)];
      // Linear would be 4x; a rescan per read (quadratic) was far above 16x here.
      expect(four / one).toBeLessThan(10);
    }
  }, 120_000);
});
