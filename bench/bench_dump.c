/*
 * bench_dump.c - `skillsbot sync --from-dump` throughput and peak memory.
 *
 * Generates dumps of N pages (the seeded generator, 20,000 pages by
 * default, written as an export), then, each in a fresh child process so
 * peak memory is its own: (1) the dump reader alone, (2) the whole offline
 * pipeline (read, extract, match, render, write an export). Prints MB/s,
 * pages/s and peak RSS for several sizes, so growth with size shows.
 *
 *   bench_dump [PAGES...]        default: 5000 10000 20000
 */
#include "skillsbot/dump.h"
#include "skillsbot/error.h"
#include "skillsbot/generate.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/offline.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int add_page(void *ctx, const char *title, const char *text,
		    size_t len, int profiles, const int *regions)
{
	(void)profiles;
	(void)regions;
	return sb_dump_writer_add(ctx, title, title[0] == 'U' ? 2 : 200, text,
				  len, NULL, "Generator", NULL);
}

static int make_dump(const char *path, size_t pages, const sb_taxonomy *tax)
{
	sb_dump_writer *w;
	sb_gen_opts o;
	sb_gen_sink sink = {add_page, NULL};
	int err;

	if ((err = sb_dump_writer_open(&w, path, "bench")) < 0)
		return err;
	sb_gen_opts_init(&o);
	o.pages = pages;
	o.seed = 20261128;
	o.per_page = 3;
	o.tax = tax;
	sink.ctx = w;
	if ((err = sb_generate(&o, &sink)) < 0) {
		sb_dump_writer_abort(w);
		return err;
	}
	return sb_dump_writer_commit(w);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_page(void *ud, const sb_dump_page *p)
{
	(*(size_t *)ud)++;
	return p->text_len ? 0 : 0;
}

/* Run `what` in a child; report its wall time and peak RSS. */
static void measure(const char *label, const char *dump, const char *outdir,
		    size_t bytes, size_t pages, int what)
{
	double t0 = now_s(), dt;
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int err;

		if (what == 0) {
			size_t n = 0;
			sb_dump_reader_opts ro = {.on_page = count_page, .ud = &n};

			err = sb_dump_read(dump, &ro);
		} else {
			sb_offline_opts o = {.dump = dump, .to_dump = outdir,
					     .now = 1795000000, .user = "bench"};
			sb_offline_report rep;

			err = sb_offline_run(&o, &rep);
			sb_offline_report_dispose(&rep);
		}
		if (err < 0)
			fprintf(stderr, "%s\n", sb_error_message());
		_exit(err < 0);
	}
	wait4(pid, &status, 0, &ru);
	dt = now_s() - t0;
	printf("%-10s %7zu pages %8.1f MB  %6.2f s  %7.1f MB/s  %8.0f pages/s  peak %6.1f MB%s\n",
	       label, pages, (double)bytes / 1e6, dt, (double)bytes / 1e6 / dt,
	       (double)pages / dt, (double)ru.ru_maxrss / 1024.0,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : "  FAILED");
}

int main(int argc, char **argv)
{
	size_t sizes[8] = {5000, 10000, 20000};
	int n_sizes = 3;
	sb_taxonomy *tax = NULL;
	char dir[] = "/tmp/skillsbot-bench-XXXXXX";

	sb_log_init(SB_LOG_WARNING);
	if (argc > 1) {
		n_sizes = 0;
		for (int i = 1; i < argc && n_sizes < 8; i++)
			sizes[n_sizes++] = (size_t)strtoul(argv[i], NULL, 10);
	}
	if (sb_taxonomy_load_default(&tax, NULL) < 0 || !mkdtemp(dir)) {
		fprintf(stderr, "bench_dump: %s\n", sb_error_message());
		return 1;
	}
	for (int i = 0; i < n_sizes; i++) {
		char *dump = sb_asprintf("%s/in-%zu.xml", dir, sizes[i]);
		char *out = sb_asprintf("%s/out-%zu.xml", dir, sizes[i]);
		struct stat st;

		if (make_dump(dump, sizes[i], tax) < 0 || stat(dump, &st) < 0) {
			fprintf(stderr, "bench_dump: %s\n", sb_error_message());
			return 1;
		}
		measure("read", dump, out, (size_t)st.st_size, sizes[i], 0);
		measure("pipeline", dump, out, (size_t)st.st_size, sizes[i], 1);
		unlink(dump);
		unlink(out);
		free(dump);
		free(out);
	}
	rmdir(dir);
	sb_taxonomy_free(tax);
	return 0;
}
