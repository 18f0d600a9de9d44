/* siteconf.c - the organisers' JSON configuration; see siteconf.h. */
#include "skillsbot/siteconf.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"

#include <stdlib.h>
#include <string.h>

void sb_strv_add(sb_strv *s, const char *str)
{
	s->v = sb_reallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = sb_strdup(str);
}

void sb_strv_dispose(sb_strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

bool sb_strv_contains(const sb_strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return true;
	return false;
}

static const char *const page_keys[SB_PAGE_COUNT] = {
	"by_skill", "by_region", "by_language", "connections",
	"proposed_clinics", "resources", "dashboard", "recognition",
};

static const char *const page_defaults[SB_PAGE_COUNT] = {
	"By skill", "By region", "By language", "Connections",
	"Clinics/Proposed", "Resources", "Dashboard", "Recognition",
};

int sb_page_key_from_name(const char *name)
{
	for (int i = 0; i < SB_PAGE_COUNT; i++)
		if (strcmp(name, page_keys[i]) == 0)
			return i;
	return -1;
}

#define DEFAULT_ROOT "Grants:Knowledge Sharing/Connect/Skills Directory"

static void set_page_titles(sb_siteconf *c)
{
	for (int i = 0; i < SB_PAGE_COUNT; i++) {
		free(c->pages[i]);
		c->pages[i] = sb_asprintf("%s/%s", c->root, page_defaults[i]);
	}
}

static const char *const badge_measures[SB_BADGE_MEASURES] = {
	"clinics", "connections", "resources"
};

int sb_badge_measure_from_name(const char *name)
{
	for (int i = 0; name && i < SB_BADGE_MEASURES; i++)
		if (strcmp(name, badge_measures[i]) == 0)
			return i;
	return -1;
}

static void badges_free(sb_siteconf *c)
{
	for (size_t i = 0; i < c->n_badges; i++)
		free(c->badges[i].name);
	free(c->badges);
	c->badges = NULL;
	c->n_badges = 0;
}

static void badge_add(sb_siteconf *c, const char *name, int measure, int min)
{
	c->badges = sb_reallocarray(c->badges, c->n_badges + 1,
				    sizeof(*c->badges));
	c->badges[c->n_badges].name = sb_strdup(name);
	c->badges[c->n_badges].measure = measure;
	c->badges[c->n_badges].min = min;
	c->n_badges++;
}

void sb_siteconf_defaults(sb_siteconf *c)
{
	static const char *const langs[] = {"en", "es", "fr", "pt", "ar"};

	memset(c, 0, sizeof(*c));
	c->enabled = true;
	c->root = sb_strdup(DEFAULT_ROOT);
	sb_strv_add(&c->tpl_profile, "Let's Connect/Profile");
	sb_strv_add(&c->tpl_clinic, "Let's Connect/Clinic");
	sb_strv_add(&c->tpl_signup, "Let's Connect/Signup");
	sb_strv_add(&c->tpl_resource, "Let's Connect/Resource");
	sb_strv_add(&c->tpl_feedback, "Let's Connect/Feedback");
	sb_strv_add(&c->skill_templates, "skill");
	sb_strv_add(&c->language_templates, "lang");
	c->taxonomy_page = sb_strdup(DEFAULT_ROOT "/Taxonomy");
	for (size_t i = 0; i < 5; i++)
		sb_strv_add(&c->languages, langs[i]);
	c->signup_section = sb_strdup("Sign-ups");
	c->max_requests_per_learner = 3;
	c->default_capacity = 2;
	c->w_language = 1.0;
	c->w_time = 1.0;
	c->w_stability = 0.5;
	c->w_load = 0.1;
	c->clinic_capacity = 25;
	c->max_interpretation = 4;
	c->local_hours[0] = 8;
	c->local_hours[1] = 21;
	c->notify_max_per_cycle = 20;
	c->max_row_loss = 0.3;
	c->page_budget = 500 * 1000;
	set_page_titles(c);
	badge_add(c, "Clinic facilitator", SB_BADGE_CLINICS, 1);
	badge_add(c, "Connector", SB_BADGE_CONNECTIONS, 1);
	badge_add(c, "Mentor", SB_BADGE_CONNECTIONS, 5);
	badge_add(c, "Resource sharer", SB_BADGE_RESOURCES, 1);
}

void sb_siteconf_dispose(sb_siteconf *c)
{
	free(c->root);
	sb_strv_dispose(&c->tpl_profile);
	sb_strv_dispose(&c->tpl_clinic);
	sb_strv_dispose(&c->tpl_signup);
	sb_strv_dispose(&c->tpl_resource);
	sb_strv_dispose(&c->tpl_feedback);
	sb_strv_dispose(&c->skill_templates);
	sb_strv_dispose(&c->language_templates);
	free(c->taxonomy_page);
	sb_strv_dispose(&c->languages);
	free(c->signup_section);
	for (int i = 0; i < SB_PAGE_COUNT; i++)
		free(c->pages[i]);
	badges_free(c);
	memset(c, 0, sizeof(*c));
}

/* ---- parsing ---------------------------------------------------------- */

static int want_type(const cJSON *it, int ok, const char *origin,
		     const char *key, const char *what)
{
	if (it && !ok)
		return sb_error_set(SB_EINVALID, "%s: \"%s\" must be %s", origin,
				    key, what);
	return SB_OK;
}

static int read_strv(sb_strv *dst, const cJSON *obj, const char *key,
		     const char *origin)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *it;
	sb_strv tmp = {0};

	if (!arr)
		return SB_OK;
	if (cJSON_IsString(arr)) {
		sb_strv_add(&tmp, arr->valuestring);
	} else if (cJSON_IsArray(arr) && cJSON_GetArraySize(arr) > 0) {
		cJSON_ArrayForEach(it, arr) {
			if (!cJSON_IsString(it) || !it->valuestring[0]) {
				sb_strv_dispose(&tmp);
				return sb_error_set(SB_EINVALID,
						    "%s: \"%s\" must list non-empty strings",
						    origin, key);
			}
			sb_strv_add(&tmp, it->valuestring);
		}
	} else {
		return sb_error_set(SB_EINVALID,
				    "%s: \"%s\" must be a non-empty list of strings",
				    origin, key);
	}
	sb_strv_dispose(dst);
	*dst = tmp;
	return SB_OK;
}

static int read_str(char **dst, const cJSON *obj, const char *key,
		    const char *origin)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	int err;

	if ((err = want_type(it, cJSON_IsString(it) && it->valuestring[0],
			     origin, key, "a non-empty string")) < 0 || !it)
		return err;
	free(*dst);
	*dst = sb_strdup(it->valuestring);
	return SB_OK;
}

static int read_int(int *dst, const cJSON *obj, const char *key, int lo,
		    int hi, const char *origin)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it)
		return SB_OK;
	if (!cJSON_IsNumber(it) || it->valuedouble != (double)it->valueint ||
	    it->valueint < lo || it->valueint > hi)
		return sb_error_set(SB_EINVALID,
				    "%s: \"%s\" must be a whole number from %d to %d",
				    origin, key, lo, hi);
	*dst = it->valueint;
	return SB_OK;
}

static int read_num(double *dst, const cJSON *obj, const char *key, double lo,
		    double hi, const char *origin)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it)
		return SB_OK;
	if (!cJSON_IsNumber(it) || it->valuedouble < lo || it->valuedouble > hi)
		return sb_error_set(SB_EINVALID,
				    "%s: \"%s\" must be a number from %g to %g",
				    origin, key, lo, hi);
	*dst = it->valuedouble;
	return SB_OK;
}

static int read_object(const cJSON **out, const cJSON *obj, const char *key,
		       const char *origin)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = it;
	return want_type(it, cJSON_IsObject(it), origin, key, "an object");
}

static int read_templates(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *t;
	int err;

	if ((err = read_object(&t, root, "templates", o)) < 0 || !t)
		return err;
	if ((err = read_strv(&c->tpl_profile, t, "profile", o)) < 0 ||
	    (err = read_strv(&c->tpl_clinic, t, "clinic", o)) < 0 ||
	    (err = read_strv(&c->tpl_signup, t, "signup", o)) < 0 ||
	    (err = read_strv(&c->tpl_resource, t, "resource", o)) < 0 ||
	    (err = read_strv(&c->tpl_feedback, t, "feedback", o)) < 0 ||
	    (err = read_strv(&c->skill_templates, t, "skill", o)) < 0 ||
	    (err = read_strv(&c->language_templates, t, "language", o)) < 0)
		return err;
	return SB_OK;
}

bool sb_siteconf_lang_ok(const char *code)
{
	size_t n = 0;

	while (code[n] >= 'a' && code[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return false;
	for (code += n; *code; ) {
		size_t k = 1;

		if (*code != '-')
			return false;
		while ((code[k] >= 'a' && code[k] <= 'z') ||
		       (code[k] >= '0' && code[k] <= '9'))
			k++;
		if (k == 1 || k > 9)
			return false;
		code += k;
	}
	return true;
}

/* Checked once here, so no reader of a code (file names, titles, lang
 * attributes) has to guard against "../x" or markup. */
static int check_languages(const sb_siteconf *c, const char *o)
{
	for (size_t i = 0; i < c->languages.n; i++)
		if (!sb_siteconf_lang_ok(c->languages.v[i]))
			return sb_error_set(SB_EINVALID, "%s: \"languages\": "
					    "\"%s\" is not a language code "
					    "(like \"fr\" or \"zh-hans\")", o,
					    c->languages.v[i]);
	return SB_OK;
}

static int read_matching(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *m, *w;
	int err;

	if ((err = read_object(&m, root, "matching", o)) < 0 || !m)
		return err;
	if ((err = read_int(&c->max_requests_per_learner, m,
			    "max_requests_per_learner", 0, 50, o)) < 0 ||
	    (err = read_int(&c->default_capacity, m, "default_capacity", 0, 20,
			    o)) < 0 ||
	    (err = read_object(&w, m, "weights", o)) < 0 || !w)
		return err;
	if ((err = read_num(&c->w_language, w, "language", 0, 100, o)) < 0 ||
	    (err = read_num(&c->w_time, w, "time", 0, 100, o)) < 0 ||
	    (err = read_num(&c->w_stability, w, "stability", 0, 100, o)) < 0 ||
	    (err = read_num(&c->w_load, w, "load", 0, 100, o)) < 0)
		return err;
	return SB_OK;
}

static int read_clinics(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *cl, *hours;
	int err;

	if ((err = read_object(&cl, root, "clinics", o)) < 0 || !cl)
		return err;
	if ((err = read_int(&c->clinic_capacity, cl, "capacity", 1, 10000, o)) < 0 ||
	    (err = read_int(&c->max_interpretation, cl, "max_interpretation",
			    0, 20, o)) < 0 ||
	    (err = read_str(&c->signup_section, cl, "signup_section", o)) < 0)
		return err;
	hours = cJSON_GetObjectItemCaseSensitive(cl, "local_hours");
	if (!hours)
		return SB_OK;
	if (!cJSON_IsArray(hours) || cJSON_GetArraySize(hours) != 2 ||
	    !cJSON_IsNumber(cJSON_GetArrayItem(hours, 0)) ||
	    !cJSON_IsNumber(cJSON_GetArrayItem(hours, 1)))
		return sb_error_set(SB_EINVALID,
				    "%s: \"local_hours\" must be [FROM, TO]", o);
	c->local_hours[0] = cJSON_GetArrayItem(hours, 0)->valueint;
	c->local_hours[1] = cJSON_GetArrayItem(hours, 1)->valueint;
	if (c->local_hours[0] < 0 || c->local_hours[1] > 24 ||
	    c->local_hours[0] >= c->local_hours[1])
		return sb_error_set(SB_EINVALID,
				    "%s: \"local_hours\" must be two hours, 0 <= FROM < TO <= 24",
				    o);
	return SB_OK;
}

static int read_pages(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *p, *it;
	int err;

	set_page_titles(c);
	if ((err = read_object(&p, root, "pages", o)) < 0 || !p)
		return err;
	cJSON_ArrayForEach(it, p) {
		int k = sb_page_key_from_name(it->string);

		if (k < 0)
			return sb_error_set(SB_EINVALID,
					    "%s: \"pages\" has an unknown key \"%s\"",
					    o, it->string);
		if (!cJSON_IsString(it) || !it->valuestring[0])
			return sb_error_set(SB_EINVALID,
					    "%s: \"pages.%s\" must be a title",
					    o, it->string);
		free(c->pages[k]);
		/* A title with a namespace or a leading "/" is taken as is
		 * relative to ROOT, else as a subpage name under ROOT. */
		if (it->valuestring[0] == '/')
			c->pages[k] = sb_asprintf("%s%s", c->root,
						  it->valuestring);
		else if (strchr(it->valuestring, ':'))
			c->pages[k] = sb_strdup(it->valuestring);
		else
			c->pages[k] = sb_asprintf("%s/%s", c->root,
						  it->valuestring);
	}
	return SB_OK;
}

/* "recognition": {"badges": [{"name": N, "measure": M, "min": K}, ...]}
 * replaces the default badges; an empty list gives none. */
static int read_recognition(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *rec, *arr, *it;
	int err;

	if ((err = read_object(&rec, root, "recognition", o)) < 0 || !rec)
		return err;
	arr = cJSON_GetObjectItemCaseSensitive(rec, "badges");
	if (!arr)
		return SB_OK;
	if (!cJSON_IsArray(arr))
		return sb_error_set(SB_EINVALID, "%s: \"recognition.badges\" "
				    "must be a list", o);
	badges_free(c);
	cJSON_ArrayForEach(it, arr) {
		const char *name = sb_json_str(it, "name");
		int measure = sb_badge_measure_from_name(sb_json_str(it,
								     "measure"));
		int min = 1;

		if (!name || !*name || measure < 0)
			return sb_error_set(SB_EINVALID, "%s: each of "
					    "\"recognition.badges\" needs a "
					    "\"name\" and a \"measure\" "
					    "(clinics, connections or "
					    "resources)", o);
		if ((err = read_int(&min, it, "min", 1, 100000, o)) < 0)
			return err;
		badge_add(c, name, measure, min);
	}
	return SB_OK;
}

static int parse_root(sb_siteconf *c, const cJSON *root, const char *o)
{
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(root, "enabled");
	const cJSON *sub;
	int err;

	if (!cJSON_IsObject(root))
		return sb_error_set(SB_EINVALID, "%s: not a JSON object", o);
	if ((err = want_type(en, cJSON_IsBool(en), o, "enabled",
			     "true or false")) < 0)
		return err;
	if (en)
		c->enabled = cJSON_IsTrue(en);
	if ((err = read_str(&c->root, root, "root", o)) < 0 ||
	    (err = read_str(&c->taxonomy_page, root, "taxonomy_page", o)) < 0 ||
	    (err = read_templates(c, root, o)) < 0 ||
	    (err = read_strv(&c->languages, root, "languages", o)) < 0 ||
	    (err = check_languages(c, o)) < 0 ||
	    (err = read_matching(c, root, o)) < 0 ||
	    (err = read_clinics(c, root, o)) < 0)
		return err;
	if ((err = read_object(&sub, root, "notify", o)) < 0 ||
	    (sub && (err = read_int(&c->notify_max_per_cycle, sub,
				    "max_per_cycle", 0, 1000, o)) < 0))
		return err;
	if ((err = read_object(&sub, root, "sanity", o)) < 0 ||
	    (sub && (err = read_num(&c->max_row_loss, sub, "max_row_loss", 0, 1,
				    o)) < 0))
		return err;
	if ((err = read_recognition(c, root, o)) < 0)
		return err;
	return read_pages(c, root, o);
}

int sb_siteconf_parse(sb_siteconf *c, const char *json, size_t len,
		      const char *origin)
{
	cJSON *root = NULL;
	int err;

	sb_siteconf_defaults(c);
	if ((err = sb_json_parse(&root, json, len, origin)) < 0 ||
	    (err = parse_root(c, root, origin)) < 0)
		sb_siteconf_dispose(c);
	cJSON_Delete(root);
	return err;
}

int sb_siteconf_load_file(sb_siteconf *c, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int err;

	if ((err = sb_file_read(&text, &len, path, 16 << 20)) < 0)
		return err;
	err = sb_siteconf_parse(c, text, len, path);
	free(text);
	return err;
}

bool sb_siteconf_is_dashboard(const sb_siteconf *c, const char *title)
{
	const char *d = c->pages[SB_PAGE_DASHBOARD];
	size_t n = d ? strlen(d) : 0;

	return n && strncmp(title, d, n) == 0 &&
	       (title[n] == '\0' || title[n] == '/');
}
