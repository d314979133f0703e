import { describe, expect, it } from 'vitest';
import { detectFormats, formatExample, numberReader, toPlainNumber, type DecimalMark } from '../../src/data/number-format.ts';

/** A column of cells as rows of one cell each. */
const column = (...cells: string[]) => cells.map((cell) => [cell]);
/** The float32 the import stores for a number: what every parsed value must equal exactly. */
const f32 = (value: number) => Math.fround(value);
/** Parse cells as the import does (into a float32 column), so comparisons are exact. */
const parsed = (decimal: DecimalMark, ...cells: string[]) => Array.from(Float32Array.from(cells, (cell) => {
  const value = numberReader(decimal)(cell);
  return typeof value === 'number' ? value : Number.NaN;
}));

describe('number formats: detection per column', () => {
  it.each([
    ['dot groups, decimal comma', ['1.234,5', '987,25', '12.000,00'], ',', '.'],
    ['comma groups, decimal point', ['1,234.5', '987.25', '12,000.00'], '.', ','],
    ['space groups, decimal comma', ['1 234,5', '987,25', '12 000,00'], ',', ' '],
    ['no-break space groups (U+00A0)', ['1\u00a0234,5', '987,25'], ',', '\u00a0'],
    ['narrow no-break space groups (U+202F, French)', ['1\u202f234,5', '987,25'], ',', '\u202f'],
    ['decimal comma, no groups', ['52,5', '115,0', '40'], ',', ''],
    ['plain decimal point', ['1234.5', '52.5', '-0.25'], '.', ''],
    ["Swiss apostrophe groups", ["1'234.5", '987.25'], '.', "'"],
  ] as const)('%s', (_name, cells, decimal, group) => {
    expect(detectFormats(column(...cells), 1, ',')).toEqual([{ decimal, group, basis: 'column' }]);
  });

  it('reads 1.234 and 1,234 alone by the column, then the other columns, then the delimiter', () => {
    const ambiguousDots = ['1.234', '5.678', '12.500'];
    // Nothing else to go on: a comma file reads decimal points, a semicolon file decimal commas.
    expect(detectFormats(column(...ambiguousDots), 1, ',')[0]).toMatchObject({ decimal: '.', basis: 'delimiter' });
    expect(detectFormats(column(...ambiguousDots), 1, ';')[0]).toMatchObject({ decimal: ',', basis: 'delimiter' });
    // Another column of the file clearly writes decimal commas: 1.234 is a thousands group.
    const rows = ambiguousDots.map((cell, i) => [cell, ['52,5', '47,5', '60,0'][i]!]);
    expect(detectFormats(rows, 2, ',')).toEqual([
      { decimal: ',', group: '.', basis: 'file' },
      { decimal: ',', group: '', basis: 'column' },
    ]);
    // One cell of the column itself settles it, whatever the delimiter says.
    expect(detectFormats(column(...ambiguousDots, '12,5'), 1, ',')[0]).toMatchObject({ decimal: ',', basis: 'column' });
    expect(detectFormats(column('1,234', '5,678', '0.5'), 1, ';')[0]).toMatchObject({ decimal: '.', basis: 'column' });
    // Whole numbers say nothing either way.
    expect(detectFormats(column('52', '1 234', '7'), 1, ';')[0]).toMatchObject({ decimal: ',', basis: 'delimiter' });
  });

  it('lets the majority of a column win over the odd cell written the other way', () => {
    expect(detectFormats(column('52,5', '47,5', '60,0', '1.5'), 1, ',')[0]!.decimal).toBe(',');
    expect(detectFormats(column('52.5', '47.5', '60.0', '1,5'), 1, ';')[0]!.decimal).toBe('.');
  });

  it('ignores missing cells and text when detecting', () => {
    expect(detectFormats(column('', 'NA', 'n/a', '52,5', 'abc'), 1, ',')[0]).toEqual({ decimal: ',', group: '', basis: 'column' });
  });

  it('shows each format as it writes 1234.5', () => {
    expect([formatExample(',', '.'), formatExample('.', ','), formatExample(',', '\u202f'), formatExample('.', "'")]).toEqual(['1.234,5', '1,234.5', '1 234,5', "1'234.5"]);
  });
});

describe('number formats: reading cells', () => {
  it('reads every format to the float32 of the number meant', () => {
    expect(parsed(',', '1.234,5', '1 234,5', '1\u00a0234,5', '1\u202f234,5', '52,5', '-0,25', ',5', '+7', '1.234.567', '2,5e3', ' 115,0 '))
      .toEqual([1234.5, 1234.5, 1234.5, 1234.5, 52.5, -0.25, 0.5, 7, 1234567, 2500, 115].map(f32));
    expect(parsed('.', '1,234.5', "1'234.5", '1 234.5', '52.5', '-0.25', '1,234,567.89', '1e3'))
      .toEqual([1234.5, 1234.5, 1234.5, 52.5, -0.25, 1234567.89, 1000].map(f32));
    // Values that float32 cannot hold exactly come out as the float32 nearest the decimal.
    expect(parsed(',', '0,1', '12.345,67')).toEqual([f32(0.1), f32(12345.67)]);
  });

  it('validates thousands groups: three digits, one separator, none after the decimal mark', () => {
    const comma = numberReader(',');
    const point = numberReader('.');
    // Under comma grouping `1,23` is not 123; with a decimal comma it is 1.23.
    expect(point('1,23')).toBe('invalid');
    expect(comma('1,23')).toBe(1.23);
    for (const cell of ['12,34,567', '1,2345', '1,234,56', '0,123', '1.234,567.5', '1,234 567.5', '1,234.5,6']) expect(point(cell)).toBe('invalid');
    for (const cell of ['1.23,4', '0.123,5', '1.234 567,5', '12.34', '1,234,5', '1.234,5.6']) expect(comma(cell)).toBe('invalid');
  });

  it('keeps missing markers missing and text text under both marks', () => {
    for (const decimal of [',', '.'] as const) {
      const read = numberReader(decimal);
      expect(['', ' ', 'NA', 'null', '-', undefined].map(read)).toEqual(Array(6).fill('missing'));
      expect(['abc', '55k', '1,5 %', '€12', 'Infinity', '0x10', '1e999', '12:30', '+33 1 23 45 67 89'].map(read)).toEqual(Array(9).fill('invalid'));
    }
  });

  it('rewrites numbers plain for comma-and-point exports, and nothing else', () => {
    expect(['-1.234,5', '1 234,5', '52,5', '12', ' 7,25 '].map((cell) => toPlainNumber(cell, ','))).toEqual(['-1234.5', '1234.5', '52.5', '12', '7.25']);
    expect(['1,234.5', "1'234.5", '52.5'].map((cell) => toPlainNumber(cell, '.'))).toEqual(['1234.5', '1234.5', '52.5']);
    expect(['abc', '', '1,23'].map((cell) => toPlainNumber(cell, '.'))).toEqual([null, null, null]);
  });
});
