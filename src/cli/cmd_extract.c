/* cmd_extract.c - `skillsbot extract` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_extract_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot extract ...\n");
}

int cmd_extract(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: extract is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
