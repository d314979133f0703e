import { createStore, del, entries, get, set } from 'idb-keyval';
import { CURRENT_WORKSPACE, parseManifest, type WorkspaceEntry, type WorkspaceManifest } from './workspace-manifest.ts';

export { CURRENT_WORKSPACE, type WorkspaceManifest };

/** The key of a workspace's pinned labels: its id and this. */
const PINNED = ':pinned-labels';

/**
 * Where workspaces are kept (workspace-manifest.ts says what one holds): IndexedDB, the files and
 * the manifests in two databases, so saving a manifest as the analyst works never rewrites a file
 * of hundreds of megabytes.
 */
export function createWorkspaceStore() {
  const manifests = createStore('kmeans-workspaces', 'manifests');
  const files = createStore('kmeans-workspace-files', 'files');
  return {
    async list(): Promise<WorkspaceEntry[]> {
      const all = await entries<string, unknown>(manifests);
      return all.flatMap(([id, value]) => {
        const manifest = parseManifest(value);
        return manifest ? [{ id, manifest }] : [];
      }).sort((a, b) => b.manifest.savedAt.localeCompare(a.manifest.savedAt));
    },
    async manifest(id: string): Promise<WorkspaceManifest | null> {
      return parseManifest(await get(id, manifests));
    },
    /** The workspace's file, as it was imported. */
    async file(id: string): Promise<Blob | null> {
      const blob = await get<Blob>(id, files);
      return blob instanceof Blob ? blob : null;
    },
    saveFile: (id: string, file: Blob | null) => (file ? set(id, file, files) : del(id, files)),
    /** The pinned run's labels (one byte per source row), kept beside the file. */
    async pinnedLabels(id: string): Promise<Uint8Array | null> {
      const blob = await get<Blob>(`${id}${PINNED}`, files);
      return blob instanceof Blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    },
    savePinnedLabels: (id: string, labels: Uint8Array | null) =>
      (labels ? set(`${id}${PINNED}`, new Blob([labels as Uint8Array<ArrayBuffer>]), files) : del(`${id}${PINNED}`, files)),
    saveManifest: (id: string, manifest: WorkspaceManifest) => set(id, manifest, manifests),
    async remove(id: string): Promise<void> {
      await Promise.all([del(id, manifests), del(id, files), del(`${id}${PINNED}`, files)]);
    },
    /** What the browser lets this page keep, and whether it keeps it under storage pressure. */
    async usage(): Promise<{ used: number; quota: number; persisted: boolean } | null> {
      if (!navigator.storage?.estimate) return null;
      const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? false]);
      return { used: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
    },
    /** Ask the browser to keep the workspaces under storage pressure (it may say no). */
    persist: (): Promise<boolean> => navigator.storage?.persist?.() ?? Promise.resolve(false),
  };
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
