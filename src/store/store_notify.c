/*
 * store_notify.c - the talk-page notices journal and the history behind
 * the evaluation figures (pairs ever suggested, participation by month).
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

void sb_notices_free(sb_notice *n, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(n[i].kind);
		free(n[i].learner);
		free(n[i].sharer);
		free(n[i].skill);
		free(n[i].recipient);
		free(n[i].talk_page);
		free(n[i].section_title);
		free(n[i].result);
	}
	free(n);
}

int sb_store_notice_known(sb_store *st, bool *out, const char *learner,
			  const char *sharer, const char *skill,
			  const char *recipient)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*out = false;
	if ((err = st_prepare(st, &s, "SELECT 1 FROM notices WHERE learner = ? "
			      "AND sharer = ? AND skill = ? AND "
			      "recipient = ?")) < 0)
		goto done;
	st_bind_str(s, 1, learner);
	st_bind_str(s, 2, sharer);
	st_bind_str(s, 3, skill);
	st_bind_str(s, 4, recipient);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = true;
	else if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading the notices");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_intent(sb_store *st, int64_t *id_out, const sb_notice *n)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*id_out = 0;
	if ((err = st_prepare(st, &s, "INSERT INTO notices (kind, learner, "
			      "sharer, skill, recipient, talk_page, "
			      "section_title, base_rev, started) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto done;
	st_bind_str(s, 1, n->kind);
	st_bind_str(s, 2, n->learner);
	st_bind_str(s, 3, n->sharer);
	st_bind_str(s, 4, n->skill);
	st_bind_str(s, 5, n->recipient);
	st_bind_str(s, 6, n->talk_page);
	st_bind_str(s, 7, n->section_title);
	sqlite3_bind_int64(s, 8, n->base_rev);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		*id_out = sqlite3_last_insert_rowid(st->db);
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		err = sb_error_set(SB_EEXISTS, "%s: %s was already told about "
				   "%s / %s / %s", st->path, n->recipient,
				   n->learner, n->sharer, n->skill);
	else
		err = st_fail(st, rc, "writing a notice intent");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_finish(sb_store *st, int64_t id, const char *result,
			   int64_t new_rev)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "UPDATE notices SET result = ?, "
			      "new_rev = ?, finished = ? WHERE id = ?")) < 0)
		goto done;
	st_bind_str(s, 1, result);
	sqlite3_bind_int64(s, 2, new_rev);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(s, 4, id);
	err = st_step_done(st, s, "writing a notice result");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_forget(sb_store *st, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "DELETE FROM notices WHERE id = ?")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, id);
	err = st_step_done(st, s, "dropping a notice intent");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_pending(sb_store *st, sb_notice **out, size_t *n_out)
{
	sqlite3_stmt *s = NULL;
	sb_notice *v = NULL;
	size_t n = 0, cap = 0;
	int err, rc;

	if ((err = st_prepare(st, &s, "SELECT id, kind, learner, sharer, skill, "
			      "recipient, talk_page, section_title, base_rev "
			      "FROM notices WHERE result IS NULL "
			      "ORDER BY id")) < 0)
		goto done;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sb_notice *e;

		SB_GROW(v, cap, n + 1);
		e = &v[n++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(s, 0);
		e->kind = st_col_str(s, 1);
		e->learner = st_col_str(s, 2);
		e->sharer = st_col_str(s, 3);
		e->skill = st_col_str(s, 4);
		e->recipient = st_col_str(s, 5);
		e->talk_page = st_col_str(s, 6);
		e->section_title = st_col_str(s, 7);
		e->base_rev = sqlite3_column_int64(s, 8);
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading pending notices");
done:
	sqlite3_finalize(s);
	if (err < 0) {
		sb_notices_free(v, n);
		v = NULL;
		n = 0;
	}
	*out = v;
	*n_out = n;
	return err;
}

static int count_query(sb_store *st, const char *sql, const char *arg,
		       size_t *out, const char *what)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*out = 0;
	if ((err = st_prepare(st, &s, sql)) < 0)
		goto done;
	if (arg)
		st_bind_str(s, 1, arg);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	else
		err = st_fail(st, rc, what);
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_count(sb_store *st, const char *result, size_t *out)
{
	return count_query(st, "SELECT count(*) FROM notices WHERE result = ?",
			   result, out, "counting notices");
}

int sb_store_suggested_add(sb_store *st, const char *learner,
			   const char *sharer, const char *skill, int64_t now)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "INSERT OR IGNORE INTO suggested "
			      "(learner, sharer, skill, first_seen) "
			      "VALUES (?, ?, ?, ?)")) < 0)
		goto done;
	st_bind_str(s, 1, learner);
	st_bind_str(s, 2, sharer);
	st_bind_str(s, 3, skill);
	sqlite3_bind_int64(s, 4, now);
	err = st_step_done(st, s, "remembering a suggested pair");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_suggested_count(sb_store *st, size_t *out)
{
	return count_query(st, "SELECT count(*) FROM suggested", NULL, out,
			   "counting suggested pairs");
}

void sb_participation_free(sb_participation *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].month);
		free(p[i].region);
	}
	free(p);
}

int sb_store_participation_put(sb_store *st, const char *month,
			       const char *region, long people)
{
	sqlite3_stmt *s = NULL;
	int err;

	if ((err = st_prepare(st, &s, "INSERT INTO participation (month, "
			      "region, people) VALUES (?, ?, ?) ON CONFLICT "
			      "(month, region) DO UPDATE SET "
			      "people = excluded.people")) < 0)
		goto done;
	st_bind_str(s, 1, month);
	st_bind_str(s, 2, region ? region : "");
	sqlite3_bind_int64(s, 3, people);
	err = st_step_done(st, s, "saving participation");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_participation_load(sb_store *st, sb_participation **out,
				size_t *n_out)
{
	sqlite3_stmt *s = NULL;
	sb_participation *v = NULL;
	size_t n = 0, cap = 0;
	int err, rc;

	if ((err = st_prepare(st, &s, "SELECT month, region, people FROM "
			      "participation ORDER BY month, region")) < 0)
		goto done;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SB_GROW(v, cap, n + 1);
		v[n].month = st_col_str(s, 0);
		v[n].region = st_col_str(s, 1);
		v[n].people = (long)sqlite3_column_int64(s, 2);
		n++;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, "reading participation");
done:
	sqlite3_finalize(s);
	if (err < 0) {
		sb_participation_free(v, n);
		v = NULL;
		n = 0;
	}
	*out = v;
	*n_out = n;
	return err;
}
