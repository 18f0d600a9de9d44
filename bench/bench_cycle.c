/*
 * bench_cycle.c - what a sync cycle costs against a real wiki.
 *
 *   SB_WIKI_ENV=.../wiki.env bench_cycle [PROFILES [SEED]]
 *
 * With SB_BENCH_ROOT=ROOT the pages of an earlier run with the same
 * PROFILES and SEED (root ROOT) are used again instead of imported. With
 * SB_BENCH_STATE=FILE the state is FILE, kept after the run (bench_open
 * measures opening it), instead of a temporary one.
 *
 * Needs a test wiki started by tests/integration/mw-harness. Generates
 * PROFILES profile pages (default 1000) under a root of its own, imports
 * them with importDump.php, then measures four cycles: a full one, one in
 * which nothing changed, one after a single profile was edited, and a
 * quiet one again. For each: API requests, bytes received, edits, wall
 * time and peak resident memory (VmHWM, reset between cycles).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "skillsbot/buf.h"
#include "skillsbot/dump.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/generate.h"
#include "skillsbot/mem.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/version.h"

typedef struct env {
	char *api, *run, *user, *password;
} env;

static char *env_value(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == '=')
			return sb_strndup(p + n + 1, strcspn(p + n + 1, "\n"));
		p += n;
	}
	return NULL;
}

static int load_env(env *e)
{
	const char *path = getenv("SB_WIKI_ENV");
	char *text = NULL, *pwfile, *pw = NULL;
	size_t len;

	if (!path || sb_file_read(&text, &len, path, 1 << 20) < 0) {
		fprintf(stderr, "bench_cycle: set SB_WIKI_ENV to a wiki.env of "
			"tests/integration/mw-harness\n");
		return -1;
	}
	e->api = env_value(text, "SB_WIKI_API");
	e->run = env_value(text, "SB_MW_RUN");
	e->user = env_value(text, "SB_BOT_USER");
	pwfile = env_value(text, "SB_BOT_PASSWORD_FILE");
	if (pwfile && sb_file_read(&pw, &len, pwfile, 4096) == SB_OK) {
		pw[strcspn(pw, "\n")] = '\0';
		e->password = pw;
	}
	free(pwfile);
	free(text);
	return e->api && e->run && e->user && e->password ? 0 : -1;
}

static int run_maint(const env *e, const char *args)
{
	char *cmd = sb_asprintf("%s %s >/dev/null 2>&1", e->run, args);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* 'text' for the shell, whatever quotes it holds. */
static char *shell_quote(const char *s)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_addc(&b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			sb_buf_adds(&b, "'\\''");
		else
			sb_buf_addc(&b, *s);
	sb_buf_addc(&b, '\'');
	return sb_buf_take(&b, NULL);
}

/* Save `text` as `title` with edit.php, as the person Editor. */
static int edit_page(const env *e, const char *dir, const char *title,
		     const char *text)
{
	char *file = sb_asprintf("%s/edit.txt", dir);
	char *qt = shell_quote(title);
	char *args = sb_asprintf("edit.php --user Editor %s < '%s'", qt, file);
	int rc = -1;

	if (sb_file_write_atomic(file, text, strlen(text)) == SB_OK)
		rc = run_maint(e, args);
	free(file);
	free(qt);
	free(args);
	return rc;
}

typedef struct gen_ctx {
	sb_dump_writer *w;
	char *first_title;
	char *first_text;
} gen_ctx;

static int on_page(void *ud, const char *title, const char *text, size_t len,
		   int profiles, const int *regions)
{
	gen_ctx *g = ud;

	(void)profiles;
	(void)regions;
	if (!g->first_title) {
		g->first_title = sb_strdup(title);
		g->first_text = sb_strndup(text, len);
	}
	if (!g->w)
		return SB_OK;    /* reusing the pages of an earlier run */
	return sb_dump_writer_add(g->w, title, 0, text, len,
				  "2026-11-01T00:00:00Z", "Editor", "bench");
}

static long peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f) {
		fputs("5", f);
		fclose(f);
	}
}

static int measure(sb_sync *s, const char *name, bool full)
{
	sb_sync_opts o;
	sb_sync_report r;
	struct timespec t0, t1;
	int err;

	memset(&o, 0, sizeof(o));
	o.full = full;
	reset_peak();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = sb_sync_cycle(s, &o, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err < 0)
		fprintf(stderr, "bench_cycle: %s: %s\n", name,
			sb_error_message());
	printf("| %-22s | %8lu | %11lu | %5zu | %9zu | %8.2f | %8ld |\n", name,
	       r.requests, r.bytes, r.edits, r.records,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, peak_kib());
	fflush(stdout);
	sb_sync_report_dispose(&r);
	return err;
}

static int setup_wiki(const env *e, const char *dir, const char *root,
		      size_t n, uint64_t seed, gen_ctx *g)
{
	sb_taxonomy *tax = NULL;
	sb_gen_opts go;
	sb_gen_sink sink = {on_page, g};
	char *dump = sb_asprintf("%s/profiles.xml", dir);
	char *args = sb_asprintf("importDump.php --no-local-users '%s'", dump);
	char *conf = sb_asprintf("{\"root\": \"%s\", \"taxonomy_page\": "
				 "\"%s/Taxonomy\", \"languages\": [\"en\"]}",
				 root, root);
	char *tax_text = NULL, *title;
	size_t len;
	int err;

	bool reuse = getenv("SB_BENCH_ROOT") != NULL;

	if ((err = sb_taxonomy_load_file(&tax, SKILLSBOT_SRC_DATADIR
					 "/taxonomy.json")) < 0 ||
	    (err = sb_file_read(&tax_text, &len, SKILLSBOT_SRC_DATADIR
				"/taxonomy.json", 1 << 24)) < 0 ||
	    (!reuse && (err = sb_dump_writer_open(&g->w, dump, NULL)) < 0))
		goto done;
	sb_gen_opts_init(&go);
	go.pages = n;
	go.seed = seed;
	go.per_page = 1;
	go.tax = tax;
	go.root = root;
	if ((err = sb_generate(&go, &sink)) < 0) {
		sb_dump_writer_abort(g->w);
		goto done;
	}
	if (reuse)
		goto done;
	if ((err = sb_dump_writer_commit(g->w)) < 0)
		goto done;
	title = sb_asprintf("%s/Taxonomy", root);
	if (run_maint(e, args) < 0 || edit_page(e, dir, title, tax_text) < 0)
		err = sb_error_set(SB_ERROR, "importDump.php or edit.php failed");
	free(title);
	title = sb_asprintf("%s/Bot configuration", root);
	if (err == SB_OK && edit_page(e, dir, title, conf) < 0)
		err = sb_error_set(SB_ERROR, "edit.php failed");
	free(title);
done:
	sb_taxonomy_free(tax);
	free(tax_text);
	free(dump);
	free(args);
	free(conf);
	return err;
}

int main(int argc, char **argv)
{
	env e = {0};
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	char dir[] = "/tmp/bench-cycle-XXXXXX";
	char *root, *state, *config_page, *changed;
	gen_ctx g = {0};
	sb_mw *mw = NULL;
	sb_store *st = NULL;
	sb_sync *s = NULL;
	sb_mw_opts mo;
	sb_sync_refs refs;
	int err = SB_ERROR;

	if (load_env(&e) < 0 || !mkdtemp(dir))
		return 1;
	root = getenv("SB_BENCH_ROOT") ? sb_strdup(getenv("SB_BENCH_ROOT")) :
		sb_asprintf("Sandbox/Bench%zu-%ld", n, (long)getpid());
	state = getenv("SB_BENCH_STATE") ? sb_strdup(getenv("SB_BENCH_STATE")) :
		sb_asprintf("%s/state.db", dir);
	config_page = sb_asprintf("%s/Bot configuration", root);
	if (setup_wiki(&e, dir, root, n, seed, &g) < 0) {
		fprintf(stderr, "bench_cycle: %s\n", sb_error_message());
		goto done;
	}
	memset(&mo, 0, sizeof(mo));
	mo.api_url = e.api;
	mo.contact = "https://example.org/skillsbot-bench";
	mo.user = e.user;
	mo.password = e.password;
	if (sb_mw_new(&mw, &mo) < 0 || sb_mw_login(mw) < 0 ||
	    sb_store_open(&st, state) < 0)
		goto fail;
	memset(&refs, 0, sizeof(refs));
	refs.mw = mw;
	refs.store = st;
	refs.config_page = config_page;
	refs.datadir = SKILLSBOT_SRC_DATADIR;
	if (sb_sync_new(&s, &refs) < 0)
		goto fail;
	printf("%zu generated profile pages (seed %llu), root %s\n\n", n,
	       (unsigned long long)seed, root);
	printf("| cycle                  | requests | bytes in    | edits "
	       "| records   | wall s   | peak KiB |\n"
	       "| ---------------------- | -------- | ----------- | ----- "
	       "| --------- | -------- | -------- |\n");
	if (measure(s, "full", true) < 0 ||
	    measure(s, "nothing changed", false) < 0)
		goto fail;
	/* An edit that changes no record (a comment), then one that adds a
	 * person, whose effect on the outputs is the matcher's to decide. */
	changed = sb_asprintf("%s\n<!-- edited by bench_cycle -->\n",
			      g.first_text);
	if (edit_page(&e, dir, g.first_title, changed) < 0 ||
	    measure(s, "profile page edited", false) < 0) {
		free(changed);
		goto fail;
	}
	free(changed);
	changed = sb_asprintf("%s\n{{Let's Connect/Profile|username=Bench "
			      "Newcomer|share=Budgeting|learn=Grant writing}}"
			      "\n", g.first_text);
	if (edit_page(&e, dir, g.first_title, changed) < 0 ||
	    measure(s, "one person added", false) < 0) {
		free(changed);
		goto fail;
	}
	free(changed);
	if (measure(s, "nothing changed again", false) < 0)
		goto fail;
	err = SB_OK;
fail:
	if (err < 0)
		fprintf(stderr, "bench_cycle: %s\n", sb_error_message());
done:
	sb_sync_free(s);
	sb_store_close(st);
	sb_mw_free(mw);
	if (!getenv("SB_BENCH_STATE"))
		unlink(state);
	{
		char *f1 = sb_asprintf("%s/edit.txt", dir);
		char *f2 = sb_asprintf("%s/profiles.xml", dir);

		unlink(f1);
		unlink(f2);
		free(f1);
		free(f2);
		rmdir(dir);
	}
	free(root);
	free(state);
	free(config_page);
	free(g.first_title);
	free(g.first_text);
	free(e.api);
	free(e.run);
	free(e.user);
	free(e.password);
	return err < 0 ? 1 : 0;
}
