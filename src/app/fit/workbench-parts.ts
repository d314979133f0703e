import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { PageStateStore } from '../../page-state/state.ts';
import type { ViewParams } from '../../page-state/view-params.ts';
import type { Hud } from '../../view/hud.ts';
import type { Legend } from '../../view/legend.ts';
import type { Progress } from '../../view/progress.ts';
import type { RunScene } from '../../view/scatter/run-scene.ts';
import type { Stage } from '../../view/scatter/scene.ts';
import type { EngineClient } from '../engine-client.ts';
import type { SegmentIdentity, SegmentLooks } from '../segments/segment-identity.ts';

/** What the workbench is built from: the engine, the view's parts, the one state, and whom it tells. */
export interface WorkbenchParts {
  readonly engine: EngineClient;
  readonly stage: Stage;
  readonly scene: RunScene;
  readonly hud: Hud;
  readonly legend: Legend;
  readonly progress: Progress;
  /** The one state the panel and the URL show; the workbench commits to it. */
  readonly state: PageStateStore;
  /** Names and colours that follow segments across runs. */
  readonly identity: SegmentIdentity;
  readonly onPlaying: (playing: boolean) => void;
  /** A run finished: its outcome, the segment names in use, each cluster's colour slot and the run's warnings. */
  readonly onOutcome: (outcome: FitOutcome, data: DatasetSummary, looks: SegmentLooks, warnings: readonly string[]) => void;
  /** The finished run shown so far no longer holds (new customers, or a new run started). */
  readonly onRunCleared: () => void;
  /** Before discarding imported customers: true to go ahead. */
  readonly confirmDiscard: (file: string) => Promise<boolean>;
  /** New customers are drawn (generated, imported, scored): their features may differ. */
  readonly onData: (data: DatasetSummary, view: ViewParams) => void;
  /** A highlight of some customers ended because other customers replaced them. */
  readonly onHighlightEnded?: () => void;
  /** Other customers are drawn (generated, imported, scored, treated for outliers). */
  readonly onCustomers?: () => void;
  /** A segment was renamed: its cluster, the names until then, and the new name. */
  readonly onRenamed?: (cluster: number, before: readonly string[], name: string) => void;
  /** Iterations per second of the page's first run (slowed so it can be watched); absent: the view's speed. */
  readonly openingSpeed?: number;
}
