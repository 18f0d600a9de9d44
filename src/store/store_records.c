/*
 * store_records.c - the source pages seen and the records extracted from
 * them, kept as the JSON of record.h so the store never needs to know a
 * record's fields.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

void sb_store_page_dispose(sb_store_page *p)
{
	free(p->title);
	free(p->hash);
	p->title = p->hash = NULL;
}

int sb_store_page_get(sb_store *st, sb_store_page *out, int64_t page_id)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	out->page_id = page_id;
	out->title = out->hash = NULL;
	out->rev_id = 0;
	if ((err = st_prepare(st, &s, "SELECT title, rev_id, hash FROM pages "
			      "WHERE page_id = ?")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, page_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->title = st_col_str(s, 0);
		out->rev_id = sqlite3_column_int64(s, 1);
		out->hash = st_col_str(s, 2);
	} else if (rc == SQLITE_DONE) {
		err = sb_error_set(SB_ENOTFOUND, "%s: page %lld is not stored",
				   st->path, (long long)page_id);
	} else {
		err = st_fail(st, rc, "reading a page");
	}
done:
	sqlite3_finalize(s);
	return err;
}

/* Insert one record's JSON; `item` is consumed. */
static int put_record(sb_store *st, sqlite3_stmt *s, int64_t page_id,
		      const char *kind, int idx, cJSON *item)
{
	sb_buf b;
	int err;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	err = sb_json_print(&b, item);
	cJSON_Delete(item);
	if (err < 0)
		goto done;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, page_id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, idx);
	sqlite3_bind_text(s, 4, sb_buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	err = st_step_done(st, s, "saving a record");
done:
	sb_buf_dispose(&b);
	return err;
}

/* A record belongs to the page when ids agree, or when extraction did not
 * know the id (0): then the caller passed one page's records. */
static int belongs(int64_t rec_page, int64_t page_id)
{
	return rec_page == 0 || rec_page == page_id;
}

/* A left-out profile's JSON says so: it has no user name. */
static cJSON *left_out_json(const sb_profile *p)
{
	cJSON *o = sb_profile_to_json(p);

	sb_json_add_str(o, "kind", "left-out");
	return o;
}

static int put_records(sb_store *st, int64_t page_id, const sb_records *r)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int err;

	if ((err = st_prepare(st, &s, "INSERT INTO records (page_id, kind, "
			      "idx, json) VALUES (?, ?, ?, ?)")) < 0)
		goto done;
	for (i = 0; i < r->n_profiles && err == SB_OK; i++)
		if (belongs(r->profiles[i].page_id, page_id))
			err = put_record(st, s, page_id, "profile", (int)i,
					 sb_profile_to_json(&r->profiles[i]));
	for (i = 0; i < r->n_clinics && err == SB_OK; i++)
		if (belongs(r->clinics[i].page_id, page_id))
			err = put_record(st, s, page_id, "clinic", (int)i,
					 sb_clinic_to_json(&r->clinics[i]));
	for (i = 0; i < r->n_resources && err == SB_OK; i++)
		if (belongs(r->resources[i].page_id, page_id))
			err = put_record(st, s, page_id, "resource", (int)i,
					 sb_resource_to_json(&r->resources[i]));
	for (i = 0; i < r->n_feedback && err == SB_OK; i++)
		if (belongs(r->feedback[i].page_id, page_id))
			err = put_record(st, s, page_id, "feedback", (int)i,
					 sb_feedback_to_json(&r->feedback[i]));
	for (i = 0; i < r->n_left_out && err == SB_OK; i++)
		if (belongs(r->left_out[i].page_id, page_id))
			err = put_record(st, s, page_id, "left-out", (int)i,
					 left_out_json(&r->left_out[i]));
done:
	sqlite3_finalize(s);
	return err;
}

static int put_page_row(sb_store *st, int64_t page_id, const char *title,
			int64_t rev_id, const char *hash)
{
	return st_run(st, NULL, "saving a page", "INSERT INTO pages (page_id, "
		      "title, rev_id, hash, seen) VALUES (?, ?, ?, ?, ?) "
		      "ON CONFLICT (page_id) DO UPDATE SET "
		      "title = excluded.title, rev_id = excluded.rev_id, "
		      "hash = excluded.hash, seen = excluded.seen", "isist",
		      page_id, title, rev_id, hash);
}

static int delete_records(sb_store *st, int64_t page_id)
{
	return st_run(st, NULL, "deleting records", "DELETE FROM records "
		      "WHERE page_id = ?", "i", page_id);
}

int sb_store_page_put(sb_store *st, int64_t page_id, const char *title,
		      int64_t rev_id, const char *hash, const sb_records *recs)
{
	int err;

	if ((err = st_savepoint(st)) < 0)
		return err;
	if ((err = put_page_row(st, page_id, title, rev_id, hash)) == SB_OK &&
	    (err = delete_records(st, page_id)) == SB_OK && recs)
		err = put_records(st, page_id, recs);
	if (err < 0)
		sb_error_prefix(err, "page \"%s\"", title);
	return st_savepoint_end(st, err);
}

int sb_store_page_find(sb_store *st, int64_t *id_out, const char *title)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*id_out = 0;
	if ((err = st_prepare(st, &s, "SELECT page_id FROM pages WHERE "
			      "title = ? ORDER BY page_id LIMIT 1")) < 0)
		goto done;
	st_bind_str(s, 1, title);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		err = sb_error_set(SB_ENOTFOUND, "%s: no stored page \"%s\"",
				   st->path, title);
	else
		err = st_fail(st, rc, "finding a page");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_count_records(sb_store *st, size_t *out)
{
	sqlite3_stmt *s = NULL;
	int err;

	*out = 0;
	if ((err = st_prepare(st, &s, "SELECT count(*) FROM records")) < 0)
		goto done;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	else
		err = st_fail(st, sqlite3_errcode(st->db), "counting records");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_page_delete(sb_store *st, int64_t page_id)
{
	return st_run(st, NULL, "deleting a page", "DELETE FROM pages "
		      "WHERE page_id = ?", "i", page_id);
}

static void page_id_row(void *row, sqlite3_stmt *s)
{
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

static void page_ids_drop(void *rows, size_t n)
{
	(void)n;
	free(rows);
}

int sb_store_page_ids(sb_store *st, int64_t **out, size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(int64_t), page_id_row, page_ids_drop, "listing pages"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT page_id FROM pages "
			  "ORDER BY page_id", "");

	*out = v;
	return err;
}

int sb_store_load_records(sb_store *st, sb_records *out)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	/* Profiles first, then clinics, then resources, each by page and
	 * position: the order extraction would give page by page. */
	if ((err = st_prepare(st, &s, "SELECT page_id, json FROM records "
			      "ORDER BY CASE kind WHEN 'profile' THEN 0 "
			      "WHEN 'clinic' THEN 1 ELSE 2 END, page_id, idx")) < 0)
		goto done;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(s, 1);
		char origin[96];

		snprintf(origin, sizeof(origin), "state record of page %lld",
			 (long long)sqlite3_column_int64(s, 0));
		err = sb_records_add_json(out, json,
					  (size_t)sqlite3_column_bytes(s, 1),
					  origin);
		if (err < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading records");
done:
	sqlite3_finalize(s);
	return err;
}
