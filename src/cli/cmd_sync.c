/* cmd_sync.c - `skillsbot sync` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_sync_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot sync ...\n");
}

int cmd_sync(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: sync is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
