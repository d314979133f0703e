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
    expect(names).toEqual(['Low Age, low Balance', 'Low Age, low Balance (2)', 'High Age, high Balance']);
  });
});
