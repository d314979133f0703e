// Silhouette support: for each sampled point i, the sum of its distances to the points of
// each cluster (excluding itself). One thread per point, its own row of K sums: no atomics,
// no barriers, a fixed summation order. The a / b / s arithmetic happens on the CPU.

override WORKGROUP_SIZE: u32 = 64u;
override K: u32 = 4u;
override D: u32 = 3u;

struct Params {
  count: u32,  // sampled points
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read_write> sums: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) {
    return;
  }
  let row = i * K;
  for (var c = 0u; c < K; c++) {
    sums[row + c] = 0.0;
  }
  for (var j = 0u; j < params.count; j++) {
    if (j == i) {
      continue;
    }
    var dist = 0.0;
    for (var f = 0u; f < D; f++) {
      let delta = points[i * D + f] - points[j * D + f];
      dist += delta * delta;
    }
    sums[row + labels[j]] += sqrt(dist);
  }
}
