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

  it('puts one blue among the first five segments (no two neighbouring blues at k = 5)', () => {
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const span = max - Math.min(r, g, b);
      const h = max === r ? ((g - b) / span) % 6 : max === g ? (b - r) / span + 2 : (r - g) / span + 4;
      return (h * 60 + 360) % 360;
    };
    // Blue: hue 190 to 250 degrees. Sky blue (#56B4E9, 202) and blue (#0072B2, 202) were both in the first five.
    const blues = CLUSTER_COLORS.slice(0, 5).filter((colour) => hue(colour) >= 190 && hue(colour) <= 250);
    expect(blues).toEqual(['#56B4E9']);
  });
});
