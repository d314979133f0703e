#!/usr/bin/env bash
# Pack what the GPU check (scripts/gpu-check.sh) needs on a Linux x86-64 machine with a GPU and
# no network: this Node binary, the installed modules (Dawn's Linux x64 build only; browsers,
# linters and DuckDB left out) and the Vulkan loader with the GL vendor-neutral libraries that
# NVIDIA's Vulkan driver links against (without libGLdispatch the loader reports the driver as
# VK_ERROR_INCOMPATIBLE_DRIVER). Run from the project root after `npm ci`; writes .device/
# (ignored through .git/info/exclude), about 50 MB. Then, on the GPU machine, from a copy of the
# project with .device/ in it: `bash scripts/gpu-check.sh`.
set -euo pipefail
[ -f package.json ] && [ -d node_modules ] || { echo "run from the project root after npm ci" >&2; exit 1; }
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
rm -rf .device && mkdir -p .device/gl
xz -T0 -6 -c "$(command -v node)" > .device/node.xz
tar --exclude='node_modules/webgpu/dist/win32-*' --exclude='node_modules/webgpu/dist/darwin-*' \
    --exclude='node_modules/webgpu/dist/linux-arm64' --exclude='node_modules/playwright*' \
    --exclude='node_modules/@playwright' --exclude='node_modules/@duckdb' \
    --exclude='node_modules/typescript' --exclude='node_modules/@typescript-eslint' --exclude='node_modules/eslint*' \
    --exclude='node_modules/@types' --exclude='node_modules/wabt' -cf - node_modules | xz -T0 -6 > .device/modules.tar.xz
lists=$(mktemp -d); o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$lists"
mkdir -p "$lists/partial"; apt-get $o update -qq >/dev/null 2>&1 || true
(cd .device/gl && apt-get $o download -qq libvulkan1 libglvnd0 libglx0 libgl1 libegl1 libopengl0 libgles2 >/dev/null 2>&1) \
  || echo "note: could not fetch the Vulkan loader and GL packages; the GPU machine must have them" >&2
du -sh .device
