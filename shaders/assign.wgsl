// Pass 1 of a Lloyd iteration: label each point with its nearest centroid and add it to the
// per-cluster sums of its workgroup, which writes one row of partial sums.
//
// A thread walks groups of 4 consecutive points ("quads": their 4 labels share one u32 word,
// one byte each), grid-stride, so neighbouring threads read neighbouring points. It adds each
// point to its own row of sums in workgroup memory: no atomics, no barrier until the end.
// Then the workgroup adds its rows in a fixed tree (log2 of its size barriers) and writes the
// total to `partials`, slot-major, for pass 2. Every sum has a fixed order, so one input gives
// bit-identical output run after run. The host sizes the pass to the device: many threads of
// few quads each on a GPU, few threads of many quads on software Vulkan (where barriers cost).

override WORKGROUP_SIZE: u32 = 64u;  // a power of two: the tree halves it
override K: u32 = 4u;
override D: u32 = 3u;
// Words from one thread's row of sums to the next: the slots, made odd so that neighbouring
// threads' rows start in different memory banks.
override ROW_STRIDE: u32 = 19u;
override SUMS_WORDS: u32 = 1216u;  // WORKGROUP_SIZE * ROW_STRIDE

struct Params {
  count: u32,     // points in this chunk
  quads: u32,     // ceil(count / 4)
  threads: u32,   // threads dispatched for this chunk: the grid stride, in quads
  firstRow: u32,  // this chunk's first workgroup row in `partials`
  rows: u32,      // rows of `partials` over every chunk: the distance between two slots
  countAll: u32,  // 1 on a first pass: every point counts as changed
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read> centroids: array<f32>;
// Four labels a word, the lowest byte first; 0xff is "no label yet" beyond the last point.
@group(0) @binding(3) var<storage, read_write> labels: array<u32>;
// Slot s of row r at s * rows + r. Slots: K x (D deltas from the centroid, then a u32 count),
// inertia, u32 changed.
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;

var<workgroup> sums: array<f32, SUMS_WORDS>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let slots = K * (D + 1u) + 2u;
  let row = lid * ROW_STRIDE;
  for (var s = 0u; s < slots; s++) {
    sums[row + s] = 0.0;
  }
  var inertia = 0.0;
  var changed = 0u;
  for (var q = gid.x; q < params.quads; q += params.threads) {
    let old = labels[q];
    var word = 0xffffffffu;  // bytes past the last point stay "no label"
    // A bound known only at run time: software Vulkan then compiles one copy of the body, not four.
    let inQuad = min(4u, params.count - q * 4u);
    for (var p = 0u; p < inQuad; p++) {
      let i = q * 4u + p;
      var best = 3.4e38;
      var label = 0u;
      for (var j = 0u; j < K; j++) {
        var dist = 0.0;
        for (var c = 0u; c < D; c++) {
          let delta = points[i * D + c] - centroids[j * D + c];
          dist += delta * delta;
        }
        if (dist < best) {  // strict: ties keep the lower cluster index
          best = dist;
          label = j;
        }
      }
      word = (word & ~(0xffu << (8u * p))) | (label << (8u * p));
      if (params.countAll != 0u || ((old >> (8u * p)) & 0xffu) != label) {
        changed += 1u;
      }
      inertia += best;
      let base = row + label * (D + 1u);
      for (var c = 0u; c < D; c++) {
        // Deltas stay small, so float32 sums lose less than sums of raw coordinates.
        sums[base + c] += points[i * D + c] - centroids[label * D + c];
      }
      sums[base + D] += 1.0;  // exact: a workgroup sees far fewer than 2^24 points
    }
    if (word != old) {
      labels[q] = word;
    }
  }
  sums[row + slots - 2u] = inertia;
  sums[row + slots - 1u] = f32(changed);
  // Fixed tree: row t gains row t + half, slot by slot, every thread sharing the work.
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half /= 2u) {
    workgroupBarrier();
    for (var w = lid; w < half * slots; w += WORKGROUP_SIZE) {
      let t = w / slots;
      let s = w % slots;
      sums[t * ROW_STRIDE + s] += sums[(t + half) * ROW_STRIDE + s];
    }
  }
  workgroupBarrier();
  let out = params.firstRow + wid.x;
  for (var s = lid; s < slots; s += WORKGROUP_SIZE) {
    let isCount = (s < K * (D + 1u) && s % (D + 1u) == D) || s == slots - 1u;
    partials[s * params.rows + out] = select(sums[s], bitcast<f32>(u32(sums[s])), isCount);
  }
}
