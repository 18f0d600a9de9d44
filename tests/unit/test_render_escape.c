/* test_render_escape.c - editor values are written so they show as typed
 * and open or close nothing; links only for names that can be titles. */
#include "testutil.h"
#include "render_hostile.h"

#include "skillsbot/error.h"
#include "skillsbot/wikiescape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *esc(const char *s)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_esc_texts(&b, s), SB_OK);
	return sb_buf_take(&b, NULL);
}

/* What a reader should see: line breaks and tabs as spaces, bytes that
 * are not text as U+FFFD. */
static char *expected_view(const char *s)
{
	sb_buf b;
	const unsigned char *u = (const unsigned char *)s;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; u[i]; i++) {
		if (u[i] == '\t' || u[i] == '\n' || u[i] == '\r')
			sb_buf_addc(&b, ' ');
		else if (u[i] < 32 || u[i] == 127 || u[i] == 0xff || u[i] == 0xfe)
			sb_buf_adds(&b, "\xEF\xBF\xBD");
		else
			sb_buf_addc(&b, (char)u[i]);
	}
	return sb_buf_take(&b, NULL);
}

/* The escaped text with its character references removed: what the
 * parser could read as syntax. */
static void assert_inert(const char *out, const char *input)
{
	char *bare = strdup(out), *w = bare;

	for (const char *r = out; *r;) {
		char *end;

		if (r[0] == '&' && r[1] == '#' && strtol(r + 2, &end, 10) > 0 &&
		    *end == ';') {
			*w++ = 'X';   /* a reference stands for one character */
			r = end + 1;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	for (const char *c = "{}[]|<>~_=':!&\"\n\r\t"; *c; c++)
		if (strchr(bare, *c)) {
			fprintf(stderr, "input %s left '%c' in %s\n", input, *c,
				out);
			fail();
		}
	if (strstr(bare, "ISBN") || strstr(bare, "RFC") || strstr(bare, "PMID"))
		fail_msg("magic link word left in %s", out);
	if (bare[0] == ' ' || bare[0] == '-' || bare[0] == '*' ||
	    bare[0] == '#' || bare[0] == ';' || bare[0] == '+')
		fail_msg("line-start syntax left in %s", out);
	free(bare);
}

static void hostile_values_are_inert_and_shown_as_typed(void **state)
{
	(void)state;
	for (size_t i = 0; hostile_values[i]; i++) {
		char *out = esc(hostile_values[i]);
		char *shown = decode_refs(out);
		char *want = expected_view(hostile_values[i]);

		assert_inert(out, hostile_values[i]);
		assert_string_equal(shown, want);
		free(out);
		free(shown);
		free(want);
	}
}

static void plain_text_stays_readable(void **state)
{
	char *out;

	(void)state;
	out = esc("Grant writing, Ελληνικά, عربي 2026");
	assert_string_equal(out, "Grant writing, Ελληνικά, عربي 2026");
	free(out);
	out = esc("-x");
	assert_string_equal(out, "&#45;x");
	free(out);
	out = esc("a-b");
	assert_string_equal(out, "a-b");
	free(out);
}

static void user_links_only_for_valid_names(void **state)
{
	static const char *const bad[] = {"A]]b", "A|B", "{{x}}", "A~~~",
		"A%41", "A&amp;", "A_B", ":A", "A/B", "A:B", "", " A",
		"\xe2\x80\x8e" "A", "A\nB", NULL};
	sb_buf b;

	(void)state;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_esc_user_link(&b, "Example Person"), SB_OK);
	assert_string_equal(sb_buf_str(&b),
			    "[[User:Example Person|Example Person]]");
	sb_buf_reset(&b);
	assert_int_equal(sb_esc_user_link(&b, "O'Neil ''x''"), SB_OK);
	assert_string_equal(sb_buf_str(&b),
			    "[[User:O'Neil ''x''|O&#39;Neil &#39;&#39;x&#39;&#39;]]");
	for (size_t i = 0; bad[i]; i++) {
		sb_buf_reset(&b);
		assert_int_equal(sb_esc_user_link(&b, bad[i]), SB_OK);
		if (strstr(sb_buf_str(&b), "[["))
			fail_msg("'%s' became a link: %s", bad[i], sb_buf_str(&b));
	}
	sb_buf_dispose(&b);
}

static void page_and_external_links(void **state)
{
	sb_buf b;

	(void)state;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_esc_page_link(&b, "Category:Spam", NULL);
	/* The leading colon makes it a link, not a categorisation. */
	assert_string_equal(sb_buf_str(&b), "[[:Category:Spam|Category&#58;Spam]]");
	sb_buf_reset(&b);
	sb_esc_ext_link(&b, "https://example.org/a.pdf", "Slides [v2]");
	assert_string_equal(sb_buf_str(&b),
			    "[https://example.org/a.pdf Slides &#91;v2&#93;]");
	sb_buf_reset(&b);
	sb_esc_ext_link(&b, "https://x.org/ ]]{{evil}}", "t");
	assert_null(strstr(sb_buf_str(&b), "{{"));
	assert_null(strstr(sb_buf_str(&b), "[h"));
	sb_buf_reset(&b);
	sb_esc_ext_link(&b, "javascript:alert(1)", "t");
	assert_null(strchr(sb_buf_str(&b), '['));
	sb_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_values_are_inert_and_shown_as_typed),
		cmocka_unit_test(plain_text_stays_readable),
		cmocka_unit_test(user_links_only_for_valid_names),
		cmocka_unit_test(page_and_external_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
