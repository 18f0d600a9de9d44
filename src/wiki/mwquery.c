/* mwquery.c - reads: continuation, batched page content, embeddedin,
 * recent changes; see mwapi.h. */
#include "mwapi_int.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <stdlib.h>
#include <string.h>

#define MW_MAX_CONTINUES 100000
#define MW_MAX_REDIRECT_HOPS 10

typedef sb_mw_each_fn mw_each_fn;

/* Run a query to its end, handing every answer to `fn`. The whole
 * `continue` object goes into the next request, so a generator with props
 * gets all of both: props first for the current generator batch, then the
 * next batch. An answer whose continuation repeats the last is an error
 * rather than an endless loop. */
static int query_all(sb_mw *mw, const char *base, mw_each_fn fn, void *ud)
{
	sb_buf params;
	cJSON *cont = NULL, *root = NULL;
	int err = SB_OK, rounds = 0;

	sb_buf_init(&params, SB_BUF_UNLIMITED);
	for (;;) {
		const cJSON *next;

		if ((err = sb_mw_continue_params(&params, base, cont)) < 0)
			goto done;
		if ((err = mw_call(mw, sb_buf_str(&params), MW_READ, &root)) < 0)
			goto done;
		if ((err = fn(ud, root)) < 0)
			goto done;
		next = cJSON_GetObjectItemCaseSensitive(root, "continue");
		if (!cJSON_IsObject(next))
			break;
		if (cont && cJSON_Compare(cont, next, true)) {
			err = sb_error_set(SB_EINVALID, "%s: the continuation does "
					   "not advance", base);
			goto done;
		}
		if (++rounds > MW_MAX_CONTINUES) {
			err = sb_error_set(SB_ETOOBIG, "%s: more than %d continuations",
					   base, MW_MAX_CONTINUES);
			goto done;
		}
		cJSON_Delete(cont);
		cont = cJSON_Duplicate(next, true);
		cJSON_Delete(root);
		root = NULL;
	}
done:
	cJSON_Delete(root);
	cJSON_Delete(cont);
	sb_buf_dispose(&params);
	return err;
}

int sb_mw_query_each(sb_mw *mw, const char *params, sb_mw_each_fn fn,
		     void *ud)
{
	return query_all(mw, params, fn, ud);
}

static const cJSON *query_of(const cJSON *root)
{
	return cJSON_GetObjectItemCaseSensitive(root, "query");
}

static int64_t num64(const cJSON *o, const char *k)
{
	return sb_json_i64(o, k, 0);
}

static char *str_or_null(const cJSON *o, const char *k)
{
	const char *s = sb_json_str(o, k);

	return s ? sb_strdup(s) : NULL;
}

/* ---- page content ---- */

typedef struct title_map {
	char *from, *to;
	bool redirect;         /* from "redirects", not a normalisation */
} title_map;

typedef struct page_batch {
	sb_mw_page *pages;
	size_t n, cap;
	title_map *maps;       /* normalized, then redirects, in order seen */
	size_t n_maps, cap_maps;
} page_batch;

static void page_dispose(sb_mw_page *p)
{
	free(p->title);
	free(p->timestamp);
	free(p->sha1);
	free(p->content);
	free(p->content_model);
	free(p->requested);
	memset(p, 0, sizeof(*p));
}

void sb_mw_pages_free(sb_mw_page *pages, size_t n)
{
	size_t i;

	for (i = 0; pages && i < n; i++)
		page_dispose(&pages[i]);
	free(pages);
}

static void batch_dispose(page_batch *b)
{
	size_t i;

	sb_mw_pages_free(b->pages, b->n);
	for (i = 0; i < b->n_maps; i++) {
		free(b->maps[i].from);
		free(b->maps[i].to);
	}
	free(b->maps);
	memset(b, 0, sizeof(*b));
}

static sb_mw_page *batch_find(page_batch *b, const char *title, int64_t id)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (title && b->pages[i].title && strcmp(b->pages[i].title, title) == 0)
			return &b->pages[i];
		if (!title && id && b->pages[i].page_id == id)
			return &b->pages[i];
	}
	return NULL;
}

/* A page may come back in several answers (its revision in a later one
 * when the first grew too big): fill in what is new. */
static void merge_page(page_batch *b, const cJSON *jp)
{
	const char *title = sb_json_str(jp, "title");
	int64_t id = num64(jp, "pageid");
	const cJSON *revs = cJSON_GetObjectItemCaseSensitive(jp, "revisions");
	const cJSON *rev = cJSON_GetArrayItem(revs, 0);
	sb_mw_page *p = batch_find(b, title, id);

	if (!p) {
		SB_GROW(b->pages, b->cap, b->n + 1);
		p = &b->pages[b->n++];
		memset(p, 0, sizeof(*p));
		p->title = title ? sb_strdup(title) : NULL;
		p->page_id = id;
		p->ns = sb_json_int(jp, "ns", 0);
		p->missing = sb_json_bool(jp, "missing", false) ||
			     sb_json_bool(jp, "invalid", false);
	}
	if (cJSON_IsObject(rev) && !p->rev_id) {
		const cJSON *main = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(rev, "slots"), "main");
		const char *content = sb_json_str(main, "content");

		/* a revision without an id came first: this one replaces it */
		free(p->timestamp);
		free(p->sha1);
		free(p->content_model);
		free(p->content);
		p->content = NULL;
		p->content_len = 0;
		p->rev_id = num64(rev, "revid");
		p->timestamp = str_or_null(rev, "timestamp");
		p->sha1 = str_or_null(rev, "sha1");
		p->content_model = str_or_null(main, "contentmodel");
		if (content) {
			p->content_len = strlen(content);
			p->content = sb_strndup(content, p->content_len);
		}
	}
}

static void collect_maps(page_batch *b, const cJSON *query, const char *key)
{
	bool redirect = strcmp(key, "redirects") == 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(query, key)) {
		const char *from = sb_json_str(it, "from");
		const char *to = sb_json_str(it, "to");

		if (!from || !to)
			continue;
		SB_GROW(b->maps, b->cap_maps, b->n_maps + 1);
		b->maps[b->n_maps].from = sb_strdup(from);
		b->maps[b->n_maps].to = sb_strdup(to);
		b->maps[b->n_maps].redirect = redirect;
		b->n_maps++;
	}
}

static int on_pages(void *ud, const cJSON *root)
{
	page_batch *b = ud;
	const cJSON *query = query_of(root);
	const cJSON *pages = cJSON_GetObjectItemCaseSensitive(query, "pages");
	const cJSON *it;

	if (!query)
		return SB_OK; /* nothing in this round (only a continuation) */
	if (pages && !cJSON_IsArray(pages))
		return sb_error_set(SB_EINVALID, "prop=revisions: \"pages\" is not "
				    "a list (formatversion=2 expected)");
	collect_maps(b, query, "normalized");
	collect_maps(b, query, "converted");
	collect_maps(b, query, "redirects");
	cJSON_ArrayForEach(it, pages)
		if (cJSON_IsObject(it))
			merge_page(b, it);
	return SB_OK;
}

/* Where the wiki took a title asked for: normalised, converted, through
 * redirects (a bounded number of hops: a loop ends too). *redirected:
 * whether a redirect was among the hops. */
static const char *follow_maps(const page_batch *b, const char *t,
			       bool *redirected)
{
	int hops;

	*redirected = false;
	for (hops = 0; hops < MW_MAX_REDIRECT_HOPS + 2; hops++) {
		size_t i;
		const title_map *next = NULL;

		for (i = 0; i < b->n_maps && !next; i++)
			if (strcmp(b->maps[i].from, t) == 0)
				next = &b->maps[i];
		if (!next || strcmp(next->to, t) == 0)
			break;
		*redirected = *redirected || next->redirect;
		t = next->to;
	}
	return t;
}

static void page_copy(sb_mw_page *dst, const sb_mw_page *src)
{
	*dst = *src;
	dst->title = src->title ? sb_strdup(src->title) : NULL;
	dst->timestamp = src->timestamp ? sb_strdup(src->timestamp) : NULL;
	dst->sha1 = src->sha1 ? sb_strdup(src->sha1) : NULL;
	dst->content = src->content ? sb_strndup(src->content, src->content_len)
				    : NULL;
	dst->content_model = src->content_model ? sb_strdup(src->content_model)
						: NULL;
	dst->requested = NULL;
}

static size_t batch_size(const sb_mw *mw)
{
	return sb_mw_has_right(mw, "apihighlimits") ? 500 : 50;
}

#define MW_REV_PARAMS "action=query&prop=revisions" \
	"&rvprop=ids%7Ctimestamp%7Ccontent%7Csha1&rvslots=main"

/* The keys pages are asked by: titles (redirects followed) or page ids. */
typedef struct page_keys {
	const char *const *titles;
	const int64_t *ids;
} page_keys;

static void add_keys(sb_buf *q, const page_keys *k, size_t from, size_t n)
{
	sb_buf_adds(q, k->titles ? "&redirects=1&titles=" : "&pageids=");
	for (size_t i = from; i < from + n; i++) {
		const char *sep = i > from ? "%7C" : "";

		if (k->titles) {
			char *e = mw_esc(k->titles[i]);

			sb_buf_addf(q, "%s%s", sep, e);
			free(e);
		} else {
			sb_buf_addf(q, "%s%lld", sep, (long long)k->ids[i]);
		}
	}
}

/* The answer for key i, or a missing page: one not in the answer (an
 * empty or odd title, an unknown id) is missing. */
static void pick_page(page_batch *b, const page_keys *k, size_t i,
		      sb_mw_page *out)
{
	bool redirected = false;
	const char *t = k->titles ? follow_maps(b, k->titles[i], &redirected)
				  : NULL;
	const sb_mw_page *p = batch_find(b, t, k->titles ? 0 : k->ids[i]);

	if (p) {
		page_copy(out, p);
	} else {
		memset(out, 0, sizeof(*out));
		out->title = t ? sb_strdup(t) : NULL;
		out->missing = true;
	}
	if (k->titles) {
		out->requested = sb_strdup(k->titles[i]);
		out->redirected = redirected;
		return;
	}
	out->page_id = p && !p->missing ? p->page_id : 0;
	if (out->title)
		out->requested = sb_strdup(out->title);
}

/* One batch, keys [from, from + n): asked, merged, mapped back into
 * out[0..n) in the order asked. */
static int fetch_batch(sb_mw *mw, const page_keys *k, size_t from, size_t n,
		       sb_mw_page *out)
{
	page_batch b;
	sb_buf q;
	int err;

	memset(&b, 0, sizeof(b));
	sb_buf_init(&q, SB_BUF_UNLIMITED);
	sb_buf_adds(&q, MW_REV_PARAMS);
	add_keys(&q, k, from, n);
	if ((err = query_all(mw, sb_buf_str(&q), on_pages, &b)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		pick_page(&b, k, from + i, &out[i]);
done:
	batch_dispose(&b);
	sb_buf_dispose(&q);
	return err;
}

/* Fetch the pages of n keys in batches as large as the wiki allows; on a
 * failure the pages fetched so far are freed. */
static int get_batched(sb_mw *mw, const page_keys *k, size_t n,
		       sb_mw_page **out, size_t *n_out)
{
	sb_mw_page *pages = sb_calloc(n ? n : 1, sizeof(*pages));
	size_t step = batch_size(mw), done_n = 0;
	int err = SB_OK;

	*out = NULL;
	*n_out = 0;
	while (done_n < n) {
		size_t m = n - done_n < step ? n - done_n : step;

		if ((err = fetch_batch(mw, k, done_n, m, pages + done_n)) < 0)
			break;
		done_n += m;
	}
	if (err < 0) {
		sb_mw_pages_free(pages, done_n);
		return err;
	}
	*out = pages;
	*n_out = n;
	return SB_OK;
}

int sb_mw_get_pages(sb_mw *mw, const char *const *titles, size_t n,
		    sb_mw_page **out, size_t *n_out)
{
	page_keys k = {titles, NULL};

	return get_batched(mw, &k, n, out, n_out);
}

int sb_mw_get_pages_by_id(sb_mw *mw, const int64_t *ids, size_t n,
			  sb_mw_page **out, size_t *n_out)
{
	page_keys k = {NULL, ids};

	return get_batched(mw, &k, n, out, n_out);
}

/* ---- embeddedin ---- */

typedef struct id_set {
	int64_t *ids;
	size_t n, cap;
	char **redirects;
	size_t n_redirects, cap_redirects;
} id_set;

static int on_embeddedin(void *ud, const cJSON *root)
{
	id_set *s = ud;
	const cJSON *q = query_of(root);
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q, "embeddedin")) {
		int64_t id = num64(it, "pageid");

		if (id <= 0)
			continue;
		SB_GROW(s->ids, s->cap, s->n + 1);
		s->ids[s->n++] = id;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q, "backlinks")) {
		const char *t = sb_json_str(it, "title");

		if (!t)
			continue;
		SB_GROW(s->redirects, s->cap_redirects, s->n_redirects + 1);
		s->redirects[s->n_redirects++] = sb_strdup(t);
	}
	return SB_OK;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* A bare name is a template name; "Template:" is the local prefix. */
static char *template_title(const sb_mw *mw, const char *tpl)
{
	int ns = 0;
	char *t = sb_mw_site_normalize(&mw->site, tpl, &ns);
	char *prefixed;

	if (ns != 0 || tpl[0] == ':')
		return t;
	prefixed = sb_asprintf("Template:%s", t);
	free(t);
	t = sb_mw_site_normalize(&mw->site, prefixed, NULL);
	free(prefixed);
	return t;
}

static int embedded_in_title(sb_mw *mw, id_set *s, const char *title,
			     bool with_redirects)
{
	char *e = mw_esc(title);
	char *base = with_redirects
		? sb_asprintf("action=query&list=embeddedin%%7Cbacklinks"
			      "&eititle=%s&eilimit=max&bltitle=%s"
			      "&blfilterredir=redirects&bllimit=max", e, e)
		: sb_asprintf("action=query&list=embeddedin&eititle=%s"
			      "&eilimit=max", e);
	int err = query_all(mw, base, on_embeddedin, s);

	free(base);
	free(e);
	return err;
}

int sb_mw_embeddedin(sb_mw *mw, const char *tpl, int64_t **ids_out,
		     size_t *n_out)
{
	id_set s;
	char *title = template_title(mw, tpl);
	size_t i, k = 0;
	int err;

	memset(&s, 0, sizeof(s));
	*ids_out = NULL;
	*n_out = 0;
	/* MediaWiki records the redirect target as transcluded too, but
	 * only once a page is re-parsed after the redirect was made; asking
	 * for the redirects' users as well misses nobody. */
	if ((err = embedded_in_title(mw, &s, title, true)) < 0)
		goto done;
	for (i = 0; i < s.n_redirects; i++)
		if ((err = embedded_in_title(mw, &s, s.redirects[i], false)) < 0)
			goto done;
	if (s.n)
		qsort(s.ids, s.n, sizeof(*s.ids), cmp_id);
	for (i = 0; i < s.n; i++)
		if (k == 0 || s.ids[k - 1] != s.ids[i])
			s.ids[k++] = s.ids[i];
	*ids_out = s.ids;
	*n_out = k;
	s.ids = NULL;
done:
	for (i = 0; i < s.n_redirects; i++)
		free(s.redirects[i]);
	free(s.redirects);
	free(s.ids);
	free(title);
	return err;
}

/* ---- recent changes ---- */

typedef struct rc_list {
	sb_mw_change *v;
	size_t n, cap;
	const char *since_ts;
	int64_t since_rcid;
} rc_list;

void sb_mw_changes_free(sb_mw_change *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].type);
		free(c[i].log_type);
		free(c[i].log_action);
		free(c[i].title);
		free(c[i].timestamp);
		free(c[i].new_title);
		free(c[i].user);
	}
	free(c);
}

static int on_changes(void *ud, const cJSON *root)
{
	rc_list *l = ud;
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(query_of(root),
								"recentchanges")) {
		const char *ts = sb_json_str(it, "timestamp");
		const cJSON *lp = cJSON_GetObjectItemCaseSensitive(it, "logparams");
		sb_mw_change *c;
		int64_t rcid = num64(it, "rcid");

		/* rcstart includes the boundary second: skip what was seen. */
		if (l->since_ts && ts && strcmp(ts, l->since_ts) == 0 &&
		    rcid <= l->since_rcid)
			continue;
		SB_GROW(l->v, l->cap, l->n + 1);
		c = &l->v[l->n++];
		memset(c, 0, sizeof(*c));
		c->rcid = rcid;
		c->type = str_or_null(it, "type");
		c->log_type = str_or_null(it, "logtype");
		c->log_action = str_or_null(it, "logaction");
		c->title = str_or_null(it, "title");
		c->page_id = num64(it, "pageid");
		c->rev_id = num64(it, "revid");
		c->old_rev_id = num64(it, "old_revid");
		c->timestamp = str_or_null(it, "timestamp");
		c->user = str_or_null(it, "user");
		c->new_title = str_or_null(lp, "target_title");
	}
	return SB_OK;
}

int sb_mw_recentchanges(sb_mw *mw, const char *since_ts, int64_t since_rcid,
			sb_mw_change **out, size_t *n_out)
{
	rc_list l;
	char *base, *ts = NULL;
	int err;

	memset(&l, 0, sizeof(l));
	l.since_ts = since_ts && *since_ts ? since_ts : NULL;
	l.since_rcid = since_rcid;
	*out = NULL;
	*n_out = 0;
	if (l.since_ts)
		ts = mw_esc(l.since_ts);
	base = sb_asprintf("action=query&list=recentchanges&rcdir=newer"
			   "&rcprop=title%%7Cids%%7Ctimestamp%%7Cloginfo%%7Cuser"
			   "&rctype=edit%%7Cnew%%7Clog&rclimit=max%s%s",
			   ts ? "&rcstart=" : "", ts ? ts : "");
	err = query_all(mw, base, on_changes, &l);
	free(base);
	free(ts);
	if (err < 0) {
		sb_mw_changes_free(l.v, l.n);
		return err;
	}
	*out = l.v;
	*n_out = l.n;
	return SB_OK;
}

int sb_mw_read_answer(const cJSON *root, const char *const *titles,
		      size_t n_titles)
{
	page_batch b;
	page_keys k = {titles, NULL};
	id_set ids;
	rc_list l;
	int err;

	memset(&b, 0, sizeof(b));
	memset(&ids, 0, sizeof(ids));
	memset(&l, 0, sizeof(l));
	l.since_ts = "2026-01-01T00:00:00Z";
	l.since_rcid = 5;
	err = on_pages(&b, root);
	for (size_t i = 0; err == SB_OK && i < n_titles; i++) {
		sb_mw_page p;

		pick_page(&b, &k, i, &p);
		page_dispose(&p);
	}
	batch_dispose(&b);
	(void)on_embeddedin(&ids, root);
	for (size_t i = 0; i < ids.n_redirects; i++)
		free(ids.redirects[i]);
	free(ids.redirects);
	free(ids.ids);
	(void)on_changes(&l, root);
	sb_mw_changes_free(l.v, l.n);
	return err;
}
