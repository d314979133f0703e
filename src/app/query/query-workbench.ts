import type { DatasetSummary } from '../../protocol/data.ts';
import type { FitOutcome } from '../../protocol/fit.ts';
import type { CardLooks } from '../../view/hover-card.ts';
import type { DrawnPositions } from '../../view/scatter/picking.ts';

/** What the view's questions need from the run on screen (the fit capability's workbench). */
export interface QueryWorkbench {
  drawn(): DrawnPositions | null;
  extent(): readonly { readonly min: number; readonly max: number }[];
  highlight(mask: Uint8Array | null): number;
  highlighted(): Uint8Array | null;
  outcome(): FitOutcome | null;
  looks(): CardLooks | null;
  names(): readonly string[];
  data(): DatasetSummary | null;
  refreshLegend(): void;
  fitFromPlaced(centroidsInUnits: Float64Array, frozen: readonly number[]): Promise<void>;
  renameSegment(cluster: number, name: string): void;
}
