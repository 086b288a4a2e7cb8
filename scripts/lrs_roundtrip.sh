#!/usr/bin/env bash
# Pushes real attempts to Ralph, a learning record store, and reads every statement back.
#
#   scripts/lrs_roundtrip.sh [BINARY]
#
# Installs Ralph (ralph-malph[cli,lrs], from PyPI) into a virtual environment under
# ~/.cache, creates a user, starts `ralph runserver -b fs` on 127.0.0.1, plays three
# scenarios in the terminal, runs `hardcall results push --mastery`, compares what Ralph returns over
# GET /xAPI/statements with `hardcall results export --format xapi`, checks that a second push
# sends nothing, and stops Ralph.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${1:-${CARGO_TARGET_DIR:-target}/debug/hardcall}"
venv="${HARDCALL_RALPH_VENV:-$HOME/.cache/hardcall-ralph}"
if [ ! -x "$venv/bin/ralph" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "ralph-malph[cli,lrs]" requests
fi

work="$(mktemp -d)"
export RALPH_APP_DIR="$work/ralph" RALPH_RUNSERVER_BACKEND=fs
mkdir -p "$RALPH_APP_DIR"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export HARDCALL_LRS_USER=hardcall-ci
HARDCALL_LRS_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')"
export HARDCALL_LRS_PASSWORD
(cd "$RALPH_APP_DIR" && "$venv/bin/ralph" auth -u "$HARDCALL_LRS_USER" -p "$HARDCALL_LRS_PASSWORD" -s all \
    -M mailto:ci@example.com -w > /dev/null 2>&1)
(cd "$RALPH_APP_DIR" && exec "$venv/bin/ralph" runserver -b fs --host 127.0.0.1 --port "$port") > "$work/ralph.log" 2>&1 &
ralph_pid=$!
stop() {
    pkill -P "$ralph_pid" 2> /dev/null || true
    kill "$ralph_pid" 2> /dev/null || true
    # Ralph's log explains a refused statement; keep it where CI prints it.
    tail -n 40 "$work/ralph.log" > "${TMPDIR:-/tmp}/hardcall-ralph.log" 2> /dev/null || true
    rm -rf "$work"
}
trap stop EXIT

lrs="http://127.0.0.1:$port/xAPI/"
for _ in $(seq 1 60); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/__heartbeat__', timeout=1)" 2> /dev/null; then
        break
    fi
    sleep 0.5
done

# Three conversations, played in the terminal along each scenario's best path.
data="$work/data"
for scenario in double-charge late-delivery-email wrong-about-facts; do
    "$binary" analyze "scenarios/$scenario.ron" --json \
        | python3 -c 'import json,sys; print("\n".join(str(c) for c in json.load(sys.stdin)["variants"][0]["best"]["choices"]))' \
        | "$binary" play "scenarios/$scenario.ron" --seed 11 --trainee "Ana \"CI\" Lee" --data-dir "$data" > /dev/null
done

# One batch: Ralph 5.1's file backend refuses a second write to its store ("already exists
# and overwrite is not allowed"); batching and retries are tested against a stand-in LRS in
# tests/lrs_push.rs.
"$binary" results push --lrs "$lrs" --batch 1000 --mastery --data-dir "$data"
"$binary" results export --format xapi --data-dir "$data" --out "$work/expected.json"
python3 - "$lrs" "$work/expected.json" << 'PY'
import base64, json, os, sys, urllib.request
lrs, expected_path = sys.argv[1], sys.argv[2]
auth = base64.b64encode(f"{os.environ['HARDCALL_LRS_USER']}:{os.environ['HARDCALL_LRS_PASSWORD']}".encode()).decode()
def get(url):
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
stored, url = {}, lrs + "statements?limit=500"
while url:
    page = get(url)
    for statement in page["statements"]:
        stored[statement["id"]] = statement
    more = page.get("more")
    url = (lrs.split("/xAPI/")[0] + more) if more else None
expected = {s["id"]: s for s in json.load(open(expected_path))}
assert expected, "the export is empty"
missing = sorted(set(expected) - set(stored))
assert not missing, f"{len(missing)} statements missing from the LRS, e.g. {missing[:3]}"
for sid, want in expected.items():
    got = stored[sid]
    for key in ("actor", "verb", "object", "result"):
        assert got[key] == want[key], f"{sid}: {key} differs:\n{got[key]}\n{want[key]}"
    # A `mastered` statement belongs to no single attempt, so it may have no registration.
    registration = lambda s: s.get("context", {}).get("registration")
    assert registration(got) == registration(want), sid
print(f"ok: all {len(expected)} statements read back from the LRS match the export")
PY
again="$("$binary" results push --lrs "$lrs" --mastery --data-dir "$data")"
echo "$again"
case "$again" in
    "sent 0 statement(s)"*) echo "ok: a second push sends nothing" ;;
    *) echo "a second push sent statements again" >&2; exit 1 ;;
esac
