/* cmd_sync_offline.c - `skillsbot sync --from-dump FILE`: the whole
 * pipeline over an XML dump, without a wiki (offline.h). */
#include "skillsbot/cli.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/offline.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

void cmd_sync_offline_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot sync --from-dump FILE [--to-dump OUT.xml] [--to-dir DIR]\n"
		"                      [--config FILE] [--taxonomy FILE] [--config-page TITLE]\n"
		"                      [--datadir DIR] [--now YYYY-MM-DD]\n"
		"\n"
		"Run the whole pipeline over a MediaWiki XML export or dump (plain, .gz or\n"
		".bz2; export schema 0.10 or 0.11) without any API access, and write the\n"
		"generated pages as an XML export (for Special:Import or importDump.php)\n"
		"and/or as .wiki files (titles escaped: \"/\" as %%2F, \":\" as %%3A).\n"
		"Pages of the dump that already hold generated sections are updated\n"
		"between their markers only; a page the dump holds without them, or\n"
		"that excludes the bot ({{nobots}}, {{bots|deny=...}}), is left out\n"
		"and reported (on standard error and on the dashboard); only pages\n"
		"the dump lacks are created.\n"
		"\n"
		"  --from-dump FILE     the dump to read (\"-\" for standard input)\n"
		"  --to-dump OUT.xml    write the generated pages as an export\n"
		"  --to-dir DIR         write the generated pages as files\n"
		"  --config FILE        organisers' configuration (JSON; default: the\n"
		"                       dump's configuration page, else the defaults)\n"
		"  --taxonomy FILE      taxonomy (default: the dump's taxonomy page, else\n"
		"                       the built-in one)\n"
		"  --config-page TITLE  where the configuration page is in the dump\n"
		"  --now YYYY-MM-DD     the date used for time zones (default: today)\n");
}

static void print_report(const sb_offline_report *r)
{
	printf("pages read:        %zu (%zu with directory templates)\n",
	       r->pages_read, r->source_pages);
	printf("records:           %zu profiles, %zu clinics, %zu resources\n",
	       r->profiles, r->clinics, r->resources);
	printf("problems found:    %zu\n", r->problems);
	printf("requests served:   %d of %d\n", r->served, r->requests);
	printf("connections:       %zu one-to-one\n", r->connections);
	printf("cluster groups:    %zu\n", r->clusters);
	printf("proposed clinics:  %zu\n", r->proposed_clinics);
	printf("pages written:     %zu (%zu left alone)\n", r->pages_written,
	       r->pages_skipped);
}

int cmd_sync_offline(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from-dump", required_argument, NULL, 'f'},
		{"to-dump", required_argument, NULL, 'o'},
		{"to-dir", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"taxonomy", required_argument, NULL, 't'},
		{"config-page", required_argument, NULL, 'p'},
		{"datadir", required_argument, NULL, 'D'},
		{"now", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	sb_offline_opts o;
	sb_offline_report rep;
	int c, err;

	memset(&o, 0, sizeof(o));
	sb_cli_parse_day(&o.now, NULL);
	o.user = "skillsbot";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o.dump = optarg; break;
		case 'o': o.to_dump = optarg; break;
		case 'd': o.to_dir = optarg; break;
		case 'c': o.config_file = optarg; break;
		case 't': o.taxonomy_file = optarg; break;
		case 'p': o.config_page = optarg; break;
		case 'D': o.datadir = optarg; break;
		case 'n':
			if (sb_cli_parse_day(&o.now, optarg) < 0) {
				sb_err("%s", sb_error_message());
				return EX_USAGE;
			}
			break;
		case 'h': cmd_sync_offline_help(stdout); return EX_OK;
		default: cmd_sync_offline_help(stderr); return EX_USAGE;
		}
	}
	if (!o.dump || optind < argc || (!o.to_dump && !o.to_dir)) {
		sb_err("sync --from-dump needs a dump and --to-dump or --to-dir");
		cmd_sync_offline_help(stderr);
		return EX_USAGE;
	}
	if ((err = sb_offline_run(&o, &rep)) < 0) {
		sb_err("%s", sb_error_message());
		sb_offline_report_dispose(&rep);
		return sb_exit_code(err);
	}
	print_report(&rep);
	sb_offline_report_dispose(&rep);
	return EX_OK;
}
