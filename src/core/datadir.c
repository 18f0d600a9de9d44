/* datadir.c - locating the data folder; see datadir.h. */
#include "skillsbot/datadir.h"

#include "skillsbot/mem.h"
#include "skillsbot/version.h"

#include <stdlib.h>
#include <sys/stat.h>

static int is_dir(const char *p)
{
	struct stat st;

	return p && p[0] && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *sb_datadir(void)
{
	const char *env = getenv("SB_DATADIR");

	if (env && env[0])
		return env;
	if (is_dir(SKILLSBOT_SRC_DATADIR))
		return SKILLSBOT_SRC_DATADIR;
	return SKILLSBOT_DATADIR;
}

char *sb_datadir_path(const char *rel)
{
	return sb_asprintf("%s/%s", sb_datadir(), rel);
}
