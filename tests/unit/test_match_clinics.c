/*
 * test_match_clinics.c - cluster groups, proposed clinics, rosters and the
 * exact JSON of `skillsbot match`, on small directories checked by hand
 * against the rules of docs/matching.md.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/match.h"
#include "skillsbot/mem.h"
#include "skillsbot/render.h"
#include "skillsbot/siteconf.h"

#define NOW ((time_t)1795000000)

/* Split "a;b;c" into skill refs (ids). */
static sb_skill_ref *skills(const char *list, size_t *n)
{
	sb_skill_ref *v = sb_calloc(8, sizeof(*v));
	char *copy = sb_strdup(list), *save = NULL;

	*n = 0;
	for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		v[*n].id = sb_strdup(t);
		v[*n].text = sb_strdup(t);
		(*n)++;
	}
	free(copy);
	return v;
}

/* "en-3,fr" -> languages (no level: SB_LEVEL_NONE) */
static sb_lang *langs(const char *list, size_t *n)
{
	sb_lang *v = sb_calloc(8, sizeof(*v));
	char *copy = sb_strdup(list), *save = NULL;

	*n = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(t, '-');

		v[*n].level = dash ? atoi(dash + 1) : SB_LEVEL_NONE;
		if (dash)
			*dash = '\0';
		snprintf(v[*n].code, sizeof(v[*n].code), "%s", t);
		(*n)++;
	}
	free(copy);
	return v;
}

static void person(sb_records *r, const char *name, const char *lang,
		   const char *tz, const char *share, const char *learn,
		   unsigned formats, int capacity, int status)
{
	sb_profile p;

	memset(&p, 0, sizeof(p));
	p.page = sb_asprintf("User:%s/Profile", name);
	p.page_id = 100 + (int64_t)r->n_profiles;
	p.username = sb_strdup(name);
	p.region = sb_strdup("NWE");
	p.languages = langs(lang, &p.n_languages);
	p.timezone = tz ? sb_strdup(tz) : NULL;
	p.share = skills(share, &p.n_share);
	p.learn = skills(learn, &p.n_learn);
	p.formats = formats;
	p.capacity = capacity;
	p.status = status;
	sb_records_add_profile(r, &p);
}

static const char *uname(const sb_records *r, size_t i)
{
	return r->profiles[i].username;
}

static void run(sb_match_result *out, const sb_records *recs,
		const sb_siteconf *conf)
{
	sb_match_input in = {.recs = recs, .conf = conf, .now = NOW};

	if (sb_match_run(out, &in) < 0)
		fail_msg("sb_match_run: %s", sb_error_message());
}

/* 7 French speakers who want wikidata and no one-to-one sharer: a group
 * of 4 and a group of 3 (in the total order); the only host has room for
 * one group. A German speaker and a one-to-one-only learner stay out. */
static void test_clusters(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	char name[32];

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	for (int i = 7; i >= 1; i--) {  /* reversed: order must not matter */
		snprintf(name, sizeof(name), "Learner %d", i);
		person(&recs, name, "fr", "UTC+01:00", "", "wikidata",
		       SB_FMT_CLUSTER, 2, SB_STATUS_ACTIVE);
	}
	person(&recs, "Deutsch", "de", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "Solo", "fr", NULL, "", "wikidata", SB_FMT_ONE_TO_ONE, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "Host", "fr,en", NULL, "wikidata", "",
	       SB_FMT_CLUSTER | SB_FMT_CLINIC, 1, SB_STATUS_ACTIVE);
	person(&recs, "Away host", "fr", NULL, "wikidata", "", SB_FMT_CLUSTER, 5,
	       SB_STATUS_AWAY);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_connections, 0);
	assert_int_equal(res.n_clusters, 2);
	assert_string_equal(res.clusters[0].skill, "wikidata");
	assert_string_equal(res.clusters[0].language, "fr");
	assert_int_equal(res.clusters[0].n_learners, 4);
	assert_string_equal(uname(&recs, res.clusters[0].learners[0]), "Learner 1");
	assert_string_equal(uname(&recs, res.clusters[0].learners[3]), "Learner 4");
	assert_true(res.clusters[0].has_host);
	assert_string_equal(uname(&recs, res.clusters[0].host), "Host");
	assert_int_equal(res.clusters[1].n_learners, 3);
	assert_string_equal(uname(&recs, res.clusters[1].learners[0]), "Learner 5");
	assert_false(res.clusters[1].has_host);
	assert_int_equal(res.requests, 9);
	assert_int_equal(res.served, 7);
	assert_int_equal(res.n_unserved, 2);
	assert_string_equal(uname(&recs, res.unserved[0].learner), "Deutsch");
	assert_string_equal(uname(&recs, res.unserved[1].learner), "Solo");
	/* demand 9, one-to-one capacity 0: a clinic is proposed */
	assert_int_equal(res.n_proposed, 1);
	assert_int_equal(res.proposed[0].unmet, 9);
	assert_int_equal(res.proposed[0].n_facilitators, 1);
	assert_string_equal(uname(&recs, res.proposed[0].facilitators[0]), "Host");
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

static void add_declined(sb_records *r, const char *author,
			 const char *with, const char *skill)
{
	sb_feedback f;

	memset(&f, 0, sizeof(f));
	f.page = sb_asprintf("User:%s/Feedback", author);
	f.page_id = 500 + (int64_t)r->n_feedback;
	f.author = sb_strdup(author);
	f.with = sb_strdup(with);
	f.skill.text = sb_strdup(skill);
	f.outcome = SB_OUTCOME_DECLINED;
	sb_records_add_feedback(r, &f);
}

/* n learners "Learner 1".. of wikidata, speaking fr, in clusters only. */
static void cluster_learners(sb_records *recs, int n)
{
	char name[32];

	for (int i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "Learner %d", i);
		person(recs, name, "fr", NULL, "", "wikidata", SB_FMT_CLUSTER,
		       2, SB_STATUS_ACTIVE);
	}
}

/* A learner declined the first host (in feedback, for this skill): the
 * group gets the next one. A host who declined a learner counts too, and
 * a pair declined for another skill does not. */
static void test_cluster_host_not_declined(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	sb_prev_pair *declined;
	size_t n_declined;
	sb_match_input in = {.now = NOW};
	static const char *const fb[3][3] = {
		{"Learner 2", "Host A", "wikidata"},
		{"Host B", "Learner 3", "wikidata"},
		{"Learner 1", "Host C", "commons"},
	};

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	cluster_learners(&recs, 4);
	person(&recs, "Host A", "fr", NULL, "wikidata", "", SB_FMT_CLUSTER, 1,
	       SB_STATUS_ACTIVE);
	person(&recs, "Host B", "fr", NULL, "wikidata", "", SB_FMT_CLUSTER, 1,
	       SB_STATUS_ACTIVE);
	person(&recs, "Host C", "fr", NULL, "wikidata", "", SB_FMT_CLUSTER, 1,
	       SB_STATUS_ACTIVE);
	in.recs = &recs;
	in.conf = &conf;
	for (size_t n = 0; n <= 3; n++) {
		if (n)   /* the matcher reads the feedback itself */
			add_declined(&recs, fb[n - 1][0], fb[n - 1][1],
				     fb[n - 1][2]);
		if (sb_match_run(&res, &in) < 0)
			fail_msg("sb_match_run: %s", sb_error_message());
		assert_int_equal(res.n_clusters, 1);
		assert_true(res.clusters[0].has_host);
		/* no pair declined: A; A declined: B; B too: C; the pair of
		 * another skill changes nothing */
		assert_string_equal(uname(&recs, res.clusters[0].host),
				    n == 0 ? "Host A" : n == 1 ? "Host B" :
				    "Host C");
		sb_match_result_dispose(&res);
	}
	/* each pair comes both ways round */
	declined = sb_match_declined(&recs, &n_declined);
	assert_int_equal(n_declined, 6);
	free(declined);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* Does a cluster group hold both people? */
static bool together(const sb_records *r, const sb_cluster *g,
		     const char *a, const char *b)
{
	bool has_a = false, has_b = false;

	for (size_t i = 0; i < g->n_learners; i++) {
		has_a |= strcmp(uname(r, g->learners[i]), a) == 0;
		has_b |= strcmp(uname(r, g->learners[i]), b) == 0;
	}
	return has_a && has_b;
}

/* Two learners who declined each other for the skill never share a
 * group: the next speaker in the total order takes the place. When too
 * few speakers can go together, there is no group in that language. */
static void test_cluster_learners_not_declined(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	/* a caller's pair, only one way round */
	sb_prev_pair one_way = {"Learner 2", "Learner 1", "wikidata", 0};
	sb_match_input in = {.now = NOW};

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	cluster_learners(&recs, 5);
	in.recs = &recs;
	in.conf = &conf;
	/* n = 0: nothing declined; 1: that pair given by the caller, one
	 * way round; 2: declined in feedback (and another pair, for
	 * another skill) */
	for (size_t n = 0; n <= 2; n++) {
		in.forbidden = n == 1 ? &one_way : NULL;
		in.n_forbidden = n == 1;
		if (n == 2) {
			add_declined(&recs, "Learner 2", "Learner 1", "wikidata");
			add_declined(&recs, "Learner 3", "Learner 4", "commons");
		}
		if (sb_match_run(&res, &in) < 0)
			fail_msg("sb_match_run: %s", sb_error_message());
		assert_int_equal(res.n_clusters, 1);
		assert_int_equal(res.clusters[0].n_learners, 4);
		/* 5 speakers: the first four; with the pair declined,
		 * Learner 2 waits and Learner 5 comes in */
		assert_true(together(&recs, &res.clusters[0], "Learner 1",
				     "Learner 2") == (n == 0));
		assert_true(together(&recs, &res.clusters[0], "Learner 1",
				     "Learner 5") == (n != 0));
		sb_match_result_dispose(&res);
	}
	/* 3 speakers, two of whom declined each other: no group */
	recs.profiles[3].status = SB_STATUS_INACTIVE;
	recs.profiles[4].status = SB_STATUS_INACTIVE;
	if (sb_match_run(&res, &in) < 0)
		fail_msg("sb_match_run: %s", sb_error_message());
	assert_int_equal(res.n_clusters, 0);
	assert_int_equal(res.n_unserved, 3);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* The first section `section` ("roster", "proposed-clinics") as the bot
 * writes it (default layouts and messages, English): a new string. */
static char *rendered(const sb_records *recs, const sb_siteconf *conf,
		      const sb_match_result *res, const char *section)
{
	sb_render_ctx ctx = {.recs = recs, .match = res, .conf = conf,
			     .datadir = getenv("SB_DATADIR")};
	sb_page_out *pages = NULL;
	size_t n = 0;
	char *text = NULL;

	if (sb_render_all(&pages, &n, &ctx) < 0)
		fail_msg("sb_render_all: %s", sb_error_message());
	for (size_t i = 0; i < n && !text; i++)
		if (strcmp(pages[i].section, section) == 0)
			text = sb_strdup(pages[i].content);
	sb_pages_free(pages, n);
	assert_non_null(text);
	return text;
}

/* Demand minus one-to-one capacity ranks skills; languages counted over
 * learners; interpretation for learners the best facilitator shares no
 * language with; start hours where most of the roster is between 08:00
 * and 21:00. */
static void test_proposed_clinics(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	const sb_proposed_clinic *pc;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	/* grant-writing: 5 learners, capacity 1 -> unmet 4
	 * wikidata: 2 learners, capacity 0 -> unmet 2
	 * lua: 1 learner, capacity 2 -> not proposed */
	person(&recs, "A", "en,fr", "UTC+00:00", "", "grant-writing;wikidata",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "B", "en,fr", "UTC+00:00", "", "grant-writing;wikidata",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "C", "es,fr", "UTC+00:00", "", "grant-writing",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "D", "en,ar", "UTC+12:00", "", "grant-writing;lua",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "E", "en", "UTC+05:00", "", "grant-writing",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "Fac", "en", "UTC+00:00", "grant-writing;lua", "",
	       SB_FMT_ALL, 1, SB_STATUS_ACTIVE);
	person(&recs, "Fac2", "ar", "UTC+03:00", "grant-writing;lua", "",
	       SB_FMT_CLINIC, 1, SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_proposed, 2);
	pc = &res.proposed[0];
	assert_string_equal(pc->skill, "grant-writing");
	assert_int_equal(pc->unmet, 4);
	/* Fac speaks en (4 learners), Fac2 ar (1) */
	assert_int_equal(pc->n_facilitators, 2);
	assert_string_equal(uname(&recs, pc->facilitators[0]), "Fac");
	assert_string_equal(uname(&recs, pc->facilitators[1]), "Fac2");
	assert_int_equal(pc->n_languages, 4);
	assert_string_equal(pc->languages[0].code, "en");
	assert_int_equal(pc->languages[0].count, 4);
	assert_string_equal(pc->languages[1].code, "fr");
	assert_int_equal(pc->languages[1].count, 3);
	assert_string_equal(pc->languages[2].code, "ar");
	assert_string_equal(pc->languages[3].code, "es");
	/* only C shares no language with Fac: her es and fr */
	assert_int_equal(pc->n_interpretation, 2);
	assert_string_equal(pc->interpretation[0].code, "es");
	assert_string_equal(pc->interpretation[1].code, "fr");
	/* roster offsets 0,0,0,+12,+5 and Fac 0: UTC 8..15 suit 5 of 6 */
	assert_int_equal(pc->n_start_hours, 3);
	assert_int_equal(pc->start_hours_utc[0], 8);
	assert_int_equal(pc->start_hours_utc[1], 9);
	assert_int_equal(pc->start_hours_utc[2], 10);
	assert_string_equal(res.proposed[1].skill, "wikidata");
	assert_int_equal(res.proposed[1].unmet, 2);
	assert_int_equal(res.proposed[1].n_facilitators, 0);
	sb_match_result_dispose(&res);

	/* at most max_interpretation languages */
	conf.max_interpretation = 1;
	run(&res, &recs, &conf);
	assert_int_equal(res.proposed[0].n_interpretation, 1);
	assert_string_equal(res.proposed[0].interpretation[0].code, "es");
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* "Most of the roster" is more than half of everyone on it: a person
 * whose time zone is unknown is not known to be in their hours. With one
 * zone known among four people no hour is suggested, and the page says
 * how many zones are known; with three of four, hours are. */
static void test_proposed_hours_unknown_zones(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	char *page;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Known", "en", "Asia/Tokyo", "", "wikidata", SB_FMT_ALL,
	       2, SB_STATUS_ACTIVE);
	person(&recs, "U1", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "U2", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "U3", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_proposed, 1);
	assert_int_equal(res.proposed[0].n_start_hours, 0);
	page = rendered(&recs, &conf, &res, "proposed-clinics");
	assert_non_null(strstr(page, "|| time zones known for 1 of 4\n"));
	free(page);
	sb_match_result_dispose(&res);

	/* three of four in Tokyo (UTC+9): 08:00-21:00 there is 23:00-12:00
	 * UTC; the earliest three of those hours, in increasing order */
	free(recs.profiles[1].timezone);
	recs.profiles[1].timezone = sb_strdup("Asia/Tokyo");
	free(recs.profiles[2].timezone);
	recs.profiles[2].timezone = sb_strdup("Asia/Tokyo");
	run(&res, &recs, &conf);
	assert_int_equal(res.proposed[0].n_start_hours, 3);
	assert_int_equal(res.proposed[0].start_hours_utc[0], 0);
	assert_int_equal(res.proposed[0].start_hours_utc[1], 1);
	assert_int_equal(res.proposed[0].start_hours_utc[2], 2);
	page = rendered(&recs, &conf, &res, "proposed-clinics");
	assert_non_null(strstr(page, "|| 00:00, 01:00, 02:00 "
				     "(time zones known for 3 of 4)\n"));
	free(page);
	sb_match_result_dispose(&res);

	/* every zone known, two and two twelve hours apart, local hours
	 * 09:00-12:00: no hour suits three of the four, and the page says
	 * so rather than leave the cell empty */
	conf.local_hours[0] = 9;
	conf.local_hours[1] = 12;
	for (size_t i = 0; i < 4; i++) {
		free(recs.profiles[i].timezone);
		recs.profiles[i].timezone = sb_strdup(i < 2 ? "UTC+00:00"
							    : "UTC+12:00");
	}
	run(&res, &recs, &conf);
	assert_int_equal(res.proposed[0].n_start_hours, 0);
	page = rendered(&recs, &conf, &res, "proposed-clinics");
	assert_non_null(strstr(page, "|| no hour suits most of them\n"));
	free(page);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* Interpreters are for people who share no language with the
 * facilitator: a learner who speaks French with them needs none, even if
 * they also speak Wolof. The languages of those who do need one are
 * counted, most first, at most max_interpretation. */
static void test_proposed_interpretation_by_learner(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	const sb_proposed_clinic *pc;
	char *page;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Fac", "ar,fr,en", NULL, "conflict-management", "",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "L1", "fr,wo,en", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "L2", "fr,ln", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "L3", "wo", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "L4", "es,wo", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "L5", "es,pt", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_proposed, 1);
	pc = &res.proposed[0];
	assert_string_equal(uname(&recs, pc->facilitators[0]), "Fac");
	/* L3, L4 and L5 share nothing with Fac: es 2, wo 2, pt 1; ln (L2
	 * speaks French) is not needed */
	assert_int_equal(pc->n_interpretation, 3);
	assert_string_equal(pc->interpretation[0].code, "es");
	assert_int_equal(pc->interpretation[0].count, 2);
	assert_string_equal(pc->interpretation[1].code, "wo");
	assert_int_equal(pc->interpretation[1].count, 2);
	assert_string_equal(pc->interpretation[2].code, "pt");
	assert_int_equal(pc->interpretation[2].count, 1);
	page = rendered(&recs, &conf, &res, "proposed-clinics");
	assert_non_null(strstr(page, "|| es (2), wo (2), pt (1) ||"));
	free(page);
	sb_match_result_dispose(&res);

	conf.max_interpretation = 1;
	run(&res, &recs, &conf);
	assert_int_equal(res.proposed[0].n_interpretation, 1);
	assert_string_equal(res.proposed[0].interpretation[0].code, "es");
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* The best facilitator is the one who can talk with the most learners
 * without an interpreter, not the one whose languages are mentioned most:
 * Xavier (en, fr) is named by four mentions from two learners, Yasmin
 * (en, ar) reaches all three. Between two who reach as many, the one whose
 * languages more learners speak comes first: Xavier (two learners, four
 * mentions) before Aaron (en: the same two, two mentions). */
static void test_best_facilitator_reaches_most_learners(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	const sb_proposed_clinic *pc;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Xavier", "en,fr", NULL, "conflict-management", "",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "Yasmin", "en,ar", NULL, "conflict-management", "",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "Aaron", "en", NULL, "conflict-management", "",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "A", "en,fr", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "B", "fr,en", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	person(&recs, "C", "ar", NULL, "", "conflict-management",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_proposed, 1);
	pc = &res.proposed[0];
	assert_int_equal(pc->n_facilitators, 3);
	assert_string_equal(uname(&recs, pc->facilitators[0]), "Yasmin");
	assert_string_equal(uname(&recs, pc->facilitators[1]), "Xavier");
	assert_string_equal(uname(&recs, pc->facilitators[2]), "Aaron");
	assert_int_equal(pc->n_interpretation, 0);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* With no facilitator, learners are compared with the clinic's main
 * language (the one most of them speak): four English speakers need no
 * interpreter; a fifth who speaks only Quechua and Spanish does. */
static void test_proposed_interpretation_no_facilitator(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	const sb_proposed_clinic *pc;
	char name[32];

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	for (int i = 1; i <= 4; i++) {
		snprintf(name, sizeof(name), "L%d", i);
		person(&recs, name, i == 1 ? "en,fr" : "en", NULL, "",
		       "wikidata", SB_FMT_ALL, 2, SB_STATUS_ACTIVE);
	}
	run(&res, &recs, &conf);
	assert_int_equal(res.n_proposed, 1);
	assert_int_equal(res.proposed[0].n_facilitators, 0);
	assert_int_equal(res.proposed[0].n_interpretation, 0);
	sb_match_result_dispose(&res);

	person(&recs, "Q", "qu,es", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	pc = &res.proposed[0];
	assert_int_equal(pc->n_interpretation, 2);
	assert_string_equal(pc->interpretation[0].code, "es");
	assert_string_equal(pc->interpretation[1].code, "qu");
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

static void add_clinic(sb_records *r, const char *title, const char *topic,
		       int capacity, const char *const *signups, size_t n)
{
	sb_clinic c;

	memset(&c, 0, sizeof(c));
	c.page = sb_asprintf("Clinics/%s", title);
	c.page_id = 500 + (int64_t)r->n_clinics;
	c.title = sb_strdup(title);
	c.topic.id = sb_strdup(topic);
	c.topic.text = sb_strdup(topic);
	c.languages = langs("en", &c.n_languages);
	c.facilitators = sb_calloc(1, sizeof(char *));
	c.facilitators[0] = sb_strdup("Fac");
	c.n_facilitators = 1;
	c.signups = sb_calloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		c.signups[c.n_signups++] = sb_strdup(signups[i]);
	c.capacity = capacity;
	c.status = SB_CLINIC_SCHEDULED;
	sb_records_add_clinic(r, &c);
}

static void add_resource(sb_records *r, const char *title, const char *skill,
			 const char *clinic)
{
	sb_resource res;

	memset(&res, 0, sizeof(res));
	res.page = sb_strdup("Resources");
	res.page_id = 900;
	res.index = (int)r->n_resources;
	res.title = sb_strdup(title);
	res.skills = skills(skill, &res.n_skills);
	res.clinic = clinic ? sb_strdup(clinic) : NULL;
	sb_records_add_resource(r, &res);
}

/* Sign-ups once each up to capacity, then the waiting list in order;
 * invitations; interpretation; resources. */
static void test_rosters(void **state)
{
	static const char *const signups[] = {"A", "B", "A", "C", "D"};
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	const sb_roster *ro;
	const sb_clinic *cl;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "A", "en", NULL, "", "grant-writing", SB_FMT_CLINIC, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "B", "fr", NULL, "", "grant-writing", SB_FMT_CLINIC, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "Invitee", "en", NULL, "", "grant-writing", SB_FMT_CLINIC,
	       2, SB_STATUS_ACTIVE);
	person(&recs, "Resting", "en", NULL, "", "grant-writing", SB_FMT_CLINIC,
	       2, SB_STATUS_AWAY);
	person(&recs, "Fac", "en", NULL, "grant-writing", "grant-writing",
	       SB_FMT_CLINIC, 2, SB_STATUS_ACTIVE);
	add_clinic(&recs, "Grants 101", "grant-writing", 2, signups, 5);
	add_resource(&recs, "Slides", "grant-writing", NULL);
	add_resource(&recs, "Unrelated", "lua", NULL);
	add_resource(&recs, "Recording", "lua", "Grants 101");
	run(&res, &recs, &conf);
	assert_int_equal(res.n_rosters, 1);
	ro = &res.rosters[0];
	cl = &recs.clinics[ro->clinic];
	assert_int_equal(ro->n_signed_up, 2);
	assert_string_equal(cl->signups[ro->signed_up[0]], "A");
	assert_string_equal(cl->signups[ro->signed_up[1]], "B");
	assert_int_equal(ro->n_waiting, 2);
	assert_string_equal(cl->signups[ro->waiting[0]], "C");
	assert_string_equal(cl->signups[ro->waiting[1]], "D");
	assert_int_equal(ro->n_invite, 1);
	assert_string_equal(uname(&recs, ro->invite[0]), "Invitee");
	assert_int_equal(ro->n_interpretation, 1);
	assert_string_equal(ro->interpretation[0].code, "fr");
	assert_int_equal(ro->n_resources, 2);
	assert_string_equal(recs.resources[ro->resources[0]].title, "Recording");
	assert_string_equal(recs.resources[ro->resources[1]].title, "Slides");
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* Inactive people are left out of every generated page (outputs.md
 * section 3), rosters included: an inactive sign-up is not listed and
 * takes no place; an inactive facilitator is not named, and the roster
 * says the clinic has none. Someone with an active profile besides an
 * inactive one, or with no profile yet, stays. */
static void test_roster_inactive(void **state)
{
	static const char *const signups[] = {"E", "A", "Twice", "Nobody"};
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	char *page;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Fac", "en", NULL, "wikidata", "", SB_FMT_ALL, 2,
	       SB_STATUS_INACTIVE);
	person(&recs, "A", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "E", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_INACTIVE);
	person(&recs, "Twice", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_INACTIVE);
	person(&recs, "Twice", "en", NULL, "", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	add_clinic(&recs, "W", "wikidata", 2, signups, 4);
	run(&res, &recs, &conf);
	page = rendered(&recs, &conf, &res, "roster");
	assert_null(strstr(page, "[[User:Fac|"));
	assert_null(strstr(page, "[[User:E|"));
	assert_non_null(strstr(page, "=== Signed up (2 of 2 places) ===\n"
				     "# [[User:A|A]]\n# [[User:Twice|Twice]]\n"
				     "=== Waiting list (1) ===\n"
				     "# [[User:Nobody|Nobody]]\n"));
	assert_non_null(strstr(page, "* Facilitators: none yet\n"));
	assert_int_equal(res.rosters[0].n_facilitators, 0);
	free(page);
	sb_match_result_dispose(&res);

	/* back to active: named again */
	recs.profiles[0].status = SB_STATUS_ACTIVE;
	run(&res, &recs, &conf);
	page = rendered(&recs, &conf, &res, "roster");
	assert_non_null(strstr(page, "* Facilitators: [[User:Fac|Fac]]\n"));
	free(page);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* The roster always says what interpretation is needed: for those signed
 * up, for the waiting list, and what the clinic page asked for. A clinic
 * in English whose signed-up people all speak English needs none, though
 * its page asks for es, fr and ar and someone who speaks bm and fr waits;
 * once she has a place, her languages are needed. */
static void test_roster_interpretation_line(void **state)
{
	static const char *const signups[] = {"S1", "S2", "M", "N"};
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	char *page;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Fac", "en", NULL, "grant-writing", "", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "S1", "en", NULL, "", "grant-writing", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "S2", "am,en", NULL, "", "grant-writing", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "M", "bm,fr", NULL, "", "grant-writing", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "N", "ar,en", NULL, "", "grant-writing", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	add_clinic(&recs, "Grants", "grant-writing", 2, signups, 4);
	recs.clinics[0].interpretation = langs("es,fr,ar",
					       &recs.clinics[0].n_interpretation);
	run(&res, &recs, &conf);
	page = rendered(&recs, &conf, &res, "roster");
	assert_non_null(strstr(page, "* Interpretation needed: none\n"
				     "** On the waiting list: bm (1), fr (1)\n"
				     "** Asked for on the clinic page: es, fr, ar\n"));
	free(page);
	sb_match_result_dispose(&res);

	recs.clinics[0].capacity = 3;
	run(&res, &recs, &conf);
	page = rendered(&recs, &conf, &res, "roster");
	assert_non_null(strstr(page, "* Interpretation needed: bm (1), fr (1)\n"
				     "** Asked for on the clinic page: es, fr, ar\n"));
	assert_null(strstr(page, "waiting list:"));
	free(page);
	sb_match_result_dispose(&res);

	/* no languages on the page: those of the facilitator (en); with no
	 * facilitator who has a profile, the one most sign-ups speak (en) */
	free(recs.clinics[0].languages);
	recs.clinics[0].languages = NULL;
	recs.clinics[0].n_languages = 0;
	for (int k = 0; k < 2; k++) {
		if (k) {
			free(recs.clinics[0].facilitators[0]);
			recs.clinics[0].facilitators[0] = sb_strdup("Nobody");
		}
		run(&res, &recs, &conf);
		assert_int_equal(res.rosters[0].n_interpretation, 2);
		assert_string_equal(res.rosters[0].interpretation[0].code, "bm");
		assert_string_equal(res.rosters[0].interpretation[1].code, "fr");
		sb_match_result_dispose(&res);
	}
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* The JSON object, byte for byte: keys and order of outputs.md section 4,
 * values worked out by hand from the cost rules. */
static void test_json_exact(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;
	cJSON *j;
	sb_buf b;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	/* Bob <- Alice: en at level 2 -> language 1; 1 hour -> 1/12; Alice's
	 * first unit of load -> 0: 1.0833. Carol <- Alice: en 4 and en N ->
	 * 0; 5:30 apart -> 5.5/12 = 0.4583; Alice's second unit -> 0.1:
	 * 0.5583. Alice <- Bob: 1 + 1/12 = 1.0833. The wikidata clinic has
	 * no facilitator; both its learners speak en, the main language, so
	 * no interpretation. */
	person(&recs, "Alice", "en-6,fr-3", "UTC+00:00", "grant-writing",
	       "wikidata", SB_FMT_ALL, 2, SB_STATUS_ACTIVE);
	person(&recs, "Bob", "en-2", "UTC+01:00", "wikidata", "grant-writing",
	       SB_FMT_ONE_TO_ONE | SB_FMT_CLUSTER, 1, SB_STATUS_ACTIVE);
	person(&recs, "Carol", "hi,en-4", "UTC+05:30", "",
	       "grant-writing;wikidata", SB_FMT_ALL, 2, SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	j = sb_match_to_json(&res, &recs);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_json_print(&b, j), 0);
	assert_string_equal(sb_buf_str(&b),
		"{\"connections\":["
		"{\"learner\":\"Alice\",\"sharer\":\"Bob\",\"skill\":\"wikidata\","
		"\"languages\":[\"en\"],\"hours_apart\":1,\"cost\":1.0833,\"kept\":false},"
		"{\"learner\":\"Bob\",\"sharer\":\"Alice\",\"skill\":\"grant-writing\","
		"\"languages\":[\"en\"],\"hours_apart\":1,\"cost\":1.0833,\"kept\":false},"
		"{\"learner\":\"Carol\",\"sharer\":\"Alice\",\"skill\":\"grant-writing\","
		"\"languages\":[\"en\"],\"hours_apart\":6,\"cost\":0.5583,\"kept\":false}],"
		"\"clusters\":[],"
		"\"unserved\":[{\"learner\":\"Carol\",\"skill\":\"wikidata\"}],"
		"\"proposed_clinics\":[{\"skill\":\"wikidata\",\"unmet\":1,"
		"\"facilitators\":[],\"languages\":{\"en\":2,\"fr\":1,\"hi\":1},"
		"\"interpretation\":[],"
		"\"start_hours_utc\":[8,9,10]}],"
		"\"totals\":{\"requests\":4,\"served\":3,\"cost\":2.725}}");
	sb_buf_dispose(&b);
	cJSON_Delete(j);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* Away people are given nothing new, as sharers or as learners. */
static void test_away(void **state)
{
	sb_records recs;
	sb_siteconf conf;
	sb_match_result res;

	(void)state;
	sb_records_init(&recs);
	sb_siteconf_defaults(&conf);
	person(&recs, "Learner", "en", NULL, "", "lua", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	person(&recs, "Away", "en", NULL, "lua", "wikidata", SB_FMT_ALL, 2,
	       SB_STATUS_AWAY);
	person(&recs, "Sharer", "en", NULL, "wikidata", "", SB_FMT_ALL, 2,
	       SB_STATUS_ACTIVE);
	run(&res, &recs, &conf);
	assert_int_equal(res.n_connections, 0);
	assert_int_equal(res.requests, 1);
	assert_int_equal(res.n_unserved, 1);
	sb_match_result_dispose(&res);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
}

/* Run a shell script in the source tree with the built program first
 * on PATH; its standard output (and error) into *out. */
static int sh(char **out, const char *script)
{
	char *cmd = sb_asprintf("cd %s && PATH=%s:$PATH SB_DATADIR=%s/wikitext "
				"&& export PATH SB_DATADIR && (%s) 2>&1",
				getenv("SB_SRCDIR"), getenv("SB_BINDIR"),
				getenv("SB_SRCDIR"), script);
	int status = tu_run(out, cmd);

	free(cmd);
	return status;
}

/* `skillsbot match` on records with feedback keeps the pairs it declined
 * apart, as the daemon does: the examples suggest Amina Diallo <- Wanjiru
 * Kamau for conflict management, and not once Amina has declined her. */
static void test_cli_declined(void **state)
{
	char *dir, *script, *out;
	const char *pair = "Amina Diallo <- Wanjiru Kamau: conflict-management";

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	dir = tu_mkdtemp();
	script = sb_asprintf(
		"skillsbot extract --all wikitext/examples/*.wiki > %s/r.jsonl "
		"2>/dev/null; skillsbot match %s/r.jsonl", dir, dir);
	assert_int_equal(sh(&out, script), 0);
	assert_non_null(strstr(out, pair));
	free(out);
	free(script);
	script = sb_asprintf(
		"printf '%%s\\n' '{\"kind\":\"feedback\",\"page\":"
		"\"User:Amina Diallo\",\"index\":0,\"author\":\"Amina Diallo\","
		"\"with\":\"Wanjiru Kamau\",\"skill\":{\"skill\":"
		"\"conflict-management\",\"text\":\"Conflict management\"},"
		"\"outcome\":\"declined\",\"diagnostics\":[]}' >> %s/r.jsonl; "
		"skillsbot match %s/r.jsonl", dir, dir);
	assert_int_equal(sh(&out, script), 0);
	assert_null(strstr(out, pair));
	assert_non_null(strstr(out, "Amina Diallo <-"));
	free(out);
	free(script);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_cluster_host_not_declined),
		cmocka_unit_test(test_cluster_learners_not_declined),
		cmocka_unit_test(test_proposed_clinics),
		cmocka_unit_test(test_proposed_hours_unknown_zones),
		cmocka_unit_test(test_proposed_interpretation_by_learner),
		cmocka_unit_test(test_proposed_interpretation_no_facilitator),
		cmocka_unit_test(test_best_facilitator_reaches_most_learners),
		cmocka_unit_test(test_rosters),
		cmocka_unit_test(test_roster_inactive),
		cmocka_unit_test(test_roster_interpretation_line),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_away),
		cmocka_unit_test(test_cli_declined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
