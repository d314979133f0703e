import * as Comlink from 'comlink';
import type { PageStateStore } from '../../page-state/state.ts';
import type { Exploration, ExplorationBySegment } from '../../protocol/explore.ts';
import { renderExploration } from '../../view/explore-view.ts';
import type { Progress } from '../../view/progress.ts';
import { isCancelled, type EngineClient } from '../engine-client.ts';
import type { Workbench } from '../fit/workbench.ts';
import { customersInRange } from './histogram-range.ts';

/**
 * The Explore tab: statistics over every customer, computed in the worker with progress and a
 * working Cancel; split by segment once a run has finished; a histogram bar's customers shown in
 * the view; the outlier policy applied (and the customers clustered again).
 */
export function createExploreController(parts: { engine: EngineClient; workbench: Workbench; state: PageStateStore; progress: Progress; root: HTMLElement }) {
  const { engine, workbench, state, root } = parts;
  // The last exploration and its split by segment: drawn again when the isolated segments or the run change.
  let explored: { data: Exploration; bySegment: ExplorationBySegment | null } | null = null;

  function show() {
    if (!explored) return;
    const looks = workbench.looks();
    const segments = explored.bySegment && looks ? { bySegment: explored.bySegment, slots: looks.slots, isolated: state.get().view.only } : null;
    renderExploration(root, explored.data, async (policy) => {
      await workbench.applyOutlierPolicy(policy);
      void explore();
    }, segments, (range) => {
      const shown = workbench.data();
      if (!range || !shown) return void workbench.highlight(null);
      workbench.highlight(customersInRange(shown.positions, shown.featureNames.length, shown.mean, shown.scale, range));
    });
  }

  async function explore(): Promise<void> {
    delete root.dataset.ready;
    const task = parts.progress.start('Exploring the customers…', () => void engine.host.cancel('explore'));
    try {
      const data = await engine.host.explore.explore(Comlink.proxy((done: number, total: number) => task.update('Exploring the customers…', done / total)));
      explored = { data, bySegment: await engine.host.explore.bySegment() };
      show();
      root.dataset.ready = 'true';
    } catch (error) {
      root.dataset.ready = 'false';
      root.textContent = isCancelled(error)
        ? 'Exploration cancelled. Open the tab again to explore.'
        : `Could not explore the data: ${error instanceof Error ? error.message : error}`;
    } finally {
      task.end();
    }
  }

  state.subscribe((next, previous) => {
    if (next.view.only.join() !== previous.view.only.join()) show();
  });

  return {
    /** The tab opened: explore the current customers. */
    explore,
    /** The Explore charts follow the finished run's segments (and forget them while a run is in progress). */
    async onRunChanged() {
      if (!explored) return;
      explored = { ...explored, bySegment: await engine.host.explore.bySegment() };
      show();
    },
  };
}
