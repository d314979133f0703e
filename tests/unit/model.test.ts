import { describe, expect, it } from 'vitest';
import { centroidsFor, type SegmentModel } from '../../src/kmeans/model.ts';

describe('a model on customers whose columns come in another order', () => {
  const model = {
    features: ['Annual Income (k$)', 'Spending Score (1-100)'], k: 2, centroids: [[100, 20], [40, 80]],
  } as unknown as SegmentModel;

  it('reorders the centroids to the customers\' features, forgiving spelling', () => {
    expect(Array.from(centroidsFor(model, ['spending score (1-100)', 'annual income (k$)']))).toEqual([20, 100, 80, 40]);
  });

  it('names what is missing', () => {
    expect(() => centroidsFor(model, ['Age', 'annual income (k$)'])).toThrow('the model needs "Spending Score (1-100)"; the customers have "Age", "annual income (k$)"');
    expect(() => centroidsFor(model, ['a', 'b', 'c'])).toThrow('the model has 2 features; the customers are clustered on 3');
  });
});
