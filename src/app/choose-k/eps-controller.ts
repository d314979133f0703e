import { clampToLimit, LIMITS } from '../../protocol/limits.ts';
import type { ChooseKTab } from '../../view/choose-k-tab.ts';
import { renderKDistanceChart } from '../../view/k-distance-chart.ts';
import type { EngineClient } from '../engine-client.ts';
import type { Workbench } from '../fit/workbench.ts';

/** Customers the k-distance curve is drawn for (their neighbours are searched among all). */
const CURVE_SAMPLE = 20_000;

/**
 * Choosing DBSCAN's eps: the k-distance curve for the min_samples asked (the panel's to begin
 * with), its knee marked; a click on it runs DBSCAN with that eps and min_samples.
 */
export function createEpsController(parts: { engine: EngineClient; workbench: Workbench; tab: ChooseKTab }) {
  const { engine, workbench, tab } = parts;

  async function draw() {
    const k = clampToLimit(Number(tab.epsMinSamples.value), LIMITS.minSamples, workbench.run().minSamples);
    tab.epsMinSamples.value = String(k);
    tab.epsStatus.textContent = 'Searching neighbours…';
    try {
      const curve = await engine.host.chooseK.kDistance(k, CURVE_SAMPLE);
      renderKDistanceChart(tab.epsChart, curve, (eps) => void workbench.refit({ ...workbench.run(), algorithm: 'dbscan', eps, minSamples: k }));
      tab.epsStatus.textContent = `${(curve.ms / 1000).toFixed(1)} s for ${curve.sampled.toLocaleString('en-US')} of ${curve.n.toLocaleString('en-US')} customers; ` +
        (curve.knee >= 0 ? 'the knee is marked.' : 'the curve has no clear knee: pick an eps by eye.');
    } catch (error) {
      tab.epsStatus.textContent = `The curve failed: ${error instanceof Error ? error.message : error}`;
    }
  }

  tab.epsRun.addEventListener('click', () => void draw());
  return {
    /** The tab opened: min_samples starts at the panel's. */
    opened: () => void (tab.epsMinSamples.value = String(workbench.run().minSamples)),
  };
}
