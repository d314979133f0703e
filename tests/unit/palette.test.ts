import { describe, expect, it } from 'vitest';
import { BACKGROUND, CLUSTER_COLORS, contrastRatio } from '../../src/view/palette.ts';

describe('the cluster palette', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#332288', BACKGROUND)).toBeCloseTo(1.55, 2);
  });

  it('keeps every colour at least 3:1 against the background, all different', () => {
    const weak = CLUSTER_COLORS.filter((colour) => contrastRatio(colour, BACKGROUND) < 3);
    expect(weak).toEqual([]);
    expect(new Set(CLUSTER_COLORS.map((c) => c.toLowerCase())).size).toBe(CLUSTER_COLORS.length);
  });
});
