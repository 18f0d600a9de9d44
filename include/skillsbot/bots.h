/*
 * bots.h - may this bot edit a page? The {{bots}} / {{nobots}} exclusion
 * templates, as https://en.wikipedia.org/wiki/Template:Bots describes
 * them, read through the wikitext parser (so a {{nobots}} inside a
 * comment or <nowiki> does not count).
 */
#ifndef SKILLSBOT_BOTS_H
#define SKILLSBOT_BOTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when `botname` may edit the page whose wikitext is text[0..len).
 * The first {{bots}} or {{nobots}} decides: {{nobots}} denies all;
 * allow=/deny= take comma-separated user names, or "all" / "none";
 * allow= keeps out every bot it does not name. A
 * bot-password login "Name@Label" is compared as "Name"; names compare
 * as the reference code on Template:Bots compares them, without case
 * (and underscores are spaces).
 */
bool sb_bots_allowed(const char *text, size_t len, const char *botname);

/*
 * The same, for a message of kind `msgtype` (e.g. "skillsbot", "all"):
 * also false when the deciding template opts out of it with optout= (a
 * list; "all" opts out of every kind), wherever optout= stands, even
 * after an allow=. With msgtype NULL this is sb_bots_allowed().
 */
bool sb_bots_allowed_msg(const char *text, size_t len, const char *botname,
			 const char *msgtype);

#endif
