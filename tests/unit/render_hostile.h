/*
 * render_hostile.h - hostile values an editor could type into a profile,
 * and a decoder of the numeric character references the escaper writes
 * (what a browser shows).
 */
#ifndef RENDER_HOSTILE_H
#define RENDER_HOSTILE_H

#include "skillsbot/buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const hostile_values[] = {
	"{{subst:Foo}}", "}}{{", "{{#if:x|y|z}}", "{{{1}}}", "{{!}}",
	"[[Category:Spam]]", "[[:Category:Spam]]", "[[File:X.jpg|thumb]]",
	"[[User:X|Y]]", "Alice]] [[Category:X", "[http://evil.example x]",
	"http://evil.example/", "https://evil.example/a?b=c",
	"mailto:x@example.org", "//evil.example",
	"{|\n|}", "|}", "|-", "|+ caption", "||", "!!", "! header",
	"<script>alert(1)</script>", "</nowiki>", "<nowiki>", "<ref>x</ref>",
	"<!-- skillsbot:end by-skill -->", "-->", "<!--",
	"== Heading ==", "\n== H ==\n", "x\n* item", "* item", "# item",
	": indent", "; term : def", " preformatted", "----", "--",
	"__NOTOC__", "__FORCETOC__", "_ _", "~~~~", "~~~~~", "~~~",
	"'''bold'''", "''italic''", "'", "ISBN 978-3-16-148410-0",
	"RFC 1234", "PMID 12345", "&amp;", "&lt;b&gt;", "&#123;&#123;x}}",
	"-{zh:x}-", "x|y=z", "=", "a=b", "\x01\x7f", "\xff\xfe invalid",
	"\xe2\x80\xae" "evil", "Ελληνικά {{x}}", "عربي [[x]]", "a\tb\rc",
	"%7B%7B", "\"quoted\" attr=\"x\"", "data-sort-value=\"1\" | x",
	"Jean-Pierre O'Neil", "@everyone", "{{PLURAL:$1|a|b}} $1",
	NULL
};

/* Decode &#N; (all the escaper writes) into UTF-8. */
static inline char *decode_refs(const char *s)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	while (*s) {
		char *end;
		long cp;

		if (s[0] == '&' && s[1] == '#' &&
		    (cp = strtol(s + 2, &end, 10)) > 0 && *end == ';') {
			if (cp < 0x80) {
				sb_buf_addc(&b, (char)cp);
			} else if (cp < 0x800) {
				sb_buf_addc(&b, (char)(0xC0 | (cp >> 6)));
				sb_buf_addc(&b, (char)(0x80 | (cp & 0x3F)));
			} else {
				sb_buf_addc(&b, (char)(0xE0 | (cp >> 12)));
				sb_buf_addc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
				sb_buf_addc(&b, (char)(0x80 | (cp & 0x3F)));
			}
			s = end + 1;
		} else {
			sb_buf_addc(&b, *s++);
		}
	}
	return sb_buf_take(&b, NULL);
}

#endif
