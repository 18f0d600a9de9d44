/*
 * sync_journal.c - every edit goes through the journal.
 *
 * Before the request leaves, an intent (page, base revision, hash of the
 * whole text to be saved, and the section hashes that will hold once it
 * is saved) is committed; the cycle's first intent also commits the
 * connections the pages are made from (sync_shown_commit). After the
 * answer, the result is committed with the section hashes. A crash in
 * between leaves an intent without a result; the next cycle reads the
 * page: if its text hashes to what we meant to save, the edit happened
 * and is recorded; otherwise it did not, and the cycle simply computes
 * again. Because every save names its base revision, a save can never
 * land twice on top of itself.
 *
 * What became of the persons' edits the save met (replaced, or kept
 * because the save was refused) is committed with the result: a crash
 * can never leave a saved page whose dashboard does not know it.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/splice.h"

/* The hash of a page text as the wiki keeps it: MediaWiki turns CR LF
 * into LF and trims white space at the end when it saves. */
static void saved_hash(char out[17], const char *text, size_t len)
{
	sb_buf b;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' ' ||
			   text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			sb_buf_addc(&b, text[i]);
	sb_content_hash(out, b.ptr ? b.ptr : "", b.len);
	sb_buf_dispose(&b);
}

static char *pending_key(int64_t id)
{
	return sb_asprintf("pending.%lld", (long long)id);
}

/* pending: [{"section": NAME, "hash": H, "rows": N}, ...] */
int sync_apply_sections(sb_sync *s, const char *title, const char *pending)
{
	cJSON *root = NULL;
	const cJSON *it;
	int err;

	if ((err = sb_json_parse(&root, pending, strlen(pending),
				 "journal sections")) < 0)
		return err;
	cJSON_ArrayForEach(it, root) {
		const char *name = sb_json_str(it, "section");
		const char *hash = sb_json_str(it, "hash");
		int64_t rows = sb_json_i64(it, "rows", 0);
		char *key;

		if (!name || !hash)
			continue;
		err = sb_store_section_put(s->store, title, name, hash,
					   (size_t)(rows > 0 ? rows : 0));
		key = sync_held_key(title, name);
		if (err == SB_OK)
			err = sb_store_kv_delete(s->store, key);
		free(key);
		if (err < 0)
			break;
	}
	cJSON_Delete(root);
	return err;
}

bool sync_edit_conflict(int err)
{
	return err == SB_ECONFLICT || err == SB_EEXISTS || err == SB_ENOTFOUND;
}

bool sync_edit_refused(int err)
{
	return err == SB_EDENIED || err == SB_EAPI;
}

/* Record the result of intent `id` (and, when saved, its sections) and
 * the `outcome` of the page's pending human edits (NULL: they stay
 * pending) in one transaction. */
static int finish(sb_sync *s, int64_t id, const char *title,
		  const char *result, int64_t new_rev, const char *pending,
		  const char *outcome)
{
	char *key = pending_key(id);
	size_t settled = 0;
	int err;

	if ((err = sb_store_begin(s->store)) < 0)
		goto done;
	err = sb_store_journal_finish(s->store, id, result, new_rev);
	if (err == SB_OK && pending && (strcmp(result, "saved") == 0 ||
					strcmp(result, "nochange") == 0))
		err = sync_apply_sections(s, title, pending);
	if (err == SB_OK && outcome)
		err = sb_store_human_edits_settle(s->store, title, outcome,
						  &settled);
	if (err == SB_OK)
		err = sb_store_kv_set(s->store, key, "");
	if (err == SB_OK)
		err = sb_store_commit(s->store);
	else
		sb_store_rollback(s->store);
	if (err == SB_OK && settled > 0)
		s->late_dash = true;     /* the dashboard says it now */
done:
	free(key);
	return err;
}

static int intent(sb_sync *s, int64_t *id_out, const char *title,
		  int64_t base_rev, const char *hash, const char *pending)
{
	char *key = NULL;
	int err;

	if ((err = sb_store_begin(s->store)) < 0)
		return err;
	/* what the page is made from, before the wiki shows it */
	if ((err = sync_shown_commit(s)) == SB_OK)
		err = sb_store_journal_intent(s->store, id_out, title,
					      base_rev, hash);
	if (err == SB_OK) {
		key = pending_key(*id_out);
		err = sb_store_kv_set(s->store, key, pending);
	}
	if (err == SB_OK)
		err = sb_store_commit(s->store);
	else
		sb_store_rollback(s->store);
	free(key);
	return err;
}

int sync_journal_edit(sb_sync *s, const struct sb_mw_edit *e, const char *text,
		      size_t len, const char *pending, bool last_try,
		      int64_t *new_rev_out)
{
	sb_mw_edit_result res = {0};
	char hash[17];
	int64_t id;
	int err, fin;

	*new_rev_out = 0;
	saved_hash(hash, text, len);
	if ((err = intent(s, &id, e->title, e->baserevid, hash, pending)) < 0)
		return err;
	err = sb_mw_edit(s->mw, e, &res);
	if (err == SB_OK) {
		*new_rev_out = res.new_rev_id;
		fin = finish(s, id, e->title, res.nochange ? "nochange" :
			     "saved", res.new_rev_id, pending,
			     SYNC_OUTCOME_REPLACED);
	} else {
		/* Keep the edit's message: it is the one to report. */
		char *msg = sb_strdup(sb_error_message());
		bool refused = sync_edit_refused(err) ||
			       (sync_edit_conflict(err) && last_try);

		fin = finish(s, id, e->title, sb_code_name(err), 0, NULL,
			     refused ? SYNC_OUTCOME_REFUSED : NULL);
		if (fin == SB_OK)
			sb_error_set(err, "%s", msg);
		free(msg);
	}
	sb_mw_edit_result_dispose(&res);
	return err < 0 ? err : fin;
}

static int settle_one(sb_sync *s, const sb_journal_entry *j)
{
	const char *title = j->title;
	sb_mw_page *p = NULL;
	size_t n = 0;
	char hash[17], *key = pending_key(j->id), *pending = NULL;
	bool saved = false;
	int err;

	if ((err = sb_mw_get_pages(s->mw, &title, 1, &p, &n)) < 0)
		goto done;
	if (n == 1 && !p[0].missing && p[0].content) {
		saved_hash(hash, p[0].content, p[0].content_len);
		saved = strcmp(hash, j->hash) == 0;
	}
	if (sb_store_kv_get(s->store, key, &pending) < 0)
		pending = NULL;
	if (!saved && (err = sync_mark_dirty(s)) < 0)
		goto done;   /* else: compute and write it again */
	sb_info("journal: the edit of \"%s\" interrupted by a crash %s", title,
		saved ? "was saved" : "did not happen");
	/* Not saved: the human edits wait for the page's next save. */
	err = finish(s, j->id, title, saved ? "saved" : "not-saved",
		     saved ? p[0].rev_id : 0, pending && *pending ? pending :
		     NULL, saved ? SYNC_OUTCOME_REPLACED : NULL);
done:
	sb_mw_pages_free(p, n);
	free(pending);
	free(key);
	return err;
}

int sync_journal_settle(sb_sync *s)
{
	sb_journal_entry *e = NULL;
	size_t n = 0;
	int err;

	if ((err = sb_store_journal_pending(s->store, &e, &n)) < 0)
		return err;
	for (size_t i = 0; i < n && err == SB_OK; i++)
		err = settle_one(s, &e[i]);
	sb_journal_entries_free(e, n);
	return err;
}
