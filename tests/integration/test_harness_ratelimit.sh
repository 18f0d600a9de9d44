#!/bin/bash
# LimitedBot is rate limited as wiki.env says (SB_LIMITED_EDITS edits per
# SB_LIMITED_WINDOW seconds) and SkillsBot is not. Every test whose name
# contains "ratelimit" holds the CTest lock "limitedbot", so two of them
# never share LimitedBot's budget.
set -euo pipefail

# shellcheck source=harness_lib.sh
. "$(dirname "$0")/harness_lib.sh"

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
