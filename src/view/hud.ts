import type { RunState } from '../page-state/run-status.ts';
import { createFoldButton } from './fold-button.ts';

export type { RunState };

export interface HudValues {
  readonly state: RunState;
  /** Counts the runs this page started; mirrored for tests, which wait for the run their action started. */
  readonly run?: number;
  readonly backend?: string;
  /** Where a CPU run's passes ran (shown as the backend's tooltip); null on WebGPU. */
  readonly cpuEngine?: string | null;
  /** The WebGPU adapter that ran the run (shown as the backend's tooltip); null on the CPU. */
  readonly adapter?: string | null;
  readonly iteration?: number;
  /** Shown instead of the iteration count: a density run's step ("2 of 3: clusters of core points"). */
  readonly step?: string;
  readonly k?: number;
  readonly inertia?: number;
  readonly shift?: number;
  readonly changed?: number;
  readonly msPerIteration?: number;
  /** The GPU's own time for the assignment pass (timestamp queries); null when not measured. */
  readonly gpuMs?: number | null;
  readonly customers?: number;
  readonly restart?: number;
  /** Restarts of this run (n_init), shown as "restart 2 of 3". */
  readonly restarts?: number;
  /** Sentences about a finished run the analyst must not miss (tiny segment, fewer clusters than k). */
  readonly warnings?: readonly string[];
  /** Time to draw one frame of the scatter. */
  readonly frameMs?: number;
  readonly message?: string;
}

/** One line on each HUD term, shown when the pointer rests on its row. */
export const HUD_TERMS: Readonly<Record<string, string>> = {
  state: 'What the run is doing: running, converged (the segments stopped changing), stopped (at the iteration limit), or scored (a saved model assigned the customers).',
  iteration: 'Iterations so far: KMeans assigns each customer to its nearest centre, then moves each centre to the mean of its customers; EM (a mixture) weighs each customer by its memberships, then moves and reshapes the components.',
  inertia: 'The sum of squared distances from each customer to its segment\'s centre, in standardised units: lower means tighter segments.',
  shift: 'How far the centres moved in this iteration (the sum of their squared moves); the run stops when it falls to tol x the mean feature variance.',
  changed: 'Customers whose segment changed in this iteration; 0 means the segments are stable and the run stops.',
  ms: 'Wall-clock milliseconds of one iteration in the engine (assignment and centre update).',
  frame: 'Milliseconds to draw one frame of the 3D view, and frames per second.',
  customers: 'Customers drawn in the 3D view.',
};

/** The heads-up display: plain text only (never HTML), mirrored in data attributes. */
export function createHud(root: HTMLElement) {
  const fields = new Map<string, HTMLElement>();
  // Folded, the HUD keeps its first rows (state, backend, iteration, inertia), so the view gets the room.
  root.append(createFoldButton(root, { name: 'fold-hud', foldedClass: 'hud-folded', fold: 'Show fewer HUD rows', unfold: 'Show every HUD row' }));
  const field = (name: string, label: string) => {
    const row = document.createElement('div');
    row.className = 'hud-row';
    const key = document.createElement('span');
    key.className = 'hud-key';
    key.textContent = label;
    // What the number means, on hover: the terms are KMeans jargon to most analysts.
    const meaning = HUD_TERMS[name];
    if (meaning) row.title = meaning;
    const value = document.createElement('span');
    value.className = 'hud-value';
    value.dataset.field = name;
    row.append(key, value);
    root.append(row);
    fields.set(name, value);
  };
  for (const [name, label] of [
    ['state', 'state'], ['backend', 'backend'], ['iteration', 'iteration'], ['inertia', 'inertia'], ['shift', 'shift'],
    ['changed', 'changed'], ['ms', 'ms / iteration'], ['frame', 'ms / frame'], ['customers', 'customers drawn'],
  ] as const) field(name, label);
  const message = document.createElement('div');
  message.className = 'hud-message';
  message.setAttribute('role', 'status');
  const warning = document.createElement('ul');
  warning.className = 'hud-warnings';
  warning.setAttribute('role', 'alert');
  warning.hidden = true;
  root.append(message, warning);

  const set = (name: string, text: string) => {
    const field = fields.get(name)!;
    if (field.textContent !== text) field.textContent = text;
  };
  return {
    update(values: HudValues) {
      const data = root.dataset;
      if (data.state !== values.state) data.state = values.state;
      set('state', values.state);
      if (values.run !== undefined) data.run = String(values.run);
      if (values.backend !== undefined) {
        data.backend = values.backend;
        set('backend', values.backend === 'webgpu' ? 'WebGPU' : 'CPU');
      }
      if (values.cpuEngine !== undefined || values.adapter !== undefined) {
        data.cpuEngine = values.cpuEngine ?? '';
        data.adapter = values.adapter ?? '';
        fields.get('backend')!.title = values.adapter ? `WebGPU adapter: ${values.adapter}` : (values.cpuEngine ?? '');
      }
      if (values.iteration !== undefined) {
        data.iteration = String(values.iteration);
        const restart = values.restarts && values.restarts > 1 ? ` (restart ${(values.restart ?? 0) + 1} of ${values.restarts})` : '';
        set('iteration', values.step ?? `${values.iteration}${restart}`);
      }
      if (values.frameMs !== undefined && values.frameMs > 0) {
        data.frameMs = values.frameMs.toFixed(1);
        set('frame', `${values.frameMs.toFixed(1)} (${Math.min(60, 1000 / values.frameMs).toFixed(0)} fps)`);
      }
      if (values.k !== undefined) data.k = String(values.k);
      if (values.inertia !== undefined) {
        data.inertia = String(values.inertia);
        // A density run has no inertia: a dash, not NaN.
        set('inertia', Number.isNaN(values.inertia) ? '—' : values.inertia.toPrecision(7));
      }
      if (values.shift !== undefined) set('shift', Number.isNaN(values.shift) ? '—' : values.shift.toExponential(2));
      if (values.changed !== undefined) set('changed', values.changed.toLocaleString('en-US'));
      if (values.msPerIteration !== undefined) {
        const gpu = values.gpuMs ?? null;
        set('ms', gpu === null ? values.msPerIteration.toFixed(1) : `${values.msPerIteration.toFixed(1)} (GPU ${gpu.toFixed(gpu < 1 ? 3 : 1)})`);
        data.gpuMs = gpu === null ? '' : String(gpu);
        fields.get('ms')!.title = gpu === null
          ? 'Wall clock per iteration: assignment, read-back and centroid update'
          : 'Wall clock per iteration; in brackets the assignment pass on the GPU\'s own clock (timestamp queries)';
      }
      if (values.customers !== undefined) {
        data.customers = String(values.customers);
        set('customers', values.customers.toLocaleString('en-US'));
      }
      if (values.message !== undefined) message.textContent = values.message;
      if (values.warnings !== undefined) {
        data.warnings = String(values.warnings.length);
        warning.hidden = values.warnings.length === 0;
        warning.replaceChildren(...values.warnings.map((text) => {
          const item = document.createElement('li');
          item.textContent = `⚠ ${text}`;
          return item;
        }));
      }
    },
  };
}

export type Hud = ReturnType<typeof createHud>;
