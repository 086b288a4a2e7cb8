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
curl -sf "$url/api/leaderboard" > "$work/standings.json"
# The standings the page shows are the server's: every team and trainee row, in order, with
# its percentage, and who is playing now.
python3 - "$work/page.html" "$work/standings.json" <<'PY'
import html, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)]
data = json.load(open(sys.argv[2], encoding="utf-8"))
board = data["leaderboard"]
expected = [[str(s["rank"]), s["name"], f'{s["percent"]}%'] for s in board["teams"]]
expected += [[str(s["rank"]), f'{s["name"]} · {s["team"]}', f'{s["percent"]}%'] for s in board["trainees"]]
shown = [r[:3] for r in rows if len(r) >= 3]
for row in expected:
    assert row in shown, f"the page does not show {row}; it shows {shown}"
assert shown[: len(board["teams"])] == expected[: len(board["teams"])], "teams out of order"
for p in data["playing"]:
    assert p["trainee"] in page, f'{p["trainee"]} is playing but not shown'
assert board["trainees"], "nobody finished a round"
print(f"ok: the page shows the server's {len(expected)} standings and {len(data['playing'])} playing now")
PY
echo "ok: the live leaderboard page ($out)"
