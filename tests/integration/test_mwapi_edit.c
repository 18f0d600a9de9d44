/* test_mwapi_edit.c - writes against the real test wiki: create, edit,
 * createonly and nocreate, an edit by a person between the bot's read and
 * its write (the bot's edit is a conflict, the person's text stays), a
 * page deleted under the bot, accounts without the rights to write, the
 * gap between edits, and recent changes. */
#include "mwapi_it.h"

typedef struct fx {
	sb_mw *bot;
	sb_mw *editor;   /* a person: assert=user, no bot right */
} fx;

static int setup(void **state)
{
	fx *f = sb_calloc(1, sizeof(*f));

	f->bot = it_login_as("BOT", NULL, NULL, 0);
	f->editor = it_login_as("EDITOR", NULL, "user", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	sb_mw_free(f->bot);
	sb_mw_free(f->editor);
	free(f);
	return 0;
}

static const char *run_title(const char *name)
{
	static char t[4][128];
	static int k;

	k = (k + 1) % 4;
	snprintf(t[k], sizeof(t[k]), "Edit test %ld/%s", (long)getpid(), name);
	return t[k];
}

/* What the caller of sb_mw_edit has after reading a page. */
typedef struct seen {
	int64_t rev;
	char *ts;
	char *text;
} seen;

static void read_seen(sb_mw *mw, const char *title, seen *s)
{
	sb_mw_page *p = NULL;
	size_t n = 0;

	assert_int_equal(sb_mw_get_pages(mw, &title, 1, &p, &n), SB_OK);
	s->rev = p[0].rev_id;
	s->ts = p[0].timestamp ? sb_strdup(p[0].timestamp) : NULL;
	s->text = p[0].content ? sb_strdup(p[0].content) : NULL;
	sb_mw_pages_free(p, n);
}

static void seen_dispose(seen *s)
{
	free(s->ts);
	free(s->text);
}

static int save(sb_mw *mw, const char *title, const char *text,
		const seen *base, int create, sb_mw_edit_result *r)
{
	struct sb_mw_edit e;

	memset(&e, 0, sizeof(e));
	e.title = title;
	e.text = text;
	e.summary = "skillsbot test";
	e.create = create;
	if (base) {
		e.baserevid = base->rev;
		e.basetimestamp = base->ts;
	}
	return sb_mw_edit(mw, &e, r);
}

static void create_edit_and_refusals(void **state)
{
	fx *f = *state;
	const char *t = run_title("Created");
	sb_mw_edit_result r;
	seen s;

	assert_int_equal(save(f->bot, t, "first", NULL, SB_MW_ANY, &r), SB_OK);
	assert_true(r.new_rev_id > 0);
	sb_mw_edit_result_dispose(&r);
	read_seen(f->bot, t, &s);
	assert_string_equal(s.text, "first");
	/* No base revision: only a creation, never over an existing page. */
	assert_int_equal(save(f->bot, t, "blind", NULL, SB_MW_ANY, &r), SB_EEXISTS);
	assert_non_null(strstr(sb_error_message(), "articleexists"));
	assert_int_equal(save(f->bot, t, "second", &s, SB_MW_NOCREATE, &r), SB_OK);
	assert_true(r.new_rev_id > s.rev);
	assert_false(r.merged);
	sb_mw_edit_result_dispose(&r);
	seen_dispose(&s);
	read_seen(f->bot, t, &s);
	assert_string_equal(s.text, "second");
	/* The same text again: saved as "no change". */
	assert_int_equal(save(f->bot, t, "second", &s, SB_MW_NOCREATE, &r), SB_OK);
	assert_true(r.nochange);
	sb_mw_edit_result_dispose(&r);
	seen_dispose(&s);
	/* nocreate on a page that does not exist; and nocreate without a
	 * base revision never saves over an existing page either. */
	assert_int_equal(save(f->bot, run_title("Never"), "x", NULL, SB_MW_NOCREATE,
			      &r), SB_ENOTFOUND);
	assert_non_null(strstr(sb_error_message(), "missingtitle"));
	assert_int_equal(save(f->bot, t, "blind", NULL, SB_MW_NOCREATE, &r),
			 SB_EEXISTS);
	read_seen(f->bot, t, &s);
	assert_string_equal(s.text, "second");
	seen_dispose(&s);
}

static void a_persons_edit_between_read_and_write_wins(void **state)
{
	fx *f = *state;
	const char *t = run_title("Conflict");
	sb_mw_edit_result r;
	seen bot, now;

	assert_int_equal(save(f->bot, t, "Intro\n\nrow 1\n", NULL, SB_MW_ANY, &r),
			 SB_OK);
	sb_mw_edit_result_dispose(&r);
	read_seen(f->bot, t, &bot);
	read_seen(f->editor, t, &now);
	assert_int_equal(save(f->editor, t, "Intro by a person\n\nrow 1\n", &now,
			      SB_MW_NOCREATE, &r), SB_OK);
	sb_mw_edit_result_dispose(&r);
	seen_dispose(&now);
	assert_int_equal(save(f->bot, t, "Intro\n\nrow 1\nrow 2\n", &bot,
			      SB_MW_NOCREATE, &r), SB_ECONFLICT);
	assert_non_null(strstr(sb_error_message(), t));
	read_seen(f->bot, t, &now);
	assert_string_equal(now.text, "Intro by a person\n\nrow 1");
	seen_dispose(&now);
	seen_dispose(&bot);
}

/* The person saves while the bot's edit is on its way (the proxy holds
 * it for 4 s, after the bot checked the latest revision): the wiki
 * itself must catch it, from baserevid and basetimestamp. Returns what the
 * bot's edit gave; the page's text is left in *final. */
static int race(fx *f, const char *t, const char *bot_text, char **final,
		bool *merged)
{
	sb_mw_edit_result r;
	it_proxy proxy = {0};
	sb_mw *bot;
	seen base, now;
	pid_t child;
	int status, err;

	assert_int_equal(save(f->bot, t, "Intro\n\nrow 1\n", NULL, SB_MW_ANY, &r),
			 SB_OK);
	sb_mw_edit_result_dispose(&r);
	it_proxy_start(&proxy);
	bot = it_login_as("BOT", proxy.api, NULL, 0);
	read_seen(bot, t, &base);
	/* The bot's edit is held long enough for the person to log in,
	 * read and save even on a loaded machine. */
	it_proxy_faults(&proxy, "{\"match\":\"action=edit\",\"fault\":\"stall\","
			"\"seconds\":8}");
	child = fork();
	if (child == 0) {
		sb_mw *person = it_login_as("EDITOR", NULL, "user", 0);
		seen p;

		usleep(300000);
		read_seen(person, t, &p);
		_exit(save(person, t, "Intro by a person\n\nrow 1\n", &p,
			   SB_MW_NOCREATE, &r) == SB_OK ? 0 : 1);
	}
	err = save(bot, t, bot_text, &base, SB_MW_NOCREATE, &r);
	*merged = err == SB_OK && r.merged;
	sb_mw_edit_result_dispose(&r);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(WEXITSTATUS(status), 0);
	read_seen(f->bot, t, &now);
	*final = now.text;
	free(now.ts);
	seen_dispose(&base);
	sb_mw_free(bot);
	it_proxy_stop(&proxy);
	return err;
}

static void a_race_with_a_person_is_caught_by_the_wiki(void **state)
{
	char *text;
	bool merged;

	/* Both change the first line: a conflict, the person's text stays. */
	assert_int_equal(race(*state, run_title("Race"),
			      "Intro by the bot\n\nrow 1\n", &text, &merged),
			 SB_ECONFLICT);
	assert_string_equal(text, "Intro by a person\n\nrow 1");
	free(text);
	/* Different lines: MediaWiki merges; the person's text stays, and
	 * the bot is told its save was merged. */
	assert_int_equal(race(*state, run_title("Merge"),
			      "Intro\n\nrow 1\nrow 2\n", &text, &merged), SB_OK);
	assert_true(merged);
	assert_string_equal(text, "Intro by a person\n\nrow 1\nrow 2");
	free(text);
}

static void a_deleted_page_is_not_recreated(void **state)
{
	fx *f = *state;
	const char *t = run_title("Deleted");
	char list[] = "/tmp/sb-mwapi-delete-XXXXXX";
	int fd = mkstemp(list);
	char *args = sb_asprintf("-u Admin %s", list);
	sb_mw_edit_result r;
	seen s;

	assert_int_equal(save(f->bot, t, "doomed", NULL, SB_MW_ANY, &r), SB_OK);
	sb_mw_edit_result_dispose(&r);
	read_seen(f->bot, t, &s);
	assert_true(fd >= 0);
	assert_true(write(fd, t, strlen(t)) == (ssize_t)strlen(t));
	close(fd);
	assert_int_equal(wk_maint("deleteBatch.php", args), 0);
	unlink(list);
	assert_int_equal(save(f->bot, t, "back", &s, SB_MW_NOCREATE, &r),
			 SB_ENOTFOUND);
	assert_non_null(strstr(sb_error_message(), "deleted"));
	seen_dispose(&s);
	free(args);
}

static void accounts_without_rights_may_not_write(void **state)
{
	fx *f = *state;
	sb_mw *person = it_login_as("EDITOR", NULL, "bot", 0);
	sb_mw_edit_result r;
	unsigned long before = sb_mw_get_stats(person)->requests;

	(void)f;
	assert_true(sb_mw_has_right(person, "edit"));
	assert_false(sb_mw_has_right(person, "bot"));
	assert_int_equal(sb_mw_check_write_rights(person), SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "'bot' right"));
	assert_non_null(strstr(sb_error_message(), "Editor"));
	assert_int_equal(save(person, run_title("Refused"), "x", NULL, SB_MW_ANY,
			      &r), SB_EAUTH);
	/* Refused before asking the wiki anything. */
	assert_int_equal(sb_mw_get_stats(person)->requests, before);
	sb_mw_free(person);
}

static void edits_keep_their_distance(void **state)
{
	char *api = it_env("SB_WIKI_API");
	char *user = it_env("SB_BOT_USER");
	char *pw = it_secret("SB_BOT_PASSWORD_FILE");
	sb_mw_edit_result r;
	sb_mw_opts o;
	sb_mw *mw;
	double t0;

	(void)state;
	it_opts(&o, api);
	o.user = user;
	o.password = pw;
	o.edit_delay = 1.0;
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_login(mw), SB_OK);
	t0 = it_now();
	assert_int_equal(save(mw, run_title("Gap 1"), "a", NULL, SB_MW_ANY, &r), SB_OK);
	sb_mw_edit_result_dispose(&r);
	assert_int_equal(save(mw, run_title("Gap 2"), "b", NULL, SB_MW_ANY, &r), SB_OK);
	sb_mw_edit_result_dispose(&r);
	assert_true(it_now() - t0 >= 1.0);
	assert_int_equal(sb_mw_get_stats(mw)->edits, 2);
	sb_mw_free(mw);
	free(pw);
	free(user);
	free(api);
}

static void recent_changes_pick_up_after_the_last_seen(void **state)
{
	fx *f = *state;
	const char *t = run_title("Recent");
	sb_mw_change *c = NULL;
	sb_mw_edit_result r;
	size_t n = 0, i, k;
	char *ts;
	int64_t rcid, rev;

	assert_int_equal(save(f->bot, t, "new", NULL, SB_MW_ANY, &r), SB_OK);
	rev = r.new_rev_id;
	sb_mw_edit_result_dispose(&r);
	assert_int_equal(sb_mw_recentchanges(f->bot, NULL, 0, &c, &n), SB_OK);
	assert_true(n > 0);
	/* Oldest first; ours is there (other tests may have edited the
	 * shared wiki since, so not always the last). */
	for (i = 1; i < n; i++)
		assert_true(strcmp(c[i - 1].timestamp, c[i].timestamp) <= 0);
	for (k = 0; k < n && c[k].rev_id != rev; k++)
		;
	assert_true(k < n);
	assert_string_equal(c[k].title, t);
	assert_string_equal(c[k].type, "new");
	assert_string_equal(c[k].user, "SkillsBot");
	ts = sb_strdup(c[k].timestamp);
	rcid = c[k].rcid;
	sb_mw_changes_free(c, n);
	/* Only what came after the last seen, even within the same second.
	 * Other tests edit the shared wiki meanwhile, so there may be some:
	 * never ours again, never an older one. */
	assert_int_equal(sb_mw_recentchanges(f->bot, ts, rcid, &c, &n), SB_OK);
	for (i = 0; i < n; i++) {
		assert_true(c[i].rcid > rcid);
		assert_true(strcmp(c[i].timestamp, ts) >= 0);
		assert_false(c[i].rev_id == rev);
	}
	sb_mw_changes_free(c, n);
	free(ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_edit_and_refusals),
		cmocka_unit_test(a_persons_edit_between_read_and_write_wins),
		cmocka_unit_test(a_race_with_a_person_is_caught_by_the_wiki),
		cmocka_unit_test(a_deleted_page_is_not_recreated),
		cmocka_unit_test(accounts_without_rights_may_not_write),
		cmocka_unit_test(edits_keep_their_distance),
		cmocka_unit_test(recent_changes_pick_up_after_the_last_seen),
	};

	sb_log_init(SB_LOG_WARNING);
	return cmocka_run_group_tests(tests, setup, teardown);
}
