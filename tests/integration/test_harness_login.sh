#!/bin/bash
# The harness end to end, with nothing but curl: the bot logs in with its
# bot password through the Action API, the wiki says it is SkillsBot in
# group bot with the rights a bot needs, LimitedBot lacks noratelimit, and
# a fixture page reads back exactly as the fixture file.
set -euo pipefail

# shellcheck source=harness_lib.sh
. "$(dirname "$0")/harness_lib.sh"

# userinfo JAR OUT: who the wiki thinks we are.
userinfo() {
	api "$1" "$2" -G -d action=query -d meta=userinfo \
		-d uiprop='groups|rights' -d format=json -d formatversion=2
}

echo "# bot login"
login "$WORK/bot.jar" "$SB_BOT_USER" "$SB_BOT_PASSWORD_FILE"
userinfo "$WORK/bot.jar" "$WORK/ui.json"
[ "$(json "$WORK/ui.json" 'd["query"]["userinfo"]["name"]')" = SkillsBot ] ||
	fail "userinfo name is not SkillsBot"
for want in 'd["query"]["userinfo"]["groups"]:bot' \
	'd["query"]["userinfo"]["rights"]:bot' \
	'd["query"]["userinfo"]["rights"]:noratelimit' \
	'd["query"]["userinfo"]["rights"]:apihighlimits' \
	'd["query"]["userinfo"]["rights"]:edit'; do
	[ "$(json "$WORK/ui.json" "'${want#*:}' in ${want%%:*}")" = True ] ||
		fail "SkillsBot lacks ${want#*:} in ${want%%:*}"
done

echo "# a wrong bot password is refused"
printf 'not-the-password' >"$WORK/wrong"
api "$WORK/wrong.jar" "$WORK/tok.json" -G -d action=query -d meta=tokens \
	-d type=login -d format=json -d formatversion=2
api "$WORK/wrong.jar" "$WORK/login.json" -d action=login -d format=json \
	-d formatversion=2 --data-urlencode "lgname=$SB_BOT_USER" \
	--data-urlencode "lgpassword@$WORK/wrong" \
	--data-urlencode "lgtoken=$(json "$WORK/tok.json" 'd["query"]["tokens"]["logintoken"]')"
[ "$(json "$WORK/login.json" 'd["login"]["result"]')" = Failed ] ||
	fail "a wrong password was not refused"

echo "# LimitedBot: a bot, but rate limited"
login "$WORK/lim.jar" "$SB_LIMITED_USER" "$SB_LIMITED_PASSWORD_FILE"
userinfo "$WORK/lim.jar" "$WORK/ui.json"
[ "$(json "$WORK/ui.json" '"bot" in d["query"]["userinfo"]["groups"] and "bot" in d["query"]["userinfo"]["rights"]')" = True ] ||
	fail "LimitedBot is not a bot"
[ "$(json "$WORK/ui.json" '"noratelimit" in d["query"]["userinfo"]["rights"]')" = False ] ||
	fail "LimitedBot has noratelimit"

echo "# Editor: a person, not a bot"
login "$WORK/ed.jar" "$SB_EDITOR_USER" "$SB_EDITOR_PASSWORD_FILE"
userinfo "$WORK/ed.jar" "$WORK/ui.json"
[ "$(json "$WORK/ui.json" '"bot" in d["query"]["userinfo"]["rights"] or "bot" in d["query"]["userinfo"]["groups"]')" = False ] ||
	fail "Editor is a bot"

echo "# a fixture page reads back exactly"
title="User:Example Person/Skills profile"
api "$WORK/bot.jar" "$WORK/page.json" -G -d action=query -d prop=revisions \
	-d rvprop=content -d rvslots=main --data-urlencode "titles=$title" \
	-d format=json -d formatversion=2
json "$WORK/page.json" 'd["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]' \
	>"$WORK/got"
# MediaWiki drops trailing white space on save; print() adds one newline.
diff -u "$SB_FIXTURES_DIR/profile-example-person.wiki" "$WORK/got" ||
	fail "$title differs from its fixture"

echo "# JSON content model for the taxonomy page"
api "$WORK/bot.jar" "$WORK/tax.json" -G -d action=query -d prop=info \
	--data-urlencode "titles=Grants:Knowledge Sharing/Connect/Skills Directory/Taxonomy" \
	-d format=json -d formatversion=2
[ "$(json "$WORK/tax.json" 'd["query"]["pages"][0]["contentmodel"]')" = json ] ||
	fail "the taxonomy page is not JSON"

echo "# the links tables know the fixtures (what embeddedin reads)"
# prop=templates on the two fixture profile pages: other tests add pages
# that transclude the template too, so embeddedin's whole list is theirs.
api "$WORK/bot.jar" "$WORK/tl.json" -G -d action=query -d prop=templates \
	--data-urlencode "titles=User:Example Person/Skills profile|Grants:Knowledge Sharing/Connect/Skills Directory/Profiles" \
	--data-urlencode "tltemplates=Template:Let's Connect/Profile" \
	-d format=json -d formatversion=2
# (tltemplates keeps only that template: one link on each page)
[ "$(json "$WORK/tl.json" 'len([t for p in d["query"]["pages"] for t in p.get("templates", [])])')" = 2 ] ||
	fail "the fixtures' template links: $(cat "$WORK/tl.json")"

echo "# no secret in the wiki.env"
for f in "$SB_BOT_PASSWORD_FILE" "$SB_EDITOR_PASSWORD_FILE" "$SB_LIMITED_PASSWORD_FILE"; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 0600"
	if grep -qF -- "$(cat "$f")" "$SB_WIKI_ENV"; then fail "a password is in wiki.env"; fi
done
echo "ok"
