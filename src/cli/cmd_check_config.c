/* cmd_check_config.c - `skillsbot check-config` (being written; see its issue). */
#include "skillsbot/cli.h"

#include <sysexits.h>

void cmd_check_config_help(FILE *out)
{
	fprintf(out, "Usage: skillsbot check-config ...\n");
}

int cmd_check_config(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: check-config is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
