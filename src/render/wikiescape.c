/* wikiescape.c - inert editor values in wikitext; see wikiescape.h. */
#include "skillsbot/wikiescape.h"

#include "skillsbot/error.h"

#include <stdint.h>
#include <string.h>

/* Characters that mean something to the parser wherever they stand:
 * templates, links, tables, cells, tags, attributes, quotes, signatures,
 * double-underscore magic words, URL auto-links ("://"), headings and
 * template arguments ("="), header cells ("!!"). */
static const bool encoded_set[128] = {
	['&'] = true, ['<'] = true, ['>'] = true, ['{'] = true, ['}'] = true,
	['['] = true, [']'] = true, ['|'] = true, ['~'] = true, ['_'] = true,
	['='] = true, ['\''] = true, ['"'] = true, [':'] = true, ['!'] = true,
};

static bool always_encoded(unsigned char c)
{
	return c < 128 && encoded_set[c];
}

/* At the start of a value (which may be the start of a line or a cell)
 * any ASCII punctuation or space may mean something: list and
 * definition markers, "----", "|-", "|+", preformatted lines. */
static bool lead_encoded(unsigned char c)
{
	return c == ' ' || (c > 32 && c < 127 && !((c >= '0' && c <= '9') ||
		(c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')));
}

/* Length of the valid UTF-8 sequence at s (at most len bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* ISBN, RFC and PMID followed by a number become magic links. */
static bool magic_link_word(const char *s, size_t len)
{
	return (len >= 4 && (memcmp(s, "ISBN", 4) == 0 ||
			     memcmp(s, "PMID", 4) == 0)) ||
	       (len >= 3 && memcmp(s, "RFC", 3) == 0);
}

static const char replacement[] = "\xEF\xBF\xBD";

/* True for a byte that can be copied as it is, wherever it stands
 * except at the start of a value. */
static bool plain_byte(unsigned char c)
{
	return c >= 0x80 ? false : (c > 32 && c != 127 && !always_encoded(c) &&
				    c != 'I' && c != 'R' && c != 'P') || c == ' ';
}

/* `start`: s is the start of a value (maybe of a line or a cell). */
static int esc_text(sb_buf *b, const char *s, size_t len, bool start)
{
	const unsigned char *u = (const unsigned char *)s;
	int err = SB_OK;
	size_t i = 0;

	while (i < len && err == SB_OK) {
		uint32_t cp;
		size_t n, run = i;
		unsigned char c;

		/* Copy a run of plain ASCII in one go (most of the text). */
		while (run < len && run > 0 && plain_byte(u[run]))
			run++;
		if (run > i) {
			err = sb_buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		n = utf8_seq(u + i, len - i, &cp);
		c = u[i];
		if (n == 0) {
			err = sb_buf_add(b, replacement, 3);
			i++;
			continue;
		}
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		if (n == 1 && (c < 32 || c == 127))
			err = sb_buf_add(b, replacement, 3);
		else if (n == 1 && (always_encoded(c) ||
				    (i == 0 && start && lead_encoded(c)) ||
				    magic_link_word(s + i, len - i)))
			err = sb_buf_addf(b, "&#%d;", c);
		else if (n == 1)
			err = sb_buf_addc(b, (char)c);
		else
			err = sb_buf_add(b, s + i, n);
		i += n;
	}
	return err;
}

int sb_esc_text(sb_buf *b, const char *s, size_t len)
{
	return esc_text(b, s, len, true);
}

int sb_esc_text_after(sb_buf *b, const char *s, size_t len)
{
	return esc_text(b, s, len, false);
}

int sb_esc_texts(sb_buf *b, const char *s)
{
	return sb_esc_text(b, s ? s : "", s ? strlen(s) : 0);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

bool sb_esc_title_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;

	if (!s || !*s || *s == ':' || *s == ' ')
		return false;
	len = strlen(s);
	if (len > 255 || s[len - 1] == ' ' || strstr(s, "~~~") ||
	    strstr(s, "  "))
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_seq(u + i, len - i, &cp);

		if (n == 0 || cp < 32 || cp == 127 ||
		    (cp < 128 && strchr("#<>[]|{}_&", (int)cp)))
			return false;
		if (cp == '%' && i + 2 < len && is_hex(s[i + 1]) &&
		    is_hex(s[i + 2]))
			return false;
		/* Marks that MediaWiki strips from titles, and U+FFFD. */
		if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
		    cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
		    cp == 0x2029)
			return false;
		i += n;
	}
	return true;
}

int sb_esc_user_link(sb_buf *b, const char *name)
{
	int err;

	if (!name || !sb_esc_title_ok(name) || strchr(name, '/') ||
	    strchr(name, ':'))
		return sb_esc_texts(b, name);
	if ((err = sb_buf_addf(b, "[[User:%s|", name)) < 0)
		return err;
	if ((err = sb_esc_texts(b, name)) < 0)
		return err;
	return sb_buf_adds(b, "]]");
}

int sb_esc_page_link(sb_buf *b, const char *title, const char *label)
{
	int err;

	if (!label)
		label = title;
	if (!title || !sb_esc_title_ok(title))
		return sb_esc_texts(b, label);
	if ((err = sb_buf_addf(b, "[[:%s|", title)) < 0)
		return err;
	if ((err = sb_esc_texts(b, label)) < 0)
		return err;
	return sb_buf_adds(b, "]]");
}

/* http(s)://, then only characters that end nothing and open nothing. */
static bool url_ok(const char *url)
{
	size_t i;

	if (!url || (strncmp(url, "https://", 8) != 0 &&
		     strncmp(url, "http://", 7) != 0))
		return false;
	if (strlen(url) > 2000 || strstr(url, "~~~") || strstr(url, "__") ||
	    strstr(url, "''"))
		return false;
	for (i = 0; url[i]; i++) {
		unsigned char c = (unsigned char)url[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || strchr("-._~:/?#@$&()*+,;=%", c)))
			return false;
	}
	return i > 8;
}

int sb_esc_ext_link(sb_buf *b, const char *url, const char *label)
{
	int err;

	if (!label || !*label)
		label = url;
	if (url_ok(url)) {
		if ((err = sb_buf_addf(b, "[%s ", url)) < 0)
			return err;
		if ((err = sb_esc_texts(b, label)) < 0)
			return err;
		return sb_buf_addc(b, ']');
	}
	if ((err = sb_esc_texts(b, label)) < 0)
		return err;
	if (url && *url && label != url) {
		if ((err = sb_buf_adds(b, " (")) < 0 ||
		    (err = sb_esc_texts(b, url)) < 0)
			return err;
		return sb_buf_addc(b, ')');
	}
	return SB_OK;
}
