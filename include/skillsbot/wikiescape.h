/*
 * wikiescape.h - writing editor-typed values into generated wikitext.
 *
 * Part of the render module. Every value that came from an editor goes
 * through one of these functions, so that it shows as typed and can open
 * or close nothing (template, link, table, cell, tag, heading, list, magic
 * word, signature, substitution, marker). One escaping serves every place
 * a value can land (table cell, link label, heading, list item, template
 * argument, attribute value): every character that means something to the
 * parser somewhere becomes a numeric character reference, which the
 * parser passes through as text and the browser shows as the character.
 *
 * All functions append to a caller-owned sb_buf and return SB_OK or
 * SB_ETOOBIG (the buffer's cap).
 */
#ifndef SKILLSBOT_WIKIESCAPE_H
#define SKILLSBOT_WIKIESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/buf.h"

/* Append `s[0..len)` as inert text. Invalid UTF-8 and control characters
 * become U+FFFD; tabs and line breaks become spaces (a value never spans
 * lines). */
int sb_esc_text(sb_buf *b, const char *s, size_t len);
int sb_esc_texts(sb_buf *b, const char *s);
/* The same for the rest of a value whose start is already written
 * (after markup such as a </span>, never at the start of a line): its
 * first character is escaped as any other. */
int sb_esc_text_after(sb_buf *b, const char *s, size_t len);

/* True when `s` can be written raw as a link target: a non-empty, valid
 * UTF-8 title of at most 255 bytes with no character the parser would
 * read as syntax there (#<>[]|{}_&~~~, %XX, controls, bidi marks). */
bool sb_esc_title_ok(const char *s);

/* [[User:NAME|NAME]], or NAME as inert text when NAME cannot be a title. */
int sb_esc_user_link(sb_buf *b, const char *name);

/* [[:TITLE|LABEL]] (LABEL defaults to TITLE; the leading colon keeps a
 * category or file title a plain link), or LABEL as text when TITLE
 * cannot be a title. */
int sb_esc_page_link(sb_buf *b, const char *title, const char *label);

/* [URL LABEL] for an http(s) URL made only of safe characters, else
 * "LABEL (URL)" as inert text. */
int sb_esc_ext_link(sb_buf *b, const char *url, const char *label);

#endif
