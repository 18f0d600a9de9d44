/* render.c - every generated page, in every language, within budget.
 *
 * For each page of sb_render_pages[] and each output language this builds
 * the page's data (pages.c), renders its layout, and, when the result is
 * over budget, splits the page's one splittable list into subpages with an
 * index page linking them (see split_family()). */
#include "render_int.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/wikiescape.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BUDGET (500L * 1000L)
#define MARKER_ROOM 256       /* the two marker lines and newlines */
#define MAX_LETTERS 4         /* deepest letter bucket: "Abcd" */
#define NAV_ROOM 2048         /* a part's links to its index, neighbours */

typedef struct outv {
	sb_page_out *v;
	size_t n, cap;
} outv;

/* A part found while splitting, laid out then without its links to the
 * index and the previous and next part, which are filled in once every
 * part is known (write_parts()). */
typedef struct part {
	char *name;
	char *label;
	const char *label_lang;  /* its group label's (in the model's tree),
				  * NULL: the page's, or none (letters) */
	sb_tv *items;            /* a view of the split list */
	char *content;           /* laid out without the links */
	size_t len;
	sb_layout_holes *holes;  /* where the links go */
} split_part;

typedef struct family {
	const rctx *rc;
	const sb_layout *layout;
	sb_tv *model;
	const char *split;
	const char *section;
	const char *base;        /* title of the whole page */
	const char *suffix;      /* language subpage, or NULL */
	const char *code;        /* the language this version is for */
	const char *lang;        /* the language its text is looked up in */
	size_t budget;
	outv *out;
	sb_tv *parts;            /* the index page's links */
	split_part *pv;          /* the parts, in order */
	size_t n_pv, cap_pv;
	size_t room;             /* kept free while splitting: NAV_ROOM */
} family;

static void out_add(outv *o, char *title, const char *section,
		    char *content, size_t rows)
{
	SB_GROW(o->v, o->cap, o->n + 1);
	o->v[o->n].title = title;
	o->v[o->n].section = sb_strdup(section);
	o->v[o->n].content = content;
	o->v[o->n++].rows = rows;
}

void sb_pages_free(sb_page_out *pages, size_t n)
{
	for (size_t i = 0; pages && i < n; i++) {
		free(pages[i].title);
		free(pages[i].section);
		free(pages[i].content);
	}
	free(pages);
}

/* Free the outputs o->v[from..], keeping the array. */
static void outv_truncate(outv *o, size_t from)
{
	for (size_t i = from; i < o->n; i++) {
		free(o->v[i].title);
		free(o->v[i].section);
		free(o->v[i].content);
	}
	o->n = from;
}

/* Replace the member `key` of `map` without freeing the old value, which
 * is returned. */
static sb_tv *swap_member(sb_tv *map, const char *key, sb_tv *v)
{
	for (size_t i = 0; i < map->n_items; i++)
		if (strcmp(map->keys[i], key) == 0) {
			sb_tv *old = map->items[i];

			map->items[i] = v;
			return old;
		}
	sb_tv_set(map, key, v);
	return NULL;
}

/* group_start / group_end for the items as they stand in this list. */
static void mark_groups(sb_tv *list)
{
	if (!list || list->n_items == 0 || !sb_tv_get(list->items[0], RK_GROUP))
		return;
	for (size_t i = 0; i < list->n_items; i++) {
		sb_tv *it = list->items[i];
		const sb_tv *g = sb_tv_get(it, RK_GROUP);
		const char *prev = i ? sb_tv_get_str(list->items[i - 1], RK_GROUP)
				     : NULL;
		const char *next = i + 1 < list->n_items ?
			sb_tv_get_str(list->items[i + 1], RK_GROUP) : NULL;

		if (!g)
			continue;
		sb_tv_set_int(it, "group_start", !prev || strcmp(prev, g->s));
		sb_tv_set_int(it, "group_end", !next || strcmp(next, g->s));
	}
}

/* What a part knows only once every part is found. */
static const char *const part_links[] = {"index", "prev", "next", NULL};

/* The bytes of a page laid out into `b`, whose cap is the budget: over
 * it, *too_big and no content. */
static int take_within(char **out, size_t *len, bool *too_big, sb_buf *b,
		       int err)
{
	*too_big = err == SB_ETOOBIG;
	if (*too_big) {
		sb_error_clear();
		err = SB_OK;
	}
	*out = err == SB_OK && !*too_big ? sb_buf_take(b, len) : NULL;
	sb_buf_dispose(b);
	return err;
}

/* Render the model; a page over budget stops as soon as it is known to
 * be (the buffer's cap), and comes back as *too_big with no content.
 * With `holes` (a part, while splitting), where its links go is noted. */
static int render_model(char **out, size_t *len, bool *too_big,
			const family *f, sb_layout_holes **holes)
{
	sb_buf b;
	int err;

	mark_groups(sb_tv_get(f->model, f->split));
	sb_buf_init(&b, f->budget - f->room);
	if (holes)
		err = sb_layout_render_later(&b, holes, f->layout, f->model,
					     f->rc->msgs, f->lang, part_links);
	else
		err = sb_layout_render(&b, f->layout, f->model, f->rc->msgs,
				       f->lang);
	return take_within(out, len, too_big, &b, err);
}

static char *title_of(const family *f, const char *part)
{
	return sb_asprintf("%s%s%s%s%s", f->base, part ? "/" : "",
			   part ? part : "", f->suffix ? "/" : "",
			   f->suffix ? f->suffix : "");
}

/* The first n code points of the folded key, the first letter upper
 * case, anything but letters and digits as '-': a title segment. */
static void letters(sb_buf *b, const char *key, size_t n)
{
	const unsigned char *s = (const unsigned char *)key;

	for (size_t cp = 0; *s && cp < n; cp++) {
		size_t len = 1;

		if (*s >= 0x80) {
			while ((s[len] & 0xC0) == 0x80)
				len++;
			sb_buf_add(b, s, len);
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			sb_buf_addc(b, (char)(cp == 0 && *s >= 'a' ?
					      *s - 'a' + 'A' : *s));
		} else {
			sb_buf_addc(b, '-');
		}
		s += len;
	}
}

/* The bucket of an item at a refinement level: its group, then the
 * letters of its key. */
static void bucket_name(sb_buf *b, const sb_tv *it, int level)
{
	const sb_tv *g = sb_tv_get(it, RK_GROUP);

	sb_buf_reset(b);
	if (g) {
		sb_buf_adds(b, g->s);
		if (level == 0)
			return;
		sb_buf_addc(b, '/');
		letters(b, sb_tv_get_str(it, RK_KEY), (size_t)level);
	} else {
		letters(b, sb_tv_get_str(it, RK_KEY), (size_t)level + 1);
	}
}

/* The language of a value set in one (sb_tv_set_text_in), or NULL:
 * the page's. */
static const char *lang_of(const sb_tv *v)
{
	return v && v->n_runs == 1 ? v->runs[0].lang : NULL;
}

/* A part's label: its group's label (a category's, a region's), the
 * letters of its first key after it when the group is split further;
 * *lang is the group label's language, the letters' too. */
static void part_label(sb_buf *b, const char **lang, const sb_tv *it,
		       int level)
{
	const sb_tv *g = sb_tv_get(it, RK_GLABEL);
	int n = g ? level : level + 1;

	*lang = lang_of(g);
	sb_buf_reset(b);
	if (g)
		sb_buf_adds(b, g->s);
	if (n > 0) {
		if (g)
			sb_buf_adds(b, " (");
		letters(b, sb_tv_get_str(it, RK_KEY), (size_t)n);
		if (g)
			sb_buf_adds(b, ")");
	}
}

static char *page_link(const char *title, const char *label)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_esc_page_link(&b, title, label);
	return sb_buf_take(&b, NULL);
}

static int split_items(family *f, sb_tv *items, int level);
static int halve(family *f, sb_tv *items, const char *name,
		 const char *label, const char *lang);

/* Render `items` as one subpage, or split them further when too big.
 * `label`, in `lang`, names it on itself and in the index's links. */
static int emit_part(family *f, sb_tv *items, int level, const char *name,
		     const char *label, const char *lang)
{
	sb_tv *old = swap_member(f->model, f->split, items);
	sb_layout_holes *holes = NULL;
	char *content = NULL;
	size_t len = 0;
	int err;

	bool too_big;

	sb_tv_set_text_in(f->model, "part", label, lang);
	err = render_model(&content, &len, &too_big, f, &holes);
	swap_member(f->model, f->split, old);
	if (err == SB_OK && !too_big) {
		sb_tv *p = sb_tv_push_map(f->parts);
		char *title = title_of(f, name);
		split_part *pt;

		sb_tv_set_wiki_in(p, "link", page_link(title, label), lang);
		sb_tv_set_text_in(p, "label", label, lang);
		sb_tv_set_int(p, "rows", (long long)items->n_items);
		free(title);
		SB_GROW(f->pv, f->cap_pv, f->n_pv + 1);
		pt = &f->pv[f->n_pv++];
		pt->name = sb_strdup(name);
		pt->label = sb_strdup(label);
		pt->label_lang = lang;
		pt->items = sb_tv_new_view();
		for (size_t i = 0; i < items->n_items; i++)
			sb_tv_push_borrowed(pt->items, items->items[i]);
		pt->content = content;
		pt->len = len;
		pt->holes = holes;
		return SB_OK;
	}
	free(content);
	sb_layout_holes_free(holes);
	if (err < 0)
		return err;
	if (level >= MAX_LETTERS)
		return halve(f, items, name, label, lang);
	return split_items(f, items, level + 1);
}

/* Halve a run that letters cannot split: parts NAME-1, NAME-2. Only a
 * bucket of rows whose keys agree in MAX_LETTERS letters gets here. */
static int halve(family *f, sb_tv *items, const char *name,
		 const char *label, const char *lang)
{
	size_t half = (items->n_items + 1) / 2;
	int err = SB_OK;

	if (items->n_items < 2)
		return sb_error_set(SB_ETOOBIG, "%s: one row of part '%s' is "
				    "larger than the page budget of %zu bytes",
				    f->base, name, f->budget);
	for (int k = 0; k < 2 && err == SB_OK; k++) {
		sb_tv *v = sb_tv_new_view();
		char *n2 = sb_asprintf("%s-%d", name, k + 1);
		char *l2 = sb_asprintf("%s %d", label, k + 1);

		for (size_t i = k ? half : 0; i < (k ? items->n_items : half); i++)
			sb_tv_push_borrowed(v, items->items[i]);
		err = emit_part(f, v, MAX_LETTERS, n2, l2, lang);
		sb_tv_free(v);
		free(n2);
		free(l2);
	}
	return err;
}

typedef struct bucketed {
	char *name;
	size_t idx;
} bucketed;

static int bucketed_cmp(const void *a, const void *b)
{
	const bucketed *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Split `items` into buckets at `level`, each emitted as a part, in name
 * order, items keeping their order. A bucket depends only on each item's
 * own key, so a new row changes the part it falls in and no other. */
static int split_items(family *f, sb_tv *items, int level)
{
	bucketed *v = sb_calloc(items->n_items + 1, sizeof(*v));
	const char *lang;
	sb_buf a;
	int err = SB_OK;

	sb_buf_init(&a, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < items->n_items; i++) {
		bucket_name(&a, items->items[i], level);
		v[i].name = sb_buf_take(&a, NULL);
		v[i].idx = i;
	}
	qsort(v, items->n_items, sizeof(*v), bucketed_cmp);
	for (size_t i = 0, j; i < items->n_items && err == SB_OK; i = j) {
		sb_tv *run = sb_tv_new_view();

		for (j = i; j < items->n_items &&
			    strcmp(v[j].name, v[i].name) == 0; j++)
			sb_tv_push_borrowed(run, items->items[v[j].idx]);
		part_label(&a, &lang, items->items[v[i].idx], level);
		err = emit_part(f, run, level, v[i].name, sb_buf_str(&a),
				lang);
		sb_tv_free(run);
	}
	for (size_t i = 0; i < items->n_items; i++)
		free(v[i].name);
	free(v);
	sb_buf_dispose(&a);
	return err;
}

/* The model's `name`: "Next part: [[...]]", message `key` with the
 * link to part `i` in its label's language; none without a part `i`. */
static void set_nav(family *f, const char *name, const char *key, size_t i)
{
	char *title, *link;
	sb_msg_arg a = {NULL, 0, false};

	sb_tv_set_wiki(f->model, name, NULL);
	if (i >= f->n_pv)
		return;
	title = title_of(f, f->pv[i].name);
	link = page_link(title, f->pv[i].label);
	a.wikitext = link;
	sb_render_append_msg(f->model, name, f->rc, f->lang, key, &a,
			     &f->pv[i].label_lang, 1);
	free(title);
	free(link);
}

/* Write the parts found, each as laid out while splitting with its
 * links to the index and to the previous and next part filled in (the
 * room kept while splitting holds them). */
static int write_parts(family *f)
{
	char *index = title_of(f, NULL);
	const char *all = sb_i18n_text(f->rc->msgs, f->lang,
				       "skillsbot-nav-index");
	int err = SB_OK;

	for (size_t i = 0; i < f->n_pv && err == SB_OK; i++) {
		sb_tv *old = swap_member(f->model, f->split, f->pv[i].items);
		char *content = NULL;
		size_t len = 0;
		bool too_big;
		sb_buf b;

		/* The model as the part was laid out, and its links. */
		sb_tv_set_text_in(f->model, "part", f->pv[i].label,
				  f->pv[i].label_lang);
		mark_groups(f->pv[i].items);
		sb_tv_set_wiki_in(f->model, "index",
				  page_link(index, all ? all : "index"),
				  sb_i18n_msg_lang(f->rc->msgs, f->lang,
						   "skillsbot-nav-index"));
		set_nav(f, "prev", "skillsbot-nav-prev", i ? i - 1 : SIZE_MAX);
		set_nav(f, "next", "skillsbot-nav-next", i + 1);
		sb_buf_init(&b, f->budget);
		err = sb_layout_fill(&b, f->pv[i].content, f->pv[i].len,
				     f->pv[i].holes, f->model);
		err = take_within(&content, &len, &too_big, &b, err);
		swap_member(f->model, f->split, old);
		if (err == SB_OK && too_big)
			err = sb_error_set(SB_ETOOBIG, "%s: part '%s' with its "
					   "links is over the page budget of "
					   "%zu bytes", f->base, f->pv[i].name,
					   f->budget);
		if (err == SB_OK)
			out_add(f->out, title_of(f, f->pv[i].name), f->section,
				content, f->pv[i].items->n_items);
		else
			free(content);
	}
	sb_tv_set_wiki(f->model, "index", NULL);
	sb_tv_set_wiki(f->model, "prev", NULL);
	sb_tv_set_wiki(f->model, "next", NULL);
	free(index);
	return err;
}

/* The whole page if it fits, else its parts and an index page. */
static int render_family(family *f)
{
	sb_tv *list = sb_tv_get(f->model, f->split);
	char *content = NULL;
	size_t len = 0;
	bool too_big;
	int err;

	if ((err = render_model(&content, &len, &too_big, f, NULL)) < 0)
		goto done;
	if (!too_big) {
		out_add(f->out, title_of(f, NULL), f->section, content,
			list ? list->n_items : 0);
		content = NULL;
		goto done;
	}
	if (!list || list->n_items == 0) {
		err = sb_error_set(SB_ETOOBIG, "%s: over the page budget of %zu "
				   "bytes, with nothing to split", f->base,
				   f->budget);
		goto done;
	}
	f->parts = sb_tv_new_list();
	sb_tv_set_lang(f->parts, sb_i18n_shown_lang(f->rc->msgs, f->lang));
	/* The items keep their order; buckets are runs of equal names. */
	f->room = f->budget / 10 < NAV_ROOM ? f->budget / 10 : NAV_ROOM;
	err = split_items(f, list, 0);
	f->room = 0;
	if (err < 0 || (err = write_parts(f)) < 0)
		goto done;
	{
		sb_tv *empty = sb_tv_new_view();
		sb_tv *old = swap_member(f->model, f->split, empty);
		sb_tv *oldparts = swap_member(f->model, "parts", f->parts);

		sb_tv_set_text(f->model, "part", "");
		err = render_model(&content, &len, &too_big, f, NULL);
		swap_member(f->model, f->split, old);
		swap_member(f->model, "parts", oldparts);
		sb_tv_free(empty);
	}
	if (err == SB_OK && too_big)
		err = sb_error_set(SB_ETOOBIG, "%s: the index of parts is over "
				   "the page budget", f->base);
	if (err == SB_OK) {
		out_add(f->out, title_of(f, NULL), f->section, content, 0);
		content = NULL;
	}
done:
	free(content);
	sb_tv_free(f->parts);
	f->parts = NULL;
	for (size_t i = 0; i < f->n_pv; i++) {
		free(f->pv[i].name);
		free(f->pv[i].label);
		sb_tv_free(f->pv[i].items);
		free(f->pv[i].content);
		sb_layout_holes_free(f->pv[i].holes);
	}
	free(f->pv);
	f->pv = NULL;
	f->n_pv = f->cap_pv = 0;
	return err;
}

/* Links to the page's other language versions, each named in its own
 * language by the wiki ({{#language:CODE}}). A part links to the other
 * languages' whole page: each language splits by its own labels. */
static char *versions_of(const family *f)
{
	const sb_strv *langs = &f->rc->in->conf->languages;
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < langs->n; i++) {
		char *title;

		if (strcmp(langs->v[i], f->code) == 0 ||
		    !sb_siteconf_lang_ok(langs->v[i]))
			continue;
		title = sb_asprintf("%s/%s", f->base, langs->v[i]);
		if (sb_esc_title_ok(title)) {
			if (b.len)
				sb_buf_adds(&b, " · ");
			sb_buf_addf(&b, "[[:%s|{{#language:%s}}]]", title,
				    langs->v[i]);
		}
		free(title);
	}
	return sb_buf_take(&b, NULL);
}

/* ---- driver ---- */

typedef struct name_order {
	const sb_records *recs;
	char **keys;          /* keys[profile index]: the name's sort key */
} name_order;

/* People in display order of their names; the rest makes the order
 * total. */
static int order_cmp(const void *pa, const void *pb, void *arg)
{
	const name_order *no = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const sb_profile *x = &no->recs->profiles[a];
	const sb_profile *y = &no->recs->profiles[b];
	int c = sb_text_sort_cmp(no->keys[a], x->username, no->keys[b],
				 y->username);

	return c ? c : sb_profile_place_cmp(x, y);
}

/* The shown profiles (named, not inactive) in name order, one a person:
 * the profile the matcher uses (docs/matching.md), so that every page
 * shows the person the connections were made for. A person's further
 * profiles (sb_records_further_profiles, which the run's problem count
 * uses too) go to rc->dups, for the dashboard. */
static void order_profiles(rctx *rc)
{
	const sb_records *r = rc->in->recs;
	name_order no = {r, sb_calloc(r->n_profiles + 1, sizeof(char *))};
	bool *further = sb_calloc(r->n_profiles + 1, sizeof(bool));

	rc->n_dups = sb_records_further_profiles(r, &rc->dups);
	for (size_t i = 0; i < rc->n_dups; i++)
		further[rc->dups[2 * i]] = true;
	rc->order = sb_calloc(r->n_profiles + 1, sizeof(size_t));
	rc->rank = sb_calloc(r->n_profiles + 1, sizeof(size_t));
	for (size_t i = 0; i < r->n_profiles; i++) {
		const char *name = r->profiles[i].username;

		rc->rank[i] = SIZE_MAX;
		if (!name || r->profiles[i].status == SB_STATUS_INACTIVE ||
		    further[i])
			continue;
		rc->order[rc->n_order++] = i;
		no.keys[i] = sb_text_sort_key(name, strlen(name));
	}
	qsort_r(rc->order, rc->n_order, sizeof(size_t), order_cmp, &no);
	for (size_t i = 0; i < r->n_profiles; i++)
		free(no.keys[i]);
	free(no.keys);
	free(further);
	rc->links = sb_calloc(rc->n_order + 1, sizeof(char *));
	for (size_t k = 0; k < rc->n_order; k++) {
		sb_buf b;

		rc->rank[rc->order[k]] = k;
		sb_buf_init(&b, SB_BUF_UNLIMITED);
		sb_esc_user_link(&b, r->profiles[rc->order[k]].username);
		rc->links[k] = sb_buf_take(&b, NULL);
	}
}

static size_t budget_of(const sb_render_ctx *ctx)
{
	long b = ctx->conf->page_budget > 0 ? ctx->conf->page_budget :
					       DEFAULT_BUDGET;

	if (ctx->max_page_bytes > 0 && ctx->max_page_bytes < b)
		b = ctx->max_page_bytes;
	return b > 2 * MARKER_ROOM ? (size_t)(b - MARKER_ROOM) : MARKER_ROOM;
}

static int load_layout(sb_layout **out, const sb_render_ctx *ctx,
		       const char *name, const sb_layout_field *schema,
		       const sb_i18n *msgs)
{
	char *path = sb_asprintf("%s/layouts/%s.wiki", ctx->datadir, name);
	int err = sb_layout_load(out, path, schema, msgs);

	free(path);
	return err;
}

/* The language a version for `code` is looked up in: its own chain
 * (pt-br, pt, en) for messages, labels and country names alike, each
 * marked where it is not the page's; but a language with no messages
 * along its chain gets the English page under its title, labels and
 * number formats English too, as its lang= says. */
static const char *lookup_lang(const rctx *rc, const char *code)
{
	return strcmp(sb_i18n_shown_lang(rc->msgs, code), "en") == 0 ? "en" :
									 code;
}

/* Pages left out of this call (a row over budget), for the dashboard. */
typedef struct left_out {
	sb_strv notes;       /* one line a page */
	char *first;         /* the first one's error, to fail with */
} left_out;

/* One page in its main language and as every /CODE subpage. */
static int render_page(outv *o, const rctx *rc, const page_def *d)
{
	const sb_strv *langs = &rc->in->conf->languages;
	sb_layout *l = NULL;
	int err;

	if ((err = load_layout(&l, rc->in, d->section, d->schema,
			       rc->msgs)) < 0)
		return err;
	for (size_t v = 0; v <= langs->n && err == SB_OK; v++) {
		family f;

		memset(&f, 0, sizeof(f));
		f.rc = rc;
		f.layout = l;
		f.split = d->split;
		f.section = d->section;
		f.base = rc->in->conf->pages[d->key];
		f.code = v == 0 ? (langs->n ? langs->v[0] : "en") :
				  langs->v[v - 1];
		f.suffix = v == 0 ? NULL : f.code;
		f.lang = lookup_lang(rc, f.code);
		f.budget = budget_of(rc->in);
		f.out = o;
		f.model = d->build(rc, f.lang);
		sb_tv_set_wiki(f.model, "versions", versions_of(&f));
		err = render_family(&f);
		sb_tv_free(f.model);
	}
	sb_layout_free(l);
	return err;
}

/* Render one page; when a row of it is larger than the budget, leave
 * the whole page out (every language: its outputs so far are dropped)
 * rather than every page, and keep a line for the dashboard. */
static int leave_out_too_big(outv *o, const rctx *rc, const page_def *d,
			     left_out *lo)
{
	size_t before = o->n;
	int err = render_page(o, rc, d);
	char *line;

	if (err != SB_ETOOBIG)
		return err;
	outv_truncate(o, before);
	line = sb_asprintf("%s; the page was left out and keeps its last "
			   "version", sb_error_message());
	sb_warn("render: %s", line);
	if (!lo->first)
		lo->first = sb_strdup(sb_error_message());
	sb_strv_add(&lo->notes, line);
	if (rc->in->left_out)
		sb_strv_add(rc->in->left_out, d->section);
	free(line);
	sb_error_clear();
	return SB_OK;
}

/* The dashboard, rendered after every other page and moved to `at`, its
 * place in the order. Without it nothing could report a page left out,
 * so a dashboard over budget fails the call. */
static int render_dashboard(outv *o, const rctx *rc, size_t at,
			    const left_out *lo)
{
	const page_def *d = sb_render_pages;
	outv dv = {NULL, 0, 0};
	int err;

	while (d->key != SB_PAGE_DASHBOARD)
		d++;
	err = render_page(&dv, rc, d);
	if (err == SB_ETOOBIG && lo->first)
		err = sb_error_set(SB_ETOOBIG, "%s", lo->first);
	if (err == SB_OK) {
		SB_GROW(o->v, o->cap, o->n + dv.n);
		memmove(o->v + at + dv.n, o->v + at,
			(o->n - at) * sizeof(*o->v));
		memcpy(o->v + at, dv.v, dv.n * sizeof(*o->v));
		o->n += dv.n;
		dv.n = 0;
	}
	outv_truncate(&dv, 0);
	free(dv.v);
	return err;
}

/* Each scheduled clinic's roster section, on the clinic's own page, in
 * the main language. */
/* A roster is written once, on the clinic's own page: in the first of the
 * clinic's languages that the configuration lists (the organisers of a
 * French clinic read French), else in the first configured language. */
static const char *roster_language(const rctx *rc, const sb_clinic *c)
{
	const sb_strv *langs = &rc->in->conf->languages;

	for (size_t k = 0; k < c->n_languages; k++)
		for (size_t i = 0; i < langs->n; i++)
			if (strcmp(c->languages[k].code, langs->v[i]) == 0)
				return langs->v[i];
	return langs->n ? langs->v[0] : "en";
}

static int render_rosters(outv *o, const rctx *rc)
{
	const sb_match_result *m = rc->in->match;
	sb_layout *l = NULL;
	int err;

	if (!m || m->n_rosters == 0)
		return SB_OK;
	if ((err = load_layout(&l, rc->in, "roster", sb_render_roster_schema,
			       rc->msgs)) < 0)
		return err;
	for (size_t i = 0; i < m->n_rosters && err == SB_OK; i++) {
		const sb_clinic *c = &rc->in->recs->clinics[m->rosters[i].clinic];
		const char *lang = lookup_lang(rc, roster_language(rc, c));
		sb_tv *model = sb_render_build_roster(rc, i, lang);
		sb_buf b;

		sb_buf_init(&b, SB_BUF_UNLIMITED);
		err = sb_layout_render(&b, l, model, rc->msgs, lang);
		if (err == SB_OK)
			out_add(o, sb_strdup(c->page ? c->page : ""), "roster",
				sb_buf_take(&b, NULL), m->rosters[i].n_signed_up);
		sb_buf_dispose(&b);
		sb_tv_free(model);
	}
	sb_layout_free(l);
	return err;
}

static int check_ctx(const sb_render_ctx *ctx)
{
	const sb_match_result *m = ctx->match;
	size_t np = ctx->recs ? ctx->recs->n_profiles : 0;

	if (!ctx->recs || !ctx->conf || !ctx->datadir)
		return sb_error_set(SB_EINVALID, "render: records, configuration "
				    "and data directory are required");
	for (size_t i = 0; m && i < m->n_connections; i++)
		if (m->connections[i].learner >= np ||
		    m->connections[i].sharer >= np)
			return sb_error_set(SB_EINVALID, "render: connection %zu "
					    "names a profile that does not "
					    "exist", i);
	for (size_t i = 0; m && i < m->n_rosters; i++)
		if (m->rosters[i].clinic >= ctx->recs->n_clinics)
			return sb_error_set(SB_EINVALID, "render: roster %zu "
					    "names a clinic that does not "
					    "exist", i);
	return SB_OK;
}

/* What every page reads, for one call: messages (*msgs, the caller's to
 * free), people in name order, the skill and speaker tables, country
 * names. Undone by rctx_close(), even after a failure. */
static int rctx_open(rctx *rc, sb_i18n **msgs, const sb_render_ctx *ctx)
{
	char *dir;
	int err;

	memset(rc, 0, sizeof(*rc));
	*msgs = NULL;
	if ((err = check_ctx(ctx)) < 0)
		return err;
	dir = sb_asprintf("%s/i18n", ctx->datadir);
	err = sb_i18n_load(msgs, dir,
			   (const char *const *)ctx->conf->languages.v,
			   ctx->conf->languages.n);
	free(dir);
	if (err < 0)
		return err;
	rc->in = ctx;
	rc->msgs = *msgs;
	order_profiles(rc);
	sb_render_tables_build(rc);
	/* Country names are a nicety: without iso-codes, codes alone. */
	if (sb_iso_load(&rc->iso, NULL) < 0) {
		sb_warn("render: no country names: %s", sb_error_message());
		sb_error_clear();
		rc->iso = NULL;
	} else if (sb_iso_load_country_names(rc->iso,
			(const char *const *)ctx->conf->languages.v,
			ctx->conf->languages.n, NULL) < 0) {
		sb_warn("render: country names in English only: %s",
			sb_error_message());
		sb_error_clear();
	}
	return SB_OK;
}

static void rctx_close(rctx *rc)
{
	sb_render_tables_free(rc);
	sb_iso_free(rc->iso);
	for (size_t k = 0; rc->links && k < rc->n_order; k++)
		free(rc->links[k]);
	free(rc->links);
	free(rc->order);
	free(rc->rank);
	free(rc->dups);
}

/* The pages made, to the caller; after a failure, freed. */
static void give_pages(sb_page_out **out, size_t *n_out, outv *o, int err)
{
	if (err < 0) {
		sb_pages_free(o->v, o->n);
	} else {
		*out = o->v;
		*n_out = o->n;
	}
}

int sb_render_all(sb_page_out **out, size_t *n_out, const sb_render_ctx *ctx)
{
	outv o = {NULL, 0, 0};
	left_out lo = {{0}, NULL};
	sb_i18n *msgs;
	size_t dash = 0;
	rctx rc;
	int err;

	*out = NULL;
	*n_out = 0;
	if ((err = rctx_open(&rc, &msgs, ctx)) < 0)
		goto done;
	rc.left_notes = &lo.notes;
	for (size_t i = 0; sb_render_pages[i].section && err == SB_OK; i++)
		if (sb_render_pages[i].key != SB_PAGE_DASHBOARD)
			err = leave_out_too_big(&o, &rc, &sb_render_pages[i],
						&lo);
		else
			dash = o.n;
	/* The dashboard last, so that it lists every page left out; it
	 * takes its place in the order of sb_render_pages[]. */
	if (err == SB_OK)
		err = render_dashboard(&o, &rc, dash, &lo);
	if (err == SB_OK)
		err = render_rosters(&o, &rc);
	if (err == SB_OK && ctx->left_notes)
		for (size_t i = 0; i < lo.notes.n; i++)
			sb_strv_add(ctx->left_notes, lo.notes.v[i]);
done:
	give_pages(out, n_out, &o, err);
	rctx_close(&rc);
	sb_i18n_free(msgs);
	sb_strv_dispose(&lo.notes);
	free(lo.first);
	return err;
}

int sb_render_dashboard(sb_page_out **out, size_t *n_out,
			const sb_render_ctx *ctx)
{
	outv o = {NULL, 0, 0};
	left_out lo = {{0}, NULL};
	sb_i18n *msgs;
	rctx rc;
	int err;

	*out = NULL;
	*n_out = 0;
	if ((err = rctx_open(&rc, &msgs, ctx)) == SB_OK) {
		rc.left_notes = ctx->left_notes;
		err = render_dashboard(&o, &rc, 0, &lo);
	}
	give_pages(out, n_out, &o, err);
	rctx_close(&rc);
	sb_i18n_free(msgs);
	return err;
}
