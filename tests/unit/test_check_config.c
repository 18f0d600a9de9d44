/* test_check_config.c - `skillsbot check-config --offline` as an operator
 * runs it by hand: its ok/note/FAIL lines and its exit status. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* check-config --offline ARGS, as a shell outside systemd would run it;
 * its output into *out, its exit status back. */
static int check_config(char **out, const char *args)
{
	char *cmd = sb_asprintf("env -u CREDENTIALS_DIRECTORY -u STATE_DIRECTORY "
				"%s/skillsbot check-config --offline %s 2>&1",
				getenv("SB_BINDIR"), args);
	int status = tu_run(out, cmd);

	free(cmd);
	return status;
}

/* The documented setup under systemd: no password_file in the file, the
 * password a LoadCredential=. By hand there is no credential; that is
 * worth a note, not a failure. */
static void no_credentials_is_a_note(void **state)
{
	char *dir = tu_mkdtemp();
	char *conf = tu_write_file(dir, "skillsbot.conf",
		"[wiki]\ncontact = me@example.org\nuser = Bot@x\n", 0644);
	char *args = sb_asprintf("--config %s --set bot.state=%s/state.db",
				 conf, dir);
	char *out;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	assert_int_equal(check_config(&out, args), 0);
	assert_non_null(strstr(out, "\nnote  credentials: none"));
	assert_non_null(strstr(out, "LoadCredential"));
	assert_null(strstr(out, "FAIL"));
	free(out);
	free(args);
	free(conf);
	tu_rmtree(dir);
	free(dir);
}

/* check-config's dry run reads a copy of the state, so a state that
 * `run` cannot open (run --once: "unable to open database file", 74)
 * passed. The path is checked as the daemon would use it, without
 * creating or changing anything. */
static void a_state_run_cannot_open_fails(void **state)
{
	char *dir = tu_mkdtemp();
	char *conf = tu_write_file(dir, "skillsbot.conf",
		"[wiki]\ncontact = me@example.org\n", 0644);
	char *db = tu_write_file(dir, "old.db", "", 0644);
	char *args, *out, *want;
	struct stat before, after;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	/* No such directory. */
	args = sb_asprintf("--config %s --set bot.state=%s/nodir/state.db",
			   conf, dir);
	assert_int_equal(check_config(&out, args), 74);
	want = sb_asprintf("\nFAIL  state %s/nodir/state.db: ", dir);
	assert_non_null(strstr(out, want));
	free(want); free(out); free(args);
	/* A directory where the file should be. */
	args = sb_asprintf("--config %s --set bot.state=%s", conf, dir);
	assert_int_equal(check_config(&out, args), 74);
	assert_non_null(strstr(out, "\nFAIL  state "));
	free(out); free(args);
	/* Under a file, not a directory. */
	args = sb_asprintf("--config %s --set bot.state=%s/state.db", conf, conf);
	assert_int_equal(check_config(&out, args), 74);
	assert_non_null(strstr(out, "\nFAIL  state "));
	free(out); free(args);
	/* A new file in a writable directory: fine, and not created. */
	args = sb_asprintf("--config %s --set bot.state=%s/new.db", conf, dir);
	assert_int_equal(check_config(&out, args), 0);
	assert_non_null(strstr(out, "\nok    state "));
	want = sb_asprintf("%s/new.db", dir);
	assert_int_equal(access(want, F_OK), -1);
	free(want); free(out); free(args);
	/* An existing one: fine, and unchanged. */
	assert_int_equal(stat(db, &before), 0);
	args = sb_asprintf("--config %s --set bot.state=%s", conf, db);
	assert_int_equal(check_config(&out, args), 0);
	assert_non_null(strstr(out, "\nok    state "));
	assert_int_equal(stat(db, &after), 0);
	assert_int_equal(after.st_size, 0);
	assert_true(after.st_mtime == before.st_mtime);
	free(out); free(args);
	/* Read-only for its user (root may write anyway). */
	if (geteuid() != 0) {
		assert_int_equal(chmod(db, 0400), 0);
		args = sb_asprintf("--config %s --set bot.state=%s", conf, db);
		assert_int_equal(check_config(&out, args), 74);
		assert_non_null(strstr(out, "\nFAIL  state "));
		free(out); free(args);
	}
	free(db);
	free(conf);
	tu_rmtree(dir);
	free(dir);
}

/* Whether a file `name` is beside `path` (SQLite's -wal, -shm). */
static bool beside(const char *path, const char *suffix)
{
	char *p = sb_asprintf("%s%s", path, suffix);
	bool there = access(p, F_OK) == 0;

	free(p);
	return there;
}

/* The offline state check only asked stat(2) and access(2): a file
 * that is no state database passed ("readable and writable", 0) and
 * `run` then exited 74. It is opened read-only and checked as `run`
 * checks it (a database, of a schema this build knows), changing
 * nothing, not even SQLite's -wal and -shm beside it. Neither fault
 * heals by itself: 65, which the unit does not restart, as `run`. */
static void a_state_that_is_no_database_fails(void **state)
{
	char *dir = tu_mkdtemp();
	char *conf = tu_write_file(dir, "skillsbot.conf",
		"[wiki]\ncontact = me@example.org\n", 0644);
	char *bad = tu_write_file(dir, "corrupt.db",
				  "garbage-garbage-garbage\n", 0644);
	char *good = tu_state_of_version(dir, "good.db", SB_STORE_VERSION);
	char *newer = tu_state_of_version(dir, "newer.db", SB_STORE_VERSION + 1);
	char *args, *out, *want;
	struct stat before, after;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	assert_int_equal(stat(bad, &before), 0);
	args = sb_asprintf("--config %s --set bot.state=%s", conf, bad);
	assert_int_equal(check_config(&out, args), 65);
	want = sb_asprintf("\nFAIL  state: %s: opening: not a valid state "
			   "database", bad);
	if (strstr(out, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, out);
	assert_int_equal(stat(bad, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_true(after.st_mtime == before.st_mtime);
	assert_false(beside(bad, "-wal") || beside(bad, "-shm"));
	free(want); free(out); free(args);

	args = sb_asprintf("--config %s --set bot.state=%s", conf, newer);
	assert_int_equal(check_config(&out, args), 65);
	want = sb_asprintf("\nFAIL  state: %s: schema version %d is newer",
			   newer, SB_STORE_VERSION + 1);
	if (strstr(out, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, out);
	free(want); free(out); free(args);

	assert_int_equal(stat(good, &before), 0);
	args = sb_asprintf("--config %s --set bot.state=%s", conf, good);
	assert_int_equal(check_config(&out, args), 0);
	want = sb_asprintf("\nok    state %s: readable and writable", good);
	if (strstr(out, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, out);
	assert_int_equal(stat(good, &after), 0);
	assert_true(after.st_mtime == before.st_mtime);
	assert_false(beside(good, "-wal") || beside(good, "-shm"));
	free(want); free(out); free(args);
	free(bad); free(good); free(newer);
	free(conf);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_credentials_is_a_note),
		cmocka_unit_test(a_state_run_cannot_open_fails),
		cmocka_unit_test(a_state_that_is_no_database_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
