import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packWorkspace, parseWorkspaceRun, unpackWorkspace, type WorkspaceRun } from '../../src/data/workspace-archive.ts';

// The workspace file: the manifest and the customers' file byte for byte, in one zip; anything
// else given as one is refused in one sentence naming the file.

const csv = strToU8('CustomerID,Annual Income (k$),Spending Score (1-100)\n1,15,39\n2,16,81\n');
const manifest = { version: 1, name: 'Mall study', view: { search: 'k=5' } };

describe('a workspace file', () => {
  it('gives back the manifest and the customers\' file, byte for byte', () => {
    const archive = unpackWorkspace(packWorkspace(manifest, { name: 'mall.csv', bytes: csv }), 'mall.workspace.zip');
    expect(archive.manifest).toEqual(manifest);
    expect(archive.file?.name).toBe('mall.csv');
    expect(Array.from(archive.file!.bytes)).toEqual(Array.from(csv));
    // Generated customers: no file; a name with a path separator stays one entry.
    expect(unpackWorkspace(packWorkspace(manifest, null), 'generated.zip')).toEqual({ manifest, file: null, pinnedLabels: null });
    expect(unpackWorkspace(packWorkspace(manifest, { name: 'a/b.csv', bytes: csv }), 'x.zip').file?.name).toBe('a_b.csv');
  });

  it('keeps a pinned run\'s labels beside the customers', () => {
    const labels = Uint8Array.from([0, 1, 255, 1]);
    const archive = unpackWorkspace(packWorkspace(manifest, { name: 'mall.csv', bytes: csv }, labels), 'mall.workspace.zip');
    expect(Array.from(archive.pinnedLabels!)).toEqual([0, 1, 255, 1]);
    expect(unpackWorkspace(packWorkspace(manifest, { name: 'mall.csv', bytes: csv }), 'x.zip').pinnedLabels).toBeNull();
  });

  const header = (fields: Record<string, unknown>) => zipSync({ 'workspace.json': strToU8(JSON.stringify({ format: 'kmeans-workspace', formatVersion: 1, customers: null, manifest, ...fields })) });
  it.each([
    ['a CSV', csv, 'x.zip: not a workspace file (a workspace is a zip archive with workspace.json inside)'],
    ['a zip without workspace.json', zipSync({ 'data.csv': csv }), 'x.zip: a zip archive without workspace.json, so not a workspace file'],
    ['another format', header({ format: 'something' }), 'x.zip: its workspace.json is not a workspace\'s (format "something")'],
    ['a later version', header({ formatVersion: 2 }), 'x.zip: workspace format version 2 is not one this version reads (1)'],
    ['an unknown field', header({ extra: true }), 'x.zip: its workspace.json has an unknown field "extra"'],
    ['a missing customers entry', header({ customers: 'customers/mall.csv' }), 'x.zip: the customers\' file customers/mall.csv is missing from the archive'],
    ['pinned labels named but missing', header({ pinnedLabels: 'runs/pinned-labels.u8' }), 'x.zip: the pinned run\'s labels (runs/pinned-labels.u8) are missing from the archive'],
    ['customers outside customers/', header({ customers: '../etc/passwd' }), 'x.zip: "customers" must name a file directly under customers/'],
    ['customers climbing out of customers/', header({ customers: 'customers/../../.bashrc' }), 'x.zip: "customers" must name a file directly under customers/'],
  ])('refuses %s in one sentence', (_name, bytes, message) => {
    expect(() => unpackWorkspace(bytes, 'x.zip')).toThrow(message);
  });

  const run: WorkspaceRun = {
    algorithm: 'kmeans', features: ['Annual Income (k$)', 'Spending Score (1-100)'], missing: 'drop', outliers: 'keep', k: 5, init: 'k-means++', nInit: 3,
    maxIter: 300, tol: 1e-4, seed: 0, eps: 0.15, minSamples: 10, minClusterSize: 100, clusterSelection: 'eom', clusterSelectionEpsilon: 0, segmentNames: ['A', 'B', 'C', 'D', 'E'],
  };
  it('carries the run on screen for the command line, checked when read', () => {
    const archive = unpackWorkspace(packWorkspace(manifest, { name: 'mall.csv', bytes: csv }, null, run), 'mall.workspace.zip');
    expect(parseWorkspaceRun(archive.run, 'mall.workspace.zip')).toEqual(run);
    expect(() => parseWorkspaceRun(undefined, 'old.zip')).toThrow('old.zip: its run section is missing');
    expect(() => parseWorkspaceRun({ ...run, k: 0 }, 'x.zip')).toThrow('x.zip: its run has a count that is not a whole number in range');
    expect(() => parseWorkspaceRun({ ...run, algorithm: 'spectral' }, 'x.zip')).toThrow('x.zip: its run algorithm "spectral" is not kmeans, dbscan, hdbscan or gmm');
    expect(() => parseWorkspaceRun({ ...run, features: [] }, 'x.zip')).toThrow('x.zip: its run names no features');
  });
});
