#!/bin/bash
# What organisers will see: scripts/screenshots saves the example
# directory's generated pages into a local MediaWiki and photographs them
# with headless Chromium. Each picture must be a real rendering (a PNG of
# the full window, not an error page), one for every main page.
set -euo pipefail
cd "${SB_SRCDIR:?}"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/skillsbot-shots.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

scripts/screenshots "$OUT" >"$OUT/log" 2>&1 || { tail -20 "$OUT/log"; fail "scripts/screenshots failed"; }
n=$(ls "$OUT"/*.png 2>/dev/null | wc -l)
[ "$n" -ge 8 ] || fail "only $n screenshots"
for page in By_skill By_region By_language Connections Dashboard; do
	f=$(ls "$OUT"/*-"$page".png 2>/dev/null | head -1)
	[ -n "$f" ] || fail "no screenshot of $page"
	python3 - "$f" <<'PY' || fail "$f is not a 1280x1800 PNG with content"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1280, 1800), (w, h)
assert len(data) > 40000, len(data)   # a page of tables, not a blank window
PY
done
grep -q "chromium failed" "$OUT/log" && fail "chromium failed on a page: $(grep 'chromium failed' "$OUT/log")"
echo "PASS: $n screenshots"
