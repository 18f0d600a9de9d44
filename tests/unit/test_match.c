/*
 * test_match.c - one-to-one connections: agreement with an exhaustive
 * search, the hard rules on large instances, determinism and stability.
 *
 * The exhaustive search below re-implements the rules of docs/matching.md
 * from the records on its own (it shares nothing with src/match but the
 * documented integer cost scale), enumerates every assignment and keeps
 * the one serving most requests at the least cost.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match_gen.h"
#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/match.h"
#include "skillsbot/siteconf.h"

#define SCALE 72000.0
#define NOW ((time_t)1795000000)  /* 2026-11-18, a fixed instant */

/* ---- the exhaustive search ---- */

typedef struct bf_req {
	int learner;
	const char *skill;     /* key: id or lower-cased text */
	int opt[16];           /* eligible sharers */
	long long opt_cost[16];
	int n_opt;
} bf_req;

typedef struct bf {
	const sb_records *recs;
	const sb_siteconf *conf;
	const sb_prev_pair *prev;
	size_t n_prev;
	bf_req req[32];
	int n_req;
	int load[64], count[64];
	long long w_lang, w_min, w_half, w_stab, w_load;
	int best_served;
	long long best_cost;
	long nodes;
} bf;

static char *key_of(const sb_skill_ref *s)
{
	char *k = sb_strdup(s->id ? s->id : s->text);

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

static int has_skill(const sb_skill_ref *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		char *k = key_of(&v[i]);
		int eq = strcmp(k, key) == 0;

		free(k);
		if (eq)
			return 1;
	}
	return 0;
}

static int offset_of(const sb_profile *p, int *out)
{
	int h, m;
	char sign;

	if (!p->timezone ||
	    sscanf(p->timezone, "UTC%c%d:%d", &sign, &h, &m) != 3)
		return 0;
	*out = (sign == '-' ? -1 : 1) * (h * 60 + m);
	return 1;
}

static int high(int level)
{
	return level == SB_LEVEL_NONE || level >= 3;
}

/* 0 when the pair breaks the language rule, else 1 and the cost. */
static int bf_pair_cost(const bf *B, const sb_profile *l, const sb_profile *s,
			long long *out)
{
	int common = 0, both_high = 0, a, b;

	for (size_t i = 0; i < l->n_languages; i++)
		for (size_t k = 0; k < s->n_languages; k++)
			if (strcmp(l->languages[i].code, s->languages[k].code) == 0) {
				common = 1;
				if (high(l->languages[i].level) &&
				    high(s->languages[k].level))
					both_high = 1;
			}
	if (!common)
		return 0;
	*out = both_high ? 0 : B->w_lang;
	if (offset_of(l, &a) && offset_of(s, &b)) {
		int d = abs(a - b) % 1440;

		*out += B->w_min * (d > 720 ? 1440 - d : d);
	} else if (!l->region || !s->region || strcmp(l->region, s->region)) {
		*out += B->w_half;
	}
	return 1;
}

static int one_to_one(const sb_profile *p)
{
	return p->status == SB_STATUS_ACTIVE && (p->formats & SB_FMT_ONE_TO_ONE);
}

static int is_prev(const bf *B, const char *l, const char *s, const char *k)
{
	for (size_t i = 0; i < B->n_prev; i++)
		if (!strcmp(B->prev[i].learner, l) &&
		    !strcmp(B->prev[i].sharer, s) && !strcmp(B->prev[i].skill, k))
			return 1;
	return 0;
}

static void bf_collect(bf *B)
{
	const sb_records *R = B->recs;

	B->n_req = 0;
	for (size_t i = 0; i < R->n_profiles; i++) {
		const sb_profile *l = &R->profiles[i];

		if (l->status != SB_STATUS_ACTIVE)
			continue;
		for (size_t k = 0; k < l->n_learn; k++) {
			char *key = key_of(&l->learn[k]);
			bf_req *q;
			int dup = 0;

			for (int j = 0; j < B->n_req; j++)
				dup |= B->req[j].learner == (int)i &&
				       !strcmp(B->req[j].skill, key);
			if (dup) {
				free(key);
				continue;
			}
			q = &B->req[B->n_req++];
			q->learner = (int)i;
			q->skill = key;
			q->n_opt = 0;
			for (size_t j = 0; j < R->n_profiles && one_to_one(l); j++) {
				const sb_profile *s = &R->profiles[j];
				long long c;

				if (j == i || !one_to_one(s) || s->capacity <= 0 ||
				    !has_skill(s->share, s->n_share, key) ||
				    !bf_pair_cost(B, l, s, &c))
					continue;
				if (is_prev(B, l->username, s->username, key))
					c -= B->w_stab;
				q->opt[q->n_opt] = (int)j;
				q->opt_cost[q->n_opt++] = c;
			}
		}
	}
}

static void bf_search(bf *B, int i, int served, long long cost)
{
	B->nodes++;
	if (i == B->n_req) {
		long long total = cost;

		for (size_t p = 0; p < B->recs->n_profiles; p++)
			total += B->w_load * B->load[p] * (B->load[p] - 1) / 2;
		if (served > B->best_served ||
		    (served == B->best_served && total < B->best_cost)) {
			B->best_served = served;
			B->best_cost = total;
		}
		return;
	}
	bf_search(B, i + 1, served, cost);
	if (B->count[B->req[i].learner] >=
	    B->conf->max_requests_per_learner)
		return;
	for (int k = 0; k < B->req[i].n_opt; k++) {
		int s = B->req[i].opt[k];

		if (B->load[s] >= B->recs->profiles[s].capacity)
			continue;
		B->load[s]++;
		B->count[B->req[i].learner]++;
		bf_search(B, i + 1, served + 1, cost + B->req[i].opt_cost[k]);
		B->load[s]--;
		B->count[B->req[i].learner]--;
	}
}

static double space(const bf *B)
{
	double n = 1;

	for (int i = 0; i < B->n_req; i++)
		n *= B->req[i].n_opt + 1;
	return n;
}

/* ---- helpers ---- */

static char *result_json(const sb_match_result *r, const sb_records *recs)
{
	cJSON *j = sb_match_to_json(r, recs);
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_json_print(&b, j), 0);
	cJSON_Delete(j);
	return sb_buf_take(&b, NULL);
}

static void run_match(sb_match_result *out, const sb_records *recs,
		      const sb_siteconf *conf, const sb_prev_pair *prev,
		      size_t n_prev)
{
	sb_match_input in = {.recs = recs, .conf = conf, .prev = prev,
			     .n_prev = n_prev, .now = NOW};
	int err = sb_match_run(out, &in);

	if (err < 0)
		fail_msg("sb_match_run: %s", sb_error_message());
}

/* Previous pairs taken from a result (strings borrowed from recs/r). */
static sb_prev_pair *prev_of(const sb_match_result *r, const sb_records *recs)
{
	sb_prev_pair *v = sb_calloc(r->n_connections + 1, sizeof(*v));

	for (size_t i = 0; i < r->n_connections; i++) {
		v[i].learner = recs->profiles[r->connections[i].learner].username;
		v[i].sharer = recs->profiles[r->connections[i].sharer].username;
		v[i].skill = r->connections[i].skill;
	}
	return v;
}

/* ---- tests ---- */

static void test_agrees_with_exhaustive_search(void **state)
{
	static const double wl[] = {1.0, 0.0, 0.5, 2.0};
	static const double wt[] = {1.0, 0.0, 0.25};
	static const double ws[] = {0.5, 0.0, 3.0};
	static const double wd[] = {0.1, 0.0, 0.7};
	mg_params p = {.n_skills = 3, .n_langs = 3, .max_learn = 2,
		       .max_share = 2, .max_capacity = 2, .unmapped_pct = 10,
		       .away_pct = 8, .inactive_pct = 5, .unknown_tz_pct = 25,
		       .fixed_offsets = true};
	int checked = 0, served_some = 0, with_prev = 0, several = 0;
	mg_rng r = {42};

	(void)state;
	for (uint64_t seed = 1; checked < 3000; seed++) {
		sb_records recs;
		sb_siteconf conf;
		sb_match_result res;
		sb_prev_pair prev[4];
		size_t n_prev = 0;
		bf B;

		p.n_people = 3 + mg_below(&r, 5);
		p.n_langs = 2 + mg_below(&r, 2);
		mg_records(&recs, &p, seed);
		sb_siteconf_defaults(&conf);
		conf.w_language = wl[mg_below(&r, 4)];
		conf.w_time = wt[mg_below(&r, 3)];
		conf.w_stability = ws[mg_below(&r, 3)];
		conf.w_load = wd[mg_below(&r, 3)];
		conf.max_requests_per_learner = 1 + mg_below(&r, 3);
		memset(&B, 0, sizeof(B));
		B.recs = &recs;
		B.conf = &conf;
		B.w_lang = llround(conf.w_language * SCALE);
		B.w_min = llround(conf.w_time * SCALE / 720);
		B.w_half = 360 * B.w_min;
		B.w_stab = llround(conf.w_stability * SCALE);
		B.w_load = llround(conf.w_load * SCALE);
		bf_collect(&B);
		/* previous pairs: some of the eligible ones, at random */
		for (int i = 0; i < B.n_req && n_prev < 4; i++)
			if (B.req[i].n_opt && mg_below(&r, 2)) {
				int s = B.req[i].opt[mg_below(&r, B.req[i].n_opt)];

				prev[n_prev].learner =
					recs.profiles[B.req[i].learner].username;
				prev[n_prev].sharer = recs.profiles[s].username;
				prev[n_prev].skill = sb_strdup(B.req[i].skill);
				n_prev++;
			}
		for (int i = 0; i < B.n_req; i++)
			free((char *)B.req[i].skill);
		B.prev = prev;
		B.n_prev = n_prev;
		bf_collect(&B);
		if (space(&B) <= 200000) {
			B.best_served = -1;
			bf_search(&B, 0, 0, 0);
			/* both shapes of the network: direct arcs for small
			 * groups (what these sizes get), and hubs only */
			for (int hubs = 0; hubs < 2; hubs++) {
			{
				sb_match_input in = {.recs = &recs, .conf = &conf,
						     .prev = prev, .n_prev = n_prev,
						     .now = NOW, .hubs_only = hubs == 1};

				if (sb_match_run(&res, &in) < 0)
					fail_msg("seed %llu (%zu people, weights %g %g %g %g, max %d, %zu previous): %s",
						 (unsigned long long)seed, recs.n_profiles,
						 conf.w_language, conf.w_time,
						 conf.w_stability, conf.w_load,
						 conf.max_requests_per_learner, n_prev,
						 sb_error_message());
			}
			if ((int)res.n_connections != B.best_served ||
			    llround(res.cost * 1e4) !=
			    llround(B.best_cost / SCALE * 1e4)) {
				char *j = result_json(&res, &recs);

				for (size_t i = 0; i < n_prev; i++)
					print_message("previous: %s <- %s: %s\n",
						      prev[i].learner, prev[i].sharer,
						      prev[i].skill);
				print_message("%s\n", j);
				free(j);
				fail_msg("seed %llu (%zu people, weights %g %g %g %g, "
					 "max %d, %zu previous, hubs %d): served %zu "
					 "cost %.4f, exhaustive search %d %.4f",
					 (unsigned long long)seed, recs.n_profiles,
					 conf.w_language, conf.w_time,
					 conf.w_stability, conf.w_load,
					 conf.max_requests_per_learner, n_prev,
					 hubs, res.n_connections, res.cost,
					 B.best_served, B.best_cost / SCALE);
			}
			if (hubs == 0) {
				served_some += res.n_connections > 0;
				several += res.n_connections >= 3;
				with_prev += n_prev > 0;
			}
			sb_match_result_dispose(&res);
			}
			checked++;
		}
		for (int i = 0; i < B.n_req; i++)
			free((char *)B.req[i].skill);
		for (size_t i = 0; i < n_prev; i++)
			free((char *)prev[i].skill);
		sb_siteconf_dispose(&conf);
		sb_records_dispose(&recs);
	}
	print_message("%d instances, %d with connections (%d with 3+), "
		      "%d with previous pairs\n",
		      checked, served_some, several, with_prev);
	/* the instances must not be trivial */
	assert_true(served_some > 1400);
	assert_true(several > 200);
	assert_true(with_prev > 900);
}

static int speaks(const sb_profile *p, const char *code)
{
	for (size_t i = 0; i < p->n_languages; i++)
		if (!strcmp(p->languages[i].code, code))
			return 1;
	return 0;
}

static int shares_display(const sb_skill_ref *v, size_t n, const char *skill)
{
	char *key = key_of(&(sb_skill_ref){.id = NULL, .text = (char *)skill});
	int hit = has_skill(v, n, key);

	free(key);
	return hit;
}

/* Every rule of outputs.md section 1 on large random directories. */
static void test_rules_hold_on_large_instances(void **state)
{
	mg_params p = {.n_people = 3000, .n_skills = 25, .n_langs = 12,
		       .max_learn = 4, .max_share = 3, .max_capacity = 3,
		       .unmapped_pct = 3, .away_pct = 5, .inactive_pct = 3,
		       .unknown_tz_pct = 10, .skewed = true};
	sb_siteconf conf;

	(void)state;
	sb_siteconf_defaults(&conf);
	for (uint64_t seed = 1; seed <= 3; seed++) {
		sb_records recs;
		sb_match_result res;
		int *host = NULL, *took = NULL;
		size_t n = 0;

		mg_records(&recs, &p, seed * 7919);
		n = recs.n_profiles;
		host = sb_calloc(n, sizeof(int));
		took = sb_calloc(n, sizeof(int));
		run_match(&res, &recs, &conf, NULL, 0);
		assert_true(res.n_connections > 500);
		for (size_t i = 0; i < res.n_connections; i++) {
			const sb_connection *c = &res.connections[i];
			const sb_profile *l = &recs.profiles[c->learner];
			const sb_profile *s = &recs.profiles[c->sharer];

			assert_true(c->learner != c->sharer);
			assert_true(c->n_languages > 0);
			for (size_t k = 0; k < c->n_languages; k++)
				assert_true(speaks(l, c->languages[k]) &&
					    speaks(s, c->languages[k]));
			assert_int_equal(l->status, SB_STATUS_ACTIVE);
			assert_int_equal(s->status, SB_STATUS_ACTIVE);
			assert_true(l->formats & s->formats & SB_FMT_ONE_TO_ONE);
			assert_true(shares_display(s->share, s->n_share, c->skill));
			assert_true(shares_display(l->learn, l->n_learn, c->skill));
			host[c->sharer]++;
			took[c->learner]++;
			/* one sharer per (learner, skill) */
			if (i > 0 && res.connections[i - 1].learner == c->learner)
				assert_string_not_equal(res.connections[i - 1].skill,
							c->skill);
		}
		for (size_t i = 0; i < res.n_clusters; i++) {
			const sb_cluster *g = &res.clusters[i];

			assert_true(g->n_learners == 3 || g->n_learners == 4);
			for (size_t k = 0; k < g->n_learners; k++) {
				const sb_profile *l = &recs.profiles[g->learners[k]];

				assert_true(speaks(l, g->language));
				assert_true(l->formats & SB_FMT_CLUSTER);
				assert_true(shares_display(l->learn, l->n_learn,
							   g->skill));
				took[g->learners[k]]++;
			}
			if (g->has_host) {
				const sb_profile *h = &recs.profiles[g->host];

				assert_true(speaks(h, g->language));
				assert_true(h->formats & SB_FMT_CLUSTER);
				assert_true(shares_display(h->share, h->n_share,
							   g->skill));
				host[g->host]++;
			}
		}
		for (size_t i = 0; i < n; i++) {
			assert_true(host[i] <= recs.profiles[i].capacity);
			assert_true(took[i] <= conf.max_requests_per_learner);
		}
		assert_int_equal(res.served + (int)res.n_unserved, res.requests);
		free(host);
		free(took);
		sb_match_result_dispose(&res);
		sb_records_dispose(&recs);
	}
	sb_siteconf_dispose(&conf);
}

static void shuffle(sb_records *recs, mg_rng *r)
{
	for (size_t i = recs->n_profiles; i > 1; i--) {
		size_t j = (size_t)mg_below(r, (int)i);
		sb_profile t = recs->profiles[i - 1];

		recs->profiles[i - 1] = recs->profiles[j];
		recs->profiles[j] = t;
	}
}

/* The same records in any order give the same bytes. */
static void test_any_order_same_bytes(void **state)
{
	mg_params p = {.n_people = 800, .n_skills = 12, .n_langs = 8,
		       .max_learn = 3, .max_share = 3, .max_capacity = 3,
		       .unmapped_pct = 10, .away_pct = 5, .inactive_pct = 3,
		       .unknown_tz_pct = 15, .skewed = true};
	sb_siteconf conf;
	mg_rng r = {7};

	(void)state;
	sb_siteconf_defaults(&conf);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		sb_records recs;
		sb_match_result res;
		char *first, *again;

		mg_records(&recs, &p, seed);
		/* the same person twice: the first in the total order counts */
		if (seed == 2) {
			free(recs.profiles[5].username);
			recs.profiles[5].username = sb_strdup("User 00004");
		}
		run_match(&res, &recs, &conf, NULL, 0);
		first = result_json(&res, &recs);
		sb_match_result_dispose(&res);
		for (int k = 0; k < 3; k++) {
			shuffle(&recs, &r);
			run_match(&res, &recs, &conf, NULL, 0);
			again = result_json(&res, &recs);
			assert_string_equal(first, again);
			free(again);
			sb_match_result_dispose(&res);
		}
		free(first);
		sb_records_dispose(&recs);
	}
	sb_siteconf_dispose(&conf);
}

static int same_pairs(const sb_match_result *a, const sb_records *ra,
		      const sb_match_result *b, const sb_records *rb)
{
	char *x = result_json(a, ra), *y = result_json(b, rb);
	cJSON *jx, *jy;
	int eq;

	assert_int_equal(sb_json_parse(&jx, x, strlen(x), "a"), 0);
	assert_int_equal(sb_json_parse(&jy, y, strlen(y), "b"), 0);
	/* compare who is connected with whom, not costs or "kept" */
	eq = a->n_connections == b->n_connections;
	for (size_t i = 0; eq && i < a->n_connections; i++) {
		const sb_connection *p = &a->connections[i];
		const sb_connection *q = &b->connections[i];

		eq = !strcmp(ra->profiles[p->learner].username,
			     rb->profiles[q->learner].username) &&
		     !strcmp(ra->profiles[p->sharer].username,
			     rb->profiles[q->sharer].username) &&
		     !strcmp(p->skill, q->skill);
	}
	cJSON_Delete(jx);
	cJSON_Delete(jy);
	free(x);
	free(y);
	return eq;
}

/* With last cycle's pairs as "previous", the result is last cycle's result
 * (a fixed point); an edit that leaves every pair feasible (a new time
 * zone) changes no pair when stability outweighs the other costs; an edit
 * to a field matching does not read changes nothing at all. */
static void test_stability(void **state)
{
	mg_params p = {.n_people = 1500, .n_skills = 15, .n_langs = 8,
		       .max_learn = 3, .max_share = 3, .max_capacity = 3,
		       .unmapped_pct = 5, .away_pct = 5, .inactive_pct = 3,
		       .unknown_tz_pct = 15, .skewed = true};
	sb_siteconf conf;
	sb_records recs;
	sb_match_result r0, r1, r2;
	sb_prev_pair *prev;
	char *a, *b;
	size_t kept = 0;

	(void)state;
	sb_siteconf_defaults(&conf);
	mg_records(&recs, &p, 99);
	run_match(&r0, &recs, &conf, NULL, 0);
	prev = prev_of(&r0, &recs);
	run_match(&r1, &recs, &conf, prev, r0.n_connections);
	assert_true(same_pairs(&r0, &recs, &r1, &recs));
	for (size_t i = 0; i < r1.n_connections; i++)
		kept += r1.connections[i].kept;
	assert_int_equal(kept, r1.n_connections);
	sb_match_result_dispose(&r1);

	/* contact and affiliate do not count for matching */
	free(recs.profiles[10].contact);
	recs.profiles[10].contact = sb_strdup("email me");
	run_match(&r1, &recs, &conf, NULL, 0);
	a = result_json(&r0, &recs);
	b = result_json(&r1, &recs);
	assert_string_equal(a, b);
	free(a);
	free(b);
	sb_match_result_dispose(&r1);

	/* someone moves: every old pair stays (stability 10 > any saving) */
	conf.w_stability = 10;
	for (size_t i = 0; i < recs.n_profiles; i++) {
		sb_profile *q = &recs.profiles[i];

		if (q->timezone && q->n_learn && q->status == SB_STATUS_ACTIVE) {
			free(q->timezone);
			q->timezone = sb_strdup("Pacific/Kiritimati");
			break;
		}
	}
	run_match(&r2, &recs, &conf, prev, r0.n_connections);
	assert_true(same_pairs(&r0, &recs, &r2, &recs));
	sb_match_result_dispose(&r2);
	free(prev);
	sb_match_result_dispose(&r0);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agrees_with_exhaustive_search),
		cmocka_unit_test(test_rules_hold_on_large_instances),
		cmocka_unit_test(test_any_order_same_bytes),
		cmocka_unit_test(test_stability),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
