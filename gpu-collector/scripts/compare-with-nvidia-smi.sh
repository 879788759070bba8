#!/usr/bin/env bash
# Compares what the GPU collector reads through NVML with what nvidia-smi reports, field by field.
#
#   gpu-collector/scripts/compare-with-nvidia-smi.sh                 run both now, at the same moment
#   gpu-collector/scripts/compare-with-nvidia-smi.sh --json F --csv F   compare captured outputs
#
# Live mode runs "$GPU_COLLECTOR_CMD --once --print" (default: ./pipeline gpu-collector, from the repo root)
# and "$NVIDIA_SMI --query-gpu=... --format=csv,noheader,nounits" (default: nvidia-smi) in parallel, keeps
# both outputs next to the report (in $OUT_DIR, default a temporary directory) and compares them.
# Identity and configuration fields must agree exactly; live readings (utilization, temperature, power,
# clocks, used memory) may move between the two reads and are "close" within a tolerance.
# Exit status: 0 every field agrees or is close, 1 some field differs, 2 a command failed or bad usage.
set -euo pipefail

QUERY="index,uuid,name,pci.bus_id,memory.total,memory.used,memory.free,utilization.gpu,utilization.memory,temperature.gpu,power.draw,power.limit,clocks.sm,clocks.mem,fan.speed,ecc.errors.corrected.volatile.total,ecc.errors.uncorrected.volatile.total"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JSON_FILE=""
CSV_FILE=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --json) JSON_FILE="$2"; shift 2 ;;
    --csv) CSV_FILE="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -n "$JSON_FILE" || -n "$CSV_FILE" ]]; then
  if [[ -z "$JSON_FILE" || -z "$CSV_FILE" ]]; then
    echo "--json and --csv go together" >&2
    exit 2
  fi
else
  OUT_DIR="${OUT_DIR:-$(mktemp -d)}"
  mkdir -p "$OUT_DIR"
  JSON_FILE="$OUT_DIR/collector.json"
  CSV_FILE="$OUT_DIR/nvidia-smi.csv"
  # Both start together so live readings are taken as close in time as two processes allow.
  (cd "$ROOT" && eval "${GPU_COLLECTOR_CMD:-./pipeline gpu-collector} --once --print") >"$JSON_FILE" 2>"$OUT_DIR/collector.err" &
  collector=$!
  "${NVIDIA_SMI:-nvidia-smi}" --query-gpu="$QUERY" --format=csv,noheader,nounits >"$CSV_FILE" 2>"$OUT_DIR/nvidia-smi.err" &
  smi=$!
  failed=0
  wait "$collector" || { echo "the collector failed:" >&2; cat "$OUT_DIR/collector.err" >&2; failed=1; }
  wait "$smi" || { echo "nvidia-smi failed:" >&2; cat "$OUT_DIR/nvidia-smi.err" >&2; failed=1; }
  [[ $failed == 0 ]] || exit 2
  echo "outputs kept in $OUT_DIR"
fi

exec python3 - "$JSON_FILE" "$CSV_FILE" "$QUERY" <<'PY'
import csv, json, sys

json_path, csv_path, query = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
MIB = 1024 * 1024

# The JSON array starts at the first line beginning with '[' (a launcher may log lines before it).
lines = open(json_path).read().splitlines()
start = next((i for i, line in enumerate(lines) if line.startswith("[")), None)
if start is None:
    sys.exit("no JSON array in the collector's output " + json_path)
collector = {gpu["uuid"]: gpu for gpu in json.loads("\n".join(lines[start:]))}

smi = {}
with open(csv_path) as f:
    for row in csv.reader(f, skipinitialspace=True):
        if not row:
            continue
        if len(row) != len(query):
            sys.exit("nvidia-smi row has %d values, expected %d: %s" % (len(row), len(query), row))
        gpu = dict(zip(query, (v.strip() for v in row)))
        smi[gpu["uuid"]] = gpu

def mib(value):
    return None if value is None else value // MIB

# nvidia-smi field, the collector's value from a sample, agreement counted as "same" within the first
# tolerance and "close" within the second ("10%" = of nvidia-smi's value, at least 5); None = compare text.
FIELDS = [
    ("index", lambda g: g["gpu_index"], 0, 0),
    ("uuid", lambda g: g["uuid"], None, None),
    ("name", lambda g: g["name"], None, None),
    ("pci.bus_id", lambda g: g["pci_bus_id"], None, None),
    ("memory.total", lambda g: mib(g["memory_total_bytes"]), 1, 1),
    ("memory.used", lambda g: mib(g["memory_used_bytes"]), 1, 64),
    ("memory.free", lambda g: mib(g["memory_free_bytes"]), 1, 64),
    ("utilization.gpu", lambda g: g["utilization_gpu_percent"], 0, 10),
    ("utilization.memory", lambda g: g["utilization_memory_percent"], 0, 10),
    ("temperature.gpu", lambda g: g["temperature_celsius"], 0, 3),
    ("power.draw", lambda g: g["power_draw_watts"], 0.01, "10%"),
    ("power.limit", lambda g: g["power_limit_watts"], 0.01, 0.01),
    ("clocks.sm", lambda g: g["sm_clock_mhz"], 0, "15%"),
    ("clocks.mem", lambda g: g["memory_clock_mhz"], 0, "15%"),
    ("fan.speed", lambda g: g["fan_speed_percent"], 0, 5),
    ("ecc.errors.corrected.volatile.total", lambda g: g["ecc_corrected_errors"], 0, 0),
    ("ecc.errors.uncorrected.volatile.total", lambda g: g["ecc_uncorrected_errors"], 0, 0),
]

def smi_value(text):
    """nvidia-smi prints [N/A] or [Not Supported] where NVML answers NOT_SUPPORTED."""
    return None if text.startswith("[") or text in ("N/A", "") else text

def verdict(mine, theirs, same_within, close_within):
    if mine is None or theirs is None:
        return "same" if mine is None and theirs is None else "DIFFERENT"
    if same_within is None:
        return "same" if str(mine).lower() == theirs.lower() else "DIFFERENT"
    try:
        reference = float(theirs)
    except ValueError:
        return "DIFFERENT"
    delta = abs(float(mine) - reference)
    if delta <= same_within + 1e-9:
        return "same"
    if isinstance(close_within, str):
        close_within = max(abs(reference) * float(close_within[:-1]) / 100, 5)
    return "close" if delta <= close_within + 1e-9 else "DIFFERENT"

differences = 0
for uuid in sorted(set(collector) | set(smi)):
    if uuid not in collector or uuid not in smi:
        differences += 1
        print("DIFFERENT GPU %s: only %s reports it" % (uuid, "the collector" if uuid in collector else "nvidia-smi"))
        continue
    gpu, row = collector[uuid], smi[uuid]
    print("GPU %s (%s, index %s)" % (uuid, gpu["name"], row["index"]))
    print("  %-40s %-24s %-24s %s" % ("field", "collector", "nvidia-smi", "verdict"))
    for field, read, same_within, close_within in FIELDS:
        mine, theirs = read(gpu), smi_value(row[field])
        v = verdict(mine, theirs, same_within, close_within)
        differences += v == "DIFFERENT"
        print("  %-40s %-24s %-24s %s" % (field, "null" if mine is None else mine, row[field], v))

if differences:
    print("%d difference(s) between the collector and nvidia-smi" % differences)
    sys.exit(1)
print("the collector agrees with nvidia-smi on %d GPU(s)" % len(collector))
PY
