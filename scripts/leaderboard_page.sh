#!/usr/bin/env bash
# Runs `hardcall serve` on 127.0.0.1, plays a few rounds through `hardcall join` as trainees
# would, and photographs the live leaderboard page at 1920×1080 in headless Chromium, then
# checks the picture is not blank and that the page shows who played.
#
#   scripts/leaderboard_page.sh [BINARY] [OUT_PNG]
#
# Needs Debian's chromium (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${1:-${CARGO_TARGET_DIR:-target}/debug/hardcall}"
out="${2:-${CARGO_TARGET_DIR:-target}/screenshots/leaderboard-page.png}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$binary" serve --competition scenarios/competitions/autumn-cup.ron --bind 127.0.0.1:0 \
    --database "sqlite:$work/live.sqlite" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    grep -q "organiser token" "$work/serve.log" && break
    sleep 0.2
done
url="$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$work/serve.log")"
blue="$(sed -n 's/.*team Blue: join code //p' "$work/serve.log")"
green="$(sed -n 's/.*team Green: join code //p' "$work/serve.log")"
[ -n "$url" ] && [ -n "$blue" ] && [ -n "$green" ] || { cat "$work/serve.log"; exit 1; }

# Three trainees play the first round (each always picks the same number), one plays on.
for who in "Ana Lee:$blue:3" "Bo Chen:$blue:2" "Cam Diaz:$green:1"; do
    IFS=: read -r name code pick <<< "$who"
    for _ in $(seq 1 12); do echo "$pick"; done | "$binary" join "$url" --code "$code" --trainee "$name" --round 1 > /dev/null
done
curl -sf -X POST "$url/api/start" -H 'content-type: application/json' \
    -d "{\"trainee\": \"Dee Park\", \"code\": \"$green\", \"round\": 2}" > /dev/null

mkdir -p "$(dirname "$out")"
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
    --virtual-time-budget=5000 --screenshot="$out" "$url/" 2> /dev/null
python3 scripts/check_png.py "$(dirname "$out")" "$(basename "$out")"
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=5000 --dump-dom "$url/" \
    2> /dev/null > "$work/page.html"
for name in "Ana Lee" "Bo Chen" "Cam Diaz" "Dee Park" "Blue" "Green"; do
    grep -q "$name" "$work/page.html" || { echo "the page does not show $name"; exit 1; }
done
echo "ok: the live leaderboard page shows every trainee and team ($out)"
