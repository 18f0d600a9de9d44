/*
 * extract.c - the extraction context and the walk over a page: find the
 * templates of each kind in page order and hand each to its reader.
 * See extract.h; the field readers shared by the kinds are here too.
 */
#include "extract_int.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_names(sb_strv *dst, const sb_strv *src)
{
	sb_buf b;

	sb_buf_init(&b, 4096);
	for (size_t i = 0; i < src->n; i++) {
		sb_wt_normalise_template_name(&b, src->v[i], strlen(src->v[i]));
		if (b.len && !sb_strv_contains(dst, sb_buf_str(&b)))
			sb_strv_add(dst, sb_buf_str(&b));
	}
	sb_buf_dispose(&b);
}

static page_scratch *scratch_new(void)
{
	page_scratch *s = sb_calloc(1, sizeof(*s));

	sb_wt_init(&s->tree);
	sb_buf_init(&s->tmp, SB_BUF_UNLIMITED);
	sb_buf_init(&s->key, SB_BUF_UNLIMITED);
	sb_buf_init(&s->item, SB_BUF_UNLIMITED);
	return s;
}

static void scratch_free(page_scratch *s)
{
	if (!s)
		return;
	sb_wt_dispose(&s->tree);
	sb_buf_dispose(&s->tmp);
	sb_buf_dispose(&s->key);
	sb_buf_dispose(&s->item);
	sb_pool_dispose(&s->pool);
	free(s);
}

static void default_reject(void *data, const sb_profile *p)
{
	(void)data;
	sb_warn("%s:%d: a profile with no user name was left out (give "
		"username=)", p->page ? p->page : "?", p->line);
}

int sb_extract_ctx_new(sb_extract_ctx **out, const sb_siteconf *conf,
		       const sb_taxonomy *tax)
{
	static const char *const users[] = {
		"U", "User", "Noping", "No ping", "Ping", "Re", "User link",
		"Userlinks", "Utilisateur", "Usuario"
	};
	sb_extract_ctx *ctx = sb_calloc(1, sizeof(*ctx));
	sb_strv user_names = {0};
	int err;

	ctx->conf = conf;
	ctx->tax = tax;
	ctx->reject = default_reject;
	if ((err = sb_iso_load(&ctx->iso, NULL)) < 0) {
		sb_extract_ctx_free(ctx);
		*out = NULL;
		return err;
	}
	add_names(&ctx->names[SB_EXTRACT_PROFILE], &conf->tpl_profile);
	add_names(&ctx->names[SB_EXTRACT_CLINIC], &conf->tpl_clinic);
	add_names(&ctx->names[SB_EXTRACT_SIGNUP], &conf->tpl_signup);
	add_names(&ctx->names[SB_EXTRACT_RESOURCE], &conf->tpl_resource);
	add_names(&ctx->names[SB_EXTRACT_FEEDBACK], &conf->tpl_feedback);
	add_names(&ctx->skill_tpl, &conf->skill_templates);
	add_names(&ctx->lang_tpl, &conf->language_templates);
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		sb_strv_add(&user_names, users[i]);
	add_names(&ctx->user_tpl, &user_names);
	sb_strv_dispose(&user_names);
	ctx->signup_key = sb_text_fold(conf->signup_section,
				       strlen(conf->signup_section));
	*out = ctx;
	return SB_OK;
}

void sb_extract_ctx_free(sb_extract_ctx *ctx)
{
	if (!ctx)
		return;
	scratch_free(atomic_exchange(&ctx->spare, NULL));
	sb_iso_free(ctx->iso);
	for (int k = 0; k < SB_EXTRACT_KINDS; k++)
		sb_strv_dispose(&ctx->names[k]);
	sb_strv_dispose(&ctx->skill_tpl);
	sb_strv_dispose(&ctx->lang_tpl);
	sb_strv_dispose(&ctx->user_tpl);
	free(ctx->signup_key);
	free(ctx);
}

void sb_extract_ctx_add_alias(sb_extract_ctx *ctx, int kind, const char *name)
{
	sb_strv one = {0};

	if (kind < 0 || kind >= SB_EXTRACT_KINDS || !name)
		return;
	sb_strv_add(&one, name);
	add_names(&ctx->names[kind], &one);
	sb_strv_dispose(&one);
}

void sb_extract_ctx_set_reject(sb_extract_ctx *ctx, sb_extract_reject_fn fn,
			       void *data)
{
	ctx->reject = fn ? fn : default_reject;
	ctx->reject_data = data;
}

/* ---- parameters ---- */

/* "Time_Zone " -> "time zone": the comparison form of a parameter name,
 * in ps->key. Plain ASCII (nearly every name) is folded in place without
 * a new string. */
static const char *param_key(page_state *ps, uint32_t argname)
{
	sb_buf *b = &ps->key;
	char *p, *folded;
	size_t n = 0, len;

	sb_buf_reset(b);
	sb_wt_plain(b, ps->t, argname);
	/* Over locals: the compiler reloads b->len after each store
	 * through b->ptr otherwise. */
	p = b->ptr;
	len = b->len;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)p[i] - 1u < 0x7Fu)
			continue;
		for (size_t k = 0; k < len; k++)
			if (p[k] == '_')
				p[k] = ' ';
		folded = sb_text_fold(p, len);
		sb_buf_reset(b);
		sb_buf_adds(b, folded);
		free(folded);
		return sb_buf_str(b);
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ' ' || c == '_' || (c >= '\t' && c <= '\r')) {
			if (n && p[n - 1] != ' ')
				p[n++] = ' ';
			continue;
		}
		p[n++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : (char)c;
	}
	if (n && p[n - 1] == ' ')
		n--;
	if (p)
		p[n] = '\0';
	b->len = n;
	return sb_buf_str(b);
}

/* Is `key` one of the "|"-separated `list`? */
static bool in_list(const char *list, const char *key, size_t kl)
{
	const char *a = list;

	while (a && (a = strstr(a, key)) != NULL) {
		if ((a == list || a[-1] == '|') && (a[kl] == '|' || !a[kl]))
			return true;
		a += kl;
	}
	return false;
}

static int field_of(const field_def *fields, size_t n, const char *key,
		    size_t kl)
{
	if (!kl)
		return -1;
	/* Canonical names first: what most editors write. */
	for (size_t f = 0; f < n; f++)
		if (fields[f].name[0] == key[0] &&
		    strcmp(fields[f].name, key) == 0)
			return (int)f;
	for (size_t f = 0; f < n; f++)
		if (in_list(fields[f].aliases, key, kl))
			return (int)f;
	return -1;
}

/* A cheap memo slot (memo keys are under 24 bytes): a clash only costs a
 * lookup. Names as written all start and end with spaces, so every byte
 * counts. */
static size_t memo_slot(const char *key, size_t kl)
{
	size_t h = kl;

	for (size_t i = 0; i < kl; i++)
		h = h * 31u + (unsigned char)key[i];
	return h ^ (h >> 7);
}

/* field_of through the memo of ps. */
static int field_memo_of(page_state *ps, const field_def *fields, size_t n,
			 const char *key, size_t kl)
{
	field_memo *m;

	if (kl >= sizeof(m->key))
		return field_of(fields, n, key, kl);
	m = &ps->memo[(memo_slot(key, kl) + ((uintptr_t)fields >> 4)) %
		      SB_FIELD_MEMO];
	if (m->fields != fields || m->len != kl ||
	    memcmp(m->key, key, kl) != 0) {
		m->fields = fields;
		m->f = field_of(fields, n, key, kl);
		m->len = kl;
		memcpy(m->key, key, kl + 1);
	}
	return m->f;
}

/* The field of parameter name `an` by its folded form. */
static int field_of_name(page_state *ps, uint32_t an, const field_def *fields,
			 size_t n)
{
	/* Two statements: param_key() sets ps->key.len. */
	const char *key = param_key(ps, an);

	return field_memo_of(ps, fields, n, key, ps->key.len);
}

/* The field of parameter name `an`. A name written as one text leaf
 * (nearly all) is first looked up by its bytes as written, before any
 * copying or folding; the memo then keeps what the folded name gave. */
static int field_by_raw(page_state *ps, uint32_t an, const field_def *fields,
			size_t n)
{
	const sb_wt_tree *t = ps->t;
	uint32_t c = t->nodes[an].child;
	const char *raw;
	size_t rl;
	field_memo *m;
	int f;

	if (c == SB_WT_NONE || t->nodes[c].next != SB_WT_NONE ||
	    t->nodes[c].type != SB_WT_TEXT)
		return field_of_name(ps, an, fields, n);
	raw = t->text + t->nodes[c].start;
	rl = t->nodes[c].end - t->nodes[c].start;
	if (rl >= sizeof(m->key))
		return field_of_name(ps, an, fields, n);
	m = &ps->raw_memo[(memo_slot(raw, rl) + ((uintptr_t)fields >> 4)) %
			  SB_FIELD_MEMO];
	if (m->fields == fields && m->len == rl &&
	    memcmp(m->key, raw, rl) == 0)
		return m->f;
	f = field_of_name(ps, an, fields, n);
	m->fields = fields;
	m->f = f;
	m->len = rl;
	memcpy(m->key, raw, rl);
	return f;
}

void sb_read_params(params *out, page_state *ps, uint32_t tpl,
		    const field_def *fields, size_t n_fields, bool positional,
		    sb_diags *d)
{
	const sb_wt_tree *t = ps->t;
	size_t unnamed = 0;

	for (size_t f = 0; f < SB_MAX_FIELDS; f++)
		out->value[f] = SB_WT_NONE;
	out->n_positional = 0;
	for (uint32_t a = t->nodes[tpl].child; a != SB_WT_NONE;
	     a = t->nodes[a].next) {
		uint32_t an, vn;
		const char *key;
		int f;

		if (t->nodes[a].type != SB_WT_ARG)
			continue;
		an = sb_wt_child(t, a, SB_WT_ARGNAME, 0);
		vn = sb_wt_child(t, a, SB_WT_VALUE, 0);
		if (an == SB_WT_NONE) {
			unnamed++;
			if (positional && out->n_positional < 4) {
				out->positional[out->n_positional++] = vn;
				continue;
			}
			/* "{{X|}}" and a trailing "|" are harmless. */
			if (t->nodes[vn].end > t->nodes[vn].start &&
			    !positional) {
				sb_buf_reset(&ps->tmp);
				sb_wt_plain(&ps->tmp, t, vn);
				if (strspn(sb_buf_str(&ps->tmp), " \t\r\n") <
				    ps->tmp.len)
					sb_diag_at(ps, d, "template",
						   t->nodes[a].start,
						   "unnamed parameter %zu is "
						   "ignored (write name = "
						   "value)", unnamed);
			}
			continue;
		}
		f = field_by_raw(ps, an, fields, n_fields);
		if (f < 0) {
			key = param_key(ps, an);
			if (*key)
				sb_diag_at(ps, d, key, t->nodes[a].start,
					   "unknown parameter \"%s\" is "
					   "ignored", key);
		} else {
			if (out->value[f] != SB_WT_NONE)
				sb_diag_at(ps, d, fields[f].name,
					   t->nodes[a].start,
					   "parameter \"%s\" is given more than "
					   "once; the last one is used",
					   fields[f].name);
			out->value[f] = vn;
		}
	}
}

/* ---- shared field readers ---- */

/* A subtag as BCP 47 shapes them after a language: a region ("BR",
 * "419"), a script ("Hans"), an extended language ("yue"), a variant
 * ("formal", "1996"). */
static bool subtag_ok(const char *s, size_t n)
{
	size_t alpha = 0, digit = 0;

	for (size_t i = 0; i < n; i++) {
		if (isalpha((unsigned char)s[i]))
			alpha++;
		else if (isdigit((unsigned char)s[i]))
			digit++;
		else
			return false;
	}
	if (n == 2 || n == 3)
		return alpha == n || digit == n;
	if (n == 4)
		return alpha == n || isdigit((unsigned char)s[0]);
	return n >= 5 && n <= 8;
}

/* The language of the first `n` bytes of `s` without their region,
 * script or variant subtags ("pt-BR", "zh_Hans", "de-formal"): a code,
 * at most 3 letters, comes first. *shape_ok is false when a subtag has
 * no such shape ("en-N", "fr-3", "en-"); the code is still given. */
static const char *without_subtags(const sb_iso *iso, const char *s,
				   size_t n, bool *shape_ok)
{
	size_t k = strcspn(s, "-_"), at, len;
	const char *code;

	*shape_ok = true;
	if (k >= n || k > 3 || (code = sb_iso_language(iso, s, k)) == NULL)
		return NULL;
	for (at = k; at < n; at += len) {
		at++;  /* the separator */
		for (len = 0; at + len < n && !strchr("-_", s[at + len]);
		     len++)
			;
		if (!subtag_ok(s + at, len))
			*shape_ok = false;
	}
	return code;
}

/* How a language item was read, beside its code and level. */
enum babel_problem {
	BABEL_OK,
	BABEL_BAD_LEVEL,  /* "en-6": a number that is no level */
	BABEL_BAD_TAG     /* "en-N-2": no language, subtags and level */
};

/* "fr-3" -> fr, 3; "en-N" -> en, native; "pt-BR-1" -> pt, 1 (Babel's
 * own form); "zh-yue-3" -> yue, 3 (iso.c knows Wikimedia's codes);
 * "French" -> fr. A level after "-", "_" or a space that is not 0..5 or
 * N ("en-6") gives the language without a level, BABEL_BAD_LEVEL and
 * *bad at the number. Subtags before the level that are no region,
 * script or variant ("en-N-2", "fr-3-2", "en--2") give the first
 * subtag's language without a level and BABEL_BAD_TAG. Returns the code
 * (borrowed) or NULL. */
static const char *babel(const sb_iso *iso, const char *s, int *level,
			 const char **bad, int *problem)
{
	size_t n = strlen(s), base = n, sep = n;
	const char *code;
	bool shape_ok = true;

	*level = SB_LEVEL_NONE;
	*bad = NULL;
	*problem = BABEL_OK;
	if ((code = sb_iso_language(iso, s, n)) != NULL)
		return code;
	while (sep && !strchr("-_ ", s[sep - 1]))
		sep--;
	if (sep > 1 && sep < n) {
		const char *lv = s + sep;

		if (n - sep == 1 && *lv >= '0' && *lv <= '5')
			*level = *lv - '0';
		else if (n - sep == 1 && (*lv == 'N' || *lv == 'n'))
			*level = SB_LEVEL_NATIVE;
		else if (strspn(lv, "0123456789") == n - sep)
			*bad = lv;
		if (*level != SB_LEVEL_NONE || *bad)
			base = sep - 1;
	}
	if (base < n)
		code = sb_iso_language(iso, s, base);
	if (!code && (code = without_subtags(iso, s, base, &shape_ok)) ==
	    NULL) {
		*level = SB_LEVEL_NONE;
		*bad = NULL;
	} else if (!shape_ok) {
		*level = SB_LEVEL_NONE;
		*bad = NULL;
		*problem = BABEL_BAD_TAG;
	} else if (*bad) {
		*problem = BABEL_BAD_LEVEL;
	}
	return code;
}

/* A level as Babel writes it: 0..5, N. */
static char level_char(int level)
{
	return level == SB_LEVEL_NATIVE ? 'N' : (char)('0' + level);
}

/* snprintf(dst, cap, "%s", code) without the format machinery (it was
 * a visible share of extraction). */
static void copy_code(char *dst, size_t cap, const char *code)
{
	size_t l = strlen(code);

	if (l >= cap)
		l = cap - 1;
	memcpy(dst, code, l);
	dst[l] = '\0';
}

/* A language given again: a level fills in a missing one; two levels
 * keep the higher (Babel users list their best), which is reported. */
static void same_language(sb_lang *l, int level, page_state *ps,
			  sb_diags *d, const char *field, size_t src)
{
	int keep;

	if (level == SB_LEVEL_NONE || level == l->level)
		return;
	if (l->level == SB_LEVEL_NONE) {
		l->level = level;
		return;
	}
	keep = level > l->level ? level : l->level;
	sb_diag_at(ps, d, field, src,
		   "%s is given twice with different levels (%c and %c); "
		   "the higher, %c, is kept", l->code, level_char(l->level),
		   level_char(level), level_char(keep));
	l->level = keep;
}

/* Level 0 ("does not speak") drops the language once every item is
 * read: kept until then so that a second mention is compared. */
static void drop_level_0(sb_lang *v, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++)
		if (v[i].level != 0)
			v[k++] = v[i];
	*n = k;
}

void sb_read_languages(sb_lang **out, size_t *n, page_state *ps,
		       uint32_t value, const char *field, sb_diags *d)
{
	sb_items it = {0};
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (value == SB_WT_NONE)
		return;
	sb_value_items(&it, ps, value, VAL_LIST, field, d);
	for (size_t i = 0; i < it.n; i++) {
		int level, problem;
		const char *bad;
		const char *code = babel(ps->ctx->iso, it.v[i].text, &level,
					 &bad, &problem);
		size_t k;

		if (!code) {
			sb_diag_at(ps, d, field, it.v[i].src,
				   "unknown language \"%s\" (give an ISO 639 "
				   "code or an English name)", it.v[i].text);
			continue;
		}
		if (problem == BABEL_BAD_LEVEL)
			sb_diag_at(ps, d, field, it.v[i].src,
				   "\"%s\": %s is not a Babel level (0 to 5 "
				   "or N); %s is kept without a level",
				   it.v[i].text, bad, code);
		else if (problem == BABEL_BAD_TAG)
			sb_diag_at(ps, d, field, it.v[i].src,
				   "\"%s\" is not a language code and Babel "
				   "level like fr-3, pt-BR-1 or zh-yue-N; %s "
				   "is kept without a level", it.v[i].text,
				   code);
		for (k = 0; k < *n; k++)
			if (strcmp((*out)[k].code, code) == 0)
				break;
		if (k < *n) {
			same_language(&(*out)[k], level, ps, d, field,
				      it.v[i].src);
			continue;
		}
		SB_GROW(*out, cap, *n + 1);
		copy_code((*out)[*n].code, sizeof((*out)[*n].code), code);
		(*out)[*n].level = level;
		(*n)++;
	}
	drop_level_0(*out, n);
	sb_items_dispose(&it);
}

void sb_read_skills(sb_skill_ref **out, size_t *n, page_state *ps,
		    uint32_t value, const char *field, size_t report,
		    sb_diags *d)
{
	sb_items it = {0};
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (value == SB_WT_NONE)
		return;
	sb_value_items(&it, ps, value, VAL_LIST, field, d);
	for (size_t i = 0; i < it.n; i++) {
		const char *text = it.v[i].text;
		const sb_tax_skill *s = sb_taxonomy_match(ps->ctx->tax, text,
							  strlen(text));
		size_t k;

		if (!s && it.v[i].skill_tpl)
			sb_diag_at(ps, d, field, it.v[i].src,
				   "{{skill|%s}} names no skill of the "
				   "taxonomy; it is kept as an unmapped skill",
				   text);
		else if (!s && *n < report)
			sb_diag_at(ps, d, field, it.v[i].src,
				   "\"%s\" is not a skill of the taxonomy "
				   "(give its id, label or alias); it is kept "
				   "as an unmapped skill", text);
		for (k = 0; k < *n; k++)
			if (s ? (*out)[k].id && strcmp((*out)[k].id, s->id) == 0
			      : !(*out)[k].id && strcmp((*out)[k].text,
						       text) == 0)
				break;
		if (k < *n)
			continue;
		SB_GROW(*out, cap, *n + 1);
		(*out)[*n].id = s ? sb_strdup(s->id) : NULL;
		(*out)[*n].text = sb_strdup(it.v[i].text);
		(*n)++;
	}
	sb_items_dispose(&it);
}

size_t sb_read_skill(sb_skill_ref *out, page_state *ps, uint32_t value,
		     const char *field, bool report, sb_diags *d)
{
	sb_skill_ref *v;
	size_t n;

	memset(out, 0, sizeof(*out));
	sb_read_skills(&v, &n, ps, value, field, report ? 1 : 0, d);
	if (n)
		*out = v[0];
	for (size_t i = 1; i < n; i++) {
		free(v[i].id);
		free(v[i].text);
	}
	free(v);
	return n;
}

bool sb_read_int(int *out, page_state *ps, uint32_t value, const char *field,
		 int lo, int hi, sb_diags *d)
{
	const char *s = sb_value_str(ps, value, field, d);
	char *end;
	long v;
	bool ok = false;

	if (!s)
		return false;
	v = strtol(s, &end, 10);
	if (end != s && !*end && v >= lo && v <= hi) {
		*out = (int)v;
		ok = true;
	} else {
		sb_diag_at(ps, d, field, ps->t->nodes[value].start,
			   "\"%s\" is not a whole number from %d to %d; the "
			   "default is used", s, lo, hi);
	}
	return ok;
}

/* ---- the page ---- */

typedef struct found {
	uint32_t node;
	int kind;
} found;

typedef struct found_list {
	found *v;
	size_t n, cap;
} found_list;

static int kind_of(const sb_extract_ctx *ctx, const char *name)
{
	for (int k = 0; k < SB_EXTRACT_KINDS; k++)
		if (sb_name_in(&ctx->names[k], name))
			return k;
	return -1;
}

/* Templates of our kinds in page order, nested ones included (a profile
 * in a table cell or in another template's argument), but not inside a
 * record template (its values are read by the record's reader). */
static void find_templates(found_list *out, page_state *ps, uint32_t i)
{
	const sb_wt_tree *t = ps->t;

	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next) {
		int type = t->nodes[c].type;

		if (type < SB_WT_ROOT)
			continue;
		if (type == SB_WT_TEMPLATE) {
			int k;

			sb_wt_template_name(&ps->tmp, t, c);
			k = kind_of(ps->ctx, sb_buf_str(&ps->tmp));
			if (k >= 0) {
				SB_GROW(out->v, out->cap, out->n + 1);
				out->v[out->n].node = c;
				out->v[out->n].kind = k;
				out->n++;
				if (k != SB_EXTRACT_SIGNUP)
					continue;
			}
		}
		find_templates(out, ps, c);
	}
}

/* What read_records() leaves for the rest of the page's reading. */
typedef struct page_found {
	uint32_t *clinics;     /* the clinic templates, for the sign-ups */
	size_t n_clinics;
	fb_place *places;      /* one a feedback template, in page order */
	size_t n_profile_tpls; /* profile templates, left-out ones too */
} page_found;

/* Read each record template found, in page order, noting for each
 * feedback the profile template it follows. */
static void read_records(page_found *pf, sb_records *out, page_state *ps,
			 const found_list *fl)
{
	int index[SB_EXTRACT_KINDS] = {0};
	size_t last = SB_FB_NO_PROFILE, before;
	fb_place *place;

	memset(pf, 0, sizeof(*pf));
	for (size_t i = 0; i < fl->n; i++) {
		uint32_t node = fl->v[i].node;

		switch (fl->v[i].kind) {
		case SB_EXTRACT_PROFILE:
			before = out->n_profiles;
			sb_extract_profile(out, ps, node,
					   index[SB_EXTRACT_PROFILE]++);
			last = out->n_profiles > before ? before
							: SB_FB_LEFT_OUT;
			pf->n_profile_tpls++;
			break;
		case SB_EXTRACT_CLINIC:
			sb_extract_clinic(out, ps, node,
					  index[SB_EXTRACT_CLINIC]++);
			pf->clinics = sb_reallocarray(pf->clinics,
						      pf->n_clinics + 1,
						      sizeof(*pf->clinics));
			pf->clinics[pf->n_clinics++] = node;
			break;
		case SB_EXTRACT_RESOURCE:
			sb_extract_resource(out, ps, node,
					    index[SB_EXTRACT_RESOURCE]++);
			break;
		case SB_EXTRACT_FEEDBACK:
			pf->places = sb_reallocarray(
				pf->places, (size_t)index[SB_EXTRACT_FEEDBACK] + 1,
				sizeof(*pf->places));
			place = &pf->places[index[SB_EXTRACT_FEEDBACK]];
			place->after = last;
			sb_extract_feedback(out, ps, node,
					    index[SB_EXTRACT_FEEDBACK]++,
					    place);
			break;
		default:
			break;
		}
	}
}

/* Every record of a page that is nested too deeply says so. */
static void note_too_deep(sb_records *out, page_state *ps, size_t p0,
			  size_t c0, size_t r0)
{
	size_t at = ps->t->too_deep_at;
	static const char msg[] = "the page nests templates or links more "
				  "deeply than %d levels; the deepest part "
				  "was read as plain text";
	sb_diags d;

	for (size_t i = p0; i < out->n_profiles; i++) {
		d.v = &out->profiles[i].diags;
		d.n = &out->profiles[i].n_diags;
		sb_diag_at(ps, &d, "page", at, msg, SB_WT_MAX_DEPTH);
	}
	for (size_t i = c0; i < out->n_clinics; i++) {
		d.v = &out->clinics[i].diags;
		d.n = &out->clinics[i].n_diags;
		sb_diag_at(ps, &d, "page", at, msg, SB_WT_MAX_DEPTH);
	}
	for (size_t i = r0; i < out->n_resources; i++) {
		d.v = &out->resources[i].diags;
		d.n = &out->resources[i].n_diags;
		sb_diag_at(ps, &d, "page", at, msg, SB_WT_MAX_DEPTH);
	}
}

int sb_extract_page(sb_records *out, const sb_extract_ctx *ctx,
		    const char *title, int64_t page_id, const char *text,
		    size_t len)
{
	sb_extract_ctx *mctx = (sb_extract_ctx *)ctx;  /* only `spare` */
	page_state ps;
	page_scratch *sc, *none = NULL;
	sb_wt_tree *tp;
	found_list fl = {0};
	page_found pf = {0};
	size_t first_clinic = out->n_clinics;
	size_t first_profile = out->n_profiles;
	size_t first_resource = out->n_resources;
	size_t first_feedback = out->n_feedback;
	int err;

	sc = atomic_exchange(&mctx->spare, NULL);
	if (!sc)
		sc = scratch_new();
	tp = &sc->tree;
	memset(&ps, 0, sizeof(ps));
	ps.ctx = ctx;
	ps.t = tp;
	ps.page_id = page_id;
	/* The buffers are lent to the page and given back below. */
	ps.tmp = sc->tmp;
	ps.key = sc->key;
	ps.item = sc->item;
	ps.pool = &sc->pool;
	ps.memo = sc->memo;
	ps.raw_memo = sc->raw_memo;
	sb_buf_reset(&ps.tmp);
	sb_buf_reset(&ps.key);
	sb_buf_reset(&ps.item);
	ps.title = sb_text_title(title ? title : "", title ? strlen(title) : 0);
	if ((err = sb_wt_parse(tp, text, len)) < 0) {
		sb_error_prefix(err, "%s", ps.title);
		goto done;
	}
	find_templates(&fl, &ps, tp->root);
	read_records(&pf, out, &ps, &fl);
	if (pf.n_clinics)
		sb_extract_signups(out, &ps, first_clinic, pf.clinics);
	sb_feedback_set_authors(out, &ps, first_feedback, first_profile,
				pf.n_profile_tpls, pf.places);
	if (tp->too_deep)
		note_too_deep(out, &ps, first_profile, first_clinic,
			      first_resource);
done:
	free(pf.clinics);
	free(pf.places);
	free(fl.v);
	free((char *)ps.title);
	sc->tmp = ps.tmp;
	sc->key = ps.key;
	sc->item = ps.item;
	sb_pool_reset(&sc->pool);
	/* Keep the scratch of an ordinary page; let a giant one go. */
	if (tp->cap_nodes > ((size_t)1 << 20) ||
	    sc->tmp.cap + sc->key.cap + sc->item.cap > ((size_t)1 << 20) ||
	    !atomic_compare_exchange_strong(&mctx->spare, &none, sc))
		scratch_free(sc);
	return err;
}
