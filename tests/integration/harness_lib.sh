# harness_lib.sh - what the curl-only harness tests share; source it from
# a test_*.sh (it is not a test itself). It reads wiki.env (SB_WIKI_ENV),
# makes the scratch folder $WORK (removed on exit) and defines fail, json,
# api and login.
# shellcheck shell=bash

fail() { echo "FAIL: $*" >&2; exit 1; }

if [ -z "${SB_WIKI_ENV:-}" ] || [ ! -r "$SB_WIKI_ENV" ]; then
	fail "SB_WIKI_ENV does not name a wiki.env (run through ctest, or see README.md)"
fi
# shellcheck disable=SC1090
. "$SB_WIKI_ENV"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# json FILE EXPR: evaluate a Python expression over the JSON answer `d`.
json() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}

# api JAR OUT [curl args...]: one API call with a cookie jar.
api() {
	local jar=$1 out=$2
	shift 2
	curl -fsS --max-time 30 -b "$jar" -c "$jar" -o "$out" "$@" "$SB_WIKI_API"
}

# login JAR USER PASSWORD_FILE: action=login with a bot password. The
# password goes to curl through a file, never through argv.
login() {
	local jar=$1 user=$2 pwfile=$3 token
	api "$jar" "$WORK/tok.json" -G -d action=query -d meta=tokens \
		-d type=login -d format=json -d formatversion=2
	token=$(json "$WORK/tok.json" 'd["query"]["tokens"]["logintoken"]')
	# lgpassword is read from the file with curl's @file form (the file
	# holds the password and nothing else).
	api "$jar" "$WORK/login.json" -d action=login -d format=json \
		-d formatversion=2 --data-urlencode "lgname=$user" \
		--data-urlencode "lgpassword@$pwfile" \
		--data-urlencode "lgtoken=$token"
	[ "$(json "$WORK/login.json" 'd["login"]["result"]')" = Success ] ||
		fail "login as $user: $(json "$WORK/login.json" 'd["login"].get("reason")')"
}
