#!/usr/bin/env bash
# Runs the real game under Xvfb with Mesa's software Vulkan driver, lets it tour every
# screen and save a PNG of each, then checks that none is missing or blank.
#
#   scripts/screenshots.sh [OUT_DIR] [BINARY]
#
# Needs Debian's xvfb and mesa-vulkan-drivers (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-${CARGO_TARGET_DIR:-target}/screenshots}"
binary="${2:-${CARGO_TARGET_DIR:-target}/debug/hardcall}"
shots=(
    01-title.png 02-picker.png 03-briefing.png 04-conversation-phone.png 05-conversation-email.png
    06-conversation-chat.png 07-conversation-in-person.png 08-conversation-reaction.png
    09-conversation-dossier.png 10-conversation-ended.png 11-debrief.png 12-settings.png
    13-picker-high-contrast.png 14-competition-briefing.png 15-leaderboard.png
    16-live-unreachable.png 17-live-rounds.png 18-live-conversation.png 19-live-reply-failed.png
    20-live-debrief.png 21-studio.png 22-customers.png 23-expressions.png
    24-conversation-high-contrast.png 25-call-speaking.png 26-chat-typing.png 27-email-thread.png
    28-studio-playtest.png 29-studio-brief.png 30-progress.png 31-review.png 32-review-debrief.png
)

rm -rf "$out"
mkdir -p "$out"
export WGPU_BACKEND=vulkan
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
# Settings and progress of the scripted run stay out of the user's config folder.
HARDCALL_CONFIG_DIR="$(mktemp -d)"
export HARDCALL_CONFIG_DIR

# A live competition for the tour to join: the shipped cup on a throwaway database, on a
# port of the system's choosing; the tour's trainee by then is on team Blue.
live="$(mktemp -d)"
"$binary" serve --competition scenarios/competitions/autumn-cup.ron --bind 127.0.0.1:0 \
    --database "sqlite:$live/live.sqlite" > "$live/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "organiser token" "$live/serve.log" && break; sleep 0.1; done
url="$(sed -n 's/.*serving on //p' "$live/serve.log")"
code="$(sed -n 's/.*team Blue: join code //p' "$live/serve.log")"
[ -n "$url" ] && [ -n "$code" ] || { echo "the live server did not start:"; cat "$live/serve.log"; exit 1; }

HARDCALL_TOUR_LIVE="$url $code" timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --screenshots "$out"
python3 scripts/check_png.py "$out" "${shots[@]}"

echo "frame-time benchmark (software rendering):"
timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --bench-frames 2>/dev/null | tail -n 3
