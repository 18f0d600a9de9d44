/*
 * bench_open.c - what opening the state costs at start.
 *
 *   bench_open STATE [RUNS]
 *
 * `run` and `sync --once` open the state with sb_store_open(), which
 * reads every page once (SQLite's quick_check) before a cycle may write;
 * check-config does the same read-only with sb_store_check(). This times
 * both on an existing STATE (default 5 runs each, the fastest and the
 * slowest printed): warm, the file in the page cache as on a restart, and
 * cold, its pages dropped from the cache first (POSIX_FADV_DONTNEED), as
 * at boot. STATE is opened as the daemon opens it: a file of an older
 * schema is migrated.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "skillsbot/error.h"
#include "skillsbot/store.h"

/* Drop the file's pages from the page cache (clean ones: all of them
 * once it is closed). */
static void drop_cache(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One open (or check) of `path` and its close; seconds, or -1. */
static double time_once(const char *path, int check)
{
	sb_store *st = NULL;
	double t0 = now();
	int version, err;

	err = check ? sb_store_check(path, &version) :
		      sb_store_open(&st, path);
	sb_store_close(st);
	if (err < 0) {
		fprintf(stderr, "bench_open: %s\n", sb_error_message());
		return -1;
	}
	return now() - t0;
}

/* The fastest and slowest of `runs`; -1 when one failed. */
static int time_runs(const char *path, int check, int cold, int runs,
		     double *min_out, double *max_out)
{
	*min_out = 1e9;
	*max_out = 0;
	for (int i = 0; i < runs; i++) {
		double t;

		if (cold)
			drop_cache(path);
		if ((t = time_once(path, check)) < 0)
			return -1;
		*min_out = t < *min_out ? t : *min_out;
		*max_out = t > *max_out ? t : *max_out;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const what[] = {"sb_store_open", "sb_store_check"};
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	struct stat sb;
	double lo, hi;

	if (argc < 2 || runs < 1 || stat(argv[1], &sb) != 0) {
		fprintf(stderr, "usage: bench_open STATE [RUNS]\n");
		return 1;
	}
	printf("%s: %lld bytes\n\n| call           | cache | fastest ms | "
	       "slowest ms |\n| -------------- | ----- | ---------- | "
	       "---------- |\n", argv[1], (long long)sb.st_size);
	/* Once first: a migration, if any, is not what is measured. */
	if (time_once(argv[1], 0) < 0)
		return 1;
	for (int check = 0; check < 2; check++)
		for (int cold = 0; cold < 2; cold++) {
			if (time_runs(argv[1], check, cold, runs, &lo, &hi) < 0)
				return 1;
			printf("| %-14s | %-5s | %10.1f | %10.1f |\n",
			       what[check], cold ? "cold" : "warm", lo * 1e3,
			       hi * 1e3);
		}
	return 0;
}
