/* offline.c - dump in, pages out; see offline.h. */
#include "skillsbot/offline.h"

#include "skillsbot/bots.h"
#include "skillsbot/datadir.h"
#include "skillsbot/dump.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/fileio.h"
#include "skillsbot/log.h"
#include "skillsbot/match.h"
#include "skillsbot/mem.h"
#include "skillsbot/render.h"
#include "skillsbot/splice.h"
#include "skillsbot/taxonomy.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MARKER "<!-- skillsbot:begin "

/* A page of the dump kept in memory: the JSON configuration pages, and
 * pages that already hold generated sections or sit where output goes. */
typedef struct kept_page {
	char *title;
	char *text;
	size_t len;
} kept_page;

typedef struct offline {
	const sb_offline_opts *o;
	sb_offline_report *rep;
	sb_siteconf conf;
	sb_taxonomy *tax;
	sb_extract_ctx *ectx;
	sb_records recs;
	kept_page *kept;
	size_t n_kept, cap_kept;
	/* Every title of the dump, sorted once it is read: a page there that
	 * was not kept has no markers, and is not to be created anew. */
	char **titles;
	size_t n_titles, cap_titles;
	sb_dump_ns *ns;            /* namespaces from the dump's siteinfo */
	size_t n_ns;
	char *config_text, *taxonomy_text;
	size_t config_len, taxonomy_len;
	const char *config_title;
	sb_dump_writer *w;         /* the output export, while it is written */
	char stamp[32];            /* its revisions' timestamp */
} offline;

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void keep(offline *st, const sb_dump_page *p)
{
	kept_page *k;

	SB_GROW(st->kept, st->cap_kept, st->n_kept + 1);
	k = &st->kept[st->n_kept++];
	k->title = sb_strdup(p->title);
	k->text = sb_strndup(p->text, p->text_len);
	k->len = p->text_len;
}

static const kept_page *find_kept(const offline *st, const char *title)
{
	for (size_t i = 0; i < st->n_kept; i++)
		if (strcmp(st->kept[i].title, title) == 0)
			return &st->kept[i];
	return NULL;
}

static int cmp_title(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool in_dump(const offline *st, const char *title)
{
	return st->n_titles &&
	       bsearch(&title, st->titles, st->n_titles, sizeof(char *),
		       cmp_title) != NULL;
}

/* ---- pass 1: the configuration and taxonomy pages --------------------- */

static int on_siteinfo(void *ud, const sb_dump_siteinfo *si)
{
	offline *st = ud;

	st->ns = sb_calloc(si->n_namespaces + 1, sizeof(*st->ns));
	for (size_t i = 0; i < si->n_namespaces; i++) {
		st->ns[i] = si->namespaces[i];
		st->ns[i].name = sb_strdup(si->namespaces[i].name);
	}
	st->n_ns = si->n_namespaces;
	return SB_OK;
}

static int on_config_page(void *ud, const sb_dump_page *p)
{
	offline *st = ud;

	if (strcmp(p->title, st->config_title) == 0) {
		free(st->config_text);
		st->config_text = sb_strndup(p->text, p->text_len);
		st->config_len = p->text_len;
	} else if (strcmp(p->title, st->conf.taxonomy_page) == 0 ||
		   (p->model && strcmp(p->model, "json") == 0 &&
		    strstr(p->title, "/Taxonomy"))) {
		/* The taxonomy's title may change with the configuration;
		 * keep every candidate's text until it is known. */
		keep(st, p);
	}
	return SB_OK;
}

/* Report the current error message, followed by what was done about it. */
static void note(offline *st, const char *consequence)
{
	char *line = sb_asprintf("%s; %s", sb_error_message(), consequence);

	sb_warn("%s", line);
	sb_strv_add(&st->rep->messages, line);
	free(line);
}

static int load_config(offline *st)
{
	const sb_offline_opts *o = st->o;
	const kept_page *tp;
	sb_siteconf tmp;
	int err;

	sb_siteconf_defaults(&st->conf);
	if (o->config_file) {
		sb_siteconf_dispose(&st->conf);
		if ((err = sb_siteconf_load_file(&st->conf, o->config_file)) < 0)
			return err;
	} else if (st->config_text) {
		if (sb_siteconf_parse(&tmp, st->config_text, st->config_len,
				      st->config_title) < 0) {
			note(st, "the defaults are in force");
		} else {
			sb_siteconf_dispose(&st->conf);
			st->conf = tmp;
		}
	}
	if (o->taxonomy_file)
		return sb_taxonomy_load_file(&st->tax, o->taxonomy_file);
	tp = find_kept(st, st->conf.taxonomy_page);
	if (tp && sb_taxonomy_parse(&st->tax, tp->text, tp->len, tp->title) < 0)
		note(st, "every skill is unmapped");
	if (!tp && sb_taxonomy_load_default(&st->tax, NULL) < 0)
		note(st, "the built-in taxonomy is not used");
	if (!st->tax)
		st->tax = sb_taxonomy_new_empty();
	return SB_OK;
}

/* ---- pass 2: the records ----------------------------------------------- */

static bool is_output_title(const offline *st, const char *title)
{
	for (int k = 0; k < SB_PAGE_COUNT; k++)
		if (st->conf.pages[k] && starts_with(title, st->conf.pages[k]))
			return true;
	return false;
}

static int on_source_page(void *ud, const sb_dump_page *p)
{
	offline *st = ud;
	size_t before = st->recs.n_profiles + st->recs.n_clinics +
			st->recs.n_resources;
	int err;

	st->rep->pages_read++;
	SB_GROW(st->titles, st->cap_titles, st->n_titles + 1);
	st->titles[st->n_titles++] = sb_strdup(p->title);
	if (p->redirect || (p->model && strcmp(p->model, "wikitext") != 0))
		return SB_OK;
	if (memmem(p->text, p->text_len, MARKER, strlen(MARKER)) ||
	    is_output_title(st, p->title))
		keep(st, p);
	if ((err = sb_extract_page(&st->recs, st->ectx, p->title, p->page_id,
				   p->text, p->text_len)) < 0)
		return err;
	if (st->recs.n_profiles + st->recs.n_clinics + st->recs.n_resources >
	    before)
		st->rep->source_pages++;
	if (st->rep->pages_read % 5000 == 0)
		sb_info("%s: %zu pages read", st->o->dump, st->rep->pages_read);
	return SB_OK;
}

static void count_records(offline *st)
{
	const sb_records *r = &st->recs;

	st->rep->problems += sb_records_count_problems(r);
	st->rep->profiles = r->n_profiles;
	st->rep->clinics = r->n_clinics;
	st->rep->resources = r->n_resources;
}

/* ---- output ------------------------------------------------------------ */

static int title_ns(const offline *st, const char *title)
{
	const char *colon = strchr(title, ':');

	for (size_t i = 0; colon && i < st->n_ns; i++) {
		size_t n = strlen(st->ns[i].name);

		if (n && n == (size_t)(colon - title) &&
		    strncmp(title, st->ns[i].name, n) == 0)
			return st->ns[i].id;
	}
	return 0;
}

/* A page the dump does not hold: its sections, one after another. */
static char *new_page_text(const sb_page_out *pages, size_t from, size_t to,
			   size_t *len_out)
{
	const char **names = sb_calloc(to - from, sizeof(char *));
	const char **contents = sb_calloc(to - from, sizeof(char *));
	char *text;

	for (size_t i = from; i < to; i++) {
		names[i - from] = pages[i].section;
		contents[i - from] = pages[i].content;
	}
	text = sb_splice_new_page(names, contents, to - from, len_out);
	free(names);
	free(contents);
	return text;
}

/* Report the page left as the dump has it (the error set says why). */
static char *left_alone(offline *st)
{
	note(st, "the page was left out");
	st->rep->pages_skipped++;
	return NULL;
}

/* The new text of page `title`: its sections spliced into the page from
 * the dump, or a new page of them. NULL when it must be left alone. */
static char *page_text(offline *st, const sb_page_out *pages, size_t from,
		       size_t to, size_t *len_out)
{
	const char *title = pages[from].title;
	const kept_page *old = find_kept(st, title);
	char *text, *next;
	size_t len;

	if (!old && !in_dump(st, title))
		return new_page_text(pages, from, to, len_out);
	if (!old) {
		sb_error_set(SB_ENOTFOUND, "%s: no markers for section %s",
			     title, pages[from].section);
		return left_alone(st);
	}
	/* The name the export's revisions are made by, as online the
	 * account the bot is logged in as. */
	if (!sb_bots_allowed(old->text, old->len,
			     st->o->user ? st->o->user : "skillsbot")) {
		sb_error_set(SB_EDENIED, "%s: the page excludes the bot "
			     "({{nobots}} or {{bots}})", title);
		return left_alone(st);
	}
	text = sb_strndup(old->text, old->len);
	len = old->len;
	for (size_t i = from; i < to; i++) {
		if (sb_splice_replace(&next, &len, text, len, pages[i].section,
				      pages[i].content, title) < 0) {
			free(text);
			return left_alone(st);
		}
		free(text);
		text = next;
	}
	*len_out = len;
	return text;
}

static int write_dir_page(offline *st, const char *title, const char *text,
			  size_t len)
{
	char *name = sb_title_to_filename(title);
	char *path = sb_asprintf("%s/%s.wiki", st->o->to_dir, name);
	int err = sb_file_write_atomic(path, text, len);

	free(name);
	free(path);
	return err;
}

static int open_outputs(offline *st)
{
	struct tm tm;

	gmtime_r(&st->o->now, &tm);
	strftime(st->stamp, sizeof(st->stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (st->o->to_dir && mkdir(st->o->to_dir, 0755) < 0 && errno != EEXIST)
		return sb_error_set(SB_EIO, "%s: %s", st->o->to_dir,
				    strerror(errno));
	if (st->o->to_dump)
		return sb_dump_writer_open(&st->w, st->o->to_dump, "skillsbot");
	return SB_OK;
}

/* Page `title` into every output asked for. */
static int put_page(offline *st, const char *title, const char *text,
		    size_t len)
{
	int err = SB_OK;

	if (st->w)
		err = sb_dump_writer_add(st->w, title, title_ns(st, title),
					 text, len, st->stamp, st->o->user,
					 "skillsbot: generated from a dump");
	if (err == SB_OK && st->o->to_dir)
		err = write_dir_page(st, title, text, len);
	if (err == SB_OK) {
		st->rep->pages_written++;
		sb_strv_add(&st->rep->written, title);
	}
	return err;
}


/* Write the dashboard's pages, or all the others. */
static int write_pages(offline *st, const sb_page_out *pages, size_t n,
		       bool dashboard)
{
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK;) {
		size_t j = i + 1, len = 0;
		char *text;

		/* Sections of one page come one after another. */
		while (j < n && strcmp(pages[j].title, pages[i].title) == 0)
			j++;
		if (sb_siteconf_is_dashboard(&st->conf, pages[i].title) ==
			    dashboard &&
		    (text = page_text(st, pages, i, j, &len)) != NULL) {
			err = put_page(st, pages[i].title, text, len);
			free(text);
		}
		i = j;
	}
	return err;
}

/* Every output page, or the dashboard alone (`dashboard`), with the
 * report's lines so far on the dashboard. `notes`: the dashboard's lines
 * for pages left out, from every page's render for the dashboard's. */
static int render(offline *st, const sb_match_result *m, sb_strv *notes,
		  bool dashboard, sb_page_out **pages, size_t *n)
{
	sb_render_ctx rc;

	sb_pages_free(*pages, *n);
	memset(&rc, 0, sizeof(rc));
	rc.recs = &st->recs;
	rc.match = m;
	rc.conf = &st->conf;
	rc.tax = st->tax;
	rc.datadir = st->o->datadir ? st->o->datadir : sb_datadir();
	rc.problems = (const char *const *)st->rep->messages.v;
	rc.n_problems = st->rep->messages.n;
	rc.left_notes = notes;
	return dashboard ? sb_render_dashboard(pages, n, &rc) :
			   sb_render_all(pages, n, &rc);
}

/* The dashboard goes last, rendered again (alone: no other page changes)
 * when pages were left out, so that it lists them in this very run, as
 * the online sync does. */
static int render_and_write(offline *st, const sb_match_result *m)
{
	sb_page_out *pages = NULL;
	sb_strv notes = {0};
	size_t n = 0, n_lines;
	int err;

	if ((err = render(st, m, &notes, false, &pages, &n)) == SB_OK &&
	    (err = open_outputs(st)) == SB_OK) {
		n_lines = st->rep->messages.n;
		err = write_pages(st, pages, n, false);
		if (err == SB_OK && st->rep->messages.n != n_lines)
			err = render(st, m, &notes, true, &pages, &n);
		if (err == SB_OK)
			err = write_pages(st, pages, n, true);
	}
	sb_pages_free(pages, n);
	sb_strv_dispose(&notes);
	if (err < 0)
		sb_dump_writer_abort(st->w);
	else if (st->w)
		err = sb_dump_writer_commit(st->w);
	st->w = NULL;
	return err;
}

static int compute_and_write(offline *st)
{
	sb_match_result m;
	sb_match_input in = {.recs = &st->recs, .conf = &st->conf,
			     .now = st->o->now};
	int err;

	memset(&m, 0, sizeof(m));
	err = sb_match_run(&m, &in);
	if (err < 0)
		return err;
	st->rep->connections = m.n_connections;
	st->rep->clusters = m.n_clusters;
	st->rep->proposed_clinics = m.n_proposed;
	st->rep->requests = m.requests;
	st->rep->served = m.served;
	err = render_and_write(st, &m);
	sb_match_result_dispose(&m);
	return err;
}

static void offline_dispose(offline *st)
{
	sb_extract_ctx_free(st->ectx);
	sb_taxonomy_free(st->tax);
	sb_siteconf_dispose(&st->conf);
	sb_records_dispose(&st->recs);
	for (size_t i = 0; i < st->n_kept; i++) {
		free(st->kept[i].title);
		free(st->kept[i].text);
	}
	free(st->kept);
	for (size_t i = 0; i < st->n_titles; i++)
		free(st->titles[i]);
	free(st->titles);
	for (size_t i = 0; i < st->n_ns; i++)
		free(st->ns[i].name);
	free(st->ns);
	free(st->config_text);
	free((char *)st->config_title);
}

int sb_offline_run(const sb_offline_opts *o, sb_offline_report *rep)
{
	offline st;
	sb_dump_reader_opts ro;
	int err;

	memset(rep, 0, sizeof(*rep));
	memset(&st, 0, sizeof(st));
	st.o = o;
	st.rep = rep;
	sb_records_init(&st.recs);
	sb_siteconf_defaults(&st.conf);
	st.config_title = o->config_page
		? sb_strdup(o->config_page)
		: sb_asprintf("%s/Bot configuration", st.conf.root);
	memset(&ro, 0, sizeof(ro));
	ro.ud = &st;
	ro.on_siteinfo = on_siteinfo;
	/* Standard input cannot be read twice: then only files configure. */
	if (strcmp(o->dump, "-") != 0 && (!o->config_file || !o->taxonomy_file)) {
		ro.on_page = on_config_page;
		if ((err = sb_dump_read(o->dump, &ro)) < 0)
			goto done;
		ro.on_siteinfo = NULL;
	}
	sb_siteconf_dispose(&st.conf);
	if ((err = load_config(&st)) < 0 ||
	    (err = sb_extract_ctx_new(&st.ectx, &st.conf, st.tax)) < 0)
		goto done;
	ro.on_page = on_source_page;
	if ((err = sb_dump_read(o->dump, &ro)) < 0)
		goto done;
	qsort(st.titles, st.n_titles, sizeof(char *), cmp_title);
	count_records(&st);
	err = compute_and_write(&st);
done:
	offline_dispose(&st);
	return err;
}

void sb_offline_report_dispose(sb_offline_report *rep)
{
	sb_strv_dispose(&rep->messages);
	sb_strv_dispose(&rep->written);
}
