import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKmeans } from '../helpers.ts';

let dir = '';

/** Run `npm run kmeans -- ...` the way a user does, in a scratch folder. */
const kmeans = (...args: string[]) => runKmeans(dir, args);

const HEADER = 'CustomerID,Annual Income (k$),Spending Score (1-100),Credit Score';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmeans-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kmeans generate + fit', () => {
  it('generates seeded customers with the documented columns', () => {
    expect(kmeans('generate', '--n', '3000', '--seed', '9', '--out', 'a.csv').status).toBe(0);
    expect(kmeans('generate', '--n', '3000', '--seed', '9', '--out', 'b.csv').status).toBe(0);
    const text = readFileSync(join(dir, 'a.csv'), 'utf8');
    expect(text).toBe(readFileSync(join(dir, 'b.csv'), 'utf8'));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(3001);
    expect(lines[1]).toMatch(/^1,\d+(\.\d)?,\d+,\d+$/);
  });

  it('fits, prints the JSON summary last, writes the segmented CSV and the model', () => {
    kmeans('generate', '--n', '4000', '--seed', '3', '--out', 'c.csv');
    const run = kmeans('fit', '--input', 'c.csv', '--k', '4', '--backend', 'cpu', '--json', '--out', 'seg.csv', '--model', 'model.json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    for (const key of ['backend', 'n', 'd', 'k', 'iterations', 'converged', 'inertia', 'counts', 'centroids', 'ms_total', 'ms_per_iteration']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary).toMatchObject({ backend: 'cpu', n: 4000, d: 3, k: 4, converged: true });
    // 4 000 customers: too few for the kd-tree to pay, Hamerly's engine serves and says so.
    expect(summary.cpu_algorithm).toBe('Hamerly');
    expect(summary.counts.reduce((a: number, b: number) => a + b, 0)).toBe(4000);
    // Centroids are in business units and sorted by income; the four generated segments come back.
    const incomes = summary.centroids.map((c: number[]) => c[0]);
    expect(incomes).toEqual([...incomes].sort((a, b) => a - b));
    expect(summary.segments).toEqual([
      'Low-income, high spenders, fair credit',
      'Middle-income, moderate spenders, fair credit',
      'High-income, low spenders, good credit',
      'High-income, high spenders, excellent credit',
    ]);

    const out = readFileSync(join(dir, 'seg.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe(`${HEADER},Cluster,Segment`);
    expect(out).toHaveLength(4001);
    const input = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n');
    expect(out[1]!.startsWith(input[1]! + ',')).toBe(true);

    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model).toMatchObject({ format: 'kmeans-segmentation-model', k: 4, scaled: true, segmentNames: summary.segments });
    expect(model.centroids).toEqual(summary.centroids);
  });

  it('fits on worker threads with the kd-tree, the same numbers as on one thread, and names both', () => {
    // More than one run of 2^18 customers: something to share between threads.
    kmeans('generate', '--n', '300000', '--seed', '4', '--out', 'threads.csv');
    const summaries = ['2', '1'].map((threads) => {
      const run = kmeans('fit', '--input', 'threads.csv', '--k', '5', '--backend', 'cpu', '--threads', threads, '--json');
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    });
    expect(summaries.map((s) => [s.cpu_algorithm, s.cpu_threads])).toEqual([['kd-tree filtering', 2], ['kd-tree filtering', 1]]);
    expect(summaries[0].inertia).toBe(summaries[1].inertia);
    expect(summaries[0].centroids).toEqual(summaries[1].centroids);
    expect(summaries[0].counts).toEqual(summaries[1].counts);
    const text = kmeans('fit', '--input', 'threads.csv', '--k', '5', '--backend', 'cpu', '--threads', '2');
    expect(text.stdout.split('\n')[0]).toBe('threads.csv: 300000 customers, 3 features, k = 5 on cpu (kd-tree filtering, 2 threads)');
    // Fewer customers than one run: no thread would have work, and none is claimed.
    kmeans('generate', '--n', '20000', '--seed', '4', '--out', 'one-run.csv');
    const small = kmeans('fit', '--input', 'one-run.csv', '--k', '5', '--backend', 'cpu', '--threads', '2', '--json');
    expect(JSON.parse(small.stdout.trim().split('\n').at(-1)!)).toMatchObject({ cpu_algorithm: 'kd-tree filtering', cpu_threads: 1 });
    // One start: building the index would cost more than it saves, Hamerly's engine serves.
    const once = kmeans('fit', '--input', 'one-run.csv', '--k', '5', '--backend', 'cpu', '--n-init', '1', '--json');
    expect(JSON.parse(once.stdout.trim().split('\n').at(-1)!)).toMatchObject({ cpu_algorithm: 'Hamerly', cpu_threads: 1 });
  });

  it('starts from centroids given in a CSV file, in the input units', () => {
    kmeans('generate', '--n', '2000', '--seed', '4', '--out', 'd.csv');
    writeFileSync(join(dir, 'init.csv'), 'Annual Income (k$),Spending Score (1-100),Credit Score\n30,75,590\n55,45,640\n85,18,720\n120,80,760\n');
    const run = kmeans('fit', '--input', 'd.csv', '--k', '4', '--init', 'init.csv', '--backend', 'cpu', '--json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    summary.centroids.forEach((c: number[], j: number) => expect(Math.abs(c[0]! - [30, 55, 85, 120][j]!)).toBeLessThan(3));
    expect(kmeans('fit', '--input', 'd.csv', '--k', '3', '--init', 'init.csv').stderr).toBe('error: init.csv: has 4 centroid rows, k is 3');
  });

  it('reads semicolons, a BOM, quoted numbers and forgiving header spelling', () => {
    writeFileSync(join(dir, 'semi.csv'), '\uFEFFid;annual income (k$);SPENDING SCORE (1-100);credit score\n1;"15";39;600\n2;"16";81;700\n3;"17";6;650\n4;"18";77;720\n');
    const run = kmeans('fit', '--input', 'semi.csv', '--k', '2', '--backend', 'cpu', '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ n: 4, k: 2 });
  });

  it('neutralises formula cells in the export but keeps negative numbers', () => {
    writeFileSync(join(dir, 'f.csv'), 'Name,Balance,x,y\n=HYPERLINK("http://x"),-5,1,2\n@SUM(A1),+3,2,1\nplain,7,5,5\n');
    const run = kmeans('fit', '--input', 'f.csv', '--k', '2', '--features', 'x,y', '--backend', 'cpu', '--out', 'f-out.csv');
    expect(run.status).toBe(0);
    const out = readFileSync(join(dir, 'f-out.csv'), 'utf8');
    expect(out).toContain(`"'=HYPERLINK(""http://x"")",-5,`);
    expect(out).toContain(`"'@SUM(A1)",+3,`);
    expect(out).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('keeps rows with missing values in the export, unclustered, under --missing drop', () => {
    writeFileSync(join(dir, 'm.csv'), `${HEADER}\n1,50,40,600\n2,,30,700\n3,80,20,720\n`);
    expect(kmeans('fit', '--input', 'm.csv', '--k', '2', '--missing', 'drop', '--out', 'm-out.csv').status).toBe(0);
    const out = readFileSync(join(dir, 'm-out.csv'), 'utf8').trim().split('\n');
    expect(out[2]).toBe('2,,30,700,,');
    expect(out[1]).toMatch(/^1,50,40,600,[01],/);
  });
});

describe('kmeans fit on bad input: one line naming file, row and column; no output left behind', () => {
  const cases: [string, string, string[], string][] = [
    ['a missing file', '', ['--input', 'nope.csv'], 'error: nope.csv: no such file'],
    ['an empty file', '', ['--input', 'empty.csv'], 'error: empty.csv: the file is empty'],
    ['a header only', `${HEADER}\n`, ['--input', 'header.csv'], 'error: header.csv: no data rows after the header'],
    ['an unknown column', `${HEADER}\n1,2,3,4\n`, ['--input', 'col.csv', '--features', 'Age'], 'error: col.csv: column "Age" not found; the columns are: CustomerID, Annual Income (k$), Spending Score (1-100), Credit Score'],
    ['a non-numeric cell', `${HEADER}\n1,50,40,600\n2,60,lots,700\n`, ['--input', 'text.csv'], 'error: text.csv: row 3, column "Spending Score (1-100)": "lots" is not a number'],
    ['a NaN cell', `${HEADER}\n1,50,40,600\n2,60,40,NaN\n`, ['--input', 'nan.csv'], 'error: nan.csv: row 3, column "Credit Score": value is missing (1 row has a missing value; use --missing drop or --missing mean)'],
    ['a ragged row', `${HEADER}\n1,50,40,600\n2,60,40\n`, ['--input', 'ragged.csv'], 'error: ragged.csv: row 3 has 3 fields, the header has 4'],
    ['k larger than n', `${HEADER}\n1,50,40,600\n2,60,40,700\n`, ['--input', 'small.csv', '--k', '3'], 'error: small.csv: k (3) exceeds the number of customers (2)'],
  ];
  it.each(cases)('%s', (_name, content, args, message) => {
    const file = args[1]!;
    if (content || file === 'empty.csv') writeFileSync(join(dir, file), content);
    const before = readdirSync(dir);
    const run = kmeans('fit', '--k', '2', ...args, '--out', `${file}.out.csv`, '--model', `${file}.model.json`);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(message);
    expect(existsSync(join(dir, `${file}.out.csv`))).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
  });
});

describe('kmeans fit --sample: fit on a sample, assign everyone', () => {
  it('fits on a seeded sample, labels every customer, and reports both inertias; assign agrees', () => {
    kmeans('generate', '--n', '30000', '--seed', '12', '--out', 'big.csv');
    const run = kmeans('fit', '--input', 'big.csv', '--k', '4', '--sample', '5000', '--seed', '3', '--json', '--out', 'big-seg.csv', '--model', 'big.json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ n: 30000, k: 4, sample: { n: 5000, seed: 3 } });
    // The sample's inertia sums fewer customers; the whole file's is reported as the fit's.
    expect(summary.sample.inertia).toBeLessThan(summary.inertia / 3);
    expect(summary.counts.reduce((a: number, b: number) => a + b, 0)).toBe(30000);
    const segmented = readFileSync(join(dir, 'big-seg.csv'), 'utf8').trim().split('\n');
    expect(segmented).toHaveLength(30001);
    expect(segmented.slice(1).every((line) => /,[0-3],"?[A-Z]/.test(line))).toBe(true);
    // Scoring the whole file with the model gives the same labels and inertia: the model is the sample's fit.
    const assigned = kmeans('assign', '--model', 'big.json', '--input', 'big.csv', '--out', 'big-assigned.csv', '--json');
    expect(readFileSync(join(dir, 'big-assigned.csv'), 'utf8')).toBe(readFileSync(join(dir, 'big-seg.csv'), 'utf8'));
    expect(JSON.parse(assigned.stdout.trim().split('\n').at(-1)!).inertia).toBeCloseTo(summary.inertia, 6);
    // The same seed draws the same sample: the same fit.
    const again = JSON.parse(kmeans('fit', '--input', 'big.csv', '--k', '4', '--sample', '5000', '--seed', '3', '--json').stdout.trim().split('\n').at(-1)!);
    expect(again.inertia).toBe(summary.inertia);
    // A sample as large as the file is the ordinary fit.
    const whole = JSON.parse(kmeans('fit', '--input', 'big.csv', '--k', '4', '--sample', '30000', '--seed', '3', '--json').stdout.trim().split('\n').at(-1)!);
    expect(whole.sample).toBeUndefined();
    expect(kmeans('fit', '--input', 'big.csv', '--k', '5', '--sample', '3').stderr.trim()).toBe('error: --sample 3 draws fewer customers than k = 5 clusters');
  });
});

describe('kmeans assign: scoring new customers with a saved model', () => {
  it('gives the clusters the fit gave, for the fitted customers, without refitting', () => {
    kmeans('generate', '--n', '5000', '--seed', '8', '--out', 'train.csv');
    expect(kmeans('fit', '--input', 'train.csv', '--k', '4', '--backend', 'cpu', '--out', 'train-seg.csv', '--model', 'm.json').status).toBe(0);
    const run = kmeans('assign', '--model', 'm.json', '--input', 'train.csv', '--out', 'scored.csv', '--json');
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'scored.csv'), 'utf8')).toBe(readFileSync(join(dir, 'train-seg.csv'), 'utf8'));
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    const model = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(summary.counts).toEqual(model.metrics.counts);
    expect(summary.inertia).toBeCloseTo(model.metrics.inertia, 6);
  });

  it('scores new customers into the saved segments', () => {
    kmeans('generate', '--n', '5000', '--seed', '9', '--out', 'train2.csv');
    kmeans('fit', '--input', 'train2.csv', '--k', '4', '--backend', 'cpu', '--model', 'm2.json');
    writeFileSync(join(dir, 'new.csv'), `${HEADER}\n1,121,79,755\n2,29,74,588\n3,56,44,642\n`);
    expect(kmeans('assign', '--model', 'm2.json', '--input', 'new.csv', '--out', 'new-scored.csv').status).toBe(0);
    const rows = readFileSync(join(dir, 'new-scored.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',').slice(4).join(','))).toEqual([
      '3,"High-income, high spenders, excellent credit"',
      '0,"Low-income, high spenders, fair credit"',
      '1,"Middle-income, moderate spenders, fair credit"',
    ]);
  });

  it('refuses a broken model or input with one line', () => {
    writeFileSync(join(dir, 'bad-model.json'), '{"format": "something else"}');
    expect(kmeans('assign', '--model', 'bad-model.json', '--input', 'new.csv').stderr).toBe(
      'error: bad-model.json: not a segmentation model (no "format": "kmeans-segmentation-model")',
    );
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    const wrongColumns = kmeans('assign', '--model', 'm2.json', '--input', 'other.csv', '--out', 'x.csv');
    expect(wrongColumns.status).toBe(1);
    expect(wrongColumns.stderr).toBe('error: other.csv: column "Annual Income (k$)" not found; the columns are: a, b');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});
