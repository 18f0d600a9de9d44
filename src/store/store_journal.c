/*
 * store_journal.c - what the bot did and wrote: the edit journal, the
 * hashes of the sections it wrote, the human edits found in them, and the
 * connections it suggested.
 */
#include "store_int.h"

#include <stdlib.h>

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
	return st_run(st, id_out, "writing an edit intent", "INSERT INTO "
		      "journal (title, base_rev, hash, started) "
		      "VALUES (?, ?, ?, ?)", "sist", title, base_rev, hash);
}

int sb_store_journal_finish(sb_store *st, int64_t id, const char *result,
			    int64_t new_rev)
{
	return st_run(st, NULL, "writing an edit result", "UPDATE journal SET "
		      "result = ?, new_rev = ?, finished = ? WHERE id = ?",
		      "siti", result, new_rev, id);
}

int sb_store_journal_last_saved(sb_store *st, const char *title,
				int64_t *rev_out)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*rev_out = 0;
	if ((err = st_prepare(st, &s, "SELECT new_rev FROM journal WHERE "
			      "title = ? AND result = 'saved' AND new_rev > 0 "
			      "ORDER BY id DESC LIMIT 1")) < 0)
		return err;
	st_bind_str(s, 1, title);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*rev_out = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading the bot's last revision");
	sqlite3_finalize(s);
	return err;
}

static void journal_row(void *row, sqlite3_stmt *s)
{
	sb_journal_entry *e = row;

	e->id = sqlite3_column_int64(s, 0);
	e->title = st_col_str(s, 1);
	e->base_rev = sqlite3_column_int64(s, 2);
	e->hash = st_col_str(s, 3);
	e->started = sqlite3_column_int64(s, 4);
	e->result = st_col_str(s, 5);
	e->new_rev = sqlite3_column_int64(s, 6);
	e->finished = sqlite3_column_int64(s, 7);
}

static void journal_drop(void *rows, size_t n)
{
	sb_journal_entries_free(rows, n);
}

static const st_rowset journal_rows = {
	sizeof(sb_journal_entry), journal_row, journal_drop,
	"reading the journal"
};

static int journal_query(sb_store *st, const char *sql, int64_t limit,
			 sb_journal_entry **out, size_t *n_out)
{
	void *v;
	int err = st_rows(st, &journal_rows, &v, n_out, sql, "i", limit);

	*out = v;
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
	return st_run(st, NULL, "saving a section", "INSERT OR REPLACE INTO "
		      "sections (title, section, hash, rows) "
		      "VALUES (?, ?, ?, ?)", "sssi", title, section, hash,
		      (int64_t)rows);
}

void sb_store_sections_free(sb_store_section *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].section);
		free(v[i].hash);
	}
	free(v);
}

static void section_row(void *row, sqlite3_stmt *s)
{
	sb_store_section *v = row;

	v->title = st_col_str(s, 0);
	v->section = st_col_str(s, 1);
	v->hash = st_col_str(s, 2);
	v->rows = (size_t)sqlite3_column_int64(s, 3);
}

static void sections_drop(void *rows, size_t n)
{
	sb_store_sections_free(rows, n);
}

int sb_store_sections_list(sb_store *st, sb_store_section **out,
			   size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(sb_store_section), section_row, sections_drop,
		"reading the sections written"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT title, section, hash, "
			  "rows FROM sections ORDER BY title, section", "");

	*out = v;
	return err;
}

int sb_store_section_delete(sb_store *st, const char *title,
			    const char *section)
{
	return st_run(st, NULL, "forgetting a section", "DELETE FROM sections "
		      "WHERE title = ? AND section = ?", "ss", title, section);
}

void sb_human_edits_free(sb_human_edit *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].title);
		free(h[i].section);
		free(h[i].user);
		free(h[i].timestamp);
		free(h[i].outcome);
	}
	free(h);
}

int sb_store_human_edit_add(sb_store *st, const sb_human_edit *h)
{
	return st_run(st, NULL, "saving a human edit", "INSERT INTO "
		      "human_edits (title, section, user, timestamp, rev_id, "
		      "old_rev_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
		      "ssssiis", h->title, h->section, h->user, h->timestamp,
		      h->rev_id, h->old_rev_id, h->outcome);
}

int sb_store_human_edit_again(sb_store *st, const sb_human_edit *h,
			      bool *known_out)
{
	int err = st_run(st, NULL, "finding a human edit", "UPDATE "
			 "human_edits SET outcome = NULL WHERE title = ? AND "
			 "section = ? AND rev_id = ?", "ssi", h->title,
			 h->section, h->rev_id);

	*known_out = err == SB_OK && sqlite3_changes(st->db) > 0;
	return err;
}

int sb_store_human_edits_settle(sb_store *st, const char *title,
				const char *outcome, size_t *n_out)
{
	int err = st_run(st, NULL, "settling human edits", "UPDATE "
			 "human_edits SET outcome = ? WHERE title = ? AND "
			 "outcome IS NULL", "ss", outcome, title);

	if (n_out)
		*n_out = err == SB_OK ? (size_t)sqlite3_changes(st->db) : 0;
	return err;
}

static void human_edit_row(void *row, sqlite3_stmt *s)
{
	sb_human_edit *h = row;

	h->title = st_col_str(s, 0);
	h->section = st_col_str(s, 1);
	h->user = st_col_str(s, 2);
	h->timestamp = st_col_str(s, 3);
	h->rev_id = sqlite3_column_int64(s, 4);
	h->old_rev_id = sqlite3_column_int64(s, 5);
	h->outcome = st_col_str(s, 6);
}

static void human_edits_drop(void *rows, size_t n)
{
	sb_human_edits_free(rows, n);
}

int sb_store_human_edits_recent(sb_store *st, size_t limit,
				sb_human_edit **out, size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(sb_human_edit), human_edit_row, human_edits_drop,
		"reading human edits"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT title, section, user, "
			  "timestamp, rev_id, old_rev_id, outcome FROM "
			  "human_edits "
			  "ORDER BY id DESC LIMIT ?", "i", (int64_t)limit);

	*out = v;
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

static void pair_row(void *row, sqlite3_stmt *s)
{
	sb_store_pair *p = row;

	p->learner = st_col_str(s, 0);
	p->sharer = st_col_str(s, 1);
	p->skill = st_col_str(s, 2);
	p->notified = sqlite3_column_int(s, 3) != 0;
	p->since = sqlite3_column_int64(s, 4);
}

static void pairs_drop(void *rows, size_t n)
{
	sb_store_pairs_free(rows, n);
}

int sb_store_pairs_load(sb_store *st, sb_store_pair **out, size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(sb_store_pair), pair_row, pairs_drop,
		"reading connections"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT learner, sharer, skill, "
			  "notified, since FROM connections ORDER BY learner, "
			  "skill, sharer", "");

	*out = v;
	return err;
}

/* Mark every stored pair stale, upsert the new ones (fresh again, the
 * notified flag and since kept), then drop the stale ones. */
static int replace_pairs(sb_store *st, const sb_store_pair *pairs, size_t n)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_exec(st, "UPDATE connections SET notified = "
			   "notified | 2")) < 0 ||
	    (err = st_prepare(st, &s, "INSERT INTO connections (learner, "
			      "sharer, skill, notified, since) VALUES (?, ?, ?, "
			      "?, ?) "
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
		sqlite3_bind_int64(s, 5, pairs[i].since);
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
	return st_run(st, NULL, "marking a connection notified", "UPDATE "
		      "connections SET notified = 1 WHERE learner = ? AND "
		      "sharer = ? AND skill = ?", "sss", learner, sharer, skill);
}
