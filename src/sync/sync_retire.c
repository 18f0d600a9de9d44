/*
 * sync_retire.c - sections the bot wrote before and no longer produces.
 *
 * When the directory shrinks, a part of a split page ("By skill/3"), a
 * language dropped from the configuration ("/fr"), or the roster of a
 * clinic no longer scheduled stops being rendered. Left alone, such a
 * section would show stale lists forever. So every (title, section) the
 * store says the bot wrote and this cycle did not render gets an output of
 * its own: a short note, written through the same path as every other
 * section (journal, baserevid, {{bots}}, markers, sanity gate with 0
 * rows). Once saved, the stored hash is the note's, so the next cycle
 * sees nothing to do.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/i18n.h"
#include "skillsbot/mem.h"

#define RETIRED_KEY "skillsbot-retired"

/* What qsort and bsearch compare: (title, section) of a rendered output. */
static int cmp_out(const void *a, const void *b)
{
	const sb_page_out *x = *(const sb_page_out *const *)a;
	const sb_page_out *y = *(const sb_page_out *const *)b;
	int c = strcmp(x->title, y->title);

	return c ? c : strcmp(x->section, y->section);
}

/* The language of a retired section's note: the page's own when its
 * title ends in /CODE and the bot has messages for CODE (a language
 * dropped from the configuration still has its file), else the first
 * configured language. Borrowed from title or the configuration. */
static const char *note_lang(const sb_sync *s, const char *title)
{
	const char *slash = strrchr(title, '/');

	if (slash && sb_siteconf_lang_ok(slash + 1) && s->datadir) {
		char *path = sb_asprintf("%s/i18n/%s.json", s->datadir,
					 slash + 1);
		bool have = access(path, R_OK) == 0;

		free(path);
		if (have)
			return slash + 1;
	}
	return s->conf.languages.n ? s->conf.languages.v[0] : "en";
}

/* The note `key` in `lang`, wrapped as the generated sections of that
 * language are (docs/rendering.md): <div lang dir class>, so that an
 * Arabic note runs right to left like the section it replaces, and a
 * language with no messages has its English note marked English. The
 * section name is the bot's own marker name; anything else in it keeps
 * it out of the class. */
static int format_note(sb_buf *b, const sb_i18n *msgs, const char *lang,
		       const char *section)
{
	bool plain = section[0] != '\0' &&
		strspn(section, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		strlen(section);
	const char *shown = sb_i18n_shown_lang(msgs, lang);
	int err;

	sb_buf_addf(b, "<div lang=\"%s\" dir=\"%s\" class=\"skillsbot%s%s\">\n",
		    shown, sb_i18n_dir(shown),
		    plain ? " skillsbot-" : "", plain ? section : "");
	if ((err = sb_i18n_format(b, msgs, lang, RETIRED_KEY, NULL, 0)) < 0)
		return err;
	sb_buf_adds(b, "\n</div>");
	return SB_OK;
}

static void add_unique(sb_strv *v, const char *x)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], x) == 0)
			return;
	sb_strv_add(v, x);
}

/* The stored sections that `out` does not hold. */
static void find_gone(sb_store_section *stored, size_t n_stored,
		      const sb_page_out *out, size_t n_out, size_t **gone_out,
		      size_t *n_gone_out)
{
	const sb_page_out **idx = sb_calloc(n_out + 1, sizeof(*idx));
	size_t *gone = sb_calloc(n_stored + 1, sizeof(*gone));
	size_t n_gone = 0;

	for (size_t i = 0; i < n_out; i++)
		idx[i] = &out[i];
	qsort(idx, n_out, sizeof(*idx), cmp_out);
	for (size_t i = 0; i < n_stored; i++) {
		sb_page_out key = {stored[i].title, stored[i].section, NULL, 0};
		const sb_page_out *k = &key;

		if (!bsearch(&k, idx, n_out, sizeof(*idx), cmp_out))
			gone[n_gone++] = i;
	}
	free(idx);
	*gone_out = gone;
	*n_gone_out = n_gone;
}

static int append_notes(sb_sync *s, sb_page_out **out, size_t *n_out,
			const sb_store_section *stored, const size_t *gone,
			size_t n_gone)
{
	sb_strv langs = {0};
	sb_i18n *msgs = NULL;
	char *dir = sb_asprintf("%s/i18n", s->datadir ? s->datadir : ".");
	size_t cap = *n_out;
	int err;

	for (size_t i = 0; i < n_gone; i++)
		add_unique(&langs, note_lang(s, stored[gone[i]].title));
	if ((err = sb_i18n_load(&msgs, dir, (const char *const *)langs.v,
				langs.n)) < 0)
		goto done;
	for (size_t i = 0; i < n_gone && err == SB_OK; i++) {
		const sb_store_section *st = &stored[gone[i]];
		sb_page_out *o;
		sb_buf b;

		sb_buf_init(&b, SB_BUF_UNLIMITED);
		err = format_note(&b, msgs, note_lang(s, st->title),
				  st->section);
		if (err == SB_OK) {
			SB_GROW(*out, cap, *n_out + 1);
			o = &(*out)[(*n_out)++];
			o->title = sb_strdup(st->title);
			o->section = sb_strdup(st->section);
			o->content = sb_buf_take(&b, NULL);
			o->rows = 0;
		}
		sb_buf_dispose(&b);
	}
done:
	sb_i18n_free(msgs);
	sb_strv_dispose(&langs);
	free(dir);
	return err;
}

int sync_retire_append(sb_sync *s, sb_page_out **out, size_t *n_out,
		       const sb_strv *keep_sections)
{
	sb_store_section *stored = NULL;
	size_t n_stored = 0, *gone = NULL, n_gone = 0, kept = 0;
	int err;

	if ((err = sb_store_sections_list(s->store, &stored, &n_stored)) < 0)
		return err;
	find_gone(stored, n_stored, *out, *n_out, &gone, &n_gone);
	for (size_t i = 0; i < n_gone; i++)
		if (!keep_sections ||
		    !sb_strv_contains(keep_sections, stored[gone[i]].section))
			gone[kept++] = gone[i];
	n_gone = kept;
	if (n_gone > 0)
		err = append_notes(s, out, n_out, stored, gone, n_gone);
	free(gone);
	sb_store_sections_free(stored, n_stored);
	return err;
}
