/*
 * store_notify.c - the talk-page notices journal and the history behind
 * the evaluation figures (pairs ever suggested, participation by month).
 */
#include "store_int.h"

#include <stdlib.h>

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
	char *result = NULL;
	int err = sb_store_notice_result(st, out, &result, learner, sharer,
					 skill, recipient);

	free(result);
	return err;
}

int sb_store_notice_result(sb_store *st, bool *known, char **result_out,
			   const char *learner, const char *sharer,
			   const char *skill, const char *recipient)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*known = false;
	*result_out = NULL;
	if ((err = st_prepare(st, &s, "SELECT result FROM notices WHERE "
			      "learner = ? AND sharer = ? AND skill = ? AND "
			      "recipient = ?")) < 0)
		goto done;
	st_bind_str(s, 1, learner);
	st_bind_str(s, 2, sharer);
	st_bind_str(s, 3, skill);
	st_bind_str(s, 4, recipient);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*known = true;
		*result_out = st_col_str(s, 0);
	} else if (rc != SQLITE_DONE) {
		err = st_fail(st, rc, "reading the notices");
	}
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_notice_intent(sb_store *st, int64_t *id_out, const sb_notice *n)
{
	int err = st_run(st, id_out, "writing a notice intent", "INSERT INTO "
			 "notices (kind, learner, sharer, skill, recipient, "
			 "talk_page, section_title, base_rev, started) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssssit",
			 n->kind, n->learner, n->sharer, n->skill,
			 n->recipient, n->talk_page, n->section_title,
			 n->base_rev);

	if (err < 0 &&
	    (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
		err = sb_error_set(SB_EEXISTS, "%s: %s was already told about "
				   "%s / %s / %s", st->path, n->recipient,
				   n->learner, n->sharer, n->skill);
	return err;
}

int sb_store_notice_finish(sb_store *st, int64_t id, const char *result,
			   int64_t new_rev)
{
	return st_run(st, NULL, "writing a notice result", "UPDATE notices SET "
		      "result = ?, new_rev = ?, finished = ? WHERE id = ?",
		      "siti", result, new_rev, id);
}

int sb_store_notice_forget(sb_store *st, int64_t id)
{
	return st_run(st, NULL, "dropping a notice intent", "DELETE FROM "
		      "notices WHERE id = ?", "i", id);
}

static void notice_row(void *row, sqlite3_stmt *s)
{
	sb_notice *e = row;

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

static void notices_drop(void *rows, size_t n)
{
	sb_notices_free(rows, n);
}

int sb_store_notice_pending(sb_store *st, sb_notice **out, size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(sb_notice), notice_row, notices_drop,
		"reading pending notices"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT id, kind, learner, "
			  "sharer, skill, recipient, talk_page, section_title, "
			  "base_rev FROM notices WHERE result IS NULL "
			  "ORDER BY id", "");

	*out = v;
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
	return st_run(st, NULL, "remembering a suggested pair", "INSERT OR "
		      "IGNORE INTO suggested (learner, sharer, skill, "
		      "first_seen) VALUES (?, ?, ?, ?)", "sssi", learner,
		      sharer, skill, now);
}

int sb_store_suggested_count(sb_store *st, size_t *out)
{
	return count_query(st, "SELECT count(*) FROM suggested", NULL, out,
			   "counting suggested pairs");
}

int sb_store_suggested_count_with(sb_store *st, const sb_store_pair *pairs,
				  size_t n, size_t *out)
{
	sqlite3_stmt *s = NULL;
	size_t known;
	int err, rc;

	*out = 0;
	if ((err = sb_store_suggested_count(st, &known)) < 0 ||
	    (err = st_prepare(st, &s, "SELECT 1 FROM suggested WHERE "
			      "learner = ? AND sharer = ? AND skill = ?")) < 0)
		goto done;
	*out = known;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		st_bind_str(s, 1, pairs[i].learner);
		st_bind_str(s, 2, pairs[i].sharer);
		st_bind_str(s, 3, pairs[i].skill);
		if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
			(*out)++;
		} else if (rc != SQLITE_ROW) {
			err = st_fail(st, rc, "counting suggested pairs");
			*out = 0;
			break;
		}
	}
done:
	sqlite3_finalize(s);
	return err;
}

void sb_participation_free(sb_participation *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].month);
		free(p[i].region);
	}
	free(p);
}

static int replace_month(sb_store *st, const char *month,
			 const sb_region_people *v, size_t n)
{
	int err = st_run(st, NULL, "saving participation", "DELETE FROM "
			 "participation WHERE month = ?", "s", month);

	for (size_t i = 0; i < n && err == SB_OK; i++)
		err = st_run(st, NULL, "saving participation", "INSERT INTO "
			     "participation (month, region, people) VALUES "
			     "(?, ?, ?)", "ssi", month,
			     v[i].region ? v[i].region : "",
			     (int64_t)v[i].people);
	return err;
}

int sb_store_participation_replace(sb_store *st, const char *month,
				   const sb_region_people *v, size_t n)
{
	int err;

	if ((err = st_savepoint(st)) < 0)
		return err;
	return st_savepoint_end(st, replace_month(st, month, v, n));
}

static void participation_row(void *row, sqlite3_stmt *s)
{
	sb_participation *p = row;

	p->month = st_col_str(s, 0);
	p->region = st_col_str(s, 1);
	p->people = (long)sqlite3_column_int64(s, 2);
}

static void participation_drop(void *rows, size_t n)
{
	sb_participation_free(rows, n);
}

int sb_store_participation_load(sb_store *st, sb_participation **out,
				size_t *n_out)
{
	static const st_rowset rs = {
		sizeof(sb_participation), participation_row,
		participation_drop, "reading participation"
	};
	void *v;
	int err = st_rows(st, &rs, &v, n_out, "SELECT month, region, people "
			  "FROM participation ORDER BY month, region", "");

	*out = v;
	return err;
}
