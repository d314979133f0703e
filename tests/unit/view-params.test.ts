import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, fitAxes, readViewParams, writeViewParams } from '../../src/page-state/view-params.ts';
import { densityAlpha } from '../../src/view/scatter/density-view.ts';

describe('axes for any number of features', () => {
  it('keeps the drawn features that exist and fills the rest', () => {
    expect(fitAxes([0, 1, 2], 3)).toEqual([0, 1, 2]);
    expect(fitAxes([0, 1, 2], 2)).toEqual([0, 1, -1]);
    expect(fitAxes([2, 5, 7], 4)).toEqual([2, 0, 1]);
    expect(fitAxes([1, 1, 0], 3)).toEqual([1, 2, 0]);
  });
});

describe('the density view in the link', () => {
  it('reads auto, on and off, writes only what differs from auto, and ignores anything else', () => {
    expect(readViewParams(new URLSearchParams('')).density).toBe('auto');
    expect(readViewParams(new URLSearchParams('density=on')).density).toBe('on');
    expect(readViewParams(new URLSearchParams('density=<b>')).density).toBe('auto');
    const search = new URLSearchParams();
    writeViewParams({ ...DEFAULT_VIEW, density: 'off' }, search);
    expect(search.toString()).toBe('density=off');
    const none = new URLSearchParams();
    writeViewParams(DEFAULT_VIEW, none);
    expect(none.toString()).toBe('');
  });

  it('makes each point fainter the more customers there are, within bounds', () => {
    expect(densityAlpha(100_000)).toBe(0.25);
    expect(densityAlpha(1_000_000)).toBeCloseTo(0.15, 10);
    expect(densityAlpha(5_000_000)).toBeCloseTo(0.03, 10);
    expect(densityAlpha(100_000_000)).toBe(0.02);
  });
});
