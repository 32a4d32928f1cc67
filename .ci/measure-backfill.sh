#!/bin/bash
# The backfill measurement recorded in docs/operations.md: a 90-day rule-mode backfill in 30-day chunks, then a sample of
# one-hour runs, each its own bin/hunt call as a scheduler starts them. Wall times go to $OUT/measure.times.
# Usage: .ci/measure-backfill.sh [OUT]   (generates $OUT/lake90 first when it is missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/bf}"
mkdir -p "$out"
[[ -d "$out/lake90" ]] || "$root/bin/hunt" generate --out "$out/lake90" --devices 8 --days 90 --format delta
timed() {
  local label="$1"; shift
  local s e
  s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
  echo "$label $(echo "$e - $s" | bc) $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/measure.times"
}
timed backfill90 "$root/bin/hunt" detect --lake "$out/lake90" --from 2025-05-05 --to 2025-08-03 \
  --alerts "$out/alerts-backfill" --set ledger.path="$out/ledger-backfill" --set backfill.chunk=30d
for d in 3 37 71; do
  from=$(date -u -d "2025-05-05 +$d days +$((d % 24)) hours" +%Y-%m-%dT%H:00:00Z)
  to=$(date -u -d "$from +1 hour" +%Y-%m-%dT%H:00:00Z)
  timed "hour $from" "$root/bin/hunt" detect --quiet --lake "$out/lake90" --from "$from" --to "$to" \
    --alerts "$out/alerts-hourly" --set ledger.path="$out/ledger-hourly"
done
