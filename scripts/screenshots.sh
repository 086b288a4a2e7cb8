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
)

rm -rf "$out"
mkdir -p "$out"
export WGPU_BACKEND=vulkan
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
# Settings and progress of the scripted run stay out of the user's config folder.
HARDCALL_CONFIG_DIR="$(mktemp -d)"
export HARDCALL_CONFIG_DIR
timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --screenshots "$out"
python3 scripts/check_png.py "$out" "${shots[@]}"

echo "frame-time benchmark (software rendering):"
timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --bench-frames 2>/dev/null | tail -n 2
