#!/usr/bin/env bash
# Puts ONNX Runtime's native library (libonnxruntime.so.1) into the folder given as $1, taken from the
# npm package onnxruntime-node, which ships the official Linux builds. Idempotent: does nothing when the
# library is already there. ORT_LIB_PATH (a file or a folder) overrides the download.
set -euo pipefail
version="${ORT_VERSION:-1.30.0}"
dest="$1"
lib="$dest/libonnxruntime.so.1"
[ -f "$lib" ] && exit 0

if [ -n "${ORT_LIB_PATH:-}" ]; then
  source="$ORT_LIB_PATH"
  [ -d "$source" ] && source="$source/libonnxruntime.so.1"
  [ -f "$source" ] || { echo "fetch-onnxruntime: ORT_LIB_PATH=$ORT_LIB_PATH has no libonnxruntime.so.1" >&2; exit 1; }
  mkdir -p "$dest" && cp "$source" "$lib.tmp" && mv "$lib.tmp" "$lib"
  exit 0
fi

case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "fetch-onnxruntime: no ONNX Runtime build for $(uname -m); set ORT_LIB_PATH" >&2; exit 1 ;;
esac
command -v npm >/dev/null 2>&1 || { echo "fetch-onnxruntime: npm is needed to fetch onnxruntime-node@$version (or set ORT_LIB_PATH)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-onnxruntime: downloading onnxruntime-node@$version from the npm registry" >&2
(cd "$work" && npm pack "onnxruntime-node@$version" --silent >/dev/null)
tar -xzf "$work/onnxruntime-node-$version.tgz" -C "$work" "package/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
mkdir -p "$dest"
# Another build may be fetching at the same time: move into place atomically.
cp "$work/package/bin/napi-v6/linux/$arch/libonnxruntime.so.1" "$lib.$$"
mv "$lib.$$" "$lib"
