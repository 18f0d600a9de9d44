/* test_wikitext.c - the wikitext parser: structure, positions, round trip. */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/wikitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A compact picture of the tree: containers as "type(...)", leaves as
 * "type'bytes'" with text leaves shown as their bytes only. */
static void dump(sb_buf *b, const sb_wt_tree *t, uint32_t i)
{
	const sb_wt_node *n = &t->nodes[i];

	if (n->type < SB_WT_ROOT) {
		if (n->type != SB_WT_TEXT)
			sb_buf_adds(b, sb_wt_type_name(n->type));
		sb_buf_addc(b, '\'');
		sb_buf_add(b, t->text + n->start, n->end - n->start);
		sb_buf_addc(b, '\'');
		return;
	}
	sb_buf_adds(b, sb_wt_type_name(n->type));
	sb_buf_addc(b, '(');
	for (uint32_t c = n->child; c != SB_WT_NONE; c = t->nodes[c].next) {
		dump(b, t, c);
		if (t->nodes[c].next != SB_WT_NONE)
			sb_buf_addc(b, ' ');
	}
	sb_buf_addc(b, ')');
}

/* Parse, check the invariants and the round trip, return the picture. */
static char *parse_dump(const char *s, size_t len)
{
	sb_wt_tree t;
	sb_buf b, rt;

	sb_wt_init(&t);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_init(&rt, SB_BUF_UNLIMITED);
	assert_int_equal(sb_wt_parse(&t, s, len), SB_OK);
	if (sb_wt_check(&t) != SB_OK)
		fail_msg("%s", sb_error_message());
	sb_wt_serialise(&rt, &t, t.root);
	assert_int_equal(rt.len, len);
	assert_memory_equal(sb_buf_str(&rt), s, len);
	/* Print the root's children only. */
	for (uint32_t c = t.nodes[t.root].child; c != SB_WT_NONE;
	     c = t.nodes[c].next) {
		dump(&b, &t, c);
		if (t.nodes[c].next != SB_WT_NONE)
			sb_buf_addc(&b, ' ');
	}
	sb_buf_dispose(&rt);
	sb_wt_dispose(&t);
	return sb_buf_take(&b, NULL);
}

#define EXPECT(input, picture) \
	do { \
		char *got_ = parse_dump(input, strlen(input)); \
		assert_string_equal(got_, picture); \
		free(got_); \
	} while (0)

static void test_templates(void **state)
{
	(void)state;
	EXPECT("{{a}}", "template(sep'{{' name('a') sep'}}')");
	EXPECT("x{{a|b|k=v}}y",
	       "'x' template(sep'{{' name('a') sep'|' arg(value('b')) "
	       "sep'|' arg(argname('k') sep'=' value('v')) sep'}}') 'y'");
	/* Only the first "=" splits; nested templates stay whole. */
	EXPECT("{{a|k=v=w|{{b|x=1}}}}",
	       "template(sep'{{' name('a') sep'|' arg(argname('k') sep'=' "
	       "value('v=w')) sep'|' arg(value(template(sep'{{' name('b') "
	       "sep'|' arg(argname('x') sep'=' value('1')) sep'}}'))) "
	       "sep'}}')");
	EXPECT("{{{x|d}}}",
	       "tparam(sep'{{{' name('x') sep'|' arg(value('d')) sep'}}}')");
	EXPECT("{{#if:a|b}}",
	       "pfunc(sep'{{' name('#if:a') sep'|' arg(value('b')) sep'}}')");
	/* Five braces: a parameter inside a template. */
	EXPECT("{{{{{p}}}}}",
	       "template(sep'{{' name(tparam(sep'{{{' name('p') sep'}}}')) "
	       "sep'}}')");
	/* A link protects its "|" from the template. */
	EXPECT("{{a|[[b|c]]}}",
	       "template(sep'{{' name('a') sep'|' arg(value(link(sep'[[' "
	       "name('b') sep'|' value('c') sep']]'))) sep'}}')");
}

static void test_unclosed(void **state)
{
	(void)state;
	EXPECT("{{a|b", "'{{' 'a' '|' 'b'");
	EXPECT("{{a|{{b}}", "'{{' 'a' '|' template(sep'{{' name('b') sep'}}')");
	EXPECT("a}}b", "'a}}b'");
	EXPECT("[[a|b", "'[[' 'a' '|' 'b'");
	EXPECT("{{{a}}", "'{' template(sep'{{' name('a') sep'}}')");
	EXPECT("<!-- open", "comment'<!-- open'");
	EXPECT("<nowiki>x", "'<nowiki>x'");
}

static void test_leaves(void **state)
{
	(void)state;
	EXPECT("a<!-- c -->b", "'a' comment'<!-- c -->' 'b'");
	EXPECT("<nowiki>{{x}}</nowiki>", "tag'<nowiki>{{x}}</nowiki>'");
	EXPECT("<ref name=a/>{{b}}",
	       "tag'<ref name=a/>' template(sep'{{' name('b') sep'}}')");
	EXPECT("<REF>[[x</ref >", "tag'<REF>[[x</ref >'");
	/* The opening tag ends at the first ">", "<" or "<!--" before it
	 * or not, as in MediaWiki; "/" must be followed by ">". */
	EXPECT("<pre <x><!-- c --></pre>", "tag'<pre <x><!-- c --></pre>'");
	EXPECT("<ref a=\"<!--\">x</ref>", "tag'<ref a=\"<!--\">x</ref>'");
	EXPECT("<pre/x>a</pre>", "'<pre/x>a</pre>'");
	EXPECT("a&amp;b&#44;&#x2C;&bogus", "'a' entity'&amp;' 'b' "
	       "entity'&#44;' entity'&#x2C;' '&bogus'");
	EXPECT("[http://x.org/a b c]",
	       "extlink(sep'[' name() 'http://x.org/a' value(' b c') sep']')");
	EXPECT("[not a link]", "'[not a link]'");
}

static void test_lines(void **state)
{
	(void)state;
	EXPECT("== Sign-ups ==\n# [[User:A]]\n",
	       "heading(sep'==' ' Sign-ups ' sep'==') '\n' list'#' ' ' "
	       "link(sep'[[' name('User:A') sep']]') '\n'");
	EXPECT("=== a ==  \nb", "heading(sep'===' ' a ' sep'==' '  ') '\nb'");
	EXPECT("== a\nb", "'==' ' a' '\nb'");
	/* Comments and white space may follow the closing run (MediaWiki);
	 * any other text after a comment makes the line plain text. */
	EXPECT("== a == <!-- c --> <!--d-->\t\nb",
	       "heading(sep'==' ' a ' sep'==' ' ' comment'<!-- c -->' ' ' "
	       "comment'<!--d-->' '\t') '\nb'");
	EXPECT("==a==<!-- c\nd -->", "heading(sep'==' 'a' sep'==' "
	       "comment'<!-- c\nd -->')");
	EXPECT("== a == <!-- c --> x\n",
	       "'==' ' a == ' comment'<!-- c -->' ' x' '\n'");
	EXPECT("== <!-- c -->\n", "'==' ' ' comment'<!-- c -->' '\n'");
	EXPECT("{|\n|-\n| {{p}} || x\n|}",
	       "table'{|' '\n' table'|-' '\n' table'|' ' ' template(sep'{{' "
	       "name('p') sep'}}') ' ' table'||' ' x\n' table'|}'");
	/* No table tokens inside a template. */
	EXPECT("{{a\n|}}", "template(sep'{{' name('a\n') sep'|' arg(value()) "
	       "sep'}}')");
}

static void test_positions(void **state)
{
	const char *s = "ab\n\xC3\xA9\xC3\xA9{{x}}\r\n{{y}}";
	sb_wt_tree t;
	uint32_t tpl;
	int line, col;

	(void)state;
	sb_wt_init(&t);
	assert_int_equal(sb_wt_parse(&t, s, strlen(s)), SB_OK);
	tpl = sb_wt_child(&t, t.root, SB_WT_TEMPLATE, 0);
	assert_int_not_equal(tpl, SB_WT_NONE);
	sb_wt_position(&t, t.nodes[tpl].start, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_int_equal(t.nodes[tpl].line, 2);
	tpl = sb_wt_child(&t, t.root, SB_WT_TEMPLATE, 1);
	sb_wt_position(&t, t.nodes[tpl].start, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	sb_wt_dispose(&t);
}

static void test_template_name(void **state)
{
	const char *s = "{{ safesubst: template :let's_connect<!-- x -->/"
			"Profile\n|a=b}}";
	sb_wt_tree t;
	sb_buf b;

	(void)state;
	sb_wt_init(&t);
	sb_buf_init(&b, 1000);
	assert_int_equal(sb_wt_parse(&t, s, strlen(s)), SB_OK);
	assert_int_equal(sb_wt_template_name(&b, &t,
		sb_wt_child(&t, t.root, SB_WT_TEMPLATE, 0)), SB_OK);
	assert_string_equal(sb_buf_str(&b), "Let's connect/Profile");
	/* Character references are decoded, as in MediaWiki titles; an
	 * unknown one stays as written. */
	s = "{{Let&#39;s_Connect&#x2F;Profile&bogus;}}";
	assert_int_equal(sb_wt_parse(&t, s, strlen(s)), SB_OK);
	assert_int_equal(sb_wt_template_name(&b, &t,
		sb_wt_child(&t, t.root, SB_WT_TEMPLATE, 0)), SB_OK);
	assert_string_equal(sb_buf_str(&b), "Let's Connect/Profile&bogus;");
	assert_int_equal(sb_wt_normalise_template_name(&b,
		"Template:\xC3\xA9t\xC3\xA9\xC2\xA0 x", 18), SB_OK);
	assert_string_equal(sb_buf_str(&b), "\xC3\x89t\xC3\xA9 x");
	sb_buf_dispose(&b);
	sb_wt_dispose(&t);
}

static void test_entities(void **state)
{
	sb_buf b;

	(void)state;
	sb_buf_init(&b, 100);
	assert_true(sb_wt_entity_decode(&b, "&amp;", 5));
	assert_true(sb_wt_entity_decode(&b, "&#44;", 5));
	assert_true(sb_wt_entity_decode(&b, "&#x2022;", 8));
	assert_true(sb_wt_entity_decode(&b, "&nbsp;", 6));
	assert_false(sb_wt_entity_decode(&b, "&bogus;", 7));
	assert_false(sb_wt_entity_decode(&b, "&#0;", 4));
	assert_string_equal(sb_buf_str(&b), "&,\xE2\x80\xA2\xC2\xA0");
	sb_buf_dispose(&b);
}

/* Deep nesting is refused past the bound, with a flag, and stays whole. */
static void test_depth(void **state)
{
	sb_buf in;
	sb_wt_tree t;
	sb_buf rt;

	(void)state;
	sb_buf_init(&in, SB_BUF_UNLIMITED);
	sb_buf_init(&rt, SB_BUF_UNLIMITED);
	for (int i = 0; i < 500; i++)
		sb_buf_adds(&in, "{{a|");
	for (int i = 0; i < 500; i++)
		sb_buf_adds(&in, "}}");
	sb_wt_init(&t);
	assert_int_equal(sb_wt_parse(&t, in.ptr, in.len), SB_OK);
	assert_true(t.too_deep);
	assert_int_equal(sb_wt_check(&t), SB_OK);
	sb_wt_serialise(&rt, &t, t.root);
	assert_memory_equal(rt.ptr, in.ptr, in.len);
	sb_buf_dispose(&rt);
	sb_buf_dispose(&in);
	sb_wt_dispose(&t);
}

/* 100,000 unclosed "{{" (and friends) parse in about linear time: the
 * check is the node count, which a rescanning parser would not bound. */
static void test_adversarial(void **state)
{
	static const char *const units[] = {
		"{{", "{{a|", "[[", "{{{", "<nowiki>", "<ref>", "[http://x ",
		"\n== a", "{{a|[[b|", "<!--x-->{{"
	};
	sb_wt_tree t;
	sb_buf in;

	(void)state;
	sb_wt_init(&t);
	sb_buf_init(&in, SB_BUF_UNLIMITED);
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		sb_buf_reset(&in);
		for (int i = 0; i < 100000; i++)
			sb_buf_adds(&in, units[u]);
		assert_int_equal(sb_wt_parse(&t, in.ptr, in.len), SB_OK);
		assert_int_equal(sb_wt_check(&t), SB_OK);
		assert_true(t.n_nodes <= 4 * in.len + 16);
	}
	sb_buf_dispose(&in);
	sb_wt_dispose(&t);
}

/* Round trip over random bytes drawn mostly from markup characters, and
 * over generated wikitext-like pieces. */
static void test_round_trip_property(void **state)
{
	static const char alphabet[] = "{}[]|=<>!-&#;*: \n\rab\xC3\xA9\xFF";
	static const char *const pieces[] = {
		"{{", "}}", "{{{", "}}}", "[[", "]]", "|", "=", "<!--", "-->",
		"<nowiki>", "</nowiki>", "<ref>", "</ref>", "<ref/>", "&amp;",
		"&#44;", "\n", "\n==", "==", "\n*", "\n{|", "\n|-", "\n|}",
		"||", "[http://a.b c", "]", "\xE2\x80\xA2", "\xFF\xFE", "x",
		"{{#if:", "subst:", "\r\n", "<pre>", "</pre>"
	};
	const char *env = getenv("SB_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 10)
			    : (unsigned)time(NULL);
	sb_wt_tree t;
	sb_buf in, rt;

	(void)state;
	print_message("round-trip seed %u\n", seed);
	srand(seed);
	sb_wt_init(&t);
	sb_buf_init(&in, SB_BUF_UNLIMITED);
	sb_buf_init(&rt, SB_BUF_UNLIMITED);
	for (int iter = 0; iter < 3000; iter++) {
		int n = rand() % 200;

		sb_buf_reset(&in);
		for (int i = 0; i < n; i++) {
			if (iter % 2)
				sb_buf_addc(&in, alphabet[rand() %
					    (int)(sizeof(alphabet) - 1)]);
			else
				sb_buf_adds(&in, pieces[rand() %
					    (int)(sizeof(pieces) /
						  sizeof(pieces[0]))]);
		}
		assert_int_equal(sb_wt_parse(&t, in.ptr ? in.ptr : "", in.len),
				 SB_OK);
		if (sb_wt_check(&t) != SB_OK) {
			FILE *f = fopen("wikitext-failure.bin", "wb");

			if (f) {
				fwrite(in.ptr, 1, in.len, f);
				fclose(f);
			}
			fail_msg("seed %u iter %d: %s", seed, iter,
				 sb_error_message());
		}
		/* Every node of the tree knows its line. */
		for (size_t i = 0; i < t.n_nodes; i++) {
			int line, col;

			sb_wt_position(&t, t.nodes[i].start, &line, &col);
			if ((uint32_t)line != t.nodes[i].line)
				fail_msg("seed %u iter %d: node %zu (%s) at "
					 "line %u, not %d", seed, iter, i,
					 sb_wt_type_name(t.nodes[i].type),
					 t.nodes[i].line, line);
		}
		sb_buf_reset(&rt);
		sb_wt_serialise(&rt, &t, t.root);
		assert_int_equal(rt.len, in.len);
		if (in.len)
			assert_memory_equal(rt.ptr, in.ptr, in.len);
	}
	sb_buf_dispose(&in);
	sb_buf_dispose(&rt);
	sb_wt_dispose(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_unclosed),
		cmocka_unit_test(test_leaves),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_template_name),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_adversarial),
		cmocka_unit_test(test_round_trip_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
