#!/usr/bin/env bash
# The GPU check in one command, for a Linux x86-64 machine with a GPU (no network needed):
# `fit --backend auto` on the drivers the Vulkan loader finds by itself (it must run on the GPU),
# the GPU bench (`npm run bench -- --gpu --shapes`, its tables), then the GPU tests. Exits 1 if
# any of the three fails.
#
# From a clone with `npm ci` done, or from a copy carrying the bundle that scripts/gpu-bundle.sh
# packs (.device/: Node, the modules, the Vulkan loader and GL libraries):
#   bash scripts/gpu-check.sh            # logs go to $OUT, else to gpu-check/
# Extra arguments go to the bench, e.g. `--sizes 1000000,10000000 --ks 8,32`.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bundle="$root/.device"
logs=${OUT:-$root/gpu-check}
mkdir -p "$logs"

# Node: the machine's own if it is 20 or newer, else the bundle's.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  [ -f "$bundle/node.xz" ] || { echo "no Node 20 here and no bundle (run scripts/gpu-bundle.sh where there is one)" >&2; exit 1; }
  mkdir -p /tmp/gpu-check-node && xz -dc "$bundle/node.xz" > /tmp/gpu-check-node/node && chmod +x /tmp/gpu-check-node/node
  export PATH=/tmp/gpu-check-node:$PATH
fi
[ -d node_modules ] || { [ -f "$bundle/modules.tar.xz" ] && tar xJf "$bundle/modules.tar.xz"; } || { echo "no node_modules: run npm ci" >&2; exit 1; }
# The Vulkan loader, and the GL dispatch library NVIDIA's Vulkan driver links against, where the machine lacks them.
libraries=$(ldconfig -p 2>/dev/null || true)
if ! grep -q 'libvulkan.so.1 ' <<<"$libraries" || ! grep -q 'libGLdispatch.so.0 ' <<<"$libraries"; then
  for deb in "$bundle"/gl/*.deb; do [ -e "$deb" ] && dpkg -x "$deb" /; done
  ldconfig 2>/dev/null || true
fi
# The Python the peers run in: the first with scikit-learn.
for candidate in "${PYTHON:-}" python3 /usr/bin/python3; do
  [ -n "$candidate" ] && "$candidate" -c 'import sklearn' 2>/dev/null && { export PYTHON=$candidate; break; }
done
export NO_COLOR=1 CI=true

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$logs/gpu.txt"
status=0
echo "== fit --backend auto, the loader's own driver search (no VK_ICD_FILENAMES)"
node --import tsx src/cli/main.ts generate --n 1000000 --seed 3 --out /tmp/gpu-check-customers.csv >/dev/null &&
  node --import tsx src/cli/main.ts fit --input /tmp/gpu-check-customers.csv --k 8 --n-init 1 --backend auto --json 2>&1 | tail -3 | tee "$logs/fit-auto.txt"
if ! grep -q '"backend":"webgpu"' "$logs/fit-auto.txt" || ! grep -q '"fallback":false' "$logs/fit-auto.txt"; then
  echo "FAILED: fit --backend auto did not run on a GPU adapter" >&2
  status=1
fi
echo "== GPU bench"
node --expose-gc --import tsx bench/kmeans.bench.ts --gpu --shapes "$@" 2>&1 | tee "$logs/bench.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
echo "== GPU tests"
node node_modules/vitest/vitest.mjs run --project gpu > "$logs/tests.txt" 2>&1
tests_status=$?
grep -E "✓|✗|×|FAIL|Test Files|Tests |skipped" "$logs/tests.txt" || true
[ "$tests_status" -eq 0 ] || status=1
exit $status
