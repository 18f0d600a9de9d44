#!/bin/bash
# The README's first command, as a newcomer runs it: on a clean clone,
# `scripts/demo` builds, starts its own local wiki seeded with the examples,
# runs one sync cycle as the bot and prints the pages' addresses; then
# `scripts/demo --offline` does the same from a dump, without a wiki.
# (The README's second command is what CI runs, so it is tested by CI.)
set -euo pipefail

SRC=${SB_SRCDIR:?}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/skillsbot-readme.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

git clone -q "$SRC" "$WORK/clone"
cd "$WORK/clone"
# The demo's temporary folder goes here, so we can see it is removed.
mkdir "$WORK/tmp"
export TMPDIR=$WORK/tmp

out=$(scripts/demo </dev/null 2>&1) || { echo "$out" | tail -30; fail "scripts/demo exited $?"; }
echo "$out" | grep -E 'full sync: [0-9]+ pages read' >/dev/null || fail "no sync summary: $out"
edits=$(echo "$out" | sed -n 's/.* \([0-9][0-9]*\) edited,.*/\1/p' | tail -1)
[ "${edits:-0}" -gt 10 ] || fail "the demo made ${edits:-no} edits"
echo "$out" | grep -F 'title=Grants:Knowledge_Sharing/Connect/Skills_Directory/Connections' >/dev/null ||
	fail "the demo did not print the Connections page's address"
# The demo's wiki is gone once it returns (stdin is not a terminal).
base=$(echo "$out" | grep -o 'http://127\.0\.0\.1:[0-9]*/' | head -1)
[ -n "$base" ] || fail "no wiki address in the demo's output"
if curl -s -o /dev/null --max-time 5 "${base}api.php"; then
	fail "the demo left its wiki running at $base"
fi
[ -z "$(ls -A "$WORK/tmp")" ] || fail "the demo left files behind: $(ls "$WORK/tmp")"

out=$(scripts/demo --offline </dev/null 2>&1) || fail "scripts/demo --offline: $out"
echo "$out" | grep -E 'connections: +[1-9][0-9]* one-to-one' >/dev/null || fail "offline: no connections: $out"
n=$(ls out/demo/pages | wc -l)
[ "$n" -gt 10 ] || fail "offline: only $n pages written"
grep -q '<!-- skillsbot:begin connections -->' \
	"out/demo/pages/Grants%3AKnowledge Sharing%2FConnect%2FSkills Directory%2FConnections.wiki" ||
	fail "offline: the Connections page has no generated section"
echo "PASS: scripts/demo on a clean clone (online: $edits edits; offline: $n pages)"
