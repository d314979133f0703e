"""Time scikit-learn's DBSCAN or HDBSCAN on the matrix the bench wrote (all cores: n_jobs=-1).

Reads DIR/points.f32 (n x d float32) and DIR/meta.json ({"n", "d", "algorithm", and eps and
min_samples, or min_cluster_size and min_samples}); writes DIR/labels.i32 and DIR/result.json ({"ms"}).
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN

folder = Path(sys.argv[1])
meta = json.loads((folder / "meta.json").read_text())
X = np.fromfile(folder / "points.f32", dtype=np.float32).reshape(meta["n"], meta["d"]).astype(np.float64)
if meta["algorithm"] == "dbscan":
    model = DBSCAN(eps=meta["eps"], min_samples=meta["min_samples"], n_jobs=-1)
else:
    from sklearn.cluster import HDBSCAN

    model = HDBSCAN(min_cluster_size=meta["min_cluster_size"], min_samples=meta["min_samples"], n_jobs=-1)
started = time.perf_counter()
model.fit(X)
seconds = time.perf_counter() - started
model.labels_.astype(np.int32).tofile(folder / "labels.i32")
(folder / "result.json").write_text(json.dumps({"ms": seconds * 1000, "version": sklearn.__version__}))
