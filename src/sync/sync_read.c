/*
 * sync_read.c - from the wiki into the store: a full sync (every page
 * embedding a source template) or an incremental one (the pages recent
 * changes name). Each batch of pages is stored in one transaction, the
 * cursor with the last one, so a crash re-reads at most one batch.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/splice.h"

#define BATCH 500

typedef struct id_vec {
	int64_t *v;
	size_t n, cap;
} id_vec;

static void id_add(id_vec *s, int64_t id)
{
	SB_GROW(s->v, s->cap, s->n + 1);
	s->v[s->n++] = id;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void id_sort_unique(id_vec *s)
{
	size_t k = 0;

	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_id);
	for (size_t i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

static bool id_has(const id_vec *s, int64_t id)
{
	return s->n && bsearch(&id, s->v, s->n, sizeof(*s->v), cmp_id);
}

/* The newest recent change: where the cursor goes after a full sync.
 * Taken before enumerating, so edits made during the sync are replayed
 * next cycle (replaying is harmless). */
static int rc_edge(sb_sync *s, bool newest, char **ts_out, int64_t *rcid_out)
{
	char *json = NULL;
	cJSON *root = NULL;
	const cJSON *rc;
	int err;

	*ts_out = NULL;
	*rcid_out = 0;
	err = sb_mw_request(s->mw, newest ?
			    "action=query&list=recentchanges&rcdir=older"
			    "&rclimit=1&rcprop=ids%7Ctimestamp" :
			    "action=query&list=recentchanges&rcdir=newer"
			    "&rclimit=1&rcprop=ids%7Ctimestamp", false, &json);
	if (err < 0 || (err = sb_json_parse(&root, json, strlen(json),
					     "list=recentchanges")) < 0)
		goto done;
	rc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "query"),
		"recentchanges"), 0);
	if (rc && sb_json_str(rc, "timestamp")) {
		*ts_out = sb_strdup(sb_json_str(rc, "timestamp"));
		*rcid_out = sb_json_i64(rc, "rcid", 0);
	}
done:
	cJSON_Delete(root);
	free(json);
	return err;
}

static bool is_wikitext(const sb_mw_page *p)
{
	return !p->content_model || strcmp(p->content_model, "wikitext") == 0;
}

/* Remove page `id` from the store; the outputs are made again. */
static int drop_page(sb_sync *s, int64_t id)
{
	int err;

	s->rep->pages_removed++;
	if ((err = sync_mark_dirty(s)) < 0)
		return err;
	return sb_store_page_delete(s->store, id);
}

/* A page gone from the wiki or no longer wikitext: its records go, if
 * the store has it. `id` 0: none known, nothing to forget. */
static int forget_page(sb_sync *s, int64_t id)
{
	sb_store_page old;

	if (id <= 0 || sb_store_page_get(s->store, &old, id) != SB_OK)
		return SB_OK;
	sb_store_page_dispose(&old);
	return drop_page(s, id);
}

/* Is the page stored as read (the same revision, title and text hash),
 * so that a replayed change brings nothing new? Never after a reload,
 * which extracts every page again. *known: the store has the page. */
static bool stored_as_read(sb_sync *s, const sb_mw_page *p,
			   const char *hash, bool *known)
{
	sb_store_page old;
	bool same;

	*known = sb_store_page_get(s->store, &old, p->page_id) == SB_OK;
	if (!*known)
		return false;
	same = !s->reloaded && old.rev_id == p->rev_id && old.title &&
	       strcmp(old.title, p->title) == 0 && strcmp(old.hash, hash) == 0;
	sb_store_page_dispose(&old);
	return same;
}

/* Extract the page's records and store them; a page without any is
 * dropped if `known`, unless `keep_empty`. `hash`: its text's. */
static int store_records(sb_sync *s, const sb_mw_page *p, const char *hash,
			 bool known, bool keep_empty)
{
	sb_records recs;
	int err;

	sb_records_init(&recs);
	err = sb_extract_page(&recs, s->ectx, p->title, p->page_id, p->content,
			      p->content_len);
	if (err < 0)
		goto done;
	s->rep->pages_read++;
	if (recs.n_profiles + recs.n_clinics + recs.n_resources +
	    recs.n_feedback + recs.n_left_out == 0 &&
	    !keep_empty) {
		/* A known page stopped using the templates. */
		if (known)
			err = drop_page(s, p->page_id);
		goto done;
	}
	if ((err = sync_mark_dirty(s)) == SB_OK)
		err = sb_store_page_put(s->store, p->page_id, p->title, p->rev_id, hash,
				&recs);
done:
	sb_records_dispose(&recs);
	return err;
}

/* Store one page read from the wiki (inside the caller's transaction).
 * `keep_empty`: store it even without records (a full sync's pages embed
 * a source template; an incremental read's may be any page). */
static int store_page(sb_sync *s, const sb_mw_page *p, int64_t asked_id,
		      bool keep_empty)
{
	char hash[17];
	bool known;

	if (!p->missing && !p->content && is_wikitext(p)) {
		/* Content hidden or not loaded: a failed read, not a page
		 * gone. Keep what we had. */
		sync_problem(s, "%s: its text could not be read; its last "
			     "records are kept", p->title ? p->title : "?");
		return SB_OK;
	}
	if (p->missing || !p->content || !is_wikitext(p))
		return forget_page(s, p->page_id ? p->page_id : asked_id);
	sb_content_hash(hash, p->content, p->content_len);
	if (stored_as_read(s, p, hash, &known))
		return SB_OK;   /* replayed change: nothing new */
	return store_records(s, p, hash, known, keep_empty);
}

static int store_batch(sb_sync *s, const int64_t *ids, const sb_mw_page *p,
		       size_t n, bool keep_empty, const char *cursor_ts,
		       int64_t cursor_rcid)
{
	int err;

	if ((err = sb_store_begin(s->store)) < 0)
		return err;
	for (size_t i = 0; i < n && err == SB_OK; i++)
		err = store_page(s, &p[i], ids ? ids[i] : 0, keep_empty);
	if (err == SB_OK && cursor_ts)
		err = sb_store_cursor_set(s->store, cursor_ts, cursor_rcid);
	if (err < 0) {
		sb_store_rollback(s->store);
		return err;
	}
	return sb_store_commit(s->store);
}

/* Fetch pages by id in batches and store each batch. */
static int read_ids(sb_sync *s, const id_vec *ids, bool keep_empty)
{
	int err = SB_OK;

	for (size_t at = 0; at < ids->n && err == SB_OK; at += BATCH) {
		size_t k = ids->n - at < BATCH ? ids->n - at : BATCH, n = 0;
		sb_mw_page *p = NULL;

		if ((err = sb_mw_get_pages_by_id(s->mw, ids->v + at, k, &p,
						 &n)) < 0)
			break;
		err = store_batch(s, ids->v + at, p, n, keep_empty, NULL, 0);
		sb_mw_pages_free(p, n);
		/* A full sync of thousands of pages says how far it is (and,
		 * under systemd, keeps the watchdog fed). */
		sb_log_progress("pages read", at + k, ids->n);
	}
	return err;
}

static int enumerate(sb_sync *s, id_vec *out)
{
	const sb_strv *lists[] = {&s->conf.tpl_profile, &s->conf.tpl_clinic,
				  &s->conf.tpl_resource, &s->conf.tpl_signup,
				  &s->conf.tpl_feedback};
	int err = SB_OK;

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]) && err == SB_OK;
	     l++)
		for (size_t i = 0; i < lists[l]->n && err == SB_OK; i++) {
			int64_t *ids = NULL;
			size_t n = 0;

			err = sb_mw_embeddedin(s->mw, lists[l]->v[i], &ids, &n);
			for (size_t j = 0; j < n; j++)
				id_add(out, ids[j]);
			free(ids);
		}
	id_sort_unique(out);
	return err;
}

/* Forget stored pages that no longer embed a template, unless so many
 * would go that the enumeration itself looks cut short. */
static int sweep(sb_sync *s, const id_vec *seen)
{
	int64_t *stored = NULL;
	size_t n = 0, gone = 0;
	int err;

	if ((err = sb_store_page_ids(s->store, &stored, &n)) < 0)
		return err;
	for (size_t i = 0; i < n; i++)
		gone += !id_has(seen, stored[i]);
	if (gone && n >= 10 && (double)gone > s->conf.max_row_loss * (double)n) {
		sync_problem(s, "full sync: %zu of %zu stored pages no longer "
			     "embed a source template; that looks like a "
			     "partial read, so they are kept", gone, n);
		goto done;
	}
	if (gone && (err = sb_store_begin(s->store)) == SB_OK) {
		err = sync_mark_dirty(s);
		for (size_t i = 0; i < n && err == SB_OK; i++)
			if (!id_has(seen, stored[i]) &&
			    (err = sb_store_page_delete(s->store, stored[i])) == SB_OK)
				s->rep->pages_removed++;
		if (err == SB_OK)
			err = sb_store_commit(s->store);
		else
			sb_store_rollback(s->store);
	}
done:
	free(stored);
	return err;
}

int sync_read_full(sb_sync *s)
{
	id_vec ids = {0};
	char *ts = NULL;
	int64_t rcid = 0;
	int err;

	s->rep->full = true;
	if ((err = sync_mark_dirty(s)) < 0 ||
	    (err = rc_edge(s, true, &ts, &rcid)) < 0 ||
	    (err = sync_config_reload(s, true)) < 0 ||
	    (err = enumerate(s, &ids)) < 0 ||
	    (err = read_ids(s, &ids, true)) < 0 ||
	    (err = sweep(s, &ids)) < 0)
		goto done;
	err = sb_store_cursor_set(s->store, ts ? ts : "1970-01-01T00:00:00Z",
				  rcid);
done:
	free(ts);
	free(ids.v);
	return err;
}

static void touch_add(sb_sync *s, const sb_mw_change *c)
{
	sync_touch *t;

	SB_GROW(s->touched, s->cap_touched, s->n_touched + 1);
	t = &s->touched[s->n_touched++];
	t->title = sb_strdup(c->title);
	t->user = c->user ? sb_strdup(c->user) : NULL;
	t->timestamp = c->timestamp ? sb_strdup(c->timestamp) : NULL;
	t->rev_id = c->rev_id;
	t->old_rev_id = c->old_rev_id;
}

/* Is `title` (as recent changes spell it) one of the output pages, or a
 * language subpage of one? */
bool sync_is_output_title(const sb_sync *s, const char *title)
{
	bool found = false;

	for (int k = 0; k < SB_PAGE_COUNT && !found; k++) {
		char *o = s->conf.pages[k] ?
			sb_mw_normalize_title(s->mw, s->conf.pages[k], NULL) :
			NULL;
		size_t n = o ? strlen(o) : 0;

		found = n && strncmp(title, o, n) == 0 &&
			(title[n] == '\0' || title[n] == '/');
		free(o);
	}
	return found;
}

static bool is_log(const sb_mw_change *c, const char *type)
{
	return c->type && strcmp(c->type, "log") == 0 && c->log_type &&
	       strcmp(c->log_type, type) == 0;
}

typedef struct title_vec {
	const char **v;
	size_t n, cap;
} title_vec;

static void title_add(title_vec *t, const char *title)
{
	if (!title)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i], title) == 0)
			return;
	SB_GROW(t->v, t->cap, t->n + 1);
	t->v[t->n++] = title;
}

static bool is_mine(const sb_sync *s, const sb_mw_change *c)
{
	const char *me = sb_mw_username(s->mw);

	return me && c->user && strcmp(me, c->user) == 0;
}

static bool only_mine(const sb_sync *s, const sb_mw_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_mine(s, &c[i]))
			return false;
	return true;
}

/* Sort one change into what must be read. Our own edits change nothing
 * we do not know. */
static void classify(sb_sync *s, const sb_mw_change *c, id_vec *ids,
		     title_vec *titles)
{
	if (is_mine(s, c))
		return;
	if (c->title && sync_is_config_title(s, c->title))
		s->conf_changed = true;
	if (c->title && sync_is_output_title(s, c->title)) {
		touch_add(s, c);
		return;    /* a generated page is no source page */
	}
	if (c->type && (strcmp(c->type, "edit") == 0 ||
			strcmp(c->type, "new") == 0)) {
		if (c->page_id > 0)
			id_add(ids, c->page_id);
		return;
	}
	/* Deletions, undeletions, moves, content-model changes, imports,
	 * merges: read the titles involved and see what is there now. */
	if (is_log(c, "delete") || is_log(c, "move") ||
	    is_log(c, "contentmodel") || is_log(c, "import") ||
	    is_log(c, "merge")) {
		title_add(titles, c->title);
		title_add(titles, c->new_title);
	}
}

/* A title read back missing: forget the stored page of that title. */
static int drop_missing_titles(sb_sync *s, const sb_mw_page *p, size_t n)
{
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK; i++) {
		int64_t id;

		if (!p[i].missing || !p[i].requested ||
		    sb_store_page_find(s->store, &id, p[i].requested) < 0)
			continue;
		s->rep->pages_removed++;
		if ((err = sync_mark_dirty(s)) == SB_OK)
			err = sb_store_page_delete(s->store, id);
	}
	return err;
}

/* A moved page keeps its id: when the old title now resolves to another
 * page (or none), the stored page of that title was read under its new
 * title, or is gone. */
static int read_titles(sb_sync *s, const title_vec *t)
{
	sb_mw_page *p = NULL;
	size_t n = 0;
	int err;

	if (t->n == 0)
		return SB_OK;
	if ((err = sb_mw_get_pages(s->mw, t->v, t->n, &p, &n)) < 0)
		return err;
	if ((err = sb_store_begin(s->store)) == SB_OK) {
		err = drop_missing_titles(s, p, n);
		for (size_t i = 0; i < n && err == SB_OK; i++)
			if (!p[i].missing)
				err = store_page(s, &p[i], 0, false);
		if (err == SB_OK)
			err = sb_store_commit(s->store);
		else
			sb_store_rollback(s->store);
	}
	sb_mw_pages_free(p, n);
	return err;
}

/* The wiki keeps recent changes for a while only: when the oldest it
 * still has is newer than our cursor, some changes were lost. */
static int has_gap(sb_sync *s, const char *cursor_ts, bool *gap)
{
	char *oldest = NULL;
	int64_t rcid;
	int err;

	*gap = false;
	if ((err = rc_edge(s, false, &oldest, &rcid)) < 0)
		return err;
	*gap = oldest && strcmp(oldest, cursor_ts) > 0;
	free(oldest);
	return SB_OK;
}

int sync_read_incremental(sb_sync *s, bool *need_full)
{
	sb_mw_change *c = NULL;
	size_t n = 0;
	char *ts = NULL;
	int64_t rcid = 0;
	id_vec ids = {0};
	title_vec titles = {0};
	int err;

	*need_full = false;
	if ((err = sb_store_cursor_get(s->store, &ts, &rcid)) == SB_ENOTFOUND) {
		*need_full = true;
		err = SB_OK;
		goto done;
	}
	if (err < 0 || (err = sb_mw_recentchanges(s->mw, ts, rcid, &c, &n)) < 0)
		goto done;
	if (n == 0)
		goto done;    /* the one request of a quiet cycle */
	if (only_mine(s, c, n)) {
		err = sb_store_cursor_set(s->store, c[n - 1].timestamp,
					  c[n - 1].rcid);
		goto done;
	}
	if ((err = has_gap(s, ts, need_full)) < 0 || *need_full) {
		if (*need_full)
			sync_message(s, "recent changes since %s are no longer "
				     "all on the wiki: full sync", ts);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		classify(s, &c[i], &ids, &titles);
	id_sort_unique(&ids);
	if (s->n_touched && (err = sync_mark_dirty(s)) < 0)
		goto done;
	if ((err = sync_config_reload(s, false)) < 0)
		goto done;
	if (s->reloaded) {
		/* New templates or taxonomy: every record must be redone. */
		*need_full = true;
		goto done;
	}
	if ((err = read_ids(s, &ids, false)) < 0 ||
	    (err = read_titles(s, &titles)) < 0)
		goto done;
	err = sb_store_cursor_set(s->store, c[n - 1].timestamp, c[n - 1].rcid);
done:
	sb_mw_changes_free(c, n);
	free(ids.v);
	free(titles.v);
	free(ts);
	return err;
}
