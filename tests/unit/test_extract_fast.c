/*
 * test_extract_fast.c - the shortcuts taken for speed (docs/wikitext.md,
 * "Performance") give what the general paths give: text folding and
 * titles against utf8proc, parameter names remembered between pages and
 * between record kinds, a user name read in one walk, item texts in the
 * page's pool (a giant item included).
 */
#include "extract_fixture.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>

static const char *const samples[] = {
	"", " ", "a", "A", "Grant writing", "  Grant   WRITING  ", "x\ty\r\nz",
	"Kofi_Annan_Fan", "_lead", "trail_", "José García", "élodie martin",
	"Wikimedia\xC2\xA0User Group 7", "\xC3\x9F" "ig", "\xC2\xB5m",
	"Stra\xC3\x9F" "e", "\xD9\x85\xD8\xB3\xD8\xAA", "e\xCC\x81t\xC3\xA9",
	"bad \xFF byte", "\x7F" "del", "tab\x0B" "vt", "MiXeD_Case Text"
};
#define N_SAMPLES (sizeof(samples) / sizeof(samples[0]))

/* sb_text_title's one-string shortcut against clean + ucfirst. */
static void test_title_matches_general_path(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SAMPLES; i++) {
		size_t len = strlen(samples[i]);
		char *spaced = sb_strdup(samples[i]), *clean, *want, *got;

		for (char *p = spaced; *p; p++)
			if (*p == '_')
				*p = ' ';
		clean = sb_text_clean(spaced, len);
		want = sb_text_ucfirst(clean);
		got = sb_text_title(samples[i], len);
		assert_string_equal(got, want);
		free(got);
		free(want);
		free(clean);
		free(spaced);
	}
}

/* The no-allocation forms agree with the allocating ones. */
static void test_fold_and_clean_into_buffers(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SAMPLES; i++) {
		size_t len = strlen(samples[i]);
		char buf[128], *fold = sb_text_fold(samples[i], len);
		char *clean = sb_text_clean(samples[i], len);
		bool ascii = true;

		for (size_t k = 0; k < len; k++)
			if ((unsigned char)samples[i][k] >= 0x80)
				ascii = false;
		assert_int_equal(sb_text_fold_ascii(buf, sizeof(buf),
						    samples[i], len), ascii);
		if (ascii)
			assert_string_equal(buf, fold);
		if (sb_text_clean_to(buf, samples[i], len))
			assert_string_equal(buf, clean);
		else
			assert_false(ascii);
		free(fold);
		free(clean);
	}
	/* Too long for the buffer: refused, not cut. */
	assert_false(sb_text_fold_ascii((char[4]){0}, 4, "abcd", 4));
}

static int setup(void **state)
{
	(void)state;
	return ef_open(NULL);
}

static int teardown(void **state)
{
	(void)state;
	ef_close();
	return 0;
}

static void quiet(void *data, const sb_profile *p)
{
	(*(int *)data)++;
	(void)p;
}

static bool has_diag(const sb_diag *d, size_t n, const char *field,
		     const char *part)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].field, field) == 0 &&
		    strstr(d[i].message, part))
			return true;
	return false;
}

/* Spellings of one name, unknown names and a name known to one record
 * kind only, page after page through one context: every page gets the
 * same answers (and the same diagnostics) as the first. */
static void test_parameter_names_between_pages(void **state)
{
	static const char *const user_keys[] = {
		"username", "Username", " USER NAME ", "user_name", "usuario",
		"Nom", "User\xC2\xA0name", "usu\xC3\xA1rio"
	};
	int left_out = 0;

	(void)state;
	sb_extract_ctx_set_reject(ctx, quiet, &left_out);
	for (int round = 0; round < 3; round++) {
		for (size_t k = 0; k < sizeof(user_keys) / sizeof(*user_keys);
		     k++) {
			char *text = sb_asprintf(
				"{{Let's Connect/Profile\n|%s = Ama %d\n"
				"|colour = blue\n|title = x\n|country=GH\n}}\n"
				"{{Let's Connect/Clinic\n|title = T%d\n"
				"|colour = red\n}}\n", user_keys[k], round,
				round);
			sb_records r;
			/* "usuário" is no alias: that profile is left out. */
			bool known = k != 7;

			sb_records_init(&r);
			assert_int_equal(sb_extract_page(&r, ctx, "P", 1, text,
							 strlen(text)), SB_OK);
			assert_int_equal(r.n_profiles, known ? 1 : 0);
			if (known) {
				const sb_profile *p = &r.profiles[0];
				char *want = sb_asprintf("Ama %d", round);

				assert_string_equal(p->username, want);
				assert_string_equal(p->country, "GH");
				assert_true(has_diag(p->diags, p->n_diags,
						     "colour", "unknown"));
				/* "title" is a clinic field, not a
				 * profile's. */
				assert_true(has_diag(p->diags, p->n_diags,
						     "title", "unknown"));
				free(want);
			}
			assert_int_equal(r.n_clinics, 1);
			{
				char *want = sb_asprintf("T%d", round);

				assert_string_equal(r.clinics[0].title, want);
				free(want);
			}
			assert_true(has_diag(r.clinics[0].diags,
					     r.clinics[0].n_diags, "colour",
					     "unknown"));
			sb_records_dispose(&r);
			free(text);
		}
	}
	assert_int_equal(left_out, 3);
	sb_extract_ctx_set_reject(ctx, NULL, NULL);
}

static char *one_username(const char *value)
{
	char *text = sb_asprintf("{{Let's Connect/Profile\n|username=%s\n}}",
				 value);
	sb_records r;
	char *name = NULL;

	sb_records_init(&r);
	assert_int_equal(sb_extract_page(&r, ctx, "P", 1, text, strlen(text)),
			 SB_OK);
	if (r.n_profiles)
		name = sb_strdup(r.profiles[0].username);
	sb_records_dispose(&r);
	free(text);
	return name;
}

/* A plain name takes one walk; with separators or markers the value is
 * still read as one text, as before. */
static void test_username_forms(void **state)
{
	char *n;

	(void)state;
	n = one_username("  ama_mensah  ");
	assert_string_equal(n, "Ama mensah");
	free(n);
	n = one_username("Ama, Mensah");
	assert_string_equal(n, "Ama, Mensah");
	free(n);
	/* "* Mensah" starts a list line: a space in one text. */
	n = one_username("Ama\n* Mensah");
	assert_string_equal(n, "Ama Mensah");
	free(n);
	n = one_username("Ama [[User:Kofi B|K]]");
	assert_string_equal(n, "Kofi B");
	free(n);
}

/* An item bigger than a pool block, then ordinary pages. */
static void test_giant_item(void **state)
{
	sb_buf page;
	sb_records r;

	(void)state;
	sb_buf_init(&page, SB_BUF_UNLIMITED);
	sb_buf_adds(&page, "{{Let's Connect/Profile\n|username=Big\n|share=");
	for (int i = 0; i < 5000; i++)
		sb_buf_adds(&page, "word");
	sb_buf_adds(&page, ", small\n}}\n");
	for (int round = 0; round < 2; round++) {
		sb_records_init(&r);
		assert_int_equal(sb_extract_page(&r, ctx, "P", 1,
						 sb_buf_str(&page), page.len),
				 SB_OK);
		assert_int_equal(r.n_profiles, 1);
		assert_int_equal(r.profiles[0].n_share, 2);
		assert_int_equal(strlen(r.profiles[0].share[0].text), 20000);
		assert_string_equal(r.profiles[0].share[1].text, "small");
		sb_records_dispose(&r);
	}
	sb_buf_dispose(&page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_matches_general_path),
		cmocka_unit_test(test_fold_and_clean_into_buffers),
		cmocka_unit_test(test_parameter_names_between_pages),
		cmocka_unit_test(test_username_forms),
		cmocka_unit_test(test_giant_item),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
