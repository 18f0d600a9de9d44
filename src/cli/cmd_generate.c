/* cmd_generate.c - `skillsbot generate` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_generate_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot generate ...\n");
}

int cmd_generate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: generate is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
