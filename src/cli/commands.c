/* commands.c - the subcommand table and exit-code mapping. */
#include "skillsbot/cli.h"

#include "skillsbot/error.h"

#include <stddef.h>
#include <string.h>
#include <sysexits.h>

const sb_command sb_commands[] = {
	{"extract", "read profile pages (wikitext files) and print their records as JSON lines",
	 cmd_extract, cmd_extract_help},
	{"match", "compute connections, clusters and clinics from extracted records",
	 cmd_match, cmd_match_help},
	{"generate", "write a seeded, realistic directory of profile pages (for tests and benchmarks)",
	 cmd_generate, cmd_generate_help},
	{"sync", "run one cycle against the wiki (or from an XML dump): read, match, write back",
	 cmd_sync, cmd_sync_help},
	{"run", "the daemon: a sync cycle every poll interval, until stopped",
	 cmd_run, cmd_run_help},
	{"check-config", "validate the configuration file and the on-wiki pages",
	 cmd_check_config, cmd_check_config_help},
	{NULL, NULL, NULL, NULL},
};

int sb_exit_code(int err)
{
	switch (err) {
	case SB_OK: return EX_OK;
	case SB_ENOTFOUND: return EX_NOINPUT;
	case SB_EINVALID: return EX_DATAERR;
	case SB_EIO: return EX_IOERR;
	case SB_ENETWORK: return EX_UNAVAILABLE;
	case SB_EAPI: return EX_UNAVAILABLE;
	case SB_ERATELIMIT: return EX_TEMPFAIL;
	case SB_EBUSY: return EX_TEMPFAIL;
	case SB_EDAMAGED: return EX_DATAERR;
	case SB_EAUTH: return EX_NOPERM;
	case SB_EDENIED: return EX_NOPERM;
	default: return EX_SOFTWARE;
	}
}

/* systemd's unit leaves 64, 65, 66, 77 and 78 alone
 * (RestartPreventExitStatus=): what no restart can mend must map there,
 * and only that. A state that is no database, corrupt or of a newer
 * schema (SB_EINVALID) stays so however often the daemon starts: 65. A
 * full disk, an I/O error or a read-only file (SB_EIO) may be mended
 * meanwhile: 74, restarted. */
int sb_exit_code_at(enum sb_step step, int err)
{
	if (err == SB_OK)
		return EX_OK;
	switch (step) {
	case SB_STEP_CONFIG:
		return err == SB_ENOTFOUND || err == SB_EIO ||
		       err == SB_EDENIED ? EX_NOINPUT : EX_CONFIG;
	case SB_STEP_CREDENTIALS:
		return EX_NOPERM;
	case SB_STEP_STATE:
		return err == SB_EBUSY ? EX_TEMPFAIL :
		       err == SB_EINVALID || err == SB_EDAMAGED ? EX_DATAERR
							 : EX_IOERR;
	case SB_STEP_LOGIN:
		return err == SB_EAUTH || err == SB_EDENIED ? EX_NOPERM :
		       err == SB_ERATELIMIT ? EX_TEMPFAIL : EX_UNAVAILABLE;
	case SB_STEP_CYCLE:
	default:
		return sb_exit_code(err);
	}
}

int sb_cli_parse_day(time_t *out, const char *s)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	if (!s) {
		time_t now = time(NULL);

		*out = now - now % 86400;
		return SB_OK;
	}
	end = strptime(s, "%Y-%m-%d", &tm);
	if (!end || *end)
		return sb_error_set(SB_EINVALID,
				    "--now: expected YYYY-MM-DD, got \"%s\"", s);
	*out = timegm(&tm);
	return SB_OK;
}
