/* test_sync_history.c - the history a cycle keeps for the dashboard's
 * evaluation figures (src/sync/sync_write.c), without a wiki: records
 * made here, a state database made here. */
#include "testutil.h"

#include "../../src/sync/sync_int.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <stdlib.h>
#include <string.h>

static void add_profile(sb_records *r, const char *json)
{
	assert_int_equal(sb_records_add_json(r, json, strlen(json), "test"),
			 SB_OK);
}

/* The count kept for `region` this month (0 when there is no row). */
static long people_in(sb_store *st, const char *region)
{
	sb_participation *p = NULL;
	size_t n = 0;
	long people = 0;

	assert_int_equal(sb_store_participation_load(st, &p, &n), SB_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].month, "2026-11") == 0 &&
		    strcmp(p[i].region, region) == 0)
			people = p[i].people;
	sb_participation_free(p, n);
	return people;
}

/* A sync with a state database of its own and no wiki. */
typedef struct fx {
	char *dir, *path;
	sb_sync_opts opts;
	sb_sync s;
} fx;

static int setup(void **state)
{
	fx *f = sb_calloc(1, sizeof(*f));

	f->dir = tu_mkdtemp();
	f->path = sb_asprintf("%s/state.db", f->dir);
	f->s.opts = &f->opts;
	assert_int_equal(sb_store_open(&f->s.store, f->path), SB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	sb_store_close(f->s.store);
	tu_rmtree(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

/* Participation counts people, as every other total does: a person
 * with two profiles (on two pages, or two on one page) counts once,
 * under the region of the profile the matcher and every page use
 * (lowest page id, then position). Their further profile is counted
 * nowhere, and an inactive profile neither. */
static void a_person_with_two_profiles_counts_once(void **state)
{
	fx *f = *state;
	sb_records recs;

	f->opts.now = 1795000000;    /* 2026-11-18 */
	sb_records_init(&recs);
	/* Ann: read first from her later page, used from page 3 */
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Ann\","
		    "\"page\":\"User:Ann/B\",\"page_id\":9,\"index\":0,"
		    "\"region\":\"ESEAP\"}");
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Ann\","
		    "\"page\":\"User:Ann/A\",\"page_id\":3,\"index\":0,"
		    "\"region\":\"SSA\"}");
	/* Bo: two templates on one page, the first one used */
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Bo\","
		    "\"page\":\"User:Bo/P\",\"page_id\":4,\"index\":0,"
		    "\"region\":\"MENA\"}");
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Bo\","
		    "\"page\":\"User:Bo/P\",\"page_id\":4,\"index\":1,"
		    "\"region\":\"SSA\"}");
	/* Cy: an inactive profile before an active one */
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Cy\","
		    "\"page\":\"User:Cy/A\",\"page_id\":1,\"index\":0,"
		    "\"region\":\"SSA\",\"status\":\"inactive\"}");
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Cy\","
		    "\"page\":\"User:Cy/B\",\"page_id\":2,\"index\":0,"
		    "\"region\":\"SSA\"}");
	assert_int_equal(sync_participation_put(&f->s, &recs), SB_OK);
	assert_int_equal(people_in(f->s.store, "SSA"), 2);     /* Ann, Cy */
	assert_int_equal(people_in(f->s.store, "MENA"), 1);    /* Bo */
	assert_int_equal(people_in(f->s.store, "ESEAP"), 0);
	sb_records_dispose(&recs);
}

/* A later cycle of the same month replaces the month's figures: a
 * region nobody is left in has no row any more (it kept its old count,
 * so a person who moved was counted in both regions till the month
 * ended), and another month's figures are left as they were. */
static void a_later_cycle_replaces_the_month(void **state)
{
	fx *f = *state;
	sb_sync *s = &f->s;
	sb_participation *p = NULL;
	size_t n = 0;
	sb_records recs;

	sb_records_init(&recs);
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Ann\","
		    "\"page\":\"User:Ann/A\",\"page_id\":3,\"index\":0,"
		    "\"region\":\"SSA\"}");
	f->opts.now = 1790000000;    /* 2026-09-21 */
	assert_int_equal(sync_participation_put(s, &recs), SB_OK);
	f->opts.now = 1795000000;    /* 2026-11-18 */
	assert_int_equal(sync_participation_put(s, &recs), SB_OK);
	assert_int_equal(people_in(s->store, "SSA"), 1);
	sb_records_dispose(&recs);

	/* Ann moves to MENA, later the same month. */
	sb_records_init(&recs);
	add_profile(&recs, "{\"kind\":\"profile\",\"username\":\"Ann\","
		    "\"page\":\"User:Ann/A\",\"page_id\":3,\"index\":0,"
		    "\"region\":\"MENA\"}");
	f->opts.now = 1795100000;
	assert_int_equal(sync_participation_put(s, &recs), SB_OK);
	assert_int_equal(sb_store_participation_load(s->store, &p, &n), SB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].month, "2026-09");
	assert_string_equal(p[0].region, "SSA");
	assert_int_equal(p[0].people, 1);
	assert_string_equal(p[1].month, "2026-11");
	assert_string_equal(p[1].region, "MENA");
	assert_int_equal(p[1].people, 1);
	sb_participation_free(p, n);
	sb_records_dispose(&recs);

	/* Nobody left at all: the month has no figures. */
	sb_records_init(&recs);
	assert_int_equal(sync_participation_put(s, &recs), SB_OK);
	assert_int_equal(sb_store_participation_load(s->store, &p, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].month, "2026-09");
	sb_participation_free(p, n);
	sb_records_dispose(&recs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			a_person_with_two_profiles_counts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_later_cycle_replaces_the_month, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
