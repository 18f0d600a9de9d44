/*
 * cmd_match.c - `skillsbot match`: connections, clusters and clinics from
 * extracted records, without any wiki.
 */
#include "skillsbot/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/match.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"

#define INPUT_MAX ((size_t)1 << 30)

void cmd_match_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot match [--config FILE] [--json] [--previous FILE]\n"
		"                       [--now YYYY-MM-DD] [FILE]\n"
		"\n"
		"Read the JSON lines of `skillsbot extract` from FILE (default:\n"
		"standard input) and compute one-to-one connections, cluster\n"
		"groups and proposed clinics. Feedback records (`extract --all`)\n"
		"that declined a pair keep it apart, as in the daemon.\n"
		"\n"
		"  --config FILE    the organisers' configuration (JSON); default:\n"
		"                   the built-in defaults\n"
		"  --json           print the machine-readable object\n"
		"  --previous FILE  the --json output of the previous cycle: its\n"
		"                   connections get the stability bonus\n"
		"  --now DATE       the day whose UTC offsets count (default:\n"
		"                   today, 00:00 UTC)\n");
}

typedef struct match_args {
	const char *config, *previous, *input, *now;
	int json;
} match_args;

static int parse_args(match_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->input = "-";
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char **dst = NULL;

		if (strcmp(s, "--json") == 0) {
			a->json = 1;
			continue;
		}
		if (strcmp(s, "--config") == 0)
			dst = &a->config;
		else if (strcmp(s, "--previous") == 0)
			dst = &a->previous;
		else if (strcmp(s, "--now") == 0)
			dst = &a->now;
		if (dst) {
			if (++i >= argc)
				return sb_error_set(SB_EINVALID,
						    "%s needs a value", s);
			*dst = argv[i];
			continue;
		}
		if (s[0] == '-' && s[1] != '\0')
			return sb_error_set(SB_EINVALID, "unknown option %s", s);
		a->input = s;
	}
	return SB_OK;
}

static void print_summary(const sb_match_result *r, const sb_records *recs)
{
	printf("%d requests, %d served; one-to-one connections: %zu, "
	       "cluster groups: %zu; total cost %.4f\n",
	       r->requests, r->served, r->n_connections, r->n_clusters,
	       r->cost);
	for (size_t i = 0; i < r->n_connections; i++) {
		const sb_connection *c = &r->connections[i];

		printf("  %s <- %s: %s (%s%s)\n",
		       recs->profiles[c->learner].username,
		       recs->profiles[c->sharer].username, c->skill,
		       c->n_languages ? c->languages[0] : "?",
		       c->kept ? ", kept" : "");
	}
	printf("%zu unserved requests; %zu proposed clinics\n",
	       r->n_unserved, r->n_proposed);
	for (size_t i = 0; i < r->n_proposed; i++)
		printf("  %s: %d unmet, %zu facilitators\n",
		       r->proposed[i].skill, r->proposed[i].unmet,
		       r->proposed[i].n_facilitators);
}

static int load_previous(cJSON **tree, sb_prev_pair **prev, size_t *n,
			 const char *path)
{
	char *text = NULL;
	size_t len;
	int err;

	if (!path)
		return SB_OK;
	if ((err = sb_file_read(&text, &len, path, INPUT_MAX)) < 0 ||
	    (err = sb_json_parse(tree, text, len, path)) < 0 ||
	    (err = sb_match_prev_from_json(prev, n, *tree, path)) < 0)
		goto done;
done:
	free(text);
	return err;
}

static int run(const match_args *a)
{
	sb_siteconf conf;
	sb_records recs;
	sb_match_result res;
	sb_match_input in;
	sb_buf out;
	cJSON *prev_tree = NULL, *json = NULL;
	sb_prev_pair *prev = NULL;
	size_t n_prev = 0, len;
	char *text = NULL;
	int err, have_res = 0;

	sb_records_init(&recs);
	sb_buf_init(&out, SB_BUF_UNLIMITED);
	memset(&in, 0, sizeof(in));
	if (a->config)
		err = sb_siteconf_load_file(&conf, a->config);
	else
		sb_siteconf_defaults(&conf), err = SB_OK;
	if (err < 0)
		goto done_noconf;
	if ((err = sb_cli_parse_day(&in.now, a->now)) < 0 ||
	    (err = load_previous(&prev_tree, &prev, &n_prev, a->previous)) < 0 ||
	    (err = sb_file_read(&text, &len, a->input, INPUT_MAX)) < 0 ||
	    (err = sb_records_read_jsonl(&recs, text, len,
					 strcmp(a->input, "-") ? a->input
							       : "stdin")) < 0)
		goto done;
	in.recs = &recs;
	in.conf = &conf;
	in.prev = prev;
	in.n_prev = n_prev;
	if ((err = sb_match_run(&res, &in)) < 0)
		goto done;
	have_res = 1;
	if (a->json) {
		json = sb_match_to_json(&res, &recs);
		if ((err = sb_json_print(&out, json)) < 0 ||
		    (err = sb_buf_addc(&out, '\n')) < 0)
			goto done;
		fwrite(sb_buf_str(&out), 1, out.len, stdout);
	} else {
		print_summary(&res, &recs);
	}
done:
	sb_siteconf_dispose(&conf);
done_noconf:
	if (have_res)
		sb_match_result_dispose(&res);
	cJSON_Delete(json);
	cJSON_Delete(prev_tree);
	free(prev);
	free(text);
	sb_buf_dispose(&out);
	sb_records_dispose(&recs);
	return err;
}

int cmd_match(int argc, char **argv)
{
	match_args a;
	int err;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			 strcmp(argv[1], "-h") == 0)) {
		cmd_match_help(stdout);
		return EX_OK;
	}
	if ((err = parse_args(&a, argc, argv)) < 0) {
		fprintf(stderr, "skillsbot match: %s\n", sb_error_message());
		cmd_match_help(stderr);
		return EX_USAGE;
	}
	if ((err = run(&a)) < 0) {
		fprintf(stderr, "skillsbot match: %s\n", sb_error_message());
		return sb_exit_code(err);
	}
	return EX_OK;
}
