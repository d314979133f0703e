import { describe, expect, it } from 'vitest';
import { fitAxes } from '../../src/page-state/view-params.ts';

describe('axes for any number of features', () => {
  it('keeps the drawn features that exist and fills the rest', () => {
    expect(fitAxes([0, 1, 2], 3)).toEqual([0, 1, 2]);
    expect(fitAxes([0, 1, 2], 2)).toEqual([0, 1, -1]);
    expect(fitAxes([2, 5, 7], 4)).toEqual([2, 0, 1]);
    expect(fitAxes([1, 1, 0], 3)).toEqual([1, 2, 0]);
  });
});
