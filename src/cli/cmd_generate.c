/* cmd_generate.c - `skillsbot generate`: write a seeded, realistic
 * directory of profile pages, as files or as JSON lines. */
#include "skillsbot/cli.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/generate.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

void cmd_generate_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot generate --pages N [--seed S] [--per-page K]\n"
		"                          [--taxonomy FILE] [--root TITLE]\n"
		"                          (--out DIR | --jsonl)\n"
		"\n"
		"Invent a realistic Skills Directory: N pages of profile templates\n"
		"written the messy ways editors write them, with the program's\n"
		"regional mix. The same options give the same bytes.\n"
		"\n"
		"  --pages N        pages to write\n"
		"  --seed S         seed of the generator (default 1)\n"
		"  --per-page K     up to K profiles on a page (default 3; 1 = one each)\n"
		"  --taxonomy FILE  skills to draw from (default $SB_DATADIR/taxonomy.json)\n"
		"  --root TITLE     directory root (default Grants:Knowledge Sharing/\n"
		"                   Connect/Skills Directory)\n"
		"  --out DIR        one FILE.wiki a page; the file name is the title with\n"
		"                   %% / : written %%25 %%2F %%3A\n"
		"  --jsonl          print {\"title\": ..., \"text\": ...} lines instead\n");
}

typedef struct gen_out {
	const char *dir;     /* NULL: JSON lines on stdout */
	size_t pages, profiles, bytes;
	sb_buf line;
} gen_out;

static int write_file(gen_out *o, const char *title, const char *text,
		      size_t len)
{
	char *name = sb_title_to_filename(title);
	char *path = sb_asprintf("%s/%s.wiki", o->dir, name);
	FILE *f = fopen(path, "wb");
	int err = SB_OK;

	if (!f || fwrite(text, 1, len, f) != len) {
		err = sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (fclose(f) != 0)
		err = sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
	f = NULL;
done:
	if (f)
		fclose(f);
	free(path);
	free(name);
	return err;
}

static int write_jsonl(gen_out *o, const char *title, const char *text)
{
	cJSON *obj = cJSON_CreateObject();
	int err;

	sb_json_add_str(obj, "title", title);
	sb_json_add_str(obj, "text", text);
	sb_buf_reset(&o->line);
	if ((err = sb_json_print(&o->line, obj)) == SB_OK &&
	    (fwrite(o->line.ptr, 1, o->line.len, stdout) != o->line.len ||
	     putchar('\n') == EOF))
		err = sb_error_set(SB_EIO, "standard output: %s",
				   strerror(errno));
	cJSON_Delete(obj);
	return err;
}

static int on_page(void *ctx, const char *title, const char *text,
		   size_t len, int profiles, const int *regions)
{
	gen_out *o = ctx;

	(void)regions;
	o->pages++;
	o->profiles += (size_t)profiles;
	o->bytes += len;
	return o->dir ? write_file(o, title, text, len) :
		write_jsonl(o, title, text);
}


static bool parse_count(unsigned long long *out, const char *s,
			unsigned long long max)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return s[0] >= '0' && s[0] <= '9' && !*end && !errno && *out <= max;
}

static int usage_error(const char *what)
{
	fprintf(stderr, "skillsbot generate: %s\n"
		"Try 'skillsbot generate --help'.\n", what);
	return EX_USAGE;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return SB_OK;
	return sb_error_set(SB_EIO, "%s: %s", dir, strerror(errno));
}

int cmd_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"pages", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"per-page", required_argument, NULL, 'k'},
		{"taxonomy", required_argument, NULL, 't'},
		{"root", required_argument, NULL, 'r'},
		{"out", required_argument, NULL, 'o'},
		{"jsonl", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	sb_gen_opts opts;
	gen_out out = {0};
	sb_gen_sink sink = {on_page, &out};
	sb_taxonomy *tax = NULL;
	const char *tax_path = NULL;
	unsigned long long v;
	bool jsonl = false, have_pages = false;
	int c, err;

	sb_gen_opts_init(&opts);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_count(&v, optarg, 100000000ULL))
				return usage_error("--pages wants a whole number");
			opts.pages = (size_t)v;
			have_pages = true;
			break;
		case 's':
			if (!parse_count(&v, optarg, UINT64_MAX))
				return usage_error("--seed wants a whole number");
			opts.seed = v;
			break;
		case 'k':
			if (!parse_count(&v, optarg, 8) || v < 1)
				return usage_error("--per-page wants 1 to 8");
			opts.per_page = (int)v;
			break;
		case 't': tax_path = optarg; break;
		case 'r': opts.root = optarg; break;
		case 'o': out.dir = optarg; break;
		case 'j': jsonl = true; break;
		case 'h': cmd_generate_help(stdout); return EX_OK;
		default: return usage_error("unknown option");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument");
	if (!have_pages)
		return usage_error("--pages is required");
	if (jsonl == (out.dir != NULL))
		return usage_error("give exactly one of --out DIR and --jsonl");
	sb_buf_init(&out.line, SB_BUF_UNLIMITED);
	if ((err = sb_taxonomy_load_default(&tax, tax_path)) < 0 ||
	    (out.dir && (err = make_dir(out.dir)) < 0))
		goto done;
	opts.tax = tax;
	if ((err = sb_generate(&opts, &sink)) < 0 ||
	    (jsonl && fflush(stdout) != 0 &&
	     (err = sb_error_set(SB_EIO, "standard output: %s",
				 strerror(errno))) < 0))
		goto done;
	sb_info("generated %zu pages, %zu profiles, %zu bytes (seed %llu)",
		out.pages, out.profiles, out.bytes,
		(unsigned long long)opts.seed);
done:
	if (err < 0)
		sb_err("generate: %s", sb_error_message());
	sb_taxonomy_free(tax);
	sb_buf_dispose(&out.line);
	return sb_exit_code(err);
}
