/* test_cli_docs.c - what the --help texts and the man page promise the
 * operator, held against what the program does. */
#include "testutil.h"

#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(top_help_lists_every_exit_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
