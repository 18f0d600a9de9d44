/*
 * sync_write.c - compute the outputs and write them back, touching only
 * the bytes between the bot's markers.
 *
 * An output page is read only when one of its sections would change
 * (the hash of the new inner bytes differs from what the bot last wrote),
 * when someone else edited it since the last cycle, or on a full sync;
 * so a cycle in which nothing changed reads and writes nothing.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skillsbot/bots.h"
#include "skillsbot/buf.h"
#include "skillsbot/diff.h"
#include "skillsbot/error.h"
#include "skillsbot/http.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/match.h"
#include "skillsbot/mem.h"
#include "skillsbot/notify.h"
#include "skillsbot/splice.h"

/* One output page: its sections (indexes into the rendered list). */
typedef struct out_page {
	const char *title;
	size_t *sec;
	size_t n_sec, cap_sec;
	bool need_read;
	sb_mw_page *read;       /* borrowed from the batch read */
} out_page;

typedef struct plan {
	sb_page_out *out;       /* rendered, then the retired sections */
	size_t n_out;
	size_t n_produced;      /* out[n_produced..] are retired notes */
	out_page *pages;
	size_t n_pages, cap_pages;
	sb_match_result match;
	bool have_match;
	sb_strv problems;
	sb_strv left_out;       /* sections of pages the render left out */
	sb_strv left_notes;     /* their lines, for the dashboard again */
	size_t n_records;
	/* Source pages behind the outputs, now and at the last write: the
	 * gate's measure of whether the data really shrank. */
	size_t n_sources, old_sources;
	bool have_old_sources;
	/* the history behind the dashboard's evaluation figures */
	size_t suggested;
	sb_participation *hist;
	size_t n_hist;
	sb_month_count *months;
	sync_shown shown;       /* what the next cycle must know */
} plan;

static void plan_dispose(plan *p)
{
	for (size_t i = 0; i < p->n_pages; i++)
		free(p->pages[i].sec);
	free(p->pages);
	sb_pages_free(p->out, p->n_out);
	if (p->have_match)
		sb_match_result_dispose(&p->match);
	sb_strv_dispose(&p->problems);
	sb_strv_dispose(&p->left_out);
	sb_strv_dispose(&p->left_notes);
	sb_participation_free(p->hist, p->n_hist);
	free(p->months);
	free(p->shown.pairs);
	memset(p, 0, sizeof(*p));
}

static const sync_touch *touched(const sb_sync *s, const char *title)
{
	const sync_touch *t = NULL;

	for (size_t i = 0; i < s->n_touched; i++)
		if (sync_same_title(s, s->touched[i].title, title))
			t = &s->touched[i];   /* the latest one */
	return t;
}

static void add_kv_problem(sb_sync *s, plan *p, const char *key)
{
	char *v = NULL;

	if (sb_store_kv_get(s->store, key, &v) == SB_OK && *v)
		sb_strv_add(&p->problems, v);
	free(v);
}

/* Dashboard lines: configuration problems, human edits found inside
 * generated sections, and what this cycle had to skip. */
static int collect_problems(sb_sync *s, plan *p)
{
	sb_human_edit *h = NULL;
	size_t n = 0;
	int err;

	sb_strv_dispose(&p->problems);
	add_kv_problem(s, p, "siteconf.problem");
	add_kv_problem(s, p, "taxonomy.problem");
	if ((err = sb_store_human_edits_recent(s->store, 20, &h, &n)) < 0)
		return err;
	for (size_t i = 0; i < n; i++) {
		char diff[64], *line;

		/* from the bot's revision to the one read; without the
		 * bot's, the last change alone (never a revision 0) */
		if (h[i].old_rev_id > 0)
			snprintf(diff, sizeof(diff), "Special:Diff/%lld/%lld",
				 (long long)h[i].old_rev_id,
				 (long long)h[i].rev_id);
		else
			snprintf(diff, sizeof(diff), "Special:Diff/%lld",
				 (long long)h[i].rev_id);
		line = sb_asprintf("%s: section %s was edited by %s at %s "
				   "(%s)%s%s", h[i].title, h[i].section,
				   h[i].user ? h[i].user : "someone",
				   h[i].timestamp ? h[i].timestamp : "?", diff,
				   h[i].outcome && *h[i].outcome ? "; " : "",
				   h[i].outcome ? h[i].outcome : "");
		sb_strv_add(&p->problems, line);
		free(line);
	}
	sb_human_edits_free(h, n);
	sync_redirect_lines(s, &p->problems);
	for (size_t i = 0; i < s->dash.n; i++)
		sb_strv_add(&p->problems, s->dash.v[i]);
	return SB_OK;
}

static int run_match(sb_sync *s, plan *p, const sb_records *recs)
{
	sb_store_pair *pairs = NULL;
	sb_prev_pair *prev = NULL;
	size_t n = 0;
	sb_match_input in;
	int err;

	if ((err = sb_store_pairs_load(s->store, &pairs, &n)) < 0)
		return err;
	prev = sb_calloc(n ? n : 1, sizeof(*prev));
	for (size_t i = 0; i < n; i++) {
		prev[i].learner = pairs[i].learner;
		prev[i].sharer = pairs[i].sharer;
		prev[i].skill = pairs[i].skill;
		prev[i].since = pairs[i].since;
	}
	memset(&in, 0, sizeof(in));
	in.recs = recs;
	in.conf = &s->conf;
	in.prev = prev;
	in.n_prev = n;
	in.now = s->opts->now;
	if ((err = sb_match_run(&p->match, &in)) == SB_OK) {
		p->have_match = true;
		s->rep->connections = p->match.n_connections;
		s->rep->clusters = p->match.n_clusters;
		s->rep->proposed_clinics = p->match.n_proposed;
		s->rep->wanted = p->match.requests;
		s->rep->served = p->match.served;
	}
	free(prev);
	sb_store_pairs_free(pairs, n);
	return err;
}

static void render_ctx(sb_render_ctx *ctx, const sb_sync *s, plan *p,
		       const sb_records *recs)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->recs = recs;
	ctx->match = &p->match;
	ctx->conf = &s->conf;
	ctx->tax = s->tax;
	ctx->datadir = s->datadir;
	ctx->problems = (const char *const *)p->problems.v;
	ctx->n_problems = p->problems.n;
	ctx->suggested_total = p->suggested;
	ctx->participation = p->months;
	ctx->n_participation = p->n_hist;
	ctx->left_notes = &p->left_notes;
}

/* Every output page, once a plan (a later render is the dashboard's
 * alone: render_dashboard). */
static int render(sb_sync *s, plan *p, const sb_records *recs)
{
	sb_render_ctx ctx;
	int err;

	render_ctx(&ctx, s, p, recs);
	ctx.left_out = &p->left_out;
	if ((err = sb_render_all(&p->out, &p->n_out, &ctx)) < 0)
		return err;
	/* The dashboard says why; the operator hears it once a cycle. */
	for (size_t i = 0; i < p->left_out.n; i++)
		sync_message(s, "section %s: a row is larger than the page "
			     "budget; its pages were left out this cycle (see "
			     "the dashboard)", p->left_out.v[i]);
	p->n_produced = p->n_out;
	/* A page left out keeps its last version: not retired. */
	return sync_retire_append(s, &p->out, &p->n_out, &p->left_out);
}

static bool is_retired(const plan *p, size_t i)
{
	return i >= p->n_produced;
}

static void section_hash(char out[17], const char *content)
{
	size_t len;
	char *inner = sb_splice_inner(content, &len);

	sb_content_hash(out, inner, len);
	free(inner);
}

static bool section_changed(sb_sync *s, const sb_page_out *o)
{
	char h[17], *old = NULL;
	size_t rows;
	bool changed;

	section_hash(h, o->content);
	if (sb_store_section_get(s->store, o->title, o->section, &old,
				 &rows) < 0)
		return true;
	changed = strcmp(old, h) != 0;
	free(old);
	return changed;
}

/* Group the rendered sections by page, in rendering order, and decide
 * which pages must be read. */
static void group(sb_sync *s, plan *p)
{
	for (size_t i = 0; i < p->n_pages; i++)
		free(p->pages[i].sec);
	p->n_pages = 0;
	for (size_t i = 0; i < p->n_out; i++) {
		out_page *pg = NULL;

		for (size_t j = 0; j < p->n_pages && !pg; j++)
			if (strcmp(p->pages[j].title, p->out[i].title) == 0)
				pg = &p->pages[j];
		if (!pg) {
			SB_GROW(p->pages, p->cap_pages, p->n_pages + 1);
			pg = &p->pages[p->n_pages++];
			memset(pg, 0, sizeof(*pg));
			pg->title = p->out[i].title;
			/* a page known to be a redirect is read again
			 * whenever the outputs are: moved back, it is
			 * written again */
			pg->need_read = s->rep->full ||
					touched(s, pg->title) != NULL ||
					sync_redirect_known(s, pg->title);
		}
		SB_GROW(pg->sec, pg->cap_sec, pg->n_sec + 1);
		pg->sec[pg->n_sec++] = i;
		if (section_changed(s, &p->out[i]))
			pg->need_read = true;
	}
}

/* The pages read from the wiki this cycle, in batches. */
typedef struct reads {
	sb_mw_page **batch;
	size_t *n;
	size_t n_batches, cap, cap_n;
} reads;

static void reads_dispose(reads *r)
{
	for (size_t i = 0; i < r->n_batches; i++)
		sb_mw_pages_free(r->batch[i], r->n[i]);
	free(r->batch);
	free(r->n);
}

/* Point each output page at its text read this cycle, if any. */
static void attach(plan *p, const reads *r)
{
	for (size_t i = 0; i < p->n_pages; i++)
		for (size_t b = 0; b < r->n_batches && !p->pages[i].read; b++)
			for (size_t k = 0; k < r->n[b]; k++)
				if (r->batch[b][k].requested &&
				    strcmp(r->batch[b][k].requested,
					   p->pages[i].title) == 0) {
					p->pages[i].read = &r->batch[b][k];
					break;
				}
}

/* Read, in one batch, every page that must be read and was not yet. */
static int read_outputs(sb_sync *s, plan *p, reads *r)
{
	const char **titles = sb_calloc(p->n_pages + 1, sizeof(*titles));
	sb_mw_page *got = NULL;
	size_t n = 0, n_got = 0;
	int err = SB_OK;

	attach(p, r);
	for (size_t i = 0; i < p->n_pages; i++)
		if (p->pages[i].need_read && !p->pages[i].read)
			titles[n++] = p->pages[i].title;
	if (n > 0 &&
	    (err = sb_mw_get_pages(s->mw, titles, n, &got, &n_got)) == SB_OK) {
		SB_GROW(r->batch, r->cap, r->n_batches + 1);
		SB_GROW(r->n, r->cap_n, r->n_batches + 1);
		r->batch[r->n_batches] = got;
		r->n[r->n_batches++] = n_got;
		attach(p, r);
	}
	free(titles);
	return err;
}

/* Who changed a page since the bot's last revision (the journal's):
 * every other user in its history from the revision read back to the
 * bot's, the bot's revision (0 when the journal has none: then nobody is
 * named) and the time of the newest edit by someone else. */
typedef struct blame {
	sb_buf users;         /* "A, B" */
	int64_t bot_rev;
	char *timestamp;
	const char *me;
	sb_strv seen;
} blame;

static void blame_dispose(blame *b)
{
	sb_buf_dispose(&b->users);
	sb_strv_dispose(&b->seen);
	free(b->timestamp);
}

static void blame_revision(blame *b, const cJSON *rev)
{
	const char *user = sb_json_str(rev, "user");
	const char *ts = sb_json_str(rev, "timestamp");

	/* rvendid is inclusive: the bot's revision comes last */
	if (sb_json_i64(rev, "revid", 0) == b->bot_rev ||
	    (b->me && user && strcmp(user, b->me) == 0))
		return;
	if (!b->timestamp && ts)
		b->timestamp = sb_strdup(ts);
	if (user && !sb_strv_contains(&b->seen, user)) {
		sb_buf_addf(&b->users, "%s%s", b->seen.n ? ", " : "", user);
		sb_strv_add(&b->seen, user);
	}
}

static int blame_answer(void *ud, const cJSON *answer)
{
	const cJSON *pg, *rev;

	cJSON_ArrayForEach(pg, cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(answer, "query"), "pages"))
		cJSON_ArrayForEach(rev, cJSON_GetObjectItemCaseSensitive(
			pg, "revisions"))
			blame_revision(ud, rev);
	return SB_OK;
}

static int blame_page(sb_sync *s, const char *title, const sb_mw_page *r,
		      blame *out)
{
	char *t, *params;
	int err;

	memset(out, 0, sizeof(*out));
	sb_buf_init(&out->users, 4096);
	out->me = sb_mw_username(s->mw);
	if ((err = sb_store_journal_last_saved(s->store, title,
					       &out->bot_rev)) < 0 ||
	    out->bot_rev <= 0 || out->bot_rev >= r->rev_id)
		return err;
	t = sb_http_escape(r->title);
	params = sb_asprintf("action=query&prop=revisions&titles=%s&rvprop="
			     "ids%%7Cuser%%7Ctimestamp&rvlimit=max&rvstartid="
			     "%lld&rvendid=%lld", t, (long long)r->rev_id,
			     (long long)out->bot_rev);
	if ((err = sb_mw_query_each(s->mw, params, blame_answer, out)) < 0)
		blame_dispose(out);
	free(params);
	free(t);
	return err;
}

/* The hash of section o's text in page r; false when r has no such
 * section. */
static bool section_text_hash(const sb_mw_page *r, const sb_page_out *o,
			      char h[17])
{
	sb_section_span sp;

	if (!r || r->missing || !r->content || r->redirected ||
	    sb_splice_find(&sp, r->content, r->content_len, o->section,
			   r->title) < 0)
		return false;
	sb_content_hash(h, r->content + sp.inner, sp.inner_end - sp.inner);
	return true;
}

/* Do the bytes of section o in r differ from what the bot last wrote
 * (and from what it means to write: its own text, saved by an edit whose
 * answer was lost, is not a person's)? A section that reads the same as
 * in prev (the read before an edit conflict) was looked at already. */
static bool edited_by_person(sb_sync *s, const sb_page_out *o,
			     const sb_mw_page *r, const sb_mw_page *prev)
{
	char h[17], before[17], mine[17], *old = NULL;
	size_t rows;
	bool yes;

	if (!section_text_hash(r, o, h) ||
	    (prev && section_text_hash(prev, o, before) &&
	     strcmp(h, before) == 0) ||
	    sb_store_section_get(s->store, o->title, o->section, &old,
				 &rows) < 0)
		return false;
	section_hash(mine, o->content);
	yes = strcmp(h, old) != 0 && strcmp(h, mine) != 0;
	free(old);
	return yes;
}

static int record_human_edit(sb_sync *s, const sb_page_out *o,
			     const sb_mw_page *r, const blame *b)
{
	sb_human_edit he = {
		(char *)o->title, o->section,
		b->users.len ? b->users.ptr : NULL,
		b->timestamp ? b->timestamp : r->timestamp,
		r->rev_id, b->bot_rev, NULL};

	s->rep->human_edits++;
	sync_message(s, "%s: a person edited inside section %s (by %s); it "
		     "is replaced and listed on the dashboard", o->title,
		     o->section, he.user ? he.user : "someone");
	return sb_store_human_edit_add(s->store, &he);
}

/* A section whose bytes differ from what the bot last wrote was edited
 * by a person: keep who (everyone who edited the page since the bot's
 * last revision: one cannot tell whose edit touched the section without
 * reading every revision), when, and the diff from the bot's revision to
 * the one read, for the dashboard. What became of it is set once the
 * page's save is done. An edit already recorded (the same revision,
 * seen again when an earlier save was refused) is neither recorded nor
 * blamed again: it only waits for this save's outcome. */
static int page_human_edits(sb_sync *s, const plan *p, const out_page *pg,
			    const sb_mw_page *r, const sb_mw_page *prev,
			    bool *found)
{
	blame b;
	bool have_blame = false, known;
	int err = SB_OK;

	for (size_t k = 0; k < pg->n_sec && err == SB_OK; k++) {
		const sb_page_out *o = &p->out[pg->sec[k]];
		sb_human_edit key = {(char *)o->title, o->section, NULL, NULL,
				     r ? r->rev_id : 0, 0, NULL};

		if (!edited_by_person(s, o, r, prev) ||
		    (err = sb_store_human_edit_again(s->store, &key,
						     &known)) < 0 || known)
			continue;
		if (!have_blame &&
		    (err = blame_page(s, pg->title, r, &b)) == SB_OK)
			have_blame = true;
		if (err == SB_OK && (err = record_human_edit(s, o, r, &b)) ==
		    SB_OK)
			*found = true;
	}
	if (have_blame)
		blame_dispose(&b);
	return err;
}

/* Does the page hold a section that is produced (not only retired
 * ones)? */
static bool has_produced(const plan *p, const out_page *pg)
{
	for (size_t k = 0; k < pg->n_sec; k++)
		if (!is_retired(p, pg->sec[k]))
			return true;
	return false;
}

static bool is_planned(void *ud, const char *title)
{
	const plan *p = ud;

	for (size_t i = 0; i < p->n_pages; i++)
		if (strcmp(p->pages[i].title, title) == 0 &&
		    has_produced(p, &p->pages[i]))
			return true;
	return false;
}

/* Pages read this cycle that are (or are no longer) redirects; *changed:
 * the dashboard must say so. A page whose sections are all retired is
 * no concern: they are forgotten when it is written. */
static void note_redirects(sb_sync *s, plan *p, bool *changed)
{
	sync_redirects_keep_only(s, is_planned, p);
	for (size_t i = 0; i < p->n_pages; i++) {
		const sb_mw_page *r = p->pages[i].read;

		if (!r)
			continue;
		if (sync_redirect_note(s, p->pages[i].title,
				       r->redirected &&
				       has_produced(p, &p->pages[i]) ?
				       (r->title ? r->title : "?") : NULL))
			*changed = true;
	}
}

static int find_human_edits(sb_sync *s, plan *p, bool *found)
{
	int err = SB_OK;

	*found = false;
	for (size_t i = 0; i < p->n_pages && err == SB_OK; i++)
		err = page_human_edits(s, p, &p->pages[i], p->pages[i].read,
				       NULL, found);
	return err;
}

/* The JSON of the section hashes that will hold once the page is saved. */
static char *pending_sections(const plan *p, const out_page *pg)
{
	cJSON *arr = cJSON_CreateArray();
	sb_buf b;

	for (size_t k = 0; k < pg->n_sec; k++) {
		const sb_page_out *o = &p->out[pg->sec[k]];
		cJSON *it = cJSON_CreateObject();
		char h[17];

		section_hash(h, o->content);
		cJSON_AddStringToObject(it, "section", o->section);
		cJSON_AddStringToObject(it, "hash", h);
		cJSON_AddNumberToObject(it, "rows", (double)o->rows);
		cJSON_AddItemToArray(arr, it);
	}
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_json_print(&b, arr);
	cJSON_Delete(arr);
	return sb_buf_take(&b, NULL);
}

/* Titles and section names hold no newline. */
char *sync_held_key(const char *title, const char *section)
{
	return sb_asprintf("gate.held\n%s\n%s", title, section);
}

/* The source pages a section's loss is measured against: while the gate
 * holds the section back, the count it was first held back against; else
 * the count at the last write (gate.sources). The cycle moves that one
 * every cycle, so a held-back section measured against it would pass on
 * the next cycle for no reason but time (a retirement did, as then no
 * source page seemed lost). False when no count is known. */
static bool gate_baseline(sb_sync *s, const plan *p, const char *key,
			  size_t *out, bool *held)
{
	char *v = NULL;

	*held = sb_store_kv_get(s->store, key, &v) == SB_OK;
	if (*held) {
		*out = (size_t)strtoull(v, NULL, 10);
		free(v);
		return true;
	}
	free(v);
	*out = p->old_sources;
	return p->have_old_sources;
}

static bool section_allowed(const sb_sync *s, const plan *p, size_t i,
			    size_t rows, size_t base)
{
	return is_retired(p, i)
	       ? sb_sync_gate_allows_retire(rows, base, p->n_sources,
					    s->conf.max_row_loss)
	       : sb_sync_gate_allows(rows, p->out[i].rows, base, p->n_sources,
				     s->conf.max_row_loss);
}

/* One section through the gate: SB_OK, or SB_EDENIED with the section
 * reported and its baseline kept for the next cycles. */
static int gate_section(sb_sync *s, const plan *p, size_t i)
{
	const sb_page_out *o = &p->out[i];
	char *old = NULL, *key, count[32];
	size_t rows, base;
	bool held;
	int err = SB_OK;

	if (sb_store_section_get(s->store, o->title, o->section, &old,
				 &rows) < 0)
		return SB_OK;
	free(old);
	key = sync_held_key(o->title, o->section);
	if (!gate_baseline(s, p, key, &base, &held)) {
		free(key);
		return SB_OK;
	}
	if (section_allowed(s, p, i, rows, base)) {
		if (held)
			err = sb_store_kv_delete(s->store, key);
		free(key);
		return err;
	}
	snprintf(count, sizeof(count), "%zu", base);
	if (!held && (err = sb_store_kv_set(s->store, key, count)) < 0) {
		free(key);
		return err;
	}
	free(key);
	sync_problem(s, "%s: section %s would drop from %zu to %zu rows%s, "
		     "more than the source pages (%zu now) explain; not saved "
		     "(sanity gate)", o->title, o->section, rows, o->rows,
		     is_retired(p, i) ? " (no longer produced)" : "",
		     p->n_sources);
	return SB_EDENIED;
}

/* The sanity gate for every section of the page: SB_OK, SB_EDENIED
 * (reported), or the store's failure. The dashboard's line names the
 * source pages now, not the count measured against: the cycle moves
 * that one itself (sync_shown_commit), and a line quoting it would
 * change on the next cycle with nothing else changed, editing the
 * dashboard for the bot's own bookkeeping. */
static int gate_passes(sb_sync *s, const plan *p, const out_page *pg)
{
	int err = SB_OK;

	for (size_t k = 0; k < pg->n_sec && err == SB_OK; k++)
		err = gate_section(s, p, pg->sec[k]);
	return err;
}

/* The page's new text: the old one with every section spliced in, or a
 * new page holding them all. */
static int new_text(sb_sync *s, const plan *p, const out_page *pg,
		    const sb_mw_page *r, char **out, size_t *len_out)
{
	const char **names = NULL, **contents = NULL;
	char *cur;
	size_t cur_len;
	int err = SB_OK;

	*out = NULL;
	if (r->missing || !r->content) {
		names = sb_calloc(pg->n_sec, sizeof(*names));
		contents = sb_calloc(pg->n_sec, sizeof(*contents));
		for (size_t k = 0; k < pg->n_sec; k++) {
			names[k] = p->out[pg->sec[k]].section;
			contents[k] = p->out[pg->sec[k]].content;
		}
		*out = sb_splice_new_page(names, contents, pg->n_sec, len_out);
		free(names);
		free(contents);
		return SB_OK;
	}
	if (!sb_bots_allowed(r->content, r->content_len,
			     sb_mw_username(s->mw)))
		return sb_error_set(SB_EDENIED, "%s: the page excludes the bot "
				    "({{nobots}} or {{bots}})", pg->title);
	cur = sb_strndup(r->content, r->content_len);
	cur_len = r->content_len;
	for (size_t k = 0; k < pg->n_sec && err == SB_OK; k++) {
		const sb_page_out *o = &p->out[pg->sec[k]];
		char *next;
		size_t next_len;

		err = sb_splice_replace(&next, &next_len, cur, cur_len,
					o->section, o->content, pg->title);
		if (err == SB_OK) {
			free(cur);
			cur = next;
			cur_len = next_len;
		}
	}
	if (err < 0) {
		free(cur);
		return err;
	}
	*out = cur;
	*len_out = cur_len;
	return SB_OK;
}

static int reread(sb_sync *s, const char *title, sb_mw_page **out)
{
	size_t n = 0;
	int err = sb_mw_get_pages(s->mw, &title, 1, out, &n);

	return err;
}

static int dry_run_diff(sb_sync *s, const out_page *pg, const sb_mw_page *r,
			const char *text, size_t len)
{
	sb_buf b;
	char *la = sb_asprintf("a/%s", pg->title);
	char *lb = sb_asprintf("b/%s", pg->title);
	int err;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	err = sb_diff_unified(&b, r->content ? r->content : "",
			      r->content ? r->content_len : 0, text, len, la, lb);
	if (err == SB_OK)
		fwrite(b.ptr ? b.ptr : "", 1, b.len,
		       s->opts->diff_out ? s->opts->diff_out : stdout);
	sb_buf_dispose(&b);
	free(la);
	free(lb);
	return err;
}

/* Is a retired section still there to retire? Not when its page is gone
 * or a person removed its markers: then nothing is written for it, and it
 * is forgotten so that later cycles do not read the page again for it. A
 * page whose markers are broken stays for new_text() to refuse. */
static int keep_retired(sb_sync *s, const sb_page_out *o,
			const sb_mw_page *r, bool *keep)
{
	sb_section_span sp;
	char *key;
	int err;

	*keep = true;
	if (!r->missing && r->content && !r->redirected &&
	    sb_splice_find(&sp, r->content, r->content_len, o->section,
			   o->title) != SB_ENOTFOUND)
		return SB_OK;
	*keep = false;
	sync_message(s, "%s: section %s is no longer produced and %s; nothing "
		     "written, forgotten", o->title, o->section,
		     r->redirected ? "the page is now a redirect" :
		     r->missing || !r->content ? "the page is gone" :
		     "its markers are gone");
	key = sync_held_key(o->title, o->section);
	err = sb_store_section_delete(s->store, o->title, o->section);
	if (err == SB_OK)
		err = sb_store_kv_delete(s->store, key);
	free(key);
	return err;
}

/* The page's sections less the retired ones with nothing to retire;
 * *n_retired_out: how many retired ones are left. */
static int live_sections(sb_sync *s, const plan *p, const out_page *pg,
			 const sb_mw_page *r, out_page *out,
			 size_t *n_retired_out)
{
	int err = SB_OK;

	*out = *pg;
	out->sec = sb_calloc(pg->n_sec + 1, sizeof(*out->sec));
	out->n_sec = 0;
	out->cap_sec = pg->n_sec + 1;
	*n_retired_out = 0;
	for (size_t k = 0; k < pg->n_sec && err == SB_OK; k++) {
		bool keep = true;

		if (is_retired(p, pg->sec[k]) &&
		    (err = keep_retired(s, &p->out[pg->sec[k]], r,
					&keep)) == SB_OK && keep)
			(*n_retired_out)++;
		if (keep)
			out->sec[out->n_sec++] = pg->sec[k];
	}
	return err;
}

/* How one section of the page changes: not at all, as the bot last
 * left it, or over a person's edit inside its markers. */
enum sec_change { SEC_SAME, SEC_UPDATED, SEC_OVER_PERSON };

static enum sec_change section_change(sb_sync *s, const sb_page_out *o,
				      const sb_mw_page *r)
{
	sb_section_span sp;
	char h[17], mine[17], *old = NULL;
	size_t rows;
	enum sec_change c;

	if (r->missing || !r->content ||
	    sb_splice_find(&sp, r->content, r->content_len, o->section,
			   o->title) < 0)
		return SEC_UPDATED;
	sb_content_hash(h, r->content + sp.inner, sp.inner_end - sp.inner);
	section_hash(mine, o->content);
	if (strcmp(h, mine) == 0)
		return SEC_SAME;
	if (sb_store_section_get(s->store, o->title, o->section, &old,
				 &rows) < 0)
		return SEC_UPDATED;    /* nothing written there before */
	c = strcmp(h, old) != 0 ? SEC_OVER_PERSON : SEC_UPDATED;
	free(old);
	return c;
}

/* The produced sections of a page that its save changes: how many,
 * their rows, whether one replaces a person's edit, and the first
 * three's names, each with its rows ("a (2 rows), b"). One pass: each
 * section's change is found by hashing it and reading the store. */
typedef struct sec_changes {
	size_t n, rows;
	bool over_person;
	sb_buf names;
} sec_changes;

static void count_changes(sec_changes *out, sb_sync *s, const plan *p,
			  const out_page *pg, const sb_mw_page *r)
{
	memset(out, 0, sizeof(*out));
	sb_buf_init(&out->names, SB_BUF_UNLIMITED);
	for (size_t k = 0; k < pg->n_sec; k++) {
		const sb_page_out *o = &p->out[pg->sec[k]];
		enum sec_change c;

		if (is_retired(p, pg->sec[k]))
			continue;
		c = section_change(s, o, r);
		if (c == SEC_SAME)
			continue;
		if (out->n < 3) {
			sb_buf_addf(&out->names, "%s%s", out->n ? ", " : "",
				    o->section);
			if (o->rows > 0)
				sb_buf_addf(&out->names, " (%zu %s)", o->rows,
					    o->rows == 1 ? "row" : "rows");
		}
		out->n++;
		out->rows += o->rows;
		out->over_person = out->over_person || c == SEC_OVER_PERSON;
	}
}

/* The edit summary: what the edit does, short (Wikimedia bot policy: an
 * honest summary). "Bot: create generated sections" for a new page;
 * "Bot: update section NAME (N rows)" naming up to three changed
 * sections, else their count; "; replaces an edit inside the bot's
 * markers (see the dashboard)" when a person's text goes; the retired
 * sections last, or alone when nothing else changes ("Bot: retire N
 * generated sections no longer produced"). */
static char *edit_summary(sb_sync *s, const plan *p, const out_page *pg,
			  const sb_mw_page *r, size_t n_retired)
{
	sb_buf b;
	sec_changes c;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	if (r->missing) {
		sb_buf_adds(&b, "Bot: create generated sections");
		return sb_buf_take(&b, NULL);
	}
	count_changes(&c, s, p, pg, r);
	if (c.n == 0 && n_retired > 0) {
		sb_buf_addf(&b, "Bot: retire %zu generated %s no longer "
			    "produced", n_retired, n_retired == 1 ?
			    "section" : "sections");
		sb_buf_dispose(&c.names);
		return sb_buf_take(&b, NULL);
	}
	if (c.n == 0)
		sb_buf_adds(&b, "Bot: update generated sections");
	else if (c.n == 1)
		sb_buf_adds(&b, "Bot: update section ");
	else if (c.n <= 3)
		sb_buf_adds(&b, "Bot: update sections ");
	else
		sb_buf_addf(&b, "Bot: update %zu generated sections "
			    "(%zu rows)", c.n, c.rows);
	if (c.n <= 3)
		sb_buf_adds(&b, sb_buf_str(&c.names));
	sb_buf_dispose(&c.names);
	if (c.over_person)
		sb_buf_adds(&b, "; replaces an edit inside the bot's markers "
			    "(see the dashboard)");
	if (n_retired > 0)
		sb_buf_addf(&b, "; retire %zu no longer produced", n_retired);
	return sb_buf_take(&b, NULL);
}

/* May the bot create this missing page? Only one of its own output
 * pages (a clinic page is the organisers'), and only when it was missing
 * when first read this cycle: a page deleted after the bot read it was
 * deleted by a person, while the bot was writing it. Reported when not. */
static bool may_create(sb_sync *s, const char *title, bool was_there)
{
	char *norm = sb_mw_normalize_title(s->mw, title, NULL);
	bool own = sync_is_output_title(s, norm ? norm : title);

	free(norm);
	if (!own)
		sync_problem(s, "%s: the page does not exist (deleted?); the "
			     "bot creates only its own output pages, not "
			     "this one; page skipped", title);
	else if (was_there)
		sync_problem(s, "%s: deleted while the bot was saving it; not "
			     "created again", title);
	return own && !was_there;
}

/* A page the bot does not write through this cycle: moved, or missing
 * and not the bot's to create. Reported and counted as skipped. */
static bool skip_unwritable(sb_sync *s, const out_page *pg,
			    const sb_mw_page *r, bool was_there)
{
	if (r->redirected) {
		/* Moved, a redirect left (found by the read before the
		 * writes, or by a re-read after a conflict): never written
		 * through; on the dashboard while it lasts. */
		if (sync_redirect_note(s, pg->title, r->title ? r->title : "?"))
			s->late_dash = true;
		s->rep->skipped++;
		return true;
	}
	if (r->missing && !may_create(s, pg->title, was_there)) {
		s->rep->skipped++;
		return true;
	}
	return false;
}

/* new_text(), with a refusal of the page alone (markers broken or gone,
 * {{nobots}}) reported and the page counted as skipped: then SB_OK and
 * *out NULL. Other failures stop the cycle. */
static int page_text(sb_sync *s, const plan *p, const out_page *pg,
		     const sb_mw_page *r, char **out, size_t *len_out)
{
	int err = new_text(s, p, pg, r, out, len_out);

	if (err == SB_ENOTFOUND || err == SB_EINVALID || err == SB_EDENIED) {
		sync_problem(s, "%s; page skipped", sb_error_message());
		s->rep->skipped++;
		err = SB_OK;
	}
	return err;
}

/* The edit that saves `text` over the page as read: on the revision
 * read, and creating only a page that was missing, so that a save,
 * creation or deletion in between comes back as a conflict. */
static void edit_init(struct sb_mw_edit *e, const char *title,
		      const sb_mw_page *r, const char *text,
		      const char *summary)
{
	memset(e, 0, sizeof(*e));
	e->title = title;
	e->text = text;
	e->summary = summary;
	e->baserevid = r->missing ? 0 : r->rev_id;
	e->basetimestamp = r->missing ? NULL : r->timestamp;
	e->create = r->missing ? SB_MW_CREATEONLY : SB_MW_NOCREATE;
}

/* Say and count what became of a page's save (`err`, its result): a
 * stop before it was sent, a save, a conflict on the last try or a
 * refusal by the wiki (the page skipped) all give SB_OK. A conflict with
 * a try left (`retry`) comes back as it is, for write_again(); any other
 * failure stops the cycle. */
static int save_outcome(sb_sync *s, const char *title, int err,
			size_t n_retired, bool retry)
{
	if (err < 0 && s->opts->stop && *s->opts->stop) {
		/* the wait before the edit ended on a stop: nothing was
		 * sent, and the journal says the edit was not saved */
		sync_message(s, "stopped before saving %s", title);
		return SB_OK;
	}
	if (sync_edit_conflict(err) && retry)
		return err;
	if (err == SB_OK) {
		s->rep->edits++;
		if (n_retired > 0)
			sync_message(s, "%s: %zu %s no longer produced retired",
				     title, n_retired, n_retired == 1 ?
				     "section" : "sections");
	} else if (sync_edit_conflict(err)) {
		/* People are editing the page right now: the next cycle
		 * tries again, even when nothing else changes. */
		sync_problem(s, "%s: not saved: %s; tried again next cycle",
			     title, sb_error_message());
		s->rep->skipped++;
		s->in_conflict++;
		err = SB_OK;
	} else if (sync_edit_refused(err)) {
		sync_problem(s, "%s: not saved: %s", title,
			     sb_error_message());
		s->rep->skipped++;
		err = SB_OK;
	}
	return err;
}

static int write_page(sb_sync *s, const plan *p, const out_page *all,
		      const sb_mw_page *r, int tries, bool was_there);

/* Someone saved in between: read again and splice into their text, once.
 * What they wrote inside a section goes on the dashboard like any other
 * human edit. `pg`: the sections of `all` still written (live_sections);
 * `r`: the read the failed save was made on. */
static int write_again(sb_sync *s, const plan *p, const out_page *all,
		       const out_page *pg, const sb_mw_page *r, int tries,
		       bool was_there)
{
	sb_mw_page *again = NULL;
	int err;

	if ((err = reread(s, pg->title, &again)) == SB_OK &&
	    (err = page_human_edits(s, p, pg, again, r,
				    &s->late_dash)) == SB_OK)
		err = write_page(s, p, all, again, tries - 1,
				 was_there || !r->missing);
	if (again)
		sb_mw_pages_free(again, 1);
	return err;
}

/* Write one page; `tries` left for an edit conflict; `was_there`: the
 * page existed when first read this cycle. Page-level refusals are
 * reported and return SB_OK; only failures that stop the cycle come back
 * as errors. */
static int write_page(sb_sync *s, const plan *p, const out_page *all,
		      const sb_mw_page *r, int tries, bool was_there)
{
	char *text = NULL, *pending = NULL, *summary = NULL;
	size_t len = 0, n_retired = 0;
	struct sb_mw_edit e;
	out_page live, *pg = &live;
	int64_t new_rev;
	int err;

	if ((err = live_sections(s, p, all, r, &live, &n_retired)) < 0)
		goto done;
	if (live.n_sec == 0) {
		s->rep->unchanged++;
		goto done;
	}
	if (skip_unwritable(s, pg, r, was_there) ||
	    (err = page_text(s, p, pg, r, &text, &len)) < 0 || !text)
		goto done;
	pending = pending_sections(p, pg);
	if (!r->missing && r->content && len == r->content_len &&
	    memcmp(text, r->content, len) == 0) {
		s->rep->unchanged++;
		err = sync_apply_sections(s, pg->title, pending);
		goto done;
	}
	if ((err = gate_passes(s, p, pg)) == SB_EDENIED) {
		s->rep->skipped++;
		err = SB_OK;
		goto done;
	}
	if (err < 0)
		goto done;
	if (s->opts->dry_run) {
		s->rep->edits++;
		err = dry_run_diff(s, pg, r, text, len);
		goto done;
	}
	summary = edit_summary(s, p, pg, r, n_retired);
	edit_init(&e, pg->title, r, text, summary);
	err = sync_journal_edit(s, &e, text, len, pending, tries == 0,
				&new_rev);
	err = save_outcome(s, pg->title, err, n_retired, tries > 0);
	if (sync_edit_conflict(err))
		err = write_again(s, p, all, pg, r, tries, was_there);
done:
	free(live.sec);
	free(text);
	free(pending);
	free(summary);
	return err;
}

/* Write a page, then say on its human edits what became of them: the
 * dashboard may say "replaced" only when the save went through. A save's
 * answer, either way, settles them in the journal's commit of its result
 * (sync_journal_edit); a page skipped before any save (the gate, broken
 * markers, {{nobots}}, deleted) has no result to commit with, and its
 * reason is a dashboard line of its own. */
static int write_page_settled(sb_sync *s, const plan *p, const out_page *pg)
{
	size_t dash = s->dash.n, n = 0;
	int err = write_page(s, p, pg, pg->read, 1, !pg->read->missing);

	if (err < 0 || s->opts->dry_run || s->dash.n == dash)
		return err;
	if ((err = sb_store_human_edits_settle(s->store, pg->title,
					       SYNC_OUTCOME_REFUSED, &n)) ==
	    SB_OK && n > 0)
		s->late_dash = true;     /* the dashboard says it now */
	return err;
}

/* The state this cycle's pages are made from, for sync_shown_commit. */
static void plan_shown(plan *p, const sb_records *recs)
{
	size_t n = p->match.n_connections;
	sb_store_pair *pairs = sb_calloc(n ? n : 1, sizeof(*pairs));

	for (size_t i = 0; i < n; i++) {
		const sb_connection *c = &p->match.connections[i];

		pairs[i].learner = recs->profiles[c->learner].username;
		pairs[i].sharer = recs->profiles[c->sharer].username;
		pairs[i].skill = c->skill;
		pairs[i].since = c->since;
	}
	p->shown.pairs = pairs;
	p->shown.n_pairs = n;
	p->shown.n_sources = p->n_sources;
}

/* The pairs shown are the pairs ever suggested: a cycle that never
 * showed its pairs does not count them. */
static int suggested_commit(sb_sync *s)
{
	const sb_store_pair *v = s->shown->pairs;
	int err = SB_OK;

	for (size_t i = 0; i < s->shown->n_pairs && err == SB_OK; i++)
		err = sb_store_suggested_add(s->store, v[i].learner,
					     v[i].sharer, v[i].skill,
					     (int64_t)s->opts->now);
	return err;
}

int sync_shown_commit(sb_sync *s)
{
	char count[32];
	int err;

	if (!s->shown)
		return SB_OK;
	snprintf(count, sizeof(count), "%zu", s->shown->n_sources);
	if ((err = sb_store_pairs_replace(s->store, s->shown->pairs,
					  s->shown->n_pairs)) == SB_OK &&
	    (err = suggested_commit(s)) == SB_OK &&
	    (err = sb_store_kv_set(s->store, "gate.sources", count)) == SB_OK)
		s->shown = NULL;
	return err;
}

/* A cycle that wrote nothing (every page unchanged or skipped) and was
 * not stopped computed the pairs the pages show: they are the previous
 * ones for the next cycle all the same. */
static int shown_commit_at_end(sb_sync *s)
{
	int err;

	if (!s->shown)
		return SB_OK;
	if ((err = sb_store_begin(s->store)) < 0)
		return err;
	if ((err = sync_shown_commit(s)) == SB_OK)
		return sb_store_commit(s->store);
	sb_store_rollback(s->store);
	return err;
}

static int count_sources(sb_sync *s, plan *p)
{
	int64_t *ids = NULL;
	char *v = NULL;
	int err;

	if ((err = sb_store_page_ids(s->store, &ids, &p->n_sources)) < 0)
		return err;
	free(ids);
	if (sb_store_kv_get(s->store, "gate.sources", &v) == SB_OK) {
		p->old_sources = (size_t)strtoull(v, NULL, 10);
		p->have_old_sources = true;
	}
	free(v);
	return SB_OK;
}

/* The dashboard and its language subpages are written last, so that they
 * can list what the other pages' writes ran into. */
static int write_pages(sb_sync *s, plan *p, bool dashboard)
{
	int err = SB_OK;

	for (size_t i = 0; i < p->n_pages && err == SB_OK; i++) {
		if (sb_siteconf_is_dashboard(&s->conf, p->pages[i].title) !=
		    dashboard)
			continue;
		if (s->opts->stop && *s->opts->stop) {
			sync_message(s, "stopped before writing %s",
				     p->pages[i].title);
			break;
		}
		if (!p->pages[i].read) {
			s->rep->unchanged++;
			continue;
		}
		err = write_page_settled(s, p, &p->pages[i]);
		sb_log_progress("output pages written", i + 1, p->n_pages);
	}
	return err;
}

/* The dashboard again (same records) with the lines found since: no
 * other page changes with them. Its sections take the place of the ones
 * rendered, and the sections no longer produced are found again. */
static int render_dashboard(sb_sync *s, plan *p, const sb_records *recs)
{
	sb_render_ctx ctx;
	sb_page_out *dash = NULL, *old, *v;
	size_t n_dash = 0, at = 0, end, n_old, n = 0;
	int err;

	render_ctx(&ctx, s, p, recs);
	if ((err = sb_render_dashboard(&dash, &n_dash, &ctx)) < 0)
		return err;
	while (at < p->n_produced &&
	       !sb_siteconf_is_dashboard(&s->conf, p->out[at].title))
		at++;
	for (end = at; end < p->n_produced &&
	     sb_siteconf_is_dashboard(&s->conf, p->out[end].title); end++)
		;
	/* The old dashboard's sections and the retired ones go. */
	n_old = end - at + p->n_out - p->n_produced;
	old = sb_calloc(n_old + 1, sizeof(*old));
	memcpy(old, p->out + at, (end - at) * sizeof(*old));
	memcpy(old + end - at, p->out + p->n_produced,
	       (p->n_out - p->n_produced) * sizeof(*old));
	v = sb_calloc(p->n_produced - (end - at) + n_dash + 1, sizeof(*v));
	memcpy(v, p->out, at * sizeof(*v));
	memcpy(v + at, dash, n_dash * sizeof(*v));
	n = at + n_dash;
	memcpy(v + n, p->out + end, (p->n_produced - end) * sizeof(*v));
	n += p->n_produced - end;
	sb_pages_free(old, n_old);
	free(dash);
	free(p->out);
	p->out = v;
	p->n_out = p->n_produced = n;
	return sync_retire_append(s, &p->out, &p->n_out, &p->left_out);
}

/* The dashboard again with the lines found since, and read what must
 * now be read. */
static int rerender(sb_sync *s, plan *p, const sb_records *recs, reads *r)
{
	int err;

	if ((err = collect_problems(s, p)) < 0 ||
	    (err = render_dashboard(s, p, recs)) < 0)
		return err;
	group(s, p);
	return read_outputs(s, p, r);
}

/* Count this cycle's people by region under its month: one profile a
 * person, the one the matcher and every page use (a further profile of
 * the same person, which may name another region, is not a second
 * person), as the dashboard's other totals count them. The month's
 * figures are replaced whole, so a region nobody is left in drops. */
int sync_participation_put(sb_sync *s, const sb_records *recs)
{
	sb_strv regions = {0};
	sb_region_people *v;
	long *count = sb_calloc(recs->n_profiles + 1, sizeof(*count));
	bool *further = sb_calloc(recs->n_profiles + 1, sizeof(*further));
	size_t *dups = NULL, n_dups;
	char month[16];
	struct tm tm;
	int err = SB_OK;

	gmtime_r(&s->opts->now, &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	n_dups = sb_records_further_profiles(recs, &dups);
	for (size_t i = 0; i < n_dups; i++)
		further[dups[2 * i]] = true;
	for (size_t i = 0; i < recs->n_profiles; i++) {
		const sb_profile *pr = &recs->profiles[i];
		const char *r = pr->region ? pr->region : "";
		size_t k = 0;

		if (!pr->username || pr->status == SB_STATUS_INACTIVE ||
		    further[i])
			continue;
		while (k < regions.n && strcmp(regions.v[k], r) != 0)
			k++;
		if (k == regions.n)
			sb_strv_add(&regions, r);
		count[k]++;
	}
	v = sb_calloc(regions.n + 1, sizeof(*v));
	for (size_t k = 0; k < regions.n; k++) {
		v[k].region = regions.v[k];
		v[k].people = count[k];
	}
	err = sb_store_participation_replace(s->store, month, v, regions.n);
	free(v);
	sb_strv_dispose(&regions);
	free(count);
	free(further);
	free(dups);
	return err;
}

/* Keep the history the evaluation figures need, and read it back: the
 * pairs ever suggested, counting this cycle's, which are remembered only
 * once the wiki may show them (sync_shown_commit), and participation by
 * month and region. In a dry run the store is a snapshot, so this
 * changes nothing on disk. */
static int history(sb_sync *s, plan *p, const sb_records *recs)
{
	int err;

	if ((err = sync_participation_put(s, recs)) < 0 ||
	    (err = sb_store_suggested_count_with(s->store, p->shown.pairs,
						 p->shown.n_pairs,
						 &p->suggested)) < 0 ||
	    (err = sb_store_participation_load(s->store, &p->hist,
					       &p->n_hist)) < 0)
		return err;
	p->months = sb_calloc(p->n_hist + 1, sizeof(*p->months));
	for (size_t i = 0; i < p->n_hist; i++) {
		p->months[i].month = p->hist[i].month;
		p->months[i].region = p->hist[i].region;
		p->months[i].people = p->hist[i].people;
	}
	return SB_OK;
}

/* Talk-page messages for the suggestions now on the pages. */
static int notify(sb_sync *s, const plan *p, const sb_records *recs)
{
	sb_notif_refs refs;
	sb_notif_report rep;
	int err;

	if (s->opts->dry_run || (s->opts->stop && *s->opts->stop))
		return SB_OK;
	sync_notif_refs(&refs, s);
	memset(&rep, 0, sizeof(rep));
	err = sb_notif_send(&refs, recs, &p->match, &rep);
	for (size_t i = 0; i < rep.messages.n; i++)
		sync_message(s, "%s", rep.messages.v[i]);
	for (size_t i = 0; i < rep.problems.n; i++)
		sync_problem(s, "%s", rep.problems.v[i]);
	s->rep->notices += rep.sent;
	if (rep.sent > 0)
		sync_message(s, "%zu talk-page messages left", rep.sent);
	sb_notif_report_dispose(&rep);
	return err;
}

int sync_write_all(sb_sync *s, const sb_records *recs)
{
	plan p;
	reads r;
	bool humans = false, redirects = false;
	size_t n_dash;
	int err;

	memset(&p, 0, sizeof(p));
	memset(&r, 0, sizeof(r));
	p.n_records = recs->n_profiles + recs->n_clinics + recs->n_resources;
	if ((err = sync_redirects_load(s)) < 0 ||
	    (err = count_sources(s, &p)) < 0 ||
	    (err = run_match(s, &p, recs)) < 0)
		goto done;
	plan_shown(&p, recs);
	if ((err = history(s, &p, recs)) < 0 ||
	    (err = collect_problems(s, &p)) < 0 ||
	    (err = render(s, &p, recs)) < 0)
		goto done;
	group(s, &p);
	if ((err = read_outputs(s, &p, &r)) < 0)
		goto done;
	note_redirects(s, &p, &redirects);
	if ((err = find_human_edits(s, &p, &humans)) < 0)
		goto done;
	/* Human edits and redirects go on the dashboard of this very
	 * cycle. */
	if ((humans || redirects) && (err = rerender(s, &p, recs, &r)) < 0)
		goto done;
	/* From here on the wiki may show this plan: its pairs are
	 * committed with the first write's intent. */
	if (!s->opts->dry_run)
		s->shown = &p.shown;
	n_dash = s->dash.n;
	s->late_dash = false;
	if ((err = write_pages(s, &p, false)) < 0 ||
	    (err = notify(s, &p, recs)) < 0)
		goto done;
	if ((s->dash.n != n_dash || s->late_dash) &&
	    (err = rerender(s, &p, recs, &r)) < 0)
		goto done;
	if ((err = write_pages(s, &p, true)) < 0)
		goto done;
	if ((err = sync_redirects_save(s)) < 0)
		goto done;
	if (!(s->opts->stop && *s->opts->stop))
		err = shown_commit_at_end(s);
done:
	s->shown = NULL;
	reads_dispose(&r);
	plan_dispose(&p);
	return err;
}
