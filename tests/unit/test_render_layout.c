/* test_render_layout.c - the organisers' layout syntax: what it renders,
 * and the errors (file and line) for layouts that cannot work. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/i18n.h"
#include "skillsbot/layout.h"

#include <stdlib.h>
#include <string.h>

static const sb_layout_field row_fields[] = {
	{"name", SB_TV_WIKI, NULL}, {"note", SB_TV_TEXT, NULL},
	{"n", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field schema[] = {
	{"title", SB_TV_TEXT, NULL}, {"count", SB_TV_INT, NULL},
	{"rows", SB_TV_LIST, row_fields}, {NULL, 0, NULL}
};

static sb_i18n *messages(void)
{
	const char *langs[] = {"en", "fr"};
	const char *texts[] = {
		"{\"@metadata\": {}, \"t-rows\": \"$1 {{PLURAL:$1|row|rows}}\","
		" \"t-hello\": \"Hello $1\"}",
		"{\"t-rows\": \"$1 {{PLURAL:$1|ligne|lignes}}\"}"};
	sb_i18n *m = NULL;

	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 2), SB_OK);
	return m;
}

static sb_tv *data(void)
{
	sb_tv *top = sb_tv_new_map(), *rows, *r;

	sb_tv_set_text(top, "title", "{{evil}} [[x]]");
	sb_tv_set_int(top, "count", 2);
	rows = sb_tv_set_list(top, "rows");
	r = sb_tv_push_map(rows);
	sb_tv_set_wiki(r, "name", strdup("[[User:A|A]]"));
	sb_tv_set_text(r, "note", "|}");
	sb_tv_set_int(r, "n", 1);
	r = sb_tv_push_map(rows);
	sb_tv_set_wiki(r, "name", strdup("[[User:B|B]]"));
	sb_tv_set_text(r, "note", "");
	sb_tv_set_int(r, "n", 0);
	return top;
}

/* `layout` laid out over `d` in `lang` with the test messages; takes d. */
static char *render_tree(const char *layout, sb_tv *d, const char *lang)
{
	sb_layout *l = NULL;
	sb_i18n *m = messages();
	sb_buf b;

	if (sb_layout_parse(&l, layout, strlen(layout), "t.wiki", schema, m))
		fail_msg("%s", sb_error_message());
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_layout_render(&b, l, d, m, lang), SB_OK);
	sb_layout_free(l);
	sb_tv_free(d);
	sb_i18n_free(m);
	return sb_buf_take(&b, NULL);
}

static char *render(const char *layout, const char *lang)
{
	return render_tree(layout, data(), lang);
}

static void values_loops_and_conditions(void **state)
{
	char *out;

	(void)state;
	out = render("== {%title%} ==\n"
		     "{%for r in rows%}\n"
		     "* {%r.name%}{%if r.note%}: {%r.note%}{%else%} -{%end%}\n"
		     "{%end%}\n"
		     "{%msg:t-rows count%}\n", "en");
	/* Block tags alone on a line leave no blank line behind; text
	 * values are escaped, wiki values are not. */
	assert_string_equal(out,
		"== &#123;&#123;evil&#125;&#125; &#91;&#91;x&#93;&#93; ==\n"
		"* [[User:A|A]]: &#124;&#125;\n"
		"* [[User:B|B]] -\n"
		"2 rows\n");
	free(out);
}

static void messages_in_other_languages(void **state)
{
	char *out;

	(void)state;
	out = render("{%msg:t-rows count%}|{%msg:t-hello title%}", "fr");
	/* French has t-rows; t-hello falls back to English, marked so
	 * for screen readers, fonts and hyphenation. */
	assert_string_equal(out, "2 lignes|<span lang=\"en\" dir=\"ltr\">"
			    "Hello &#123;&#123;evil&#125;&#125; "
			    "&#91;&#91;x&#93;&#93;</span>");
	free(out);
}

/* A message shown in another language is marked where it is text, but
 * not inside an attribute value or a parser function's arguments, where
 * a <span> would break the page or show as text. */
static void no_markup_inside_attributes(void **state)
{
	char *out;

	(void)state;
	out = render("<abbr title=\"{%msg:t-hello count%}\">{%msg:t-hello "
		     "count%}</abbr> {{#tag:x|{%msg:t-hello count%}}} "
		     "x={%msg:t-hello count%}", "fr");
	assert_string_equal(out, "<abbr title=\"Hello 2\"><span lang=\"en\" "
			    "dir=\"ltr\">Hello 2</span></abbr> {{#tag:x|Hello "
			    "2}} x=Hello 2");
	free(out);
}

static char *render_values(const char *layout, const char *lang)
{
	sb_tv *d = sb_tv_new_map(), *r;

	sb_tv_set_text_in(d, "title", "|Conflict [[management]]", "en");
	sb_tv_set_int(d, "count", 2);
	r = sb_tv_push_map(sb_tv_set_list(d, "rows"));
	sb_tv_set_wiki_in(r, "name", strdup("''suggested''"), "en");
	sb_tv_append_in(r, "note", SB_TV_TEXT, "Gestion", "fr");
	sb_tv_append_in(r, "note", SB_TV_TEXT, ", ", NULL);
	sb_tv_append_in(r, "note", SB_TV_TEXT, "Wikidata", "en");
	sb_tv_append_in(r, "note", SB_TV_TEXT, ", ", NULL);
	sb_tv_append_in(r, "note", SB_TV_TEXT, "Basket", NULL);
	sb_tv_append_in(r, "note", SB_TV_TEXT, ", ", NULL);
	sb_tv_append_in(r, "note", SB_TV_TEXT, "x", "\"><b");
	return render_tree(layout, d, lang);
}

/* A value says which language it is in, stretch by stretch; where the
 * layout writes it, each stretch in another language than the text
 * around it is marked (still escaped), and nothing is marked inside an
 * attribute. A value given to a message is marked against the message's
 * language. A language that is no code is not written out. */
static void values_carry_their_language(void **state)
{
	char *out;

	(void)state;
	out = render_values("{%for r in rows%}{%r.name%}: {%r.note%} "
			    "<i title=\"{%r.note%}\"></i>{%end%} "
			    "{%msg:t-hello title%}", "fr");
	assert_string_equal(out,
		"<span lang=\"en\" dir=\"ltr\">''suggested''</span>: "
		"Gestion, <span lang=\"en\" dir=\"ltr\">Wikidata</span>, "
		"Basket, x <i title=\"Gestion, Wikidata, Basket, x\"></i> "
		"<span lang=\"en\" dir=\"ltr\">Hello &#124;Conflict "
		"&#91;&#91;management&#93;&#93;</span>");
	free(out);
	/* On an English page the English stretches are not marked, the
	 * French one is; so is a French value in an English message. */
	out = render_values("{%for r in rows%}{%r.note%}{%end%}|"
			    "{%msg:t-rows count%}", "en");
	assert_string_equal(out, "<span lang=\"fr\" dir=\"ltr\">Gestion"
			    "</span>, Wikidata, Basket, x|2 rows");
	free(out);
}

/* Stretches of one language side by side are one mark, an empty one
 * none; text made outside a layout (a talk-page message) is marked by
 * the same rule, and not at all where there is nothing to mark it
 * against. */
static void one_mark_for_one_language(void **state)
{
	sb_tv *d = sb_tv_new_map(), *r;
	sb_buf b;
	char *out;

	(void)state;
	r = sb_tv_push_map(sb_tv_set_list(d, "rows"));
	sb_tv_append_in(r, "note", SB_TV_TEXT, "Hello ", "en");
	sb_tv_append_in(r, "note", SB_TV_TEXT, "", "de");
	sb_tv_append_in(r, "note", SB_TV_TEXT, "world", "en");
	sb_tv_append_in(r, "note", SB_TV_TEXT, " again", NULL);
	out = render_tree("{%for r in rows%}{%r.note%}{%end%}", d, "fr");
	assert_string_equal(out, "<span lang=\"en\" dir=\"ltr\">Hello world"
			    "</span> again");
	free(out);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_layout_put_in(&b, "''Hi''", "en", "fr"), SB_OK);
	assert_int_equal(sb_layout_put_in(&b, " Salut", "fr", "fr"), SB_OK);
	assert_int_equal(sb_layout_put_in(&b, " x", "\"><b", "fr"), SB_OK);
	assert_int_equal(sb_layout_put_in(&b, " y", "en", NULL), SB_OK);
	assert_int_equal(sb_layout_put_in(&b, " z", NULL, "fr"), SB_OK);
	assert_int_equal(sb_layout_put_in(&b, " ", "ar", "fr"), SB_OK);
	assert_string_equal(sb_buf_str(&b), "<span lang=\"en\" dir=\"ltr\">"
			    "''Hi''</span> Salut x y z<span lang=\"ar\" "
			    "dir=\"rtl\"> </span>");
	sb_buf_dispose(&b);
}

static void if_not_and_comments(void **state)
{
	char *out;

	(void)state;
	out = render("{%# a note for organisers %}\n"
		     "{%for r in rows%}{%if not r.n%}zero{%end%}{%end%}\n", "en");
	assert_string_equal(out, "zero\n");
	free(out);
}

/* A layout rendered with `title` and `count` left for later, then filled
 * once they are set, gives the bytes of a render with them; before
 * filling, the bytes of a render without them. */
static void expect_filled_as_rendered(const char *layout)
{
	static const char *const later[] = {"title", "count", NULL};
	sb_layout *l = NULL;
	sb_layout_holes *h = NULL;
	sb_i18n *m = messages();
	sb_tv *d = data();
	sb_buf without, with, b, filled;

	if (sb_layout_parse(&l, layout, strlen(layout), "t.wiki", schema, m))
		fail_msg("%s", sb_error_message());
	sb_buf_init(&without, SB_BUF_UNLIMITED);
	sb_buf_init(&with, SB_BUF_UNLIMITED);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_init(&filled, SB_BUF_UNLIMITED);
	assert_int_equal(sb_layout_render(&with, l, d, m, "en"), SB_OK);
	sb_tv_set_wiki(d, "title", NULL);
	sb_tv_set_int(d, "count", 0);
	assert_int_equal(sb_layout_render(&without, l, d, m, "en"), SB_OK);
	assert_int_equal(sb_layout_render_later(&b, &h, l, d, m, "en", later),
			 SB_OK);
	assert_string_equal(sb_buf_str(&b), sb_buf_str(&without));
	sb_tv_set_text(d, "title", "{{evil}} [[x]]");
	sb_tv_set_int(d, "count", 2);
	assert_int_equal(sb_layout_fill(&filled, sb_buf_str(&b), b.len, h, d),
			 SB_OK);
	assert_string_equal(sb_buf_str(&filled), sb_buf_str(&with));
	/* Not the same bytes by chance: the values show. */
	assert_string_not_equal(sb_buf_str(&with), sb_buf_str(&without));
	sb_layout_holes_free(h);
	sb_buf_dispose(&without);
	sb_buf_dispose(&with);
	sb_buf_dispose(&b);
	sb_buf_dispose(&filled);
	sb_layout_free(l);
	sb_tv_free(d);
	sb_i18n_free(m);
}

static void values_known_later_are_filled_in(void **state)
{
	(void)state;
	/* In a condition (the whole block waits, else branch included), as
	 * a value, as a message's value, inside loops (the items it saw). */
	expect_filled_as_rendered(
		"{%if title%}\n<div>{%title%}{%if count%} · {%count%}{%end%}"
		"</div>\n{%end%}\n"
		"{%if not count%}none{%else%}{%count%}{%end%}|"
		"{%msg:t-rows count%}|{%msg:t-hello title%}\n");
	expect_filled_as_rendered(
		"{%for r in rows%}\n* {%r.name%} {%title%}{%if r.n%}!{%end%}\n"
		"{%for s in rows%}{%if count%}{%s.n%}{%r.n%}{%end%}"
		"{%end%}\n{%end%}\nend {%count%}");
}

static void expect_error(const char *layout, const char *msg_part)
{
	sb_layout *l = NULL;
	sb_i18n *m = messages();
	int err = sb_layout_parse(&l, layout, strlen(layout), "by-skill.wiki",
				  schema, m);

	assert_int_equal(err, SB_EINVALID);
	assert_null(l);
	if (!strstr(sb_error_message(), msg_part))
		fail_msg("'%s' not in '%s'", msg_part, sb_error_message());
	sb_i18n_free(m);
}

static void bad_layouts_name_file_and_line(void **state)
{
	(void)state;
	expect_error("ok\nok\n{%nosuch%}\n", "by-skill.wiki:3: unknown placeholder 'nosuch'");
	expect_error("{%for r in rows%}\n{%r.nosuch%}\n{%end%}",
		     "by-skill.wiki:2: unknown placeholder 'r.nosuch'");
	expect_error("a\n{%for r in rows%}\nx\n", "by-skill.wiki:2: this block has no {%end%}");
	expect_error("{%if count%}\n{%end%}\n{%end%}\n", "by-skill.wiki:3: {%end%} without");
	expect_error("{%else%}", "by-skill.wiki:1: {%else%} without {%if%}");
	expect_error("{%for r in title%}{%end%}", "'title' is not a list");
	expect_error("{%rows%}", "'rows' is a list");
	expect_error("{%for r in rows%}{%r%}{%end%}", "is a list item");
	expect_error("\n\n{%msg:no-such-message%}", "by-skill.wiki:3: unknown message");
	expect_error("x {%title", "by-skill.wiki:1: '{%' without '%}'");
	expect_error("{%for title in rows%}{%end%}", "hides another name");
	expect_error("{%r.name%}", "no loop variable");
	expect_error("{%if a b c d%}{%end%}", "write {%if NAME%}");
	expect_error("x\n<!-- skillsbot:end by-skill -->\n",
		     "may not contain the bot's section markers");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_loops_and_conditions),
		cmocka_unit_test(messages_in_other_languages),
		cmocka_unit_test(no_markup_inside_attributes),
		cmocka_unit_test(values_carry_their_language),
		cmocka_unit_test(one_mark_for_one_language),
		cmocka_unit_test(if_not_and_comments),
		cmocka_unit_test(bad_layouts_name_file_and_line),
		cmocka_unit_test(values_known_later_are_filled_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
