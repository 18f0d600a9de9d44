/*
 * text.h - Unicode text helpers (the seam to utf8proc).
 */
#ifndef SKILLSBOT_TEXT_H
#define SKILLSBOT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The comparison key of a skill or name: NFC, case-folded, white space
 * (including no-break spaces) folded to single spaces and trimmed,
 * directional marks (LRM, RLM, ALM, embeddings, isolates) left out.
 * Invalid UTF-8 bytes are kept as U+FFFD. Returns a new string. */
char *sb_text_fold(const char *s, size_t len);

/* The key that displayed lists sort labels and names by: sb_text_fold
 * with accents and other combining marks left out, so that a letter
 * with an accent sorts with its letter ("Élaboration" between
 * "Diffusion" and "Formation", not after "Wikidata"). Not a grouping
 * key: two texts that differ in a mark are two things (group with
 * sb_text_fold). Returns a new string; compare with sb_text_sort_cmp. */
char *sb_text_sort_key(const char *s, size_t len);

/* The display order of texts `a` and `b` whose sort keys are `key_a`
 * and `key_b`: by key, then by the exact text (bytes), so that the order
 * is total. strcmp-style result. */
int sb_text_sort_cmp(const char *key_a, const char *a, const char *key_b,
		     const char *b);

/* sb_text_fold of plain ASCII (no NUL) into `out` (`cap` bytes), without
 * allocating: for hot lookups. False when the text is not plain ASCII or
 * does not fit; then use sb_text_fold. */
bool sb_text_fold_ascii(char *out, size_t cap, const char *s, size_t len);

/* sb_text_clean into `out` (len + 1 bytes) without allocating, when the
 * text is plain ASCII or Latin-1 (the common case); false otherwise (then
 * use sb_text_clean). */
bool sb_text_clean_to(char *out, const char *s, size_t len);

/* NFC-normalise (no case folding); invalid bytes become U+FFFD. */
char *sb_text_nfc(const char *s, size_t len);

/* NFC, white space (no-break spaces included) folded to single spaces
 * and trimmed; case kept. Returns a new string. */
char *sb_text_clean(const char *s, size_t len);

/* A MediaWiki title or user name: as sb_text_clean() with underscores as
 * spaces, directional marks left out, and the first letter upper case.
 * Returns a new string. */
char *sb_text_title(const char *s, size_t len);

/* The length of the directional mark (as sb_text_fold leaves out) that
 * s[0..n) starts with, or 0. */
size_t sb_text_mark_len(const char *s, size_t n);

/* True when `s` is valid UTF-8. */
bool sb_text_valid_utf8(const char *s, size_t len);

/* Number of code points in s[0..len) (invalid bytes count one each): the
 * column unit of diagnostics. */
size_t sb_text_columns(const char *s, size_t len);

/* `s` with its first code point upper-cased (simple mapping), as
 * MediaWiki does to titles. Returns a new string. */
char *sb_text_ucfirst(const char *s);

/* 64-bit FNV-1a of bytes, for hash tables and content hashes. */
unsigned long long sb_hash64(const void *p, size_t len);

#endif
