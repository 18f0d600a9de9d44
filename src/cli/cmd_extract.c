/*
 * cmd_extract.c - `skillsbot extract`: wikitext files in, one JSON record
 * a line out (section 7 of the contract).
 */
#include "skillsbot/cli.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/version.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#define MAX_PAGE (64 * 1024 * 1024)

void cmd_extract_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot extract [--config FILE] [--taxonomy FILE] "
		"[--title TITLE] [--all] FILE...\n"
		"\n"
		"Read wikitext files (\"-\" for standard input) and print each "
		"profile found\nas one JSON object a line, in page order. "
		"Problems in a profile are in its\n\"diagnostics\"; they do not "
		"change the exit code.\n"
		"\n"
		"  --config FILE    the organisers' configuration (JSON); "
		"default: built-in\n"
		"  --taxonomy FILE  the skill taxonomy (JSON); default: "
		"$SB_DATADIR/taxonomy.json,\n"
		"                   else the installed one, else none (every "
		"skill unmapped)\n"
		"  --title TITLE    the page title (default: the file name "
		"without extension)\n"
		"  --all            also print clinics, resources and feedback (they "
		"carry \"kind\")\n");
}


/* "dir/User%3AX%2FSkills.wiki" -> "User:X/Skills". */
static char *title_of(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	char *stem, *title;

	if (strcmp(path, "-") == 0)
		return sb_strdup("Standard input");
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	stem = sb_strndup(base, dot && dot != base ? (size_t)(dot - base)
						   : strlen(base));
	/* File names carry titles with "/" and ":" escaped (fileio.h). */
	title = sb_filename_to_title(stem);
	free(stem);
	return title;
}

static int print_records(const sb_records *r, bool all)
{
	sb_buf b;
	int err = SB_OK;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	/* Written straight from the records: the same bytes as printing
	 * sb_profile_to_json() etc., at several times the speed. */
	for (size_t i = 0; i < r->n_profiles && !err; i++) {
		err = sb_profile_write_json(&b, &r->profiles[i]);
		sb_buf_addc(&b, '\n');
	}
	for (size_t i = 0; all && i < r->n_clinics && !err; i++) {
		err = sb_clinic_write_json(&b, &r->clinics[i]);
		sb_buf_addc(&b, '\n');
	}
	for (size_t i = 0; all && i < r->n_resources && !err; i++) {
		err = sb_resource_write_json(&b, &r->resources[i]);
		sb_buf_addc(&b, '\n');
	}
	for (size_t i = 0; all && i < r->n_feedback && !err; i++) {
		cJSON *j = sb_feedback_to_json(&r->feedback[i]);

		err = sb_json_print(&b, j);
		sb_buf_addc(&b, '\n');
		cJSON_Delete(j);
	}
	if (!err && b.len && fwrite(b.ptr, 1, b.len, stdout) != b.len)
		err = sb_error_set(SB_EIO, "standard output: write failed");
	sb_buf_dispose(&b);
	return err;
}

static int extract_file(const sb_extract_ctx *ctx, const char *path,
			const char *title, bool all)
{
	char *text = NULL, *own_title = NULL;
	size_t len;
	sb_records r;
	int err;

	sb_records_init(&r);
	if ((err = sb_file_read(&text, &len, path, MAX_PAGE)) < 0)
		goto done;
	if (!title)
		title = own_title = title_of(path);
	if ((err = sb_extract_page(&r, ctx, title, 0, text, len)) < 0)
		goto done;
	err = print_records(&r, all);
done:
	sb_records_dispose(&r);
	free(own_title);
	free(text);
	return err;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"taxonomy", required_argument, NULL, 't'},
		{"title", required_argument, NULL, 'T'},
		{"all", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *config = NULL, *taxonomy = NULL, *title = NULL;
	sb_siteconf conf;
	sb_taxonomy *tax = NULL;
	sb_extract_ctx *ctx = NULL;
	bool all = false, have_conf = false;
	int c, err = SB_OK, first_err = SB_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config = optarg; break;
		case 't': taxonomy = optarg; break;
		case 'T': title = optarg; break;
		case 'a': all = true; break;
		case 'h': cmd_extract_help(stdout); return EX_OK;
		default: cmd_extract_help(stderr); return EX_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "skillsbot extract: no input file (use - for "
			"standard input)\n");
		cmd_extract_help(stderr);
		return EX_USAGE;
	}
	if (config)
		err = sb_siteconf_load_file(&conf, config);
	else
		sb_siteconf_defaults(&conf);
	if (err < 0)
		goto done;
	have_conf = true;
	if ((err = sb_taxonomy_load_default(&tax, taxonomy)) < 0 ||
	    (err = sb_extract_ctx_new(&ctx, &conf, tax)) < 0)
		goto done;
	for (int i = optind; i < argc; i++) {
		int e = extract_file(ctx, argv[i], title, all);

		if (e < 0) {
			sb_err("%s", sb_error_message());
			if (!first_err)
				first_err = e;
		}
	}
	err = first_err;
	fflush(stdout);
done:
	if (err < 0 && err != first_err)
		sb_err("%s", sb_error_message());
	sb_extract_ctx_free(ctx);
	sb_taxonomy_free(tax);
	if (have_conf)
		sb_siteconf_dispose(&conf);
	return sb_exit_code(err);
}
