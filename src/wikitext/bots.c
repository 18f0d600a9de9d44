/*
 * bots.c - the {{bots}} / {{nobots}} rules; see bots.h.
 *
 * The reading follows the reference implementation on Template:Bots: the
 * first {{bots}} or {{nobots}} on the page decides; its allow= and deny=
 * are read in order and the first that says something about this bot
 * wins. An optout= naming the message kind refuses a message wherever it
 * stands in the template.
 */
#include "skillsbot/bots.h"

#include "skillsbot/buf.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/wikitext.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum verdict { UNDECIDED, ALLOW, DENY };

/* A bot name as compared: a title (underscores are spaces), case-folded,
 * since the reference code lower-cases both names. A new string. */
static char *bot_key(const char *s, size_t len)
{
	char *title = sb_text_title(s, len);
	char *key = sb_text_fold(title, strlen(title));

	free(title);
	return key;
}

/* Does the comma-separated list hold `name` (a bot_key()) or "all"?
 * Sets *none when the list is just "none". */
static bool list_has(const char *list, const char *name, const char *msg,
		     bool *none)
{
	const char *p = list;
	bool found = false;

	*none = false;
	while (*p && !found) {
		size_t n = strcspn(p, ",");
		char *item = bot_key(p, n);

		if (strcasecmp(item, "none") == 0 && !strchr(list, ','))
			*none = true;
		else if (strcasecmp(item, "all") == 0 ||
			 (name && strcmp(item, name) == 0) ||
			 (msg && strcasecmp(item, msg) == 0))
			found = true;
		free(item);
		p += n;
		if (*p == ',')
			p++;
	}
	return found;
}

/* One parameter of the deciding template. allow= is a whitelist: a bot
 * it does not name (or "all") is kept out, as Template:Bots says ("ban
 * all compliant bots not in the list"); deny= a blacklist. */
static enum verdict read_param(const char *key, const char *value,
			       const char *bot)
{
	bool none;

	if (strcasecmp(key, "allow") == 0)
		return list_has(value, bot, NULL, &none) ? ALLOW : DENY;
	if (strcasecmp(key, "deny") == 0) {
		if (list_has(value, bot, NULL, &none))
			return DENY;
		return none ? ALLOW : UNDECIDED;
	}
	return UNDECIDED;
}

/* The deciding template's verdict on edits: its first allow=/deny= that
 * says something about the bot. *opted_out: an optout= anywhere in it
 * names the message kind `msg` (or "all"); an opt-out is about messages,
 * so it does not wait its turn behind an allow=all. */
static enum verdict read_template(const sb_wt_tree *t, uint32_t tpl,
				  const char *bot, const char *msg,
				  bool *has_params, bool *opted_out)
{
	sb_buf key, value;
	enum verdict v = UNDECIDED;
	bool none;

	sb_buf_init(&key, 4096);
	sb_buf_init(&value, 65536);
	*has_params = false;
	*opted_out = false;
	for (uint32_t a = t->nodes[tpl].child; a != SB_WT_NONE;
	     a = t->nodes[a].next) {
		uint32_t kn, vn;
		char *k;

		if (t->nodes[a].type != SB_WT_ARG)
			continue;
		*has_params = true;
		kn = sb_wt_child(t, a, SB_WT_ARGNAME, 0);
		vn = sb_wt_child(t, a, SB_WT_VALUE, 0);
		if (kn == SB_WT_NONE)
			continue;
		sb_buf_reset(&key);
		sb_buf_reset(&value);
		sb_wt_plain(&key, t, kn);
		sb_wt_plain(&value, t, vn);
		k = sb_text_clean(sb_buf_str(&key), key.len);
		if (strcasecmp(k, "optout") == 0)
			*opted_out = *opted_out || (msg &&
				list_has(sb_buf_str(&value), NULL, msg, &none));
		else if (v == UNDECIDED)
			v = read_param(k, sb_buf_str(&value), bot);
		free(k);
	}
	sb_buf_dispose(&key);
	sb_buf_dispose(&value);
	return v;
}

/* Depth-first search for the first bots/nobots template. */
static uint32_t find_bots(const sb_wt_tree *t, uint32_t i, sb_buf *name)
{
	const sb_wt_node *n = &t->nodes[i];

	if (n->type == SB_WT_TEMPLATE) {
		sb_wt_template_name(name, t, i);
		if (strcmp(sb_buf_str(name), "Bots") == 0 ||
		    strcmp(sb_buf_str(name), "Nobots") == 0)
			return i;
	}
	for (uint32_t c = n->child; c != SB_WT_NONE; c = t->nodes[c].next) {
		uint32_t f = find_bots(t, c, name);

		if (f != SB_WT_NONE)
			return f;
	}
	return SB_WT_NONE;
}

bool sb_bots_allowed_msg(const char *text, size_t len, const char *botname,
			 const char *msgtype)
{
	sb_wt_tree t;
	sb_buf name;
	char *bot = NULL;
	const char *at;
	uint32_t tpl;
	bool allowed = true, params, opted_out;
	enum verdict v;

	sb_wt_init(&t);
	sb_buf_init(&name, 4096);
	/* Only a cheap look when the page cannot hold the templates. */
	if (!memmem(text, len, "bots", 4) && !memmem(text, len, "Bots", 4))
		goto done;
	if (sb_wt_parse(&t, text, len) < 0 ||
	    (tpl = find_bots(&t, t.root, &name)) == SB_WT_NONE)
		goto done;
	at = botname ? strchr(botname, '@') : NULL;
	if (botname)
		bot = bot_key(botname, at ? (size_t)(at - botname)
					  : strlen(botname));
	sb_wt_template_name(&name, &t, tpl);
	v = read_template(&t, tpl, bot, msgtype, &params, &opted_out);
	if (opted_out)
		allowed = false;
	else if (v != UNDECIDED)
		allowed = v == ALLOW;
	else if (strcmp(sb_buf_str(&name), "Nobots") == 0 && !params)
		allowed = false;
done:
	free(bot);
	sb_buf_dispose(&name);
	sb_wt_dispose(&t);
	return allowed;
}

bool sb_bots_allowed(const char *text, size_t len, const char *botname)
{
	return sb_bots_allowed_msg(text, len, botname, NULL);
}
