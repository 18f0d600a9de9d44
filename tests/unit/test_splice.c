/* test_splice.c - marker splicing keeps every byte outside the markers;
 * bad markers are refused; the dry-run diff applies back to the new
 * text. */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/diff.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/splice.h"
#include "skillsbot/wikitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char page[] =
	"Intro by a human.\r\n<!-- a comment -->\n"
	"<!-- skillsbot:begin by-skill -->\nold table\n"
	"<!-- skillsbot:end by-skill -->\n"
	"Middle text, with trailing spaces   \n"
	"<!--skillsbot:begin   notes-->old notes<!--  skillsbot:end notes -->"
	"\n[[Category:Kept]] no final newline";

static void replace_keeps_outside_bytes(void **state)
{
	char *out;
	size_t len;
	sb_section_span sp;
	const char *tail = "\n<!-- skillsbot:end by-skill -->\n"
			   "Middle text, with trailing spaces   \n";

	(void)state;
	assert_int_equal(sb_splice_replace(&out, &len, page, strlen(page),
					   "by-skill", "new\ntable\n\n", "P"),
			 SB_OK);
	assert_int_equal(len, strlen(out));
	/* Everything before the inner bytes and after them is identical. */
	assert_int_equal(sb_splice_find(&sp, page, strlen(page), "by-skill",
					"P"), SB_OK);
	assert_memory_equal(out, page, sp.inner);
	assert_string_equal(out + sp.inner + strlen("\nnew\ntable"),
			    page + sp.inner_end - 1);
	assert_non_null(strstr(out, "-->\nnew\ntable\n<!-- skillsbot:end"));
	assert_non_null(strstr(out, tail));
	free(out);

	/* Compact markers on one line work too. */
	assert_int_equal(sb_splice_replace(&out, &len, page, strlen(page),
					   "notes", "fresh", "P"), SB_OK);
	assert_non_null(strstr(out, "<!--skillsbot:begin   notes-->\nfresh\n"
			       "<!--  skillsbot:end notes -->\n[[Category:"
			       "Kept]] no final newline"));
	assert_memory_equal(out, page, strstr(page, "<!--skillsbot:begin") -
			    page);
	free(out);
}

static void replace_twice_is_stable(void **state)
{
	char *once, *twice;
	size_t l1, l2;

	(void)state;
	assert_int_equal(sb_splice_replace(&once, &l1, page, strlen(page),
					   "by-skill", "x", "P"), SB_OK);
	assert_int_equal(sb_splice_replace(&twice, &l2, once, l1, "by-skill",
					   "x", "P"), SB_OK);
	assert_int_equal(l1, l2);
	assert_memory_equal(once, twice, l1);
	free(once);
	free(twice);
}

static void check_refuses(const char *text, int code, const char *words)
{
	sb_section_span sp;

	assert_int_equal(sb_splice_find(&sp, text, strlen(text), "a", "Pg"),
			 code);
	assert_non_null(strstr(sb_error_message(), "Pg"));
	assert_non_null(strstr(sb_error_message(), words));
	/* The whole-page check agrees: broken markers are refused with the
	 * same words; a page merely without section a is fine. */
	if (code == SB_EINVALID) {
		assert_int_equal(sb_splice_check(text, strlen(text), "Pg"),
				 SB_EINVALID);
		assert_non_null(strstr(sb_error_message(), "Pg"));
		assert_non_null(strstr(sb_error_message(), words));
	} else {
		assert_int_equal(sb_splice_check(text, strlen(text), "Pg"),
				 SB_OK);
	}
}

static void bad_markers_refused(void **state)
{
	(void)state;
	check_refuses("text only", SB_ENOTFOUND, "no markers");
	check_refuses("<!-- skillsbot:begin b --><!-- skillsbot:end b -->",
		      SB_ENOTFOUND, "no markers");
	check_refuses("<!-- skillsbot:begin a -->x<!-- skillsbot:end a -->"
		      "<!-- skillsbot:begin a -->y<!-- skillsbot:end a -->",
		      SB_EINVALID, "twice");
	check_refuses("<!-- skillsbot:begin a -->x", SB_EINVALID,
		      "never closed");
	check_refuses("x<!-- skillsbot:end a -->", SB_EINVALID, "without");
	check_refuses("<!-- skillsbot:begin a --><!-- skillsbot:begin b -->"
		      "<!-- skillsbot:end b --><!-- skillsbot:end a -->",
		      SB_EINVALID, "not closed");
	check_refuses("<!-- skillsbot:begin a --><!-- skillsbot:end b -->",
		      SB_EINVALID, "not closed");
	/* A broken other section makes the whole page untouchable. */
	check_refuses("<!-- skillsbot:begin a -->x<!-- skillsbot:end a -->"
		      "<!-- skillsbot:begin b -->", SB_EINVALID, "b");
}

static void not_markers_are_ignored(void **state)
{
	const char *t = "skillsbot:begin a (not a comment) "
			"<!-- skillsbot:beginner a --> <!-- skillsbot:begin -->"
			"<!-- skillsbot:begin a -->in<!-- skillsbot:end a -->";
	sb_section_span sp;

	(void)state;
	assert_int_equal(sb_splice_find(&sp, t, strlen(t), "a", "P"), SB_OK);
	assert_int_equal(sp.inner_end - sp.inner, 2);
	assert_memory_equal(t + sp.inner, "in", 2);
}

/* Page text in, the text the bot would save (or its refusal) out. */
static int splice_out(char **out, const char *text)
{
	size_t len;

	return sb_splice_replace(out, &len, text, strlen(text), "a", "NEW",
				 "Pg");
}

#define B "<!-- skillsbot:begin a -->"
#define E "<!-- skillsbot:end a -->"

/* Inside <nowiki>, <pre> and extension tags that do not parse wikitext
 * (<syntaxhighlight>, <source>, <math>...), "<!-- -->" is no comment in
 * MediaWiki: the text shows on the page, so it is no marker either. */
static void verbatim_tags_hide_markers(void **state)
{
	static const char *const only_example[] = {
		/* The real markers removed, an example left in a code
		 * block: the section must not go into the code block. */
		"<syntaxhighlight lang=html>" B "\n" E "</syntaxhighlight>\n"
		"HUMANTABLE\n{| class=wikitable\n|}\n",
		"<SyntaxHighlight lang=\"html\" line>" B "x" E
		"</SYNTAXHIGHLIGHT >",
		"<source lang=html>" B E "</source>",
		/* The whole section quoted in documentation. */
		"Docs for editors:\n<nowiki>" B "\nHUMAN\nold\n" E
		"</nowiki>\nEnd of docs.",
		"<pre>" B "\nHUMAN\n" E "</pre>",
		"<pre class=\"example\">\n" B "HUMAN" E "\n</Pre>",
		"<math>" B "x" E "</math>",
		"<score>" B "x" E "</score>",
		/* One marker inside, one outside: neither pairs. */
		"<nowiki>" B "</nowiki>HUMAN<nowiki>" E "</nowiki>",
	};
	char *out = (char *)"unset";

	(void)state;
	for (size_t i = 0; i < sizeof(only_example) / sizeof(*only_example);
	     i++) {
		const char *t = only_example[i];

		assert_int_equal(splice_out(&out, t), SB_ENOTFOUND);
		assert_null(out);
		assert_non_null(strstr(sb_error_message(), "no markers"));
		assert_int_equal(sb_splice_check(t, strlen(t), "Pg"), SB_OK);
	}
}

static void verbatim_example_beside_real_markers(void **state)
{
	/* A nowiki'd example next to the real markers: no "appears twice",
	 * the real section is written, the example kept. */
	static const char *const pages[][2] = {
		{B "\nold\n" E "\n<nowiki>" B "</nowiki> is how you mark it",
		 B "\nNEW\n" E "\n<nowiki>" B "</nowiki> is how you mark it"},
		{"<pre>" B "\nHUMAN\n" E "</pre>\n" B "old" E,
		 "<pre>" B "\nHUMAN\n" E "</pre>\n" B "\nNEW\n" E},
		{"<syntaxhighlight lang=html>" B E "</syntaxhighlight>" B E
		 "<source>" E "</source>",
		 "<syntaxhighlight lang=html>" B E "</syntaxhighlight>" B
		 "\nNEW\n" E "<source>" E "</source>"},
		/* An example inside the section itself survives only until
		 * the section is written, as any text between markers. */
		{B "<nowiki>" E "</nowiki>" E, B "\nNEW\n" E},
	};
	char *out;

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		assert_int_equal(splice_out(&out, pages[i][0]), SB_OK);
		assert_string_equal(out, pages[i][1]);
		assert_int_equal(sb_splice_check(pages[i][0],
						 strlen(pages[i][0]), "Pg"),
				 SB_OK);
		free(out);
	}
}

/* What MediaWiki does not take as such a tag leaves markers alone. */
static void markers_outside_verbatim_tags(void **state)
{
	static const char *const pages[][2] = {
		/* Self-closing: no content. */
		{"<nowiki/>" B "old" E "<pre />",
		 "<nowiki/>" B "\nNEW\n" E "<pre />"},
		/* Another tag whose name merely begins the same. */
		{"<nowikix>" B "old" E "</nowikix><prefix>",
		 "<nowikix>" B "\nNEW\n" E "</nowikix><prefix>"},
		/* <code> is HTML: a comment inside it is a comment. */
		{"<code>" B "old" E "</code>", "<code>" B "\nNEW\n" E
		 "</code>"},
		/* A tag inside a comment is the comment's text. */
		{"<!-- <pre> -->" B "old" E "<!-- </pre> -->",
		 "<!-- <pre> -->" B "\nNEW\n" E "<!-- </pre> -->"},
		/* The tag closed before the markers. */
		{"<pre>x</pre >" B "old" E, "<pre>x</pre >" B "\nNEW\n" E},
		/* Without its closing tag, MediaWiki shows "<nowiki>" as
		 * text and parses what follows: the markers are real. */
		{"<nowiki>" B "old" E, "<nowiki>" B "\nNEW\n" E},
		{"<pre>\n" B "old" E "\n<pre>", "<pre>\n" B "\nNEW\n" E
		 "\n<pre>"},
		/* After a <pre> never closed, "<pre .../>" still holds
		 * nothing: here "<!--" in its attributes opens no comment. */
		{"<pre>x" B "old<pre <!-- />" E, "<pre>x" B "\nNEW\n" E},
		/* A tag name without ">" anywhere after it is text. */
		{B "old" E "<pre", B "\nNEW\n" E "<pre"},
	};
	char *out;

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		assert_int_equal(splice_out(&out, pages[i][0]), SB_OK);
		assert_string_equal(out, pages[i][1]);
		free(out);
	}
}

/* Comment leaves under node i, as the extractor reads the page. */
static size_t comment_leaves(const sb_wt_tree *t, uint32_t i)
{
	size_t n = 0;

	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next)
		n += t->nodes[c].type == SB_WT_COMMENT ? 1
						       : comment_leaves(t, c);
	return n;
}

/* Splicing and the wikitext parser read comments the same way. These
 * pages were read differently before the two shared one reading: <ref>
 * and <gallery> are raw tags to the parser (it never reads the section
 * inside), "<" in an opening tag does not undo it (MediaWiki ends the tag
 * at the first ">"), and "<pre/x>" is no tag at all. */
static void markers_agree_with_the_parser(void **state)
{
	static const struct {
		const char *text;
		size_t comments;   /* 0: the markers are hidden */
	} pages[] = {
		{"<ref>" B "old" E "</ref>", 0},
		{"<ref name=\"r\">" B "\nold\n" E "</REF >", 0},
		{"<gallery>\n" B "\nFile:A.png\n" E "\n</gallery>", 0},
		{"<pre <x>" B "old" E "</pre>", 0},
		{"<nowiki a=\"<!--\">" B E "</nowiki>", 0},
		{"<pre/x>" B "old" E "</pre>", 2},
	};
	sb_wt_tree t;
	char *out;

	(void)state;
	sb_wt_init(&t);
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		const char *text = pages[i].text;

		assert_int_equal(sb_wt_parse(&t, text, strlen(text)), SB_OK);
		assert_int_equal(comment_leaves(&t, t.root),
				 pages[i].comments);
		if (pages[i].comments == 0) {
			assert_int_equal(splice_out(&out, text), SB_ENOTFOUND);
			assert_null(out);
		} else {
			assert_int_equal(splice_out(&out, text), SB_OK);
			assert_non_null(strstr(out, B "\nNEW\n" E));
			free(out);
		}
	}
	sb_wt_dispose(&t);
}

/* A marker inside another HTML comment is that comment's text. */
static void markers_inside_a_comment(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(splice_out(&out, "<!-- disabled " B "x" E),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "without its begin"));
	assert_null(out);
	/* A comment ends at the first "-->": an old begin marker commented
	 * out takes nothing from the real pair after it. */
	assert_int_equal(splice_out(&out, "<!-- old: " B " -->" B "x" E),
			 SB_OK);
	assert_string_equal(out, "<!-- old: " B " -->" B "\nNEW\n" E);
	free(out);
}

#undef B
#undef E

static void new_page_and_inner(void **state)
{
	const char *names[] = {"a", "b"};
	const char *contents[] = {"one\n", ""};
	char *p, *inner;
	size_t len, ilen;
	sb_section_span sp;

	(void)state;
	p = sb_splice_new_page(names, contents, 2, &len);
	assert_string_equal(p, "<!-- skillsbot:begin a -->\none\n"
			    "<!-- skillsbot:end a -->\n"
			    "<!-- skillsbot:begin b -->\n"
			    "<!-- skillsbot:end b -->\n");
	assert_int_equal(sb_splice_find(&sp, p, len, "a", "P"), SB_OK);
	inner = sb_splice_inner("one", &ilen);
	assert_int_equal(sp.inner_end - sp.inner, ilen);
	assert_memory_equal(p + sp.inner, inner, ilen);
	free(inner);
	free(p);
}

static void hash_differs(void **state)
{
	char a[17], b[17], c[17];

	(void)state;
	sb_content_hash(a, "abc", 3);
	sb_content_hash(b, "abd", 3);
	sb_content_hash(c, "abc", 3);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	assert_string_equal(a, c);
}

/* --- diff --- */

static void diff_known_case(void **state)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
	const char *b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n";
	sb_buf out;

	(void)state;
	sb_buf_init(&out, SB_BUF_UNLIMITED);
	assert_int_equal(sb_diff_unified(&out, a, strlen(a), b, strlen(b),
					 "a/P", "b/P"), SB_OK);
	assert_string_equal(sb_buf_str(&out),
			    "--- a/P\n+++ b/P\n"
			    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
			    "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n");
	sb_buf_reset(&out);
	assert_int_equal(sb_diff_unified(&out, a, strlen(a), a, strlen(a),
					 "a", "b"), SB_OK);
	assert_int_equal(out.len, 0);
	sb_buf_dispose(&out);
}

/* Apply a unified diff to `a` (lines), checking every context and removed
 * line against it; return the result. */
static char *apply(const char *a, const char *diff)
{
	sb_buf res;
	const char *d = strchr(strchr(diff, '\n') + 1, '\n') + 1;
	const char *ap = a;
	size_t aline = 1;

	sb_buf_init(&res, SB_BUF_UNLIMITED);
	while (*d) {
		size_t from, n_a;
		const char *nl;

		assert_int_equal(sscanf(d, "@@ -%zu,%zu", &from, &n_a), 2);
		if (n_a == 0)
			from++;
		while (aline < from) {          /* copy untouched lines */
			nl = strchr(ap, '\n');
			sb_buf_add(&res, ap, (size_t)(nl + 1 - ap));
			ap = nl + 1;
			aline++;
		}
		d = strchr(d, '\n') + 1;
		while (*d && *d != '@') {
			nl = strchr(d, '\n');
			if (*d == '+') {
				sb_buf_add(&res, d + 1, (size_t)(nl - d));
			} else {
				const char *anl = strchr(ap, '\n');

				assert_int_equal(anl - ap, nl - d - 1);
				assert_memory_equal(ap, d + 1, (size_t)(anl - ap));
				if (*d == ' ')
					sb_buf_add(&res, ap, (size_t)(anl + 1 - ap));
				ap = anl + 1;
				aline++;
			}
			d = nl + 1;
		}
	}
	sb_buf_adds(&res, ap);
	return sb_buf_take(&res, NULL);
}

static char *random_text(unsigned *seed, size_t lines)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < lines; i++)
		sb_buf_addf(&b, "line %d\n", rand_r(seed) % 6);
	return sb_buf_take(&b, NULL);
}

static void diff_applies_back(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 300; round++) {
		char *a = random_text(&seed, (size_t)(rand_r(&seed) % 40));
		char *b = random_text(&seed, (size_t)(rand_r(&seed) % 40));
		sb_buf out;
		char *got;

		sb_buf_init(&out, SB_BUF_UNLIMITED);
		assert_int_equal(sb_diff_unified(&out, a, strlen(a), b,
						 strlen(b), "a", "b"), SB_OK);
		if (strcmp(a, b) != 0) {
			got = apply(a, sb_buf_str(&out));
			assert_string_equal(got, b);
			free(got);
		}
		sb_buf_dispose(&out);
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replace_keeps_outside_bytes),
		cmocka_unit_test(replace_twice_is_stable),
		cmocka_unit_test(bad_markers_refused),
		cmocka_unit_test(not_markers_are_ignored),
		cmocka_unit_test(verbatim_tags_hide_markers),
		cmocka_unit_test(verbatim_example_beside_real_markers),
		cmocka_unit_test(markers_outside_verbatim_tags),
		cmocka_unit_test(markers_inside_a_comment),
		cmocka_unit_test(markers_agree_with_the_parser),
		cmocka_unit_test(new_page_and_inner),
		cmocka_unit_test(hash_differs),
		cmocka_unit_test(diff_known_case),
		cmocka_unit_test(diff_applies_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
