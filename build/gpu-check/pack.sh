#!/usr/bin/env bash
# Packs the `deeparch` CLI for a GPU machine that has PyTorch (and so libtorch with CUDA) but no .NET:
# a self-contained linux-x64 publish WITHOUT TorchSharp's bundled CPU libtorch, keeping libLibTorchSharp.so and
# the abort guard, plus a font for image captions. Writes .gpu/deeparch-linux-x64.tar.xz (git-ignored), small
# enough for the device tool's 64 MiB carry. Usage: build/gpu-check/pack.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=.gpu
publish=$(mktemp -d)
trap 'rm -rf "$publish"' EXIT

dotnet publish src/DeepArch.Cli -c Release -r linux-x64 --self-contained true -o "$publish/deeparch" -v q -nologo

# libtorch comes from the GPU machine's PyTorch: drop every library of TorchSharp's CPU libtorch bundle.
# libLibTorchSharp.so stays: it is TorchSharp's own C API over libtorch, loaded against whichever libtorch is found.
(cd "$publish/deeparch" && rm -f libtorch*.so libc10*.so libgomp*.so* libshm.so libaoti_custom_ops.so \
  libbackend_with_compiler.so libjitbackend_test.so libnnapi_backend.so *.pdb createdump)

# The build output's copies: the guard, and libLibTorchSharp.so with the GLIBCXX compatibility step applied where
# this host needed it, with its record (a publish copies the NuGet cache's file).
build=src/DeepArch.Cli/bin/Release/net10.0/linux-x64
for file in libDeepArchTorchGuard.so libLibTorchSharp.so deeparch-torchsharp-compat.json; do
  [ -f "$build/$file" ] || { echo "pack: $build/$file is missing (did the build's native steps run?)" >&2; exit 1; }
  cp "$build/$file" "$publish/deeparch/"
done
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$font" ] && cp "$font" "$publish/deeparch/"

mkdir -p "$out"
tar -C "$publish" -cJf "$out/deeparch-linux-x64.tar.xz.tmp" deeparch
mv "$out/deeparch-linux-x64.tar.xz.tmp" "$out/deeparch-linux-x64.tar.xz"
du -h "$out/deeparch-linux-x64.tar.xz"
