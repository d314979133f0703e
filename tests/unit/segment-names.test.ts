import { describe, expect, it } from 'vitest';
import { CREDIT, INCOME, SPENDING } from '../../src/data/features.ts';
import { segmentNames } from '../../src/kmeans/segment-names.ts';

describe('segment names', () => {
  const features = [INCOME, SPENDING, CREDIT];
  it('reads the four segments of the study in business words', () => {
    const centroids = Float64Array.from([120, 80, 760, 60, 40, 650, 30, 70, 560, 80, 20, 700]);
    expect(segmentNames(features, centroids, [70, 50, 680], [30, 25, 60])).toEqual([
      'High-income, high spenders, excellent credit',
      'Middle-income, moderate spenders, fair credit',
      'Low-income, high spenders, poor credit',
      'High-income, low spenders, good credit',
    ]);
  });
  it('describes other features against the population and keeps names distinct', () => {
    const names = segmentNames(['Age', 'Balance'], Float64Array.from([20, 5, 20, 5, 60, 100]), [40, 50], [10, 20]);
    // The two alike differ most in Balance (5 vs 9 is 0.2 std; their ages are equal).
    const apart = segmentNames(['Age', 'Balance'], Float64Array.from([20, 9, 20, 5, 60, 100]), [40, 50], [10, 20]);
    expect(apart).toEqual(['Low Age, low Balance (upper)', 'Low Age, low Balance (lower)', 'High Age, high Balance']);
    // Exactly alike: numbered.
    expect(names).toEqual(['Low Age, low Balance', 'Low Age, low Balance (2)', 'High Age, high Balance']);
  });

  it('tells apart two segments in one band where they differ most, at the front of the name where a narrow box shows it', () => {
    // Two middle-income, moderate-spending, fair-credit segments: one at 50 k$, one at 68 k$ (same spending and credit).
    const centroids = Float64Array.from([50, 50, 650, 120, 80, 760, 68, 52, 655]);
    expect(segmentNames(features, centroids, [70, 50, 680], [30, 25, 60])).toEqual([
      'Lower middle-income, moderate spenders, fair credit',
      'High-income, high spenders, excellent credit',
      'Upper middle-income, moderate spenders, fair credit',
    ]);
    // Three alike along spending.
    const three = Float64Array.from([60, 45, 650, 60, 55, 650, 60, 50, 650]);
    expect(segmentNames(features, three, [70, 50, 680], [30, 25, 60])).toEqual([
      'Middle-income, lower moderate spenders, fair credit',
      'Middle-income, upper moderate spenders, fair credit',
      'Middle-income, mid moderate spenders, fair credit',
    ]);
  });
});
