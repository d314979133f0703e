// Pass 1 of a Lloyd iteration: label each point with its nearest centroid and add it to the
// calling thread's own row of partial sums. Rows are private to a thread, so there are no
// atomics and no barriers (barriers are very costly on software Vulkan), and every sum has
// a fixed order: one input gives bit-identical output run after run.

override WORKGROUP_SIZE: u32 = 64u;
override K: u32 = 4u;
override D: u32 = 3u;

const NO_LABEL: u32 = 0xffffffffu;

struct Params {
  count: u32,      // points in this chunk
  threads: u32,    // threads dispatched for this chunk: the grid stride
  firstRow: u32,   // this chunk's first row in `partials`
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read> centroids: array<f32>;
@group(0) @binding(3) var<storage, read_write> labels: array<u32>;
// Row layout: K x (D deltas from the centroid, then a u32 count), inertia, u32 changed.
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let thread = gid.x;
  if (thread >= params.threads) {
    return;
  }
  let slots = K * (D + 1u) + 2u;
  let row = (params.firstRow + thread) * slots;
  for (var s = 0u; s < slots; s++) {
    partials[row + s] = 0.0;  // 0.0 is also u32 zero
  }
  var inertia = 0.0;
  var changed = 0u;
  // Grid stride: neighbouring threads read neighbouring points.
  for (var i = thread; i < params.count; i += params.threads) {
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
    if (labels[i] != label) {
      labels[i] = label;
      changed += 1u;
    }
    inertia += best;
    let base = row + label * (D + 1u);
    for (var c = 0u; c < D; c++) {
      // Deltas stay small, so float32 sums lose less than sums of raw coordinates.
      partials[base + c] += points[i * D + c] - centroids[label * D + c];
    }
    partials[base + D] = bitcast<f32>(bitcast<u32>(partials[base + D]) + 1u);
  }
  partials[row + slots - 2u] = inertia;
  partials[row + slots - 1u] = bitcast<f32>(changed);
}
