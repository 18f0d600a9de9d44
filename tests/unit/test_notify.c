/* test_notify.c - the words of talk-page messages: title, text and
 * summary per language, plural forms, the language chosen, and editor
 * values that cannot break out of the message. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	sb_i18n *msgs;
	sb_siteconf conf;
	sb_taxonomy *tax;
	sb_buf title, text, summary;
};

static int setup(void **state)
{
	struct fx *f = sb_calloc(1, sizeof(*f));
	char *dir = tu_src_path("wikitext/i18n");
	char *taxf = tu_src_path("wikitext/taxonomy.json");

	sb_siteconf_defaults(&f->conf);
	assert_int_equal(sb_i18n_load(&f->msgs, dir,
				      (const char *const *)f->conf.languages.v,
				      f->conf.languages.n), SB_OK);
	assert_int_equal(sb_taxonomy_load_file(&f->tax, taxf), SB_OK);
	sb_buf_init(&f->title, SB_BUF_UNLIMITED);
	sb_buf_init(&f->text, SB_BUF_UNLIMITED);
	sb_buf_init(&f->summary, SB_BUF_UNLIMITED);
	free(dir);
	free(taxf);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sb_i18n_free(f->msgs);
	sb_taxonomy_free(f->tax);
	sb_siteconf_dispose(&f->conf);
	sb_buf_dispose(&f->title);
	sb_buf_dispose(&f->text);
	sb_buf_dispose(&f->summary);
	free(f);
	return 0;
}

static void compose(struct fx *f, const sb_notif_item *it)
{
	sb_buf_reset(&f->title);
	sb_buf_reset(&f->text);
	sb_buf_reset(&f->summary);
	assert_int_equal(sb_notif_compose(&f->title, &f->text, &f->summary,
					  f->msgs, &f->conf, f->tax, it), SB_OK);
}

static void compose_batch(struct fx *f, const sb_notif_item *its, size_t n)
{
	sb_buf_reset(&f->title);
	sb_buf_reset(&f->text);
	sb_buf_reset(&f->summary);
	assert_int_equal(sb_notif_compose_batch(&f->title, &f->text,
						&f->summary, f->msgs, &f->conf,
						f->tax, its, n), SB_OK);
}

static void learner_in_english(void **state)
{
	struct fx *f = *state;
	const char *others[] = {"Bo"}, *langs[] = {"en", "fr"};
	sb_notif_item it = {false, true, "Ann", "grant-writing", others, 1,
			    langs, 2, "en", false, NULL};

	compose(f, &it);
	assert_string_equal(sb_buf_str(&f->title),
			    "Let's Connect: Grant writing with Bo");
	assert_non_null(strstr(sb_buf_str(&f->text),
			       "Hello Ann, the Let's Connect Skills Directory "
			       "suggests that you learn '''Grant writing''' "
			       "from [[User:Bo|Bo]]. Your common languages: "
			       "en, fr."));
	assert_non_null(strstr(sb_buf_str(&f->text),
			       "[[:Grants:Knowledge Sharing/Connect/Skills "
			       "Directory/Connections/en|the Connections "
			       "page]]"));
	/* Signed, once, at the end. */
	assert_string_equal(sb_buf_str(&f->text) + f->text.len - 5, " ~~~~");
	assert_string_equal(sb_buf_str(&f->summary),
			    "/* Let's Connect: Grant writing with Bo */ "
			    "Bot: a new Let's Connect suggestion");
}

/* Several suggestions to one person: one section, greeted once, a list
 * item each, signed once, counted in the title and the summary. */
static void several_suggestions_are_one_message(void **state)
{
	struct fx *f = *state;
	const char *o1[] = {"Bo"}, *o2[] = {"Cy", "Di"}, *langs[] = {"en"};
	sb_notif_item its[2] = {
		{false, true, "Ann", "grant-writing", o1, 1, langs, 1, "en", false, NULL},
		{true, false, "Ann", "wikidata", o2, 2, langs, 1, "en", false, NULL},
	};
	const char *t;

	compose_batch(f, its, 2);
	t = sb_buf_str(&f->text);
	assert_string_equal(sb_buf_str(&f->title),
			    "Let's Connect: 2 new suggestions");
	assert_non_null(strstr(t, "Hello Ann,\n* The Let's Connect Skills "
			       "Directory suggests that you learn "
			       "'''Grant writing''' from [[User:Bo|Bo]]"));
	assert_non_null(strstr(t, "\n* The Let's Connect Skills Directory "
			       "suggests a small group to learn "
			       "'''Wikidata''' together: [[User:Cy|Cy]], "
			       "[[User:Di|Di]]."));
	/* greeted once, signed once, on a line of its own */
	assert_ptr_equal(strstr(t, "Hello"), t + strlen("<div lang=\"en\" "
							 "dir=\"ltr\">"));
	assert_null(strstr(strstr(t, "Hello") + 1, "Hello"));
	assert_ptr_equal(strstr(t, "\n~~~~"), t + f->text.len - 5);
	assert_string_equal(sb_buf_str(&f->summary),
			    "/* Let's Connect: 2 new suggestions */ "
			    "Bot: 2 new Let's Connect suggestions");
	/* One suggestion is the one-suggestion message. */
	compose_batch(f, its, 1);
	assert_string_equal(sb_buf_str(&f->title),
			    "Let's Connect: Grant writing with Bo");
}

static void sharer_in_french_and_arabic(void **state)
{
	struct fx *f = *state;
	const char *others[] = {"Ann"}, *one[] = {"fr"}, *two[] = {"ar", "en"};
	sb_notif_item it = {false, false, "Bo", "grant-writing", others, 1,
			    one, 1, "fr", false, NULL};

	compose(f, &it);
	assert_non_null(strstr(sb_buf_str(&f->title), " avec Ann"));
	assert_non_null(strstr(sb_buf_str(&f->text), "Votre langue commune : fr."));
	assert_non_null(strstr(sb_buf_str(&f->text), "/Connections/fr|"));
	it.lang = "ar";
	it.languages = two;
	it.n_languages = 2;
	compose(f, &it);
	assert_non_null(strstr(sb_buf_str(&f->text),
			       "اللغتان المشتركتان: ar, en."));
}

/* Arabic has six plural forms (zero, one, two, few, many, other): a
 * count of suggestions must agree with each, through the real files. */
static void arabic_counts_have_six_forms(void **state)
{
	struct fx *f = *state;
	static const long long n[] = {1, 2, 3, 11, 100};
	static const char *const title[] = {
		"Let's Connect: اقتراح جديد",
		"Let's Connect: اقتراحان جديدان",
		"Let's Connect: 3 اقتراحات جديدة",
		"Let's Connect: 11 اقتراحًا جديدًا",
		"Let's Connect: 100 اقتراح جديد",
	};
	static const char *const summary[] = {
		"بوت: اقتراح جديد من Let's Connect",
		"بوت: اقتراحان جديدان من Let's Connect",
		"بوت: 3 اقتراحات جديدة من Let's Connect",
		"بوت: 11 اقتراحًا جديدًا من Let's Connect",
		"بوت: 100 اقتراح جديد من Let's Connect",
	};

	for (size_t i = 0; i < 5; i++) {
		char digits[24];
		sb_msg_arg a = {digits, n[i], true};

		snprintf(digits, sizeof(digits), "%lld", n[i]);
		sb_buf_reset(&f->title);
		sb_buf_reset(&f->summary);
		assert_int_equal(sb_i18n_format(&f->title, f->msgs, "ar",
						"skillsbot-notify-batch-title",
						&a, 1), SB_OK);
		assert_int_equal(sb_i18n_format(&f->summary, f->msgs, "ar",
						"skillsbot-notify-batch-summary",
						&a, 1), SB_OK);
		assert_string_equal(sb_buf_str(&f->title), title[i]);
		assert_string_equal(sb_buf_str(&f->summary), summary[i]);
	}
}

/* How to report back names each outcome with its own example: someone
 * who prefers not to meet must not be shown outcome=met to copy. In
 * every language, whole messages and list items alike. */
static void feedback_shows_each_outcome(void **state)
{
	struct fx *f = *state;
	static const char *const langs[] = {"en", "es", "fr", "pt", "ar"};
	static const char *const outcomes[] = {
		"outcome=met}}", "outcome=declined}}", "outcome=planned}}",
		"outcome=no answer}}"};
	const char *others[] = {"Bo"}, *common[] = {"en"};

	for (size_t l = 0; l < 5; l++) {
		for (int k = 0; k < 4; k++) {
			sb_notif_item its[2] = {
				{false, k % 2 == 0, "Ann", "grant-writing",
				 others, 1, common, 1, langs[l], false, NULL},
				{false, true, "Ann", "wikidata", others, 1,
				 common, 1, langs[l], false, NULL},
			};
			const char *t;

			compose_batch(f, its, k < 2 ? 1 : 2);
			t = sb_buf_str(&f->text);
			for (size_t o = 0; o < 4; o++)
				if (!strstr(t, outcomes[o]))
					fail_msg("%s: no %s in: %s", langs[l],
						 outcomes[o], t);
		}
	}
}

/* The talk page is in the wiki's language (English, left to right): a
 * message says which language it is in, so Arabic displays right to left
 * with its Latin names and codes in place, and every other language is
 * marked too. The bot's signature stays outside, in the page's own. */
static void message_marks_its_language_and_direction(void **state)
{
	struct fx *f = *state;
	static const char *const langs[] = {"en", "es", "fr", "pt", "ar"};
	const char *others[] = {"Bo"}, *common[] = {"ar", "en"};

	for (size_t l = 0; l < 5; l++) {
		sb_notif_item its[2] = {
			{false, true, "Ann", "grant-writing", others, 1,
			 common, 2, langs[l], false, NULL},
			{false, false, "Ann", "wikidata", others, 1, common,
			 2, langs[l], false, NULL},
		};
		char *open = sb_asprintf("<div lang=\"%s\" dir=\"%s\">",
					 langs[l], l == 4 ? "rtl" : "ltr");
		const char *t;

		compose(f, &its[0]);
		t = sb_buf_str(&f->text);
		assert_ptr_equal(strstr(t, open), t);
		assert_string_equal(t + f->text.len - 11, "</div> ~~~~");
		compose_batch(f, its, 2);
		t = sb_buf_str(&f->text);
		assert_ptr_equal(strstr(t, open), t);
		assert_string_equal(t + f->text.len - 12, "\n</div>\n~~~~");
		free(open);
	}
}

/* A person whose language is configured but has no message file (Urdu,
 * right to left) gets the English message, marked English, left to
 * right; the link still goes to the page of their language. */
static void message_without_messages_is_marked_english(void **state)
{
	struct fx *f = *state;
	const char *others[] = {"Bo"}, *common[] = {"ur", "en"};
	sb_notif_item its[2] = {
		{false, true, "Ann", "grant-writing", others, 1, common, 2,
		 "ur", false, NULL},
		{false, false, "Ann", "wikidata", others, 1, common, 2, "ur",
		 false, NULL},
	};
	static const char open[] = "<div lang=\"en\" dir=\"ltr\">";
	const char *t;

	compose(f, &its[0]);
	t = sb_buf_str(&f->text);
	if (strstr(t, open) != t)
		fail_msg("not marked English:\n%s", t);
	assert_non_null(strstr(t, "/Connections/ur|"));
	compose_batch(f, its, 2);
	t = sb_buf_str(&f->text);
	if (strstr(t, open) != t)
		fail_msg("not marked English:\n%s", t);
}

static void cluster_lists_the_others(void **state)
{
	struct fx *f = *state;
	const char *others[] = {"Cy", "Di", "Ed"}, *langs[] = {"pt"};
	sb_notif_item it = {true, false, "Ann", "wikidata", others, 3, langs,
			    1, "pt", false, NULL};

	compose(f, &it);
	assert_non_null(strstr(sb_buf_str(&f->title), "Let's Connect: um grupo para"));
	assert_non_null(strstr(sb_buf_str(&f->text),
			       "[[User:Cy|Cy]], [[User:Di|Di]], [[User:Ed|Ed]]"));
}

/* A group's host is asked to host, with its learners listed; a learner
 * is told who hosts (or that nobody does yet), the group's language and
 * how to report back. */
static void cluster_host_and_learners(void **state)
{
	struct fx *f = *state;
	const char *learners[] = {"Ann", "Cy", "Di"}, *others[] = {"Cy", "Di"};
	const char *langs[] = {"fr"};
	sb_notif_item host = {true, false, "Ho", "wikidata", learners, 3,
			      langs, 1, "en", true, NULL};
	sb_notif_item ann = {true, false, "Ann", "wikidata", others, 2, langs,
			     1, "en", false, "Ho"};
	const char *t;

	compose(f, &host);
	t = sb_buf_str(&f->text);
	assert_non_null(strstr(t, "suggests that you host a small group of "
			       "learners of '''Wikidata''': [[User:Ann|Ann]], "
			       "[[User:Cy|Cy]], [[User:Di|Di]]. The group's "
			       "language: fr."));
	assert_null(strstr(t, "to learn"));
	assert_non_null(strstr(t, "outcome=declined}}"));
	compose(f, &ann);
	t = sb_buf_str(&f->text);
	assert_non_null(strstr(t, "together: [[User:Cy|Cy]], [[User:Di|Di]]. "
			       "[[User:Ho|Ho]] could host the group. The "
			       "group's language: fr."));
	assert_non_null(strstr(t, "outcome=declined}}"));
	ann.host = NULL;
	ann.lang = "fr";
	compose(f, &ann);
	assert_non_null(strstr(sb_buf_str(&f->text),
			       "Aucun animateur n'est encore disponible pour le "
			       "groupe. Langue du groupe : fr."));
}

/* Names and unmapped skills are typed by editors: they must show as
 * typed and open nothing, in the section title too (one line). */
static void editor_values_are_inert(void **state)
{
	struct fx *f = *state;
	const char *others[] = {"X]] {{delete}} [[Y"}, *langs[] = {"en"};
	sb_notif_item it = {false, true, "{{subst:evil}}\n== Hi ==",
			    "[[Category:Spam]] ~~~~ {{bad}}", others, 1, langs,
			    1, "en", false, NULL};
	const char *t;

	compose(f, &it);
	t = sb_buf_str(&f->text);
	assert_null(strstr(t, "{{subst"));
	assert_null(strstr(t, "{{delete"));
	assert_null(strstr(t, "{{bad"));
	assert_null(strstr(t, "[[Category"));
	assert_null(strstr(t, "\n"));
	/* The only signature is ours. */
	assert_ptr_equal(strstr(t, "~~~~"), t + f->text.len - 4);
	t = sb_buf_str(&f->title);
	assert_null(strpbrk(t, "{}[]\n"));
	assert_null(strstr(t, "~~~"));
}

/* A skill labelled in another language than the message is marked so
 * in the text, as on the generated pages; the section title and the
 * summary, which the wiki shows as plain text and which settling a
 * crash looks for in the history, stay plain. */
static void a_label_in_another_language_is_marked(void **state)
{
	struct fx *f = *state;
	static const char tax[] = "{\"categories\": [{\"id\": \"c\", "
		"\"label\": {\"en\": \"C\"}}], \"skills\": [{\"id\": "
		"\"event-planning\", \"category\": \"c\", \"label\": "
		"{\"en\": \"Event planning\", \"fr\": \"Organisation "
		"des événements\"}}]}";
	const char *others[] = {"Bo"}, *langs[] = {"fr"};
	sb_notif_item it = {false, true, "Ann", "event-planning", others, 1,
			    langs, 1, "es", false, NULL};
	sb_taxonomy *t = NULL;

	assert_int_equal(sb_taxonomy_parse(&t, tax, strlen(tax), "t"), SB_OK);
	sb_taxonomy_free(f->tax);
	f->tax = t;
	compose(f, &it);
	assert_non_null(strstr(sb_buf_str(&f->text), "'''<span lang=\"en\" "
			       "dir=\"ltr\">Event planning</span>'''"));
	assert_null(strchr(sb_buf_str(&f->title), '<'));
	assert_null(strchr(sb_buf_str(&f->summary), '<'));
	assert_non_null(strstr(sb_buf_str(&f->title), "Event planning"));
	/* In its own language, nothing to mark. */
	it.lang = "fr";
	compose(f, &it);
	assert_non_null(strstr(sb_buf_str(&f->text), "'''Organisation "
			       "des événements'''"));
	assert_null(strstr(sb_buf_str(&f->text), "<span"));
}

/* A message whose words fall back to English inside a French message
 * is marked English, and a French label inside it French; what is
 * French (the feedback line) is not marked. */
static void a_fallen_back_message_is_marked(void **state)
{
	struct fx *f = *state;
	char *en = tu_read_src("wikitext/i18n/en.json", NULL);
	const char *langs[] = {"en", "fr"};
	const char *texts[] = {en, "{\"skillsbot-notify-feedback\": "
			       "\"Dites-nous.\"}"};
	const char *others[] = {"Bo"}, *common[] = {"fr"};
	sb_notif_item it = {false, true, "Ann", "grant-writing", others, 1,
			    common, 1, "fr", false, NULL};
	sb_i18n *m = NULL;
	const char *t;

	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 2), SB_OK);
	sb_i18n_free(f->msgs);
	f->msgs = m;
	compose(f, &it);
	t = sb_buf_str(&f->text);
	assert_ptr_equal(strstr(t, "<div lang=\"fr\" dir=\"ltr\"><span "
				"lang=\"en\" dir=\"ltr\">Hello Ann, "), t);
	assert_non_null(strstr(t, "learn '''<span lang=\"fr\" dir=\"ltr\">"
			       "Rédaction de demandes de subvention</span>''' "
			       "from"));
	assert_non_null(strstr(t, "|the Connections page]]."));
	assert_non_null(strstr(t, "</span> Dites-nous.</div> ~~~~"));
	assert_null(strchr(sb_buf_str(&f->title), '<'));
	free(en);
}

static void language_of_the_profile(void **state)
{
	struct fx *f = *state;
	sb_lang langs[2] = {{"sw", 6}, {"fr", 3}};
	sb_profile p;

	memset(&p, 0, sizeof(p));
	assert_string_equal(sb_notif_lang(&p, &f->conf), "en");
	p.languages = langs;
	p.n_languages = 2;
	/* Swahili has no message file: the main language, not French. */
	assert_string_equal(sb_notif_lang(&p, &f->conf), "en");
	p.languages = langs + 1;
	p.n_languages = 1;
	assert_string_equal(sb_notif_lang(&p, &f->conf), "fr");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(learner_in_english, setup,
						teardown),
		cmocka_unit_test_setup_teardown(several_suggestions_are_one_message,
						setup, teardown),
		cmocka_unit_test_setup_teardown(sharer_in_french_and_arabic,
						setup, teardown),
		cmocka_unit_test_setup_teardown(arabic_counts_have_six_forms,
						setup, teardown),
		cmocka_unit_test_setup_teardown(feedback_shows_each_outcome,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			message_marks_its_language_and_direction, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			message_without_messages_is_marked_english, setup,
			teardown),
		cmocka_unit_test_setup_teardown(cluster_lists_the_others, setup,
						teardown),
		cmocka_unit_test_setup_teardown(cluster_host_and_learners, setup,
						teardown),
		cmocka_unit_test_setup_teardown(editor_values_are_inert, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			a_label_in_another_language_is_marked, setup,
			teardown),
		cmocka_unit_test_setup_teardown(a_fallen_back_message_is_marked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(language_of_the_profile, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
