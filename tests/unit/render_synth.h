/*
 * render_synth.h - a synthetic directory of N profiles for the render
 * tests and bench/bench_render.c: varied names, regions, countries,
 * languages and skills (some unmapped), a match result with connections,
 * clusters and unserved requests, and a problem on every tenth profile.
 * Deterministic for a given N. No test framework needed.
 */
#ifndef RENDER_SYNTH_H
#define RENDER_SYNTH_H

#include "skillsbot/match.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const synth_syll[] = {"ka", "lo", "mi", "ne", "su", "ta",
	"ri", "bo", "de", "fa", "gu", "ho", "ji", "pe", "va", "zo", "an", "el",
	"ou", "ya", "wi", "xe", "qu", "ce"};
static const char *const synth_regions[] = {"ESEAP", "SA", "SSA", "MENA",
	"CEE", "LAC", "NWE", "USCA", NULL};
static const char *const synth_countries[] = {"ID", "IN", "GH", "EG", "UA",
	"BR", "SE", "US", "NG", "MA", "PL", "MX", "DE", "CA", "PH", "KE"};
static const char *const synth_langs[] = {"en", "fr", "es", "ar", "pt",
	"sw", "hi", "id", "uk", "de", "yo", "tl"};
static const char *const synth_skills[] = {"grant-writing",
	"conflict-management", "wikidata", "telling-impact-stories"};

static char *synth_name(size_t i)
{
	size_t a = i % 24, b = (i / 24) % 24, c = (i / 576) % 24;
	char *s = sb_asprintf("%s%s%s %zu", synth_syll[(a * 7 + c) % 24],
			      synth_syll[b], synth_syll[c], i);

	s[0] = (char)(s[0] - 'a' + 'A');
	return s;
}

static void synth_refs(sb_skill_ref **out, size_t *n, size_t i, size_t k)
{
	*out = sb_calloc(k + 1, sizeof(sb_skill_ref));
	for (size_t j = 0; j < k; j++) {
		size_t pick = (i * 31 + j * 17) % 40;

		if (pick < 36) {
			(*out)[j].id = sb_strdup(synth_skills[pick % 4]);
			(*out)[j].text = sb_strdup(synth_skills[pick % 4]);
		} else {
			(*out)[j].text = sb_asprintf("%s craft %zu",
						     synth_syll[(i + j) % 24],
						     (i + j) % 50);
		}
	}
	*n = k;
}

static void synth_profile(sb_records *r, size_t i)
{
	sb_profile p;

	memset(&p, 0, sizeof(p));
	p.username = synth_name(i);
	p.page = sb_asprintf("User:%s/Skills", p.username);
	p.page_id = (int64_t)i + 1;
	p.region = i % 9 < 8 ? sb_strdup(synth_regions[i % 9]) : NULL;
	p.country = sb_strdup(synth_countries[i % 16]);
	p.n_languages = 1 + i % 3;
	p.languages = sb_calloc(p.n_languages, sizeof(sb_lang));
	for (size_t l = 0; l < p.n_languages; l++) {
		strcpy(p.languages[l].code, synth_langs[(i + l * 5) % 12]);
		p.languages[l].level = l == 0 ? SB_LEVEL_NATIVE : 3;
	}
	synth_refs(&p.share, &p.n_share, i, i % 3);
	synth_refs(&p.learn, &p.n_learn, i + 7, 1 + i % 3);
	p.formats = SB_FMT_ALL;
	p.capacity = 2;
	p.status = i % 23 == 0 ? SB_STATUS_INACTIVE :
		   i % 11 == 0 ? SB_STATUS_AWAY : SB_STATUS_ACTIVE;
	if (i % 10 == 0)
		sb_diag_add(&p.diags, &p.n_diags, "languages", 4, 15,
			    "unknown language code 'xx-%zu'", i);
	sb_records_add_profile(r, &p);
}

static void synth_records(sb_records *r, size_t n)
{
	sb_records_init(r);
	for (size_t i = 0; i < n; i++)
		synth_profile(r, i);
}

/* Connections for two learners in three, clusters of three for some of
 * the rest, the others unserved. */
static void synth_match(sb_match_result *m, const sb_records *r)
{
	size_t n = r->n_profiles, nc = 0, ng = 0, nu = 0;

	memset(m, 0, sizeof(*m));
	m->connections = sb_calloc(n + 1, sizeof(sb_connection));
	m->clusters = sb_calloc(n / 3 + 1, sizeof(sb_cluster));
	m->unserved = sb_calloc(n + 1, sizeof(sb_unserved));
	for (size_t i = 0; i < n; i++) {
		const sb_profile *p = &r->profiles[i];
		const char *skill = p->learn[0].id ? p->learn[0].id :
						     p->learn[0].text;

		if (i % 3 != 2) {
			sb_connection *c = &m->connections[nc++];

			c->learner = i;
			c->sharer = (i * 7 + 3) % n;
			c->skill = sb_strdup(skill);
			c->languages = sb_calloc(1, sizeof(char *));
			c->languages[0] = sb_strdup(p->languages[0].code);
			c->n_languages = 1;
			c->hours_apart = (int)(i % 13) - 1;
			c->kept = i % 5 == 0;
		} else if (i % 9 == 2 && i + 6 < n) {
			sb_cluster *g = &m->clusters[ng++];

			g->skill = sb_strdup(skill);
			g->has_host = true;
			g->host = (i + 1) % n;
			g->learners = sb_calloc(3, sizeof(size_t));
			g->learners[0] = i;
			g->learners[1] = i + 3;
			g->learners[2] = i + 6;
			g->n_learners = 3;
			strcpy(g->language, p->languages[0].code);
		} else {
			m->unserved[nu].learner = i;
			m->unserved[nu++].skill = sb_strdup(skill);
		}
	}
	m->n_connections = nc;
	m->n_clusters = ng;
	m->n_unserved = nu;
	m->requests = (int)(nc + ng * 3 + nu);
	m->served = (int)(nc + ng * 3);
}

static void synth_match_dispose(sb_match_result *m)
{
	for (size_t i = 0; i < m->n_connections; i++) {
		free(m->connections[i].skill);
		free(m->connections[i].languages[0]);
		free(m->connections[i].languages);
	}
	for (size_t i = 0; i < m->n_clusters; i++) {
		free(m->clusters[i].skill);
		free(m->clusters[i].learners);
	}
	for (size_t i = 0; i < m->n_unserved; i++)
		free(m->unserved[i].skill);
	free(m->connections);
	free(m->clusters);
	free(m->unserved);
	memset(m, 0, sizeof(*m));
}

#endif
