/* test_check_config.c - `skillsbot check-config --offline` as an operator
 * runs it by hand: its ok/note/FAIL lines and its exit status. */
#include "testutil.h"

#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = sb_asprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

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
	char *conf = write_file(dir, "skillsbot.conf",
		"[wiki]\ncontact = me@example.org\nuser = Bot@x\n");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_credentials_is_a_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
