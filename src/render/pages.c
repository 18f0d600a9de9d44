/* pages.c - the data each generated page shows (one tree a language).
 *
 * Every builder turns records, the match result and the taxonomy into an
 * sb_tv tree that follows its page's schema. Editor-typed values go in as
 * TEXT (escaped by the layout); links are made here as WIKI with the
 * escaping functions. Every list has a total order, so the same input
 * gives the same bytes. */
#include "render_int.h"

#include "skillsbot/langchain.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/wikiescape.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMMON_FIELDS SB_RENDER_COMMON_FIELDS

const sb_layout_field sb_render_index_fields[] = {
	{"link", SB_TV_WIKI, NULL}, {"label", SB_TV_TEXT, NULL},
	{"rows", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

/* ---- helpers ---- */

static const sb_profile *prof(const rctx *rc, size_t i)
{
	return &rc->in->recs->profiles[i];
}

static bool shown(const rctx *rc, size_t i)
{
	return i < rc->in->recs->n_profiles && rc->rank[i] != SIZE_MAX;
}

/* The link of a shown profile (made once per run). */
static const char *link_of(const rctx *rc, size_t p)
{
	return rc->links[rc->rank[p]];
}

static char *user_link(const char *name)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_esc_user_link(&b, name);
	return sb_buf_take(&b, NULL);
}

/* A skill's label in `lang` (the first language of its chain the
 * taxonomy labels it in) and, in *in, that language; else the text as
 * written, *in NULL (an editor's text is in no language we know). */
static const char *skill_label_in(const rctx *rc, const char *id_or_text,
				  const char *lang, const char **in)
{
	const sb_tax_skill *s = rc->in->tax ?
		sb_taxonomy_get(rc->in->tax, id_or_text) : NULL;
	const sb_label *l = s ? sb_label_find(s->labels, s->n_labels, lang) :
				NULL;

	*in = l ? l->lang : NULL;
	return l ? l->text : id_or_text;
}

/* The TEXT `name` of `m`: a skill's label, in its language. */
static void set_skill(sb_tv *m, const char *name, const rctx *rc,
		      const char *id_or_text, const char *lang)
{
	const char *in, *label = skill_label_in(rc, id_or_text, lang, &in);

	sb_tv_set_text_in(m, name, label, in);
}

static const char *ref_key(const sb_skill_ref *r)
{
	return r->id ? r->id : r->text;
}

static const char *msg(const rctx *rc, const char *lang, const char *key)
{
	const char *t = sb_i18n_text(rc->msgs, lang, key);

	return t ? t : key;
}

/* The WIKI `name` of `m`: message `key`, in the language it is shown in
 * (marked where the layout writes it, if not the page's), which is
 * returned. */
static const char *set_msg(sb_tv *m, const char *name, const rctx *rc,
			   const char *lang, const char *key)
{
	const char *in, *t = sb_i18n_find(rc->msgs, lang, key, &in);

	sb_tv_set_wiki_in(m, name, sb_strdup(t ? t : key), in);
	return in;
}

/* Append bytes [from, to) of `b` to the WIKI `name` of `m`, in `lang`. */
static void append_piece(sb_tv *m, const char *name, const sb_buf *b,
			 size_t from, size_t to, const char *lang)
{
	char *piece;

	if (to <= from)
		return;
	piece = sb_strndup(sb_buf_str(b) + from, to - from);
	sb_tv_append_in(m, name, SB_TV_WIKI, piece, lang);
	free(piece);
}

void sb_render_append_msg(sb_tv *m, const char *name, const rctx *rc,
			  const char *lang, const char *key,
			  const sb_msg_arg *args, const char *const *arg_langs,
			  size_t n_args)
{
	const char *in, *text = sb_i18n_find(rc->msgs, lang, key, &in);
	sb_msg_at *at = NULL;
	size_t n_at = 0, from = 0;
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_i18n_format_found_at(&b, key, text, in, args, n_args, &at, &n_at);
	for (size_t i = 0; i < n_at; i++) {
		const char *vl = arg_langs && arg_langs[at[i].arg] ?
			arg_langs[at[i].arg] : in;

		append_piece(m, name, &b, from, at[i].from, in);
		append_piece(m, name, &b, at[i].from, at[i].to, vl);
		from = at[i].to;
	}
	append_piece(m, name, &b, from, b.len, in);
	free(at);
	sb_buf_dispose(&b);
}

/* The language of a value formatted from messages `a` and `b`: the one
 * not the page's when one is not (a translated percent sign around an
 * English decimal point is an English number). */
static const char *msgs_lang(const rctx *rc, const char *lang,
			     const char *a, const char *b)
{
	const char *page = sb_i18n_shown_lang(rc->msgs, lang);
	const char *la = sb_i18n_msg_lang(rc->msgs, lang, a);

	return strcmp(la, page) != 0 ? la : sb_i18n_msg_lang(rc->msgs, lang, b);
}

/* "12.5%" the way `lang` writes it, and its sort value "12.5". */
static void set_share(sb_tv *m, const rctx *rc, const char *lang,
		      const char *key, const char *sort_key, long long part,
		      long long total)
{
	double pct = total > 0 ? 100.0 * (double)part / (double)total : 0.0;
	char num[32], *dot;
	sb_buf b;
	sb_msg_arg a;

	snprintf(num, sizeof(num), "%.1f", pct);
	sb_tv_set_text(m, sort_key, num);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	dot = strchr(num, '.');
	sb_buf_add(&b, num, (size_t)(dot - num));
	sb_buf_adds(&b, msg(rc, lang, "skillsbot-decimal-separator"));
	sb_buf_adds(&b, dot + 1);
	a.wikitext = sb_buf_str(&b);
	a.is_num = false;
	a.num = 0;
	{
		sb_buf o;

		sb_buf_init(&o, SB_BUF_UNLIMITED);
		sb_i18n_format(&o, rc->msgs, lang, "skillsbot-percent", &a, 1);
		sb_tv_set_wiki_in(m, key, sb_buf_take(&o, NULL),
				  msgs_lang(rc, lang, "skillsbot-percent",
					    "skillsbot-decimal-separator"));
	}
	sb_buf_dispose(&b);
}

/* The page's own values; its lang= and dir= are those of the language
 * its text is shown in (pt on a pt-br page with no file of its own). */
static sb_tv *new_top(const rctx *rc, const char *lang)
{
	sb_tv *t = sb_tv_new_map();
	const char *shown = rc->msgs ? sb_i18n_shown_lang(rc->msgs, lang) :
				       lang;

	sb_tv_set_lang(t, shown);
	sb_tv_set_text(t, "lang", shown);
	sb_tv_set_text(t, "dir", sb_i18n_dir(shown));
	sb_tv_set_text(t, "part", "");
	sb_tv_set_list(t, "parts");
	sb_tv_set_wiki(t, "index", NULL);
	sb_tv_set_wiki(t, "prev", NULL);
	sb_tv_set_wiki(t, "next", NULL);
	sb_tv_set_wiki(t, "versions", NULL);
	return t;
}

/* The key a split page's rows are bucketed by: the display sort key,
 * so that a row's part agrees with its place in the list. */
static void set_key(sb_tv *item, const char *s)
{
	char *f = sb_text_sort_key(s, strlen(s));

	sb_tv_set_text(item, RK_KEY, f);
	free(f);
}

/* ---- people by skill (shared by several pages) ---- */

/* Skills are grouped as the matcher groups them: a mapped skill by its
 * id, an unmapped one by its folded text ("Podcasting" and "podcasting"
 * are one skill), shown as the least of its spellings (byte order). */
typedef struct skill_use {
	char *skill;         /* id, or folded text (owned) */
	const char *text;    /* id or text as written */
	size_t rank;         /* the person's rank (name order) */
	bool share;
	bool request;        /* wanted by an active learner */
} skill_use;

static char *use_key(const sb_skill_ref *r)
{
	return r->id ? NULL : sb_text_fold(r->text, strlen(r->text));
}

static int use_cmp(const void *a, const void *b)
{
	const skill_use *x = a, *y = b;
	int c = strcmp(x->skill, y->skill);

	if (c)
		return c;
	if (x->share != y->share)
		return x->share ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

typedef struct skill_stat {
	const char *skill;       /* the key: id or folded text */
	const char *text;        /* id, or the least spelling */
	bool mapped;
	const size_t *sharers;   /* ranks, into uses */
	size_t n_sharers;
	const size_t *learners;
	size_t n_learners;
	size_t n_requests;       /* learners who are active: the matcher's */
	int served;              /* one-to-one or in a cluster */
	int unserved;
} skill_stat;

struct skill_table {
	skill_use *uses;
	size_t n_uses, cap_uses;
	size_t *ranks;           /* uses[i].rank, grouped */
	skill_stat *v;
	size_t n, cap;
};
typedef struct skill_table skill_table;

static void add_uses(skill_table *t, const rctx *rc, size_t p)
{
	const sb_profile *pr = prof(rc, p);

	for (size_t k = 0; k < pr->n_share + pr->n_learn; k++) {
		const sb_skill_ref *r = k < pr->n_share ? &pr->share[k] :
					&pr->learn[k - pr->n_share];

		char *key = use_key(r);

		SB_GROW(t->uses, t->cap_uses, t->n_uses + 1);
		t->uses[t->n_uses].skill = key ? key : (char *)r->id;
		t->uses[t->n_uses].text = ref_key(r);
		t->uses[t->n_uses].rank = rc->rank[p];
		t->uses[t->n_uses].request = k >= pr->n_share &&
			pr->status == SB_STATUS_ACTIVE;
		t->uses[t->n_uses++].share = k < pr->n_share;
	}
}

static skill_stat *stat_find_key(const skill_table *t, const char *skill)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->v[mid].skill, skill);

		if (c == 0)
			return &t->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The stat of a skill as the matcher names it: an id, or a spelling. */
static skill_stat *stat_find(const skill_table *t, const rctx *rc,
			     const char *skill)
{
	char *key;
	skill_stat *s;

	if (rc->in->tax && sb_taxonomy_get(rc->in->tax, skill))
		return stat_find_key(t, skill);
	key = sb_text_fold(skill, strlen(skill));
	s = stat_find_key(t, key);
	free(key);
	return s;
}

/* Requests served and not, as the totals count them: a place in a
 * cluster serves its learner's request as a connection does. */
static void count_served(skill_table *t, const rctx *rc)
{
	const sb_match_result *m = rc->in->match;
	skill_stat *s;

	for (size_t k = 0; m && k < m->n_connections; k++)
		if ((s = stat_find(t, rc, m->connections[k].skill)) != NULL)
			s->served++;
	for (size_t k = 0; m && k < m->n_clusters; k++)
		if ((s = stat_find(t, rc, m->clusters[k].skill)) != NULL)
			s->served += (int)m->clusters[k].n_learners;
	for (size_t k = 0; m && k < m->n_unserved; k++)
		if ((s = stat_find(t, rc, m->unserved[k].skill)) != NULL)
			s->unserved++;
}

/* Who shares and who wants each skill, people in name order, once. */
static void skill_table_build(skill_table *t, const rctx *rc)
{
	size_t i = 0;

	memset(t, 0, sizeof(*t));
	for (size_t k = 0; k < rc->n_order; k++)
		add_uses(t, rc, rc->order[k]);
	if (t->n_uses)
		qsort(t->uses, t->n_uses, sizeof(skill_use), use_cmp);
	t->ranks = sb_calloc(t->n_uses + 1, sizeof(size_t));
	while (i < t->n_uses) {
		skill_stat *s;
		size_t j = i;

		SB_GROW(t->v, t->cap, t->n + 1);
		s = &t->v[t->n++];
		memset(s, 0, sizeof(*s));
		s->skill = t->uses[i].skill;
		s->text = t->uses[i].text;
		s->mapped = rc->in->tax &&
			sb_taxonomy_get(rc->in->tax, s->skill) != NULL;
		s->sharers = t->ranks + i;
		for (; j < t->n_uses && strcmp(t->uses[j].skill, s->skill) == 0;
		     j++) {
			size_t *list = t->uses[j].share ? &s->n_sharers :
							  &s->n_learners;
			const size_t *base = t->uses[j].share ? s->sharers :
				t->ranks + i + s->n_sharers;

			if (strcmp(t->uses[j].text, s->text) < 0)
				s->text = t->uses[j].text;
			if (!t->uses[j].share && s->n_learners == 0)
				s->learners = t->ranks + i + s->n_sharers;
			/* Skip a skill written twice in one list. */
			if (*list && base[*list - 1] == t->uses[j].rank)
				continue;
			t->ranks[i + s->n_sharers + s->n_learners] =
				t->uses[j].rank;
			(*list)++;
			s->n_requests += t->uses[j].request;
		}
		i = j;
	}
	count_served(t, rc);
}

static void skill_table_dispose(skill_table *t)
{
	for (size_t i = 0; i < t->n_uses; i++)
		if (t->uses[i].skill != t->uses[i].text)
			free(t->uses[i].skill);
	free(t->uses);
	free(t->ranks);
	free(t->v);
}

static char *people_wiki(const rctx *rc, const size_t *ranks, size_t n)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_buf_adds(&b, ", ");
		sb_buf_adds(&b, rc->links[ranks[i]]);
	}
	return sb_buf_take(&b, NULL);
}

/* ---- By skill ---- */

static const sb_layout_field by_skill_row[] = {
	{"category", SB_TV_TEXT, NULL}, {"label", SB_TV_TEXT, NULL},
	{"id", SB_TV_TEXT, NULL}, {"sharers", SB_TV_WIKI, NULL},
	{"learners", SB_TV_WIKI, NULL}, {"n_sharers", SB_TV_INT, NULL},
	{"n_learners", SB_TV_INT, NULL}, {"unmapped", SB_TV_INT, NULL},
	{"continued", SB_TV_INT, NULL},
	{"group_start", SB_TV_INT, NULL}, {"group_end", SB_TV_INT, NULL},
	{NULL, 0, NULL}
};

static const sb_layout_field by_skill_schema[] = {
	COMMON_FIELDS, {"n_skills", SB_TV_INT, NULL},
	{"skills", SB_TV_LIST, by_skill_row}, {NULL, 0, NULL}
};

typedef struct skill_row {
	int cat;            /* category position; n_categories = unmapped */
	bool mapped;
	char *sort;         /* the label's sort key */
	const char *label;
	const char *label_lang;   /* NULL: as written */
	const char *skill;
	const skill_stat *st;
} skill_row;

static int skill_row_cmp(const void *a, const void *b)
{
	const skill_row *x = a, *y = b;
	int c;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	if ((c = sb_text_sort_cmp(x->sort, x->label, y->sort, y->label)) != 0)
		return c;
	return strcmp(x->skill, y->skill);
}

static int category_pos(const sb_taxonomy *tax, const char *id)
{
	size_t n = sb_taxonomy_n_categories(tax);

	for (size_t i = 0; id && i < n; i++)
		if (strcmp(sb_taxonomy_category_at(tax, i)->id, id) == 0)
			return (int)i;
	return (int)n;
}

/* People a By skill row lists at most in each of its two cells: a skill
 * wanted by thousands continues on further rows, so that no single row
 * outgrows a page and the page can always split. */
#define ROW_PEOPLE 500

static void add_skill_chunk(sb_tv *list, const rctx *rc, const skill_row *r,
			    const char *category, const char *cat_lang,
			    bool cat_is_text, size_t k)
{
	const skill_stat *st = r->st;
	sb_tv *it = sb_tv_push_map(list);
	size_t from = k * ROW_PEOPLE, ns = 0, nl = 0;
	char group[16];

	if (st && from < st->n_sharers)
		ns = st->n_sharers - from < ROW_PEOPLE ? st->n_sharers - from :
							ROW_PEOPLE;
	if (st && from < st->n_learners)
		nl = st->n_learners - from < ROW_PEOPLE ?
			st->n_learners - from : ROW_PEOPLE;
	if (cat_is_text)
		sb_tv_set_text_in(it, "category", category, cat_lang);
	else
		sb_tv_set_wiki_in(it, "category", sb_strdup(category), cat_lang);
	sb_tv_set_text_in(it, "label", r->label, r->label_lang);
	sb_tv_set_text(it, "id", r->skill);
	sb_tv_set_wiki(it, "sharers", ns ? people_wiki(rc, st->sharers + from,
						       ns) : NULL);
	sb_tv_set_wiki(it, "learners", nl ? people_wiki(rc, st->learners + from,
							nl) : NULL);
	sb_tv_set_int(it, "n_sharers", st ? (long long)st->n_sharers : 0);
	sb_tv_set_int(it, "n_learners", st ? (long long)st->n_learners : 0);
	sb_tv_set_int(it, "continued", (long long)k);
	sb_tv_set_int(it, "unmapped", !r->mapped);
	snprintf(group, sizeof(group), "%d", r->cat + 1);
	sb_tv_set_text(it, RK_GROUP, group);
	sb_tv_set_text_in(it, RK_GLABEL, category, cat_lang);
	sb_tv_set_text(it, RK_KEY, r->sort);
}

static void add_skill_item(sb_tv *list, const rctx *rc, const skill_row *r,
			   const char *lang)
{
	const sb_taxonomy *tax = rc->in->tax;
	size_t nc = tax ? sb_taxonomy_n_categories(tax) : 0, most = 0;
	const char *cat, *cat_lang;

	if (r->cat < (int)nc) {
		const sb_tax_category *c = sb_taxonomy_category_at(tax,
							(size_t)r->cat);
		const sb_label *l = sb_label_find(c->labels, c->n_labels, lang);

		cat = l ? l->text : c->id;
		cat_lang = l ? l->lang : NULL;
	} else {
		cat = msg(rc, lang, "skillsbot-category-unmapped");
		cat_lang = sb_i18n_msg_lang(rc->msgs, lang,
					    "skillsbot-category-unmapped");
	}
	if (r->st)
		most = r->st->n_sharers > r->st->n_learners ? r->st->n_sharers :
							      r->st->n_learners;
	for (size_t k = 0; k == 0 || k * ROW_PEOPLE < most; k++)
		add_skill_chunk(list, rc, r, cat, cat_lang, r->cat < (int)nc, k);
}

static sb_tv *build_by_skill(const rctx *rc, const char *lang)
{
	const sb_taxonomy *tax = rc->in->tax;
	size_t nt = tax ? sb_taxonomy_n_skills(tax) : 0, n = 0;
	sb_tv *top = new_top(rc, lang), *list;
	const skill_table t = *rc->skills;
	skill_row *rows;

	rows = sb_calloc(nt + t.n + 1, sizeof(*rows));
	for (size_t i = 0; i < nt; i++) {
		const sb_tax_skill *s = sb_taxonomy_skill_at(tax, i);

		rows[n].cat = category_pos(tax, s->category);
		rows[n].mapped = true;
		rows[n].skill = s->id;
		rows[n].label = skill_label_in(rc, s->id, lang,
					       &rows[n].label_lang);
		rows[n].st = stat_find_key(&t, s->id);
		rows[n].sort = sb_text_sort_key(rows[n].label,
					       strlen(rows[n].label));
		n++;
	}
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].mapped)
			continue;
		rows[n].cat = tax ? (int)sb_taxonomy_n_categories(tax) : 0;
		rows[n].skill = rows[n].label = t.v[i].text;
		rows[n].st = &t.v[i];
		rows[n].sort = sb_text_sort_key(t.v[i].text,
					       strlen(t.v[i].text));
		n++;
	}
	if (n)
		qsort(rows, n, sizeof(*rows), skill_row_cmp);
	list = sb_tv_set_list(top, "skills");
	for (size_t i = 0; i < n; i++) {
		add_skill_item(list, rc, &rows[i], lang);
		free(rows[i].sort);
	}
	sb_tv_set_int(top, "n_skills", (long long)n);
	free(rows);
	return top;
}

/* ---- By region ---- */

static const char *const region_codes[] = {
	"ESEAP", "SA", "SSA", "MENA", "CEE", "LAC", "NWE", "USCA", NULL
};
#define N_REGIONS 8

static int region_pos(const char *code)
{
	for (int i = 0; code && region_codes[i]; i++)
		if (strcmp(code, region_codes[i]) == 0)
			return i;
	return N_REGIONS;
}

/* The WIKI `name` of `m`: the label of region `pos`; returns the
 * language it is in. */
static const char *set_region(sb_tv *m, const char *name, const rctx *rc,
			      const char *lang, int pos)
{
	char key[64];

	snprintf(key, sizeof(key), "skillsbot-region-%s",
		 pos < N_REGIONS ? region_codes[pos] : "unknown");
	return set_msg(m, name, rc, lang, key);
}

static const sb_layout_field region_row[] = {
	{"code", SB_TV_TEXT, NULL}, {"label", SB_TV_WIKI, NULL},
	{"count", SB_TV_INT, NULL}, {"share", SB_TV_WIKI, NULL},
	{"share_sort", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field country_row[] = {
	{"region", SB_TV_WIKI, NULL}, {"country", SB_TV_TEXT, NULL},
	{"country_name", SB_TV_WIKI, NULL},
	{"count", SB_TV_INT, NULL}, {"people", SB_TV_WIKI, NULL},
	{"continued", SB_TV_INT, NULL},
	{"group_start", SB_TV_INT, NULL}, {"group_end", SB_TV_INT, NULL},
	{NULL, 0, NULL}
};

static const sb_layout_field by_region_schema[] = {
	COMMON_FIELDS, {"total", SB_TV_INT, NULL},
	{"regions", SB_TV_LIST, region_row},
	{"mea_count", SB_TV_INT, NULL}, {"mea_share", SB_TV_WIKI, NULL},
	{"mea_share_sort", SB_TV_TEXT, NULL},
	{"countries", SB_TV_LIST, country_row}, {NULL, 0, NULL}
};

typedef struct place {
	int region;
	const char *country;   /* "" when unknown */
	size_t rank;
} place;

static int place_cmp(const void *a, const void *b)
{
	const place *x = a, *y = b;
	int c;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	if ((c = strcmp(x->country, y->country)) != 0)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Region rows with counts and shares, and the MEA total. */
static void add_region_rows(sb_tv *top, const rctx *rc, const char *lang,
			    const int *count)
{
	sb_tv *list = sb_tv_set_list(top, "regions");

	for (int r = 0; r <= N_REGIONS; r++) {
		sb_tv *it;

		if (r == N_REGIONS && count[r] == 0)
			continue;
		it = sb_tv_push_map(list);
		sb_tv_set_text(it, "code", r < N_REGIONS ? region_codes[r] : "");
		set_region(it, "label", rc, lang, r);
		sb_tv_set_int(it, "count", count[r]);
		set_share(it, rc, lang, "share", "share_sort", count[r],
			  (long long)rc->n_order);
	}
	sb_tv_set_int(top, "total", (long long)rc->n_order);
	sb_tv_set_int(top, "mea_count", count[2] + count[3]);
	set_share(top, rc, lang, "mea_share", "mea_share_sort",
		  count[2] + count[3], (long long)rc->n_order);
}

/* The WIKI `name` of `m`: a country's name in `lang` (or the nearest
 * language of its chain iso-codes translates it in), in the language it
 * is; without a country, a message saying so rather than a blank cell. */
static void set_country(sb_tv *m, const char *name, const rctx *rc,
			const char *lang, const char *code)
{
	const char *text, *in = NULL;
	sb_buf b;

	if (!*code) {
		set_msg(m, name, rc, lang, "skillsbot-country-unknown");
		return;
	}
	text = rc->iso ? sb_iso_country_name_shown(rc->iso, code, lang, &in) :
			 NULL;
	if (!text) {
		sb_tv_set_wiki(m, name, NULL);
		return;
	}
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_esc_texts(&b, text);
	sb_tv_set_wiki_in(m, name, sb_buf_take(&b, NULL), in);
}

/* A country of thousands continues on further rows of ROW_PEOPLE, as a
 * popular skill does, so that the page can always split. */
static void add_country_item(sb_tv *list, const rctx *rc, const char *lang,
			     const place *p, size_t n)
{
	size_t *ranks = sb_calloc(n + 1, sizeof(size_t));
	char group[16];

	for (size_t i = 0; i < n; i++)
		ranks[i] = p[i].rank;
	snprintf(group, sizeof(group), "%d", p->region + 1);
	for (size_t from = 0; from == 0 || from < n; from += ROW_PEOPLE) {
		sb_tv *it = sb_tv_push_map(list);
		size_t k = n - from < ROW_PEOPLE ? n - from : ROW_PEOPLE;
		const char *in = set_region(it, "region", rc, lang, p->region);

		sb_tv_set_text(it, "country", p->country);
		set_country(it, "country_name", rc, lang, p->country);
		sb_tv_set_int(it, "count", (long long)n);
		sb_tv_set_wiki(it, "people", k ? people_wiki(rc, ranks + from,
							     k) : NULL);
		sb_tv_set_int(it, "continued", (long long)(from / ROW_PEOPLE));
		sb_tv_set_text(it, RK_GROUP, group);
		sb_tv_set_text_in(it, RK_GLABEL, sb_tv_get(it, "region")->s,
				  in);
		set_key(it, p->country);
	}
	free(ranks);
}

static sb_tv *build_by_region(const rctx *rc, const char *lang)
{
	sb_tv *top = new_top(rc, lang), *list;
	place *pl = sb_calloc(rc->n_order + 1, sizeof(*pl));
	int count[N_REGIONS + 1] = {0};

	for (size_t k = 0; k < rc->n_order; k++) {
		const sb_profile *p = prof(rc, rc->order[k]);

		pl[k].region = region_pos(p->region);
		pl[k].country = p->country ? p->country : "";
		pl[k].rank = k;
		count[pl[k].region]++;
	}
	qsort(pl, rc->n_order, sizeof(*pl), place_cmp);
	add_region_rows(top, rc, lang, count);
	list = sb_tv_set_list(top, "countries");
	for (size_t i = 0, j; i < rc->n_order; i = j) {
		for (j = i; j < rc->n_order && pl[j].region == pl[i].region &&
			    strcmp(pl[j].country, pl[i].country) == 0; j++)
			;
		add_country_item(list, rc, lang, &pl[i], j - i);
	}
	free(pl);
	return top;
}

/* ---- By language ---- */

static const sb_layout_field language_row[] = {
	{"code", SB_TV_TEXT, NULL}, {"count", SB_TV_INT, NULL},
	{"native", SB_TV_INT, NULL}, {"share", SB_TV_WIKI, NULL},
	{"share_sort", SB_TV_TEXT, NULL}, {"people", SB_TV_WIKI, NULL},
	{NULL, 0, NULL}
};

static const sb_layout_field by_language_schema[] = {
	COMMON_FIELDS, {"total", SB_TV_INT, NULL},
	{"languages", SB_TV_LIST, language_row}, {NULL, 0, NULL}
};

struct speaker {
	const char *code;
	size_t rank;
	bool native;
};
typedef struct speaker speaker;

static int speaker_cmp(const void *a, const void *b)
{
	const speaker *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	if (c)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Every (language, person) pair of the shown profiles, sorted. */
static speaker *speakers(const rctx *rc, size_t *n_out)
{
	speaker *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t k = 0; k < rc->n_order; k++) {
		const sb_profile *p = prof(rc, rc->order[k]);

		for (size_t l = 0; l < p->n_languages; l++) {
			SB_GROW(v, cap, n + 1);
			v[n].code = p->languages[l].code;
			v[n].rank = k;
			v[n++].native = p->languages[l].level == SB_LEVEL_NATIVE;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), speaker_cmp);
	*n_out = n;
	return v;
}

static void add_language_item(sb_tv *list, const rctx *rc, const char *lang,
			      const speaker *s, size_t n)
{
	size_t *ranks = sb_calloc(n, sizeof(size_t)), m = 0;
	long long native = 0;

	for (size_t i = 0; i < n; i++) {
		if (m && ranks[m - 1] == s[i].rank)
			continue;
		ranks[m++] = s[i].rank;
		native += s[i].native;
	}
	/* A language spoken by thousands continues on further rows, as a
	 * popular skill does, so that the page can always split. */
	for (size_t from = 0; from == 0 || from < m; from += ROW_PEOPLE) {
		sb_tv *it = sb_tv_push_map(list);
		size_t k = m - from < ROW_PEOPLE ? m - from : ROW_PEOPLE;

		sb_tv_set_text(it, "code", s->code);
		sb_tv_set_int(it, "count", (long long)m);
		sb_tv_set_int(it, "native", native);
		set_share(it, rc, lang, "share", "share_sort", (long long)m,
			  (long long)rc->n_order);
		sb_tv_set_wiki(it, "people", k ? people_wiki(rc, ranks + from, k)
					       : NULL);
		sb_tv_set_text(it, RK_KEY, s->code);
	}
	free(ranks);
}

/* The "languages" list (and "total") of By language and the dashboard. */
static void fill_languages(sb_tv *top, const rctx *rc, const char *lang)
{
	sb_tv *list = sb_tv_set_list(top, "languages");
	size_t n = rc->n_speakers;
	const speaker *v = rc->speakers;

	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && strcmp(v[j].code, v[i].code) == 0; j++)
			;
		add_language_item(list, rc, lang, &v[i], j - i);
	}
	sb_tv_set_int(top, "total", (long long)rc->n_order);
}

static sb_tv *build_by_language(const rctx *rc, const char *lang)
{
	sb_tv *top = new_top(rc, lang);

	fill_languages(top, rc, lang);
	return top;
}

/* ---- Connections ---- */

static const sb_layout_field connection_row[] = {
	{"sharer", SB_TV_WIKI, NULL}, {"skill", SB_TV_TEXT, NULL},
	{"languages", SB_TV_TEXT, NULL}, {"hours", SB_TV_INT, NULL},
	{"hours_known", SB_TV_INT, NULL}, {"since", SB_TV_TEXT, NULL},
	{"status", SB_TV_WIKI, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field cluster_row[] = {
	{"skill", SB_TV_TEXT, NULL}, {"host", SB_TV_WIKI, NULL},
	{"members", SB_TV_WIKI, NULL}, {"language", SB_TV_TEXT, NULL},
	{NULL, 0, NULL}
};

static const sb_layout_field learner_row[] = {
	{"name", SB_TV_WIKI, NULL},
	{"connections", SB_TV_LIST, connection_row},
	{"clusters", SB_TV_LIST, cluster_row},
	{"unserved", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field connections_schema[] = {
	COMMON_FIELDS, {"n_connections", SB_TV_INT, NULL},
	{"n_clusters", SB_TV_INT, NULL}, {"requests", SB_TV_INT, NULL},
	{"served", SB_TV_INT, NULL}, {"n_unserved", SB_TV_INT, NULL},
	{"learners", SB_TV_LIST, learner_row}, {NULL, 0, NULL}
};

/* The learner's item, made on first use (in the tree of `top`), put in
 * name order at the end. */
static sb_tv *learner_item(sb_tv **items, sb_tv *top, const rctx *rc,
			   size_t p)
{
	sb_tv *it;

	if (!shown(rc, p))
		return NULL;
	if ((it = items[rc->rank[p]]) != NULL)
		return it;
	it = items[rc->rank[p]] = sb_tv_new_node_map(top);
	sb_tv_set_wiki(it, "name", sb_strdup(link_of(rc, p)));
	sb_tv_set_list(it, "connections");
	sb_tv_set_list(it, "clusters");
	set_key(it, prof(rc, p)->username);
	return it;
}

/* The message naming what feedback says about a connection. */
static const char *outcome_key(const rctx *rc, const sb_connection *c)
{
	switch (sb_render_pair_outcome(rc->in->recs, prof(rc, c->learner)->username,
				       prof(rc, c->sharer)->username, c->skill)) {
	case SB_OUTCOME_MET: return "skillsbot-outcome-met";
	case SB_OUTCOME_PLANNED: return "skillsbot-outcome-planned";
	case SB_OUTCOME_DECLINED: return "skillsbot-outcome-declined";
	case SB_OUTCOME_NO_ANSWER: return "skillsbot-outcome-no-answer";
	default: return "skillsbot-outcome-suggested";
	}
}

static void add_connection(sb_tv *it, const rctx *rc, const sb_connection *c,
			   const char *lang)
{
	sb_tv *row = sb_tv_push_map(sb_tv_get(it, "connections"));
	char since[16] = "";
	time_t t = (time_t)c->since;
	struct tm tm;
	sb_buf b;

	/* The day (UTC) of the cycle that put the pair on the page: the
	 * same on every later page while the pair stays, so a cycle that
	 * changes nothing about it leaves its row alone. */
	if (c->since > 0 && gmtime_r(&t, &tm))
		strftime(since, sizeof(since), "%Y-%m-%d", &tm);

	sb_tv_set_wiki(row, "sharer", sb_strdup(link_of(rc, c->sharer)));
	set_skill(row, "skill", rc, c->skill, lang);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < c->n_languages; i++)
		sb_buf_addf(&b, "%s%s", i ? ", " : "", c->languages[i]);
	sb_tv_set_text(row, "languages", sb_buf_str(&b));
	sb_buf_dispose(&b);
	sb_tv_set_int(row, "hours", c->hours_apart < 0 ? 0 : c->hours_apart);
	sb_tv_set_int(row, "hours_known", c->hours_apart >= 0);
	sb_tv_set_text(row, "since", since);
	set_msg(row, "status", rc, lang, outcome_key(rc, c));
}

static void add_cluster(sb_tv *it, const rctx *rc, const sb_cluster *g,
			const char *lang)
{
	sb_tv *row = sb_tv_push_map(sb_tv_get(it, "clusters"));
	sb_buf b;

	set_skill(row, "skill", rc, g->skill, lang);
	if (g->has_host && shown(rc, g->host))
		sb_tv_set_wiki(row, "host", sb_strdup(link_of(rc, g->host)));
	else
		set_msg(row, "host", rc, lang, "skillsbot-no-host");
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0, k = 0; i < g->n_learners; i++) {
		if (!shown(rc, g->learners[i]))
			continue;
		if (k++)
			sb_buf_adds(&b, ", ");
		sb_buf_adds(&b, link_of(rc, g->learners[i]));
	}
	sb_tv_set_wiki(row, "members", sb_buf_take(&b, NULL));
	sb_tv_set_text(row, "language", g->language);
}

/* One more skill on the learner's list of skills not served, each
 * label in its own language. */
static void add_unserved(sb_tv *it, const rctx *rc, const char *skill,
			 const char *lang)
{
	const char *in, *label = skill_label_in(rc, skill, lang, &in);

	if (*sb_tv_get_str(it, "unserved"))
		sb_tv_append_in(it, "unserved", SB_TV_TEXT, ", ", NULL);
	sb_tv_append_in(it, "unserved", SB_TV_TEXT, label, in);
}

static sb_tv *build_connections(const rctx *rc, const char *lang)
{
	const sb_match_result *m = rc->in->match;
	sb_tv *top = new_top(rc, lang), *list = sb_tv_set_list(top, "learners");
	sb_tv **items = sb_calloc(rc->n_order + 1, sizeof(*items));
	sb_tv *it;

	for (size_t i = 0; m && i < m->n_connections; i++)
		if ((it = learner_item(items, top, rc, m->connections[i].learner)) &&
		    shown(rc, m->connections[i].sharer))
			add_connection(it, rc, &m->connections[i], lang);
	for (size_t i = 0; m && i < m->n_clusters; i++)
		for (size_t k = 0; k < m->clusters[i].n_learners; k++)
			if ((it = learner_item(items, top, rc,
					       m->clusters[i].learners[k])))
				add_cluster(it, rc, &m->clusters[i], lang);
	for (size_t i = 0; m && i < m->n_unserved; i++)
		if ((it = learner_item(items, top, rc, m->unserved[i].learner)))
			add_unserved(it, rc, m->unserved[i].skill, lang);
	for (size_t k = 0; k < rc->n_order; k++)
		if (items[k])
			sb_tv_push(list, items[k]);
	sb_tv_set_int(top, "n_connections", m ? (long long)m->n_connections : 0);
	sb_tv_set_int(top, "n_clusters", m ? (long long)m->n_clusters : 0);
	sb_tv_set_int(top, "requests", m ? m->requests : 0);
	sb_tv_set_int(top, "served", m ? m->served : 0);
	sb_tv_set_int(top, "n_unserved", m ? (long long)m->n_unserved : 0);
	free(items);
	return top;
}

/* ---- Proposed clinics ---- */

static const sb_layout_field proposed_row[] = {
	{"rank", SB_TV_INT, NULL}, {"skill", SB_TV_TEXT, NULL},
	{"unmet", SB_TV_INT, NULL}, {"facilitators", SB_TV_WIKI, NULL},
	{"languages", SB_TV_TEXT, NULL}, {"interpretation", SB_TV_TEXT, NULL},
	{"hours", SB_TV_WIKI, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field proposed_schema[] = {
	COMMON_FIELDS, {"clinics", SB_TV_LIST, proposed_row}, {NULL, 0, NULL}
};

static char *lang_counts(const sb_lang_count *v, size_t n)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++)
		sb_buf_addf(&b, "%s%s (%d)", i ? ", " : "", v[i].code,
			    v[i].count);
	return sb_buf_take(&b, NULL);
}

static char *people_by_index(const rctx *rc, const size_t *idx, size_t n)
{
	sb_buf b;
	size_t shown_n = 0;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++) {
		if (!shown(rc, idx[i]))
			continue;
		if (shown_n++)
			sb_buf_adds(&b, ", ");
		sb_buf_adds(&b, link_of(rc, idx[i]));
	}
	return sb_buf_take(&b, NULL);
}

static void set_owned_text(sb_tv *m, const char *key, char *s)
{
	sb_tv_set_text(m, key, s);
	free(s);
}

/* The suggested hours, and how many of the roster's time zones are known
 * when not all are: hours that suit "most" of 25 people are not the same
 * news when only 3 of them gave a time zone. Made here from numbers and
 * messages: nothing to escape. */
static void set_hours(sb_tv *m, const rctx *rc, const char *lang,
		      const sb_proposed_clinic *c)
{
	sb_buf b;
	char known[24], size[24];
	sb_msg_arg a[2] = {{known, c->tz_known, true}, {size, c->roster_size, true}};

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t k = 0; k < c->n_start_hours && k < 3; k++)
		sb_buf_addf(&b, "%s%02d:00", k ? ", " : "",
			    c->start_hours_utc[k]);
	snprintf(known, sizeof(known), "%d", c->tz_known);
	snprintf(size, sizeof(size), "%d", c->roster_size);
	if (c->tz_known < c->roster_size && c->n_start_hours)
		sb_buf_adds(&b, " (");
	sb_tv_append_in(m, "hours", SB_TV_WIKI, sb_buf_str(&b), NULL);
	if (c->tz_known < c->roster_size) {
		sb_render_append_msg(m, "hours", rc, lang,
				     "skillsbot-proposed-tz-known", a, NULL, 2);
		if (c->n_start_hours)
			sb_tv_append_in(m, "hours", SB_TV_WIKI, ")", NULL);
	} else if (!c->n_start_hours && c->roster_size) {
		sb_render_append_msg(m, "hours", rc, lang,
				     "skillsbot-proposed-no-hours", NULL, NULL,
				     0);
	}
	sb_buf_dispose(&b);
}

static sb_tv *build_proposed(const rctx *rc, const char *lang)
{
	const sb_match_result *m = rc->in->match;
	sb_tv *top = new_top(rc, lang), *list = sb_tv_set_list(top, "clinics");

	for (size_t i = 0; m && i < m->n_proposed; i++) {
		const sb_proposed_clinic *c = &m->proposed[i];
		sb_tv *it = sb_tv_push_map(list);
		char key[32];

		sb_tv_set_int(it, "rank", (long long)i + 1);
		set_skill(it, "skill", rc, c->skill, lang);
		sb_tv_set_int(it, "unmet", c->unmet);
		sb_tv_set_wiki(it, "facilitators", people_by_index(rc,
				c->facilitators, c->n_facilitators));
		set_owned_text(it, "languages",
			       lang_counts(c->languages, c->n_languages));
		set_owned_text(it, "interpretation", lang_counts(
				c->interpretation, c->n_interpretation));
		set_hours(it, rc, lang, c);
		/* Ranked by unmet demand: parts are ranks 1-100, 101-200... */
		snprintf(key, sizeof(key), "%zu", i / 100 + 1);
		sb_tv_set_text(it, RK_GROUP, key);
		snprintf(key, sizeof(key), "%zu-%zu", i / 100 * 100 + 1,
			 i / 100 * 100 + 100);
		sb_tv_set_text(it, RK_GLABEL, key);
		set_key(it, sb_tv_get_str(it, "skill"));
	}
	return top;
}

/* ---- A clinic's roster ---- */

static const sb_layout_field name_row[] = {
	{"name", SB_TV_WIKI, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field link_row[] = {
	{"link", SB_TV_WIKI, NULL}, {NULL, 0, NULL}
};

const sb_layout_field sb_render_roster_schema[] = {
	COMMON_FIELDS, {"title", SB_TV_TEXT, NULL}, {"topic", SB_TV_TEXT, NULL},
	{"date", SB_TV_TEXT, NULL}, {"capacity", SB_TV_INT, NULL},
	{"n_signed_up", SB_TV_INT, NULL}, {"n_waiting", SB_TV_INT, NULL},
	{"n_invite", SB_TV_INT, NULL},
	{"facilitators", SB_TV_WIKI, NULL},
	{"signed_up", SB_TV_LIST, name_row}, {"waiting", SB_TV_LIST, name_row},
	{"invite", SB_TV_LIST, name_row},
	{"interpretation", SB_TV_TEXT, NULL},
	{"interpretation_waiting", SB_TV_TEXT, NULL},
	{"interpretation_asked", SB_TV_TEXT, NULL},
	{"resources", SB_TV_LIST, link_row}, {NULL, 0, NULL}
};

static void push_names(sb_tv *list, char *const *names, const size_t *idx,
		       size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_tv_set_wiki(sb_tv_push_map(list), "name",
			       user_link(names[idx[i]]));
}

/* Extraction keeps an http(s) address or a wiki page title. */
static char *resource_link(const sb_resource *r)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	if (r->link && strncmp(r->link, "http://", 7) != 0 &&
	    strncmp(r->link, "https://", 8) != 0)
		sb_esc_page_link(&b, r->link, r->title ? r->title : r->link);
	else
		sb_esc_ext_link(&b, r->link, r->title);
	return sb_buf_take(&b, NULL);
}

/* The interpretation the clinic page asks for, as written there. */
static char *asked_codes(const sb_clinic *c)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < c->n_interpretation; i++)
		sb_buf_addf(&b, "%s%s", i ? ", " : "",
			    c->interpretation[i].code);
	return sb_buf_take(&b, NULL);
}

sb_tv *sb_render_build_roster(const rctx *rc, size_t i, const char *lang)
{
	const sb_roster *ro = &rc->in->match->rosters[i];
	const sb_clinic *c = &rc->in->recs->clinics[ro->clinic];
	sb_tv *top = new_top(rc, lang), *list;
	sb_buf b;

	sb_tv_set_text(top, "title", c->title);
	if (c->topic.id)
		set_skill(top, "topic", rc, c->topic.id, lang);
	else
		sb_tv_set_text(top, "topic", c->topic.text);
	sb_tv_set_text(top, "date", c->date);
	sb_tv_set_int(top, "capacity", c->capacity);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t k = 0; k < ro->n_facilitators; k++) {
		if (k)
			sb_buf_adds(&b, ", ");
		sb_esc_user_link(&b, c->facilitators[ro->facilitators[k]]);
	}
	sb_tv_set_wiki(top, "facilitators", sb_buf_take(&b, NULL));
	push_names(sb_tv_set_list(top, "signed_up"), c->signups, ro->signed_up,
		   ro->n_signed_up);
	push_names(sb_tv_set_list(top, "waiting"), c->signups, ro->waiting,
		   ro->n_waiting);
	list = sb_tv_set_list(top, "invite");
	for (size_t k = 0; k < ro->n_invite; k++)
		if (shown(rc, ro->invite[k]))
			sb_tv_set_wiki(sb_tv_push_map(list), "name",
				       sb_strdup(link_of(rc, ro->invite[k])));
	sb_tv_set_int(top, "n_signed_up", (long long)ro->n_signed_up);
	sb_tv_set_int(top, "n_waiting", (long long)ro->n_waiting);
	sb_tv_set_int(top, "n_invite", (long long)list->n_items);
	set_owned_text(top, "interpretation", lang_counts(ro->interpretation,
			ro->n_interpretation));
	set_owned_text(top, "interpretation_waiting", lang_counts(
			ro->waiting_interpretation,
			ro->n_waiting_interpretation));
	set_owned_text(top, "interpretation_asked", asked_codes(c));
	list = sb_tv_set_list(top, "resources");
	for (size_t k = 0; k < ro->n_resources; k++)
		sb_tv_set_wiki(sb_tv_push_map(list), "link", resource_link(
			&rc->in->recs->resources[ro->resources[k]]));
	return top;
}

/* ---- Resources ---- */

static const sb_layout_field resource_row[] = {
	{"link", SB_TV_WIKI, NULL}, {"languages", SB_TV_TEXT, NULL},
	{"format", SB_TV_TEXT, NULL}, {"skills", SB_TV_TEXT, NULL},
	{NULL, 0, NULL}
};

static const sb_layout_field resource_group[] = {
	{"label", SB_TV_TEXT, NULL}, {"items", SB_TV_LIST, resource_row},
	{NULL, 0, NULL}
};

static const sb_layout_field resources_schema[] = {
	COMMON_FIELDS, {"skills", SB_TV_LIST, resource_group},
	{"languages", SB_TV_LIST, resource_group}, {NULL, 0, NULL}
};

typedef struct res_use {
	const char *key;      /* skill label, or language code */
	const char *lang;     /* the label's language; NULL: as written */
	char *sort;           /* its sort key */
	size_t res;
} res_use;

static int res_use_cmp(const void *a, const void *b)
{
	const res_use *x = a, *y = b;
	int c = sb_text_sort_cmp(x->sort, x->key, y->sort, y->key);

	if (c)
		return c;
	return x->res < y->res ? -1 : x->res > y->res;
}

static void add_resource_item(sb_tv *list, const rctx *rc, size_t i,
			      const char *lang)
{
	const sb_resource *r = &rc->in->recs->resources[i];
	sb_tv *it = sb_tv_push_map(list);
	sb_buf b;

	sb_tv_set_wiki(it, "link", resource_link(r));
	sb_tv_set_text(it, "format", r->format);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t k = 0; k < r->n_languages; k++)
		sb_buf_addf(&b, "%s%s", k ? ", " : "", r->languages[k].code);
	sb_tv_set_text(it, "languages", sb_buf_str(&b));
	sb_buf_dispose(&b);
	sb_tv_set_text(it, "skills", "");
	for (size_t k = 0; k < r->n_skills; k++) {
		const char *in, *label = skill_label_in(rc,
			ref_key(&r->skills[k]), lang, &in);

		if (k)
			sb_tv_append_in(it, "skills", SB_TV_TEXT, ", ", NULL);
		sb_tv_append_in(it, "skills", SB_TV_TEXT, label, in);
	}
}

/* Group resources under each key (sorted), as items of `list`. */
static void group_resources(sb_tv *list, const rctx *rc, res_use *u,
			    size_t n, const char *lang, bool split_key)
{
	if (n)
		qsort(u, n, sizeof(*u), res_use_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		sb_tv *g = sb_tv_push_map(list), *items;

		sb_tv_set_text_in(g, "label", u[i].key, u[i].lang);
		if (split_key)
			sb_tv_set_text(g, RK_KEY, u[i].sort);
		items = sb_tv_set_list(g, "items");
		for (j = i; j < n && strcmp(u[j].key, u[i].key) == 0; j++)
			add_resource_item(items, rc, u[j].res, lang);
	}
	for (size_t i = 0; i < n; i++)
		free(u[i].sort);
}

static sb_tv *build_resources(const rctx *rc, const char *lang)
{
	const sb_records *recs = rc->in->recs;
	sb_tv *top = new_top(rc, lang);
	res_use *u = NULL;
	size_t n = 0, cap = 0;

	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (size_t i = 0; i < recs->n_resources; i++) {
			const sb_resource *r = &recs->resources[i];
			size_t nk = pass ? r->n_languages : r->n_skills;

			for (size_t k = 0; k < nk; k++) {
				const char *in = NULL;
				const char *key = pass ? r->languages[k].code :
					skill_label_in(rc,
						ref_key(&r->skills[k]), lang,
						&in);

				SB_GROW(u, cap, n + 1);
				u[n].key = key;
				u[n].lang = in;
				u[n].sort = sb_text_sort_key(key, strlen(key));
				u[n++].res = i;
			}
		}
		group_resources(sb_tv_set_list(top, pass ? "languages" :
						"skills"), rc, u, n, lang,
				pass == 0);
	}
	free(u);
	return top;
}

/* ---- Dashboard ---- */

static const sb_layout_field demand_row[] = {
	{"label", SB_TV_TEXT, NULL}, {"learners", SB_TV_INT, NULL},
	{"sharers", SB_TV_INT, NULL}, {"served", SB_TV_INT, NULL},
	{"unserved", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field unmapped_row[] = {
	{"text", SB_TV_TEXT, NULL}, {"sharers", SB_TV_INT, NULL},
	{"learners", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field problem_row[] = {
	{"page", SB_TV_WIKI, NULL}, {"kind", SB_TV_WIKI, NULL},
	{"field", SB_TV_TEXT, NULL}, {"message", SB_TV_WIKI, NULL},
	{"line", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field note_row[] = {
	{"message", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field missing_row[] = {
	{"code", SB_TV_TEXT, NULL}, {"no_file", SB_TV_INT, NULL},
	{"count", SB_TV_INT, NULL},
	{"keys", SB_TV_TEXT, NULL}, {"labels", SB_TV_INT, NULL},
	{"label_ids", SB_TV_TEXT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field dashboard_schema[] = {
	COMMON_FIELDS, {"profiles", SB_TV_INT, NULL},
	{"shown", SB_TV_INT, NULL}, {"active", SB_TV_INT, NULL},
	{"away", SB_TV_INT, NULL}, {"inactive", SB_TV_INT, NULL},
	{"sharers", SB_TV_INT, NULL}, {"learners", SB_TV_INT, NULL},
	{"requests", SB_TV_INT, NULL}, {"served", SB_TV_INT, NULL},
	{"served_share", SB_TV_WIKI, NULL},
	{"served_share_sort", SB_TV_TEXT, NULL},
	{"n_connections", SB_TV_INT, NULL}, {"n_clusters", SB_TV_INT, NULL},
	{"n_unserved", SB_TV_INT, NULL}, {"clinics", SB_TV_INT, NULL},
	{"resources", SB_TV_INT, NULL}, {"total", SB_TV_INT, NULL},
	{"regions", SB_TV_LIST, region_row},
	{"mea_count", SB_TV_INT, NULL}, {"mea_share", SB_TV_WIKI, NULL},
	{"mea_share_sort", SB_TV_TEXT, NULL},
	{"languages", SB_TV_LIST, language_row},
	{"most_wanted", SB_TV_LIST, demand_row},
	{"least_served", SB_TV_LIST, demand_row},
	{"unmapped", SB_TV_LIST, unmapped_row},
	{"notes", SB_TV_LIST, note_row},
	{"missing", SB_TV_LIST, missing_row},
	{"n_problems", SB_TV_INT, NULL},
	{"problems", SB_TV_LIST, problem_row}, SB_RENDER_EVAL_FIELDS,
	{NULL, 0, NULL}
};

#define TOP_SKILLS 10

typedef int (*stat_cmp_fn)(const void *, const void *);

static int wanted_cmp(const void *a, const void *b)
{
	const skill_stat *x = *(skill_stat *const *)a;
	const skill_stat *y = *(skill_stat *const *)b;

	if (x->n_requests != y->n_requests)
		return x->n_requests > y->n_requests ? -1 : 1;
	return strcmp(x->skill, y->skill);
}

static int unserved_cmp(const void *a, const void *b)
{
	const skill_stat *x = *(skill_stat *const *)a;
	const skill_stat *y = *(skill_stat *const *)b;

	if (x->unserved != y->unserved)
		return x->unserved > y->unserved ? -1 : 1;
	return wanted_cmp(a, b);
}

/* Demand is what the matcher was asked: learners away make no request,
 * so a row's learners are its served and its unserved requests. */
static void add_demand(sb_tv *top, const char *key, const rctx *rc,
		       const skill_table *t, stat_cmp_fn cmp, const char *lang)
{
	const skill_stat **v = sb_calloc(t->n + 1, sizeof(*v));
	sb_tv *list = sb_tv_set_list(top, key);
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].n_requests > 0)
			v[n++] = &t->v[i];
	if (n)
		qsort(v, n, sizeof(*v), cmp);
	for (size_t i = 0; i < n && i < TOP_SKILLS; i++) {
		sb_tv *it;

		if (cmp == unserved_cmp && v[i]->unserved == 0)
			break;
		it = sb_tv_push_map(list);
		set_skill(it, "label", rc, v[i]->text, lang);
		sb_tv_set_int(it, "learners", (long long)v[i]->n_requests);
		sb_tv_set_int(it, "sharers", (long long)v[i]->n_sharers);
		sb_tv_set_int(it, "served", v[i]->served);
		sb_tv_set_int(it, "unserved", v[i]->unserved);
	}
	free(v);
}

static void add_unmapped(sb_tv *top, const skill_table *t)
{
	sb_tv *list = sb_tv_set_list(top, "unmapped");

	for (size_t i = 0; i < t->n; i++) {
		sb_tv *it;

		if (t->v[i].mapped)
			continue;
		it = sb_tv_push_map(list);
		sb_tv_set_text(it, "text", t->v[i].text);
		sb_tv_set_int(it, "sharers", (long long)t->v[i].n_sharers);
		sb_tv_set_int(it, "learners", (long long)t->v[i].n_learners);
	}
}

typedef struct problem {
	char *sort;          /* the page's sort key */
	const char *page;
	const char *kind;
	const char *field;
	int line, column;
	const char *text;    /* the extractor's message, or NULL */
	char *wiki;          /* a message made here (owned), or NULL */
	const char *lang;    /* the language the message is in */
} problem;

typedef struct problems {
	problem *v;
	size_t n, cap;
} problems;

static const char *problem_msg(const problem *p)
{
	return p->text ? p->text : p->wiki ? p->wiki : "";
}

static int problem_cmp(const void *a, const void *b)
{
	const problem *x = a, *y = b;
	int c = sb_text_sort_cmp(x->sort, x->page, y->sort, y->page);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	if ((c = strcmp(x->field ? x->field : "",
			y->field ? y->field : "")) != 0)
		return c;
	return strcmp(problem_msg(x), problem_msg(y));
}

static problem *problem_add(problems *v, const char *page, const char *kind)
{
	problem *p;

	SB_GROW(v->v, v->cap, v->n + 1);
	p = &v->v[v->n++];
	memset(p, 0, sizeof(*p));
	p->page = page ? page : "";
	p->sort = sb_text_sort_key(p->page, strlen(p->page));
	p->kind = kind;
	return p;
}

static void collect(problems *v, const char *page, const char *kind,
		    const sb_diag *d, size_t nd)
{
	for (size_t i = 0; i < nd; i++) {
		problem *p = problem_add(v, page, kind);

		p->field = d[i].field;
		p->line = d[i].line;
		p->column = d[i].column;
		p->text = d[i].message ? d[i].message : "";
		p->lang = "en";      /* the extractor's messages are English */
	}
}

/* A person's further profile, which no page uses: say which one is, so
 * that organisers can have the two merged. One row for each pair of
 * sb_records_further_profiles, which the run's problem count counts. */
static void collect_dups(problems *v, const rctx *rc, const char *lang)
{
	for (size_t i = 0; i < rc->n_dups; i++) {
		const sb_profile *dup = prof(rc, rc->dups[2 * i]);
		const sb_profile *used = prof(rc, rc->dups[2 * i + 1]);
		problem *p = problem_add(v, dup->page, "profile");
		sb_buf name, link, out;
		sb_msg_arg a[2] = {{NULL, 0, false}, {NULL, 0, false}};

		p->field = "username";
		p->line = dup->line;
		sb_buf_init(&name, SB_BUF_UNLIMITED);
		sb_buf_init(&link, SB_BUF_UNLIMITED);
		sb_buf_init(&out, SB_BUF_UNLIMITED);
		sb_esc_texts(&name, dup->username);
		sb_esc_page_link(&link, used->page ? used->page : "", NULL);
		a[0].wikitext = sb_buf_str(&name);
		a[1].wikitext = sb_buf_str(&link);
		sb_i18n_format(&out, rc->msgs, lang,
			       "skillsbot-problem-duplicate", a, 2);
		p->wiki = sb_buf_take(&out, NULL);
		p->lang = sb_i18n_msg_lang(rc->msgs, lang,
					   "skillsbot-problem-duplicate");
		sb_buf_dispose(&name);
		sb_buf_dispose(&link);
	}
}

static void add_problem_item(sb_tv *list, const rctx *rc, const problem *p,
			     const char *lang)
{
	sb_tv *it = sb_tv_push_map(list);
	sb_buf b;
	char key[64];

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_esc_page_link(&b, p->page, NULL);
	sb_tv_set_wiki(it, "page", sb_buf_take(&b, NULL));
	snprintf(key, sizeof(key), "skillsbot-kind-%s", p->kind);
	set_msg(it, "kind", rc, lang, key);
	sb_tv_set_text(it, "field", p->field);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	if (p->text)
		sb_esc_texts(&b, p->text);
	else
		sb_buf_adds(&b, p->wiki);
	sb_tv_set_wiki_in(it, "message", sb_buf_take(&b, NULL), p->lang);
	sb_tv_set_int(it, "line", p->line);
	sb_tv_set_text(it, RK_KEY, p->sort);
}

static void add_problems(sb_tv *top, const rctx *rc, const char *lang)
{
	const sb_records *r = rc->in->recs;
	sb_tv *list = sb_tv_set_list(top, "problems");
	problems v = {NULL, 0, 0};

	for (size_t i = 0; i < r->n_profiles; i++)
		collect(&v, r->profiles[i].page, "profile",
			r->profiles[i].diags, r->profiles[i].n_diags);
	for (size_t i = 0; i < r->n_left_out; i++)
		collect(&v, r->left_out[i].page, "profile",
			r->left_out[i].diags, r->left_out[i].n_diags);
	for (size_t i = 0; i < r->n_clinics; i++)
		collect(&v, r->clinics[i].page, "clinic",
			r->clinics[i].diags, r->clinics[i].n_diags);
	for (size_t i = 0; i < r->n_resources; i++)
		collect(&v, r->resources[i].page, "resource",
			r->resources[i].diags, r->resources[i].n_diags);
	for (size_t i = 0; i < r->n_feedback; i++)
		collect(&v, r->feedback[i].page, "feedback",
			r->feedback[i].diags, r->feedback[i].n_diags);
	collect_dups(&v, rc, lang);
	if (v.n)
		qsort(v.v, v.n, sizeof(*v.v), problem_cmp);
	for (size_t i = 0; i < v.n; i++) {
		add_problem_item(list, rc, &v.v[i], lang);
		free(v.v[i].sort);
		free(v.v[i].wiki);
	}
	sb_tv_set_int(top, "n_problems", (long long)v.n);
	free(v.v);
}

/* Does the skill have a label for readers of `code`: in it, or in a
 * language of its chain other than English? */
static bool has_label(const sb_tax_skill *sk, const char *code)
{
	sb_lang_chain c;

	sb_lang_chain_of(&c, code);
	for (size_t k = 0; k < c.n; k++)
		for (size_t i = 0; i < sk->n_labels; i++)
			if (sb_lang_same(sk->labels[i].lang, c.v[k]) &&
			    (k + 1 < c.n || c.n == 1))
				return true;
	return false;
}

/* Messages and skill labels missing in each output language. A language
 * with no messages at all is said to be so (its pages are the English
 * ones, English labels included), not listed key by key. */
static void add_missing(sb_tv *top, const rctx *rc)
{
	const sb_strv *langs = &rc->in->conf->languages;
	const sb_taxonomy *tax = rc->in->tax;
	sb_tv *list = sb_tv_set_list(top, "missing");

	for (size_t l = 0; l < langs->n; l++) {
		const char *code = langs->v[l], *k;
		size_t n = 0, nl = 0;
		sb_buf keys, ids;

		sb_buf_init(&keys, SB_BUF_UNLIMITED);
		sb_buf_init(&ids, SB_BUF_UNLIMITED);
		for (; (k = sb_i18n_missing(rc->msgs, code, n)) != NULL; n++)
			sb_buf_addf(&keys, "%s%s", n ? ", " : "", k);
		for (size_t s = 0; tax && s < sb_taxonomy_n_skills(tax); s++) {
			const sb_tax_skill *sk = sb_taxonomy_skill_at(tax, s);

			if (!has_label(sk, code))
				sb_buf_addf(&ids, "%s%s", nl++ ? ", " : "",
					    sk->id);
		}
		if (n || nl) {
			sb_tv *it = sb_tv_push_map(list);

			sb_tv_set_text(it, "code", code);
			sb_tv_set_int(it, "no_file", strcmp(code, "en") != 0 &&
				strcmp(sb_i18n_shown_lang(rc->msgs, code),
				       "en") == 0);
			sb_tv_set_int(it, "count", (long long)n);
			sb_tv_set_text(it, "keys", sb_buf_str(&keys));
			sb_tv_set_int(it, "labels", (long long)nl);
			sb_tv_set_text(it, "label_ids", sb_buf_str(&ids));
		}
		sb_buf_dispose(&keys);
		sb_buf_dispose(&ids);
	}
}

static void add_totals(sb_tv *top, const rctx *rc, const char *lang)
{
	const sb_records *r = rc->in->recs;
	const sb_match_result *m = rc->in->match;
	long long status[3] = {0}, sharers = 0, learners = 0;

	for (size_t i = 0; i < r->n_profiles; i++)
		if (r->profiles[i].status >= 0 && r->profiles[i].status < 3)
			status[r->profiles[i].status]++;
	for (size_t k = 0; k < rc->n_order; k++) {
		sharers += prof(rc, rc->order[k])->n_share > 0;
		learners += prof(rc, rc->order[k])->n_learn > 0;
	}
	sb_tv_set_int(top, "profiles", (long long)r->n_profiles);
	sb_tv_set_int(top, "shown", (long long)rc->n_order);
	sb_tv_set_int(top, "active", status[SB_STATUS_ACTIVE]);
	sb_tv_set_int(top, "away", status[SB_STATUS_AWAY]);
	sb_tv_set_int(top, "inactive", status[SB_STATUS_INACTIVE]);
	sb_tv_set_int(top, "sharers", sharers);
	sb_tv_set_int(top, "learners", learners);
	sb_tv_set_int(top, "requests", m ? m->requests : 0);
	sb_tv_set_int(top, "served", m ? m->served : 0);
	set_share(top, rc, lang, "served_share", "served_share_sort",
		  m ? m->served : 0, m ? m->requests : 0);
	sb_tv_set_int(top, "n_connections", m ? (long long)m->n_connections : 0);
	sb_tv_set_int(top, "n_clusters", m ? (long long)m->n_clusters : 0);
	sb_tv_set_int(top, "n_unserved", m ? (long long)m->n_unserved : 0);
	sb_tv_set_int(top, "clinics", (long long)r->n_clinics);
	sb_tv_set_int(top, "resources", (long long)r->n_resources);
}

static sb_tv *build_dashboard(const rctx *rc, const char *lang)
{
	sb_tv *top = new_top(rc, lang), *notes;
	int count[N_REGIONS + 1] = {0};

	add_totals(top, rc, lang);
	for (size_t k = 0; k < rc->n_order; k++)
		count[region_pos(prof(rc, rc->order[k])->region)]++;
	add_region_rows(top, rc, lang, count);
	fill_languages(top, rc, lang);
	add_demand(top, "most_wanted", rc, rc->skills, wanted_cmp, lang);
	add_demand(top, "least_served", rc, rc->skills, unserved_cmp, lang);
	add_unmapped(top, rc->skills);
	notes = sb_tv_set_list(top, "notes");
	/* The bot's own lines are English. */
	for (size_t i = 0; i < rc->in->n_problems; i++)
		sb_tv_set_text_in(sb_tv_push_map(notes), "message",
				  rc->in->problems[i], "en");
	for (size_t i = 0; rc->left_notes && i < rc->left_notes->n; i++)
		sb_tv_set_text_in(sb_tv_push_map(notes), "message",
				  rc->left_notes->v[i], "en");
	add_missing(top, rc);
	add_problems(top, rc, lang);
	sb_render_add_evaluation(top, rc, lang);
	return top;
}

sb_tv *sb_render_new_top(const rctx *rc, const char *lang)
{
	return new_top(rc, lang);
}

const char *sb_render_skill_label_in(const rctx *rc, const char *id_or_text,
				     const char *lang, const char **in)
{
	return skill_label_in(rc, id_or_text, lang, in);
}

const char *sb_render_msg(const rctx *rc, const char *lang, const char *key)
{
	return msg(rc, lang, key);
}

void sb_render_tables_build(rctx *rc)
{
	rc->skills = sb_calloc(1, sizeof(*rc->skills));
	skill_table_build(rc->skills, rc);
	rc->speakers = speakers(rc, &rc->n_speakers);
}

void sb_render_tables_free(rctx *rc)
{
	if (rc->skills)
		skill_table_dispose(rc->skills);
	free(rc->skills);
	free(rc->speakers);
}

const page_def sb_render_pages[] = {
	{"by-skill", SB_PAGE_BY_SKILL, by_skill_schema, build_by_skill,
	 "skills"},
	{"by-region", SB_PAGE_BY_REGION, by_region_schema, build_by_region,
	 "countries"},
	{"by-language", SB_PAGE_BY_LANGUAGE, by_language_schema,
	 build_by_language, "languages"},
	{"connections", SB_PAGE_CONNECTIONS, connections_schema,
	 build_connections, "learners"},
	{"proposed-clinics", SB_PAGE_PROPOSED_CLINICS, proposed_schema,
	 build_proposed, "clinics"},
	{"resources", SB_PAGE_RESOURCES, resources_schema, build_resources,
	 "skills"},
	{"dashboard", SB_PAGE_DASHBOARD, dashboard_schema, build_dashboard,
	 "problems"},
	{"recognition", SB_PAGE_RECOGNITION, sb_render_recognition_schema,
	 sb_render_build_recognition, "people"},
	{NULL, 0, NULL, NULL, NULL}
};
