/* test_store.c - the SQLite state: pages and records, cursor, journal,
 * connections, sections, migrations from every older schema, full disk. */
#include "store_fixture.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char two_profiles[] =
	"{\"page\":\"User:A/Profile\",\"page_id\":10,\"index\":0,"
	"\"username\":\"A\",\"share\":[{\"skill\":\"grant-writing\","
	"\"text\":\"Grant writing\"}],\"diagnostics\":[{\"field\":\"country\","
	"\"message\":\"Unknown country\",\"line\":4,\"column\":13}]}\n"
	"{\"page\":\"User:A/Profile\",\"page_id\":10,\"index\":1,"
	"\"username\":\"B\"}\n"
	"{\"kind\":\"resource\",\"page\":\"User:A/Profile\",\"page_id\":10,"
	"\"index\":0,\"title\":\"Slides\",\"link\":\"https://example.org/\"}\n";

static void records_of(sb_records *r, const char *jsonl)
{
	sb_records_init(r);
	assert_int_equal(sb_records_read_jsonl(r, jsonl, strlen(jsonl), "t"),
			 SB_OK);
}

static void pages_and_records_round_trip(void **state)
{
	struct fx *f = *state;
	sb_records in, out;
	sb_store_page p;

	open_latest(f);
	records_of(&in, two_profiles);
	assert_int_equal(sb_store_page_put(f->st, 10, "User:A/Profile", 77,
					   "abc", &in), SB_OK);
	/* Reopen: it must be on disk, not in a cache. */
	open_latest(f);
	assert_int_equal(sb_store_page_get(f->st, &p, 10), SB_OK);
	assert_string_equal(p.title, "User:A/Profile");
	assert_int_equal(p.rev_id, 77);
	assert_string_equal(p.hash, "abc");
	sb_store_page_dispose(&p);

	sb_records_init(&out);
	assert_int_equal(sb_store_load_records(f->st, &out), SB_OK);
	assert_int_equal(out.n_profiles, 2);
	assert_int_equal(out.n_resources, 1);
	assert_string_equal(out.profiles[0].username, "A");
	assert_string_equal(out.profiles[1].username, "B");
	assert_int_equal(out.profiles[0].n_diags, 1);
	assert_string_equal(out.profiles[0].diags[0].message, "Unknown country");
	assert_int_equal(out.profiles[0].diags[0].column, 13);
	assert_string_equal(out.resources[0].link, "https://example.org/");
	sb_records_dispose(&out);

	/* Putting the page again replaces its records. */
	in.n_profiles = 1;
	in.n_resources = 0;
	assert_int_equal(sb_store_page_put(f->st, 10, "User:A/Profile", 78,
					   "def", &in), SB_OK);
	in.n_profiles = 2;
	in.n_resources = 1;
	sb_records_init(&out);
	assert_int_equal(sb_store_load_records(f->st, &out), SB_OK);
	assert_int_equal(out.n_profiles, 1);
	assert_int_equal(out.n_resources, 0);
	sb_records_dispose(&out);

	/* Deleting the page deletes its records (foreign key cascade). */
	assert_int_equal(sb_store_page_delete(f->st, 10), SB_OK);
	assert_int_equal(sb_store_page_get(f->st, &p, 10), SB_ENOTFOUND);
	sb_records_init(&out);
	assert_int_equal(sb_store_load_records(f->st, &out), SB_OK);
	assert_int_equal(out.n_profiles, 0);
	sb_records_dispose(&out);
	sb_records_dispose(&in);
}

static void page_ids_sorted(void **state)
{
	struct fx *f = *state;
	int64_t *ids;
	size_t n;

	open_latest(f);
	assert_int_equal(sb_store_page_put(f->st, 30, "C", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_page_put(f->st, 5, "A", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_page_put(f->st, 12, "B", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_page_ids(f->st, &ids, &n), SB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 5);
	assert_int_equal(ids[1], 12);
	assert_int_equal(ids[2], 30);
	free(ids);
}

static void cursor_survives_restart(void **state)
{
	struct fx *f = *state;
	char *ts;
	int64_t rcid;

	open_latest(f);
	assert_int_equal(sb_store_cursor_get(f->st, &ts, &rcid), SB_ENOTFOUND);
	assert_int_equal(sb_store_cursor_set(f->st, "2026-11-28T10:00:00Z", 41),
			 SB_OK);
	assert_int_equal(sb_store_cursor_set(f->st, "2026-11-28T10:05:00Z", 42),
			 SB_OK);
	open_latest(f);
	assert_int_equal(sb_store_cursor_get(f->st, &ts, &rcid), SB_OK);
	assert_string_equal(ts, "2026-11-28T10:05:00Z");
	assert_int_equal(rcid, 42);
	free(ts);
	assert_int_equal(sb_store_cursor_clear(f->st), SB_OK);
	assert_int_equal(sb_store_cursor_get(f->st, &ts, &rcid), SB_ENOTFOUND);
}

static void journal_intent_then_result(void **state)
{
	struct fx *f = *state;
	sb_journal_entry *e;
	size_t n;
	int64_t id1, id2;

	open_latest(f);
	assert_int_equal(sb_store_journal_intent(f->st, &id1, "P", 5, "h1"),
			 SB_OK);
	assert_int_equal(sb_store_journal_intent(f->st, &id2, "Q", 0, "h2"),
			 SB_OK);
	assert_int_equal(sb_store_journal_finish(f->st, id1, "saved", 6), SB_OK);
	/* A crash now: the second intent must still be pending on reopen. */
	open_latest(f);
	assert_int_equal(sb_store_journal_pending(f->st, &e, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].id, id2);
	assert_string_equal(e[0].title, "Q");
	assert_int_equal(e[0].base_rev, 0);
	assert_string_equal(e[0].hash, "h2");
	assert_null(e[0].result);
	sb_journal_entries_free(e, n);

	assert_int_equal(sb_store_journal_recent(f->st, 10, &e, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].id, id2);    /* newest first */
	assert_null(e[0].result);
	assert_int_equal(e[1].id, id1);
	assert_string_equal(e[1].title, "P");
	assert_int_equal(e[1].base_rev, 5);
	assert_string_equal(e[1].hash, "h1");
	assert_string_equal(e[1].result, "saved");
	assert_int_equal(e[1].new_rev, 6);
	assert_true(e[1].finished >= e[1].started);
	sb_journal_entries_free(e, n);

	assert_int_equal(sb_store_journal_recent(f->st, 1, &e, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].id, id2);
	sb_journal_entries_free(e, n);
}

static void pairs_keep_notified_flag(void **state)
{
	struct fx *f = *state;
	sb_store_pair first[] = {
		{"L1", "S1", "wikidata", false, 0},
		{"L2", "S1", "grant-writing", false, 0},
	};
	sb_store_pair second[] = {
		{"L1", "S1", "wikidata", false, 0},
		{"L3", "S2", "wikidata", false, 0},
	};
	sb_store_pair *p;
	size_t n;

	open_latest(f);
	assert_int_equal(sb_store_pairs_replace(f->st, first, 2), SB_OK);
	assert_int_equal(sb_store_pair_set_notified(f->st, "L1", "S1",
						    "wikidata"), SB_OK);
	assert_int_equal(sb_store_pairs_replace(f->st, second, 2), SB_OK);
	assert_int_equal(sb_store_pairs_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].learner, "L1");
	assert_string_equal(p[0].sharer, "S1");
	assert_string_equal(p[0].skill, "wikidata");
	assert_true(p[0].notified);    /* kept: never notify twice */
	assert_string_equal(p[1].learner, "L3");
	assert_string_equal(p[1].sharer, "S2");
	assert_string_equal(p[1].skill, "wikidata");
	assert_false(p[1].notified);
	sb_store_pairs_free(p, n);
}

/* When a pair was put on the page stays with it while it stays: the
 * Connections page shows that date, so it must not move. */
static void pairs_keep_since(void **state)
{
	struct fx *f = *state;
	sb_store_pair first[] = {
		{"L1", "S1", "wikidata", false, 1000},
		{"L2", "S1", "grant-writing", false, 1000},
	};
	sb_store_pair second[] = {
		{"L1", "S1", "wikidata", false, 2000},
		{"L3", "S2", "wikidata", false, 2000},
	};
	sb_store_pair third[] = {
		{"L2", "S1", "grant-writing", false, 3000},
	};
	sb_store_pair *p;
	size_t n;

	open_latest(f);
	assert_int_equal(sb_store_pairs_replace(f->st, first, 2), SB_OK);
	assert_int_equal(sb_store_pairs_replace(f->st, second, 2), SB_OK);
	assert_int_equal(sb_store_pairs_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].learner, "L1");
	assert_int_equal(p[0].since, 1000);   /* still there: kept */
	assert_string_equal(p[1].learner, "L3");
	assert_int_equal(p[1].since, 2000);   /* new */
	sb_store_pairs_free(p, n);
	/* A pair that left and came back starts anew. */
	assert_int_equal(sb_store_pairs_replace(f->st, third, 1), SB_OK);
	assert_int_equal(sb_store_pairs_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].since, 3000);
	sb_store_pairs_free(p, n);
}

/* What a cycle needs to retire sections it no longer produces: every
 * (title, section) written, and forgetting one. */
static void sections_listed_and_forgotten(void **state)
{
	struct fx *f = *state;
	sb_store_section *v;
	char *hash;
	size_t rows, n;

	open_latest(f);
	assert_int_equal(sb_store_sections_list(f->st, &v, &n), SB_OK);
	assert_int_equal(n, 0);
	sb_store_sections_free(v, n);
	assert_int_equal(sb_store_section_put(f->st, "R/By skill/2", "by-skill",
					      "h2", 7), SB_OK);
	assert_int_equal(sb_store_section_put(f->st, "R/By skill", "by-skill",
					      "h1", 0), SB_OK);
	assert_int_equal(sb_store_section_put(f->st, "R/Clinic", "roster",
					      "h3", 3), SB_OK);
	assert_int_equal(sb_store_sections_list(f->st, &v, &n), SB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].title, "R/By skill");
	assert_string_equal(v[1].title, "R/By skill/2");
	assert_string_equal(v[1].section, "by-skill");
	assert_string_equal(v[1].hash, "h2");
	assert_int_equal(v[1].rows, 7);
	assert_string_equal(v[2].section, "roster");
	sb_store_sections_free(v, n);

	assert_int_equal(sb_store_section_delete(f->st, "R/By skill/2",
						 "by-skill"), SB_OK);
	assert_int_equal(sb_store_section_get(f->st, "R/By skill/2", "by-skill",
					      &hash, &rows), SB_ENOTFOUND);
	assert_int_equal(sb_store_section_get(f->st, "R/By skill", "by-skill",
					      &hash, &rows), SB_OK);
	free(hash);
	assert_int_equal(sb_store_sections_list(f->st, &v, &n), SB_OK);
	assert_int_equal(n, 2);
	sb_store_sections_free(v, n);
}

static void sections_and_human_edits(void **state)
{
	struct fx *f = *state;
	sb_human_edit h = {"Root/By skill", "by-skill", "Alice",
			   "2026-11-28T10:00:00Z", 12, 11, NULL};
	sb_human_edit h2 = {"Root/Clinics", "clinics", "Bob",
			    "2026-11-28T11:00:00Z", 20, 19, NULL};
	sb_human_edit *got;
	char *hash;
	size_t rows, n;

	open_latest(f);
	assert_int_equal(sb_store_section_get(f->st, "T", "s", &hash, &rows),
			 SB_ENOTFOUND);
	assert_int_equal(sb_store_section_put(f->st, "T", "s", "h1", 40), SB_OK);
	assert_int_equal(sb_store_section_put(f->st, "T", "s", "h2", 41), SB_OK);
	assert_int_equal(sb_store_section_get(f->st, "T", "s", &hash, &rows),
			 SB_OK);
	assert_string_equal(hash, "h2");
	assert_int_equal(rows, 41);
	free(hash);

	assert_int_equal(sb_store_human_edit_add(f->st, &h), SB_OK);
	assert_int_equal(sb_store_human_edit_add(f->st, &h2), SB_OK);
	assert_int_equal(sb_store_human_edits_recent(f->st, 5, &got, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].user, "Bob");    /* newest first */
	assert_string_equal(got[1].title, "Root/By skill");
	assert_string_equal(got[1].section, "by-skill");
	assert_string_equal(got[1].user, "Alice");
	assert_string_equal(got[1].timestamp, "2026-11-28T10:00:00Z");
	assert_int_equal(got[1].rev_id, 12);
	assert_int_equal(got[1].old_rev_id, 11);
	sb_human_edits_free(got, n);
	assert_int_equal(sb_store_human_edits_recent(f->st, 1, &got, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].user, "Bob");
	assert_null(got[0].outcome);    /* pending until the save */
	sb_human_edits_free(got, n);
	/* the save's outcome, for the pending ones of that page only */
	assert_int_equal(sb_store_human_edits_settle(f->st, "Root/Clinics",
						     "the save was refused",
						     &n), SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sb_store_human_edits_recent(f->st, 5, &got, &n), SB_OK);
	assert_string_equal(got[0].outcome, "the save was refused");
	assert_null(got[1].outcome);
	sb_human_edits_free(got, n);
}

static void kv_values(void **state)
{
	struct fx *f = *state;
	char *v;

	open_latest(f);
	assert_int_equal(sb_store_kv_get(f->st, "siteconf", &v), SB_ENOTFOUND);
	assert_int_equal(sb_store_kv_set(f->st, "siteconf", "{\"a\":1}"), SB_OK);
	assert_int_equal(sb_store_kv_get(f->st, "siteconf", &v), SB_OK);
	assert_string_equal(v, "{\"a\":1}");
	free(v);
	assert_int_equal(sb_store_kv_delete(f->st, "siteconf"), SB_OK);
	assert_int_equal(sb_store_kv_get(f->st, "siteconf", &v), SB_ENOTFOUND);
	assert_int_equal(sb_store_kv_delete(f->st, "siteconf"), SB_OK);
}

static void transaction_rollback_keeps_state(void **state)
{
	struct fx *f = *state;
	sb_store_page p;

	open_latest(f);
	assert_int_equal(sb_store_page_put(f->st, 1, "A", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_begin(f->st), SB_OK);
	assert_int_equal(sb_store_page_put(f->st, 1, "A", 2, "h2", NULL), SB_OK);
	assert_int_equal(sb_store_page_put(f->st, 2, "B", 1, "h", NULL), SB_OK);
	sb_store_rollback(f->st);
	assert_int_equal(sb_store_page_get(f->st, &p, 1), SB_OK);
	assert_int_equal(p.rev_id, 1);
	sb_store_page_dispose(&p);
	assert_int_equal(sb_store_page_get(f->st, &p, 2), SB_ENOTFOUND);
}

/* A full disk: the batch fails with a message saying so and the state
 * before the batch is intact. */
static void full_disk_is_clear_and_harmless(void **state)
{
	struct fx *f = *state;
	sb_records in, out;
	char *big = sb_calloc(1, 20000);
	char *line;
	int err = SB_OK;
	int64_t i;

	open_latest(f);
	memset(big, 'x', 19999);
	line = sb_asprintf("{\"page\":\"P\",\"index\":0,\"username\":\"U\","
			   "\"contact\":\"%s\"}", big);
	records_of(&in, line);
	assert_int_equal(sb_store_page_put(f->st, 1, "P", 1, "keep", &in),
			 SB_OK);
	assert_int_equal(sb_store_limit_pages(f->st, 40), SB_OK);
	assert_int_equal(sb_store_begin(f->st), SB_OK);
	for (i = 2; i < 200 && err == SB_OK; i++)
		err = sb_store_page_put(f->st, i, "P", 1, "new", &in);
	assert_int_equal(err, SB_EIO);
	assert_non_null(strstr(sb_error_message(), "full"));
	assert_non_null(strstr(sb_error_message(), "state.db"));
	sb_store_rollback(f->st);

	open_latest(f);
	sb_records_init(&out);
	assert_int_equal(sb_store_load_records(f->st, &out), SB_OK);
	assert_int_equal(out.n_profiles, 1);
	sb_records_dispose(&out);
	sb_records_dispose(&in);
	free(line);
	free(big);
}

/* Each migration: build the database at the older version with what that
 * version could hold, then open it with this build. */
static void migrate_from_v1(void **state)
{
	struct fx *f = *state;
	sb_records in, out;
	char *ts, *hash;
	int64_t rcid, id;
	size_t rows;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 1), SB_OK);
	assert_int_equal(sb_store_version(f->st), 1);
	records_of(&in, two_profiles);
	assert_int_equal(sb_store_page_put(f->st, 10, "User:A/Profile", 7, "h",
					   &in), SB_OK);
	assert_int_equal(sb_store_cursor_set(f->st, "2026-01-01T00:00:00Z", 9),
			 SB_OK);
	assert_int_equal(sb_store_journal_intent(f->st, &id, "P", 3, "x"), SB_OK);
	/* Version 1 has no sections table yet. */
	assert_int_equal(sb_store_section_put(f->st, "T", "s", "h", 1), SB_EIO);

	open_latest(f);
	sb_records_init(&out);
	assert_int_equal(sb_store_load_records(f->st, &out), SB_OK);
	assert_int_equal(out.n_profiles, 2);
	sb_records_dispose(&out);
	assert_int_equal(sb_store_cursor_get(f->st, &ts, &rcid), SB_OK);
	assert_int_equal(rcid, 9);
	free(ts);
	assert_int_equal(sb_store_section_put(f->st, "T", "s", "h", 1), SB_OK);
	assert_int_equal(sb_store_section_get(f->st, "T", "s", &hash, &rows),
			 SB_OK);
	free(hash);
	sb_records_dispose(&in);
}

static void migrate_from_v2(void **state)
{
	struct fx *f = *state;
	sb_human_edit h = {"T", "s", NULL, NULL, 2, 1, NULL};
	sb_journal_entry *e;
	char *hash;
	size_t rows, n;
	int64_t id;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 2), SB_OK);
	assert_int_equal(sb_store_section_put(f->st, "T", "s", "h", 3), SB_OK);
	assert_int_equal(sb_store_journal_intent(f->st, &id, "P", 3, "x"), SB_OK);
	assert_int_equal(sb_store_human_edit_add(f->st, &h), SB_EIO);

	open_latest(f);
	assert_int_equal(sb_store_section_get(f->st, "T", "s", &hash, &rows),
			 SB_OK);
	assert_int_equal(rows, 3);
	free(hash);
	assert_int_equal(sb_store_journal_pending(f->st, &e, &n), SB_OK);
	assert_int_equal(n, 1);
	sb_journal_entries_free(e, n);
	assert_int_equal(sb_store_human_edit_add(f->st, &h), SB_OK);
}

/* Version 4 knew the pairs on the page and when each was first
 * suggested, not since when it has been on the page: the first date
 * stands in for it. */
static void migrate_from_v4(void **state)
{
	struct fx *f = *state;
	sb_store_pair *p;
	sqlite3 *db;
	size_t n;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 4), SB_OK);
	sb_store_close(f->st);
	f->st = NULL;
	/* As version 4 wrote them. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO connections (learner, "
				      "sharer, skill, notified) VALUES "
				      "('L1', 'S1', 'wikidata', 1), "
				      "('L2', 'S1', 'grant-writing', 0);"
				      "INSERT INTO suggested VALUES ('L1', 'S1', "
				      "'wikidata', 1764374400);", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(db);
	open_latest(f);
	assert_int_equal(sb_store_version(f->st), SB_STORE_VERSION);
	assert_int_equal(sb_store_pairs_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].learner, "L1");
	assert_true(p[0].notified);
	assert_int_equal(p[0].since, 1764374400);
	assert_string_equal(p[1].learner, "L2");
	assert_int_equal(p[1].since, 0);      /* not known */
	sb_store_pairs_free(p, n);
}

/* A human edit stored before version 6 has no outcome: it reads back
 * as "" (not known), never as pending, so no later save settles it. */
static void migrate_from_v5(void **state)
{
	struct fx *f = *state;
	sb_human_edit h = {"T", "s", "Alice", NULL, 2, 1, NULL};
	sb_human_edit *got;
	size_t n;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 5), SB_OK);
	assert_int_equal(sb_store_human_edit_add(f->st, &h), SB_EIO);
	open_latest(f);
	assert_int_equal(sb_store_human_edit_add(f->st, &h), SB_OK);
	assert_int_equal(sb_store_human_edits_settle(f->st, "T", "done", &n),
			 SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sb_store_human_edits_recent(f->st, 5, &got, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].outcome, "done");
	sb_human_edits_free(got, n);
}

/* A dry run works on a copy: its writes never reach the file. */
static void snapshot_leaves_file_alone(void **state)
{
	struct fx *f = *state;
	sb_store *snap;
	sb_store_page p;
	char *ts;
	int64_t rcid;

	open_latest(f);
	assert_int_equal(sb_store_page_put(f->st, 1, "A", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_cursor_set(f->st, "2026-01-01T00:00:00Z", 5),
			 SB_OK);
	assert_int_equal(sb_store_open_snapshot(&snap, f->path), SB_OK);
	assert_int_equal(sb_store_page_get(snap, &p, 1), SB_OK);
	sb_store_page_dispose(&p);
	assert_int_equal(sb_store_page_put(snap, 2, "B", 1, "h", NULL), SB_OK);
	assert_int_equal(sb_store_cursor_set(snap, "2026-02-01T00:00:00Z", 9),
			 SB_OK);
	sb_store_close(snap);

	open_latest(f);
	assert_int_equal(sb_store_page_get(f->st, &p, 2), SB_ENOTFOUND);
	assert_int_equal(sb_store_cursor_get(f->st, &ts, &rcid), SB_OK);
	assert_int_equal(rcid, 5);
	free(ts);

	/* No file yet: an empty state of the current schema. */
	assert_int_equal(sb_store_open_snapshot(&snap, "/nonexistent/x.db"),
			 SB_OK);
	assert_int_equal(sb_store_version(snap), SB_STORE_VERSION);
	assert_int_equal(sb_store_page_put(snap, 2, "B", 1, "h", NULL), SB_OK);
	sb_store_close(snap);
}

/* A dry run of a state nobody has open (check-config, often as root)
 * leaves no -wal or -shm beside it: files of another owner there would
 * stop the daemon from writing its state. */
static void snapshot_leaves_no_files(void **state)
{
	struct fx *f = *state;
	char *wal = sb_asprintf("%s-wal", f->path);
	char *shm = sb_asprintf("%s-shm", f->path);
	sb_store *snap;
	sb_store_page p;

	open_latest(f);
	assert_int_equal(sb_store_page_put(f->st, 1, "A", 1, "h", NULL), SB_OK);
	sb_store_close(f->st);
	f->st = NULL;
	assert_int_not_equal(access(wal, F_OK), 0);
	assert_int_equal(sb_store_open_snapshot(&snap, f->path), SB_OK);
	assert_int_equal(sb_store_page_get(snap, &p, 1), SB_OK);
	assert_string_equal(p.title, "A");
	sb_store_page_dispose(&p);
	sb_store_close(snap);
	assert_int_not_equal(access(wal, F_OK), 0);
	assert_int_not_equal(access(shm, F_OK), 0);
	free(wal);
	free(shm);
}

static void unknown_version_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 0), SB_EINVALID);
	assert_null(f->st);
	assert_int_equal(sb_store_open_at(&f->st, f->path,
					  SB_STORE_VERSION + 1), SB_EINVALID);
}

static void not_a_database(void **state)
{
	struct fx *f = *state;
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs("this is not an SQLite database, just some text that is long "
	      "enough to fill a header page ...........................", fp);
	fclose(fp);
	assert_int_equal(sb_store_open(&f->st, f->path), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "state.db"));
}

/* A state damaged inside (its header intact) opened as any other, and
 * the daemon ran until a query met the damage, perhaps after some of a
 * cycle's edits. Opening it to write is refused, with check-config's
 * words: the file named, said to be damaged, and what to do; not a byte
 * of it changed. */
static void damaged_inside_is_refused_at_open(void **state)
{
	struct fx *f = *state;
	char *path = tu_state_damaged(f->dir, "damaged.db");
	char *before = NULL, *after = NULL, *said;
	size_t n_before, n_after;
	int version;

	assert_int_equal(sb_file_read(&before, &n_before, path, 1 << 20), 0);
	assert_int_equal(sb_store_open(&f->st, path), SB_EDAMAGED);
	assert_null(f->st);
	said = sb_strdup(sb_error_message());
	if (strstr(said, path) == NULL || strstr(said, "is damaged") == NULL ||
	    strstr(said, "backup") == NULL)
		fail_msg("not named, said damaged, and what to do: %s", said);
	assert_int_equal(sb_file_read(&after, &n_after, path, 1 << 20), 0);
	assert_true(n_after == n_before && memcmp(after, before, n_after) == 0);
	assert_int_equal(sb_store_check(path, &version), SB_EDAMAGED);
	assert_string_equal(sb_error_message(), said);
	free(said); free(after); free(before); free(path);
}

/* Damage that appears while the state is open (a disk gone bad) is
 * found by the first query that reads it, and said in the same words as
 * at open, as SB_EDAMAGED: the daemon stops on it instead of retrying.
 * Another connection's write makes the store read the page again. */
static void damage_found_later_is_said_the_same(void **state)
{
	struct fx *f = *state;
	sb_store_page p;
	sqlite3 *other;
	const char *said;

	open_latest(f);
	assert_int_equal(sb_store_page_put(f->st, 1, "A", 1, "h", NULL), SB_OK);
	open_latest(f);
	assert_int_equal(sb_store_page_get(f->st, &p, 1), SB_OK);
	sb_store_page_dispose(&p);
	tu_damage_table(f->path, "pages");
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "PRAGMA user_version = "
		"user_version", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "CREATE TABLE t(x)", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(sb_store_page_get(f->st, &p, 1), SB_EDAMAGED);
	said = sb_error_message();
	if (strstr(said, f->path) == NULL || strstr(said, "is damaged") == NULL ||
	    strstr(said, "backup") == NULL)
		fail_msg("not named, said damaged, and what to do: %s", said);
}

/* The lock is the state file's, whatever name leads to it: a symlink
 * to the state locks STATE.lock beside the real file (it locked
 * ALIAS.lock, so a second process through the alias ran too). A state
 * not created yet is locked by its name in its real directory. */
static void lock_follows_symlinks(void **state)
{
	struct fx *f = *state;
	char *alias = sb_asprintf("%s/alias.db", f->dir);
	char *real_dir = sb_asprintf("%s/real", f->dir);
	char *link_dir = sb_asprintf("%s/link", f->dir);
	char *fresh = sb_asprintf("%s/link/new.db", f->dir);
	char *fresh_real = sb_asprintf("%s/real/new.db", f->dir);
	char *lock_file = sb_asprintf("%s.lock", f->path);
	char *alias_lock = sb_asprintf("%s.lock", alias);
	sb_store_lock *lock = NULL;

	open_latest(f);
	assert_int_equal(symlink("state.db", alias), 0);
	assert_int_equal(sb_store_lock_new(&lock, alias), SB_OK);
	assert_int_equal(access(lock_file, F_OK), 0);
	assert_int_equal(access(alias_lock, F_OK), -1);
	assert_true(sb_store_lock_covers(lock, f->path));
	assert_true(sb_store_lock_covers(lock, alias));
	sb_store_lock_free(lock);
	assert_int_equal(mkdir(real_dir, 0700), 0);
	assert_int_equal(symlink("real", link_dir), 0);
	assert_int_equal(sb_store_lock_new(&lock, fresh), SB_OK);
	assert_true(sb_store_lock_covers(lock, fresh_real));
	assert_false(sb_store_lock_covers(lock, f->path));
	sb_store_lock_free(lock);
	free(alias); free(real_dir); free(link_dir); free(fresh);
	free(fresh_real); free(lock_file); free(alias_lock);
}

/* A symlink to a state not created yet (the first start) names its
 * target: SQLite creates the target, and the lock must be the target's.
 * It was LINK.lock, so a second process given the target's path (or
 * started once the target existed) got a lock of its own and ran too.
 * The target is read relative to the link's directory, link after link
 * (sub/first.db -> ../second.db -> sub/new.db), or absolute. */
static void lock_of_a_dangling_symlink_is_its_targets(void **state)
{
	struct fx *f = *state;
	char *sub = sb_asprintf("%s/sub", f->dir);
	char *first = sb_asprintf("%s/sub/first.db", f->dir);
	char *second = sb_asprintf("%s/second.db", f->dir);
	char *target = sb_asprintf("%s/sub/new.db", f->dir);
	char *absolute = sb_asprintf("%s/absolute.db", f->dir);
	char *target_lock = sb_asprintf("%s.lock", target);
	char *first_lock = sb_asprintf("%s.lock", first);
	sb_store_lock *lock = NULL;

	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(symlink("../second.db", first), 0);
	assert_int_equal(symlink("sub/new.db", second), 0);
	assert_int_equal(symlink(target, absolute), 0);
	assert_int_equal(sb_store_lock_new(&lock, first), SB_OK);
	assert_int_equal(access(first_lock, F_OK), -1);
	assert_int_equal(access(target_lock, F_OK), 0);
	assert_true(sb_store_lock_covers(lock, target));
	assert_true(sb_store_lock_covers(lock, second));
	assert_true(sb_store_lock_covers(lock, absolute));
	assert_false(sb_store_lock_covers(lock, f->path));
	sb_store_lock_free(lock);
	free(sub); free(first); free(second); free(target); free(absolute);
	free(target_lock); free(first_lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pages_and_records_round_trip,
						setup, teardown),
		cmocka_unit_test_setup_teardown(page_ids_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(cursor_survives_restart, setup,
						teardown),
		cmocka_unit_test_setup_teardown(journal_intent_then_result,
						setup, teardown),
		cmocka_unit_test_setup_teardown(pairs_keep_since, setup,
						teardown),
		cmocka_unit_test_setup_teardown(pairs_keep_notified_flag, setup,
						teardown),
		cmocka_unit_test_setup_teardown(sections_listed_and_forgotten,
						setup, teardown),
		cmocka_unit_test_setup_teardown(sections_and_human_edits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(kv_values, setup, teardown),
		cmocka_unit_test_setup_teardown(transaction_rollback_keeps_state,
						setup, teardown),
		cmocka_unit_test_setup_teardown(full_disk_is_clear_and_harmless,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_from_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_from_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_from_v5, setup, teardown),
		cmocka_unit_test_setup_teardown(snapshot_leaves_file_alone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(snapshot_leaves_no_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(unknown_version_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
			damaged_inside_is_refused_at_open, setup, teardown),
		cmocka_unit_test_setup_teardown(
			damage_found_later_is_said_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_follows_symlinks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			lock_of_a_dangling_symlink_is_its_targets, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
