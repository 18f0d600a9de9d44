/* record.c - record lifetimes and their JSON form; see record.h. */
#include "skillsbot/record.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <float.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_diag_dispose(sb_diag *d)
{
	free(d->field);
	free(d->message);
}

static void diags_free(sb_diag *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_diag_dispose(&d[i]);
	free(d);
}

static void skills_free(sb_skill_ref *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].id);
		free(s[i].text);
	}
	free(s);
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sb_profile_dispose(sb_profile *p)
{
	free(p->page);
	free(p->username);
	free(p->region);
	free(p->country);
	free(p->languages);
	free(p->timezone);
	free(p->affiliate);
	skills_free(p->share, p->n_share);
	skills_free(p->learn, p->n_learn);
	free(p->contact);
	diags_free(p->diags, p->n_diags);
	memset(p, 0, sizeof(*p));
}

void sb_clinic_dispose(sb_clinic *c)
{
	free(c->page);
	free(c->title);
	free(c->topic.id);
	free(c->topic.text);
	free(c->date);
	free(c->languages);
	free(c->interpretation);
	strv_free(c->facilitators, c->n_facilitators);
	strv_free(c->signups, c->n_signups);
	diags_free(c->diags, c->n_diags);
	memset(c, 0, sizeof(*c));
}

void sb_resource_dispose(sb_resource *r)
{
	free(r->page);
	free(r->title);
	free(r->link);
	skills_free(r->skills, r->n_skills);
	free(r->languages);
	free(r->format);
	free(r->clinic);
	diags_free(r->diags, r->n_diags);
	memset(r, 0, sizeof(*r));
}

void sb_feedback_dispose(sb_feedback *f)
{
	free(f->page);
	free(f->author);
	free(f->with);
	free(f->skill.id);
	free(f->skill.text);
	diags_free(f->diags, f->n_diags);
	memset(f, 0, sizeof(*f));
}

void sb_records_init(sb_records *r)
{
	memset(r, 0, sizeof(*r));
}

void sb_records_dispose(sb_records *r)
{
	for (size_t i = 0; i < r->n_profiles; i++)
		sb_profile_dispose(&r->profiles[i]);
	for (size_t i = 0; i < r->n_clinics; i++)
		sb_clinic_dispose(&r->clinics[i]);
	for (size_t i = 0; i < r->n_resources; i++)
		sb_resource_dispose(&r->resources[i]);
	for (size_t i = 0; i < r->n_feedback; i++)
		sb_feedback_dispose(&r->feedback[i]);
	for (size_t i = 0; i < r->n_left_out; i++)
		sb_profile_dispose(&r->left_out[i]);
	free(r->feedback);
	free(r->left_out);
	free(r->profiles);
	free(r->clinics);
	free(r->resources);
	memset(r, 0, sizeof(*r));
}

void sb_records_add_profile(sb_records *r, sb_profile *p)
{
	/* A page holds one to three profiles: a first block of two keeps
	 * the request small (eight profiles make a large-bin request, and
	 * glibc then consolidates its fast bins on every page). */
	if (!r->cap_profiles) {
		r->profiles = sb_reallocarray(r->profiles, 2,
					      sizeof(*r->profiles));
		r->cap_profiles = 2;
	}
	SB_GROW(r->profiles, r->cap_profiles, r->n_profiles + 1);
	r->profiles[r->n_profiles++] = *p;
	memset(p, 0, sizeof(*p));
}

void sb_records_add_clinic(sb_records *r, sb_clinic *c)
{
	SB_GROW(r->clinics, r->cap_clinics, r->n_clinics + 1);
	r->clinics[r->n_clinics++] = *c;
	memset(c, 0, sizeof(*c));
}

void sb_records_add_resource(sb_records *r, sb_resource *res)
{
	SB_GROW(r->resources, r->cap_resources, r->n_resources + 1);
	r->resources[r->n_resources++] = *res;
	memset(res, 0, sizeof(*res));
}

void sb_records_add_feedback(sb_records *r, sb_feedback *f)
{
	SB_GROW(r->feedback, r->cap_feedback, r->n_feedback + 1);
	r->feedback[r->n_feedback++] = *f;
	memset(f, 0, sizeof(*f));
}

void sb_records_add_left_out(sb_records *r, sb_profile *p)
{
	SB_GROW(r->left_out, r->cap_left_out, r->n_left_out + 1);
	r->left_out[r->n_left_out++] = *p;
	memset(p, 0, sizeof(*p));
}

int sb_profile_place_cmp(const sb_profile *x, const sb_profile *y)
{
	int c;

	if (x->page_id != y->page_id)
		return x->page_id < y->page_id ? -1 : 1;
	if ((c = strcmp(x->page ? x->page : "", y->page ? y->page : "")) != 0)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Profiles of one person together (same user name, byte for byte, as
 * the matcher compares them), each person's in the matcher's total order
 * (docs/matching.md): lowest page id, then title, then position. */
static int person_cmp(const void *pa, const void *pb, void *arg)
{
	const sb_records *r = arg;
	const sb_profile *x = &r->profiles[*(const size_t *)pa];
	const sb_profile *y = &r->profiles[*(const size_t *)pb];
	int c = strcmp(x->username, y->username);

	return c ? c : sb_profile_place_cmp(x, y);
}

size_t sb_records_further_profiles(const sb_records *r, size_t **pairs_out)
{
	size_t *v = sb_calloc(r->n_profiles + 1, sizeof(size_t));
	size_t *pairs = NULL, n = 0, n_pairs = 0;

	for (size_t i = 0; i < r->n_profiles; i++)
		if (r->profiles[i].username &&
		    r->profiles[i].status != SB_STATUS_INACTIVE)
			v[n++] = i;
	if (n > 1)
		qsort_r(v, n, sizeof(*v), person_cmp, (void *)r);
	if (pairs_out)
		pairs = sb_calloc(2 * n + 1, sizeof(size_t));
	for (size_t i = 0, used = 0; i < n; i++) {
		if (i == 0 || strcmp(r->profiles[v[i]].username,
				     r->profiles[v[used]].username) != 0) {
			used = i;
			continue;
		}
		if (pairs) {
			pairs[2 * n_pairs] = v[i];
			pairs[2 * n_pairs + 1] = v[used];
		}
		n_pairs++;
	}
	free(v);
	if (pairs_out)
		*pairs_out = pairs;
	return n_pairs;
}

size_t sb_records_count_problems(const sb_records *r)
{
	size_t n = sb_records_further_profiles(r, NULL);

	for (size_t i = 0; i < r->n_profiles; i++)
		n += r->profiles[i].n_diags;
	for (size_t i = 0; i < r->n_left_out; i++)
		n += r->left_out[i].n_diags;
	for (size_t i = 0; i < r->n_clinics; i++)
		n += r->clinics[i].n_diags;
	for (size_t i = 0; i < r->n_resources; i++)
		n += r->resources[i].n_diags;
	for (size_t i = 0; i < r->n_feedback; i++)
		n += r->feedback[i].n_diags;
	return n;
}

void sb_diag_add(sb_diag **arr, size_t *n, const char *field, int line,
		 int column, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	sb_diag *d;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*arr = sb_reallocarray(*arr, *n + 1, sizeof(**arr));
	d = &(*arr)[(*n)++];
	d->field = sb_strdup(field);
	d->message = sb_strdup(msg);
	d->line = line;
	d->column = column;
}

static const char *const format_names[] = {"clinic", "one-to-one", "cluster"};

static const char *const status_names[] = {"active", "away", "inactive"};
static const char *const clinic_status_names[] = {"proposed", "scheduled",
						  "done", "cancelled"};

const char *sb_status_name(int status)
{
	return status >= 0 && status < 3 ? status_names[status] : "?";
}

const char *sb_clinic_status_name(int status)
{
	return status >= 0 && status < 4 ? clinic_status_names[status] : "?";
}

/* ---- to JSON ---------------------------------------------------------- */

static cJSON *langs_to_json(const sb_lang *l, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "code", l[i].code);
		if (l[i].level == SB_LEVEL_NATIVE)
			cJSON_AddStringToObject(o, "level", "N");
		else if (l[i].level == SB_LEVEL_NONE)
			cJSON_AddNullToObject(o, "level");
		else
			cJSON_AddNumberToObject(o, "level", l[i].level);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *skill_to_json(const sb_skill_ref *s)
{
	cJSON *o = cJSON_CreateObject();

	sb_json_add_str(o, "skill", s->id);
	sb_json_add_str(o, "text", s->text);
	return o;
}

static cJSON *skills_to_json(const sb_skill_ref *s, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, skill_to_json(&s[i]));
	return arr;
}

static cJSON *strv_to_json(char *const *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
	return arr;
}

static cJSON *diags_to_json(const sb_diag *d, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "field", d[i].field);
		cJSON_AddStringToObject(o, "message", d[i].message);
		cJSON_AddNumberToObject(o, "line", d[i].line);
		cJSON_AddNumberToObject(o, "column", d[i].column);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void add_page(cJSON *o, const char *page, int64_t page_id, int index)
{
	sb_json_add_str(o, "page", page);
	if (page_id > 0)
		cJSON_AddNumberToObject(o, "page_id", (double)page_id);
	cJSON_AddNumberToObject(o, "index", index);
}

cJSON *sb_profile_to_json(const sb_profile *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *fmts = cJSON_CreateArray();

	add_page(o, p->page, p->page_id, p->index);
	sb_json_add_str(o, "username", p->username);
	sb_json_add_str(o, "region", p->region);
	sb_json_add_str(o, "country", p->country);
	cJSON_AddItemToObject(o, "languages",
			      langs_to_json(p->languages, p->n_languages));
	sb_json_add_str(o, "timezone", p->timezone);
	sb_json_add_str(o, "affiliate", p->affiliate);
	cJSON_AddItemToObject(o, "share", skills_to_json(p->share, p->n_share));
	cJSON_AddItemToObject(o, "learn", skills_to_json(p->learn, p->n_learn));
	for (unsigned i = 0; i < 3; i++)
		if (p->formats & (1u << i))
			cJSON_AddItemToArray(fmts,
					     cJSON_CreateString(format_names[i]));
	cJSON_AddItemToObject(o, "formats", fmts);
	cJSON_AddNumberToObject(o, "capacity", p->capacity);
	cJSON_AddStringToObject(o, "status", sb_status_name(p->status));
	cJSON_AddBoolToObject(o, "notify", p->notify);
	sb_json_add_str(o, "contact", p->contact);
	cJSON_AddItemToObject(o, "diagnostics",
			      diags_to_json(p->diags, p->n_diags));
	return o;
}

cJSON *sb_clinic_to_json(const sb_clinic *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", "clinic");
	add_page(o, c->page, c->page_id, c->index);
	sb_json_add_str(o, "title", c->title);
	cJSON_AddItemToObject(o, "topic", skill_to_json(&c->topic));
	sb_json_add_str(o, "date", c->date);
	cJSON_AddNumberToObject(o, "duration", c->duration);
	cJSON_AddItemToObject(o, "languages",
			      langs_to_json(c->languages, c->n_languages));
	cJSON_AddItemToObject(o, "interpretation",
			      langs_to_json(c->interpretation,
					    c->n_interpretation));
	cJSON_AddItemToObject(o, "facilitators",
			      strv_to_json(c->facilitators, c->n_facilitators));
	cJSON_AddItemToObject(o, "signups",
			      strv_to_json(c->signups, c->n_signups));
	cJSON_AddNumberToObject(o, "capacity", c->capacity);
	cJSON_AddStringToObject(o, "status", sb_clinic_status_name(c->status));
	cJSON_AddItemToObject(o, "diagnostics",
			      diags_to_json(c->diags, c->n_diags));
	return o;
}

cJSON *sb_resource_to_json(const sb_resource *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", "resource");
	add_page(o, r->page, r->page_id, r->index);
	sb_json_add_str(o, "title", r->title);
	sb_json_add_str(o, "link", r->link);
	cJSON_AddItemToObject(o, "skills",
			      skills_to_json(r->skills, r->n_skills));
	cJSON_AddItemToObject(o, "languages",
			      langs_to_json(r->languages, r->n_languages));
	sb_json_add_str(o, "format", r->format);
	sb_json_add_str(o, "clinic", r->clinic);
	cJSON_AddItemToObject(o, "diagnostics",
			      diags_to_json(r->diags, r->n_diags));
	return o;
}

static const char *const outcome_names[] = {"unknown", "met", "planned",
					     "declined", "no answer"};

const char *sb_outcome_name(int outcome)
{
	return outcome >= 0 && outcome < 5 ? outcome_names[outcome] : "?";
}

cJSON *sb_feedback_to_json(const sb_feedback *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", "feedback");
	add_page(o, f->page, f->page_id, f->index);
	sb_json_add_str(o, "author", f->author);
	sb_json_add_str(o, "with", f->with);
	cJSON_AddItemToObject(o, "skill", skill_to_json(&f->skill));
	cJSON_AddStringToObject(o, "outcome", sb_outcome_name(f->outcome));
	cJSON_AddItemToObject(o, "diagnostics",
			      diags_to_json(f->diags, f->n_diags));
	return o;
}

/* ---- straight to JSON text ---------------------------------------------
 * The bytes cJSON_PrintUnformatted gives for the trees above: keys and
 * values in the same order, strings escaped as cJSON's print_string_ptr
 * does, numbers as its print_number does. */

typedef struct jw {
	sb_buf *b;
	int err;
	bool first;   /* no member written yet in the open object/array */
} jw;

static void jw_raw(jw *w, const char *s, size_t n)
{
	sb_buf *b = w->b;
	int e;

	/* Most pieces are a few bytes and fit: copy them here rather than
	 * through sb_buf_add's checks (same result: bytes, then a NUL). */
	if (b->ptr && b->len + n < b->cap && n <= b->max - b->len) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return;
	}
	e = sb_buf_add(b, s, n);
	if (!w->err)
		w->err = e;
}

static void jw_sep(jw *w)
{
	if (!w->first)
		jw_raw(w, ",", 1);
	w->first = false;
}

/* A JSON string: the two-character escapes, \u00XX for other control
 * bytes, everything else (UTF-8 included) as it is. */
static void jw_string(jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0, i = 0;

	jw_raw(w, "\"", 1);
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = {'\\', 0, '0', '0', 0, 0};
		size_t n = 2;

		if (c >= 32 && c != '"' && c != '\\')
			continue;
		jw_raw(w, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
			break;
		}
		jw_raw(w, esc, n);
	}
	jw_raw(w, s + run, i - run);
	jw_raw(w, "\"", 1);
}

static void jw_key(jw *w, const char *key)
{
	jw_sep(w);
	jw_string(w, key);
	jw_raw(w, ":", 1);
}

/* "%d" by hand (snprintf showed in the profile). */
static void jw_int(jw *w, int v)
{
	char num[16], *p = num + sizeof(num);
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	jw_raw(w, p, (size_t)(num + sizeof(num) - p));
}

/* cJSON's compare_double: equal within a relative DBL_EPSILON. */
static bool same_double(double a, double b)
{
	double aa = a < 0 ? -a : a, ab = b < 0 ? -b : b;
	double diff = a - b < 0 ? b - a : a - b;

	return diff <= (aa > ab ? aa : ab) * DBL_EPSILON;
}

/* cJSON keeps a number as a double and an int clamped to the int range;
 * it prints "%d" when they agree, else the shortest of %1.15g / %1.17g
 * that reads back the same. */
static void jw_number(jw *w, double d)
{
	int vi = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN
							       : (int)d;
	char num[32];
	int n;

	if (d == (double)vi) {
		jw_int(w, vi);
		return;
	}
	n = snprintf(num, sizeof(num), "%1.15g", d);
	if (!same_double(strtod(num, NULL), d))
		n = snprintf(num, sizeof(num), "%1.17g", d);
	jw_raw(w, num, (size_t)n);
}

/* sb_json_add_str: the string, or null. */
static void jw_str_or_null(jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s)
		jw_string(w, s);
	else
		jw_raw(w, "null", 4);
}

/* cJSON_AddStringToObject with NULL adds nothing. */
static void jw_str_member(jw *w, const char *key, const char *s)
{
	if (s) {
		jw_key(w, key);
		jw_string(w, s);
	}
}

static void jw_open(jw *w, char c)
{
	jw_raw(w, &c, 1);
	w->first = true;
}

static void jw_close(jw *w, char c)
{
	jw_raw(w, &c, 1);
	w->first = false;
}

static void jw_langs(jw *w, const char *key, const sb_lang *l, size_t n)
{
	jw_key(w, key);
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		jw_sep(w);
		jw_open(w, '{');
		jw_str_member(w, "code", l[i].code);
		jw_key(w, "level");
		if (l[i].level == SB_LEVEL_NATIVE)
			jw_string(w, "N");
		else if (l[i].level == SB_LEVEL_NONE)
			jw_raw(w, "null", 4);
		else
			jw_int(w, l[i].level);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void jw_skill(jw *w, const sb_skill_ref *s)
{
	jw_open(w, '{');
	jw_str_or_null(w, "skill", s->id);
	jw_str_or_null(w, "text", s->text);
	jw_close(w, '}');
}

static void jw_skills(jw *w, const char *key, const sb_skill_ref *s,
		      size_t n)
{
	jw_key(w, key);
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		jw_sep(w);
		jw_skill(w, &s[i]);
	}
	jw_close(w, ']');
}

static void jw_strv(jw *w, const char *key, char *const *v, size_t n)
{
	jw_key(w, key);
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			continue;  /* cJSON_CreateString(NULL) adds nothing */
		jw_sep(w);
		jw_string(w, v[i]);
	}
	jw_close(w, ']');
}

static void jw_diags(jw *w, const sb_diag *d, size_t n)
{
	jw_key(w, "diagnostics");
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		jw_sep(w);
		jw_open(w, '{');
		jw_str_member(w, "field", d[i].field);
		jw_str_member(w, "message", d[i].message);
		jw_key(w, "line");
		jw_int(w, d[i].line);
		jw_key(w, "column");
		jw_int(w, d[i].column);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void jw_page(jw *w, const char *page, int64_t page_id, int index)
{
	jw_str_or_null(w, "page", page);
	if (page_id > 0) {
		jw_key(w, "page_id");
		jw_number(w, (double)page_id);
	}
	jw_key(w, "index");
	jw_int(w, index);
}

int sb_profile_write_json(sb_buf *b, const sb_profile *p)
{
	jw w = {b, SB_OK, true};

	jw_open(&w, '{');
	jw_page(&w, p->page, p->page_id, p->index);
	jw_str_or_null(&w, "username", p->username);
	jw_str_or_null(&w, "region", p->region);
	jw_str_or_null(&w, "country", p->country);
	jw_langs(&w, "languages", p->languages, p->n_languages);
	jw_str_or_null(&w, "timezone", p->timezone);
	jw_str_or_null(&w, "affiliate", p->affiliate);
	jw_skills(&w, "share", p->share, p->n_share);
	jw_skills(&w, "learn", p->learn, p->n_learn);
	jw_key(&w, "formats");
	jw_open(&w, '[');
	for (unsigned i = 0; i < 3; i++) {
		if (p->formats & (1u << i)) {
			jw_sep(&w);
			jw_string(&w, format_names[i]);
		}
	}
	jw_close(&w, ']');
	jw_key(&w, "capacity");
	jw_int(&w, p->capacity);
	jw_str_member(&w, "status", sb_status_name(p->status));
	jw_key(&w, "notify");
	jw_raw(&w, p->notify ? "true" : "false", p->notify ? 4 : 5);
	jw_str_or_null(&w, "contact", p->contact);
	jw_diags(&w, p->diags, p->n_diags);
	jw_close(&w, '}');
	return w.err;
}

int sb_clinic_write_json(sb_buf *b, const sb_clinic *c)
{
	jw w = {b, SB_OK, true};

	jw_open(&w, '{');
	jw_str_member(&w, "kind", "clinic");
	jw_page(&w, c->page, c->page_id, c->index);
	jw_str_or_null(&w, "title", c->title);
	jw_key(&w, "topic");
	jw_skill(&w, &c->topic);
	jw_str_or_null(&w, "date", c->date);
	jw_key(&w, "duration");
	jw_int(&w, c->duration);
	jw_langs(&w, "languages", c->languages, c->n_languages);
	jw_langs(&w, "interpretation", c->interpretation,
		 c->n_interpretation);
	jw_strv(&w, "facilitators", c->facilitators, c->n_facilitators);
	jw_strv(&w, "signups", c->signups, c->n_signups);
	jw_key(&w, "capacity");
	jw_int(&w, c->capacity);
	jw_str_member(&w, "status", sb_clinic_status_name(c->status));
	jw_diags(&w, c->diags, c->n_diags);
	jw_close(&w, '}');
	return w.err;
}

int sb_resource_write_json(sb_buf *b, const sb_resource *r)
{
	jw w = {b, SB_OK, true};

	jw_open(&w, '{');
	jw_str_member(&w, "kind", "resource");
	jw_page(&w, r->page, r->page_id, r->index);
	jw_str_or_null(&w, "title", r->title);
	jw_str_or_null(&w, "link", r->link);
	jw_skills(&w, "skills", r->skills, r->n_skills);
	jw_langs(&w, "languages", r->languages, r->n_languages);
	jw_str_or_null(&w, "format", r->format);
	jw_str_or_null(&w, "clinic", r->clinic);
	jw_diags(&w, r->diags, r->n_diags);
	jw_close(&w, '}');
	return w.err;
}

/* ---- from JSON -------------------------------------------------------- */

static char *dup_str(const cJSON *o, const char *key)
{
	const char *s = sb_json_str(o, key);

	return s ? sb_strdup(s) : NULL;
}

static int langs_from_json(const cJSON *arr, sb_lang **out, size_t *n,
			   const char *origin)
{
	const cJSON *it;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!arr || cJSON_IsNull(arr))
		return SB_OK;
	if (!cJSON_IsArray(arr))
		return sb_error_set(SB_EINVALID, "%s: languages is not an array",
				    origin);
	*out = sb_calloc((size_t)cJSON_GetArraySize(arr), sizeof(sb_lang));
	cJSON_ArrayForEach(it, arr) {
		const char *code = sb_json_str(it, "code");
		const cJSON *lv = cJSON_GetObjectItemCaseSensitive(it, "level");
		sb_lang *l = &(*out)[k];

		if (!code || strlen(code) >= sizeof(l->code))
			return sb_error_set(SB_EINVALID,
					    "%s: a language has no valid code",
					    origin);
		memcpy(l->code, code, strlen(code) + 1);
		if (cJSON_IsNumber(lv))
			l->level = lv->valueint;
		else if (cJSON_IsString(lv) && strcmp(lv->valuestring, "N") == 0)
			l->level = SB_LEVEL_NATIVE;
		else
			l->level = SB_LEVEL_NONE;
		*n = ++k;
	}
	return SB_OK;
}

static int skills_from_json(const cJSON *arr, sb_skill_ref **out, size_t *n,
			    const char *origin)
{
	const cJSON *it;

	*out = NULL;
	*n = 0;
	if (!arr || cJSON_IsNull(arr))
		return SB_OK;
	if (!cJSON_IsArray(arr))
		return sb_error_set(SB_EINVALID, "%s: skills are not an array",
				    origin);
	*out = sb_calloc((size_t)cJSON_GetArraySize(arr), sizeof(sb_skill_ref));
	cJSON_ArrayForEach(it, arr) {
		const char *text = sb_json_str(it, "text");

		if (!text)
			return sb_error_set(SB_EINVALID,
					    "%s: a skill has no text", origin);
		(*out)[*n].id = dup_str(it, "skill");
		(*out)[*n].text = sb_strdup(text);
		(*n)++;
	}
	return SB_OK;
}

static int strv_from_json(const cJSON *arr, char ***out, size_t *n,
			  const char *origin)
{
	const cJSON *it;

	*out = NULL;
	*n = 0;
	if (!arr || cJSON_IsNull(arr))
		return SB_OK;
	if (!cJSON_IsArray(arr))
		return sb_error_set(SB_EINVALID, "%s: expected a list of names",
				    origin);
	*out = sb_calloc((size_t)cJSON_GetArraySize(arr), sizeof(char *));
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			return sb_error_set(SB_EINVALID,
					    "%s: a name is not a string", origin);
		(*out)[(*n)++] = sb_strdup(it->valuestring);
	}
	return SB_OK;
}

static int diags_from_json(const cJSON *arr, sb_diag **out, size_t *n)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const char *f = sb_json_str(it, "field");
		const char *m = sb_json_str(it, "message");

		sb_diag_add(out, n, f ? f : "", sb_json_int(it, "line", 0),
			    sb_json_int(it, "column", 0), "%s",
			    m ? m : "");
	}
	return SB_OK;
}

static void page_from_json(const cJSON *o, char **page, int64_t *page_id,
			   int *index)
{
	*page = dup_str(o, "page");
	*page_id = sb_json_i64(o, "page_id", 0);
	*index = sb_json_int(o, "index", 0);
}

static int status_from_name(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* `named`: a profile must have a user name, except one left out for want
 * of it (kind "left-out"). */
static int profile_from_json(sb_profile *p, const cJSON *o, const char *origin,
			     bool named)
{
	const cJSON *fmts = cJSON_GetObjectItemCaseSensitive(o, "formats");
	const cJSON *it;
	int err;

	page_from_json(o, &p->page, &p->page_id, &p->index);
	p->username = dup_str(o, "username");
	if (!p->username && named)
		return sb_error_set(SB_EINVALID, "%s: a profile has no username",
				    origin);
	p->region = dup_str(o, "region");
	p->country = dup_str(o, "country");
	p->timezone = dup_str(o, "timezone");
	p->affiliate = dup_str(o, "affiliate");
	p->contact = dup_str(o, "contact");
	if ((err = langs_from_json(cJSON_GetObjectItemCaseSensitive(o, "languages"),
				   &p->languages, &p->n_languages, origin)) < 0 ||
	    (err = skills_from_json(cJSON_GetObjectItemCaseSensitive(o, "share"),
				    &p->share, &p->n_share, origin)) < 0 ||
	    (err = skills_from_json(cJSON_GetObjectItemCaseSensitive(o, "learn"),
				    &p->learn, &p->n_learn, origin)) < 0)
		return err;
	if (cJSON_IsArray(fmts)) {
		cJSON_ArrayForEach(it, fmts) {
			int k = cJSON_IsString(it)
				? status_from_name(it->valuestring,
						   format_names, 3)
				: -1;
			if (k >= 0)
				p->formats |= 1u << k;
		}
	} else {
		p->formats = SB_FMT_ALL;
	}
	p->capacity = sb_json_int(o, "capacity", 2);
	p->status = status_from_name(sb_json_str(o, "status"), status_names, 3);
	if (p->status < 0)
		p->status = SB_STATUS_ACTIVE;
	p->notify = sb_json_bool(o, "notify", false);
	return diags_from_json(cJSON_GetObjectItemCaseSensitive(o, "diagnostics"),
			       &p->diags, &p->n_diags);
}

static int clinic_from_json(sb_clinic *c, const cJSON *o, const char *origin)
{
	const cJSON *topic = cJSON_GetObjectItemCaseSensitive(o, "topic");
	int err;

	page_from_json(o, &c->page, &c->page_id, &c->index);
	c->title = dup_str(o, "title");
	c->topic.id = dup_str(topic, "skill");
	c->topic.text = dup_str(topic, "text");
	c->date = dup_str(o, "date");
	c->duration = sb_json_int(o, "duration", 0);
	c->capacity = sb_json_int(o, "capacity", 25);
	c->status = status_from_name(sb_json_str(o, "status"),
				     clinic_status_names, 4);
	if (c->status < 0)
		c->status = SB_CLINIC_PROPOSED;
	if ((err = langs_from_json(cJSON_GetObjectItemCaseSensitive(o, "languages"),
				   &c->languages, &c->n_languages, origin)) < 0 ||
	    (err = langs_from_json(cJSON_GetObjectItemCaseSensitive(o, "interpretation"),
				   &c->interpretation, &c->n_interpretation,
				   origin)) < 0 ||
	    (err = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "facilitators"),
				  &c->facilitators, &c->n_facilitators,
				  origin)) < 0 ||
	    (err = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "signups"),
				  &c->signups, &c->n_signups, origin)) < 0)
		return err;
	return diags_from_json(cJSON_GetObjectItemCaseSensitive(o, "diagnostics"),
			       &c->diags, &c->n_diags);
}

static int resource_from_json(sb_resource *r, const cJSON *o,
			      const char *origin)
{
	int err;

	page_from_json(o, &r->page, &r->page_id, &r->index);
	r->title = dup_str(o, "title");
	r->link = dup_str(o, "link");
	r->format = dup_str(o, "format");
	r->clinic = dup_str(o, "clinic");
	if ((err = skills_from_json(cJSON_GetObjectItemCaseSensitive(o, "skills"),
				    &r->skills, &r->n_skills, origin)) < 0 ||
	    (err = langs_from_json(cJSON_GetObjectItemCaseSensitive(o, "languages"),
				   &r->languages, &r->n_languages, origin)) < 0)
		return err;
	return diags_from_json(cJSON_GetObjectItemCaseSensitive(o, "diagnostics"),
			       &r->diags, &r->n_diags);
}

static int feedback_from_json(sb_feedback *f, const cJSON *o)
{
	const cJSON *skill = cJSON_GetObjectItemCaseSensitive(o, "skill");

	page_from_json(o, &f->page, &f->page_id, &f->index);
	f->author = dup_str(o, "author");
	f->with = dup_str(o, "with");
	f->skill.id = dup_str(skill, "skill");
	f->skill.text = dup_str(skill, "text");
	f->outcome = status_from_name(sb_json_str(o, "outcome"),
				      outcome_names, 5);
	if (f->outcome < 0)
		f->outcome = SB_OUTCOME_UNKNOWN;
	return diags_from_json(cJSON_GetObjectItemCaseSensitive(o, "diagnostics"),
			       &f->diags, &f->n_diags);
}

int sb_records_add_json(sb_records *r, const char *line, size_t len,
			const char *origin)
{
	cJSON *o = NULL;
	const char *kind;
	int err;

	if ((err = sb_json_parse(&o, line, len, origin)) < 0)
		return err;
	if (!cJSON_IsObject(o)) {
		err = sb_error_set(SB_EINVALID, "%s: not a JSON object", origin);
		goto done;
	}
	kind = sb_json_str(o, "kind");
	if (!kind || strcmp(kind, "profile") == 0 ||
	    strcmp(kind, "left-out") == 0) {
		sb_profile p = {0};
		bool named = !kind || strcmp(kind, "profile") == 0;

		if ((err = profile_from_json(&p, o, origin, named)) < 0)
			sb_profile_dispose(&p);
		else if (named)
			sb_records_add_profile(r, &p);
		else
			sb_records_add_left_out(r, &p);
	} else if (strcmp(kind, "clinic") == 0) {
		sb_clinic c = {0};

		if ((err = clinic_from_json(&c, o, origin)) < 0)
			sb_clinic_dispose(&c);
		else
			sb_records_add_clinic(r, &c);
	} else if (strcmp(kind, "resource") == 0) {
		sb_resource res = {0};

		if ((err = resource_from_json(&res, o, origin)) < 0)
			sb_resource_dispose(&res);
		else
			sb_records_add_resource(r, &res);
	} else if (strcmp(kind, "feedback") == 0) {
		sb_feedback f = {0};

		if ((err = feedback_from_json(&f, o)) < 0)
			sb_feedback_dispose(&f);
		else
			sb_records_add_feedback(r, &f);
	} else {
		err = sb_error_set(SB_EINVALID, "%s: unknown record kind \"%s\"",
				   origin, kind);
	}
done:
	cJSON_Delete(o);
	return err;
}

int sb_records_read_jsonl(sb_records *r, const char *text, size_t len,
			  const char *origin)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t i = pos;
		char where[512];
		int err;

		lineno++;
		while (i < end && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r'))
			i++;
		if (i < end) {
			snprintf(where, sizeof(where), "%s:%zu", origin, lineno);
			if ((err = sb_records_add_json(r, text + pos, end - pos,
						       where)) < 0)
				return err;
		}
		pos = end + 1;
	}
	return SB_OK;
}
