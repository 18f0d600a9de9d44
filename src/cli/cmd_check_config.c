/*
 * cmd_check_config.c - `skillsbot check-config`: is everything a run
 * needs in order, and what would the next cycle do?
 *
 *   skillsbot check-config [--config FILE] [--set S.K=V]... [--offline]
 *                          [--diff]
 *
 * Checks, in order, each printed as one line: the operator's file, the
 * credentials (with their file modes), the state file (can `run` open or
 * create it; is an existing one a state database), the login and rights, the
 * organisers' configuration page and the taxonomy page; then runs the
 * next cycle as a dry run on an in-memory copy of the state and prints its
 * summary (and with --diff the diffs). Nothing is edited, nothing stored.
 */
#include "skillsbot/cli.h"

#include "skillsbot/config.h"
#include "skillsbot/daemon.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/i18n.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"
#include "skillsbot/taxonomy.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

void cmd_check_config_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot check-config [--config FILE] [--set SECTION.KEY=VALUE]...\n"
		"                              [--offline] [--diff]\n"
		"\n"
		"Validate the operator's configuration file (unknown keys are errors naming\n"
		"the file and line), the credentials (a password file that group or others\n"
		"may read is refused), that the state file can be written or created (as\n"
		"the user running check-config; nothing is created) and that an existing\n"
		"one is a state `run` accepts (read-only; nothing is changed), the login\n"
		"and the account's rights, the organisers' configuration page and the\n"
		"taxonomy page on the wiki; then print what the next cycle would do: a\n"
		"dry run on a copy of the state, editing nothing.\n"
		"Each check prints one line: ok, FAIL, or note for what does not fail the\n"
		"check, such as no credentials by hand when systemd passes them to the\n"
		"service (LoadCredential=), or a listed language with no message file\n"
		"(its pages are shown in English).\n"
		"\n"
		"  -c, --config FILE  the operator's file (default %s)\n"
		"  -s, --set S.K=V    override one setting of that file (repeatable)\n"
		"  --offline          check the file, the credentials and the state only\n"
		"  --diff             print the diff of every page the next cycle would edit\n"
		"\n"
		"Exit codes (as `run`'s): 0 all good, 64 usage, 65 an on-wiki page is\n"
		"invalid or the state is not a database, corrupt or of a newer\n"
		"schema, 66 configuration file missing or unreadable, 69 wiki\n"
		"unavailable, 74 state not writable (disk full, i/o error,\n"
		"read-only), 75 try again later, 77 credentials missing,\n"
		"unreadable, readable by others or refused, 78 bad configuration.\n",
		SB_CONFIG_DEFAULT_PATH);
}

struct check {
	sb_config conf;
	sb_session sess;
	int rc;           /* the first failure's exit code */
	bool offline, diff;
};

static void check_line(struct check *c, bool ok, int exit_code,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void check_line(struct check *c, bool ok, int exit_code,
		       const char *fmt, ...)
{
	va_list ap;

	printf("%-5s ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok && c->rc == EX_OK)
		c->rc = exit_code;
}

/* Something a run would need that is not here, but that is not a fault
 * of what is checked (systemd passes the credentials to the service
 * only): said, and the exit status stays. */
static void note_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note_line(const char *fmt, ...)
{
	va_list ap;

	printf("%-5s ", "note");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* One page's text; NULL (and SB_OK) when it does not exist. */
static int fetch_page(sb_mw *mw, const char *title, char **text_out,
		      int64_t *rev_out)
{
	sb_mw_page *pages = NULL;
	size_t n = 0;
	int err;

	*text_out = NULL;
	*rev_out = 0;
	if ((err = sb_mw_get_pages(mw, &title, 1, &pages, &n)) < 0)
		return err;
	if (n == 1 && !pages[0].missing && pages[0].content != NULL) {
		*text_out = sb_strdup(pages[0].content);
		*rev_out = pages[0].rev_id;
	}
	sb_mw_pages_free(pages, n);
	return SB_OK;
}

static void check_taxonomy(struct check *c, const char *title)
{
	sb_taxonomy *tax = NULL;
	char *text = NULL;
	int64_t rev;
	int err;

	if ((err = fetch_page(c->sess.mw, title, &text, &rev)) < 0) {
		check_line(c, false, sb_exit_code(err), "taxonomy page: %s",
			   sb_error_message());
		return;
	}
	if (text == NULL) {
		check_line(c, true, EX_OK,
			   "taxonomy page \"%s\" does not exist: the built-in taxonomy applies",
			   title);
		return;
	}
	err = sb_taxonomy_parse(&tax, text, strlen(text), title);
	if (err < 0)
		check_line(c, false, EX_DATAERR,
			   "taxonomy page: revision %lld is invalid (the last good one stays in force): %s",
			   (long long)rev, sb_error_message());
	else
		check_line(c, true, EX_OK, "taxonomy page \"%s\": revision %lld is valid",
			   title, (long long)rev);
	sb_taxonomy_free(tax);
	free(text);
}

/* A listed language without messages is no fault of the page (its
 * pages are the English ones, marked English, or for a variant its
 * parent language's), but organisers should know that nobody reads it
 * in that language yet. */
static void check_languages(struct check *c, const sb_siteconf *site)
{
	char *dir = sb_asprintf("%s/i18n", c->conf.datadir);
	sb_i18n *msgs = NULL;
	int err = sb_i18n_load(&msgs, dir,
			       (const char *const *)site->languages.v,
			       site->languages.n);

	if (err < 0)
		check_line(c, false, EX_CONFIG, "messages: %s",
			   sb_error_message());
	for (size_t i = 0; err == SB_OK && i < site->languages.n; i++) {
		const char *code = site->languages.v[i];
		const char *shown = sb_i18n_shown_lang(msgs, code);

		if (strcmp(shown, code) == 0 || strcmp(code, "en") == 0)
			continue;
		/* A variant reads its parent language (pt-br: pt). */
		if (strcmp(shown, "en") != 0)
			note_line("languages: \"%s\" has no message file "
				  "(%s.json): its pages are shown in \"%s\" "
				  "(%s.json), marked lang=\"%s\"; add "
				  "%s/%s.json to translate them", code, code,
				  shown, shown, shown, dir, code);
		else
			note_line("languages: \"%s\" has no message file "
				  "(%s.json): its pages are shown in English, "
				  "marked lang=\"en\"; add %s/%s.json to "
				  "translate them", code, code, dir, code);
	}
	sb_i18n_free(msgs);
	free(dir);
}

static void check_pages(struct check *c)
{
	sb_siteconf site;
	char *text = NULL;
	int64_t rev;
	int err;

	if ((err = fetch_page(c->sess.mw, c->conf.config_page, &text, &rev)) < 0) {
		check_line(c, false, sb_exit_code(err), "configuration page: %s",
			   sb_error_message());
		return;
	}
	if (text == NULL) {
		check_line(c, true, EX_OK,
			   "configuration page \"%s\" does not exist: the defaults apply",
			   c->conf.config_page);
		sb_siteconf_defaults(&site);
	} else if (sb_siteconf_parse(&site, text, strlen(text),
				     c->conf.config_page) < 0) {
		check_line(c, false, EX_DATAERR,
			   "configuration page: revision %lld is invalid (the last good one stays in force): %s",
			   (long long)rev, sb_error_message());
		free(text);
		return;
	} else {
		check_line(c, true, EX_OK,
			   "configuration page \"%s\": revision %lld is valid; %s",
			   c->conf.config_page, (long long)rev,
			   site.enabled ? "edits enabled" :
			   "\"enabled\": false: no page will be edited");
	}
	free(text);
	check_languages(c, &site);
	check_taxonomy(c, site.taxonomy_page);
	sb_siteconf_dispose(&site);
}

static bool full_due(struct check *c, char *why, size_t n)
{
	char *ts = NULL, *last = NULL;
	int64_t rcid = 0;
	bool full;
	time_t t;

	if (sb_store_cursor_get(c->sess.store, &ts, &rcid) < 0) {
		snprintf(why, n, "no recent-changes cursor in %s", c->conf.state);
		full = true;
	} else if (sb_store_kv_get(c->sess.store, "daemon.last_full_sync", &last) < 0) {
		snprintf(why, n, "no full sync recorded by the daemon");
		full = true;
	} else {
		t = (time_t)strtoll(last, NULL, 10);
		full = time(NULL) - t >= c->conf.full_sync_interval;
		snprintf(why, n, "last full sync %lld s ago; recent changes since %s",
			 (long long)(time(NULL) - t), ts);
	}
	free(ts);
	free(last);
	sb_error_clear();
	return full;
}

static void dry_run(struct check *c)
{
	sb_sync_opts so;
	sb_sync_report rep;
	char why[256];
	FILE *sink = NULL;
	int err;

	memset(&so, 0, sizeof(so));
	memset(&rep, 0, sizeof(rep));
	so.full = full_due(c, why, sizeof(why));
	so.dry_run = true;
	if (!c->diff)
		sink = fopen("/dev/null", "we");
	so.diff_out = c->diff ? stdout : sink;
	printf("next cycle: %s sync (%s)\n", so.full ? "full" : "incremental", why);
	fflush(stdout);
	err = sb_sync_cycle(c->sess.sync, &so, &rep);
	if (err < 0) {
		check_line(c, false, sb_exit_code(err), "dry run: %s",
			   sb_error_message());
	} else {
		for (size_t i = 0; i < rep.messages.n; i++)
			printf("      %s\n", rep.messages.v[i]);
		check_line(c, true, EX_OK,
			   "dry run: %zu pages read, %zu records (%zu problems); "
			   "%zu pages would be edited, %zu unchanged, %zu skipped; "
			   "%lu requests",
			   rep.pages_read, rep.records, rep.problems, rep.edits,
			   rep.unchanged, rep.skipped, rep.requests);
	}
	if (sink != NULL)
		fclose(sink);
	sb_sync_report_dispose(&rep);
}

static void check_wiki(struct check *c)
{
	int err;

	if ((err = sb_session_open(&c->sess, &c->conf, true)) < 0) {
		check_line(c, false, sb_exit_code_at(SB_STEP_STATE, err), "%s",
			   sb_error_message());
		return;
	}
	if ((err = sb_session_login(&c->sess, &c->conf)) < 0) {
		check_line(c, false, sb_exit_code_at(SB_STEP_LOGIN, err),
			   "wiki %s: %s", c->conf.api, sb_error_message());
		return;
	}
	if (c->sess.can_write)
		check_line(c, true, EX_OK, "wiki %s: logged in as %s, may edit%s",
			   c->conf.api, sb_mw_username(c->sess.mw),
			   strcmp(c->conf.assert_mode, "bot") == 0 ? " as a bot" : "");
	else
		note_line("wiki %s: reachable; read-only without credentials "
			  "(see the credentials note)", c->conf.api);
	check_pages(c);
	dry_run(c);
}

/* An existing state that may be read and written: is it one `run` would
 * open? A file that is no database passed the access checks, and `run`
 * then refused it. Read-only: the message names the file. */
static void check_state_database(struct check *c, const char *path)
{
	int version;
	int err = sb_store_check(path, &version);

	if (err < 0)
		check_line(c, false, sb_exit_code_at(SB_STEP_STATE, err),
			   "state: %s", sb_error_message());
	else if (version < SB_STORE_VERSION)
		check_line(c, true, EX_OK, "state %s: readable and writable; "
			   "schema %d, `run` upgrades it to %d", path, version,
			   SB_STORE_VERSION);
	else
		check_line(c, true, EX_OK, "state %s: readable and writable; "
			   "schema %d", path, version);
}

/* The dry run reads a copy of the state, so what `run` needs of the file
 * itself is checked here: to read and write it, or to create it, and to
 * create SQLite's -wal and -shm files beside it; an existing one is then
 * opened read-only to see that it is a state. As the user running
 * check-config: nothing is created or changed. */
static void check_state(struct check *c)
{
	const char *path = c->conf.state;
	char *dir = sb_path_dir(path);
	char *default_dir = sb_path_dir(SB_CONFIG_DEFAULT_STATE);
	struct stat st;
	int missing = stat(path, &st) == 0 ? 0 : errno;
	bool exists = missing == 0;
	int fail = SB_OK;

	if (exists && !S_ISREG(st.st_mode))
		fail = sb_error_set(SB_EIO, "not a regular file");
	else if (exists && access(path, R_OK | W_OK) < 0)
		fail = sb_error_set(SB_EIO, "%s", strerror(errno));
	else if (!exists && missing != ENOENT)
		fail = sb_error_set(SB_EIO, "%s", strerror(missing));
	else if (stat(dir, &st) < 0 && errno == ENOENT &&
		 strcmp(dir, default_dir) == 0) {
		note_line("state %s: %s does not exist yet: systemd makes it "
			  "(StateDirectory=skillsbot); `run` by hand would fail",
			  path, dir);
		goto done;
	} else if (access(dir, W_OK | X_OK) < 0)
		fail = sb_error_set(SB_EIO, "cannot create files in %s: %s",
				    dir, strerror(errno));
	if (fail < 0)
		check_line(c, false, sb_exit_code(fail),
			   "state %s: %s: `run` could not open it", path,
			   sb_error_message());
	else if (exists)
		check_state_database(c, path);
	else
		check_line(c, true, EX_OK, "state %s: can be created", path);
done:
	free(dir);
	free(default_dir);
}

static void check_secrets(struct check *c)
{
	int err = sb_config_load_secrets(&c->conf);

	if (err < 0)
		check_line(c, false, sb_exit_code_at(SB_STEP_CREDENTIALS, err),
			   "credentials: %s", sb_error_message());
	else if (c->conf.oauth2_token != NULL)
		check_line(c, true, EX_OK, "credentials: OAuth 2 token loaded");
	else if (c->conf.password != NULL)
		check_line(c, true, EX_OK, "credentials: bot password for %s loaded",
			   c->conf.user);
	else
		note_line("credentials: none here (reading works): `run` needs "
			  "them: LoadCredential=password:... under systemd, or "
			  "[wiki] password_file (or oauth2_token_file)");
}

int cmd_check_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"set", required_argument, NULL, 's'},
		{"offline", no_argument, NULL, 'O'},
		{"diff", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct check c;
	const char *path = NULL;
	const char **sets = NULL;
	size_t n_sets = 0;
	int o, err;

	memset(&c, 0, sizeof(c));
	optind = 1;
	while ((o = getopt_long(argc, argv, "c:s:h", opts, NULL)) != -1) {
		switch (o) {
		case 'c': path = optarg; break;
		case 's':
			sets = sb_reallocarray(sets, n_sets + 1, sizeof(*sets));
			sets[n_sets++] = optarg;
			break;
		case 'O': c.offline = true; break;
		case 'd': c.diff = true; break;
		case 'h': cmd_check_config_help(stdout); free(sets); return EX_OK;
		default:
			fprintf(stderr, "Try `skillsbot check-config --help'.\n");
			free(sets);
			return EX_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "skillsbot check-config: unexpected argument \"%s\"\n",
			argv[optind]);
		free(sets);
		return EX_USAGE;
	}
	err = sb_config_load_all(&c.conf, path, sets, n_sets);
	free(sets);
	sets = NULL;
	if (err < 0) {
		check_line(&c, false, sb_exit_code_at(SB_STEP_CONFIG, err),
			   "configuration: %s", sb_error_message());
		return c.rc;
	}
	sb_log_set_configured_level(sb_config_log_level(&c.conf));
	check_line(&c, true, EX_OK, "configuration %s%s, %zu --set: valid",
		   path ? path : SB_CONFIG_DEFAULT_PATH,
		   path == NULL && access(SB_CONFIG_DEFAULT_PATH, F_OK) != 0 ?
		   " (missing: defaults)" : "", n_sets);
	check_secrets(&c);
	check_state(&c);
	printf("\n");
	sb_config_print(&c.conf, stdout);
	printf("\n");
	if (!c.offline)
		check_wiki(&c);
	sb_session_close(&c.sess);
	sb_config_dispose(&c.conf);
	return c.rc;
}
