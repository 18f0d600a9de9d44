/* test_extract_more.c - clinics, sign-ups, resources (sections 3 and 4),
 * and the helpers beside extraction: iso tables, time zones, {{bots}},
 * and the `skillsbot extract` command itself. */
#include "examples_fixture.h"
#include "extract_fixture.h"

#include "skillsbot/bots.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/iso.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/text.h"
#include "skillsbot/tz.h"

#include "skillsbot/fileio.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int setup(void **state)
{
	(void)state;
	return ef_open("tests/data/extract/taxonomy.json");
}

static int teardown(void **state)
{
	(void)state;
	ef_close();
	return 0;
}

static void expect_strv(char **v, size_t n, const char *const *want)
{
	size_t k = 0;

	for (; want[k]; k++) {
		if (k >= n)
			fail_msg("\"%s\" missing", want[k]);
		assert_string_equal(v[k], want[k]);
	}
	if (n != k)
		fail_msg("%zu names, expected %zu (extra: %s)", n, k, v[k]);
}

/* Page "Clinic" of `text` into *r (initialised here), which must hold
 * n_clinics clinics. */
static void read_clinic_page(sb_records *r, const char *text,
			     size_t n_clinics)
{
	sb_records_init(r);
	assert_int_equal(sb_extract_page(r, ctx, "Clinic", 0, text,
					 strlen(text)), SB_OK);
	assert_int_equal(r->n_clinics, n_clinics);
}

static void test_clinic_page(void **state)
{
	static const char *const facilitators[] = {
		"Example Person", "Another One", "Third one", NULL
	};
	static const char *const signups[] = {
		"Some User", "Other User", "Fourth", "Fifth",
		"In A Subsection", "Late Comer", NULL
	};
	char *text = tu_read_src("tests/data/extract/clinic.wiki", NULL);
	sb_records r;
	sb_clinic *c;
	sb_resource *res;

	(void)state;
	sb_records_init(&r);
	assert_int_equal(sb_extract_page(&r, ctx, "Grants:Knowledge Sharing/"
					 "Connect/Clinics/Grants", 7, text,
					 strlen(text)), SB_OK);
	free(text);
	assert_int_equal(r.n_profiles, 0);
	assert_int_equal(r.n_clinics, 1);
	c = &r.clinics[0];
	assert_string_equal(c->title, "Writing your first grant proposal");
	assert_string_equal(c->topic.id, "grant-writing");
	assert_string_equal(c->date, "2026-12-10T14:00Z");
	assert_int_equal(c->duration, 120);
	assert_int_equal(c->n_languages, 1);
	assert_int_equal(c->n_interpretation, 3);
	assert_string_equal(c->interpretation[2].code, "ar");
	expect_strv(c->facilitators, c->n_facilitators, facilitators);
	expect_strv(c->signups, c->n_signups, signups);
	assert_int_equal(c->capacity, 25);
	assert_int_equal(c->status, SB_CLINIC_SCHEDULED);
	assert_int_equal(c->page_id, 7);
	/* The line without a user link and the second sign-up of Other
	 * User are reported, nothing else. */
	assert_int_equal(c->n_diags, 2);
	assert_string_equal(c->diags[0].field, "signups");
	assert_int_equal(c->diags[0].line, 18);
	assert_string_equal(c->diags[1].field, "signups");
	assert_int_equal(c->diags[1].line, 19);

	assert_int_equal(r.n_resources, 1);
	res = &r.resources[0];
	assert_string_equal(res->title, "Grant writing slides");
	assert_string_equal(res->link, "https://example.org/slides.pdf");
	assert_int_equal(res->n_skills, 2);
	assert_string_equal(res->skills[0].id, "grant-writing");
	assert_null(res->skills[1].id);
	assert_string_equal(res->skills[1].text, "Budgeting");
	assert_int_equal(res->n_languages, 2);
	assert_string_equal(res->format, "slides");
	assert_string_equal(res->clinic, "Writing your first grant proposal");
	sb_records_dispose(&r);
}

/* A resource's link is where it points: a link's URL or page, not its
 * label; only wiki pages and http(s) URLs, anything else reported. */
static void test_resource_links(void **state)
{
	static const struct {
		const char *value, *want, *diag;
	} cases[] = {
		{"[https://example.org/slides.pdf the slides]",
		 "https://example.org/slides.pdf", NULL},
		{"[[Grants:Guide|the guide]]", "Grants:Guide", NULL},
		{"[[:grants:Knowledge_Sharing/Guide]]",
		 "Grants:Knowledge Sharing/Guide", NULL},
		{"https://example.org/a.pdf", "https://example.org/a.pdf", NULL},
		{" HTTPS://example.org/a <!-- c -->", "https://example.org/a",
		 NULL},
		{"//example.org/a", "https://example.org/a", NULL},
		{"[//example.org/b b]", "https://example.org/b", NULL},
		{"Grants:Guide", "Grants:Guide", NULL},
		{"[[File:Slides.pdf]]", "File:Slides.pdf", NULL},
		{"Data:Population.tab", "Data:Population.tab", NULL},
		{"javascript:alert(1)", NULL, "javascript:alert(1)"},
		{" JavaScript :alert(1)", NULL, "JavaScript :alert(1)"},
		{"data:text/html,x", NULL, "data:text/html,x"},
		{"[mailto:a@example.org mail]", NULL, "mailto:a@example.org"},
		{"ftp://example.org/f", NULL, "ftp://example.org/f"},
		{"https://", NULL, "https://"},
		{"[[Grants:Guide#Budget|the guide]]", "Grants:Guide", "#Budget"},
		{"[https://example.org/s.pdf slides] (PDF)",
		 "https://example.org/s.pdf", "(PDF)"},
		{"https://example.org/s.pdf (PDF, 2 MB)",
		 "https://example.org/s.pdf", "(PDF, 2 MB)"},
		{"[[#Top]]", NULL, "#Top"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = sb_asprintf("{{Let's Connect/Resource|title=T|"
					 "link=%s}}", cases[i].value);
		sb_records r;
		sb_resource *res;

		sb_records_init(&r);
		assert_int_equal(sb_extract_page(&r, ctx, "R", 0, text,
						 strlen(text)), SB_OK);
		free(text);
		assert_int_equal(r.n_resources, 1);
		res = &r.resources[0];
		if (cases[i].want ? !res->link ||
				    strcmp(res->link, cases[i].want) != 0
				  : res->link != NULL)
			fail_msg("%s: link %s, expected %s", cases[i].value,
				 res->link ? res->link : "(none)",
				 cases[i].want ? cases[i].want : "(none)");
		if (!cases[i].diag) {
			if (res->n_diags)
				fail_msg("%s: unexpected \"%s\"",
					 cases[i].value, res->diags[0].message);
		} else if (res->n_diags != 1 ||
			   strcmp(res->diags[0].field, "link") != 0 ||
			   !strstr(res->diags[0].message, cases[i].diag)) {
			fail_msg("%s: %zu diagnostics (%s), expected one on "
				 "link naming %s", cases[i].value, res->n_diags,
				 res->n_diags ? res->diags[0].message : "",
				 cases[i].diag);
		}
		sb_records_dispose(&r);
	}
}

static void test_clinic_defaults_and_problems(void **state)
{
	const char *text = "{{Let's Connect/Clinic|title=T|date=2026-13-01|"
			   "status=someday|duration=long}}\n"
			   "{{Let's Connect/Clinic|date=2026-12-01 09:30}}\n"
			   "== Sign-ups ==\n# [[User:Second]]\n";
	sb_records r;

	(void)state;
	read_clinic_page(&r, text, 2);
	assert_int_equal(r.clinics[0].capacity, 25);
	assert_int_equal(r.clinics[0].status, SB_CLINIC_PROPOSED);
	assert_null(r.clinics[0].date);
	assert_int_equal(r.clinics[0].n_diags, 3);
	assert_int_equal(r.clinics[0].n_signups, 0);
	/* The section below the second clinic is the second's. */
	assert_int_equal(r.clinics[1].n_signups, 1);
	assert_string_equal(r.clinics[1].signups[0], "Second");
	assert_string_equal(r.clinics[1].date, "2026-12-01T09:30Z");
	assert_int_equal(r.clinics[1].index, 1);
	sb_records_dispose(&r);
}

/* A clinic has one topic: the first of a list, with a word about the rest. */
static void test_clinic_one_topic(void **state)
{
	const char *text = "{{Let's Connect/Clinic|title=T|"
			   "topic=Grant writing, Knitting}}\n";
	sb_records r;

	(void)state;
	read_clinic_page(&r, text, 1);
	assert_string_equal(r.clinics[0].topic.id, "grant-writing");
	assert_int_equal(r.clinics[0].n_diags, 1);
	assert_string_equal(r.clinics[0].diags[0].field, "topic");
	sb_records_dispose(&r);
}

/* Only numbered and bulleted lines are sign-ups: "#:" is a reply in the
 * discussion and ":" an indent, even with a user link. */
static void test_signup_replies(void **state)
{
	static const char *const signups[] = {"Alice", "Carol", NULL};
	const char *text = "{{Let's Connect/Clinic|title=X|topic=wikidata}}\n"
			   "== Sign-ups ==\n"
			   "# [[User:Alice]]\n"
			   "#: [[User:Bob]] can we move it to Friday?\n"
			   "#:: {{u|Dave}} yes\n"
			   ": [[User:Erin]] me too\n"
			   "*# [[User:Carol]]\n";
	sb_records r;

	(void)state;
	read_clinic_page(&r, text, 1);
	expect_strv(r.clinics[0].signups, r.clinics[0].n_signups, signups);
	assert_int_equal(r.clinics[0].n_diags, 0);
	sb_records_dispose(&r);
}

/* A sign-up line without a user link, and a sign-up template without a
 * user, are reported (page and line) so the person can be told; empty
 * items, discussion and the bot's own section are not. */
static void test_signup_problems(void **state)
{
	static const char *const signups[] = {"Alice", "Carol", NULL};
	const char *text = "{{Let's Connect/Clinic|title=X|topic=wikidata}}\n"
			   "== Sign-ups ==\n"
			   "Add yourself below.\n"
			   "# [[User:Alice]]\n"
			   "* Plain Name\n"
			   "{{Let's Connect/Signup}}\n"
			   "{{Let's Connect/Signup|user=}}\n"
			   "# <!-- add yourself -->\n"
			   "#\n"
			   "#: a reply\n"
			   "<!-- skillsbot:begin roster -->\n"
			   "# Generated\n"
			   "<!-- skillsbot:end roster -->\n"
			   "* [[User:Carol]]\n"
			   "* [[Help:Signing up]]";
	sb_records r;
	sb_clinic *c;

	(void)state;
	read_clinic_page(&r, text, 1);
	c = &r.clinics[0];
	expect_strv(c->signups, c->n_signups, signups);
	assert_int_equal(c->n_diags, 4);
	for (size_t i = 0; i < c->n_diags; i++)
		assert_string_equal(c->diags[i].field, "signups");
	assert_int_equal(c->diags[0].line, 5);
	assert_non_null(strstr(c->diags[0].message, "\"Plain Name\""));
	assert_int_equal(c->diags[1].line, 6);
	assert_int_equal(c->diags[2].line, 7);
	assert_int_equal(c->diags[3].line, 15);
	assert_non_null(strstr(c->diags[3].message, "Help:Signing up"));
	sb_records_dispose(&r);
}

/* The date of the clinic page `text` (NULL when left out) and its one
 * diagnostic's message (NULL when there is none), for the date tests. */
static void clinic_date(const char *text, const char *want_date,
			const char *want_msg)
{
	sb_records r;
	sb_clinic *c;

	read_clinic_page(&r, text, 1);
	c = &r.clinics[0];
	if (want_date && !c->date)
		fail_msg("%s: no date (\"%s\")", text,
			 c->n_diags ? c->diags[0].message : "");
	else if (want_date)
		assert_string_equal(c->date, want_date);
	else
		assert_null(c->date);
	if (!want_msg) {
		if (c->n_diags)
			fail_msg("%s: unexpected \"%s\"", text,
				 c->diags[0].message);
	} else {
		assert_int_equal(c->n_diags, 1);
		assert_string_equal(c->diags[0].field, "date");
		if (!strstr(c->diags[0].message, want_msg))
			fail_msg("%s: \"%s\" lacks \"%s\"", text,
				 c->diags[0].message, want_msg);
	}
	sb_records_dispose(&r);
}

/* A day that the calendar does not have is reported with the value and
 * left out (it was moved to another day, or kept as written); a zone
 * written as " UTC" or " GMT" is a zone. */
#define DATED(date) "{{Let's Connect/Clinic|title=X|date=" date "}}"

static void test_clinic_dates(void **state)
{
	(void)state;
	clinic_date(DATED("2026-02-30T10:00+01:00"), NULL,
		    "\"2026-02-30T10:00+01:00\" is not a real day");
	clinic_date(DATED("2026-02-30"), NULL,
		    "\"2026-02-30\" is not a real day");
	clinic_date(DATED("2026-02-29"), NULL, "2026-02 has 28 days");
	clinic_date(DATED("2026-04-31"), NULL, "2026-04 has 30 days");
	clinic_date(DATED("2028-02-29"), "2028-02-29", NULL);
	clinic_date(DATED("2026-12-31T23:30-01:00"), "2027-01-01T00:30Z",
		    NULL);
	clinic_date(DATED("2026-12-10T14:00:75Z"), NULL,
		    "is not a date like");
	clinic_date(DATED("2026-12-10T14:00+25:00"), NULL,
		    "is not a date like");
	clinic_date(DATED("2026-12-10 14:00 UTC"), "2026-12-10T14:00Z",
		    NULL);
	clinic_date(DATED("2026-12-10 14:00UTC"), "2026-12-10T14:00Z", NULL);
	clinic_date(DATED("2026-12-10T15:00 GMT"), "2026-12-10T15:00Z",
		    NULL);
	clinic_date(DATED("2026-12-10 15:00 UTC+01:00"), "2026-12-10T14:00Z",
		    NULL);
	clinic_date(DATED("2026-12-10 14:00"), "2026-12-10T14:00Z",
		    "UTC is assumed");
}

/* A year before 2000 is a typo ("0226" for 2026; clinics began in the
 * 2020s): reported, the date left out, not printed as "0-01-01T00:00Z".
 * So is a UTC year past 9999, which would not print in 4 digits. */
static void test_clinic_date_years(void **state)
{
	(void)state;
	clinic_date(DATED("0000-01-01T00:00Z"), NULL,
		    "\"0000-01-01T00:00Z\": the year is not between 2000 "
		    "and 9999");
	clinic_date(DATED("0000-01-01"), NULL, "not between 2000 and 9999");
	clinic_date(DATED("0226-12-10 14:00 UTC"), NULL,
		    "not between 2000 and 9999");
	clinic_date(DATED("1999-12-31T23:30-01:00"), NULL,
		    "not between 2000 and 9999");
	clinic_date(DATED("9999-12-31T23:30-01:00"), NULL,
		    "not between 2000 and 9999");
	clinic_date(DATED("2000-01-01T00:30+01:00"), "1999-12-31T23:30Z",
		    NULL);
	clinic_date(DATED("2000-01-01"), "2000-01-01", NULL);
	clinic_date(DATED("9999-12-31T23:59Z"), "9999-12-31T23:59Z", NULL);
}

/* The offset after a clinic's time is read as the profile's time zone
 * is (tz.c): a one-digit hour, "GMT-3", "+3:00" and the minus sign
 * U+2212 are offsets in both; a form one of them refuses the other
 * refuses too. */
static void test_clinic_date_offsets(void **state)
{
	static const struct {
		const char *zone, *date;
	} ok[] = {
		{"GMT+3", "2026-12-10T11:00Z"},
		{"UTC+3", "2026-12-10T11:00Z"},
		{"GMT-3", "2026-12-10T17:00Z"},
		{"GMT+3:00", "2026-12-10T11:00Z"},
		{"UTC\xE2\x88\x92" "5", "2026-12-10T19:00Z"},
		{"UTC+03:00", "2026-12-10T11:00Z"},
		{"UTC+0530", "2026-12-10T08:30Z"},
		{"UTC +5:45", "2026-12-10T08:15Z"},
		{"+3", "2026-12-10T11:00Z"},
		{"-05:30", "2026-12-10T19:30Z"},
	};
	static const char *const bad[] = {
		"UTC+15", "GMT+", "+3:0", "UTC+3 h", "GMT+3:60",
	};
	char *text, *tz;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		text = sb_asprintf(DATED("2026-12-10 14:00 %s"), ok[i].zone);
		clinic_date(text, ok[i].date, NULL);
		free(text);
		assert_int_equal(sb_tz_normalise(&tz, ok[i].zone,
						 strlen(ok[i].zone)), SB_OK);
		free(tz);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = sb_asprintf(DATED("2026-12-10 14:00 %s"), bad[i]);
		clinic_date(text, NULL, "is not a date like");
		free(text);
		assert_int_equal(sb_tz_normalise(&tz, bad[i], strlen(bad[i])),
				 SB_EINVALID);
		sb_error_clear();
	}
}

/* "== Sign-ups == <!-- ... -->" is still the heading (MediaWiki allows
 * comments and spaces after the closing "=="): its sign-ups count, and a
 * marker comment there still marks the bot's own section. */
static void test_signups_heading_comment(void **state)
{
	static const char *const signups[] = {"Alice", "Bob", NULL};
	const char *text = "{{Let's Connect/Clinic|title=X|topic=wikidata}}\n"
			   "== Sign-ups == <!-- add yourself below -->\t\n"
			   "# [[User:Alice]]\n"
			   "==Sign-ups==<!-- a --> <!-- b\nc -->\n"
			   "# [[User:Bob]]\n"
			   "=== Roster === <!-- skillsbot:begin roster -->\n"
			   "# [[User:Generated]]\n"
			   "<!-- skillsbot:end roster -->\n"
			   "== Questions == <!-- x -->\n"
			   "# [[User:Asker]]\n";
	sb_records r;

	(void)state;
	read_clinic_page(&r, text, 1);
	expect_strv(r.clinics[0].signups, r.clinics[0].n_signups, signups);
	assert_int_equal(r.clinics[0].n_diags, 0);
	sb_records_dispose(&r);
}

/* A topic that is no skill of the taxonomy is kept as written but
 * reported: unlike a profile's skills it is listed nowhere for the
 * organisers to map, and a misspelt topic invites nobody. */
static void test_clinic_topic_unmapped(void **state)
{
	static const struct {
		const char *page;
		const char *id;
		size_t n_diags;
	} cases[] = {
		{"{{Let's Connect/Clinic|title=T|topic=Knitting}}", NULL, 1},
		{"{{Let's Connect/Clinic|title=T|topic={{skill|Knitting}}}}",
		 NULL, 1},
		{"{{Let's Connect/Clinic|title=T|topic=wikidata}}", "wikidata",
		 0},
		{"{{Let's Connect/Clinic|title=T}}", NULL, 0},
		/* The dropped template's diagnostic names Knitting too: the
		 * topic is still reported. */
		{"{{Let's Connect/Clinic|title=T|topic={{Knitting}} Knitting}}",
		 NULL, 2},
	};
	sb_records r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_clinic *c;

		sb_records_init(&r);
		assert_int_equal(sb_extract_page(&r, ctx, "Clinic", 0,
						 cases[i].page,
						 strlen(cases[i].page)), SB_OK);
		c = &r.clinics[0];
		if (cases[i].id)
			assert_string_equal(c->topic.id, cases[i].id);
		else
			assert_null(c->topic.id);
		if (c->n_diags != cases[i].n_diags)
			fail_msg("%s: %zu diagnostics", cases[i].page,
				 c->n_diags);
		if (c->n_diags) {
			const sb_diag *last = &c->diags[c->n_diags - 1];

			assert_string_equal(last->field, "topic");
			assert_string_equal(c->topic.text, "Knitting");
			assert_non_null(strstr(last->message, "Knitting"));
			assert_non_null(strstr(last->message, "kept as an "
					       "unmapped skill"));
		}
		sb_records_dispose(&r);
	}
}

static void test_iso(void **state)
{
	sb_iso *iso;

	(void)state;
	assert_int_equal(sb_iso_load(&iso, NULL), SB_OK);
	assert_string_equal(sb_iso_country(iso, "gh", 2), "GH");
	assert_string_equal(sb_iso_country(iso, "GHA", 3), "GH");
	assert_string_equal(sb_iso_country(iso, " ghana ", 7), "GH");
	assert_string_equal(sb_iso_country(iso, "Vietnam", 7), "VN");
	assert_string_equal(sb_iso_country(iso, "South Korea", 11), "KR");
	assert_string_equal(sb_iso_country(iso, "Republic of Korea", 17), "KR");
	assert_string_equal(sb_iso_country(iso, "C\xC3\xB4te d'Ivoire", 14),
			    "CI");
	assert_null(sb_iso_country(iso, "Atlantis", 8));
	assert_string_equal(sb_iso_language(iso, "FR", 2), "fr");
	assert_string_equal(sb_iso_language(iso, "fre", 3), "fr");
	assert_string_equal(sb_iso_language(iso, "Castilian", 9), "es");
	assert_string_equal(sb_iso_language(iso, "Moroccan Arabic", 15), "ary");
	assert_string_equal(sb_iso_language(iso, "twi", 3), "tw");
	assert_null(sb_iso_language(iso, "Elvish", 6));
	assert_string_equal(sb_iso_country_name(iso, "GH"), "Ghana");
	assert_string_equal(sb_iso_language_name(iso, "fr"), "French");
	assert_string_equal(sb_region_of_country("EG"), "MENA");
	assert_string_equal(sb_region_of_country("PK"), "SA");
	assert_null(sb_region_of_country("AQ"));
	assert_string_equal(sb_region_parse("Middle East & Africa", 20),
			    SB_REGION_MEA);
	sb_iso_free(iso);
	assert_int_equal(sb_iso_load(&iso, "/nonexistent"), SB_ENOTFOUND);
	assert_non_null(strstr(sb_error_message(), "/nonexistent"));
}

static void test_tz(void **state)
{
	/* 2026-01-15 and 2026-07-15, 12:00 UTC */
	const time_t jan = 1768478400, jul = 1784116800;
	char *s;
	int m;

	(void)state;
	assert_int_equal(sb_tz_offset_minutes("Africa/Accra", jan, &m), SB_OK);
	assert_int_equal(m, 0);
	assert_int_equal(sb_tz_offset_minutes("America/New_York", jan, &m),
			 SB_OK);
	assert_int_equal(m, -300);
	assert_int_equal(sb_tz_offset_minutes("America/New_York", jul, &m),
			 SB_OK);
	assert_int_equal(m, -240);
	assert_int_equal(sb_tz_offset_minutes("Asia/Kolkata", jul, &m), SB_OK);
	assert_int_equal(m, 330);
	assert_int_equal(sb_tz_offset_minutes("UTC-05:30", jul, &m), SB_OK);
	assert_int_equal(m, -330);
	assert_int_equal(sb_tz_offset_minutes("Mars/Base", jul, &m),
			 SB_EINVALID);
	/* The process's own TZ is left as it was. */
	setenv("TZ", "Asia/Tokyo", 1);
	assert_int_equal(sb_tz_offset_minutes("Europe/Paris", jan, &m), SB_OK);
	assert_int_equal(m, 60);
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	unsetenv("TZ");
	assert_int_equal(sb_tz_normalise(&s, "+0530", 5), SB_OK);
	assert_string_equal(s, "UTC+05:30");
	free(s);
	assert_int_equal(sb_tz_normalise(&s, "utc", 3), SB_OK);
	assert_string_equal(s, "UTC+00:00");
	free(s);
	assert_int_equal(sb_tz_normalise(&s, "/etc/passwd", 11), SB_EINVALID);
	assert_null(s);
}

/* The ASCII and Latin-1 shortcuts of text.c give what utf8proc gives. */
static void test_folding(void **state)
{
	static const char *const cases[][3] = {
		/* input, folded, cleaned */
		{"  Grant\tWRITING \n", "grant writing", "Grant WRITING"},
		{"\xC3\x80\xC3\x89\xC3\x8E\xC2\xA0\xC2\xA0x\xC3\x97",
		 "\xC3\xA0\xC3\xA9\xC3\xAE" " x\xC3\x97",
		 "\xC3\x80\xC3\x89\xC3\x8E" " x\xC3\x97"},
		{"Stra\xC3\x9F" "e", "strasse", "Stra\xC3\x9F" "e"},
		{"\xC2\xB5", "\xCE\xBC", "\xC2\xB5"},
		{"e\xCC\x81t\xC3\xA9", "\xC3\xA9t\xC3\xA9",
		 "\xC3\xA9t\xC3\xA9"},
		{"a\xE2\x80\x83" "b\xFF", "a b\xEF\xBF\xBD", "a b\xEF\xBF\xBD"},
		/* Directional marks: out of the key, kept in the text. */
		{"\xE2\x80\x8F" "A\xD8\x9C b\xE2\x81\xA6",
		 "a b", "\xE2\x80\x8F" "A\xD8\x9C b\xE2\x81\xA6"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *f = sb_text_fold(cases[i][0], strlen(cases[i][0]));
		char *c = sb_text_clean(cases[i][0], strlen(cases[i][0]));

		assert_string_equal(f, cases[i][1]);
		assert_string_equal(c, cases[i][2]);
		free(f);
		free(c);
	}
}

static int64_t page_id_from_1(int i)
{
	return i + 1;
}

static void count_left_out(void *data, const sb_profile *p)
{
	(void)p;
	(*(int *)data)++;
}

/* The example directory (wikitext/examples/README.md says what is in it)
 * reads as its README says, with the default taxonomy. */
static void test_example_directory(void **state)
{
	char *dir = tu_src_path("wikitext/examples"), *taxpath;
	sb_taxonomy *deftax;
	sb_extract_ctx *ex;
	struct dirent **names;
	sb_records r;
	int n, left_out = 0, scheduled = 0;

	(void)state;
	taxpath = tu_src_path("wikitext/taxonomy.json");
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0 || sb_taxonomy_load_file(&deftax, taxpath) < 0) {
		free(dir);
		free(taxpath);
		skip();
	}
	assert_int_equal(sb_extract_ctx_new(&ex, &conf, deftax), SB_OK);
	sb_extract_ctx_set_reject(ex, count_left_out, &left_out);
	sb_records_init(&r);
	extract_examples(&r, ex, names, n, page_id_from_1);
	/* 34 profiles, one left out for want of a user name. */
	assert_int_equal(r.n_profiles, 33);
	assert_int_equal(left_out, 1);
	assert_int_equal(r.n_clinics, 3);
	assert_int_equal(r.n_resources, 9);
	for (size_t i = 0; i < r.n_clinics; i++)
		if (r.clinics[i].status == SB_CLINIC_SCHEDULED) {
			scheduled++;
			assert_int_equal(r.clinics[i].capacity, 5);
			assert_int_equal(r.clinics[i].n_signups, 7);
		}
	assert_int_equal(scheduled, 1);
	for (size_t i = 0; i < r.n_profiles; i++) {
		const sb_profile *p = &r.profiles[i];

		/* Problems only where the README puts them. */
		if (strcmp(p->username, "Tunde Bakare") == 0)
			assert_int_equal(p->n_diags, 4);
		else if (strcmp(p->username, "Noura Saleh") != 0)
			assert_int_equal(p->n_diags, 0);
	}
	sb_records_dispose(&r);
	sb_extract_ctx_free(ex);
	sb_taxonomy_free(deftax);
	free(taxpath);
	free(dir);
}

static bool allowed(const char *text, const char *bot)
{
	return sb_bots_allowed(text, strlen(text), bot);
}

static void test_bots(void **state)
{
	(void)state;
	assert_true(allowed("Just a page.", "SkillsBot"));
	assert_false(allowed("{{nobots}}", "SkillsBot"));
	assert_false(allowed("x {{Nobots}} y", "SkillsBot"));
	assert_true(allowed("{{bots}}", "SkillsBot"));
	assert_false(allowed("{{bots|deny=all}}", "SkillsBot"));
	assert_false(allowed("{{bots|deny=OtherBot, SkillsBot}}",
			     "SkillsBot"));
	assert_true(allowed("{{bots|deny=OtherBot}}", "SkillsBot"));
	assert_false(allowed("{{bots|allow=none}}", "SkillsBot"));
	assert_true(allowed("{{bots|deny=none}}", "SkillsBot"));
	assert_true(allowed("{{bots|allow=SkillsBot}}", "SkillsBot"));
	assert_true(allowed("{{bots|allow=skillsBot}}", "SkillsBot@run"));
	assert_true(allowed("{{bots|allow=Skills_Bot}}", "Skills Bot"));
	assert_false(allowed("{{nobots|deny=SkillsBot}}", "SkillsBot"));
	assert_true(allowed("{{nobots|allow=SkillsBot}}", "SkillsBot"));
	/* Only real templates count; the first one decides. */
	assert_true(allowed("<nowiki>{{nobots}}</nowiki><!-- {{nobots}} -->",
			    "SkillsBot"));
	assert_true(allowed("{{bots|allow=SkillsBot}}{{nobots}}",
			    "SkillsBot"));
	assert_false(sb_bots_allowed_msg("{{bots|optout=skillsbot,other}}",
					 31, "SkillsBot", "skillsbot"));
	assert_true(sb_bots_allowed_msg("{{bots|optout=other}}", 21,
					"SkillsBot", "skillsbot"));
	assert_false(sb_bots_allowed_msg("{{bots|optout=all}}", 19,
					 "SkillsBot", "skillsbot"));
}

/* Names in allow= and deny= compare without case, as the reference code
 * on Template:Bots lower-cases both (deny=skillsbot kept SkillsBot out of
 * nothing). */
static void test_bots_case(void **state)
{
	(void)state;
	assert_false(allowed("{{bots|deny=skillsbot}}", "SkillsBot"));
	assert_false(allowed("{{bots|deny=Other, SKILLSBOT}}", "SkillsBot"));
	assert_false(allowed("{{bots|deny=skills_bot}}", "Skills Bot@run"));
	assert_false(allowed("{{bots|deny=\xC3\x89T\xC3\x89" "BOT}}",
			     "\xC3\x89t\xC3\xA9" "Bot"));
	assert_true(allowed("{{bots|allow=skillsbot|deny=all}}", "SkillsBot"));
	assert_false(allowed("{{bots|allow=otherbot|deny=all}}", "SkillsBot"));
	assert_true(allowed("{{bots|deny=skillsbot2}}", "SkillsBot"));
}

/* allow= is a whitelist (Template:Bots: "ban all compliant bots not in
 * the list"): a list that does not name the bot keeps it out, of
 * generated pages and talk pages alike (allow=OtherBot let it edit).
 * optout= is about messages: it does not stop an edit. */
static void test_bots_allow_list(void **state)
{
	static const char other[] = "{{bots|allow=OtherBot}}";

	(void)state;
	assert_true(allowed("{{bots|allow=all}}", "SkillsBot"));
	assert_false(allowed("{{bots|allow=none}}", "SkillsBot"));
	assert_true(allowed("{{bots|allow=SkillsBot}}", "SkillsBot"));
	assert_false(allowed(other, "SkillsBot"));
	assert_false(allowed(other, "SkillsBot@run"));
	assert_false(allowed("{{bots|allow=OtherBot, AnotherBot}}",
			     "SkillsBot"));
	assert_true(allowed("{{bots|allow=OtherBot, skillsbot}}",
			    "SkillsBot@run"));
	assert_false(allowed("{{bots|allow=}}", "SkillsBot"));
	assert_false(allowed("{{nobots|allow=OtherBot}}", "SkillsBot"));
	assert_false(allowed("{{bots|allow=SkillsBot2}}", "SkillsBot"));
	assert_false(sb_bots_allowed_msg(other, strlen(other), "SkillsBot",
					 "skillsbot"));
	/* deny= still names whom it keeps out. */
	assert_true(allowed("{{bots|deny=OtherBot}}", "SkillsBot"));
	assert_false(allowed("{{bots|deny=SkillsBot}}", "SkillsBot"));
	/* optout= for messages only; a message kind is not a bot name. */
	assert_true(allowed("{{bots|optout=all}}", "SkillsBot"));
	assert_true(allowed("{{bots|optout=skillsbot}}", "SkillsBot"));
	assert_false(allowed("{{bots|optout=all|allow=OtherBot}}",
			     "SkillsBot"));
	assert_true(sb_bots_allowed_msg("{{bots|optout=other|allow=all}}",
					31, "SkillsBot", "skillsbot"));
}

static bool msg_allowed(const char *text)
{
	return sb_bots_allowed_msg(text, strlen(text), "SkillsBot",
				   "skillsbot");
}

/* optout= refuses a kind of message wherever it stands in the template:
 * {{bots|allow=all|optout=all}} (bots may edit, no messages) had the
 * message posted, as allow= came first and decided. */
static void test_bots_optout_anywhere(void **state)
{
	(void)state;
	assert_false(msg_allowed("{{bots|allow=all|optout=all}}"));
	assert_false(msg_allowed("{{bots|allow=SkillsBot|optout=skillsbot}}"));
	assert_false(msg_allowed("{{bots|deny=none|optout=Other, skillsbot}}"));
	assert_true(msg_allowed("{{bots|allow=all|optout=other}}"));
	assert_true(msg_allowed("{{bots|optout=other|allow=SkillsBot}}"));
	/* It still concerns messages only. */
	assert_true(allowed("{{bots|allow=all|optout=all}}", "SkillsBot"));
	assert_false(allowed("{{bots|optout=all|deny=SkillsBot}}",
			     "SkillsBot"));
}

/* Run the program; its standard output into *out, exit status back. */
static int run(char **out, const char *args)
{
	char *cmd = sb_asprintf("cd %s && SB_DATADIR=%s/tests/data/extract "
				"%s/skillsbot extract %s 2>&1",
				getenv("SB_SRCDIR"), getenv("SB_SRCDIR"),
				getenv("SB_BINDIR"), args);
	int status = tu_run(out, cmd);

	free(cmd);
	return status;
}

static void test_cli(void **state)
{
	char *out;

	(void)state;
	if (!getenv("SB_BINDIR"))
		skip();
	assert_int_equal(run(&out, "tests/data/extract/table.wiki"), 0);
	/* Four lines, in page order, titled after the file. */
	assert_non_null(strstr(out, "{\"page\":\"Table\",\"index\":0,"
			       "\"username\":\"Alpha\""));
	assert_non_null(strstr(out, "\"index\":3,\"username\":\"Delta\""));
	assert_non_null(strstr(out, "{\"skill\":\"wikidata\",\"text\":"
			       "\"Wikidata\"}"));
	assert_true(strstr(out, "Alpha") < strstr(out, "Beta"));
	{
		size_t lines = 0;

		for (const char *c = out; *c; c++)
			lines += *c == '\n';
		assert_int_equal(lines, 4);
	}
	free(out);
	assert_int_equal(run(&out, "--title 'User:X/Y' --all "
			     "tests/data/extract/clinic.wiki"), 0);
	assert_non_null(strstr(out, "\"kind\":\"clinic\""));
	assert_non_null(strstr(out, "\"kind\":\"resource\""));
	assert_non_null(strstr(out, "\"page\":\"User:X/Y\""));
	free(out);
	assert_int_equal(run(&out, "- < tests/data/extract/example.wiki"), 0);
	assert_non_null(strstr(out, "\"username\":\"Example Person\""));
	free(out);
	/* A missing file is named and fails; the others are still read. */
	assert_int_not_equal(run(&out, "tests/data/extract/no-such.wiki "
				 "tests/data/extract/example.wiki"), 0);
	assert_non_null(strstr(out, "no-such.wiki"));
	assert_non_null(strstr(out, "Example Person"));
	free(out);
	assert_int_not_equal(run(&out, "--taxonomy /nonexistent.json "
				 "tests/data/extract/example.wiki"), 0);
	assert_non_null(strstr(out, "/nonexistent.json"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clinic_page),
		cmocka_unit_test(test_resource_links),
		cmocka_unit_test(test_clinic_defaults_and_problems),
		cmocka_unit_test(test_clinic_one_topic),
		cmocka_unit_test(test_clinic_topic_unmapped),
		cmocka_unit_test(test_signups_heading_comment),
		cmocka_unit_test(test_signup_replies),
		cmocka_unit_test(test_signup_problems),
		cmocka_unit_test(test_clinic_dates),
		cmocka_unit_test(test_clinic_date_offsets),
		cmocka_unit_test(test_clinic_date_years),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_tz),
		cmocka_unit_test(test_example_directory),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_bots),
		cmocka_unit_test(test_bots_case),
		cmocka_unit_test(test_bots_allow_list),
		cmocka_unit_test(test_bots_optout_anywhere),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
