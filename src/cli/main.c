/* main.c - the skillsbot program: dispatch to a subcommand. */
#include "skillsbot/cli.h"
#include "skillsbot/log.h"
#include "skillsbot/version.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot [--verbose|--quiet] COMMAND [ARGS...]\n"
		"\n"
		"skillsbot keeps the Let's Connect Skills Directory of a MediaWiki wiki:\n"
		"it reads the profile pages, matches learners with sharers, and writes\n"
		"back generated tables, rosters and a dashboard.\n"
		"\n"
		"Commands:\n");
	for (const sb_command *c = sb_commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -h, --help     this text; `skillsbot COMMAND --help` for a command\n"
		"  --version      print the version\n"
		"  -v, --verbose  log debug messages\n"
		"  -q, --quiet    log only warnings and errors\n"
		"\n"
		"Exit codes follow sysexits.h: 0 done, 64 usage, 65 bad data, 66 no input,\n"
		"69 wiki unavailable, 74 i/o error, 75 try again later, 77 no permission,\n"
		"78 bad configuration (see skillsbot(1)).\n");
}

int main(int argc, char **argv)
{
	int level = SB_LOG_INFO;
	bool level_given = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EX_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("skillsbot %s\n", SKILLSBOT_VERSION);
			return EX_OK;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			level = SB_LOG_DEBUG;
			level_given = true;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			level = SB_LOG_WARNING;
			level_given = true;
		} else {
			fprintf(stderr, "skillsbot: unknown option %s\n", argv[i]);
			usage(stderr);
			return EX_USAGE;
		}
	}
	sb_log_init(level);
	if (level_given)
		sb_log_keep_level();  /* over the file's log_level */
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	for (const sb_command *c = sb_commands; c->name; c++) {
		if (strcmp(argv[i], c->name) == 0) {
			int rc;

			if (argc > i + 1 && (!strcmp(argv[i + 1], "--help") ||
					     !strcmp(argv[i + 1], "-h"))) {
				c->help(stdout);
				return EX_OK;
			}
			curl_global_init(CURL_GLOBAL_DEFAULT);
			rc = c->run(argc - i, argv + i);
			curl_global_cleanup();
			return rc;
		}
	}
	fprintf(stderr, "skillsbot: unknown command \"%s\"\n", argv[i]);
	usage(stderr);
	return EX_USAGE;
}
