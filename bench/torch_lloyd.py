"""Plain PyTorch Lloyd on the GPU, the peer of `npm run bench -- --gpu`: ms per iteration.

Reads points.f32 (n x d float32) and init.f64 (k x d) from the folder given and writes
result.json. Nearest centroid by squared distance, then per-cluster sums with index_add_,
as a PyTorch user would write it; CUDA events time the iterations after two warm-ups.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch

folder = Path(sys.argv[1])
meta = json.loads((folder / "meta.json").read_text())
n, d, k, iterations = meta["n"], meta["d"], meta["k"], meta["iterations"]
points = torch.from_numpy(np.fromfile(folder / "points.f32", dtype=np.float32).reshape(n, d)).cuda()
centroids = torch.from_numpy(np.fromfile(folder / "init.f64", dtype=np.float64).reshape(k, d).astype(np.float32)).cuda()


def step(c):
    distances = (points * points).sum(1, keepdim=True) - 2 * points @ c.T + (c * c).sum(1)
    labels = distances.argmin(1)
    sums = torch.zeros_like(c).index_add_(0, labels, points)
    counts = torch.bincount(labels, minlength=k).clamp(min=1).unsqueeze(1).to(c.dtype)
    return sums / counts


for _ in range(2):
    centroids = step(centroids)
torch.cuda.synchronize()
start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
start.record()
for _ in range(iterations):
    centroids = step(centroids)
end.record()
torch.cuda.synchronize()
(folder / "result.json").write_text(json.dumps({"ms_per_iteration": start.elapsed_time(end) / iterations, "device": torch.cuda.get_device_name()}))
