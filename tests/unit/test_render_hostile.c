/* test_render_hostile.c - a directory whose every editor-typed value is
 * hostile (user name, page title, skill, clinic title, resource title and
 * link, format, problem field and message, organisers' note) renders with
 * no more structure than the same directory with harmless values: no
 * extra template, link, table, cell, tag, heading, list, magic word,
 * signature or marker, and no extra line. */
#include "render_fixture.h"
#include "render_hostile.h"

#include <stdio.h>

/* Wikitext that opens or closes something, counted per page. */
static const char *const tokens[] = {"{{", "}}", "[[", "]]", "[", "]",
	"{|", "|}", "|-", "||", "!!", "|", "!", "<", ">", "__", "~~~", "://",
	"''", "ISBN ", "RFC ", "PMID ", "-{", "}-", "=", "\n", "\n*", "\n#",
	"\n:", "\n;", "\n ", "\n-", "\n=", NULL};

/* Drop link targets ("[[User:X|" -> "[[|", "[URL " -> "[ "): inside a
 * target, text such as "ISBN 1" or "a=b" is a title or URL, not syntax;
 * labels are still counted. A page link "[[:T|L]]" counts as the
 * external link "[ L]": a resource's link is either, the same one link
 * (its label is escaped, so the next "]]" closes it). */
static char *strip_targets(const char *s)
{
	sb_buf b;
	size_t page_links = 0;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	while (*s) {
		const char *bar;

		if (strncmp(s, "[[:", 3) == 0 && (bar = strpbrk(s + 3, "|]")) &&
		    *bar == '|') {
			sb_buf_adds(&b, "[ ");
			s = bar + 1;
			page_links++;
		} else if (page_links && strncmp(s, "]]", 2) == 0) {
			sb_buf_addc(&b, ']');
			s += 2;
			page_links--;
		} else if (strncmp(s, "[[", 2) == 0 &&
			   (bar = strpbrk(s + 2, "|]")) && *bar == '|') {
			sb_buf_adds(&b, "[[|");
			s = bar + 1;
		} else if (strncmp(s, "[http", 5) == 0 && strchr(s, ' ')) {
			/* An external link's URL, checked by the escaper. */
			sb_buf_adds(&b, "[ ");
			s = strchr(s, ' ') + 1;
		} else {
			sb_buf_addc(&b, *s++);
		}
	}
	return sb_buf_take(&b, NULL);
}

static size_t count(const char *s, const char *tok)
{
	size_t n = 0, len = strlen(tok);

	for (const char *p = s; (p = strstr(p, tok)) != NULL; p += len)
		n++;
	return n;
}

static void no_more_structure(const sb_page_out *got, const sb_page_out *base,
			      const char *value)
{
	char *g = strip_targets(got->content), *b = strip_targets(base->content);

	for (size_t t = 0; tokens[t]; t++) {
		size_t ng = count(g, tokens[t]), nb = count(b, tokens[t]);

		if (ng > nb || (strcmp(tokens[t], "\n") == 0 && ng != nb))
			fail_msg("value %s: '%s' %zu times in %s, %zu in the "
				 "harmless page:\n%s", value, tokens[t], ng,
				 got->title, nb, got->content);
	}
	free(g);
	free(b);
}

static void hostile_directory_adds_no_structure(void **state)
{
	fixture *base = fx_new(NULL);
	sb_page_out *bp;
	size_t bn;

	(void)state;
	assert_int_equal(sb_render_all(&bp, &bn, &base->ctx), SB_OK);
	for (size_t i = 0; hostile_values[i]; i++) {
		fixture *f = fx_new(hostile_values[i]);
		sb_page_out *p;
		size_t n;
		int err = sb_render_all(&p, &n, &f->ctx);

		if (err)
			fail_msg("%s: %s", hostile_values[i], sb_error_message());
		assert_int_equal(n, bn);
		for (size_t k = 0; k < n; k++) {
			assert_string_equal(p[k].section, bp[k].section);
			no_more_structure(&p[k], &bp[k], hostile_values[i]);
		}
		sb_pages_free(p, n);
		fx_free(f);
	}
	sb_pages_free(bp, bn);
	fx_free(base);
}

/* The organisers' note shows as typed: decoding the references of the
 * dashboard gives back the hostile text. */
static void hostile_text_shows_as_typed(void **state)
{
	const char *v = "{{subst:X}} [[Category:Y]] ~~~~ __NOTOC__ <b>z</b>";
	fixture *f = fx_new(v);
	sb_page_out *p;
	size_t n;
	char *shown;

	(void)state;
	assert_int_equal(sb_render_all(&p, &n, &f->ctx), SB_OK);
	shown = decode_refs(p[6 * 6].content);
	assert_non_null(strstr(shown, "\n* {{subst:X}} [[Category:Y]] ~~~~ "
			       "__NOTOC__ <b>z</b>\n"));
	free(shown);
	sb_pages_free(p, n);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_directory_adds_no_structure),
		cmocka_unit_test(hostile_text_shows_as_typed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
