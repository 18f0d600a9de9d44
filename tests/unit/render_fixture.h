/*
 * render_fixture.h - a small directory for the render tests, built by
 * hand: six profiles (one away, one inactive), a clinic, a resource, the
 * taxonomy of tests/data/render/taxonomy.json and a match result written
 * as the matcher would produce it. `hostile` (may be NULL) replaces every
 * editor-typed value a test wants to attack.
 */
#ifndef RENDER_FIXTURE_H
#define RENDER_FIXTURE_H

#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/render.h"

#include <stdlib.h>
#include <string.h>

typedef struct fixture {
	sb_records recs;
	sb_match_result match;
	sb_siteconf conf;
	sb_taxonomy *tax;
	const char *problems[1];
	sb_render_ctx ctx;
} fixture;

static size_t *fx_idx(size_t n, const size_t *v)
{
	size_t *p = sb_calloc(n + 1, sizeof(size_t));

	memcpy(p, v, n * sizeof(size_t));
	return p;
}

static void fx_skills(sb_skill_ref **out, size_t *n, const char *const *ids,
		      const char *const *texts, size_t count)
{
	*out = sb_calloc(count + 1, sizeof(sb_skill_ref));
	for (size_t i = 0; i < count; i++) {
		(*out)[i].id = ids[i] ? sb_strdup(ids[i]) : NULL;
		(*out)[i].text = sb_strdup(texts[i]);
	}
	*n = count;
}

static void fx_langs(sb_lang **out, size_t *n, const char *codes,
		     const int *levels)
{
	size_t count = strlen(codes) / 2;

	*out = sb_calloc(count + 1, sizeof(sb_lang));
	for (size_t i = 0; i < count; i++) {
		memcpy((*out)[i].code, codes + 2 * i, 2);
		(*out)[i].level = levels[i];
	}
	*n = count;
}

static void fx_profile(fixture *f, const char *page, const char *user,
		       const char *region, const char *country, int status,
		       const char *langs, const int *levels)
{
	sb_profile p;

	memset(&p, 0, sizeof(p));
	p.page = sb_strdup(page);
	p.page_id = (int64_t)f->recs.n_profiles + 100;
	p.username = sb_strdup(user);
	p.region = region ? sb_strdup(region) : NULL;
	p.country = country ? sb_strdup(country) : NULL;
	p.status = status;
	p.capacity = 2;
	p.formats = SB_FMT_ALL;
	fx_langs(&p.languages, &p.n_languages, langs, levels);
	sb_records_add_profile(&f->recs, &p);
}

static sb_profile *fx_p(fixture *f, size_t i)
{
	return &f->recs.profiles[i];
}

static void fx_records(fixture *f, const char *h)
{
	static const int l1[] = {SB_LEVEL_NATIVE, 3}, l2[] = {SB_LEVEL_NATIVE, 4},
		l3[] = {SB_LEVEL_NATIVE, 3, 2}, l5[] = {SB_LEVEL_NONE, SB_LEVEL_NONE};
	const char *gw[] = {"grant-writing"}, *cm[] = {"conflict-management"};
	const char *wd[] = {"wikidata"};

	sb_records_init(&f->recs);
	fx_profile(f, h ? h : "Grants:Skills Directory/Alice", h ? h : "Alice",
		   "SSA", "GH", SB_STATUS_ACTIVE, "enfr", l1);
	fx_profile(f, "User:Bob/Profile", "Bob", "MENA", "EG", SB_STATUS_ACTIVE,
		   "aren", l2);
	fx_profile(f, "User:Carla/Skills", "Carla", "LAC", "BR",
		   SB_STATUS_ACTIVE, "ptesen", l3);
	fx_profile(f, "User:Dmitri", "Dmitri", "CEE", "UA", SB_STATUS_AWAY,
		   "uken", l1);
	fx_profile(f, "User:Eve", "Eve", "NWE", "SE", SB_STATUS_INACTIVE,
		   "svde", l1);
	fx_profile(f, "User:Farah", "Farah", NULL, "MA", SB_STATUS_ACTIVE,
		   "arfr", l5);
	{
		const char *ids[] = {"grant-writing", "wikidata", NULL};
		const char *tx[] = {"Grant writing", "Wikidata",
				    h ? h : "Basket weaving"};

		fx_skills(&fx_p(f, 0)->share, &fx_p(f, 0)->n_share, ids, tx, 3);
	}
	fx_skills(&fx_p(f, 0)->learn, &fx_p(f, 0)->n_learn, cm, cm, 1);
	fx_skills(&fx_p(f, 1)->share, &fx_p(f, 1)->n_share, cm, cm, 1);
	{
		const char *ids[] = {"grant-writing", NULL};
		const char *tx[] = {"grant writing", h ? h : "Basket weaving"};

		fx_skills(&fx_p(f, 1)->learn, &fx_p(f, 1)->n_learn, ids, tx, 2);
	}
	{
		const char *ids[] = {"wikidata", "grant-writing",
				     "conflict-management"};

		fx_skills(&fx_p(f, 2)->learn, &fx_p(f, 2)->n_learn, ids, ids, 3);
	}
	fx_skills(&fx_p(f, 3)->share, &fx_p(f, 3)->n_share, wd, wd, 1);
	fx_skills(&fx_p(f, 4)->share, &fx_p(f, 4)->n_share, gw, gw, 1);
	{
		const char *ids[] = {"grant-writing", "conflict-management"};

		fx_skills(&fx_p(f, 5)->learn, &fx_p(f, 5)->n_learn, ids, ids, 2);
	}
	sb_diag_add(&fx_p(f, 5)->diags, &fx_p(f, 5)->n_diags,
		    h ? h : "region", 3, 5, "%s",
		    h ? h : "no region given and none can be inferred");
	{
		sb_clinic c;

		memset(&c, 0, sizeof(c));
		c.page = sb_strdup("Grants:Skills Directory/Clinics/Grant writing");
		c.title = sb_strdup(h ? h : "Writing your first grant proposal");
		c.topic.id = sb_strdup("grant-writing");
		c.topic.text = sb_strdup("grant-writing");
		c.date = sb_strdup("2026-12-10T14:00Z");
		c.capacity = 2;
		fx_langs(&c.interpretation, &c.n_interpretation, "ares", l5);
		c.facilitators = sb_calloc(2, sizeof(char *));
		c.facilitators[0] = sb_strdup(h ? h : "Alice");
		c.n_facilitators = 1;
		c.signups = sb_calloc(4, sizeof(char *));
		c.signups[0] = sb_strdup("Carla");
		c.signups[1] = sb_strdup("Farah");
		c.signups[2] = sb_strdup(h ? h : "Bob");
		c.n_signups = 3;
		sb_records_add_clinic(&f->recs, &c);
	}
	{
		sb_resource r;
		const char *ids[] = {"grant-writing"};

		memset(&r, 0, sizeof(r));
		r.page = sb_strdup("Grants:Skills Directory/Resources");
		r.title = sb_strdup(h ? h : "Grant writing slides");
		r.link = sb_strdup(h ? h : "https://example.org/slides.pdf");
		r.format = sb_strdup(h ? h : "slides");
		fx_skills(&r.skills, &r.n_skills, ids, ids, 1);
		fx_langs(&r.languages, &r.n_languages, "enes", l5);
		sb_records_add_resource(&f->recs, &r);
	}
}

/* This cycle (2026-11-29, noon UTC), and the cycle (2026-11-01) that
 * first suggested the kept connection. */
#define FX_NOW ((int64_t)1795953600)
#define FX_SINCE ((int64_t)1793491200)

static void fx_match(fixture *f, const char *h)
{
	sb_match_result *m = &f->match;
	static const size_t cl[] = {0, 2, 5}, fac[] = {0}, su[] = {0, 1},
		wait[] = {2}, res[] = {0};

	memset(m, 0, sizeof(*m));
	m->connections = sb_calloc(2, sizeof(sb_connection));
	m->n_connections = 2;
	m->connections[0] = (sb_connection){1, 0, sb_strdup("grant-writing"),
		sb_calloc(1, sizeof(char *)), 1, 2, 0.25, false, FX_NOW};
	m->connections[0].languages[0] = sb_strdup("en");
	m->connections[1] = (sb_connection){2, 0, sb_strdup("wikidata"),
		sb_calloc(1, sizeof(char *)), 1, -1, 0.5, true, FX_SINCE};
	m->connections[1].languages[0] = sb_strdup("en");
	m->clusters = sb_calloc(1, sizeof(sb_cluster));
	m->n_clusters = 1;
	m->clusters[0].skill = sb_strdup("conflict-management");
	m->clusters[0].has_host = true;
	m->clusters[0].host = 1;
	m->clusters[0].learners = fx_idx(3, cl);
	m->clusters[0].n_learners = 3;
	strcpy(m->clusters[0].language, "fr");
	m->unserved = sb_calloc(3, sizeof(sb_unserved));
	m->n_unserved = 3;
	m->unserved[0] = (sb_unserved){5, sb_strdup("grant-writing")};
	m->unserved[1] = (sb_unserved){1, sb_strdup(h ? h : "Basket weaving")};
	m->unserved[2] = (sb_unserved){2, sb_strdup("grant-writing")};
	m->proposed = sb_calloc(1, sizeof(sb_proposed_clinic));
	m->n_proposed = 1;
	m->proposed[0].skill = sb_strdup("grant-writing");
	m->proposed[0].unmet = 2;
	m->proposed[0].facilitators = fx_idx(1, fac);
	m->proposed[0].n_facilitators = 1;
	m->proposed[0].languages = sb_calloc(2, sizeof(sb_lang_count));
	m->proposed[0].languages[0] = (sb_lang_count){"ar", 1};
	m->proposed[0].languages[1] = (sb_lang_count){"pt", 1};
	m->proposed[0].n_languages = 2;
	m->proposed[0].interpretation = sb_calloc(1, sizeof(sb_lang_count));
	m->proposed[0].interpretation[0] = (sb_lang_count){"ar", 1};
	m->proposed[0].n_interpretation = 1;
	m->proposed[0].start_hours_utc[0] = 13;
	m->proposed[0].start_hours_utc[1] = 14;
	m->proposed[0].n_start_hours = 2;
	m->proposed[0].roster_size = 3;
	m->proposed[0].tz_known = 2;
	m->rosters = sb_calloc(1, sizeof(sb_roster));
	m->n_rosters = 1;
	m->rosters[0].facilitators = fx_idx(1, fac);
	m->rosters[0].n_facilitators = 1;
	m->rosters[0].signed_up = fx_idx(2, su);
	m->rosters[0].n_signed_up = 2;
	m->rosters[0].waiting = fx_idx(1, wait);
	m->rosters[0].n_waiting = 1;
	m->rosters[0].invite = fx_idx(1, fac);
	m->rosters[0].n_invite = 1;
	m->rosters[0].interpretation = sb_calloc(1, sizeof(sb_lang_count));
	m->rosters[0].interpretation[0] = (sb_lang_count){"ar", 1};
	m->rosters[0].n_interpretation = 1;
	m->rosters[0].resources = fx_idx(1, res);
	m->rosters[0].n_resources = 1;
	/* As the matcher counts them: 8 requests of active learners, 2
	 * served one-to-one and 3 in the cluster, 3 not served. */
	m->requests = 8;
	m->served = 5;
	m->cost = 0.75;
}

/* The match result is freed by hand: the matcher's dispose function lives
 * on another branch, and these structs were built here. */
static void fx_match_dispose(sb_match_result *m)
{
	for (size_t i = 0; i < m->n_connections; i++) {
		free(m->connections[i].skill);
		for (size_t k = 0; k < m->connections[i].n_languages; k++)
			free(m->connections[i].languages[k]);
		free(m->connections[i].languages);
	}
	free(m->connections);
	for (size_t i = 0; i < m->n_clusters; i++) {
		free(m->clusters[i].skill);
		free(m->clusters[i].learners);
	}
	free(m->clusters);
	for (size_t i = 0; i < m->n_unserved; i++)
		free(m->unserved[i].skill);
	free(m->unserved);
	for (size_t i = 0; i < m->n_proposed; i++) {
		free(m->proposed[i].skill);
		free(m->proposed[i].facilitators);
		free(m->proposed[i].languages);
		free(m->proposed[i].interpretation);
	}
	free(m->proposed);
	for (size_t i = 0; i < m->n_rosters; i++) {
		free(m->rosters[i].facilitators);
		free(m->rosters[i].signed_up);
		free(m->rosters[i].waiting);
		free(m->rosters[i].invite);
		free(m->rosters[i].interpretation);
		free(m->rosters[i].waiting_interpretation);
		free(m->rosters[i].resources);
	}
	free(m->rosters);
	memset(m, 0, sizeof(*m));
}

static fixture *fx_new(const char *hostile)
{
	fixture *f = sb_calloc(1, sizeof(*f));
	char *tax;
	size_t len;

	fx_records(f, hostile);
	fx_match(f, hostile);
	sb_siteconf_defaults(&f->conf);
	tax = tu_read_src("tests/data/render/taxonomy.json", &len);
	assert_int_equal(sb_taxonomy_parse(&f->tax, tax, len, "taxonomy.json"),
			 SB_OK);
	free(tax);
	f->problems[0] = hostile ? hostile :
		"The configuration page does not parse; the last good one is used.";
	f->ctx.recs = &f->recs;
	f->ctx.match = &f->match;
	f->ctx.conf = &f->conf;
	f->ctx.tax = f->tax;
	f->ctx.datadir = getenv("SB_DATADIR");
	f->ctx.problems = f->problems;
	f->ctx.n_problems = 1;
	return f;
}

static void fx_free(fixture *f)
{
	sb_records_dispose(&f->recs);
	fx_match_dispose(&f->match);
	sb_siteconf_dispose(&f->conf);
	sb_taxonomy_free(f->tax);
	free(f);
}

#endif
