import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMULA_CELL, findColumn, headerKey, parseNumberCell } from '../../src/data/cells.ts';
import { dropMissing, imputeMean, reportMissing } from '../../src/data/missing.ts';

describe('CSV cells', () => {
  it.each([
    ['42', 42], [' -3.5 ', -3.5], ['1e3', 1000], ['.5', 0.5], ['', 'missing'], ['NA', 'missing'], ['nan', 'missing'],
    ['n/a', 'missing'], ['abc', 'invalid'], ['1,5', 'invalid'], ['Infinity', 'invalid'], ['1e999', 'invalid'], ['0x10', 'invalid'],
  ] as const)('reads %j as %j', (cell, expected) => {
    expect(parseNumberCell(cell)).toBe(expected);
  });

  it('neutralises formulas for spreadsheets but leaves plain numbers alone', () => {
    const out = Papa.unparse([['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', '-12.5', '+3', 'plain', '1e-5']], { escapeFormulae: FORMULA_CELL });
    expect(out).toBe(`"'=1+1","'+A1","'-2+3","'@SUM(A1)","'\tx",-12.5,+3,plain,1e-5`);
  });

  it('leaves European numbers alone: -12,5 and -1.234,5 are numbers, -2+3 and -1,2,3 are not', () => {
    const numbers = ['-12,5', '-1.234,5', '+1 234,5', '-1\u202f234,5', '-1,234.5', "-1'234.5", '-0,5', '+3', '-7', '-1,5e3'];
    const formulas = ['-2+3', '=1+1', '@SUM(A1)', '+A1', '-1,2,3', '-12,5+1', '-1.23,4', '-cmd|calc', '+1 23'];
    expect(numbers.filter((cell) => FORMULA_CELL.test(cell))).toEqual([]);
    expect(formulas.filter((cell) => !FORMULA_CELL.test(cell))).toEqual([]);
    const out = Papa.unparse([[...numbers, ...formulas]], { delimiter: ';', escapeFormulae: FORMULA_CELL });
    expect(out).toBe([...numbers, ...formulas.map((cell) => `"'${cell}"`)].join(';'));
  });

  it('matches headers forgiving accents too: "Score crédit" is "Score credit"', () => {
    expect(headerKey('Score crédit')).toBe('scorecredit');
    expect(headerKey('Bonität (SCHUFA)')).toBe('bonitatschufa');
    expect(headerKey('Dépenses (1-100)')).toBe('depenses1100');
    expect(findColumn(['Région', 'Score crédit'], 'Score credit')).toBe(1);
    expect(findColumn(['Région', 'Score crédit'], 'region')).toBe(0);
  });

  it('matches headers forgiving case, spacing and punctuation, exact names first', () => {
    const headers = ['ID', 'annual income (k$)', 'Spending_Score_1_100', 'Credit Score'];
    expect(findColumn(headers, 'Annual Income (k$)')).toBe(1);
    expect(findColumn(headers, 'Spending Score (1-100)')).toBe(2);
    expect(findColumn(headers, 'Credit Score')).toBe(3);
    expect(findColumn(headers, 'Age')).toBe(-1);
  });
});

describe('missing values', () => {
  const columns = () => [Float32Array.from([1, NaN, 3, 4]), Float32Array.from([10, 20, NaN, NaN])];

  it('reports rows, per-column counts and the first offender', () => {
    expect(reportMissing(columns(), 4)).toEqual({ rows: 3, perColumn: [1, 2], firstRow: 1, firstColumn: 0 });
    expect(reportMissing([Float32Array.from([1, 2])], 2).rows).toBe(0);
  });

  it('drops incomplete rows and keeps a mask of which rows stayed', () => {
    const dropped = dropMissing(columns(), 4);
    expect(dropped.n).toBe(1);
    expect(Array.from(dropped.kept)).toEqual([1, 0, 0, 0]);
    expect(dropped.columns.map((c) => Array.from(c))).toEqual([[1], [10]]);
  });

  it('fills gaps with the mean of the present values', () => {
    const filled = columns();
    imputeMean(filled, 4);
    expect(Array.from(filled[0]!)).toEqual([1, 8 / 3, 3, 4].map(Math.fround));
    expect(Array.from(filled[1]!)).toEqual([10, 20, 15, 15]);
  });
});
