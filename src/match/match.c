/* match.c - the matcher's entry point and its JSON form; see match.h. */
#include "skillsbot/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match_int.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

static void emit_unserved(const sb_mctx *c, sb_match_result *r)
{
	r->unserved = sb_calloc(c->n_reqs + 1, sizeof(*r->unserved));
	for (size_t i = 0; i < c->n_reqs; i++) {
		const sb_mrequest *q = &c->reqs[i];

		if (q->served_by >= 0 || q->clustered)
			continue;
		r->unserved[r->n_unserved].learner = c->people[q->person].prof;
		r->unserved[r->n_unserved].skill =
			sb_strdup(c->skills[q->skill].display);
		r->n_unserved++;
	}
}

int sb_match_run(sb_match_result *out, const sb_match_input *in)
{
	sb_mctx c;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = sb_mctx_build(&c, in)) < 0 ||
	    (err = sb_match_connect(&c, out)) < 0 ||
	    (err = sb_match_clusters(&c, out)) < 0 ||
	    (err = sb_match_proposed(&c, out)) < 0 ||
	    (err = sb_match_rosters(&c, out)) < 0)
		goto done;
	emit_unserved(&c, out);
	out->requests = (int)c.n_reqs;
	out->served = (int)(c.n_reqs - out->n_unserved);
	out->cost = (double)llround((double)c.cost_scaled / SB_COST_SCALE * 1e4)
		    / 1e4;
	out->flow_nodes = c.flow_nodes;
	out->flow_arcs = c.flow_arcs;
	out->flow_phases = c.flow_phases;
	out->flow_cpu = c.flow_cpu;
done:
	sb_mctx_dispose(&c);
	if (err < 0)
		sb_match_result_dispose(out);
	return err;
}

void sb_match_result_dispose(sb_match_result *r)
{
	for (size_t i = 0; i < r->n_connections; i++) {
		free(r->connections[i].skill);
		for (size_t k = 0; k < r->connections[i].n_languages; k++)
			free(r->connections[i].languages[k]);
		free(r->connections[i].languages);
	}
	free(r->connections);
	for (size_t i = 0; i < r->n_clusters; i++) {
		free(r->clusters[i].skill);
		free(r->clusters[i].learners);
	}
	free(r->clusters);
	for (size_t i = 0; i < r->n_unserved; i++)
		free(r->unserved[i].skill);
	free(r->unserved);
	for (size_t i = 0; i < r->n_proposed; i++) {
		free(r->proposed[i].skill);
		free(r->proposed[i].facilitators);
		free(r->proposed[i].languages);
		free(r->proposed[i].interpretation);
	}
	free(r->proposed);
	for (size_t i = 0; i < r->n_rosters; i++) {
		free(r->rosters[i].facilitators);
		free(r->rosters[i].signed_up);
		free(r->rosters[i].waiting);
		free(r->rosters[i].invite);
		free(r->rosters[i].interpretation);
		free(r->rosters[i].waiting_interpretation);
		free(r->rosters[i].resources);
	}
	free(r->rosters);
	memset(r, 0, sizeof(*r));
}

static const char *uname(const sb_records *recs, size_t prof)
{
	return recs->profiles[prof].username;
}

static cJSON *connection_json(const sb_connection *c, const sb_records *recs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *langs;

	sb_json_add_str(o, "learner", uname(recs, c->learner));
	sb_json_add_str(o, "sharer", uname(recs, c->sharer));
	sb_json_add_str(o, "skill", c->skill);
	langs = cJSON_AddArrayToObject(o, "languages");
	for (size_t i = 0; i < c->n_languages; i++)
		cJSON_AddItemToArray(langs, cJSON_CreateString(c->languages[i]));
	if (c->hours_apart >= 0)
		cJSON_AddNumberToObject(o, "hours_apart", c->hours_apart);
	else
		cJSON_AddNullToObject(o, "hours_apart");
	cJSON_AddNumberToObject(o, "cost", c->cost);
	cJSON_AddBoolToObject(o, "kept", c->kept);
	return o;
}

static cJSON *cluster_json(const sb_cluster *g, const sb_records *recs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *ls;

	sb_json_add_str(o, "skill", g->skill);
	sb_json_add_str(o, "host", g->has_host ? uname(recs, g->host) : NULL);
	ls = cJSON_AddArrayToObject(o, "learners");
	for (size_t i = 0; i < g->n_learners; i++)
		cJSON_AddItemToArray(ls,
			cJSON_CreateString(uname(recs, g->learners[i])));
	sb_json_add_str(o, "language", g->language);
	return o;
}

static cJSON *proposed_json(const sb_proposed_clinic *p,
			    const sb_records *recs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a;

	sb_json_add_str(o, "skill", p->skill);
	cJSON_AddNumberToObject(o, "unmet", p->unmet);
	a = cJSON_AddArrayToObject(o, "facilitators");
	for (size_t i = 0; i < p->n_facilitators; i++)
		cJSON_AddItemToArray(a,
			cJSON_CreateString(uname(recs, p->facilitators[i])));
	a = cJSON_AddObjectToObject(o, "languages");
	for (size_t i = 0; i < p->n_languages; i++)
		cJSON_AddNumberToObject(a, p->languages[i].code,
					p->languages[i].count);
	a = cJSON_AddArrayToObject(o, "interpretation");
	for (size_t i = 0; i < p->n_interpretation; i++)
		cJSON_AddItemToArray(a,
			cJSON_CreateString(p->interpretation[i].code));
	a = cJSON_AddArrayToObject(o, "start_hours_utc");
	for (size_t i = 0; i < p->n_start_hours; i++)
		cJSON_AddItemToArray(a,
			cJSON_CreateNumber(p->start_hours_utc[i]));
	return o;
}

cJSON *sb_match_to_json(const sb_match_result *r, const sb_records *recs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a, *t;

	a = cJSON_AddArrayToObject(o, "connections");
	for (size_t i = 0; i < r->n_connections; i++)
		cJSON_AddItemToArray(a, connection_json(&r->connections[i], recs));
	a = cJSON_AddArrayToObject(o, "clusters");
	for (size_t i = 0; i < r->n_clusters; i++)
		cJSON_AddItemToArray(a, cluster_json(&r->clusters[i], recs));
	a = cJSON_AddArrayToObject(o, "unserved");
	for (size_t i = 0; i < r->n_unserved; i++) {
		cJSON *u = cJSON_CreateObject();

		sb_json_add_str(u, "learner", uname(recs, r->unserved[i].learner));
		sb_json_add_str(u, "skill", r->unserved[i].skill);
		cJSON_AddItemToArray(a, u);
	}
	a = cJSON_AddArrayToObject(o, "proposed_clinics");
	for (size_t i = 0; i < r->n_proposed; i++)
		cJSON_AddItemToArray(a, proposed_json(&r->proposed[i], recs));
	t = cJSON_AddObjectToObject(o, "totals");
	cJSON_AddNumberToObject(t, "requests", r->requests);
	cJSON_AddNumberToObject(t, "served", r->served);
	cJSON_AddNumberToObject(t, "cost", r->cost);
	return o;
}

int sb_match_prev_from_json(sb_prev_pair **out, size_t *n_out,
			    const cJSON *root, const char *origin)
{
	const cJSON *conns = cJSON_GetObjectItemCaseSensitive(root, "connections");
	const cJSON *it;
	size_t n = 0;

	*out = NULL;
	*n_out = 0;
	if (!cJSON_IsArray(conns))
		return sb_error_set(SB_EINVALID,
				    "%s: no \"connections\" array", origin);
	*out = sb_calloc((size_t)cJSON_GetArraySize(conns) + 1,
			 sizeof(sb_prev_pair));
	cJSON_ArrayForEach(it, conns) {
		sb_prev_pair *p = &(*out)[n];

		p->learner = sb_json_str(it, "learner");
		p->sharer = sb_json_str(it, "sharer");
		p->skill = sb_json_str(it, "skill");
		if (p->learner && p->sharer && p->skill)
			n++;
	}
	*n_out = n;
	return SB_OK;
}
