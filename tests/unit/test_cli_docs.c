/* test_cli_docs.c - what the --help texts and the man page promise the
 * operator, held against what the program does. */
#include "testutil.h"

#include "skillsbot/config.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* `skillsbot ARGS`, its standard output and error into *out. */
static int skillsbot(char **out, const char *args)
{
	char *cmd = sb_asprintf("%s/skillsbot %s 2>&1", getenv("SB_BINDIR"),
				args);
	int status = tu_run(out, cmd);

	free(cmd);
	return status;
}

/* The text of the man page's section `name` (a new string). */
static char *man_section(const char *name)
{
	char *man = tu_read_src("docs/skillsbot.1", NULL);
	char *head = sb_asprintf(".SH %s\n", name);
	char *start = strstr(man, head), *end, *text;

	assert_non_null(start);
	start += strlen(head);
	end = strstr(start, "\n.SH ");
	text = sb_strndup(start, end ? (size_t)(end - start) : strlen(start));
	free(head);
	free(man);
	return text;
}

/* Every exit status the man page lists is in `skillsbot --help` too. */
static void top_help_lists_every_exit_status(void **state)
{
	char *codes = man_section("EXIT STATUS"), *out, *p, *want;
	int n = 0;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	assert_int_equal(skillsbot(&out, "--help"), 0);
	for (p = out; (p = strchr(p, '\n')) != NULL; p++)
		*p = ' ';
	for (p = codes; (p = strstr(p, "\n.B ")) != NULL; p++) {
		want = sb_asprintf(" %d ", atoi(p + 4));
		if (strstr(out, want) == NULL)
			fail_msg("skillsbot --help lacks exit status%s", want);
		free(want);
		n++;
	}
	assert_true(n >= 9);
	free(out);
	free(codes);
}

/* run --help said "69 wiki unavailable at start", but the daemon keeps
 * running and retries a wiki it cannot reach (docs/daemon.md): after 3 s
 * `timeout` still had to stop it. */
static void run_help_says_an_unreachable_wiki_is_retried(void **state)
{
	char *dir = tu_mkdtemp();
	char *pw = sb_asprintf("%s/password", dir);
	FILE *f = fopen(pw, "w");
	char *cmd, *out;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	assert_non_null(f);
	fputs("secret\n", f);
	fclose(f);
	assert_int_equal(chmod(pw, 0600), 0);
	cmd = sb_asprintf("env -u NOTIFY_SOCKET timeout 3 %s/skillsbot run "
			  "--config /dev/null --set wiki.api=http://127.0.0.1:9/w/api.php "
			  "--set wiki.contact=me --set wiki.user=Bot@x "
			  "--set wiki.password_file=%s --set bot.state=%s/state.db "
			  ">/dev/null 2>&1", getenv("SB_BINDIR"), pw, dir);
	assert_int_equal(tu_run(&out, cmd), 124);   /* timeout stopped it */
	free(out);
	assert_int_equal(skillsbot(&out, "run --help"), 0);
	assert_null(strstr(out, "69 wiki unavailable at start"));
	assert_non_null(strstr(out, "retries"));
	free(out);
	free(cmd);
	free(pw);
	tu_rmtree(dir);
	free(dir);
}

/* The man page said lines are limited to 200 bytes; the file reader
 * refuses a longer one and says its limit (198 as Debian builds inih). */
static void man_page_states_the_line_limit(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/long.conf", dir);
	char *conf = man_section("CONFIGURATION");
	char *guide = tu_read_src("docs/configuration.md", NULL);
	FILE *f = fopen(path, "w");
	const char *limit;
	char *want;
	sb_config c;

	(void)state;
	assert_non_null(f);
	fprintf(f, "[wiki]\ncontact = %0300d\n", 0);
	fclose(f);
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, path), SB_EINVALID);
	limit = strstr(sb_error_message(), "longer than ");
	assert_non_null(limit);
	want = sb_asprintf("%d bytes", atoi(limit + strlen("longer than ")));
	if (strstr(conf, want) == NULL)
		fail_msg("the man page's CONFIGURATION lacks \"%s\"", want);
	assert_non_null(strstr(guide, want));
	sb_config_dispose(&c);
	free(want);
	free(guide);
	free(conf);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

/* The man page said a password file of a mode other than 0600 or 0400
 * is refused; the rule is no permission for group or others, so 0700
 * passes. */
static void man_page_states_the_password_file_rule(void **state)
{
	char *dir = tu_mkdtemp();
	char *pw = sb_asprintf("%s/password", dir);
	char *set = sb_asprintf("wiki.password_file=%s", pw);
	char *conf = man_section("CONFIGURATION");
	char *para = strstr(conf, ".B [wiki] password_file\n");
	FILE *f = fopen(pw, "w");
	sb_config c;

	(void)state;
	assert_non_null(f);
	fputs("secret\n", f);
	fclose(f);
	unsetenv("CREDENTIALS_DIRECTORY");
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.user=Bot@x");
	sb_config_set(&c, set);
	assert_int_equal(chmod(pw, 0700), 0);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_int_equal(chmod(pw, 0640), 0);
	assert_int_equal(sb_config_load_secrets(&c), SB_EDENIED);
	assert_non_null(para);
	*strstr(para + 1, "\n.TP") = '\0';
	assert_null(strstr(para, "other than 0600 or 0400"));
	assert_non_null(strstr(para, "0700"));
	sb_config_dispose(&c);
	free(conf);
	free(set);
	free(pw);
	tu_rmtree(dir);
	free(dir);
}

/* For sync --from-dump, extract and match, --config is the organisers'
 * JSON configuration (their --help says so); the man page called it the
 * operator's INI file everywhere. */
static void man_page_says_what_config_is_per_command(void **state)
{
	char *syn = man_section("SYNOPSIS");
	char *opts = man_section("OPTIONS");
	char *dump = strstr(syn, ".B skillsbot sync \\-\\-from\\-dump");
	char *config = strstr(opts, "\\-\\-config");
	char *out;

	(void)state;
	assert_non_null(dump);
	*strstr(dump, "\n.br") = '\0';
	assert_null(strstr(dump, "\\-\\-config\n.IR file"));
	assert_non_null(config);
	*strstr(config, "\n.TP") = '\0';
	assert_non_null(strstr(config, "INI"));
	assert_non_null(strstr(config, "JSON"));
	assert_non_null(strstr(config, "extract"));
	assert_non_null(strstr(config, "match"));
	if (getenv("SB_BINDIR")) {
		assert_int_equal(skillsbot(&out, "extract --help"), 0);
		assert_non_null(strstr(out, "--config FILE    the organisers' "
				       "configuration (JSON)"));
		free(out);
	}
	free(opts);
	free(syn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(top_help_lists_every_exit_status),
		cmocka_unit_test(run_help_says_an_unreachable_wiki_is_retried),
		cmocka_unit_test(man_page_states_the_line_limit),
		cmocka_unit_test(man_page_states_the_password_file_rule),
		cmocka_unit_test(man_page_says_what_config_is_per_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
