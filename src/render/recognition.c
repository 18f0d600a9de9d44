/*
 * recognition.c - what feedback says about connections, the Recognition
 * page (who facilitated clinics, hosted connections that met, shared
 * resources; with the badges the configuration page defines), and the
 * dashboard's evaluation figures.
 *
 * Counting rules (docs/notifications.md):
 *  - a pair's outcome combines both people's feedback: declined wins,
 *    then met, planned, no answer;
 *  - a connection that met is credited to whichever of the two shares
 *    the skill on their profile (both, when both do);
 *  - a resource is credited to the person of its page (the profile on
 *    it, else the user of a User: page);
 *  - a clinic counts when its status is done, once per facilitator, and
 *    once per language it was held in for "clinics held".
 */
#include "render_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/wikiescape.h"

static const char *fb_skill(const sb_feedback *f)
{
	return f->skill.id ? f->skill.id : f->skill.text;
}

/* Declined > met > planned > no answer. */
static int rank_of(int outcome)
{
	switch (outcome) {
	case SB_OUTCOME_DECLINED: return 4;
	case SB_OUTCOME_MET: return 3;
	case SB_OUTCOME_PLANNED: return 2;
	case SB_OUTCOME_NO_ANSWER: return 1;
	default: return 0;
	}
}

static bool same_pair(const sb_feedback *f, const char *a, const char *b)
{
	return f->author && f->with &&
	       ((strcmp(f->author, a) == 0 && strcmp(f->with, b) == 0) ||
		(strcmp(f->author, b) == 0 && strcmp(f->with, a) == 0));
}

int sb_render_pair_outcome(const sb_records *recs, const char *a,
			   const char *b, const char *skill)
{
	int best = -1;

	for (size_t i = 0; a && b && skill && i < recs->n_feedback; i++) {
		const sb_feedback *f = &recs->feedback[i];

		if (!fb_skill(f) || strcmp(fb_skill(f), skill) != 0 ||
		    !same_pair(f, a, b) || rank_of(f->outcome) == 0)
			continue;
		if (best < 0 || rank_of(f->outcome) > rank_of(best))
			best = f->outcome;
	}
	return best;
}

/* Is feedback i the first of its (pair, skill)? Pairs are counted once. */
static bool first_of_pair(const sb_records *recs, size_t i)
{
	const sb_feedback *f = &recs->feedback[i];

	for (size_t k = 0; k < i; k++) {
		const sb_feedback *g = &recs->feedback[k];

		if (fb_skill(g) && strcmp(fb_skill(g), fb_skill(f)) == 0 &&
		    same_pair(g, f->author, f->with))
			return false;
	}
	return true;
}

static const sb_profile *profile_named(const sb_records *recs,
				       const char *name)
{
	const sb_profile *best = NULL;

	/* Of a person's profiles, the one the matcher and every page use. */
	for (size_t i = 0; i < recs->n_profiles; i++) {
		const sb_profile *p = &recs->profiles[i];

		if (p->username && p->status != SB_STATUS_INACTIVE &&
		    strcmp(p->username, name) == 0 &&
		    (!best || sb_profile_place_cmp(p, best) < 0))
			best = p;
	}
	return best;
}

static bool shares(const sb_profile *p, const char *skill)
{
	for (size_t i = 0; p && i < p->n_share; i++) {
		const char *k = p->share[i].id ? p->share[i].id
					       : p->share[i].text;

		if (k && strcmp(k, skill) == 0)
			return true;
	}
	return false;
}

/* ---- people and their counts ---- */

typedef struct person {
	char *name;
	char *key;           /* sort key of the name, made to sort */
	int n[SB_BADGE_MEASURES];
} person;

typedef struct people {
	person *v;
	size_t n, cap;
} people;

static void credit(people *ps, const char *name, int measure)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].name, name) == 0) {
			ps->v[i].n[measure]++;
			return;
		}
	SB_GROW(ps->v, ps->cap, ps->n + 1);
	memset(&ps->v[ps->n], 0, sizeof(ps->v[ps->n]));
	ps->v[ps->n].name = sb_strdup(name);
	ps->v[ps->n].n[measure] = 1;
	ps->n++;
}

static int person_cmp(const void *a, const void *b)
{
	const person *x = a, *y = b;

	return sb_text_sort_cmp(x->key, x->name, y->key, y->name);
}

/* The person a resource's page belongs to; NULL when none. */
static char *resource_owner(const sb_records *recs, const sb_resource *r)
{
	const char *slash;

	for (size_t i = 0; r->page && i < recs->n_profiles; i++)
		if (recs->profiles[i].page && recs->profiles[i].username &&
		    strcmp(recs->profiles[i].page, r->page) == 0)
			return sb_strdup(recs->profiles[i].username);
	if (!r->page || strncmp(r->page, "User:", 5) != 0 || !r->page[5])
		return NULL;
	slash = strchr(r->page + 5, '/');
	return slash ? sb_strndup(r->page + 5, (size_t)(slash - r->page - 5))
		     : sb_strdup(r->page + 5);
}

static void count_people(people *ps, const sb_records *recs)
{
	for (size_t i = 0; i < recs->n_clinics; i++)
		if (recs->clinics[i].status == SB_CLINIC_DONE)
			for (size_t k = 0; k < recs->clinics[i].n_facilitators;
			     k++)
				credit(ps, recs->clinics[i].facilitators[k],
				       SB_BADGE_CLINICS);
	for (size_t i = 0; i < recs->n_feedback; i++) {
		const sb_feedback *f = &recs->feedback[i];
		const char *skill = fb_skill(f);

		if (!skill || !f->author || !f->with ||
		    !first_of_pair(recs, i) ||
		    sb_render_pair_outcome(recs, f->author, f->with, skill) !=
			    SB_OUTCOME_MET)
			continue;
		if (shares(profile_named(recs, f->author), skill))
			credit(ps, f->author, SB_BADGE_CONNECTIONS);
		if (shares(profile_named(recs, f->with), skill))
			credit(ps, f->with, SB_BADGE_CONNECTIONS);
	}
	for (size_t i = 0; i < recs->n_resources; i++) {
		char *owner = resource_owner(recs, &recs->resources[i]);

		if (owner)
			credit(ps, owner, SB_BADGE_RESOURCES);
		free(owner);
	}
	for (size_t i = 0; i < ps->n; i++)
		ps->v[i].key = sb_text_sort_key(ps->v[i].name,
						strlen(ps->v[i].name));
	if (ps->n > 1)
		qsort(ps->v, ps->n, sizeof(*ps->v), person_cmp);
}

/* ---- the Recognition page ---- */

static const sb_layout_field person_row[] = {
	{"name", SB_TV_WIKI, NULL}, {"clinics", SB_TV_INT, NULL},
	{"connections", SB_TV_INT, NULL}, {"resources", SB_TV_INT, NULL},
	{"badges", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field badge_row[] = {
	{"name", SB_TV_TEXT, NULL}, {"rule", SB_TV_WIKI, NULL},
	{"people", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

const sb_layout_field sb_render_recognition_schema[] = {
	SB_RENDER_COMMON_FIELDS,
	{"people", SB_TV_LIST, person_row},
	{"badges", SB_TV_LIST, badge_row}, {NULL, 0, NULL}
};

static const char *const measure_col[SB_BADGE_MEASURES] = {
	"skillsbot-col-clinics-facilitated", "skillsbot-col-connections-met",
	"skillsbot-col-resources-shared"
};

static char *badges_of(const sb_siteconf *conf, const person *p)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < conf->n_badges; i++)
		if (p->n[conf->badges[i].measure] >= conf->badges[i].min)
			sb_buf_addf(&b, "%s%s", b.len ? ", " : "",
				    conf->badges[i].name);
	return sb_buf_take(&b, NULL);
}

static void add_badge_rows(sb_tv *top, const rctx *rc, const char *lang,
			   const people *ps)
{
	const sb_siteconf *conf = rc->in->conf;
	sb_tv *list = sb_tv_set_list(top, "badges");

	for (size_t i = 0; i < conf->n_badges; i++) {
		const sb_badge *bd = &conf->badges[i];
		const char *col = measure_col[bd->measure];
		sb_tv *row = sb_tv_push_map(list);
		const char *in[2] = {NULL, NULL};
		sb_msg_arg a[2];
		char num[24];
		long long n = 0;

		for (size_t k = 0; k < ps->n; k++)
			n += ps->v[k].n[bd->measure] >= bd->min;
		snprintf(num, sizeof(num), "%d", bd->min);
		memset(a, 0, sizeof(a));
		/* "$1 ≥ $2": the column's name keeps its own language. */
		a[0].wikitext = sb_render_msg(rc, lang, col);
		in[0] = sb_i18n_msg_lang(rc->msgs, lang, col);
		a[1].wikitext = num;
		sb_tv_set_text(row, "name", bd->name);
		sb_render_append_msg(row, "rule", rc, lang,
				     "skillsbot-badge-rule", a, in, 2);
		sb_tv_set_int(row, "people", n);
	}
}

sb_tv *sb_render_build_recognition(const rctx *rc, const char *lang)
{
	sb_tv *top = sb_render_new_top(rc, lang);
	sb_tv *list = sb_tv_set_list(top, "people");
	people ps = {0};

	count_people(&ps, rc->in->recs);
	for (size_t i = 0; i < ps.n; i++) {
		sb_tv *row = sb_tv_push_map(list);
		char *badges = badges_of(rc->in->conf, &ps.v[i]);
		sb_buf b;

		sb_buf_init(&b, SB_BUF_UNLIMITED);
		sb_esc_user_link(&b, ps.v[i].name);
		sb_tv_set_wiki(row, "name", sb_buf_take(&b, NULL));
		sb_tv_set_int(row, "clinics", ps.v[i].n[SB_BADGE_CLINICS]);
		sb_tv_set_int(row, "connections",
			      ps.v[i].n[SB_BADGE_CONNECTIONS]);
		sb_tv_set_int(row, "resources", ps.v[i].n[SB_BADGE_RESOURCES]);
		sb_tv_set_text(row, "badges", badges);
		sb_tv_set_text(row, RK_KEY, ps.v[i].key);
		free(badges);
	}
	add_badge_rows(top, rc, lang, &ps);
	for (size_t i = 0; i < ps.n; i++) {
		free(ps.v[i].name);
		free(ps.v[i].key);
	}
	free(ps.v);
	return top;
}

/* ---- evaluation figures on the dashboard ---- */

const sb_layout_field sb_render_eval_clinic_row[] = {
	{"topic", SB_TV_TEXT, NULL}, {"language", SB_TV_TEXT, NULL},
	{"count", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

const sb_layout_field sb_render_eval_region_head[] = {
	{"code", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field month_cell[] = {
	{"count", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

const sb_layout_field sb_render_eval_month_row[] = {
	{"month", SB_TV_TEXT, NULL}, {"counts", SB_TV_LIST, month_cell},
	{"total", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static void add_outcomes(sb_tv *top, const rctx *rc)
{
	const sb_records *recs = rc->in->recs;
	const sb_match_result *m = rc->in->match;
	long long n[5] = {0};

	for (size_t i = 0; i < recs->n_feedback; i++) {
		const sb_feedback *f = &recs->feedback[i];
		int o;

		if (!fb_skill(f) || !f->author || !f->with ||
		    !first_of_pair(recs, i))
			continue;
		o = sb_render_pair_outcome(recs, f->author, f->with,
					   fb_skill(f));
		if (o > 0 && o < 5)
			n[o]++;
	}
	sb_tv_set_int(top, "eval_suggested",
		      (long long)(rc->in->suggested_total
				  ? rc->in->suggested_total
				  : m ? m->n_connections : 0));
	sb_tv_set_int(top, "eval_met", n[SB_OUTCOME_MET]);
	sb_tv_set_int(top, "eval_planned", n[SB_OUTCOME_PLANNED]);
	sb_tv_set_int(top, "eval_declined", n[SB_OUTCOME_DECLINED]);
	sb_tv_set_int(top, "eval_unanswered", n[SB_OUTCOME_NO_ANSWER]);
}

typedef struct held {
	const char *topic;     /* label */
	const char *topic_lang; /* its language; NULL: as written */
	const char *lang;
	long long count;
} held;

static int held_cmp(const void *a, const void *b)
{
	const held *x = a, *y = b;
	int c = strcmp(x->topic, y->topic);

	return c ? c : strcmp(x->lang, y->lang);
}

static void add_clinics_held(sb_tv *top, const rctx *rc, const char *lang)
{
	const sb_records *recs = rc->in->recs;
	held *v = NULL;
	size_t n = 0, cap = 0;
	sb_tv *list = sb_tv_set_list(top, "clinics_held");

	for (size_t i = 0; i < recs->n_clinics; i++) {
		const sb_clinic *c = &recs->clinics[i];
		const char *key = c->topic.id ? c->topic.id : c->topic.text;
		const char *in = NULL;
		const char *topic = key ? sb_render_skill_label_in(rc, key,
						lang, &in) : c->title;

		if (c->status != SB_CLINIC_DONE || !topic)
			continue;
		for (size_t l = 0; l < (c->n_languages ? c->n_languages : 1);
		     l++) {
			const char *code = c->n_languages ? c->languages[l].code
							  : "";
			size_t k = 0;

			while (k < n && (strcmp(v[k].topic, topic) != 0 ||
					 strcmp(v[k].lang, code) != 0))
				k++;
			if (k == n) {
				SB_GROW(v, cap, n + 1);
				v[n].topic = topic;
				v[n].topic_lang = in;
				v[n].lang = code;
				v[n++].count = 0;
			}
			v[k].count++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), held_cmp);
	for (size_t k = 0; k < n; k++) {
		sb_tv *row = sb_tv_push_map(list);

		sb_tv_set_text_in(row, "topic", v[k].topic, v[k].topic_lang);
		sb_tv_set_text(row, "language", v[k].lang);
		sb_tv_set_int(row, "count", v[k].count);
	}
	free(v);
}

/* One column per region seen in the history (in its order: the store
 * sorts by month, then region), one row per month. */
static void add_participation(sb_tv *top, const rctx *rc)
{
	const sb_month_count *h = rc->in->participation;
	size_t nh = rc->in->n_participation;
	sb_tv *heads = sb_tv_set_list(top, "month_regions");
	sb_tv *months = sb_tv_set_list(top, "months");
	sb_strv regions = {0};

	for (size_t i = 0; i < nh; i++)
		if (!sb_strv_contains(&regions, h[i].region))
			sb_strv_add(&regions, h[i].region);
	for (size_t r = 0; r < regions.n; r++)
		sb_tv_set_text(sb_tv_push_map(heads), "code",
			       *regions.v[r] ? regions.v[r] : "?");
	for (size_t i = 0; i < nh;) {
		sb_tv *row = sb_tv_push_map(months), *cells;
		size_t j = i;
		long long total = 0;

		sb_tv_set_text(row, "month", h[i].month);
		cells = sb_tv_set_list(row, "counts");
		while (j < nh && strcmp(h[j].month, h[i].month) == 0)
			j++;
		for (size_t r = 0; r < regions.n; r++) {
			long long c = 0;

			for (size_t k = i; k < j; k++)
				if (strcmp(h[k].region, regions.v[r]) == 0)
					c = h[k].people;
			sb_tv_set_int(sb_tv_push_map(cells), "count", c);
			total += c;
		}
		sb_tv_set_int(row, "total", total);
		i = j;
	}
	sb_strv_dispose(&regions);
}

void sb_render_add_evaluation(sb_tv *top, const rctx *rc, const char *lang)
{
	add_outcomes(top, rc);
	add_clinics_held(top, rc, lang);
	add_participation(top, rc);
}
