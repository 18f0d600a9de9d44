/*
 * cmd_sync.c - `skillsbot sync`: one cycle against the wiki.
 *
 *   skillsbot sync --once [--dry-run] [--full] [--config FILE]
 *                  [--set section.key=value]...
 *
 * With --from-dump among the options the work is done without a wiki by
 * cmd_sync_offline().
 */
#include "skillsbot/cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "skillsbot/config.h"
#include "skillsbot/daemon.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"
#include "skillsbot/version.h"

void cmd_sync_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot sync --once [--dry-run] [--full] [--config FILE]\n"
		"                      [--set SECTION.KEY=VALUE]...\n"
		"       skillsbot sync --from-dump DUMP ...\n"
		"\n"
		"Run one cycle: read the changed profile pages into the state,\n"
		"match, and write the generated sections back to the wiki.\n"
		"\n"
		"  --once        one cycle, then exit (the daemon is `skillsbot run`)\n"
		"  --dry-run     print a unified diff of each page that would change;\n"
		"                edit nothing (and need no credentials: without\n"
		"                --dry-run, no credentials is exit 78)\n"
		"  --full        read every source page, not only recent changes\n"
		"  --config FILE the operator's file (default %s)\n"
		"  --set S.K=V   override one setting of that file\n",
		SB_CONFIG_DEFAULT_PATH);
	fprintf(out, "\n");
	cmd_sync_offline_help(out);
}

typedef struct sync_args {
	bool once, dry_run, full;
	const char *config;
} sync_args;

static bool has_from_dump(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--from-dump", 11) == 0)
			return true;
	return false;
}

static int parse_args(sync_args *a, sb_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{"once", no_argument, NULL, 'o'},
		{"dry-run", no_argument, NULL, 'n'},
		{"full", no_argument, NULL, 'f'},
		{"config", required_argument, NULL, 'c'},
		{"set", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	int c, err;

	/* --set is applied after the file: remember them first. */
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': a->once = true; break;
		case 'n': a->dry_run = true; break;
		case 'f': a->full = true; break;
		case 'c': a->config = optarg; break;
		case 's': break;
		case 'h': cmd_sync_help(stdout); exit(EX_OK);
		default: return EX_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "skillsbot sync: unexpected argument \"%s\"\n",
			argv[optind]);
		return EX_USAGE;
	}
	if (!a->once) {
		fprintf(stderr, "skillsbot sync: say --once (the daemon is "
			"`skillsbot run`)\n");
		return EX_USAGE;
	}
	err = sb_config_load_file(cfg, a->config ? a->config :
				  SB_CONFIG_DEFAULT_PATH);
	if (err == SB_ENOTFOUND && !a->config)
		err = SB_OK;   /* no file: --set gives everything */
	optind = 1;
	while (err == SB_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 's')
			err = sb_config_set(cfg, optarg);
	if (err == SB_OK)
		err = sb_config_validate(cfg);
	if (err < 0) {
		fprintf(stderr, "skillsbot sync: %s\n", sb_error_message());
		return sb_exit_code_at(SB_STEP_CONFIG, err);
	}
	sb_log_set_configured_level(sb_config_log_level(cfg));
	return EX_OK;
}

static void print_report(const sb_sync_report *r, bool dry_run)
{
	for (size_t i = 0; i < r->messages.n; i++)
		fprintf(stderr, "skillsbot sync: %s\n", r->messages.v[i]);
	fprintf(stderr, "skillsbot sync: %s sync: %zu pages read, %zu removed, "
		"%zu records (%zu problems); %zu %s, %zu unchanged, %zu "
		"skipped, %zu human edits; %lu requests, %lu bytes\n",
		r->full ? "full" : "incremental", r->pages_read,
		r->pages_removed, r->records, r->problems, r->edits,
		dry_run ? "would be edited" : "edited", r->unchanged, r->skipped,
		r->human_edits, r->requests, r->bytes);
	if (r->wanted)
		fprintf(stderr, "skillsbot sync: %d of %d learning requests "
			"served; one-to-one connections: %zu, cluster groups: "
			"%zu, proposed clinics: %zu\n", r->served, r->wanted,
			r->connections, r->clusters, r->proposed_clinics);
}

int cmd_sync(int argc, char **argv)
{
	sync_args a = {0};
	sb_config cfg;
	sb_session ses;
	sb_sync_opts opts;
	sb_sync_report rep = {0};
	sb_store_lock *lock = NULL;
	enum sb_step step = SB_STEP_CREDENTIALS;
	int rc, err;

	if (has_from_dump(argc, argv))
		return cmd_sync_offline(argc, argv);
	memset(&ses, 0, sizeof(ses));
	sb_config_defaults(&cfg);
	if ((rc = parse_args(&a, &cfg, argc, argv)) != EX_OK)
		goto done;
	/* A dry run may read anonymously when no credentials are set. */
	if ((cfg.user || cfg.oauth2_token_file || !a.dry_run) &&
	    (err = sb_config_load_secrets(&cfg)) < 0)
		goto fail;
	/* An edit would be refused by the wiki only after the lock, the
	 * state and the login's retries: say so now, as `run` does. */
	if (!a.dry_run &&
	    (err = sb_config_require_credentials(&cfg, "sync")) < 0) {
		step = SB_STEP_CONFIG;
		goto fail;
	}
	step = SB_STEP_STATE;
	/* A dry run works on a copy of the state: it may run beside the
	 * daemon. */
	if ((!a.dry_run && (err = sb_store_lock_new(&lock, cfg.state)) < 0) ||
	    (err = sb_session_open(&ses, &cfg, a.dry_run)) < 0)
		goto fail;
	step = SB_STEP_LOGIN;
	if ((err = sb_session_login(&ses, &cfg)) < 0)
		goto fail;
	step = SB_STEP_CYCLE;
	memset(&opts, 0, sizeof(opts));
	opts.full = a.full;
	opts.dry_run = a.dry_run;
	opts.diff_out = stdout;
	err = sb_sync_cycle(ses.sync, &opts, &rep);
	print_report(&rep, a.dry_run);
fail:
	if (err < 0)
		fprintf(stderr, "skillsbot sync: %s\n", sb_error_message());
	rc = sb_exit_code_at(step, err);
done:
	sb_sync_report_dispose(&rep);
	sb_session_close(&ses);
	sb_store_lock_free(lock);
	sb_config_dispose(&cfg);
	return rc;
}
