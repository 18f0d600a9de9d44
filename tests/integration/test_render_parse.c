/*
 * test_render_parse.c - what the wiki itself makes of hostile generated
 * pages. The render fixture directory is rendered with every editor value
 * replaced by each hostile value (tests/unit/render_hostile.h); all its
 * pages are parsed together by the test wiki (action=parse with the
 * pre-save transform, as a save would) and must hold no category,
 * template, file, interwiki link or magic link at all, and no more links,
 * external links, sections, tags or lines of structure than the same
 * directory with harmless values. A few of them are also saved for real
 * and read back through the parser.
 */
#include "wikienv.h"
#include "../unit/render_fixture.h"
#include "../unit/render_hostile.h"

#include "skillsbot/json.h"

#include <curl/curl.h>
#include <stdio.h>

typedef struct shape {
	int categories, templates, images, iwlinks, links, extlinks, sections;
	int tags[8];
} shape;

static const char *const html_tags[8] = {"<b>", "<pre", "<hr", "<script",
	"mw-magiclink", "<li", "<dl", "<table"};

static int count_of(const cJSON *o, const char *key)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
}

static int occurrences(const char *s, const char *tok)
{
	int n = 0;

	for (const char *p = s; p && (p = strstr(p, tok)) != NULL; p++)
		n++;
	return n;
}

static void shape_of(shape *out, const char *json)
{
	cJSON *root = NULL, *parse;
	const char *html;

	assert_int_equal(sb_json_parse(&root, json, strlen(json), "parse"),
			 SB_OK);
	parse = cJSON_GetObjectItemCaseSensitive(root, "parse");
	if (!parse)
		fail_msg("action=parse failed: %s", json);
	out->categories = count_of(parse, "categories");
	out->templates = count_of(parse, "templates");
	out->images = count_of(parse, "images");
	out->iwlinks = count_of(parse, "iwlinks");
	out->links = count_of(parse, "links");
	out->extlinks = count_of(parse, "externallinks");
	out->sections = count_of(parse, "sections");
	html = sb_json_str(parse, "text");
	for (int i = 0; i < 8; i++)
		out->tags[i] = occurrences(html, html_tags[i]);
	cJSON_Delete(root);
}

static char *parse_request(const char *field, const char *value)
{
	char *esc = curl_easy_escape(NULL, value, (int)strlen(value));
	bool is_text = strcmp(field, "text") == 0;
	char *body = sb_asprintf("action=parse&format=json&formatversion=2&"
		"%sprop=categories%%7Ctemplates%%7Cimages%%7Ciwlinks%%7Clinks"
		"%%7Cexternallinks%%7Csections%%7Ctext&%s=%s", is_text ?
		"contentmodel=wikitext&pst=1&title=Render%20test&" : "", field,
		esc);
	long status = 0;
	char *resp = wk_http(&status, wk_get("SB_WIKI_API"), body);

	assert_int_equal(status, 200);
	curl_free(esc);
	free(body);
	return resp;
}

/* All generated pages of the fixture with `hostile` values, one text. */
static char *rendered(const char *hostile)
{
	fixture *f = fx_new(hostile);
	sb_page_out *p;
	size_t n;
	sb_buf b;

	assert_int_equal(sb_render_all(&p, &n, &f->ctx), SB_OK);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++)
		sb_buf_adds(&b, p[i].content);
	sb_pages_free(p, n);
	fx_free(f);
	return sb_buf_take(&b, NULL);
}

static void no_more_than(const shape *got, const shape *base, const char *v)
{
	if (got->categories || got->templates || got->images || got->iwlinks)
		fail_msg("%s: categories %d, templates %d, files %d, "
			 "interwiki %d", v, got->categories, got->templates,
			 got->images, got->iwlinks);
	/* A resource's link is a page link or an external one depending on
	 * the value, so the two count together: one link either way. */
	if (got->links + got->extlinks > base->links + base->extlinks ||
	    got->sections != base->sections)
		fail_msg("%s: links %d/%d, external %d/%d, sections %d/%d", v,
			 got->links, base->links, got->extlinks, base->extlinks,
			 got->sections, base->sections);
	for (int i = 0; i < 8; i++)
		if (got->tags[i] > base->tags[i])
			fail_msg("%s: %s %d times, %d in the harmless pages", v,
				 html_tags[i], got->tags[i], base->tags[i]);
}

static void hostile_pages_parse_to_nothing_more(void **state)
{
	char *text = rendered(NULL), *resp = parse_request("text", text);
	shape base, got;

	(void)state;
	shape_of(&base, resp);
	assert_int_equal(base.categories, 0);
	assert_true(base.links > 0 && base.sections > 0);
	free(resp);
	free(text);
	for (size_t i = 0; hostile_values[i]; i++) {
		text = rendered(hostile_values[i]);
		resp = parse_request("text", text);
		shape_of(&got, resp);
		no_more_than(&got, &base, hostile_values[i]);
		free(resp);
		free(text);
	}
}

/* Saved for real (signatures and subst: are expanded on save), then
 * parsed from the page. */
static void saved_hostile_pages_stay_inert(void **state)
{
	static const char *const saved[] = {"~~~~", "{{subst:Foo}}",
		"[[Category:Spam]]", "__NOTOC__", NULL};
	char *text = rendered(NULL), *resp = parse_request("text", text);
	shape base, got;

	(void)state;
	shape_of(&base, resp);
	free(resp);
	free(text);
	for (size_t i = 0; saved[i]; i++) {
		char *title = wk_unique_title("User:Editor/render-parse");
		char *back;

		text = rendered(saved[i]);
		wk_edit_as_editor(title, text);
		back = wk_get_page_text(title);
		assert_non_null(back);
		/* Nothing was substituted or signed on save. */
		assert_null(strstr(back, "[[User:Editor"));
		resp = parse_request("page", title);
		shape_of(&got, resp);
		no_more_than(&got, &base, saved[i]);
		free(resp);
		free(back);
		free(text);
		free(title);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_pages_parse_to_nothing_more),
		cmocka_unit_test(saved_hostile_pages_stay_inert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
