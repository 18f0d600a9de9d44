/*
 * test_mo.c - gettext catalogues (mo.h) and the country names they give
 * (iso.h). Catalogues are built here byte by byte, in both byte orders,
 * and broken in the ways a damaged file would be; the last tests read
 * the catalogues Debian's iso-codes installs (scripts/deps).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/iso.h"
#include "skillsbot/mem.h"
#include "skillsbot/mo.h"

typedef struct mo_file {
	unsigned char b[4096];
	size_t len;
	int be;
} mo_file;

static void put32(mo_file *f, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		f->b[at + (size_t)i] = (unsigned char)(f->be ? v >> (24 - 8 * i)
							     : v >> (8 * i));
}

/* A catalogue of n pairs (ids[i] -> texts[i]; an id or text may hold a
 * NUL, given by its length), laid out as msgfmt does. */
static void build(mo_file *f, int be, size_t n, const char *const *ids,
		  const size_t *id_len, const char *const *texts,
		  const size_t *text_len)
{
	size_t at = 28 + 16 * n;

	memset(f, 0, sizeof(*f));
	f->be = be;
	put32(f, 0, 0x950412deu);
	put32(f, 4, 0);
	put32(f, 8, (uint32_t)n);
	put32(f, 12, 28);
	put32(f, 16, (uint32_t)(28 + 8 * n));
	for (size_t i = 0; i < 2 * n; i++) {
		const char *s = i < n ? ids[i] : texts[i - n];
		size_t len = i < n ? id_len[i] : text_len[i - n];

		put32(f, 28 + 8 * i, (uint32_t)len);
		put32(f, 28 + 8 * i + 4, (uint32_t)at);
		memcpy(f->b + at, s, len);
		f->b[at + len] = '\0';
		at += len + 1;
	}
	f->len = at;
}

/* The usual test catalogue: a header, two names out of order, a plural
 * pair and an untranslated one. */
static void sample(mo_file *f, int be)
{
	const char *ids[] = {"", "Morocco", "Egypt", "one file\0%d files",
			     "Ghana"};
	const char *texts[] = {"Content-Type: text/plain; charset=UTF-8\n",
			       "Maroc", "\xc3\x89gypte", "un fichier\0%d fichiers",
			       ""};
	size_t il[] = {0, 7, 5, 17, 5}, tl[5];

	for (int i = 0; i < 5; i++)
		tl[i] = strlen(texts[i]);
	tl[3] = 22;
	build(f, be, 5, ids, il, texts, tl);
}

static void reads_both_byte_orders(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		mo_file f;
		sb_mo *mo;

		sample(&f, be);
		assert_int_equal(sb_mo_parse(&mo, f.b, f.len, "t.mo"), SB_OK);
		assert_string_equal(sb_mo_get(mo, "Egypt"), "\xc3\x89gypte");
		assert_string_equal(sb_mo_get(mo, "Morocco"), "Maroc");
		/* the first plural form */
		assert_string_equal(sb_mo_get(mo, "one file"), "un fichier");
		/* no header, no empty translation, nothing made up */
		assert_null(sb_mo_get(mo, ""));
		assert_null(sb_mo_get(mo, "Ghana"));
		assert_null(sb_mo_get(mo, "Mali"));
		assert_int_equal(sb_mo_count(mo), 3);
		sb_mo_free(mo);
	}
}

static void expect_invalid(const mo_file *f, size_t len, const char *words)
{
	sb_mo *mo = (sb_mo *)1;

	assert_int_equal(sb_mo_parse(&mo, f->b, len, "broken.mo"),
			 SB_EINVALID);
	assert_null(mo);
	assert_non_null(strstr(sb_error_message(), "broken.mo"));
	if (!strstr(sb_error_message(), words))
		fail_msg("\"%s\" does not say \"%s\"", sb_error_message(),
			 words);
}

static void refuses_what_does_not_hold_up(void **state)
{
	mo_file f;

	(void)state;
	sample(&f, 0);
	expect_invalid(&f, 10, "ends inside");
	f.b[0] ^= 0xff;
	expect_invalid(&f, f.len, "magic number");
	sample(&f, 0);
	put32(&f, 4, 2u << 16);
	expect_invalid(&f, f.len, "revision 2.0");
	sample(&f, 0);
	put32(&f, 8, 1000000);
	expect_invalid(&f, f.len, "do not fit");
	sample(&f, 0);
	put32(&f, 28 + 8 * 2 + 4, (uint32_t)f.len + 100);   /* "Egypt" */
	expect_invalid(&f, f.len, "outside the file");
	sample(&f, 0);
	f.b[f.len - 1] = 'x';      /* the last string loses its NUL */
	expect_invalid(&f, f.len, "outside the file");
}

static void a_missing_file_is_not_found(void **state)
{
	sb_mo *mo;

	(void)state;
	assert_int_equal(sb_mo_load(&mo, "/nonexistent/xx.mo"), SB_ENOTFOUND);
	assert_non_null(strstr(sb_error_message(), "/nonexistent/xx.mo"));
}

/* DIR/LANG/LC_MESSAGES/iso_3166-1.mo holding `f`. */
static void put_catalogue(const char *dir, const char *lang, const mo_file *f)
{
	char *d = sb_asprintf("%s/%s", dir, lang);
	char *lc = sb_asprintf("%s/LC_MESSAGES", d);
	char *path = sb_asprintf("%s/iso_3166-1.mo", lc);

	assert_int_equal(mkdir(d, 0700), 0);
	assert_int_equal(mkdir(lc, 0700), 0);
	assert_int_equal(sb_file_write_atomic(path, (const char *)f->b, f->len),
			 SB_OK);
	free(path);
	free(lc);
	free(d);
}

static void country_names_by_language(void **state)
{
	char *dir = tu_mkdtemp();
	const char *langs[] = {"en", "xx", "yy", "../zz"};
	sb_iso *iso;
	mo_file f;

	(void)state;
	sample(&f, 1);
	put_catalogue(dir, "xx", &f);
	assert_int_equal(sb_iso_load(&iso, NULL), SB_OK);
	/* yy has no catalogue, ../zz is no language: English */
	assert_int_equal(sb_iso_load_country_names(iso, langs, 4, dir), SB_OK);
	assert_string_equal(sb_iso_country_name_in(iso, "EG", "xx"),
			    "\xc3\x89gypte");
	assert_string_equal(sb_iso_country_name_in(iso, "GH", "xx"), "Ghana");
	assert_string_equal(sb_iso_country_name_in(iso, "EG", "yy"), "Egypt");
	assert_string_equal(sb_iso_country_name_in(iso, "EG", "en"), "Egypt");
	assert_null(sb_iso_country_name_in(iso, "QQ", "xx"));
	sb_iso_free(iso);
	/* a broken catalogue is an error that names it */
	f.b[0] = 0;
	put_catalogue(dir, "ww", &f);
	assert_int_equal(sb_iso_load(&iso, NULL), SB_OK);
	langs[1] = "ww";
	assert_int_equal(sb_iso_load_country_names(iso, langs, 2, dir),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "/ww/LC_MESSAGES/"));
	sb_iso_free(iso);
	tu_rmtree(dir);
	free(dir);
}

/* The catalogues Debian's iso-codes installs, as the renderer reads them. */
static void debian_catalogues(void **state)
{
	const char *langs[] = {"fr", "es", "ar", "pt"};
	sb_iso *iso;

	(void)state;
	assert_int_equal(sb_iso_load(&iso, NULL), SB_OK);
	assert_int_equal(sb_iso_load_country_names(iso, langs, 4, NULL), SB_OK);
	assert_string_equal(sb_iso_country_name_in(iso, "EG", "fr"),
			    "\xc3\x89gypte");
	assert_string_equal(sb_iso_country_name_in(iso, "MA", "es"),
			    "Marruecos");
	assert_string_equal(sb_iso_country_name_in(iso, "BR", "pt"), "Brasil");
	assert_string_equal(sb_iso_country_name_in(iso, "GH", "ar"),
			    "\xd8\xba\xd8\xa7\xd9\x86\xd8\xa7");  /* غانا */
	sb_iso_free(iso);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_both_byte_orders),
		cmocka_unit_test(refuses_what_does_not_hold_up),
		cmocka_unit_test(a_missing_file_is_not_found),
		cmocka_unit_test(country_names_by_language),
		cmocka_unit_test(debian_catalogues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
