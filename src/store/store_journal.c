/*
 * store_journal.c - what the bot did and wrote: the edit journal, the
 * hashes of the sections it wrote, the human edits found in them, and the
 * connections it suggested.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

void sb_journal_entries_free(sb_journal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].title);
		free(e[i].hash);
		free(e[i].result);
	}
	free(e);
}

int sb_store_journal_intent(sb_store *st, int64_t *id_out, const char *title,
			    int64_t base_rev, const char *hash)
{
	sqlite3_stmt *s = NULL;
	int err;

	*id_out = 0;
	if ((err = st_prepare(st, &s, "INSERT INTO journal (title, base_rev, "
			      "hash, started) VALUES (?, ?, ?, ?)")) < 0)
		goto done;
	st_bind_str(s, 1, title);
	sqlite3_bind_int64(s, 2, base_rev);
	st_bind_str(s, 3, hash);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)time(NULL));
	if ((err = st_step_done(st, s, "writing an edit intent")) == SB_OK)
		*id_out = sqlite3_last_insert_rowid(st->db);
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_journal_finish(sb_store *st, int64_t id, const char *result,
			    int64_t new_rev)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "UPDATE journal SET result = ?, "
			      "new_rev = ?, finished = ? WHERE id = ?")) < 0)
		goto done;
	st_bind_str(s, 1, result);
	sqlite3_bind_int64(s, 2, new_rev);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(s, 4, id);
	err = st_step_done(st, s, "writing an edit result");
done:
	sqlite3_finalize(s);
	return err;
}

static int journal_query(sb_store *st, const char *sql, int64_t limit,
			 sb_journal_entry **out, size_t *n_out)
{
	sqlite3_stmt *s = NULL;
	sb_journal_entry *e = NULL;
	size_t n = 0, cap = 0;
	int err, rc;

	if ((err = st_prepare(st, &s, sql)) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SB_GROW(e, cap, n + 1);
		e[n].id = sqlite3_column_int64(s, 0);
		e[n].title = st_col_str(s, 1);
		e[n].base_rev = sqlite3_column_int64(s, 2);
		e[n].hash = st_col_str(s, 3);
		e[n].started = sqlite3_column_int64(s, 4);
		e[n].result = st_col_str(s, 5);
		e[n].new_rev = sqlite3_column_int64(s, 6);
		e[n].finished = sqlite3_column_int64(s, 7);
		n++;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading the journal");
done:
	sqlite3_finalize(s);
	if (err < 0) {
		sb_journal_entries_free(e, n);
		e = NULL;
		n = 0;
	}
	*out = e;
	*n_out = n;
	return err;
}

int sb_store_journal_pending(sb_store *st, sb_journal_entry **out,
			     size_t *n_out)
{
	return journal_query(st, "SELECT id, title, base_rev, hash, started, "
			     "result, new_rev, finished FROM journal "
			     "WHERE result IS NULL ORDER BY id LIMIT ?",
			     -1, out, n_out);
}

int sb_store_journal_recent(sb_store *st, size_t limit,
			    sb_journal_entry **out, size_t *n_out)
{
	return journal_query(st, "SELECT id, title, base_rev, hash, started, "
			     "result, new_rev, finished FROM journal "
			     "ORDER BY id DESC LIMIT ?", (int64_t)limit, out,
			     n_out);
}

int sb_store_section_get(sb_store *st, const char *title,
			 const char *section, char **hash_out,
			 size_t *rows_out)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*hash_out = NULL;
	*rows_out = 0;
	if ((err = st_prepare(st, &s, "SELECT hash, rows FROM sections "
			      "WHERE title = ? AND section = ?")) < 0)
		goto done;
	st_bind_str(s, 1, title);
	st_bind_str(s, 2, section);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*hash_out = st_col_str(s, 0);
		*rows_out = (size_t)sqlite3_column_int64(s, 1);
	} else if (rc == SQLITE_DONE) {
		err = sb_error_set(SB_ENOTFOUND, "%s: section %s of \"%s\" was "
				   "never written", st->path, section, title);
	} else {
		err = st_fail(st, rc, "reading a section");
	}
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_section_put(sb_store *st, const char *title,
			 const char *section, const char *hash, size_t rows)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "INSERT OR REPLACE INTO sections "
			      "(title, section, hash, rows) VALUES (?, ?, ?, ?)"))
	    < 0)
		goto done;
	st_bind_str(s, 1, title);
	st_bind_str(s, 2, section);
	st_bind_str(s, 3, hash);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)rows);
	err = st_step_done(st, s, "saving a section");
done:
	sqlite3_finalize(s);
	return err;
}

void sb_human_edits_free(sb_human_edit *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].title);
		free(h[i].section);
		free(h[i].user);
		free(h[i].timestamp);
	}
	free(h);
}

int sb_store_human_edit_add(sb_store *st, const sb_human_edit *h)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "INSERT INTO human_edits (title, "
			      "section, user, timestamp, rev_id, old_rev_id) "
			      "VALUES (?, ?, ?, ?, ?, ?)")) < 0)
		goto done;
	st_bind_str(s, 1, h->title);
	st_bind_str(s, 2, h->section);
	st_bind_str(s, 3, h->user);
	st_bind_str(s, 4, h->timestamp);
	sqlite3_bind_int64(s, 5, h->rev_id);
	sqlite3_bind_int64(s, 6, h->old_rev_id);
	err = st_step_done(st, s, "saving a human edit");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_human_edits_recent(sb_store *st, size_t limit,
				sb_human_edit **out, size_t *n_out)
{
	sqlite3_stmt *s = NULL;
	sb_human_edit *h = NULL;
	size_t n = 0, cap = 0;
	int err, rc;

	if ((err = st_prepare(st, &s, "SELECT title, section, user, timestamp, "
			      "rev_id, old_rev_id FROM human_edits "
			      "ORDER BY id DESC LIMIT ?")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SB_GROW(h, cap, n + 1);
		h[n].title = st_col_str(s, 0);
		h[n].section = st_col_str(s, 1);
		h[n].user = st_col_str(s, 2);
		h[n].timestamp = st_col_str(s, 3);
		h[n].rev_id = sqlite3_column_int64(s, 4);
		h[n].old_rev_id = sqlite3_column_int64(s, 5);
		n++;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading human edits");
done:
	sqlite3_finalize(s);
	if (err < 0) {
		sb_human_edits_free(h, n);
		h = NULL;
		n = 0;
	}
	*out = h;
	*n_out = n;
	return err;
}

void sb_store_pairs_free(sb_store_pair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].learner);
		free(pairs[i].sharer);
		free(pairs[i].skill);
	}
	free(pairs);
}

int sb_store_pairs_load(sb_store *st, sb_store_pair **out, size_t *n_out)
{
	sqlite3_stmt *s = NULL;
	sb_store_pair *p = NULL;
	size_t n = 0, cap = 0;
	int err, rc;

	if ((err = st_prepare(st, &s, "SELECT learner, sharer, skill, notified "
			      "FROM connections ORDER BY learner, skill, "
			      "sharer")) < 0)
		goto done;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SB_GROW(p, cap, n + 1);
		p[n].learner = st_col_str(s, 0);
		p[n].sharer = st_col_str(s, 1);
		p[n].skill = st_col_str(s, 2);
		p[n].notified = sqlite3_column_int(s, 3) != 0;
		n++;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading connections");
done:
	sqlite3_finalize(s);
	if (err < 0) {
		sb_store_pairs_free(p, n);
		p = NULL;
		n = 0;
	}
	*out = p;
	*n_out = n;
	return err;
}

/* Mark every stored pair stale, upsert the new ones (fresh again, the
 * notified flag kept), then drop the stale ones. */
static int replace_pairs(sb_store *st, const sb_store_pair *pairs, size_t n)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_exec(st, "UPDATE connections SET notified = "
			   "notified | 2")) < 0 ||
	    (err = st_prepare(st, &s, "INSERT INTO connections (learner, "
			      "sharer, skill, notified) VALUES (?, ?, ?, ?) "
			      "ON CONFLICT (learner, skill, sharer) DO UPDATE "
			      "SET notified = (notified & 1) | "
			      "excluded.notified")) < 0)
		goto done;
	for (size_t i = 0; i < n && err == SB_OK; i++) {
		sqlite3_reset(s);
		st_bind_str(s, 1, pairs[i].learner);
		st_bind_str(s, 2, pairs[i].sharer);
		st_bind_str(s, 3, pairs[i].skill);
		sqlite3_bind_int(s, 4, pairs[i].notified ? 1 : 0);
		err = st_step_done(st, s, "saving a connection");
	}
	if (err == SB_OK)
		err = st_exec(st, "DELETE FROM connections WHERE notified & 2");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_pairs_replace(sb_store *st, const sb_store_pair *pairs,
			   size_t n)
{
	int err;

	if ((err = st_savepoint(st)) < 0)
		return err;
	return st_savepoint_end(st, replace_pairs(st, pairs, n));
}

int sb_store_pair_set_notified(sb_store *st, const char *learner,
			       const char *sharer, const char *skill)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "UPDATE connections SET notified = 1 "
			      "WHERE learner = ? AND sharer = ? AND skill = ?"))
	    < 0)
		goto done;
	st_bind_str(s, 1, learner);
	st_bind_str(s, 2, sharer);
	st_bind_str(s, 3, skill);
	err = st_step_done(st, s, "marking a connection notified");
done:
	sqlite3_finalize(s);
	return err;
}
