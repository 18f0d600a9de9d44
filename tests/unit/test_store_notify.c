/* test_store_notify.c - the store's notices journal, the suggested-pairs
 * history and participation by month; the migration from version 3. */
#include "store_fixture.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static sb_notice notice(const char *learner, const char *sharer,
			const char *recipient)
{
	sb_notice n;

	memset(&n, 0, sizeof(n));
	n.kind = (char *)"connection";
	n.learner = (char *)learner;
	n.sharer = (char *)sharer;
	n.skill = (char *)"grant-writing";
	n.recipient = (char *)recipient;
	n.talk_page = sb_asprintf("User talk:%s", recipient);
	n.section_title = (char *)"Let's Connect: grant-writing";
	n.base_rev = 12;
	return n;
}

/* An intent stays pending until its result is written; a second intent
 * for the same notice is refused, so nobody is told twice. */
static void intent_then_result(void **state)
{
	struct fx *f = *state;
	sb_notice a = notice("Ann", "Bo", "Ann"), b = notice("Ann", "Bo", "Bo");
	sb_notice *p = NULL;
	size_t n = 0, sent = 0;
	int64_t ia, ib, again;
	bool known;

	open_latest(f);
	assert_int_equal(sb_store_notice_intent(f->st, &ia, &a), SB_OK);
	assert_int_equal(sb_store_notice_intent(f->st, &ib, &b), SB_OK);
	assert_int_equal(sb_store_notice_intent(f->st, &again, &a), SB_EEXISTS);
	assert_int_equal(sb_store_notice_pending(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].id, ia);
	assert_string_equal(p[0].kind, "connection");
	assert_string_equal(p[0].learner, "Ann");
	assert_string_equal(p[0].sharer, "Bo");
	assert_string_equal(p[0].skill, "grant-writing");
	assert_string_equal(p[0].recipient, "Ann");
	assert_string_equal(p[0].talk_page, "User talk:Ann");
	assert_string_equal(p[0].section_title,
			    "Let's Connect: grant-writing");
	assert_int_equal(p[0].base_rev, 12);
	assert_null(p[0].result);
	assert_int_equal(p[1].id, ib);
	assert_string_equal(p[1].recipient, "Bo");
	assert_string_equal(p[1].talk_page, "User talk:Bo");
	sb_notices_free(p, n);

	assert_int_equal(sb_store_notice_finish(f->st, ia, "sent", 40), SB_OK);
	assert_int_equal(sb_store_notice_forget(f->st, ib), SB_OK);
	open_latest(f);   /* survives a restart */
	assert_int_equal(sb_store_notice_pending(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 0);
	sb_notices_free(p, n);
	assert_int_equal(sb_store_notice_known(f->st, &known, "Ann", "Bo",
					       "grant-writing", "Ann"), SB_OK);
	assert_true(known);
	/* The forgotten one may be tried again. */
	assert_int_equal(sb_store_notice_known(f->st, &known, "Ann", "Bo",
					       "grant-writing", "Bo"), SB_OK);
	assert_false(known);
	assert_int_equal(sb_store_notice_count(f->st, "sent", &sent), SB_OK);
	assert_int_equal(sent, 1);
	free(a.talk_page);
	free(b.talk_page);
}

static void suggested_counts_once(void **state)
{
	struct fx *f = *state;
	size_t n = 0;

	open_latest(f);
	assert_int_equal(sb_store_suggested_add(f->st, "A", "B", "x", 1), SB_OK);
	assert_int_equal(sb_store_suggested_add(f->st, "A", "B", "x", 2), SB_OK);
	assert_int_equal(sb_store_suggested_add(f->st, "A", "C", "x", 2), SB_OK);
	assert_int_equal(sb_store_suggested_count(f->st, &n), SB_OK);
	assert_int_equal(n, 2);
}

/* A cycle's dashboard counts its own pairs before they are committed:
 * the ones the table holds once, the new ones too, and the table is not
 * told of them (a cycle that then fails counts them nowhere). */
static void suggested_counted_with_a_cycles_pairs(void **state)
{
	struct fx *f = *state;
	sb_store_pair pairs[] = {
		{(char *)"A", (char *)"B", (char *)"x", false, 0},
		{(char *)"A", (char *)"C", (char *)"x", false, 0},
		{(char *)"D", (char *)"B", (char *)"y", false, 0},
	};
	size_t n = 0;

	open_latest(f);
	assert_int_equal(sb_store_suggested_count_with(f->st, pairs, 3, &n),
			 SB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(sb_store_suggested_add(f->st, "A", "B", "x", 1), SB_OK);
	assert_int_equal(sb_store_suggested_add(f->st, "E", "B", "x", 1), SB_OK);
	assert_int_equal(sb_store_suggested_count_with(f->st, pairs, 3, &n),
			 SB_OK);
	assert_int_equal(n, 4);   /* E-B, A-B, and the two new ones */
	assert_int_equal(sb_store_suggested_count_with(f->st, NULL, 0, &n),
			 SB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sb_store_suggested_count(f->st, &n), SB_OK);
	assert_int_equal(n, 2);
}

static void participation_latest_wins(void **state)
{
	struct fx *f = *state;
	sb_participation *p = NULL;
	size_t n = 0;
	const sb_region_people nov[] = {{"SSA", 3}, {"MENA", 4}};
	const sb_region_people oct[] = {{"SSA", 1}};
	const sb_region_people later[] = {{"SSA", 5}, {NULL, 2}};

	open_latest(f);
	assert_int_equal(sb_store_participation_replace(f->st, "2026-11", nov,
							 2), SB_OK);
	assert_int_equal(sb_store_participation_replace(f->st, "2026-10", oct,
							 1), SB_OK);
	/* the month's latest figures, whole: MENA is gone */
	assert_int_equal(sb_store_participation_replace(f->st, "2026-11",
							 later, 2), SB_OK);
	assert_int_equal(sb_store_participation_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].month, "2026-10");
	assert_int_equal(p[0].people, 1);
	assert_string_equal(p[1].region, "");
	assert_int_equal(p[1].people, 2);
	assert_string_equal(p[2].region, "SSA");
	assert_int_equal(p[2].people, 5);
	sb_participation_free(p, n);
}

/* One transaction: a month whose new figures cannot all be written
 * keeps its old ones (a region given twice breaks the key). */
static void participation_replace_is_atomic(void **state)
{
	struct fx *f = *state;
	sb_participation *p = NULL;
	size_t n = 0;
	const sb_region_people old[] = {{"SSA", 3}, {"MENA", 4}};
	const sb_region_people bad[] = {{"ESEAP", 1}, {"ESEAP", 2}};

	open_latest(f);
	assert_int_equal(sb_store_participation_replace(f->st, "2026-11", old,
							 2), SB_OK);
	assert_int_equal(sb_store_participation_replace(f->st, "2026-11", bad,
							 2), SB_EIO);
	assert_int_equal(sb_store_participation_load(f->st, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].region, "MENA");
	assert_int_equal(p[0].people, 4);
	assert_string_equal(p[1].region, "SSA");
	assert_int_equal(p[1].people, 3);
	sb_participation_free(p, n);
}

/* A version-3 database keeps its connections, and they count as
 * suggested once upgraded; the new tables work. */
static void migrate_from_v3(void **state)
{
	struct fx *f = *state;
	sb_store_pair *got = NULL;
	sqlite3 *db;
	sb_notice a = notice("A", "B", "A");
	size_t n = 0;
	int64_t id;

	assert_int_equal(sb_store_open_at(&f->st, f->path, 3), SB_OK);
	/* Version 3 has no notices table yet. */
	assert_int_equal(sb_store_notice_intent(f->st, &id, &a), SB_EIO);
	sb_store_close(f->st);
	f->st = NULL;
	/* Its pairs, as version 3 wrote them (later versions add columns
	 * the API now writes). */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO connections (learner, "
				      "sharer, skill, notified) VALUES "
				      "('A', 'B', 'x', 1), ('C', 'B', 'y', 0)",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	open_latest(f);
	assert_int_equal(sb_store_pairs_load(f->st, &got, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_true(got[0].notified);
	sb_store_pairs_free(got, n);
	assert_int_equal(sb_store_suggested_count(f->st, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sb_store_notice_intent(f->st, &id, &a), SB_OK);
	free(a.talk_page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(intent_then_result, setup,
						teardown),
		cmocka_unit_test_setup_teardown(suggested_counts_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			suggested_counted_with_a_cycles_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(participation_latest_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(participation_replace_is_atomic,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_from_v3, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
