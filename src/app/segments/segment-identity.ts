import { munkres } from 'munkres';
import { CLUSTER_COLORS } from '../../view/palette.ts';

/** A segment the analyst has seen: where it sits (business units), its colour, and its name if edited. */
interface KnownSegment {
  readonly centre: Float64Array;
  readonly slot: number;
  /** The analyst's name; null while the automatic description is used. */
  readonly editedName: string | null;
}

/** What the identity remembers, as a workspace keeps it: the features, and each segment's centre, colour and edited name. */
export interface SegmentMemory {
  readonly features: readonly string[];
  readonly segments: readonly { readonly centre: readonly number[]; readonly slot: number; readonly name: string | null }[];
}

/** How each cluster of a run is shown: colour slot and name, by cluster index. */
export interface SegmentLooks {
  readonly slots: number[];
  readonly names: string[];
}

/**
 * Two centroids farther apart than this (Euclidean, in population standard deviations) are
 * different segments. The default customers' segments sit 1.5 to 3 apart; a centroid that moves
 * less than one std between runs is the same group of customers seen again.
 */
export const SAME_SEGMENT_DISTANCE = 1;

/** Unnamed segments remembered after a run stops reproducing them (k + 1 and back restores them). */
const REMEMBERED_UNNAMED = 8;

/**
 * Names and colours that follow a segment across re-runs, k changes and refits. Each run's
 * centroids are matched to the segments seen before by the Hungarian assignment on centroid
 * distance (scaled by the current customers' spread); a matched cluster keeps the segment's
 * colour and edited name, an unmatched one gets a free colour and its automatic name. Segments
 * that a run does not reproduce are remembered, so k + 1 and back restores them.
 */
export function createSegmentIdentity() {
  let features = '';
  let active: KnownSegment[] = [];
  let retired: KnownSegment[] = [];
  // A workspace's segments, taken up when its customers' features come (a run of others may end first).
  let pending: SegmentMemory | null = null;

  const known = () => [...active, ...retired];

  /** Pair clusters with known segments; returns the known index of each cluster, or -1. */
  function pair(centres: Float64Array, d: number, scale: ArrayLike<number>): number[] {
    const k = centres.length / d;
    const segments = known();
    const matchOf = new Array<number>(k).fill(-1);
    if (segments.length === 0 || k === 0) return matchOf;
    const cost = Array.from({ length: k }, (_, j) =>
      segments.map((segment) => {
        let sum = 0;
        for (let f = 0; f < d; f++) {
          const diff = (centres[j * d + f]! - segment.centre[f]!) / (scale[f] || 1);
          sum += diff * diff;
        }
        return Math.sqrt(sum);
      }));
    for (const [j, s] of munkres(cost)) if (cost[j]![s]! <= SAME_SEGMENT_DISTANCE) matchOf[j] = s;
    return matchOf;
  }

  /** Colours and names for these centroids (k x d, business units); nothing is remembered. */
  function looks(centres: Float64Array, d: number, scale: ArrayLike<number>, automaticNames: readonly string[]): SegmentLooks & { matchOf: number[] } {
    const segments = known();
    const matchOf = pair(centres, d, scale);
    // Each colour once per run: a matched segment keeps its own unless another cluster already holds it.
    const used = new Set<number>();
    const slots = matchOf.map((s) => {
      const slot = s >= 0 ? segments[s]!.slot : -1;
      if (slot < 0 || used.has(slot)) return -1;
      used.add(slot);
      return slot;
    });
    // New segments take the lowest free colour, leaving the colours of named segments for their return.
    const named = new Set(segments.filter((s) => s.editedName !== null).map((s) => s.slot));
    const palette = CLUSTER_COLORS.map((_, slot) => slot);
    // Handed out in order of position, not of cluster number: an iteration in the engine's numbering
    // and the finished run in canonical numbering then give each new segment the same colour.
    byPosition(centres, d).forEach((j) => {
      const slot = slots[j]!;
      if (slot >= 0) return;
      const free = palette.find((c) => !used.has(c) && !named.has(c)) ?? palette.find((c) => !used.has(c));
      // Past the palette's 32 colours (a model from the command line may have more) colours repeat.
      slots[j] = free ?? j % CLUSTER_COLORS.length;
      used.add(slots[j]!);
    });
    const names = matchOf.map((s, j) => (s >= 0 ? segments[s]!.editedName : null) ?? automaticNames[j] ?? `Cluster ${j + 1}`);
    return { slots, names, matchOf };
  }

  return {
    /** Forget everything when the features change (another file): business units no longer compare. */
    useFeatures(featureNames: readonly string[]) {
      const key = featureNames.join('\n');
      if (pending && pending.features.join('\n') === key) {
        features = key;
        active = [];
        retired = pending.segments.map((segment) => ({ centre: Float64Array.from(segment.centre), slot: segment.slot, editedName: segment.name }));
        pending = null;
        return;
      }
      if (key === features) return;
      features = key;
      active = [];
      retired = [];
    },

    /** How an iteration in progress looks (the animation); the finished run is committed later. */
    preview: (centres: Float64Array, d: number, scale: ArrayLike<number>, automaticNames: readonly string[]): SegmentLooks =>
      looks(centres, d, scale, automaticNames),

    /**
     * A finished run: its clusters become the active segments, the others are remembered.
     * `savedNames` (a saved model's) are kept as edited names.
     */
    commit(centres: Float64Array, d: number, scale: ArrayLike<number>, automaticNames: readonly string[], savedNames?: readonly string[]): SegmentLooks {
      const segments = known();
      const result = looks(centres, d, scale, automaticNames);
      const used = new Set(result.matchOf.filter((s) => s >= 0));
      active = result.matchOf.map((s, j) => ({
        centre: centres.slice(j * d, j * d + d),
        slot: result.slots[j]!,
        editedName: savedNames?.[j] ?? (s >= 0 ? segments[s]!.editedName : null),
      }));
      // Remembered: every segment the analyst named, and the few most recent others (no unbounded memory).
      const unmatched = segments.filter((_, s) => !used.has(s));
      retired = [...unmatched.filter((s) => s.editedName !== null), ...unmatched.filter((s) => s.editedName === null).slice(0, REMEMBERED_UNNAMED)];
      return { slots: result.slots, names: savedNames ? [...savedNames] : result.names };
    },

    /** The segments seen so far (the active ones first), for a workspace to keep. */
    memory: (): SegmentMemory => ({
      features: features === '' ? [] : features.split('\n'),
      segments: known().map((segment) => ({ centre: Array.from(segment.centre), slot: segment.slot, name: segment.editedName })),
    }),

    /**
     * Segments a workspace kept, taken up when customers with its features are next used: its run,
     * fitted again, gets their colours and names back. Null: forget a workspace that was not put back.
     */
    remember(memory: SegmentMemory | null) {
      pending = memory;
    },

    /** The analyst renamed cluster `cluster` of the last committed run. */
    rename(cluster: number, name: string) {
      const segment = active[cluster];
      if (segment) active[cluster] = { ...segment, editedName: name.trim() === '' ? null : name };
    },
  };
}

export type SegmentIdentity = ReturnType<typeof createSegmentIdentity>;

/** Cluster indices ordered by their centres, feature by feature (the canonical numbering's order). */
function byPosition(centres: Float64Array, d: number): number[] {
  const k = centres.length / d;
  return Array.from({ length: k }, (_, j) => j).sort((a, b) => {
    for (let f = 0; f < d; f++) {
      const diff = centres[a * d + f]! - centres[b * d + f]!;
      if (diff !== 0) return diff;
    }
    return a - b;
  });
}
