/*
 * bench_match.c - how long matching takes, and how much memory, for
 * generated directories of 1,000, 10,000 and 100,000 profiles.
 *
 * Each size runs in a child process so that its peak resident memory is
 * its own (getrusage of the child). Prints one line a size; see
 * docs/bench-match.md for the figures and how to read them.
 *
 * Usage: bench_match [--dimacs DIR] [--capacity N] [--learn N] [SIZE...]
 *        (default sizes: 1000 10000 100000)
 *
 * --dimacs DIR also writes each size's flow network to DIR/net-SIZE.min
 * (DIMACS min-cost flow), to measure other solvers on the same problem.
 * --capacity N: sharers' capacities are drawn from 0..N (default 4, where
 * the sharers are fewer than the requests); --learn N: each person learns
 * up to N skills (default 4). Larger capacities or fewer skills to learn
 * give directories where sharers have room to spare.
 * "solve" is the CPU time of the flow solver alone, on that network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/unit/match_gen.h"
#include "skillsbot/error.h"
#include "skillsbot/match.h"
#include "skillsbot/siteconf.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *dimacs_dir;
static int max_capacity = 4, max_learn = 4;

static int run_size(int n)
{
	char path[4096];
	mg_params p = {.n_people = n, .n_skills = 60, .n_langs = 30,
		       .max_learn = max_learn, .max_share = 3,
		       .max_capacity = max_capacity,
		       .unmapped_pct = 5, .away_pct = 5, .inactive_pct = 3,
		       .unknown_tz_pct = 10, .skewed = true, .disjoint = true};
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	sb_match_input in;
	double t0, t1, t2, c1, c2;

	t0 = now_s();
	mg_records(&recs, &p, 2026);
	sb_siteconf_defaults(&conf);
	memset(&in, 0, sizeof(in));
	in.recs = &recs;
	in.conf = &conf;
	in.now = 1795000000;
	if (dimacs_dir) {
		snprintf(path, sizeof(path), "%s/net-%d.min", dimacs_dir, n);
		in.dump_network = path;
	}
	t1 = now_s();
	c1 = cpu_s();
	if (sb_match_run(&res, &in) < 0) {
		fprintf(stderr, "bench_match: %s\n", sb_error_message());
		return 1;
	}
	t2 = now_s();
	c2 = cpu_s();
	printf("%7d profiles  %7d requests  %7zu connections (cost %.4f)"
	       "  %6zu clusters  %4zu clinics  flow %8ld nodes %9ld arcs"
	       " %5ld phases  generate %.3f s  match %.3f s (cpu %.3f s,"
	       " solve %.3f s)",
	       n, res.requests, res.n_connections, res.cost, res.n_clusters,
	       res.n_proposed, res.flow_nodes, res.flow_arcs, res.flow_phases,
	       t1 - t0, t2 - t1, c2 - c1, res.flow_cpu);
	fflush(stdout);
	sb_match_result_dispose(&res);
	sb_siteconf_dispose(&conf);
	sb_records_dispose(&recs);
	return 0;
}

int main(int argc, char **argv)
{
	static const int dflt[] = {1000, 10000, 100000};
	int first = 1, n_sizes;

	for (; first + 1 < argc && strncmp(argv[first], "--", 2) == 0;
	     first += 2) {
		if (strcmp(argv[first], "--dimacs") == 0)
			dimacs_dir = argv[first + 1];
		else if (strcmp(argv[first], "--capacity") == 0)
			max_capacity = atoi(argv[first + 1]);
		else if (strcmp(argv[first], "--learn") == 0)
			max_learn = atoi(argv[first + 1]);
		else
			break;
	}
	if (first < argc && strncmp(argv[first], "--", 2) == 0) {
		fprintf(stderr, "usage: bench_match [--dimacs DIR] "
			"[--capacity N] [--learn N] [SIZE...]\n");
		return 2;
	}
	n_sizes = argc > first ? argc - first : 3;
	for (int i = 0; i < n_sizes; i++) {
		int n = argc > first ? atoi(argv[i + first]) : dflt[i];
		struct rusage ru;
		int status;
		pid_t pid;

		fflush(stdout);
		pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(run_size(n));
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			return 1;
		printf("  peak %.1f MB\n", ru.ru_maxrss / 1024.0);
	}
	return 0;
}
