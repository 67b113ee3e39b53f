#!/usr/bin/env bash
# Runs on a GPU machine that has PyTorch but no .NET, from the repository root, after pack.sh made the bundle:
#   build/gpu-check/check.sh [BUNDLE] [PROFILE] [RECIPE_SPEC...]
# Binds TorchSharp's libLibTorchSharp.so to PyTorch's own libtorch (torch/lib, with CUDA), lists the symbols it
# needs that those libraries do not define, then runs `deeparch info`, `bench trainer`, each recipe spec (a quoted
# "RECIPE OPTIONS...", default two chapter-02 recipes on synthetic data) on cuda, chapter 02 under PROFILE
# (default gpu), and the recipes again on the CPU. Results go to /tmp/gpu-check, packed at the end into
# $OUT/gpu-check.tar.gz when OUT is set (the device tool brings back $OUT's files); TORCH_LIB overrides the
# libtorch folder (e.g. to try the script on a CPU machine with TorchSharp's own libtorch); DEEPARCH_DATA names a
# data root with real datasets.
set -uo pipefail
bundle=${1:-.gpu/deeparch-linux-x64.tar.xz}
profile=${2:-gpu}
shift $(($# < 2 ? $# : 2))
recipes=("$@")
((${#recipes[@]})) || recipes=("lenet5-mnist --synthetic 20000" "unet-shapes --synthetic 4000")
out=/tmp/gpu-check
rm -rf "$out" && mkdir -p "$out"
log() { echo "== $* ($(date +%T))"; }

if [ -z "${TORCH_LIB:-}" ]; then
  TORCH_LIB=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  python3 -c 'import torch; print("pytorch", torch.__version__, "cuda", torch.version.cuda,
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")' | tee "$out/pytorch.txt"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

app=/tmp/deeparch-gpu/deeparch
rm -rf /tmp/deeparch-gpu && mkdir -p /tmp/deeparch-gpu && tar -C /tmp/deeparch-gpu -xJf "$bundle" || exit 1
mkdir -p ~/.local/share/fonts && cp "$app/DejaVuSans.ttf" ~/.local/share/fonts/ 2>/dev/null
export LD_LIBRARY_PATH=$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export DOTNET_CLI_TELEMETRY_OPTOUT=1

log "symbols of libLibTorchSharp.so and the guard not defined by $TORCH_LIB"
for lib in libLibTorchSharp.so libDeepArchTorchGuard.so; do
  ldd -r "$app/$lib" > "$out/ldd-$lib.txt" 2>&1
  grep -E "not found" "$out/ldd-$lib.txt"
  grep -o "undefined symbol: [^[:space:]]*" "$out/ldd-$lib.txt" | cut -d' ' -f3 | sort -u > "$out/missing-$lib.txt"
  command -v c++filt >/dev/null && c++filt < "$out/missing-$lib.txt" > "$out/missing-$lib.demangled.txt"
  echo "$lib: $(wc -l < "$out/missing-$lib.txt") undefined symbols"
  head -40 "$out/missing-$lib.demangled.txt" 2>/dev/null || head -40 "$out/missing-$lib.txt"
done

cli=$app/DeepArch.Cli
log "deeparch info"
timeout 120 "$cli" info --json | tee "$out/info.json"

train() { # DEVICE RECIPE OPTIONS...
  local device=$1 name=$2-$1; shift
  log "train $* --device $device"
  local start=$EPOCHREALTIME
  timeout 120 "$cli" train "$@" --device "$device" --json --out "/tmp/ck-$device" \
    > "$out/$name.json" 2> "$out/$name.err"
  local rc=$?
  echo "exit $rc, $(python3 -c "print(round($EPOCHREALTIME - $start, 1))") s wall"
  tail -3 "$out/$name.err"; head -c 700 "$out/$name.json"; echo
}
for spec in "${recipes[@]}"; do train cuda $spec; done

log "bench trainer (bare TorchSharp loop vs the library's Trainer, on the default device)"
timeout 120 "$cli" bench trainer --steps 1000 --warmup 100 --json | tee "$out/bench-trainer.json"

log "deeparch run notebooks/02-cnn-zoo.ipynb -p profile=$profile"
timeout 200 "$cli" run notebooks/02-cnn-zoo.ipynb -p profile="$profile" --out "$out/nb" 2>&1 | tail -25

for spec in "${recipes[@]}"; do train cpu $spec; done
log done
[ -n "${OUT:-}" ] && tar -C "$out" -czf "$OUT/gpu-check.tar.gz" .
