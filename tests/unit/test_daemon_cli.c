/* test_daemon_cli.c - `skillsbot run`, `sync` and `check-config` as an
 * operator runs them: the built program (SB_BINDIR) in a shell, its
 * output and exit status. No wiki is needed: the API URL names a local
 * port that refuses every connection, so whatever is tested happens
 * before or during the first login. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

struct env {
	char *dir;
	int refusing_fd;   /* bound, never listening: its port refuses */
};

/* A port on 127.0.0.1 that nothing listens on, for as long as `fd` is
 * open (bound without listen(): connecting is refused at once). */
static int refusing_port(int *fd_out)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*fd_out = fd;
	return ntohs(sa.sin_port);
}

/* $B the program, $D the test's directory (others may look in, for the
 * tests that run as another user), $W the --set arguments of a complete
 * configuration: the refusing wiki, a password file $D/pw, the state
 * $D/state.db and poll_interval 1. */
static int setup(void **state)
{
	struct env *e = sb_calloc(1, sizeof(*e));
	char *b, *w;
	int port;

	*state = NULL;
	if (!getenv("SB_BINDIR")) {
		free(e);
		return 0;   /* the tests skip */
	}
	e->dir = tu_mkdtemp();
	assert_int_equal(chmod(e->dir, 0755), 0);
	port = refusing_port(&e->refusing_fd);
	free(tu_write_file(e->dir, "pw", "secret\n", 0600));
	b = sb_asprintf("%s/skillsbot", getenv("SB_BINDIR"));
	w = sb_asprintf("--set wiki.api=http://127.0.0.1:%d/api.php "
			"--set wiki.contact=test@example.org "
			"--set wiki.user=Bot@test --set wiki.password_file=%s/pw "
			"--set bot.state=%s/state.db --set bot.poll_interval=1",
			port, e->dir, e->dir);
	setenv("B", b, 1);
	setenv("D", e->dir, 1);
	setenv("W", w, 1);
	free(b);
	free(w);
	unsetenv("NOTIFY_SOCKET");
	unsetenv("JOURNAL_STREAM");
	unsetenv("CREDENTIALS_DIRECTORY");
	unsetenv("STATE_DIRECTORY");
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	if (e == NULL)
		return 0;
	close(e->refusing_fd);
	tu_rmtree(e->dir);
	free(e->dir);
	free(e);
	return 0;
}

/* The script's standard output and error into *out; its status back. */
static int sh(char **out, const char *script)
{
	char *cmd = sb_asprintf("exec 2>&1\n%s", script);
	int rc = tu_run(out, cmd);

	free(cmd);
	return rc;
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The wiki does not answer, so the first login retries for a minute or
 * more: SIGTERM then must still stop the daemon as it would between
 * cycles, with exit 0 and the last line. */
static void sigterm_during_the_first_login_stops_cleanly(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"$B run --config /dev/null $W & p=$!\n"
		"sleep 1.5; kill -TERM $p; wait $p; echo rc=$?\n"), 0);
	assert_non_null(strstr(out, "rc=0\n"));
	assert_non_null(strstr(out, "info: stopped after 0 cycles"));
	assert_null(strstr(out, "will retry"));
	free(out);
}

/* SIGHUP during the first login is noted for the loop, not fatal. */
static void sighup_during_the_first_login_is_not_fatal(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"$B run --config /dev/null $W & p=$!\n"
		"sleep 1.5; kill -HUP $p; sleep 1\n"
		"kill -0 $p && echo alive\n"
		"kill -TERM $p; wait $p; echo rc=$?\n"), 0);
	assert_non_null(strstr(out, "alive\n"));
	assert_non_null(strstr(out, "rc=0\n"));
	assert_int_equal(count(out, "info: stopped after"), 1);
	free(out);
}

/* Who the service would run as: another user than the owner of the
 * test's files (root's files are readable by root whatever their mode). */
static const char *as_service_user(void)
{
	if (geteuid() != 0)
		return "";
	if (access("/usr/bin/setpriv", X_OK) != 0)
		return NULL;
	return "setpriv --reuid 65534 --regid 65534 --clear-groups ";
}

struct fault {
	const char *what;
	const char *prepare;   /* shell lines run first */
	const char *args;      /* after $W (a later --set wins) */
	bool as_service;       /* run as another user than the files' owner */
	bool online;           /* check-config gets past --offline's checks */
	int code;              /* the exit status of every command */
	const char *says;      /* in each command's message (NULL: not checked) */
};

/* One fault, one exit status, whichever command meets it (check-config,
 * run, sync): the table in
 * skillsbot(1) and docs/daemon.md. None of these reach the wiki. A state
 * that cannot be used as it is (not a database, a newer schema) exited
 * 74, as a full disk does, and systemd restarted the daemon every 30 s
 * for ever: it is 65, which the unit leaves stopped. $D/newer.db is a
 * state of the schema after this build's, $D/damaged.db one damaged
 * inside (its header intact): check-config found that, but run and sync
 * opened it and went on to the wiki (69 here), to fail in the cycle
 * whose query met the damage. */
static const struct fault faults[] = {
	{"password file missing", "",
	 "--set wiki.password_file=$D/nope", false, false, 77, NULL},
	{"password file readable by others", "chmod 644 $D/pw", "",
	 false, false, 77, NULL},
	{"password file unreadable for the service", "chmod 000 $D/pw", "",
	 true, false, 77, NULL},
	{"configuration file missing", "", "--config $D/nope.conf",
	 false, false, 66, NULL},
	{"configuration file unreadable for the service",
	 "echo '[bot]' > $D/c.conf; chmod 000 $D/c.conf",
	 "--config $D/c.conf", true, false, 66, NULL},
	{"configuration invalid", "", "--set bot.poll_intervall=1",
	 false, false, 78, NULL},
	{"state not a database", "echo garbage > $D/state.db", "", false, true,
	 65, "/state.db: opening: not a valid state database"},
	{"state of a newer schema", "cp $D/newer.db $D/state.db", "", false,
	 false, 65, "/state.db: schema version "},
	{"state damaged inside", "cp $D/damaged.db $D/state.db", "", false,
	 false, 65, "/state.db: the state is damaged"},
};

/* Whether the output of one fault's script is what the table says. */
static bool fault_output_right(const struct fault *f, const char *out)
{
	char *want = sb_asprintf("check-config=%d\n", f->code);
	char *runs = sb_asprintf("run=%d\n", f->code);
	char *syncs = sb_asprintf("sync=%d\n", f->code);
	bool right = strstr(out, want) != NULL && strstr(out, runs) != NULL &&
		     strstr(out, syncs) != NULL &&
		     (f->says == NULL || count(out, f->says) == 3);

	free(want);
	free(runs);
	free(syncs);
	return right;
}

static void each_fault_has_one_exit_status(void **state)
{
	struct env *e = *state;
	const char *as = as_service_user();
	unsigned wrong = 0;

	if (e == NULL)
		skip();
	free(tu_state_of_version(e->dir, "newer.db", SB_STORE_VERSION + 1));
	free(tu_state_damaged(e->dir, "damaged.db"));
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		const struct fault *f = &faults[i];
		char *script, *out;

		if (f->as_service && as == NULL)
			continue;
		/* --config comes first: /dev/null unless the fault names one;
		 * of check-config's lines only the failures */
		script = sb_asprintf(
			"chmod 600 $D/pw; rm -f $D/state.db*\n%s\n"
			"%s$B check-config%s --config /dev/null $W %s >$D/cc.out\n"
			"echo check-config=$?; grep FAIL $D/cc.out\n"
			"%s$B run --once --config /dev/null $W %s\n"
			"echo run=$?\n"
			"%s$B sync --once --config /dev/null $W %s\n"
			"echo sync=$?\n",
			f->prepare, f->as_service ? as : "",
			f->online ? "" : " --offline", f->args,
			f->as_service ? as : "", f->args,
			f->as_service ? as : "", f->args);
		assert_int_equal(sh(&out, script), 0);
		if (!fault_output_right(f, out)) {
			print_error("%s: want %d from each%s%s, got:\n%s\n",
				    f->what, f->code, f->says ? " saying " : "",
				    f->says ? f->says : "", out);
			wrong++;
		}
		free(out);
		free(script);
	}
	assert_int_equal(wrong, 0);
}

/* Only check-config and sync --dry-run may run without credentials.
 * sync --once went to the wiki anyway, retried and exited 69 after more
 * than a minute; it is refused at once as run is: 78, the same words. */
static void sync_without_credentials_is_refused_as_run_is(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"W=$(echo \"$W\" | sed 's/--set wiki.password_file=[^ ]*//')\n"
		"timeout 10 $B run --once --config /dev/null $W; echo run=$?\n"
		"timeout 10 $B sync --once --config /dev/null $W; echo sync=$?\n"
		"timeout 2 $B sync --once --dry-run --config /dev/null $W "
		"2>&1 | "
		"grep -c 'needs credentials'; echo dry-run\n"), 0);
	assert_non_null(strstr(out, "run=78\n"));
	assert_non_null(strstr(out, "sync=78\n"));
	assert_int_equal(count(out, "edits the wiki and needs credentials"), 2);
	assert_non_null(strstr(out, "run edits the wiki"));
	assert_non_null(strstr(out, "sync edits the wiki"));
	/* the dry run reads without: refused for its unreachable wiki */
	assert_non_null(strstr(out, "\n0\ndry-run\n"));
	assert_null(strstr(out, "retry"));
	free(out);
}

/* A state that does not open says what was being done: opening it; and
 * exits 65, not restarted: the file stays what it is. */
static void a_corrupt_state_is_reported_as_such(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"echo garbage > $D/state.db\n"
		"$B run --once --config /dev/null $W; echo rc=$?\n"), 0);
	assert_non_null(strstr(out, "rc=65\n"));
	assert_non_null(strstr(out, "state.db: opening: not a valid state "
			       "database"));
	assert_null(strstr(out, "writing"));
	free(out);
}

/* A state the service may read but not write (a read-only file or
 * filesystem) is refused at start, not found out cycle after cycle. The
 * test keeps the state open meanwhile, so that its -wal and -shm files
 * are there, as after a crash: SQLite then opens it read-only without a
 * word, and only the first write would fail. */
static void a_state_that_cannot_be_written_is_refused_at_start(void **state)
{
	struct env *e = *state;
	const char *as = as_service_user();
	char *path, *script, *out;
	sb_store *st;

	if (e == NULL || as == NULL)
		skip();
	path = sb_asprintf("%s/state.db", e->dir);
	assert_int_equal(sb_store_open(&st, path), SB_OK);
	/* The service owns its password, not the state nor its directory. */
	assert_int_equal(sh(&out, geteuid() == 0 ? "chown 65534 $D/pw" :
			    "chmod 444 $D/state.db"), 0);
	free(out);
	script = sb_asprintf(
		"%stimeout 10 $B run --once --config /dev/null $W; echo run=$?\n"
		"%stimeout 10 $B sync --once --config /dev/null $W; echo sync=$?\n",
		as, as);
	assert_int_equal(sh(&out, script), 0);
	sb_store_close(st);
	assert_non_null(strstr(out, "run=74\n"));
	assert_non_null(strstr(out, "sync=74\n"));
	assert_non_null(strstr(out, "state.db: cannot be written"));
	free(out);
	free(script);
	free(path);
}

/* A write that fails (a full disk, an I/O error) may succeed later:
 * that stays 74, which systemd restarts, unlike the 65 of a state that
 * is no database. The shell's file-size limit stands for the full disk
 * (SIGXFSZ ignored, so a write past it fails with EFBIG); once it is
 * lifted, the state is one run accepts. */
static void a_state_that_cannot_be_written_now_is_restarted(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"(trap '' XFSZ; ulimit -f 8\n"
		" timeout 10 $B run --once --config /dev/null $W; echo run=$?\n"
		" timeout 10 $B sync --once --config /dev/null $W; echo sync=$?)\n"
		"$B check-config --offline --config /dev/null $W |\n"
		" sed -n 's/^ok    state .*/lifted: ok/p'\n"), 0);
	assert_non_null(strstr(out, "run=74\n"));
	assert_non_null(strstr(out, "sync=74\n"));
	assert_int_equal(count(out, "/state.db: "), 2);
	assert_non_null(strstr(out, "\nlifted: ok\n"));
	free(out);
}

/* One process at a time works with a state: a second daemon (or sync)
 * is refused at once, naming the state and the other's pid, with 75 so
 * that systemd tries again later; the lock dies with its holder, even
 * killed, so it is never left stale. */
static void a_second_process_on_the_same_state_is_refused(void **state)
{
	char *out, *pid_line;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"$B run --config /dev/null $W 2>/dev/null & p=$!; echo pid=$p\n"
		"sleep 1\n"
		"timeout 10 $B run --once --config /dev/null $W; echo run=$?\n"
		"timeout 10 $B sync --once --config /dev/null $W; echo sync=$?\n"
		"kill -KILL $p; wait $p\n"
		"$B run --config /dev/null $W & p=$!\n"
		"sleep 1.5; kill -TERM $p; wait $p; echo after-kill=$?\n"), 0);
	assert_non_null(strstr(out, "run=75\n"));
	assert_non_null(strstr(out, "sync=75\n"));
	pid_line = sb_asprintf("state.db is in use by another skillsbot (pid %ld)",
			       strtol(strstr(out, "pid=") + 4, NULL, 10));
	assert_int_equal(count(out, pid_line), 2);
	assert_non_null(strstr(out, "after-kill=0\n"));
	assert_null(strstr(out, "already exists"));
	free(pid_line);
	free(out);
}

/* The lock is the file's, not the name's: a symlink to the state, the
 * state named through a symlinked directory before it exists, or a
 * symlink to a state not created yet (the first start: the first
 * process creates the target), is the same state. Both processes used
 * to run, each with its own NAME.lock, on one database. */
static void a_state_named_through_a_symlink_is_the_same_state(void **state)
{
	char *out, *pid_line;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"mkdir $D/real; ln -s real $D/link\n"
		"$B run --config /dev/null $W --set bot.state=$D/real/new.db "
		"2>/dev/null & p=$!; echo pid=$p\n"
		"$B run --config /dev/null $W 2>/dev/null & q=$!\n"
		"ln -s first.db $D/dangling.db\n"
		"$B run --config /dev/null $W --set bot.state=$D/dangling.db "
		"2>/dev/null & r=$!\n"
		"ln -s state.db $D/alias.db\n"
		"sleep 1\n"
		"timeout 10 $B run --once --config /dev/null $W "
		"--set bot.state=$D/alias.db; echo alias=$?\n"
		"timeout 10 $B sync --once --config /dev/null $W "
		"--set bot.state=$D/link/new.db; echo link=$?\n"
		"timeout 10 $B run --once --config /dev/null $W "
		"--set bot.state=$D/first.db; echo dangling=$?\n"
		"kill -TERM $p $q $r; wait $p; wait $q; wait $r\n"), 0);
	assert_non_null(strstr(out, "alias=75\n"));
	assert_non_null(strstr(out, "link=75\n"));
	assert_non_null(strstr(out, "dangling=75\n"));
	pid_line = sb_asprintf("new.db is in use by another skillsbot (pid %ld)",
			       strtol(strstr(out, "pid=") + 4, NULL, 10));
	assert_non_null(strstr(out, pid_line));
	free(pid_line);
	free(out);
}

/* Two at once on a new state: one creates it, the other is refused
 * (it was: "migrating to schema 1: ...: table pages already exists"). */
static void two_at_once_on_a_new_state_one_runs(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sh(&out,
			"rm -f $D/state.db*\n"
			"$B run --once --config /dev/null $W & a=$!\n"
			"$B run --once --config /dev/null $W & b=$!\n"
			"sleep 2; kill -TERM $a $b 2>/dev/null\n"
			"wait $a; echo rc=$?; wait $b; echo rc=$?\n"), 0);
		if (count(out, "rc=0\n") + count(out, "rc=75\n") != 2)
			fail_msg("%s", out);
		assert_null(strstr(out, "already exists"));
		assert_int_equal(count(out, "rc=75\n"), 1);
		free(out);
	}
}

/* The operator's file's log_level holds for every command that reads
 * the file; --verbose and --quiet still win. Here the only lines are the
 * login's retries (notice) against the refusing wiki. */
static void every_command_honours_the_files_log_level(void **state)
{
	char *out;

	if (*state == NULL)
		skip();
	assert_int_equal(sh(&out,
		"timeout -s TERM 2 $B sync --once --dry-run --config /dev/null "
		"$W --set bot.log_level=error; echo sync\n"
		"timeout -s TERM 2 $B check-config --config /dev/null "
		"$W --set bot.log_level=error >/dev/null; echo check-config\n"
		"timeout -s TERM 2 $B run --config /dev/null "
		"$W --set bot.log_level=error; echo run\n"
		"timeout -s TERM 2 $B -v sync --once --dry-run --config /dev/null "
		"$W --set bot.log_level=error; echo verbose\n"), 0);
	assert_non_null(strstr(out, "sync\ncheck-config\nrun\n"));
	assert_non_null(strstr(strstr(out, "run\n"), "notice: retry 1 of"));
	free(out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(sigterm_during_the_first_login_stops_cleanly),
		T(sighup_during_the_first_login_is_not_fatal),
		T(each_fault_has_one_exit_status),
		T(sync_without_credentials_is_refused_as_run_is),
		T(a_corrupt_state_is_reported_as_such),
		T(a_state_that_cannot_be_written_is_refused_at_start),
		T(a_state_that_cannot_be_written_now_is_restarted),
		T(a_second_process_on_the_same_state_is_refused),
		T(a_state_named_through_a_symlink_is_the_same_state),
		T(two_at_once_on_a_new_state_one_runs),
		T(every_command_honours_the_files_log_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
