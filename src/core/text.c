/* text.c - Unicode helpers over utf8proc; see text.h. */
#include "skillsbot/text.h"

#include "skillsbot/buf.h"
#include "skillsbot/mem.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Plain ASCII (no NUL) is its own NFC form and folds byte by byte: the
 * common case, done here without utf8proc's decomposition (a large share
 * of extraction time otherwise). Same result as the general path. */
static bool map_ascii(char *out, const char *s, size_t len, bool casefold,
		      bool fold_space)
{
	size_t n = 0;

	/* Checked while mapped: one pass. `out` is scrap on false. */
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if ((unsigned char)c - 1u >= 0x7Fu)
			return false;

		if (fold_space && (c == ' ' || (c >= '\t' && c <= '\r'))) {
			if (n && out[n - 1] != ' ')
				out[n++] = ' ';
			continue;
		}
		if (casefold && c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		out[n++] = c;
	}
	if (fold_space && n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return true;
}

/* Text of U+0001..U+00FF only (accented Latin, no-break spaces) is in
 * NFC too (combining marks start at U+0300), and its case folding is one
 * step: U+00C0..U+00DE (not U+00D7) move up by 0x20. U+00B5 and U+00DF
 * fold to other letters, so their text takes the general path. */
static bool is_latin1(const char *s, size_t len, bool casefold)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i], d;

		if (c >= 0x01 && c <= 0x7F)
			continue;
		if ((c != 0xC2 && c != 0xC3) || i + 1 >= len)
			return false;
		d = (unsigned char)s[++i];
		if (d < 0x80 || d > 0xBF ||
		    (casefold && ((c == 0xC2 && d == 0xB5) ||
				  (c == 0xC3 && d == 0x9F))))
			return false;
	}
	return true;
}

static void map_latin1(char *out, const char *s, size_t len, bool casefold,
		       bool fold_space)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool nbsp = c == 0xC2 && (unsigned char)s[i + 1] == 0xA0;

		if (fold_space && (c == ' ' || (c >= '\t' && c <= '\r') ||
				   nbsp)) {
			if (n && out[n - 1] != ' ')
				out[n++] = ' ';
			i += nbsp;
			continue;
		}
		if (c < 0x80) {
			out[n++] = casefold && c >= 'A' && c <= 'Z'
				   ? (char)(c + 32) : (char)c;
			continue;
		}
		out[n++] = (char)c;
		c = (unsigned char)s[++i];
		if (casefold && out[n - 1] == '\xC3' && c >= 0x80 &&
		    c <= 0x9E && c != 0x97)
			c = (unsigned char)(c + 0x20);
		out[n++] = (char)c;
	}
	if (fold_space && n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* The two shortcuts above into `out` (len + 1 bytes); false when the
 * text needs utf8proc. `latin1` false: ASCII only (Latin-1 letters with
 * accents have marks to strip). */
static bool map_fast(char *out, const char *s, size_t len, bool casefold,
		     bool fold_space, bool latin1)
{
	if (map_ascii(out, s, len, casefold, fold_space))
		return true;
	if (latin1 && is_latin1(s, len, casefold))
		map_latin1(out, s, len, casefold, fold_space);
	else
		return false;
	return true;
}

/* Unicode's Bidi_Control characters (LRM, RLM, ALM, the embeddings,
 * overrides and isolates): invisible, they only steer display, so they
 * are no part of a name or a key. MediaWiki drops them from titles too. */
static bool bidi_control(utf8proc_int32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

size_t sb_text_mark_len(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (!n || (unsigned char)s[0] < 0xC0)
		return 0;
	k = utf8proc_iterate((const utf8proc_uint8_t *)s,
			     (utf8proc_ssize_t)n, &cp);
	return k > 0 && bidi_control(cp) ? (size_t)k : 0;
}

/* Decode, replacing each invalid byte by U+FFFD, then map with `opts`;
 * `drop_marks` leaves out the bidi controls (none are ASCII or Latin-1,
 * so the fast path never meets one). */
static char *map_text(const char *s, size_t len, utf8proc_option_t opts,
		      bool fold_space, bool drop_marks)
{
	sb_buf clean;
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	size_t i = 0;
	char *out;

	out = sb_malloc(len + 1);
	if (map_fast(out, s, len, (opts & UTF8PROC_CASEFOLD) != 0,
		     fold_space, (opts & UTF8PROC_STRIPMARK) == 0))
		return out;
	free(out);
	sb_buf_init(&clean, SB_BUF_UNLIMITED);
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(len - i), &cp);

		if (k < 0 || cp == 0) {
			sb_buf_adds(&clean, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (drop_marks && bidi_control(cp)) {
			/* left out */
		} else if (fold_space && (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
				   cp == '\t' || cp == '\n' || cp == '\r' ||
				   cp == '\v' || cp == '\f')) {
			if (clean.len && sb_buf_str(&clean)[clean.len - 1] != ' ')
				sb_buf_addc(&clean, ' ');
		} else {
			sb_buf_add(&clean, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	if (fold_space && clean.len && clean.ptr[clean.len - 1] == ' ')
		clean.ptr[--clean.len] = '\0';
	n = utf8proc_map((const utf8proc_uint8_t *)sb_buf_str(&clean),
			 (utf8proc_ssize_t)clean.len, &mapped, opts);
	if (n < 0) {
		/* Cannot happen on cleaned input; keep the cleaned text. */
		return sb_buf_take(&clean, NULL);
	}
	sb_buf_dispose(&clean);
	out = sb_strdup((const char *)mapped);
	free(mapped);
	return out;
}

bool sb_text_fold_ascii(char *out, size_t cap, const char *s, size_t len)
{
	size_t n = 0;

	if (len >= cap)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if ((unsigned char)c - 1u >= 0x7Fu)
			return false;
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			if (n && out[n - 1] != ' ')
				out[n++] = ' ';
			continue;
		}
		out[n++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	if (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return true;
}

char *sb_text_fold(const char *s, size_t len)
{
	return map_text(s, len,
			UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD,
			true, true);
}

/* Combining marks go (UTF8PROC_STRIPMARK decomposes, drops them and
 * composes again): "Édition" sorts as "edition". */
char *sb_text_sort_key(const char *s, size_t len)
{
	return map_text(s, len,
			UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
			UTF8PROC_STRIPMARK, true, true);
}

int sb_text_sort_cmp(const char *key_a, const char *a, const char *key_b,
		     const char *b)
{
	int c = strcmp(key_a, key_b);

	return c ? c : strcmp(a, b);
}

char *sb_text_nfc(const char *s, size_t len)
{
	return map_text(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, false,
			false);
}

bool sb_text_valid_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(len - i), &cp);

		if (k < 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

size_t sb_text_columns(const char *s, size_t len)
{
	size_t cols = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cols++;
	return cols;
}

unsigned long long sb_hash64(const void *p, size_t len)
{
	const unsigned char *b = p;
	unsigned long long h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Added for the API client (title normalisation): MediaWiki upper-cases
 * only the first code point of a title, with the simple mapping. */
char *sb_text_ucfirst(const char *s)
{
	utf8proc_int32_t cp;
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k, n;
	size_t len = strlen(s);
	char *out;

	/* An ASCII first letter (nearly every title): no utf8proc. */
	if ((unsigned char)s[0] < 0x80) {
		out = sb_malloc(len + 1);
		memcpy(out, s, len + 1);
		if (out[0] >= 'a' && out[0] <= 'z')
			out[0] = (char)(out[0] - 32);
		return out;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s,
			     (utf8proc_ssize_t)len, &cp);
	if (k <= 0)
		return sb_strdup(s);
	n = utf8proc_encode_char(utf8proc_toupper(cp), enc);
	out = sb_malloc((size_t)n + len - (size_t)k + 1);
	memcpy(out, enc, (size_t)n);
	memcpy(out + n, s + k, len - (size_t)k + 1);
	return out;
}

/* Shared by the two below: for titles `_` counts as white space and the
 * bidi controls go. */
static char *clean_text(const char *s, size_t len, bool title)
{
	char *tmp = NULL, *out;

	if (title && memchr(s, '_', len)) {
		tmp = sb_strndup(s, len);
		for (size_t i = 0; i < len; i++)
			if (tmp[i] == '_')
				tmp[i] = ' ';
		s = tmp;
	}
	out = map_text(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, true,
		       title);
	free(tmp);
	return out;
}

bool sb_text_clean_to(char *out, const char *s, size_t len)
{
	return map_fast(out, s, len, false, true, true);
}

char *sb_text_clean(const char *s, size_t len)
{
	return clean_text(s, len, false);
}

/* sb_text_title's common case into `out` (len + 1 bytes); false when it
 * needs the general path. */
static bool title_fast(char *out, const char *s, size_t len)
{
	char spaced[256];

	if (memchr(s, '_', len)) {
		if (len >= sizeof(spaced))
			return false;
		for (size_t i = 0; i < len; i++)
			spaced[i] = s[i] == '_' ? ' ' : s[i];
		s = spaced;
	}
	if (!map_fast(out, s, len, false, true, true) ||
	    (unsigned char)out[0] >= 0x80)
		return false;
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 32);
	return true;
}

char *sb_text_title(const char *s, size_t len)
{
	char *t, *out;

	/* Plain ASCII or Latin-1 starting with an ASCII letter (most titles
	 * and user names): one string, upper-cased in place. */
	t = sb_malloc(len + 1);
	if (title_fast(t, s, len))
		return t;
	free(t);
	t = clean_text(s, len, true);
	out = sb_text_ucfirst(t);

	free(t);
	return out;
}
