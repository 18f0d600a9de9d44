/* test_sync_journal.c - a save and what became of the person's edit it
 * met (human_edits.outcome) are one commit of the journal
 * (src/sync/sync_journal.c), against the real test wiki.
 *
 * The state on disk when sync_journal_edit() returns is what a crash at
 * that very point leaves: each test closes the store there and reads it
 * back, as the next run would. */
#include "mwapi_it.h"

#include "../../src/sync/sync_int.h"

#include "skillsbot/store.h"

#include <sqlite3.h>

#define REPLACED "the generated text replaced it"
#define REFUSED_HEAD "the save was refused or skipped"

typedef struct fx {
	char *dir, *path;
	sb_sync s;
	char *title;
	int64_t rev;        /* the revision the bot read */
	char *timestamp;
} fx;

/* The bot reads the page: the revision its save is based on. */
static void read_page(fx *f)
{
	sb_mw_page *p = NULL;
	size_t n = 0;
	const char *t = f->title;

	assert_int_equal(sb_mw_get_pages(f->s.mw, &t, 1, &p, &n), SB_OK);
	f->rev = p[0].rev_id;
	free(f->timestamp);
	f->timestamp = sb_strdup(p[0].timestamp);
	sb_mw_pages_free(p, n);
}

static int setup(void **state)
{
	fx *f = sb_calloc(1, sizeof(*f));

	f->dir = tu_mkdtemp();
	f->path = sb_asprintf("%s/state.db", f->dir);
	f->s.mw = it_login_as("BOT", NULL, NULL, 0);
	assert_int_equal(sb_store_open(&f->s.store, f->path), SB_OK);
	f->title = wk_unique_title("Sync journal test");
	wk_edit_as_editor(f->title, "The bot's text, then a person's.");
	read_page(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	sb_store_close(f->s.store);
	sb_mw_free(f->s.mw);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f->title);
	free(f->timestamp);
	free(f);
	return 0;
}

/* The person's edit found in the page read, its outcome pending. */
static void found_human_edit(fx *f)
{
	sb_human_edit h = {f->title, "by-skill", "Editor", f->timestamp,
			   f->rev, 0, NULL};

	assert_int_equal(sb_store_human_edit_add(f->s.store, &h), SB_OK);
}

/* The bot's save of the page read, through the journal; last_try: no
 * read and save again follows a conflict. */
static int save_try(fx *f, bool last_try, int64_t *new_rev)
{
	static const char text[] = "The generated text.";
	struct sb_mw_edit e;

	memset(&e, 0, sizeof(e));
	e.title = f->title;
	e.text = text;
	e.summary = "skillsbot test: the journal";
	e.baserevid = f->rev;
	e.basetimestamp = f->timestamp;
	e.create = SB_MW_NOCREATE;
	return sync_journal_edit(&f->s, &e, text, strlen(text), "[]",
				 last_try, new_rev);
}

static int save(fx *f, int64_t *new_rev)
{
	return save_try(f, true, new_rev);
}

/* The crash: the store as it is on disk now, opened again. */
static void crash_and_reopen(fx *f)
{
	sb_store_close(f->s.store);
	f->s.store = NULL;
	assert_int_equal(sb_store_open(&f->s.store, f->path), SB_OK);
}

/* The journal's newest entry has this result (NULL: pending). */
static void assert_journal_result(fx *f, const char *result)
{
	sb_journal_entry *e = NULL;
	size_t n = 0;

	assert_int_equal(sb_store_journal_recent(f->s.store, 1, &e, &n), SB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].title, f->title);
	if (result)
		assert_string_equal(e[0].result ? e[0].result : "(pending)",
				    result);
	else
		assert_null(e[0].result);
	sb_journal_entries_free(e, n);
}

/* The person's edit has an outcome that starts with `head` (NULL:
 * still pending). */
static void assert_outcome(fx *f, const char *head)
{
	sb_human_edit *h = NULL;
	size_t n = 0;

	assert_int_equal(sb_store_human_edits_recent(f->s.store, 5, &h, &n),
			 SB_OK);
	assert_int_equal(n, 1);
	if (!head)
		assert_null(h[0].outcome);
	else if (!h[0].outcome || strncmp(h[0].outcome, head,
					  strlen(head)) != 0)
		fail_msg("outcome \"%s\", expected \"%s...\"",
			 h[0].outcome ? h[0].outcome : "(pending)", head);
	sb_human_edits_free(h, n);
}

/* Saved: a crash right after the save leaves the dashboard knowing that
 * the generated text replaced the person's. */
static void a_save_commits_the_outcome_with_its_result(void **state)
{
	fx *f = *state;
	int64_t new_rev = 0;

	found_human_edit(f);
	assert_int_equal(save(f, &new_rev), SB_OK);
	assert_true(new_rev > f->rev);
	crash_and_reopen(f);
	assert_journal_result(f, "saved");
	assert_outcome(f, REPLACED);
}

/* Refused for good (the page protected before the read: protecting
 * makes a revision, so after it the save would be a conflict): a crash
 * right after leaves the refusal said, the person's text kept. */
static void a_refusal_commits_the_outcome_with_its_result(void **state)
{
	fx *f = *state;
	char *args = sb_asprintf("--user Admin --reason test '%s'", f->title);
	int64_t new_rev = 0;
	char *text;

	assert_int_equal(wk_maint("protect.php", args), 0);
	free(args);
	read_page(f);
	found_human_edit(f);
	assert_int_equal(save(f, &new_rev), SB_EDENIED);
	crash_and_reopen(f);
	assert_journal_result(f, "denied");
	assert_outcome(f, REFUSED_HEAD);
	text = wk_get_page_text(f->title);
	assert_string_equal(text, "The bot's text, then a person's.");
	free(text);
}

/* A conflict (a person saved since the read) that the writer reads
 * again for leaves the person's edit pending: the next save says what
 * became of it. On the last try the conflict is the outcome. */
static void a_conflict_is_the_outcome_only_on_the_last_try(void **state)
{
	fx *f = *state;
	int64_t new_rev = 0;

	found_human_edit(f);
	wk_edit_as_editor(f->title, "A person saved in between.");
	assert_int_equal(save_try(f, false, &new_rev), SB_ECONFLICT);
	crash_and_reopen(f);
	assert_journal_result(f, "conflict");
	assert_outcome(f, NULL);
	assert_int_equal(save_try(f, true, &new_rev), SB_ECONFLICT);
	crash_and_reopen(f);
	assert_journal_result(f, "conflict");
	assert_outcome(f, REFUSED_HEAD);
}

/* Run SQL on the state file from outside the store (a second
 * connection, as a fault would). */
static void state_sql(fx *f, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* Neither without the other: when the outcome cannot be written, the
 * result is not committed either; the save stays pending in the
 * journal, and the next run settles both from the page. */
static void an_outcome_not_written_leaves_the_save_pending(void **state)
{
	fx *f = *state;
	int64_t new_rev = 0;

	found_human_edit(f);
	state_sql(f, "CREATE TRIGGER no_outcome BEFORE UPDATE OF outcome ON "
		  "human_edits BEGIN SELECT RAISE(ABORT, 'no outcome'); END");
	assert_true(save(f, &new_rev) < 0);
	crash_and_reopen(f);
	assert_journal_result(f, NULL);
	assert_outcome(f, NULL);
	state_sql(f, "DROP TRIGGER no_outcome");
	assert_int_equal(sync_journal_settle(&f->s), SB_OK);
	assert_journal_result(f, "saved");
	assert_outcome(f, REPLACED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			a_save_commits_the_outcome_with_its_result, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			a_refusal_commits_the_outcome_with_its_result, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			a_conflict_is_the_outcome_only_on_the_last_try, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			an_outcome_not_written_leaves_the_save_pending, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
