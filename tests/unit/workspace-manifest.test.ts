import { describe, expect, it } from 'vitest';
import { parseManifest, type WorkspaceManifest } from '../../src/app/workspace/workspace-manifest.ts';

// A workspace's manifest is read back from the browser's storage, which can hold an older or a
// damaged one: it is used whole or not at all.

const view = { name: 'Workspace', notes: '', search: 'k=5&file=mall.csv', camera: { position: [1, 2, 3], target: [0, 0, 0] }, segmentNames: ['Premium', 'Careful'], lasso: null };
const good: WorkspaceManifest = {
  version: 1, name: 'Mall study', savedAt: '2026-12-07T18:00:00.000Z', file: { name: 'mall.csv', bytes: 4000, rows: 200 },
  columns: { features: [2, 3], formats: [] }, badRows: 'drop', view, model: { file: 'model.json', text: '{"format":"kmeans-segmentation-model"}' },
  pinned: { k: 2, names: ['Premium', 'Careful'], slots: [0, 3] },
  fitted: { model: '{"format":"kmeans-segmentation-model"}', stop: 'tol' },
  segments: { features: ['Income', 'Spending'], segments: [{ centre: [20, 80], slot: 3, name: 'Premium' }, { centre: [60, 40], slot: 0, name: null }] },
};

describe('a workspace manifest read back', () => {
  it('is the manifest that was saved', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseManifest({ ...good, file: null, columns: null })).toEqual({ ...good, file: null, columns: null });
    // Saved before models were kept: none.
    expect(parseManifest({ ...good, model: undefined })).toEqual({ ...good, model: null });
    // Saved before pinned runs were kept: none.
    expect(parseManifest({ ...good, pinned: undefined })).toEqual({ ...good, pinned: null });
    expect(parseManifest({ ...good, segments: undefined })).toEqual({ ...good, segments: null });
    expect(parseManifest({ ...good, fitted: undefined })).toEqual({ ...good, fitted: null });
  });

  it.each([
    ['another version', { ...good, version: 2 }],
    ['no view', { ...good, view: undefined }],
    ['a view without a camera', { ...good, view: { ...view, camera: null } }],
    ['a file without its columns', { ...good, columns: null }],
    ['columns that are not indices', { ...good, columns: { features: ['a'], formats: [] } }],
    ['an unknown bad-row choice', { ...good, badRows: 'guess' }],
    ['a model that is not text', { ...good, model: { file: 'model.json', text: 42 } }],
    ['a pinned run with names and colours that disagree', { ...good, pinned: { k: 2, names: ['A'], slots: [0, 1] } }],
    ['a remembered segment with a centre of the wrong length', { ...good, segments: { features: ['Income', 'Spending'], segments: [{ centre: [1], slot: 0, name: null }] } }],
    ['a kept run that stopped for no known reason', { ...good, fitted: { model: '{}', stop: 'bored' } }],
    ['not an object', 'manifest'],
  ])('is refused whole: %s', (_name, value) => {
    expect(parseManifest(value)).toBeNull();
  });
});
