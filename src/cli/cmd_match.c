/* cmd_match.c - `skillsbot match` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_match_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot match ...\n");
}

int cmd_match(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: match is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
