/* cmd_run.c - `skillsbot run` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_run_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot run ...\n");
}

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: run is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
