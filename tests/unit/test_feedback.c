/* test_feedback.c - {{Let's Connect/Feedback}}: what extraction reads
 * (author, with, skill, outcome, problems), its JSON round trip through
 * the store's form, and declined pairs kept out of matching. */
#include "extract_fixture.h"

#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/match.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
	(void)state;
	return ef_open("wikitext/taxonomy.json");
}

static int teardown(void **state)
{
	(void)state;
	ef_close();
	return 0;
}

static void extract(sb_records *r, const char *title, const char *text)
{
	sb_records_init(r);
	assert_int_equal(sb_extract_page(r, ctx, title, 7, text, strlen(text)),
			 SB_OK);
}

static void read_on_a_profile_page(void **state)
{
	static const char page[] =
		"{{Let's Connect/Profile|username=Ann|languages=en|"
		"learn=Grant writing}}\n"
		"{{Let's Connect/Feedback | with = [[User:Bo|Bo]] | skill = "
		"grant writing | outcome = Met }}\n"
		"{{Let's Connect/Feedback|with=cy|skill=Knitting|outcome=declined}}\n"
		"{{Let's Connect/Feedback|with=Di|skill=Wikidata|outcome=maybe}}\n"
		"{{Let's Connect/Feedback|skill=Wikidata|outcome=no answer}}\n";
	sb_records r;

	(void)state;
	extract(&r, "Grants:X/Ann", page);
	assert_int_equal(r.n_feedback, 4);
	assert_string_equal(r.feedback[0].author, "Ann");
	assert_string_equal(r.feedback[0].with, "Bo");
	assert_string_equal(r.feedback[0].skill.id, "grant-writing");
	assert_int_equal(r.feedback[0].outcome, SB_OUTCOME_MET);
	assert_int_equal(r.feedback[0].n_diags, 0);
	/* A user name as typed is normalised; an unmapped skill stays
	 * as written. */
	assert_string_equal(r.feedback[1].with, "Cy");
	assert_null(r.feedback[1].skill.id);
	assert_string_equal(r.feedback[1].skill.text, "Knitting");
	assert_int_equal(r.feedback[1].outcome, SB_OUTCOME_DECLINED);
	/* Problems are the record's diagnostics. */
	assert_int_equal(r.feedback[2].outcome, SB_OUTCOME_UNKNOWN);
	assert_int_equal(r.feedback[2].n_diags, 1);
	assert_string_equal(r.feedback[2].diags[0].field, "outcome");
	assert_int_equal(r.feedback[2].diags[0].line, 4);
	assert_null(r.feedback[3].with);
	assert_int_equal(r.feedback[3].outcome, SB_OUTCOME_NO_ANSWER);
	assert_string_equal(r.feedback[3].diags[0].field, "with");
	sb_records_dispose(&r);
}

/* A feedback is about one skill: the first of a list, and a problem
 * when there is none. */
static void one_skill(void **state)
{
	static const char page[] =
		"{{Let's Connect/Profile|username=Ann}}\n"
		"{{Let's Connect/Feedback|with=Bo|skill=Grant writing, Knitting"
		"|outcome=met}}\n"
		"{{Let's Connect/Feedback|with=Bo|outcome=met}}\n";
	sb_records r;

	(void)state;
	extract(&r, "Grants:X/Ann", page);
	assert_int_equal(r.n_feedback, 2);
	assert_string_equal(r.feedback[0].skill.id, "grant-writing");
	assert_int_equal(r.feedback[0].n_diags, 0);
	assert_null(r.feedback[1].skill.id);
	assert_null(r.feedback[1].skill.text);
	assert_int_equal(r.feedback[1].n_diags, 1);
	assert_string_equal(r.feedback[1].diags[0].field, "skill");
	assert_int_equal(r.feedback[1].diags[0].line, 3);
	sb_records_dispose(&r);
}

/* Without a profile on the page, a User: page still names its author;
 * any other page names none, and says so. */
static void author_of_other_pages(void **state)
{
	static const char fb[] =
		"{{Let's Connect/Feedback|with=Bo|skill=Wikidata|outcome=planned}}";
	sb_records r;

	(void)state;
	extract(&r, "User:Eve/Notes", fb);
	assert_string_equal(r.feedback[0].author, "Eve");
	assert_int_equal(r.feedback[0].outcome, SB_OUTCOME_PLANNED);
	sb_records_dispose(&r);
	extract(&r, "Grants:X/Somewhere", fb);
	assert_null(r.feedback[0].author);
	assert_int_equal(r.feedback[0].n_diags, 1);
	sb_records_dispose(&r);
}

/* The diagnostic of a record about `field`, or NULL. */
static const sb_diag *diag_on(const sb_feedback *f, const char *field)
{
	for (size_t i = 0; i < f->n_diags; i++)
		if (strcmp(f->diags[i].field, field) == 0)
			return &f->diags[i];
	return NULL;
}

/* On a page of several profiles a feedback is the profile's it follows
 * (it was the first profile's: Bob's "declined" counted as Ann's, and
 * Bob was still offered Carol); by= names the author outright, and must
 * name a profile of the page; before any profile it must be given. */
static void author_on_a_page_of_several(void **state)
{
	static const char page[] =
		"{{Let's Connect/Feedback|with=Di|skill=Lua|outcome=met}}\n"
		"{{Let's Connect/Profile|username=Ann One|learn=Lua}}\n"
		"{{Let's Connect/Feedback|with=Carol Three|skill=Lua|"
		"outcome=met}}\n"
		"{{Let's Connect/Profile|username=Bob Two|learn=Wikidata}}\n"
		"{{Let's Connect/Feedback|with=Carol Three|skill=Wikidata|"
		"outcome=declined}}\n"
		"{{Let's Connect/Feedback|by=[[User:Ann One|Ann]]|with=Di|"
		"skill=Lua|outcome=planned}}\n"
		"{{Let's Connect/Feedback|by=Zed|with=Di|skill=Lua|"
		"outcome=declined}}\n"
		"{{Let's Connect/Profile|learn=Commons}}\n"
		"{{Let's Connect/Feedback|with=Di|skill=Commons|outcome=met}}\n";
	sb_records r;
	sb_prev_pair *no;
	size_t n_no;

	(void)state;
	extract(&r, "Grants:X/Sahel participants", page);
	assert_int_equal(r.n_feedback, 6);
	/* Before any profile: whose is it? */
	assert_null(r.feedback[0].author);
	assert_non_null(diag_on(&r.feedback[0], "by"));
	assert_int_equal(diag_on(&r.feedback[0], "by")->line, 1);
	assert_string_equal(r.feedback[1].author, "Ann One");
	assert_int_equal(r.feedback[1].n_diags, 0);
	assert_string_equal(r.feedback[2].author, "Bob Two");
	assert_int_equal(r.feedback[2].n_diags, 0);
	assert_string_equal(r.feedback[3].author, "Ann One");
	assert_int_equal(r.feedback[3].n_diags, 0);
	/* by= naming nobody of the page counts for nothing. */
	assert_null(r.feedback[4].author);
	assert_non_null(diag_on(&r.feedback[4], "by"));
	assert_int_equal(diag_on(&r.feedback[4], "by")->line, 7);
	/* After a profile left out for want of a user name: not the profile
	 * before that one. */
	assert_null(r.feedback[5].author);
	assert_non_null(diag_on(&r.feedback[5], "by"));
	no = sb_match_declined(&r, &n_no);
	assert_int_equal(n_no, 2);
	assert_string_equal(no[0].learner, "Bob Two");
	assert_string_equal(no[0].sharer, "Carol Three");
	free(no);
	sb_records_dispose(&r);
}

/* With one person on the page, by= may only name that person. */
static void by_on_a_page_of_one(void **state)
{
	static const char page[] =
		"{{Let's Connect/Feedback|by=Ann|with=Bo|skill=Lua|"
		"outcome=met}}\n"
		"{{Let's Connect/Profile|username=Ann}}\n"
		"{{Let's Connect/Feedback|with=Bo|skill=Lua|outcome=met}}\n"
		"{{Let's Connect/Feedback|par=Bo|with=Cy|skill=Lua|"
		"outcome=declined}}\n";
	static const char user_page[] =
		"{{Let's Connect/Feedback|by=Eve|with=Bo|skill=Lua|"
		"outcome=met}}\n"
		"{{Let's Connect/Feedback|by=Bo|with=Cy|skill=Lua|"
		"outcome=met}}\n";
	sb_records r;

	(void)state;
	extract(&r, "Grants:X/Ann", page);
	assert_int_equal(r.n_feedback, 3);
	assert_string_equal(r.feedback[0].author, "Ann");
	assert_int_equal(r.feedback[0].n_diags, 0);
	assert_string_equal(r.feedback[1].author, "Ann");
	assert_null(r.feedback[2].author);
	assert_non_null(diag_on(&r.feedback[2], "by"));
	sb_records_dispose(&r);
	extract(&r, "User:Eve/Notes", user_page);
	assert_string_equal(r.feedback[0].author, "Eve");
	assert_int_equal(r.feedback[0].n_diags, 0);
	assert_null(r.feedback[1].author);
	assert_non_null(diag_on(&r.feedback[1], "by"));
	sb_records_dispose(&r);
}

static void json_round_trip(void **state)
{
	static const char page[] =
		"{{Let's Connect/Profile|username=Ann}}"
		"{{Let's Connect/Feedback|with=Bo|skill=Wikidata|outcome=declined}}";
	sb_records r, back;
	cJSON *j;
	char *line;

	(void)state;
	extract(&r, "Grants:X/Ann", page);
	j = sb_feedback_to_json(&r.feedback[0]);
	line = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(line, "\"kind\":\"feedback\""));
	sb_records_init(&back);
	assert_int_equal(sb_records_add_json(&back, line, strlen(line), "t"),
			 SB_OK);
	assert_int_equal(back.n_feedback, 1);
	assert_string_equal(back.feedback[0].author, "Ann");
	assert_string_equal(back.feedback[0].with, "Bo");
	assert_string_equal(back.feedback[0].skill.id, "wikidata");
	assert_int_equal(back.feedback[0].outcome, SB_OUTCOME_DECLINED);
	cJSON_free(line);
	cJSON_Delete(j);
	sb_records_dispose(&back);
	sb_records_dispose(&r);
}

static void profile(sb_records *r, const char *name, const char *share,
		    const char *learn)
{
	char *text = sb_asprintf("{{Let's Connect/Profile|username=%s|"
				 "languages=en|timezone=UTC|share=%s|"
				 "learn=%s|formats=one-to-one}}", name, share,
				 learn);

	assert_int_equal(sb_extract_page(r, ctx, name, 0, text, strlen(text)),
			 SB_OK);
	free(text);
}

static const char *sharer_of(const sb_match_result *m, const sb_records *r,
			     const char *learner)
{
	for (size_t i = 0; i < m->n_connections; i++)
		if (strcmp(r->profiles[m->connections[i].learner].username,
			   learner) == 0)
			return r->profiles[m->connections[i].sharer].username;
	return NULL;
}

/* Ann would get Bo (same time zone, same language, first); once the
 * pair is declined, in either direction, she gets Cy, and with both
 * declined nobody. Others are not affected. */
static void declined_pairs_not_suggested(void **state)
{
	sb_records r;
	sb_match_result m;
	sb_prev_pair no[2] = {{"Bo", "Ann", "grant-writing", 0},
			      {"Ann", "Cy", "grant-writing", 0}};
	sb_match_input in;

	(void)state;
	sb_records_init(&r);
	profile(&r, "Ann", "Wikidata", "Grant writing");
	profile(&r, "Bo", "Grant writing", "Commons");
	profile(&r, "Cy", "Grant writing", "Commons");
	profile(&r, "Di", "Commons", "Grant writing");
	memset(&in, 0, sizeof(in));
	in.recs = &r;
	in.conf = &conf;
	in.now = 1800000000;
	assert_int_equal(sb_match_run(&m, &in), SB_OK);
	assert_non_null(sharer_of(&m, &r, "Ann"));
	assert_non_null(sharer_of(&m, &r, "Di"));
	sb_match_result_dispose(&m);

	in.forbidden = no;     /* (learner Bo, sharer Ann) does not apply */
	in.n_forbidden = 1;
	assert_int_equal(sb_match_run(&m, &in), SB_OK);
	assert_non_null(sharer_of(&m, &r, "Ann"));
	sb_match_result_dispose(&m);

	in.forbidden = no + 1;
	assert_int_equal(sb_match_run(&m, &in), SB_OK);
	assert_string_equal(sharer_of(&m, &r, "Ann"), "Bo");
	assert_non_null(sharer_of(&m, &r, "Di"));
	sb_match_result_dispose(&m);

	{
		sb_prev_pair both[2] = {{"Ann", "Bo", "grant-writing", 0},
					{"Ann", "Cy", "grant-writing", 0}};

		in.forbidden = both;
		in.n_forbidden = 2;
		assert_int_equal(sb_match_run(&m, &in), SB_OK);
		assert_null(sharer_of(&m, &r, "Ann"));
		assert_non_null(sharer_of(&m, &r, "Di"));
		sb_match_result_dispose(&m);
	}
	sb_records_dispose(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_on_a_profile_page),
		cmocka_unit_test(one_skill),
		cmocka_unit_test(author_of_other_pages),
		cmocka_unit_test(author_on_a_page_of_several),
		cmocka_unit_test(by_on_a_page_of_one),
		cmocka_unit_test(json_round_trip),
		cmocka_unit_test(declined_pairs_not_suggested),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
