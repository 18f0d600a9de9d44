/*
 * splice.h - writing only between the bot's markers.
 *
 *   <!-- skillsbot:begin NAME -->
 *   ...generated wikitext...
 *   <!-- skillsbot:end NAME -->
 *
 * A marker is a comment as the wikitext parser (wikitext.h) reads one,
 * after MediaWiki's preprocessor: marker text inside another comment, or
 * inside <nowiki>, <pre>, <syntaxhighlight>, <ref> and the other tags
 * whose content is handed over unparsed, is not a marker (docs/sync.md
 * lists the tags).
 *
 * Every byte outside the markers, the markers themselves included, is
 * kept exactly as it was. A page whose markers are duplicated, unbalanced
 * or nested is refused as a whole (SB_EINVALID) so a person can fix it;
 * a page without the markers of a section gives SB_ENOTFOUND.
 *
 * What goes between the markers (the "inner" bytes) is always "\n" +
 * content + "\n", so the hash of the inner bytes the bot wrote, kept in
 * the store, tells whether a person has edited inside a section since.
 * Returned strings belong to the caller.
 */
#ifndef SKILLSBOT_SPLICE_H
#define SKILLSBOT_SPLICE_H

#include <stddef.h>

/* Where a section sits in a page's text (byte offsets). */
typedef struct sb_section_span {
	size_t begin;      /* the begin marker's "<!--" */
	size_t inner;      /* just after the begin marker's "-->" */
	size_t inner_end;  /* the end marker's "<!--" */
	size_t end;        /* just after the end marker's "-->" */
} sb_section_span;

/* Find section `name`. `origin` (a page title) names the page in the
 * message. Checks every marker of the page first. */
int sb_splice_find(sb_section_span *out, const char *text, size_t len,
		   const char *name, const char *origin);

/* Check that every marker of the page pairs up, without nesting. */
int sb_splice_check(const char *text, size_t len, const char *origin);

/* The inner bytes for `content`: "\n" + content without its trailing
 * newlines + "\n". */
char *sb_splice_inner(const char *content, size_t *len_out);

/* `text` with section `name`'s inner bytes replaced by those of
 * `content`. */
int sb_splice_replace(char **out, size_t *len_out, const char *text,
		      size_t len, const char *name, const char *content,
		      const char *origin);

/* A new page holding the given sections in order, one after another. */
char *sb_splice_new_page(const char *const *names,
			 const char *const *contents, size_t n,
			 size_t *len_out);

/* A content hash as 16 hex digits (64-bit FNV-1a): enough to notice a
 * change, not a defence against a forger. */
void sb_content_hash(char out[17], const char *p, size_t len);

#endif
