// Pass 2: reduce the partial rows of pass 1 (one per workgroup) to one total per slot, in a
// fixed tree order. One workgroup per slot; a slot's rows are contiguous, so neighbouring threads
// read neighbouring words. Count slots hold u32 bit patterns and are summed as integers.

override WORKGROUP_SIZE: u32 = 256u;
override K: u32 = 4u;
override D: u32 = 3u;

struct Params {
  rows: u32,  // rows of partials
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> totals: array<f32>;

var<workgroup> floats: array<f32, WORKGROUP_SIZE>;
var<workgroup> counts: array<u32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let slots = K * (D + 1u) + 2u;
  let slot = wid.x;
  let isCount = (slot < K * (D + 1u) && slot % (D + 1u) == D) || slot == slots - 1u;
  var sum = 0.0;
  var tally = 0u;
  for (var t = lid; t < params.rows; t += WORKGROUP_SIZE) {
    let value = partials[slot * params.rows + t];
    sum += value;
    tally += bitcast<u32>(value);
  }
  floats[lid] = sum;
  counts[lid] = tally;
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      floats[lid] += floats[lid + stride];
      counts[lid] += counts[lid + stride];
    }
  }
  if (lid == 0u) {
    totals[slot] = select(floats[0], bitcast<f32>(counts[0]), isCount);
  }
}
