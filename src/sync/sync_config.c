/*
 * sync_config.c - the organisers' configuration page and the taxonomy
 * page, read when they change. A page that does not parse leaves the last
 * good one in force (kept in the store, so a restart keeps it too), and
 * the problem stays on the dashboard until the page is fixed.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/splice.h"

/* Store keys: NAME.json (last good text), NAME.hash (of the page text
 * last seen), NAME.problem (a dashboard line, "" when none). */
static char *kv_key(const char *name, const char *what)
{
	return sb_asprintf("%s.%s", name, what);
}

static char *kv_get_or_null(sb_sync *s, const char *name, const char *what)
{
	char *key = kv_key(name, what), *v = NULL;

	if (sb_store_kv_get(s->store, key, &v) < 0)
		v = NULL;
	free(key);
	return v;
}

static int kv_put(sb_sync *s, const char *name, const char *what,
		  const char *value)
{
	char *key = kv_key(name, what);
	int err = sb_store_kv_set(s->store, key, value);

	free(key);
	return err;
}

static int rebuild_extract(sb_sync *s)
{
	sb_extract_ctx_free(s->ectx);
	s->ectx = NULL;
	return sb_extract_ctx_new(&s->ectx, &s->conf, s->tax);
}

int sync_config_init(sb_sync *s)
{
	char *json = kv_get_or_null(s, "siteconf", "json");
	char *tax = kv_get_or_null(s, "taxonomy", "json");

	/* The parse starts from the defaults itself (and leaves nothing
	 * behind when it fails). */
	if (!json || sb_siteconf_parse(&s->conf, json, strlen(json),
				       "stored configuration") < 0) {
		if (json)
			sb_warn("%s", sb_error_message());
		sb_siteconf_defaults(&s->conf);
	}
	if (tax && sb_taxonomy_parse(&s->tax, tax, strlen(tax),
				     "stored taxonomy") < 0) {
		sb_warn("%s", sb_error_message());
		s->tax = NULL;
	}
	if (!s->tax)
		s->tax = sb_taxonomy_new_empty();
	free(json);
	free(tax);
	return rebuild_extract(s);
}

bool sync_is_config_title(const sb_sync *s, const char *title)
{
	return (s->config_page && sync_same_title(s, title, s->config_page)) ||
	       (s->conf.taxonomy_page &&
		sync_same_title(s, title, s->conf.taxonomy_page));
}

/* Read one JSON page. *text_out is NULL when it is missing. */
static int read_page(sb_sync *s, const char *title, char **text_out,
		     size_t *len_out)
{
	sb_mw_page *p = NULL;
	size_t n = 0;
	int err;

	*text_out = NULL;
	*len_out = 0;
	if ((err = sb_mw_get_pages(s->mw, &title, 1, &p, &n)) < 0)
		return err;
	if (n == 1 && !p[0].missing && p[0].content) {
		*text_out = sb_strndup(p[0].content, p[0].content_len);
		*len_out = p[0].content_len;
	}
	sb_mw_pages_free(p, n);
	return SB_OK;
}

/* Try the page's text; on success make it the one in force. Returns
 * whether it changed anything. */
static bool adopt(sb_sync *s, const char *name, const char *title,
		  const char *text, size_t len)
{
	sb_siteconf c;
	sb_taxonomy *t = NULL;
	int err;

	if (strcmp(name, "siteconf") == 0) {
		/* The parse starts from the defaults itself. */
		if ((err = sb_siteconf_parse(&c, text, len, title)) == SB_OK) {
			sb_siteconf_dispose(&s->conf);
			s->conf = c;
		}
	} else if ((err = sb_taxonomy_parse(&t, text, len, title)) == SB_OK) {
		sb_taxonomy_free(s->tax);
		s->tax = t;
	}
	if (err < 0) {
		char *line = sb_asprintf("%s (the last good version stays in "
					 "force)", sb_error_message());

		kv_put(s, name, "problem", line);
		sync_message(s, "%s", line);
		free(line);
		return false;
	}
	kv_put(s, name, "json", text);
	kv_put(s, name, "problem", "");
	return true;
}

static int reload_one(sb_sync *s, const char *name, const char *title,
		      bool *changed)
{
	char hash[17], *old_hash, *text = NULL;
	size_t len;
	int err;

	if (!title || !*title)
		return SB_OK;
	if ((err = read_page(s, title, &text, &len)) < 0)
		return err;
	if (!text) {
		char *line = sb_asprintf("%s: the page does not exist (the "
					 "last good version, or the defaults, "
					 "stay in force)", title);

		kv_put(s, name, "problem", line);
		free(line);
		return SB_OK;
	}
	sb_content_hash(hash, text, len);
	old_hash = kv_get_or_null(s, name, "hash");
	if (!old_hash || strcmp(old_hash, hash) != 0) {
		if (adopt(s, name, title, text, len))
			*changed = true;
		kv_put(s, name, "hash", hash);
	}
	free(old_hash);
	free(text);
	return SB_OK;
}

int sync_config_reload(sb_sync *s, bool force)
{
	bool changed = false;
	int err;

	if (!force && !s->conf_changed)
		return SB_OK;
	if ((err = reload_one(s, "siteconf", s->config_page, &changed)) < 0 ||
	    (err = reload_one(s, "taxonomy", s->conf.taxonomy_page,
			      &changed)) < 0)
		return err;
	if (changed) {
		s->reloaded = true;
		if ((err = sync_mark_dirty(s)) == SB_OK)
			err = rebuild_extract(s);
	}
	return err;
}
