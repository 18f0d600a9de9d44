/*
 * test_record_json.c - the direct JSON writers (sb_*_write_json) give the
 * same bytes as printing the cJSON trees (sb_*_to_json + sb_json_print),
 * on the example directory, on generated pages and on hand-made records
 * with every kind of string and number the writers must escape.
 */
#include "examples_fixture.h"
#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/fileio.h"
#include "skillsbot/generate.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static void quiet_reject(void *data, const sb_profile *p)
{
	(void)data;
	(void)p;
}

/* Both ways for every record of `r`; returns how many were compared. */
static size_t same_both_ways(const sb_records *r)
{
	sb_buf a, b;
	size_t n = 0;

	sb_buf_init(&a, SB_BUF_UNLIMITED);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < r->n_profiles + r->n_clinics + r->n_resources;
	     i++) {
		cJSON *j;

		sb_buf_reset(&a);
		sb_buf_reset(&b);
		if (i < r->n_profiles) {
			j = sb_profile_to_json(&r->profiles[i]);
			assert_int_equal(sb_profile_write_json(
						 &b, &r->profiles[i]), SB_OK);
		} else if (i < r->n_profiles + r->n_clinics) {
			const sb_clinic *c = &r->clinics[i - r->n_profiles];

			j = sb_clinic_to_json(c);
			assert_int_equal(sb_clinic_write_json(&b, c), SB_OK);
		} else {
			const sb_resource *res = &r->resources[
				i - r->n_profiles - r->n_clinics];

			j = sb_resource_to_json(res);
			assert_int_equal(sb_resource_write_json(&b, res),
					 SB_OK);
		}
		assert_int_equal(sb_json_print(&a, j), SB_OK);
		cJSON_Delete(j);
		assert_string_equal(sb_buf_str(&b), sb_buf_str(&a));
		n++;
	}
	sb_buf_dispose(&a);
	sb_buf_dispose(&b);
	return n;
}

static sb_taxonomy *load_tax(void)
{
	char *path = tu_src_path("wikitext/taxonomy.json");
	sb_taxonomy *tax;

	assert_int_equal(sb_taxonomy_load_file(&tax, path), SB_OK);
	free(path);
	return tax;
}

/* Page ids past INT_MAX too (cJSON's %1.15g path). */
static int64_t page_id_large(int i)
{
	return (int64_t)i * 1000000007LL;
}

/* Every record of the example directory (profiles, clinics with
 * sign-ups, resources, diagnostics). */
static void test_examples(void **state)
{
	char *dir = tu_src_path("wikitext/examples");
	sb_taxonomy *tax = load_tax();
	sb_siteconf conf;
	sb_extract_ctx *ex;
	struct dirent **names;
	sb_records r;
	int n;

	(void)state;
	sb_siteconf_defaults(&conf);
	assert_int_equal(sb_extract_ctx_new(&ex, &conf, tax), SB_OK);
	sb_extract_ctx_set_reject(ex, quiet_reject, NULL);
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n > 0);
	sb_records_init(&r);
	extract_examples(&r, ex, names, n, page_id_large);
	assert_true(r.n_clinics > 0 && r.n_resources > 0);
	assert_int_equal(same_both_ways(&r),
			 r.n_profiles + r.n_clinics + r.n_resources);
	sb_records_dispose(&r);
	sb_extract_ctx_free(ex);
	sb_siteconf_dispose(&conf);
	sb_taxonomy_free(tax);
	free(dir);
}

typedef struct gen_state {
	sb_extract_ctx *ex;
	size_t compared;
	int64_t id;
} gen_state;

static int gen_page(void *data, const char *title, const char *text,
		    size_t len, int profiles, const int *regions)
{
	gen_state *g = data;
	sb_records r;

	(void)profiles;
	(void)regions;
	sb_records_init(&r);
	assert_int_equal(sb_extract_page(&r, g->ex, title, ++g->id, text,
					 len), SB_OK);
	g->compared += same_both_ways(&r);
	sb_records_dispose(&r);
	return 0;
}

/* What `skillsbot generate` writes: many names, scripts, diagnostics. */
static void test_generated(void **state)
{
	sb_taxonomy *tax = load_tax();
	sb_siteconf conf;
	sb_gen_opts o;
	gen_state g = {0};
	sb_gen_sink sink = {gen_page, &g};

	(void)state;
	sb_siteconf_defaults(&conf);
	assert_int_equal(sb_extract_ctx_new(&g.ex, &conf, tax), SB_OK);
	sb_extract_ctx_set_reject(g.ex, quiet_reject, NULL);
	sb_gen_opts_init(&o);
	o.pages = 600;
	o.seed = 5;
	o.per_page = 3;
	o.tax = tax;
	assert_int_equal(sb_generate(&o, &sink), SB_OK);
	assert_true(g.compared >= 600);
	sb_extract_ctx_free(g.ex);
	sb_siteconf_dispose(&conf);
	sb_taxonomy_free(tax);
}

/* Hand-made records: control bytes, quotes, backslashes, DEL, UTF-8,
 * NULL fields, levels, numbers at the edges of int and beyond. */
static void test_hand_made(void **state)
{
	static const char nasty[] = "a\"b\\c/d\be\ff\ng\rh\ti\x01j\x1fk\x7f"
				    "l\xC3\xA9m\xE2\x80\xA8n\xF0\x9F\x98\x80o";
	static const int64_t ids[] = {
		0, -5, 1, 2147483646, 2147483647, 2147483648LL,
		123456789012345LL, 1234567890123456LL, 9007199254740993LL,
		INT64_MAX
	};
	sb_records r;
	sb_profile p;
	sb_clinic c;
	sb_resource res;
	sb_lang langs[4] = {
		{"fr", 3}, {"en", SB_LEVEL_NATIVE}, {"sw", SB_LEVEL_NONE},
		{"ar", 0}
	};
	sb_skill_ref skills[2] = {{NULL, NULL}, {NULL, NULL}};
	char *people[3];

	(void)state;
	sb_records_init(&r);
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		memset(&p, 0, sizeof(p));
		p.page = sb_strdup(nasty);
		p.page_id = ids[k];
		p.index = (int)k - 1;
		p.username = k % 2 ? sb_strdup(nasty) : sb_strdup("U");
		p.region = k % 3 ? NULL : sb_strdup("SSA");
		p.languages = sb_malloc(sizeof(langs));
		memcpy(p.languages, langs, sizeof(langs));
		p.n_languages = k % 5;
		p.timezone = sb_strdup("UTC+03:00");
		p.share = sb_calloc(2, sizeof(sb_skill_ref));
		p.share[0].id = sb_strdup("wikidata");
		p.share[0].text = sb_strdup(nasty);
		p.share[1].text = sb_strdup("");
		p.n_share = 2;
		p.formats = (unsigned)k & 7u;
		p.capacity = k % 2 ? -2147483647 - 1 : 2147483647;
		p.status = (int)k % 4;
		p.notify = k % 2;
		sb_diag_add(&p.diags, &p.n_diags, nasty, (int)k, -1, "%s",
			    nasty);
		sb_records_add_profile(&r, &p);
	}
	memset(&c, 0, sizeof(c));
	c.page = sb_strdup("Clinic");
	c.page_id = 42;
	c.title = sb_strdup(nasty);
	c.topic.text = sb_strdup("t");
	c.duration = 90;
	c.languages = sb_malloc(sizeof(langs));
	memcpy(c.languages, langs, sizeof(langs));
	c.n_languages = 4;
	people[0] = sb_strdup("A");
	people[1] = sb_strdup(nasty);
	people[2] = sb_strdup("\"");
	c.signups = sb_malloc(sizeof(people));
	memcpy(c.signups, people, sizeof(people));
	c.n_signups = 3;
	c.status = 7;
	sb_records_add_clinic(&r, &c);
	memset(&res, 0, sizeof(res));
	res.page = sb_strdup("R");
	res.link = sb_strdup("https://x.org/a?b=c&d=\"e\"");
	res.skills = sb_malloc(sizeof(skills));
	memcpy(res.skills, skills, sizeof(skills));
	res.n_skills = 1;
	res.format = sb_strdup("");
	sb_records_add_resource(&r, &res);
	assert_int_equal(same_both_ways(&r),
			 sizeof(ids) / sizeof(ids[0]) + 2);
	sb_records_dispose(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_hand_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
