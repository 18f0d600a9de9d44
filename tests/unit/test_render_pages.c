/* test_render_pages.c - every layout in every language against golden
 * files (tests/data/render/SECTION.LANG.wiki, roster.wiki). To accept a
 * deliberate change, run with SB_UPDATE_GOLDEN=1 and review the diff. */
#include "render_fixture.h"

#include "skillsbot/extract.h"
#include "skillsbot/fileio.h"
#include "skillsbot/store.h"

#include <stdio.h>
#include <time.h>

static sb_page_out *render(fixture *f, size_t *n)
{
	sb_page_out *p = NULL;
	int err = sb_render_all(&p, n, &f->ctx);

	if (err)
		fail_msg("%s", sb_error_message());
	return p;
}

/* The golden file name of a page: SECTION.LANG for a /LANG subpage,
 * "roster" for a roster, NULL for the main-language page. */
static char *golden_name(const sb_page_out *p, const sb_siteconf *c)
{
	const char *slash = strrchr(p->title, '/');

	if (strcmp(p->section, "roster") == 0)
		return sb_strdup("roster");
	for (size_t i = 0; slash && i < c->languages.n; i++)
		if (strcmp(slash + 1, c->languages.v[i]) == 0)
			return sb_asprintf("%s.%s", p->section, slash + 1);
	return NULL;
}

static void pages_match_golden_files(void **state)
{
	fixture *f = fx_new(NULL);
	size_t n, checked = 0;
	sb_page_out *p = render(f, &n);
	bool update = getenv("SB_UPDATE_GOLDEN") != NULL;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char *name = golden_name(&p[i], &f->conf), *rel, *want;
		size_t len;

		if (!name)
			continue;
		rel = sb_asprintf("tests/data/render/%s.wiki", name);
		if (update) {
			char *path = tu_src_path(rel);

			assert_int_equal(sb_file_write_atomic(path, p[i].content,
				strlen(p[i].content)), SB_OK);
			free(path);
		}
		want = tu_read_src(rel, &len);
		if (strcmp(want, p[i].content) != 0)
			fail_msg("%s differs from %s:\n%s", p[i].title, rel,
				 p[i].content);
		checked++;
		free(want);
		free(rel);
		free(name);
	}
	/* 8 pages x 5 languages, and the clinic's roster. */
	assert_int_equal(checked, 8 * 5 + 1);
	sb_pages_free(p, n);
	fx_free(f);
}

/* One cycle as the sync runs it: match against the pairs the state
 * holds, render, then keep this cycle's pairs (sync_write.c's
 * run_match and save_pairs). */
static sb_page_out *cycle(fixture *f, sb_store *st, time_t now, size_t *n)
{
	sb_store_pair *stored, *pairs;
	sb_prev_pair *prev;
	sb_match_input in;
	sb_page_out *p;
	size_t n_stored;

	assert_int_equal(sb_store_pairs_load(st, &stored, &n_stored), SB_OK);
	prev = sb_calloc(n_stored + 1, sizeof(*prev));
	for (size_t i = 0; i < n_stored; i++)
		prev[i] = (sb_prev_pair){stored[i].learner, stored[i].sharer,
					 stored[i].skill, stored[i].since};
	memset(&in, 0, sizeof(in));
	in.recs = &f->recs;
	in.conf = &f->conf;
	in.prev = prev;
	in.n_prev = n_stored;
	in.now = now;
	sb_match_result_dispose(&f->match);
	memset(&f->match, 0, sizeof(f->match));
	assert_int_equal(sb_match_run(&f->match, &in), SB_OK);
	assert_true(f->match.n_connections > 0);
	p = render(f, n);
	pairs = sb_calloc(f->match.n_connections + 1, sizeof(*pairs));
	for (size_t i = 0; i < f->match.n_connections; i++) {
		const sb_connection *c = &f->match.connections[i];

		pairs[i].learner = f->recs.profiles[c->learner].username;
		pairs[i].sharer = f->recs.profiles[c->sharer].username;
		pairs[i].skill = c->skill;
		pairs[i].since = c->since;
	}
	assert_int_equal(sb_store_pairs_replace(st, pairs,
						f->match.n_connections), SB_OK);
	free(pairs);
	free(prev);
	sb_store_pairs_free(stored, n_stored);
	return p;
}

/* A cycle that changes nothing about a pair leaves its row alone: the
 * first cycle's pages are the second's, byte for byte (a new pair's note
 * used to be empty, then "already suggested" on the next cycle that
 * rendered, an edit of all three Connections pages for nothing). */
static void same_input_next_cycle_same_pages(void **state)
{
	fixture *f = fx_new(NULL);
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/state.db", dir);
	sb_page_out *one, *two;
	sb_store *st;
	size_t n1, n2, connections = 0;

	(void)state;
	fx_match_dispose(&f->match);
	assert_int_equal(sb_store_open(&st, path), SB_OK);
	one = cycle(f, st, (time_t)FX_NOW, &n1);
	two = cycle(f, st, (time_t)FX_NOW + 86400, &n2);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(one[i].title, two[i].title);
		assert_string_equal(one[i].content, two[i].content);
		if (strcmp(one[i].section, "connections") == 0) {
			/* The day the pair was first put on the page. */
			assert_non_null(strstr(one[i].content, " 2026-11-29 "));
			connections++;
		}
	}
	assert_true(connections > 0);
	sb_pages_free(one, n1);
	sb_pages_free(two, n2);
	sb_store_close(st);
	sb_match_result_dispose(&f->match);
	memset(&f->match, 0, sizeof(f->match));
	fx_free(f);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/* The main page is the first language's, and every subpage is the
 * page's title plus /CODE, in the configured order. */
static void main_page_and_language_subpages(void **state)
{
	fixture *f = fx_new(NULL);
	size_t n;
	sb_page_out *p = render(f, &n);

	(void)state;
	assert_int_equal(n, 8 * 6 + 1);
	for (size_t k = 0; k < 8; k++) {
		const sb_page_out *main = &p[k * 6];

		assert_string_equal(main->content, p[k * 6 + 1].content);
		for (size_t l = 0; l < 5; l++) {
			char *t = sb_asprintf("%s/%s", main->title,
					      f->conf.languages.v[l]);

			assert_string_equal(p[k * 6 + 1 + l].title, t);
			assert_string_equal(p[k * 6 + 1 + l].section, main->section);
			free(t);
		}
	}
	assert_string_equal(p[48].title,
			    "Grants:Skills Directory/Clinics/Grant writing");
	assert_string_equal(p[48].section, "roster");
	assert_non_null(strstr(p[8 * 6 - 1].content, "dir=\"rtl\""));
	sb_pages_free(p, n);
	fx_free(f);
}

/* What the dashboard must tell organisers. */
static void dashboard_lists_what_organisers_fix(void **state)
{
	fixture *f = fx_new(NULL);
	size_t n;
	sb_page_out *p = render(f, &n);
	const char *d = p[6 * 6].content;

	(void)state;
	assert_string_equal(p[6 * 6].section, "dashboard");
	/* The problem, linked to its page, with field and message. */
	assert_non_null(strstr(d, "| [[:User:Farah|User&#58;Farah]] || profile "
			       "|| region || 3 || no region given"));
	assert_non_null(strstr(d, "| Basket weaving || 1 || 1\n"));
	assert_non_null(strstr(d, "5 of 8 served (62.5%)"));
	/* MEA = SSA + MENA: Alice (SSA) and Bob (MENA) of 5 shown. */
	assert_non_null(strstr(d, "| 2 || data-sort-value=\"40.0\" | 40.0%"));
	/* Missing skill labels per language, from the taxonomy. */
	assert_non_null(strstr(d, "* pt: 2 skill labels missing "
			       "(conflict-management, wikidata)"));
	assert_non_null(strstr(d, "The configuration page does not parse"));
	/* The inactive profile is on no page. */
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(p[i].content, "User:Eve"));
	sb_pages_free(p, n);
	fx_free(f);
}

/* The numbers of a "Skills most wanted" row that starts at `row`. */
static int wanted_row(const char *row, int *learners, int *sharers,
		      int *served, int *unserved)
{
	const char *cells = strstr(row, " || ");

	return cells ? sscanf(cells, " || %d || %d || %d || %d", learners,
			      sharers, served, unserved) : 0;
}

/* The skills most wanted: each row's learners are its served and its
 * unserved requests, cluster places served, an away learner (who makes
 * no request) not wanting; the rows add up to the totals above them. */
static void wanted_skills_add_up_to_the_totals(void **state)
{
	static const char *const cm[] = {"conflict-management"};
	fixture *f = fx_new(NULL);
	sb_profile *away = fx_p(f, 3);
	int requests = 0, served = 0, rows = 0;
	const char *d, *at, *end;
	size_t n;
	sb_page_out *p;

	(void)state;
	assert_int_equal(away->status, SB_STATUS_AWAY);
	fx_skills(&away->learn, &away->n_learn, cm, cm, 1);
	p = render(f, &n);
	d = p[6 * 6].content;
	at = strstr(d, "== Skills most wanted ==");
	end = strstr(d, "== Skills least served ==");
	assert_non_null(at);
	assert_non_null(end);
	assert_non_null(strstr(at, "| Conflict management || 3 || 1 || 3 || 0\n"));
	while ((at = strstr(at, "\n|-\n| ")) != NULL && at < end) {
		int l, s, sv, u;

		at += 4;
		assert_int_equal(wanted_row(at, &l, &s, &sv, &u), 4);
		if (l != sv + u)
			fail_msg("%.60s: %d learners, %d + %d served and not",
				 at, l, sv, u);
		requests += l;
		served += sv;
		rows++;
	}
	assert_int_equal(rows, 4);
	assert_int_equal(requests, f->match.requests);
	assert_int_equal(served, f->match.served);
	sb_pages_free(p, n);
	fx_free(f);
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

/* A person with two profiles is one person, on the profile the matcher
 * uses (the first in the total order): counted once, sharing what that
 * profile shares; the dashboard names both pages so they can be merged. */
static void two_profiles_of_one_person_count_once(void **state)
{
	static const int lv[] = {SB_LEVEL_NATIVE};
	static const char *const tis[] = {"telling-impact-stories"};
	fixture *f = fx_new(NULL);
	sb_profile *old;
	const char *d;
	size_t n;
	sb_page_out *p;

	(void)state;
	fx_profile(f, "User:Bob/Old profile", "Bob", "SSA", "KE",
		   SB_STATUS_ACTIVE, "en", lv);
	old = fx_p(f, f->recs.n_profiles - 1);
	old->line = 4;
	fx_skills(&old->share, &old->n_share, tis, tis, 1);
	p = render(f, &n);
	assert_string_equal(p[6].section, "by-region");
	assert_int_equal(count_of(p[6].content, "[[User:Bob|Bob]]"), 1);
	assert_null(strstr(p[6].content, "| KE ||"));
	assert_non_null(strstr(p[6].content, "! Total\n| 5 ||"));
	assert_non_null(strstr(p[0].content, "| Telling impact stories || nobody yet || 0 ||"));
	d = p[6 * 6].content;
	assert_non_null(strstr(d, "! Profiles shown\n| 5\n"));
	assert_non_null(strstr(d, "| [[:User:Bob/Old profile|User&#58;Bob/Old "
			       "profile]] || profile || username || 4 || "
			       "Bob also has a profile on [[:User:Bob/Profile|"
			       "User&#58;Bob/Profile]], the one used: merge the "
			       "two into one.\n"));
	sb_pages_free(p, n);
	fx_free(f);
}

/* No blank cells where something is not known: a cluster group without
 * a host says so, as does a participant's row without a country, in the
 * page's language; no clusters at all is a sentence, not an empty table. */
static void what_is_not_known_is_said(void **state)
{
	fixture *f = fx_new(NULL);
	size_t n, n_clusters;
	sb_page_out *p;

	(void)state;
	f->match.clusters[0].has_host = false;
	free(fx_p(f, 2)->country);
	fx_p(f, 2)->country = NULL;
	p = render(f, &n);
	assert_string_equal(p[3 * 6].section, "connections");
	assert_non_null(strstr(p[3 * 6].content, "| [[User:Alice|Alice]] || "
			       "Conflict management || no host available || "));
	assert_non_null(strstr(p[3 * 6 + 3].content, "|| Gestion des conflits "
			       "|| aucun animateur disponible || "));
	assert_non_null(strstr(p[6].content, "|  || Country not given || 1 || "
			       "[[User:Carla|Carla]]\n"));
	assert_non_null(strstr(p[6 + 3].content, "|  || Pays non indiqué || 1 "
			       "|| [[User:Carla|Carla]]\n"));
	sb_pages_free(p, n);
	n_clusters = f->match.n_clusters;
	f->match.n_clusters = 0;
	p = render(f, &n);
	assert_non_null(strstr(p[3 * 6].content, "== Cluster groups ==\n"
			       "No cluster groups this cycle.\n== "));
	assert_non_null(strstr(p[3 * 6 + 3].content, "== Groupes ==\n"
			       "Aucun groupe pendant ce cycle.\n== "));
	f->match.n_clusters = n_clusters;
	sb_pages_free(p, n);
	fx_free(f);
}

static void quiet(void *data, const sb_profile *p)
{
	(void)data;
	(void)p;
}

/* A profile with no user name is left out of every page, and the
 * dashboard says so on its page's row, as for any other problem: read
 * offline (extraction straight to rendering) and online (through the
 * state database, where an unchanged page is not read again). */
/* A feedback template the bot cannot read is an organiser's problem to
 * follow up like a profile's: it is on the dashboard (it was in the log
 * only), and the run's problem count has it too. */
static void a_feedback_problem_is_reported(void **state)
{
	static const char text[] = "{{Let's Connect/Feedback\n"
				   "| with = Amina\n| skill = Wikidata\n}}\n";
	static const char title[] = "User:Zed";
	sb_extract_ctx *ex;
	fixture *f = fx_new(NULL);
	size_t n, before = sb_records_count_problems(&f->recs);
	size_t nf = f->recs.n_feedback;
	sb_page_out *p;

	(void)state;
	assert_int_equal(sb_extract_ctx_new(&ex, &f->conf, f->tax), SB_OK);
	sb_extract_ctx_set_reject(ex, quiet, NULL);
	assert_int_equal(sb_extract_page(&f->recs, ex, title, 901, text,
					 strlen(text)), SB_OK);
	assert_int_equal(f->recs.n_feedback, nf + 1);
	assert_int_equal(f->recs.feedback[nf].n_diags, 1);
	assert_int_equal(sb_records_count_problems(&f->recs), before + 1);
	p = render(f, &n);
	if (!strstr(p[6 * 6].content, "User&#58;Zed]] || feedback || "
		    "outcome || "))
		fail_msg("no row for the feedback in\n%s", p[6 * 6].content);
	sb_pages_free(p, n);
	sb_extract_ctx_free(ex);
	fx_free(f);
}

static void a_profile_without_a_user_name_is_reported(void **state)
{
	static const char text[] = "Intro.\n{{Let's Connect/Profile\n"
				   "| languages = en\n| share = Wikidata\n}}\n";
	static const char title[] = "Grants:Skills Directory/Unsigned profile";
	static const char row[] = "| [[:Grants:Skills Directory/Unsigned "
		"profile|Grants&#58;Skills Directory/Unsigned profile]] || "
		"profile || username || 2 || no user name&#58; give username&#61; "
		"(the profile is left out)\n";
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/state.db", dir);
	sb_extract_ctx *ex;
	sb_records page, *recs[2];
	sb_store *st;
	fixture *f[2];

	(void)state;
	f[0] = fx_new(NULL);
	f[1] = fx_new(NULL);
	recs[0] = &f[0]->recs;
	recs[1] = &page;
	assert_int_equal(sb_extract_ctx_new(&ex, &f[0]->conf, f[0]->tax), SB_OK);
	sb_extract_ctx_set_reject(ex, quiet, NULL);
	sb_records_init(&page);
	for (int k = 0; k < 2; k++)
		assert_int_equal(sb_extract_page(recs[k], ex, title, 900, text,
						 strlen(text)), SB_OK);
	assert_int_equal(sb_store_open(&st, path), SB_OK);
	assert_int_equal(sb_store_page_put(st, 900, title, 1, "h", &page),
			 SB_OK);
	/* What the store holds of the page joins the others' records. */
	assert_int_equal(sb_store_load_records(st, &f[1]->recs), SB_OK);
	for (int k = 0; k < 2; k++) {
		size_t n;
		sb_page_out *p = render(f[k], &n);

		if (!strstr(p[6 * 6].content, row))
			fail_msg("%s: no row for the unsigned profile in\n%s",
				 k ? "online" : "offline", p[6 * 6].content);
		for (size_t i = 0; i < 6 * 6; i++)
			assert_null(strstr(p[i].content, "Unsigned"));
		sb_pages_free(p, n);
	}
	sb_store_close(st);
	sb_records_dispose(&page);
	sb_extract_ctx_free(ex);
	fx_free(f[0]);
	fx_free(f[1]);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/* The page whose title ends with `suffix` (e.g. "/By skill/sw"). */
static const sb_page_out *page_ending(const sb_page_out *p, size_t n,
				      const char *suffix)
{
	for (size_t i = 0; i < n; i++) {
		size_t lt = strlen(p[i].title), ls = strlen(suffix);

		if (lt >= ls && strcmp(p[i].title + lt - ls, suffix) == 0)
			return &p[i];
	}
	fail_msg("no page ending with %s", suffix);
	return NULL;
}

/* Grant writing labelled in Swahili and Persian too, as organisers who
 * add those languages would label it. */
static void label_grant_writing_sw_fa(fixture *f)
{
	const char *en = "\"en\": \"Grant writing\",";
	char *tax = tu_read_src("tests/data/render/taxonomy.json", NULL);
	char *at = strstr(tax, en);
	char *more;

	assert_non_null(at);
	*at = '\0';
	more = sb_asprintf("%s%s \"sw\": \"Uandishi wa ruzuku\", "
			   "\"fa\": \"\xd9\x86\xd9\x88\xd8\xb4\xd8\xaa\xd9\x86\","
			   "%s", tax, en, at + strlen(en));
	sb_taxonomy_free(f->tax);
	assert_int_equal(sb_taxonomy_parse(&f->tax, more, strlen(more),
					   "taxonomy.json"), SB_OK);
	f->ctx.tax = f->tax;
	free(more);
	free(tax);
}

/* A configured language with no message file (Swahili; Persian, which
 * runs right to left): its subpages exist, so that the language links
 * work, but they are the English pages and say so (lang="en" dir="ltr",
 * English skill labels beside the English words), and the dashboard
 * tells organisers why. */
static void a_language_without_messages_is_shown_as_english(void **state)
{
	static const int lv[] = {SB_LEVEL_NONE};
	static const char *const codes[] = {"sw", "fa"};
	fixture *f = fx_new(NULL);
	const sb_page_out *pg;
	size_t n;
	sb_page_out *p;

	(void)state;
	label_grant_writing_sw_fa(f);
	sb_strv_add(&f->conf.languages, "sw");
	sb_strv_add(&f->conf.languages, "fa");
	fx_langs(&f->recs.clinics[0].languages,
		 &f->recs.clinics[0].n_languages, "sw", lv);
	p = render(f, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < 2; c++) {
			char *sub = sb_asprintf("/%s", codes[c]);
			char *tag = sb_asprintf("lang=\"%s\"", codes[c]);
			size_t lt = strlen(p[i].title);

			if (lt > 3 && strcmp(p[i].title + lt - 3, sub) == 0 &&
			    (strstr(p[i].content, tag) ||
			     strstr(p[i].content, "dir=\"rtl\"") ||
			     !strstr(p[i].content, "lang=\"en\" dir=\"ltr\"")))
				fail_msg("%s is English but not marked so:\n%s",
					 p[i].title, p[i].content);
			free(sub);
			free(tag);
		}
	pg = page_ending(p, n, "/By skill/sw");
	assert_non_null(strstr(pg->content, "! Skill !! Shared by"));
	assert_non_null(strstr(pg->content, "| Grant writing ||"));
	assert_null(strstr(pg->content, "Uandishi"));
	pg = page_ending(p, n, "/By skill/fa");
	assert_non_null(strstr(pg->content, "| Grant writing ||"));
	/* The other versions still link to it. */
	pg = page_ending(p, n, "/By skill/fr");
	assert_non_null(strstr(pg->content, "/By skill/sw|{{#language:sw}}]]"));
	/* The clinic is in Swahili: its roster is in English, marked so. */
	assert_string_equal(p[n - 1].section, "roster");
	assert_non_null(strstr(p[n - 1].content, "lang=\"en\" dir=\"ltr\""));
	assert_non_null(strstr(p[n - 1].content, "* Topic:"));
	/* Organisers read why, for each such language. */
	pg = page_ending(p, n, "/Dashboard");
	assert_non_null(strstr(pg->content, "* sw: no message file (sw.json): "
			       "its pages are shown in English\n"));
	assert_non_null(strstr(pg->content, "* fa: no message file (fa.json): "
			       "its pages are shown in English\n"));
	assert_null(strstr(pg->content, "messages shown in English"));
	sb_pages_free(p, n);
	fx_free(f);
}

/* No generated page puts markup inside an attribute value or among a
 * parser function's arguments: sort keys and codes stay plain. */
static void assert_no_markup_in_attributes(const sb_page_out *p, size_t n)
{
	static const char *const opens[] = {"data-sort-value=\"", " lang=\"",
		" dir=\"", "{{#language:", NULL};

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; opens[k]; k++)
			for (const char *at = strstr(p[i].content, opens[k]); at;
			     at = strstr(at + 1, opens[k])) {
				const char *v = at + strlen(opens[k]);
				size_t len = strcspn(v, k == 3 ? "}" : "\"");

				if (memchr(v, '<', len))
					fail_msg("%s: markup in %s%.*s",
						 p[i].title, opens[k], (int)len,
						 v);
			}
}

/* A language translated in part (Persian, right to left): its pages are
 * in Persian, and each message still in English is marked English, left
 * to right, where it stands; the dashboard counts them. */
static void a_partial_translation_marks_its_english(void **state)
{
	fixture *f = fx_new(NULL);
	char *dir = tu_datadir_with("fa.json", "{\"skillsbot-col-skill\": "
				 "\"\xd9\x85\xd9\x87\xd8\xa7\xd8\xb1\xd8\xaa\"}");
	const sb_page_out *pg;
	size_t n;
	sb_page_out *p;

	(void)state;
	f->ctx.datadir = dir;
	sb_strv_add(&f->conf.languages, "fa");
	p = render(f, &n);
	pg = page_ending(p, n, "/By skill/fa");
	assert_non_null(strstr(pg->content, "<div lang=\"fa\" dir=\"rtl\""));
	assert_non_null(strstr(pg->content, "! \xd9\x85\xd9\x87\xd8\xa7"
			       "\xd8\xb1\xd8\xaa !! <span lang=\"en\" "
			       "dir=\"ltr\">Shared by</span>"));
	assert_non_null(strstr(pg->content, "<span lang=\"en\" dir=\"ltr\">"
			       "''This section is written by a bot"));
	/* English itself has no such span; Spanish (every message) only
	 * around the one skill the taxonomy does not label in Spanish. */
	assert_null(strstr(page_ending(p, n, "/By skill/en")->content,
			   "<span lang="));
	pg = page_ending(p, n, "/By skill/es");
	assert_non_null(strstr(pg->content, "| <span lang=\"en\" dir=\"ltr\">"
			       "Wikidata</span> ||"));
	assert_null(strstr(strstr(pg->content, "Wikidata</span>"),
			   "<span lang="));
	/* Values made outside the layout are marked too: a connection's
	 * status, a problem's kind, a region's and a share's wording; the
	 * share's sort value, an attribute, stays a plain number. */
	pg = page_ending(p, n, "/Connections/fa");
	assert_non_null(strstr(pg->content, "|| <span lang=\"en\" dir=\"ltr\">"
			       "suggested</span>\n"));
	pg = page_ending(p, n, "/By region/fa");
	assert_non_null(strstr(pg->content, "| <span lang=\"en\" dir=\"ltr\">"
			       "Region not given</span> || 1 || "
			       "data-sort-value=\"20.0\" | <span lang=\"en\" "
			       "dir=\"ltr\">20.0%</span>\n"));
	assert_no_markup_in_attributes(p, n);
	pg = page_ending(p, n, "/Dashboard/fa");
	assert_non_null(strstr(pg->content, "|| <span lang=\"en\" dir=\"ltr\">"
			       "profile</span> || region ||"));
	pg = page_ending(p, n, "/Dashboard");
	assert_non_null(strstr(pg->content, "* fa: "));
	assert_non_null(strstr(pg->content, " messages shown in English "
			       "(skillsbot-"));
	assert_null(strstr(pg->content, "no message file"));
	sb_pages_free(p, n);
	fx_free(f);
	tu_rmtree(dir);
	free(dir);
}

/* A variant with no message file of its own (Brazilian Portuguese,
 * Canadian French) is shown in its parent language, as MediaWiki does,
 * not in English: messages, skill labels and country names come from
 * pt, the page says lang="pt" (the language its words are in), only
 * what pt lacks is English and marked so, and the dashboard does not
 * call it a language without messages. */
static void a_variant_is_shown_in_its_parent_language(void **state)
{
	fixture *f = fx_new(NULL);
	const sb_page_out *pg;
	size_t n;
	sb_page_out *p;

	(void)state;
	sb_strv_add(&f->conf.languages, "pt-br");
	sb_strv_add(&f->conf.languages, "fr-ca");
	p = render(f, &n);
	pg = page_ending(p, n, "/By skill/pt-br");
	assert_non_null(strstr(pg->content, "<div lang=\"pt\" dir=\"ltr\""));
	assert_non_null(strstr(pg->content, "! Competência !! Partilhada por"));
	assert_non_null(strstr(pg->content, "| Redação de propostas ||"));
	assert_non_null(strstr(pg->content, "== Competências interpessoais =="));
	/* The taxonomy has no pt label for it: English, marked. */
	assert_non_null(strstr(pg->content, "| <span lang=\"en\" dir=\"ltr\">"
			       "Conflict management</span> ||"));
	assert_null(strstr(pg->content, "Shared by"));
	pg = page_ending(p, n, "/By skill/fr-ca");
	assert_non_null(strstr(pg->content, "<div lang=\"fr\" dir=\"ltr\""));
	assert_non_null(strstr(pg->content, "| Gestion des conflits ||"));
	/* The same words as the pt page, under its own title. */
	assert_string_equal(strstr(page_ending(p, n, "/Connections/pt-br")->
				   content, "|-"),
			    strstr(page_ending(p, n, "/Connections/pt")->content,
				   "|-"));
	pg = page_ending(p, n, "/Dashboard");
	assert_null(strstr(pg->content, "pt-br: no message file"));
	assert_null(strstr(pg->content, "fr-ca: no message file"));
	assert_no_markup_in_attributes(p, n);
	sb_pages_free(p, n);
	fx_free(f);
}

/* A variant translated in part (pt-br.json with one message): its page
 * is pt-br; what it lacks comes from pt, marked pt, and a skill label
 * of its own is used before pt's. */
static void a_partial_variant_marks_its_parents_words(void **state)
{
	fixture *f = fx_new(NULL);
	char *dir = tu_datadir_with("pt-br.json", "{\"skillsbot-col-skill\": "
				 "\"Habilidade\"}");
	const char *en = "\"pt\": \"Redação de propostas\",";
	char *tax = tu_read_src("tests/data/render/taxonomy.json", NULL);
	char *at = strstr(tax, en), *more;
	const sb_page_out *pg;
	size_t n;
	sb_page_out *p;

	(void)state;
	assert_non_null(at);
	*at = '\0';
	more = sb_asprintf("%s%s \"pt-br\": \"Redação de projetos\",%s", tax,
			   en, at + strlen(en));
	sb_taxonomy_free(f->tax);
	assert_int_equal(sb_taxonomy_parse(&f->tax, more, strlen(more),
					   "taxonomy.json"), SB_OK);
	f->ctx.tax = f->tax;
	f->ctx.datadir = dir;
	sb_strv_add(&f->conf.languages, "pt-br");
	p = render(f, &n);
	pg = page_ending(p, n, "/By skill/pt-br");
	assert_non_null(strstr(pg->content, "<div lang=\"pt-br\" dir=\"ltr\""));
	assert_non_null(strstr(pg->content, "! Habilidade !! <span lang=\"pt\" "
			       "dir=\"ltr\">Partilhada por</span>"));
	assert_non_null(strstr(pg->content, "| Redação de projetos ||"));
	assert_non_null(strstr(pg->content, "== <span lang=\"pt\" dir=\"ltr\">"
			       "Competências interpessoais</span> =="));
	assert_non_null(strstr(pg->content, "| <span lang=\"en\" dir=\"ltr\">"
			       "Conflict management</span> ||"));
	assert_no_markup_in_attributes(p, n);
	sb_pages_free(p, n);
	fx_free(f);
	free(more);
	free(tax);
	tu_rmtree(dir);
	free(dir);
}

/* A message made with another message keeps each in its language: a
 * badge's rule ("$1 ≥ $2") names a column ($1). Persian has the
 * column's name but not the rule: the name is Persian amid English
 * words; Urdu has the rule but not the name: the name is English amid
 * Urdu words. */
static void a_message_in_a_message_keeps_its_language(void **state)
{
	fixture *f = fx_new(NULL);
	char *dir = tu_datadir_with("fa.json", "{\"skillsbot-col-clinics-"
				 "facilitated\": \"کارگاه‌ها\"}");
	char *i18n = sb_asprintf("%s/i18n", dir);
	const sb_page_out *pg;
	size_t n;
	sb_page_out *p;

	(void)state;
	free(tu_write_file(i18n, "ur.json", "{\"skillsbot-badge-rule\": "
			   "\"$1 کم از کم $2\"}", 0644));
	f->ctx.datadir = dir;
	sb_strv_add(&f->conf.languages, "fa");
	sb_strv_add(&f->conf.languages, "ur");
	p = render(f, &n);
	pg = page_ending(p, n, "/Recognition/fa");
	assert_non_null(strstr(pg->content, "| Clinic facilitator || "
			       "کارگاه‌ها<span lang=\"en\" dir=\"ltr\"> ≥ 1"
			       "</span> || 0\n"));
	pg = page_ending(p, n, "/Recognition/ur");
	assert_non_null(strstr(pg->content, "| Clinic facilitator || "
			       "<span lang=\"en\" dir=\"ltr\">Clinics "
			       "facilitated</span> کم از کم 1 || 0\n"));
	/* Where both are the page's, nothing is marked. */
	assert_null(strstr(page_ending(p, n, "/Recognition/fr")->content,
			   "<span lang="));
	assert_no_markup_in_attributes(p, n);
	sb_pages_free(p, n);
	fx_free(f);
	tu_rmtree(dir);
	free(dir);
	free(i18n);
}

/* Two spellings of one unmapped skill are one skill, as for the matcher:
 * one row on the dashboard and on By skill, under the least spelling. */
static void spellings_of_an_unmapped_skill_are_one_row(void **state)
{
	fixture *f = fx_new(NULL);
	sb_skill_ref *r = &fx_p(f, 1)->learn[1];
	size_t n;
	sb_page_out *p;

	(void)state;
	assert_string_equal(r->text, "Basket weaving");
	free(r->text);
	r->text = sb_strdup("basket  Weaving");
	p = render(f, &n);
	assert_non_null(strstr(p[6 * 6].content, "| Basket weaving || 1 || 1\n"));
	assert_null(strstr(p[6 * 6].content, "basket  Weaving"));
	assert_non_null(strstr(p[0].content, "Basket weaving"));
	assert_null(strstr(p[0].content, "basket  Weaving"));
	sb_pages_free(p, n);
	fx_free(f);
}

/* A resource's link may be a wiki page (extraction keeps the title of
 * "[[Grants:Guide|...]]"): it is a page link on the resources page and
 * the roster, as an address is an external one. */
static void a_resource_on_a_wiki_page_is_a_link(void **state)
{
	fixture *f = fx_new(NULL);
	sb_resource *r = &f->recs.resources[0];
	size_t n, found = 0;
	sb_page_out *p;

	(void)state;
	free(r->link);
	r->link = sb_strdup("Grants:Knowledge Sharing/Guide");
	p = render(f, &n);
	for (size_t i = 0; i < n; i++) {
		if (strstr(p[i].content, "slides ("))
			fail_msg("%s shows the link as text:\n%s", p[i].title,
				 p[i].content);
		if (strstr(p[i].content, "[[:Grants:Knowledge Sharing/Guide|"
			   "Grant writing slides]]"))
			found++;
	}
	/* The resources page in 5 languages and its main page, the roster */
	assert_int_equal(found, 6 + 1);
	sb_pages_free(p, n);
	fx_free(f);
}

/* A roster is in the clinic's first configured language, else in the
 * first configured language. */
static void a_roster_speaks_the_clinics_language(void **state)
{
	static const struct {
		const char *codes;
		const char *want;
		const char *words;   /* skillsbot-roster-topic in that language */
	} cases[] = {{"frar", "lang=\"fr\" dir=\"ltr\"", "* Sujet :"},
		     {"swar", "lang=\"ar\" dir=\"rtl\"",
		      "* \xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xb6\xd9\x88\xd8\xb9:"},
		     {"sw", "lang=\"en\" dir=\"ltr\"", "* Topic:"}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static const int lv[] = {SB_LEVEL_NONE, SB_LEVEL_NONE};
		fixture *f = fx_new(NULL);
		sb_clinic *c = &f->recs.clinics[0];
		size_t n;
		sb_page_out *p;

		fx_langs(&c->languages, &c->n_languages, cases[i].codes, lv);
		p = render(f, &n);
		assert_string_equal(p[n - 1].section, "roster");
		if (!strstr(p[n - 1].content, cases[i].want) ||
		    !strstr(p[n - 1].content, cases[i].words))
			fail_msg("%s: no %s or %s in\n%s", cases[i].codes,
				 cases[i].want, cases[i].words,
				 p[n - 1].content);
		sb_pages_free(p, n);
		fx_free(f);
	}
}

/* `a` shows before `b` in `s` (both there). */
static void assert_before(const char *s, const char *a, const char *b)
{
	const char *x = strstr(s, a), *y = strstr(s, b);

	if (!x || !y || x > y)
		fail_msg("'%s' is not before '%s' in\n%s", a, b, s);
}

static void add_sharer(fixture *f, const char *name, const char *skill)
{
	static const int lv[] = {SB_LEVEL_NATIVE};
	const char *ids[] = {"wikidata", NULL}, *tx[] = {"Wikidata", skill};
	char *page = sb_asprintf("User:%s", name);
	sb_profile *p;
	sb_resource r;

	fx_profile(f, page, name, "SSA", "GH", SB_STATUS_ACTIVE, "en", lv);
	p = fx_p(f, f->recs.n_profiles - 1);
	fx_skills(&p->share, &p->n_share, ids, tx, 2);
	sb_diag_add(&p->diags, &p->n_diags, "region", 3, 5, "%s", "a problem");
	memset(&r, 0, sizeof(r));
	r.page = page;
	r.title = sb_strdup(skill);
	r.link = sb_strdup("https://example.org/");
	fx_skills(&r.skills, &r.n_skills, ids + 1, tx + 1, 1);
	sb_records_add_resource(&f->recs, &r);
}

/* A letter with an accent sorts with its letter, not after Z: skills,
 * resources, problems, people (docs/rendering.md, "folded label"). */
static void accented_labels_sort_with_their_letter(void **state)
{
	fixture *f = fx_new(NULL);
	size_t n;
	sb_page_out *p;

	(void)state;
	add_sharer(f, "Zoe", "Zines");
	add_sharer(f, "\xC3\x89mile", "\xC3\x89" "ditathons");
	p = render(f, &n);
	assert_before(p[0].content, "[[User:Dmitri|Dmitri]], [[User:\xC3\x89mile|",
		      "[[User:Zoe|Zoe]] || 4");
	assert_before(p[0].content, "| Basket weaving ||",
		      "| \xC3\x89" "ditathons ||");
	assert_before(p[0].content, "| \xC3\x89" "ditathons ||", "| Zines ||");
	assert_string_equal(p[5 * 6].section, "resources");
	assert_before(p[5 * 6].content, "=== \xC3\x89" "ditathons ===",
		      "=== Zines ===");
	assert_before(p[6 * 6].content, "[[:User:\xC3\x89mile|",
		      "[[:User:Zoe|");
	assert_string_equal(p[7 * 6].section, "recognition");
	assert_before(p[7 * 6].content, "[[User:\xC3\x89mile|",
		      "[[User:Zoe|");
	sb_pages_free(p, n);
	fx_free(f);
}

/* A directory of learners and no sharers: every cell and section that
 * has nothing to show says so instead of staying blank. */
static void nothing_to_show_is_said(void **state)
{
	fixture *f = fx_new(NULL);
	sb_match_result *m = &f->match;
	size_t n, nc = m->n_connections, nu = m->n_unserved;
	size_t nf = m->proposed[0].n_facilitators;
	size_t ni = m->proposed[0].n_interpretation;
	sb_page_out *p;

	(void)state;
	m->n_connections = 0;
	m->n_unserved = 0;
	m->proposed[0].n_facilitators = 0;
	m->proposed[0].n_interpretation = 0;
	p = render(f, &n);
	assert_string_equal(p[4 * 6].section, "proposed-clinics");
	assert_non_null(strstr(p[4 * 6].content, "| 1 || Grant writing || 2 || "
			       "none yet || ar (1), pt (1) || none || 13:00"));
	assert_non_null(strstr(p[4 * 6 + 3].content, "|| aucun pour "
			       "l'instant || ar (1), pt (1) || aucune ||"));
	assert_non_null(strstr(p[3 * 6].content, "== One-to-one connections ==\n"
			       "No one-to-one connections this cycle.\n== "));
	assert_non_null(strstr(p[3 * 6].content, "== Requests not matched yet "
			       "==\nNo requests waiting for a match this "
			       "cycle.\n</div>"));
	assert_non_null(strstr(p[0].content, "| Telling impact stories || "
			       "nobody yet || 0 || nobody yet || 0\n"));
	assert_non_null(strstr(p[3].content, "| Raconter l&#39;impact || "
			       "personne pour l'instant || 0 ||"));
	m->n_connections = nc;
	m->n_unserved = nu;
	m->proposed[0].n_facilitators = nf;
	m->proposed[0].n_interpretation = ni;
	sb_pages_free(p, n);
	/* Nobody shown at all: no table of languages without a row. */
	for (size_t i = 0; i < f->recs.n_profiles; i++)
		fx_p(f, i)->status = SB_STATUS_INACTIVE;
	p = render(f, &n);
	if (!strstr(p[6 * 6].content, "== Participants by language ==\n"
		    "None.\n== "))
		fail_msg("a table of no languages in\n%s", p[6 * 6].content);
	sb_pages_free(p, n);
	fx_free(f);
}

/* One person with three profiles: the dashboard lists the two further
 * ones as problems, and the run's "problems found" (the sync's and the
 * offline run's summary) counts the same rows, not 0. */
static void further_profiles_are_counted_as_listed(void **state)
{
	static const int lv[] = {SB_LEVEL_NATIVE};
	fixture *f = fx_new(NULL);
	const char *d;
	size_t n, rows;
	sb_page_out *p;

	(void)state;
	/* Made later (higher page ids): Bob's first profile stays the one
	 * used, whatever the titles. */
	fx_profile(f, "User:Bob/A copy", "Bob", "MENA", "EG",
		   SB_STATUS_ACTIVE, "en", lv);
	fx_profile(f, "User:Bob/Another copy", "Bob", "MENA", "EG",
		   SB_STATUS_AWAY, "en", lv);
	/* Inactive: on no page, so no further profile of anybody. */
	fx_profile(f, "User:Bob/Old", "Bob", "MENA", "EG",
		   SB_STATUS_INACTIVE, "en", lv);
	p = render(f, &n);
	d = strstr(p[6 * 6].content, "== Problems in the pages ==");
	assert_non_null(d);
	rows = count_of(d, "\n|-\n");
	assert_int_equal(count_of(d, "Bob also has a profile on "
			 "[[:User:Bob/Profile|"), 2);
	assert_int_equal(rows, 3);
	assert_int_equal(sb_records_count_problems(&f->recs), rows);
	sb_pages_free(p, n);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_match_golden_files),
		cmocka_unit_test(main_page_and_language_subpages),
		cmocka_unit_test(dashboard_lists_what_organisers_fix),
		cmocka_unit_test(wanted_skills_add_up_to_the_totals),
		cmocka_unit_test(two_profiles_of_one_person_count_once),
		cmocka_unit_test(what_is_not_known_is_said),
		cmocka_unit_test(same_input_next_cycle_same_pages),
		cmocka_unit_test(a_profile_without_a_user_name_is_reported),
		cmocka_unit_test(a_feedback_problem_is_reported),
		cmocka_unit_test(a_language_without_messages_is_shown_as_english),
		cmocka_unit_test(a_partial_translation_marks_its_english),
		cmocka_unit_test(a_variant_is_shown_in_its_parent_language),
		cmocka_unit_test(a_partial_variant_marks_its_parents_words),
		cmocka_unit_test(a_message_in_a_message_keeps_its_language),
		cmocka_unit_test(spellings_of_an_unmapped_skill_are_one_row),
		cmocka_unit_test(a_roster_speaks_the_clinics_language),
		cmocka_unit_test(a_resource_on_a_wiki_page_is_a_link),
		cmocka_unit_test(accented_labels_sort_with_their_letter),
		cmocka_unit_test(nothing_to_show_is_said),
		cmocka_unit_test(further_profiles_are_counted_as_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
