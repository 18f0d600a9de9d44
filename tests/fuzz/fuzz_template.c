/* fuzz_template.c - the layout loader and the message formatter decode
 * organiser input: any bytes must load or fail with a message, and what
 * loads must render, without crashing, leaking or reading out of bounds.
 * The input is used twice: as a layout, and as the text of a message
 * (with $1, $2 and PLURAL) that a fixed layout shows. A layout rendered
 * with values left for later and filled in must give the bytes of a
 * render with them. */
#include "skillsbot/error.h"
#include "skillsbot/i18n.h"
#include "skillsbot/json.h"
#include "skillsbot/layout.h"
#include "skillsbot/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const sb_layout_field row_fields[] = {
	{"name", SB_TV_WIKI, NULL}, {"note", SB_TV_TEXT, NULL},
	{"n", SB_TV_INT, NULL}, {NULL, 0, NULL}
};

static const sb_layout_field schema[] = {
	{"title", SB_TV_TEXT, NULL}, {"count", SB_TV_INT, NULL},
	{"rows", SB_TV_LIST, row_fields}, {NULL, 0, NULL}
};

static sb_tv *data(void)
{
	sb_tv *top = sb_tv_new_map(), *rows = sb_tv_set_list(top, "rows");

	sb_tv_set_text(top, "title", "{{x}}|\n[[y]]");
	sb_tv_set_int(top, "count", 3);
	for (int i = 0; i < 3; i++) {
		sb_tv *r = sb_tv_push_map(rows);

		sb_tv_set_wiki(r, "name", sb_strdup("[[User:A|A]]"));
		sb_tv_set_text(r, "note", i ? "~~~~" : "");
		sb_tv_set_int(r, "n", i);
	}
	return top;
}

static sb_i18n *messages(const char *text)
{
	const char *langs[] = {"en", "ar"};
	cJSON *o = cJSON_CreateObject();
	char *en, *ar;
	const char *texts[2];
	sb_i18n *m = NULL;

	cJSON_AddStringToObject(o, "f-msg", text);
	en = cJSON_PrintUnformatted(o);
	ar = cJSON_PrintUnformatted(o);
	texts[0] = en;
	texts[1] = ar;
	if (sb_i18n_from_json(&m, langs, texts, 2) < 0)
		m = NULL;
	free(en);
	free(ar);
	cJSON_Delete(o);
	return m;
}

static void render_with(const sb_layout *l, const sb_i18n *m, const char *lang)
{
	sb_tv *d = data();
	sb_buf b;

	sb_buf_init(&b, 1 << 20);
	(void)sb_layout_render(&b, l, d, m, lang);
	sb_buf_dispose(&b);
	sb_tv_free(d);
}

/* Rendered with `title` and `count` left for later, then filled in once
 * they are known, a layout must give the bytes of a render with them. */
static void fill_as_render(const sb_layout *l, const sb_i18n *m)
{
	static const char *const later[] = {"title", "count", NULL};
	sb_tv *d = data();
	sb_layout_holes *h = NULL;
	sb_buf with, b, filled;
	int err;

	sb_buf_init(&with, 1 << 20);
	sb_buf_init(&b, 1 << 20);
	sb_buf_init(&filled, 1 << 20);
	err = sb_layout_render(&with, l, d, m, "en");
	sb_tv_set_wiki(d, "title", NULL);
	sb_tv_set_int(d, "count", 0);
	if (err == SB_OK &&
	    sb_layout_render_later(&b, &h, l, d, m, "en", later) == SB_OK) {
		sb_tv_set_text(d, "title", "{{x}}|\n[[y]]");
		sb_tv_set_int(d, "count", 3);
		if (sb_layout_fill(&filled, sb_buf_str(&b), b.len, h,
				   d) != SB_OK ||
		    filled.len != with.len ||
		    memcmp(sb_buf_str(&filled), sb_buf_str(&with), with.len))
			abort();
	}
	sb_layout_holes_free(h);
	sb_buf_dispose(&with);
	sb_buf_dispose(&b);
	sb_buf_dispose(&filled);
	sb_tv_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data_in, size_t size)
{
	char *text = sb_strndup((const char *)data_in, size);
	sb_i18n *m = messages(text);
	static const char fixed[] =
		"{%for r in rows%}{%msg:f-msg count r.n%}{%end%}\n";
	sb_layout *l = NULL;

	if (m && sb_layout_parse(&l, (const char *)data_in, size, "fuzz.wiki",
				 schema, m) == SB_OK) {
		render_with(l, m, "en");
		fill_as_render(l, m);
		sb_layout_free(l);
	}
	if (m && sb_layout_parse(&l, fixed, strlen(fixed), "fixed.wiki", schema,
				 m) == SB_OK) {
		render_with(l, m, "en");
		render_with(l, m, "ar");
		sb_layout_free(l);
	}
	sb_i18n_free(m);
	sb_error_clear();
	free(text);
	return 0;
}
