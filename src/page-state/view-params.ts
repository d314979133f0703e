import { UNCERTAIN_BELOW } from '../mixture/certainty.ts';

/** Animation and view settings; they live in the URL next to the run parameters. */
export interface ViewParams {
  readonly playing: boolean;
  /** Iterations per second; Infinity = as fast as the engine goes. */
  readonly speed: number;
  readonly pointSize: number;
  readonly opacity: number;
  readonly centroids: boolean;
  readonly trails: boolean;
  readonly autoRotate: boolean;
  /** Play the page's opening run slowly (OPENING_SPEED), so it can be watched converging. */
  readonly intro: boolean;
  /** Feature index drawn on x, y and z (-1: nothing, for two-feature data). */
  readonly axes: readonly [number, number, number];
  /** Segments (canonical cluster numbers) isolated from the legend; empty: all shown. */
  readonly only: readonly number[];
  /** Draw where customers concentrate (faint points that build up); auto: past DENSITY_VIEW_FROM customers. */
  readonly density: DensityView;
  /** A Gaussian mixture's customers whose likeliest component has less than this probability are drawn pale, and count as uncertain (0: none). */
  readonly paleBelow: number;
}

export const DENSITY_VIEWS = ['auto', 'on', 'off'] as const;
export type DensityView = (typeof DENSITY_VIEWS)[number];

export const DEFAULT_VIEW: ViewParams = {
  playing: true, speed: 3, pointSize: 2, opacity: 0.7, centroids: true, trails: true, autoRotate: false, intro: true, axes: [0, 1, 2], only: [], density: 'auto',
  paleBelow: UNCERTAIN_BELOW,
};

/** Iterations per second of the opening run when `intro` is on and the link sets no speed. */
export const OPENING_SPEED = 0.75;

export const SPEEDS = [0.5, 1, 2, 3, 5, 10, 30, Infinity] as const;

export function readViewParams(search: URLSearchParams): ViewParams {
  const d = DEFAULT_VIEW;
  const flag = (name: string, fallback: boolean) => (search.has(name) ? search.get(name) === '1' : fallback);
  const num = (name: string, min: number, max: number, fallback: number) => {
    const value = Number(search.get(name));
    return search.has(name) && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  };
  const speedText = search.get('speed');
  const speed = speedText === 'max' ? Infinity : num('speed', 0.1, 1000, d.speed);
  const axes = (search.get('axes') ?? '').split(',').map(Number);
  const validAxes = axes.length === 3 && axes.every((a) => Number.isInteger(a) && a >= 0 && a < 8) ? (axes as [number, number, number]) : d.axes;
  const only = (search.get('only') ?? '').split(',').filter((t) => t !== '').map(Number);
  const validOnly = only.every((c) => Number.isInteger(c) && c >= 0 && c < 256) ? [...new Set(only)].sort((a, b) => a - b) : d.only;
  return {
    playing: flag('play', d.playing),
    speed,
    pointSize: num('pointSize', 0.5, 12, d.pointSize),
    opacity: num('opacity', 0.05, 1, d.opacity),
    centroids: flag('centroids', d.centroids),
    trails: flag('trails', d.trails),
    autoRotate: flag('rotate', d.autoRotate),
    intro: flag('intro', d.intro),
    axes: validAxes,
    only: validOnly,
    density: (DENSITY_VIEWS as readonly string[]).includes(search.get('density') ?? '') ? (search.get('density') as DensityView) : d.density,
    paleBelow: num('paleBelow', 0, 1, d.paleBelow),
  };
}

export function writeViewParams(view: ViewParams, search: URLSearchParams): void {
  const d = DEFAULT_VIEW;
  const bool = (v: boolean) => (v ? '1' : '0');
  if (view.playing !== d.playing) search.set('play', bool(view.playing));
  if (view.speed !== d.speed) search.set('speed', Number.isFinite(view.speed) ? String(view.speed) : 'max');
  if (view.pointSize !== d.pointSize) search.set('pointSize', String(view.pointSize));
  if (view.opacity !== d.opacity) search.set('opacity', String(view.opacity));
  if (view.centroids !== d.centroids) search.set('centroids', bool(view.centroids));
  if (view.trails !== d.trails) search.set('trails', bool(view.trails));
  if (view.autoRotate !== d.autoRotate) search.set('rotate', bool(view.autoRotate));
  if (view.intro !== d.intro) search.set('intro', bool(view.intro));
  if (view.axes.join(',') !== d.axes.join(',')) search.set('axes', view.axes.join(','));
  if (view.only.length > 0) search.set('only', view.only.join(','));
  if (view.density !== d.density) search.set('density', view.density);
  // The slider's steps of 0.05 add up to 0.15000000000000002: the link says 0.15.
  if (view.paleBelow !== d.paleBelow) search.set('paleBelow', String(Math.round(view.paleBelow * 1000) / 1000));
}

/** Keep the drawn features that exist; fill the rest with unused ones (-1 when there are none). */
export function fitAxes(axes: readonly [number, number, number], d: number): [number, number, number] {
  const used = new Set<number>();
  const out = axes.map((f) => {
    const ok = f >= 0 && f < d && !used.has(f);
    if (ok) used.add(f);
    return ok ? f : -2;
  });
  return out.map((f) => {
    if (f !== -2) return f;
    const free = Array.from({ length: d }, (_, i) => i).find((i) => !used.has(i));
    if (free === undefined) return -1;
    used.add(free);
    return free;
  }) as [number, number, number];
}

/** Two drawn features (an axis set to "none"): a flat, face-on scatter, not a tilted plane. */
export const isFlatView = (axes: readonly number[]) => axes.some((f) => f < 0);

/**
 * The features on the scene's x, y and z. A flat view always lies in the x-y plane, facing the
 * camera, whichever axis the analyst set to "none".
 */
export function sceneAxes(axes: readonly [number, number, number]): [number, number, number] {
  if (!isFlatView(axes)) return [...axes];
  const shown = axes.filter((f) => f >= 0);
  return [shown[0] ?? -1, shown[1] ?? -1, -1];
}
