/* cmd_sync_offline.c - `skillsbot sync --from-dump` (being written). */
#include "skillsbot/cli.h"

#include <sysexits.h>

int cmd_sync_offline(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "skillsbot: sync --from-dump is not available in this build yet\n");
	return EX_UNAVAILABLE;
}
