import type { BadRowChoice } from '../../data/csv-import.ts';
import { bookmarkLink, type Bookmark } from '../../page-state/bookmarks.ts';
import { readRunParams } from '../../page-state/run-params.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import { readViewParams } from '../../page-state/view-params.ts';
import { formatBytes, type ColumnChoice } from '../../view/import-dialogs.ts';
import type { createOffer } from '../../view/offer.ts';
import type { WorkspacesSection } from '../../view/workspaces-section.ts';
import { packWorkspace, unpackWorkspace, type WorkspaceRun } from '../../data/workspace-archive.ts';
import { downloadBlob } from '../../view/download.ts';
import { MAX_KEPT_MODEL_CHARS, parseManifest, type FittedRun, type PinnedLooks } from './workspace-manifest.ts';
import type { SegmentMemory } from '../segments/segment-identity.ts';
import { CURRENT_WORKSPACE, type WorkspaceManifest, type WorkspaceStore } from './workspace-store.ts';

/** How often the current workspace is compared with what was saved (camera, names, selection). */
const SAVE_EVERY_MS = 3000;

/**
 * The analyst's work kept as it changes, and brought back: the current workspace is saved a few
 * seconds after any change (the imported file once, when imported); opening the page without a
 * link offers it back; named copies are kept, listed with their size, opened and deleted.
 * A full quota is said in one sentence and the page goes on working.
 */
export function createWorkspaces(parts: {
  store: WorkspaceStore;
  state: PageStateStore;
  section: WorkspacesSection;
  offer: ReturnType<typeof createOffer>;
  /** The view now, as a bookmark (run and view parameters, names, camera, selection). */
  captureView: () => Bookmark;
  /** Put this view back once the next run has finished (null: not any more). */
  restoreAfterRun: (view: Bookmark | null) => void;
  /** Read a kept file again as it was read; `fitted`: put its run back by assigning to the run's centroids instead of refitting. */
  importSaved: (file: File, columns: ColumnChoice, badRows: BadRowChoice, fitted: FittedRun | null) => Promise<boolean>;
  /** The finished run as a model and its stop, where assigning to its centroids gives its labels back (a KMeans fit on untreated customers); null: a restore refits. */
  fittedRun: () => Promise<FittedRun | null>;
  /** The Data tab's loaded model, and loading one back. */
  loadedModel: () => { file: string; text: string } | null;
  loadModel: (file: string, text: string) => Promise<void>;
  /** The Segments tab's pinned run: how many pins so far, the pinned run itself, and putting one back. */
  pins: () => number;
  pinnedRun: () => Promise<{ k: number; labels: Uint8Array; looks: { names: readonly string[]; slots: readonly number[] } } | null>;
  restorePinned: (run: { k: number; labels: Uint8Array; looks: { names: readonly string[]; slots: readonly number[] } }) => Promise<void>;
  /** The run on screen in the command line's terms (all but the missing-value choice, which the import made), or null before one ended. */
  describeRun: () => Omit<WorkspaceRun, 'missing'> | null;
  /** The segments' colours and names as remembered, and remembering a workspace's before its run is fitted again. */
  segmentMemory: () => SegmentMemory;
  rememberSegments: (memory: SegmentMemory | null) => void;
  /** Generate the customers the run parameters name and fit them (after the engine was restarted). */
  generateAgain: () => Promise<void>;
  say: (text: string, tone?: 'ok' | 'error') => void;
  /** A sentence the analyst must see wherever they are (over the view). */
  notify: (text: string) => void;
}) {
  const { store, state, section } = parts;
  // The imported file the current workspace holds; null while the customers are generated.
  let imported: Pick<WorkspaceManifest, 'file' | 'columns' | 'badRows'> | null = null;
  // What was saved last: the manifest without its time or model, and the model's text (compared by
  // reference, not written out every few seconds: it can be megabytes).
  let lastSaved = '';
  let lastModel: string | null = null;
  // The pinned run as saved (its labels are in the store), and the pin count it was saved at.
  let pinned: PinnedLooks | null = null;
  let savedPins = 0;
  let failed = false;
  // While a workspace is put back the page holds half of it: nothing is saved until it is whole.
  let restoring = false;
  // When the engine was last restarted with the work put back: a second end soon after is not retried.
  let lastRecovery = -Infinity;

  const describe = (manifest: WorkspaceManifest) => {
    const customers = manifest.file ? `${manifest.file.name} (${manifest.file.rows.toLocaleString('en-US')} rows, ${formatBytes(manifest.file.bytes)})` : 'generated customers';
    const names = manifest.view.segmentNames.length;
    return `${customers}, ${names} segment${names === 1 ? '' : 's'}, saved ${new Date(manifest.savedAt).toLocaleString()}`;
  };

  const problem = (error: unknown) => {
    const full = error instanceof DOMException && error.name === 'QuotaExceededError';
    failed = true;
    parts.say(full
      ? 'The browser\'s storage for this page is full: the workspace is not being saved (delete saved workspaces below, or export your work); the page goes on working.'
      : `The workspace could not be saved (${error instanceof Error ? error.message : String(error)}); the page goes on working.`, 'error');
  };

  async function refresh() {
    const [entries, usage] = await Promise.all([store.list(), store.usage()]);
    section.show(entries.filter(({ id }) => id !== CURRENT_WORKSPACE).map(({ id, manifest }) => ({ id, name: manifest.name, detail: describe(manifest) })));
    if (usage) {
      section.setUsage(`Kept in this browser: ${formatBytes(usage.used)} of ${formatBytes(usage.quota)}` +
        (usage.persisted ? ', kept under storage pressure.' : '; the browser may clear it when space runs short.'));
    }
  }

  /** The workspace as it stands, its finished run included (made once per run, and only for the run on screen). */
  async function manifestNow(name: string): Promise<WorkspaceManifest> {
    const fitted = await parts.fittedRun().catch(() => null);
    const loaded = parts.loadedModel();
    const model = loaded && loaded.text.length <= MAX_KEPT_MODEL_CHARS ? loaded : null;
    return {
      version: 1, name, savedAt: new Date().toISOString(), file: imported?.file ?? null, columns: imported?.columns ?? null, badRows: imported?.badRows ?? 'drop',
      view: parts.captureView(), model, pinned, segments: parts.segmentMemory(), fitted,
    };
  }

  /**
   * Save the current workspace if it changed since it was last saved. Only a session with an
   * imported file has one: generated customers come back from their link, and a page opened
   * without restoring must not overwrite the last workspace before the analyst has chosen.
   */
  async function saveCurrent() {
    if (!imported || restoring) return;
    try {
      await savePinnedRun();
    } catch (error) {
      problem(error);
      return;
    }
    const manifest = await manifestNow('Last workspace');
    const text = JSON.stringify({ ...manifest, savedAt: '', model: manifest.model?.file ?? null, fitted: manifest.fitted?.model.length ?? null }) + (manifest.fitted?.model ?? '');
    const model = manifest.model?.text ?? null;
    if (text === lastSaved && model === lastModel) return;
    try {
      await store.saveManifest(CURRENT_WORKSPACE, manifest);
      lastSaved = text;
      lastModel = model;
      if (failed) parts.say('The workspace is being saved again.');
      failed = false;
    } catch (error) {
      problem(error);
    }
  }

  /** A new pin since the last save: its labels read from the engine once and kept. */
  async function savePinnedRun() {
    const pins = parts.pins();
    // Only an imported file's workspace keeps a pinned run (the last workspace's must not be overwritten by generated customers').
    if (pins === savedPins || !imported) return;
    const run = await parts.pinnedRun();
    await store.savePinnedLabels(CURRENT_WORKSPACE, run?.labels ?? null);
    pinned = run ? { k: run.k, names: [...run.looks.names], slots: [...run.looks.slots] } : null;
    savedPins = pins;
  }

  // Back to generated customers: the last workspace stays as it was left, to be offered again.
  state.subscribe((next, previous) => {
    if (next.source.kind === 'generated' && previous.source.kind !== 'generated') imported = null;
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') void saveCurrent();
  }, SAVE_EVERY_MS);
  addEventListener('pagehide', () => void saveCurrent());
  void refresh().catch(() => undefined);

  async function restore(id: string) {
    const manifest = await store.manifest(id);
    if (!manifest) return parts.say('That workspace could not be read back; it is left as it is.', 'error');
    const blob = manifest.file ? await store.file(id) : null;
    if (manifest.file && !blob) return parts.say(`The workspace's file ${manifest.file.name} is no longer kept in this browser; import it again.`, 'error');
    const labels = manifest.pinned ? await store.pinnedLabels(id) : null;
    await restoreFrom(manifest, blob, id === CURRENT_WORKSPACE ? 'your last workspace' : `the workspace "${manifest.name}"`, labels);
  }

  /** Put a workspace back: its customers read again as they were read, its run, then its view and its pinned run. */
  async function restoreFrom(manifest: WorkspaceManifest, blob: Blob | null, what: string, pinnedLabels: Uint8Array | null = null): Promise<boolean> {
    const view = manifest.view;
    if (!manifest.file || !manifest.columns || !blob) {
      location.assign(bookmarkLink(view, `${location.origin}${location.pathname}`));
      return true;
    }
    restoring = true;
    const before = state.get();
    try {
      if (manifest.model) await parts.loadModel(manifest.model.file, manifest.model.text);
      const query = new URLSearchParams(view.search);
      state.set({ run: readRunParams(query), view: readViewParams(query) });
      parts.restoreAfterRun(view);
      if (manifest.segments) parts.rememberSegments(manifest.segments);
      const taken = await parts.importSaved(new File([blob], manifest.file.name), manifest.columns, manifest.badRows, manifest.fitted);
      if (!taken) {
        // Nothing of it stays: the page's own run, view and names as they were.
        state.set({ run: before.run, view: before.view });
        parts.restoreAfterRun(null);
        parts.rememberSegments(null);
        // The import said why, in the Data tab's status line.
        return false;
      }
      if (manifest.pinned && pinnedLabels) {
        try {
          await parts.restorePinned({ k: manifest.pinned.k, labels: pinnedLabels, looks: manifest.pinned });
        } catch (error) {
          parts.say(`The pinned run could not be put back (${error instanceof Error ? error.message : String(error)}).`, 'error');
        }
      }
      parts.say(`Restored ${what}: ${describe(manifest)}.`);
      return true;
    } finally {
      restoring = false;
    }
  }

  return {
    /**
     * The engine's worker ended (out of memory, a crash) and a new one took its place, empty: the
     * customers are put back (the kept file read again as it was, or generated again), the run
     * fitted again and the view, names and selection as they were; said in one sentence.
     */
    async recover() {
      const stopped = 'The engine stopped (its worker ended, perhaps out of memory) and was restarted';
      // The same work again would likely end the same way: a second end within a minute is not retried.
      if (performance.now() - lastRecovery < 60_000) {
        parts.notify(`${stopped} a second time while your work was being put back, so it was not retried: the page is empty. Reload to restore the last workspace, with fewer customers or other settings.`);
        return;
      }
      lastRecovery = performance.now();
      const manifest = await manifestNow('Last workspace');
      const blob = imported ? await store.file(CURRENT_WORKSPACE).catch(() => null) : null;
      if (imported && !blob) {
        parts.notify(`${stopped}; ${imported.file?.name ?? 'the imported file'} was not kept in this browser, so the customers are synthetic again: import it once more.`);
        imported = null;
        await parts.generateAgain();
        return;
      }
      const from = blob ? ` from the workspace (${imported?.file?.name})` : '';
      parts.notify(`${stopped}; your customers, run, names and view are being put back${from}.`);
      let restored = true;
      if (blob) {
        const labels = manifest.pinned ? await store.pinnedLabels(CURRENT_WORKSPACE).catch(() => null) : null;
        restored = await restoreFrom(manifest, blob, 'the workspace after the engine stopped', labels);
      } else {
        parts.restoreAfterRun(manifest.view);
        await parts.generateAgain();
      }
      parts.notify(restored ? `${stopped}; your customers, run, names and view were put back${from}.` : `${stopped}; your work could not be put back: reload to restore the last workspace.`);
    },
    /** An import was committed: its file is kept as it came, for a reload to read again. */
    onImported(file: File, columns: ColumnChoice, badRows: BadRowChoice, rows: number) {
      imported = { file: { name: file.name, bytes: file.size, rows }, columns, badRows };
      // A pin of other customers does not carry over to these.
      pinned = null;
      savedPins = parts.pins();
      void store.persist().catch(() => false);
      void store.saveFile(CURRENT_WORKSPACE, file).then(saveCurrent, problem).then(refresh);
    },
    /** Opening the page without a link: offer the last workspace back. */
    async offerLast() {
      const manifest = await store.manifest(CURRENT_WORKSPACE).catch(() => null);
      if (!manifest) return;
      parts.offer.show(`Your last workspace: ${describe(manifest)}.`, 'Restore it', () => void restore(CURRENT_WORKSPACE));
    },
    async saveAs(name: string) {
      try {
        const id = `named-${Date.now()}`;
        const file = imported ? await store.file(CURRENT_WORKSPACE) : null;
        await store.saveFile(id, file);
        await savePinnedRun();
        await store.savePinnedLabels(id, pinned ? await store.pinnedLabels(CURRENT_WORKSPACE) : null);
        await store.saveManifest(id, await manifestNow(name));
        section.clearName();
        parts.say(`Saved the workspace "${name}".`);
      } catch (error) {
        problem(error);
      }
      await refresh();
    },
    open: (id: string) => void restore(id),
    /** The current workspace as one file (workspace-archive.ts), downloaded. */
    async download() {
      await savePinnedRun().catch(() => undefined);
      const manifest = await manifestNow(imported?.file?.name.replace(/\.[^.]*$/, '') ?? 'Generated customers');
      const blob = imported ? await store.file(CURRENT_WORKSPACE) : null;
      const file = blob && manifest.file ? { name: manifest.file.name, bytes: new Uint8Array(await blob.arrayBuffer()) } : null;
      const described = parts.describeRun();
      const run = imported && described ? { ...described, missing: imported.badRows } : null;
      const archive = packWorkspace(manifest, file, file && pinned ? await store.pinnedLabels(CURRENT_WORKSPACE) : null, run);
      downloadBlob(new Blob([archive as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${manifest.name}.workspace.zip`);
      parts.say(`Downloaded ${manifest.name}.workspace.zip: open it here or with kmeans open to come back to this view.`);
    },
    /** A workspace file (downloaded here, or served by kmeans open): checked whole, then put back. */
    async openFile(file: File) {
      try {
        const archive = unpackWorkspace(new Uint8Array(await file.arrayBuffer()), file.name);
        const manifest = parseManifest(archive.manifest);
        if (!manifest) throw new RangeError(`${file.name}: its manifest is damaged or from another version`);
        if (manifest.file && !archive.file) throw new RangeError(`${file.name}: the customers' file is missing from the archive`);
        await restoreFrom(manifest, archive.file ? new Blob([archive.file.bytes as Uint8Array<ArrayBuffer>]) : null, file.name, archive.pinnedLabels);
      } catch (error) {
        parts.say(`Could not open the workspace: ${error instanceof Error ? error.message : String(error)}. The current customers and run are kept.`, 'error');
      }
    },
    async remove(id: string) {
      await store.remove(id);
      await refresh();
    },
  };
}
