#!/bin/bash
# LimitedBot is rate limited as wiki.env says (SB_LIMITED_EDITS edits per
# SB_LIMITED_WINDOW seconds) and SkillsBot is not. Every test whose name
# contains "ratelimit" holds the CTest lock "limitedbot", so two of them
# never share LimitedBot's budget.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
if [ -z "${SB_WIKI_ENV:-}" ] || [ ! -r "$SB_WIKI_ENV" ]; then
	fail "SB_WIKI_ENV does not name a wiki.env (run through ctest)"
fi
# shellcheck disable=SC1090
. "$SB_WIKI_ENV"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

json() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}

api() {
	local jar=$1 out=$2
	shift 2
	curl -fsS --max-time 30 -b "$jar" -c "$jar" -o "$out" "$@" "$SB_WIKI_API"
}

login() {
	local jar=$1 user=$2 pwfile=$3
	api "$jar" "$WORK/tok.json" -G -d action=query -d meta=tokens \
		-d type=login -d format=json -d formatversion=2
	api "$jar" "$WORK/login.json" -d action=login -d format=json \
		-d formatversion=2 --data-urlencode "lgname=$user" \
		--data-urlencode "lgpassword@$pwfile" \
		--data-urlencode "lgtoken=$(json "$WORK/tok.json" 'd["query"]["tokens"]["logintoken"]')"
	[ "$(json "$WORK/login.json" 'd["login"]["result"]')" = Success ] ||
		fail "login as $user failed"
}

# edits JAR USER N: make N edits as fast as possible; print the error codes
# (or "ok") one a line.
edits() {
	local jar=$1 user=$2 n=$3 i token title
	api "$jar" "$WORK/csrf.json" -G -d action=query -d meta=tokens \
		-d format=json -d formatversion=2
	token=$(json "$WORK/csrf.json" 'd["query"]["tokens"]["csrftoken"]')
	title="User:$user/ratelimit-$$-$(date +%s)"
	for i in $(seq 1 "$n"); do
		api "$jar" "$WORK/edit.json" -d action=edit -d format=json \
			-d formatversion=2 -d errorformat=plaintext -d assert=bot \
			--data-urlencode "title=$title" -d "text=edit $i" \
			--data-urlencode "token=$token"
		json "$WORK/edit.json" '"ok" if "edit" in d else d["errors"][0]["code"]'
	done
}

login "$WORK/lim.jar" "$SB_LIMITED_USER" "$SB_LIMITED_PASSWORD_FILE"
n=$((SB_LIMITED_EDITS + 1))
got=$(edits "$WORK/lim.jar" LimitedBot "$n" | tr '\n' ' ')
want="$(printf 'ok %.0s' $(seq 1 "$SB_LIMITED_EDITS"))ratelimited "
[ "$got" = "$want" ] || fail "LimitedBot: got '$got', want '$want'"

login "$WORK/bot.jar" "$SB_BOT_USER" "$SB_BOT_PASSWORD_FILE"
got=$(edits "$WORK/bot.jar" SkillsBot "$n" | tr '\n' ' ')
want="$(printf 'ok %.0s' $(seq 1 "$n"))"
[ "$got" = "$want" ] || fail "SkillsBot: got '$got', want '$want'"
echo ok
