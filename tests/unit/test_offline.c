/* test_offline.c - the whole pipeline over a dump, as an organiser without
 * API access would run it: records in, generated pages out, and people's
 * text around the markers kept byte for byte. */
#include "testutil.h"

#include "skillsbot/dump.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"
#include "skillsbot/offline.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROOT "Grants:Knowledge Sharing/Connect/Skills Directory"

static const char human_top[] = "Intro written by an organiser.\n\n";
static const char human_bottom[] = "\n[[Category:Let's Connect]]\n";

/* A small dump: two profiles that should connect, and an output page that
 * already exists with people's text around its markers. */
static char *write_dump(const char *dir)
{
	char *path = sb_asprintf("%s/in.xml", dir);
	sb_dump_writer *w;
	const char *a = "{{Let's Connect/Profile|username=Ama|languages=en|"
			"share=Grant writing|formats=1:1}}";
	const char *b = "{{Let's Connect/Profile|username=Kofi|languages=en-3|"
			"learn=proposal writing|formats=1:1}}";
	char *conn = sb_asprintf("%s<!-- skillsbot:begin connections -->\nold"
				 "\n<!-- skillsbot:end connections -->%s",
				 human_top, human_bottom);

	assert_int_equal(sb_dump_writer_open(&w, path, "Test"), SB_OK);
	sb_dump_writer_add(w, "User:Ama/Skills", 2, a, strlen(a), NULL, NULL, NULL);
	sb_dump_writer_add(w, "User:Kofi/Skills", 2, b, strlen(b), NULL, NULL, NULL);
	sb_dump_writer_add(w, ROOT "/Connections", 200, conn, strlen(conn),
			   NULL, NULL, NULL);
	assert_int_equal(sb_dump_writer_commit(w), SB_OK);
	free(conn);
	return path;
}

static char *read_out(const char *dir, const char *title)
{
	char *name = sb_title_to_filename(title);
	char *path = sb_asprintf("%s/out/%s.wiki", dir, name);
	char *text = NULL;
	size_t len;

	if (sb_file_read(&text, &len, path, 1 << 24) < 0)
		fail_msg("%s", sb_error_message());
	free(name);
	free(path);
	return text;
}

static void dump_to_pages(void **state)
{
	char *dir = tu_mkdtemp();
	char *in = write_dump(dir);
	char *outdir = sb_asprintf("%s/out", dir);
	char *outxml = sb_asprintf("%s/out.xml", dir);
	char *tax = tu_src_path("wikitext/taxonomy.json");
	char *datadir = tu_src_path("wikitext");
	sb_offline_opts o = {.dump = in, .to_dir = outdir, .to_dump = outxml,
			     .taxonomy_file = tax, .datadir = datadir,
			     .now = 1795000000};
	sb_offline_report rep;
	char *conn;

	(void)state;
	assert_int_equal(sb_offline_run(&o, &rep), SB_OK);
	assert_int_equal(rep.profiles, 2);
	assert_int_equal(rep.connections, 1);
	assert_true(rep.pages_written > 5);
	conn = read_out(dir, ROOT "/Connections");
	/* People's text outside the markers survives byte for byte. */
	assert_memory_equal(conn, human_top, strlen(human_top));
	assert_string_equal(conn + strlen(conn) - strlen(human_bottom),
			    human_bottom);
	assert_null(strstr(conn, "\nold\n"));
	assert_non_null(strstr(conn, "[[User:Kofi|Kofi]]"));
	assert_non_null(strstr(conn, "[[User:Ama|Ama]]"));
	assert_int_equal(access(outxml, R_OK), 0);
	free(conn);
	sb_offline_report_dispose(&rep);
	tu_rmtree(dir);
	free(in);
	free(outdir);
	free(outxml);
	free(tax);
	free(datadir);
	free(dir);
}

/* One page of a dump a test writes. */
typedef struct tpage {
	const char *title;
	const char *text;
} tpage;

static const char profile_alice[] =
	"{{Let's Connect/Profile|username=Alice|languages=en|share=Wikidata|"
	"formats=clinic}}\n";

/* A run over a dump of `pages`, both outputs in `dir`: out/ and out.xml. */
static void run_pages(const char *dir, const tpage *pages, size_t n,
		      sb_offline_report *rep)
{
	char *in = sb_asprintf("%s/in.xml", dir);
	char *outdir = sb_asprintf("%s/out", dir);
	char *outxml = sb_asprintf("%s/out.xml", dir);
	char *tax = tu_src_path("wikitext/taxonomy.json");
	char *datadir = tu_src_path("wikitext");
	sb_offline_opts o = {.dump = in, .to_dir = outdir, .to_dump = outxml,
			     .taxonomy_file = tax, .datadir = datadir,
			     .user = "skillsbot", .now = 1795000000};
	sb_dump_writer *w;

	assert_int_equal(sb_dump_writer_open(&w, in, "Test"), SB_OK);
	for (size_t i = 0; i < n; i++)
		sb_dump_writer_add(w, pages[i].title,
				   strchr(pages[i].title, ':') ? 200 : 0,
				   pages[i].text, strlen(pages[i].text), NULL,
				   NULL, NULL);
	assert_int_equal(sb_dump_writer_commit(w), SB_OK);
	assert_int_equal(sb_offline_run(&o, rep), SB_OK);
	free(in);
	free(outdir);
	free(outxml);
	free(tax);
	free(datadir);
}

static bool written_to_dir(const char *dir, const char *title)
{
	char *name = sb_title_to_filename(title);
	char *path = sb_asprintf("%s/out/%s.wiki", dir, name);
	bool there = access(path, F_OK) == 0;

	free(name);
	free(path);
	return there;
}

static bool written_to_dump(const char *dir, const char *title)
{
	char *path = sb_asprintf("%s/out.xml", dir);
	char *want = sb_asprintf("<title>%s</title>", title);
	char *xml = NULL;
	size_t len;
	bool there;

	if (sb_file_read(&xml, &len, path, 1 << 26) < 0)
		fail_msg("%s", sb_error_message());
	there = strstr(xml, want) != NULL;
	free(xml);
	free(want);
	free(path);
	return there;
}

/* The report's line about `title`, holding `why`. */
static bool reported(const sb_offline_report *rep, const char *title,
		     const char *why)
{
	for (size_t i = 0; i < rep->messages.n; i++)
		if (strstr(rep->messages.v[i], title) &&
		    strstr(rep->messages.v[i], why))
			return true;
	return false;
}

/* A clinic page that exists without roster markers is a person's page:
 * left as it was, out of both outputs, and reported; a page the dump does
 * not hold is created. */
static void page_without_markers_left_alone(void **state)
{
	const tpage pages[] = {
		{ROOT "/Alice", profile_alice},
		{ROOT "/Clinics/T",
		 "{{Let's Connect/Clinic|title=T|topic=wikidata|"
		 "status=scheduled|facilitators=Alice}}\n"
		 "Important human text.\n== Sign-ups ==\n# [[User:Bob]]\n"},
	};
	char *dir = tu_mkdtemp();
	sb_offline_report rep;

	(void)state;
	run_pages(dir, pages, 2, &rep);
	assert_int_equal(rep.clinics, 1);
	assert_false(written_to_dir(dir, ROOT "/Clinics/T"));
	assert_false(written_to_dump(dir, ROOT "/Clinics/T"));
	assert_true(reported(&rep, ROOT "/Clinics/T", "no markers"));
	assert_int_equal(rep.pages_skipped, 1);
	assert_true(written_to_dir(dir, ROOT "/Connections"));
	assert_true(written_to_dump(dir, ROOT "/Connections"));
	sb_offline_report_dispose(&rep);
	tu_rmtree(dir);
	free(dir);
}

/* A page that excludes the bot with {{nobots}} or {{bots|deny=...}} is
 * left as it was, out of both outputs, and reported, like online. */
static void bots_exclusion_honoured(void **state)
{
	const tpage pages[] = {
		{ROOT "/Alice", profile_alice},
		{ROOT "/By skill", "Intro.\n{{nobots}}\n"
		 "<!-- skillsbot:begin by-skill -->\nold\n"
		 "<!-- skillsbot:end by-skill -->\n"},
		{ROOT "/By region", "{{bots|deny=skillsbot}}\n"
		 "<!-- skillsbot:begin by-region -->\nold\n"
		 "<!-- skillsbot:end by-region -->\n"},
		{ROOT "/By language", "{{bots|deny=all}}\n"
		 "<!-- skillsbot:begin by-language -->\nold\n"
		 "<!-- skillsbot:end by-language -->\n"},
		{ROOT "/Resources", "{{bots|deny=OtherBot}}\n"
		 "<!-- skillsbot:begin resources -->\nold\n"
		 "<!-- skillsbot:end resources -->\n"},
	};
	const char *denied[] = {ROOT "/By skill", ROOT "/By region",
				ROOT "/By language"};
	char *dir = tu_mkdtemp();
	sb_offline_report rep;

	(void)state;
	run_pages(dir, pages, 5, &rep);
	for (size_t i = 0; i < 3; i++) {
		assert_false(written_to_dir(dir, denied[i]));
		assert_false(written_to_dump(dir, denied[i]));
		assert_true(reported(&rep, denied[i], "excludes the bot"));
	}
	assert_int_equal(rep.pages_skipped, 3);
	/* another bot's exclusion is not this bot's */
	assert_true(written_to_dir(dir, ROOT "/Resources"));
	assert_true(written_to_dump(dir, ROOT "/Resources"));
	sb_offline_report_dispose(&rep);
	tu_rmtree(dir);
	free(dir);
}

/* Does a line of `text` hold both `a` and `b`? */
static bool line_with(const char *text, const char *a, const char *b)
{
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = sb_strndup(p, n);
		bool both = strstr(line, a) && strstr(line, b);

		free(line);
		if (both)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* What the run left out is listed on the dashboard, as the online sync
 * lists its skipped pages, in both outputs. */
static void left_out_pages_on_dashboard(void **state)
{
	const tpage pages[] = {
		{ROOT "/Alice", profile_alice},
		{ROOT "/Clinics/T",
		 "{{Let's Connect/Clinic|title=T|topic=wikidata|"
		 "status=scheduled|facilitators=Alice}}\nHuman text.\n"},
		{ROOT "/By skill", "{{nobots}}\n"
		 "<!-- skillsbot:begin by-skill -->\nold\n"
		 "<!-- skillsbot:end by-skill -->\n"},
	};
	char *dir = tu_mkdtemp();
	char *dash, *xmlpath = sb_asprintf("%s/out.xml", dir), *xml = NULL;
	size_t len;
	sb_offline_report rep;

	(void)state;
	run_pages(dir, pages, 3, &rep);
	assert_int_equal(rep.pages_skipped, 2);
	dash = read_out(dir, ROOT "/Dashboard");
	assert_true(line_with(dash, "Directory/Clinics/T",
			      "no markers for section roster"));
	assert_true(line_with(dash, "Directory/By skill",
			      "the page excludes the bot"));
	assert_int_equal(sb_file_read(&xml, &len, xmlpath, 1 << 26), SB_OK);
	assert_non_null(strstr(xml, "no markers for section roster"));
	free(xml);
	free(xmlpath);
	free(dash);
	sb_offline_report_dispose(&rep);
	tu_rmtree(dir);
	free(dir);
}

static void bad_dump_leaves_no_output(void **state)
{
	char *dir = tu_mkdtemp();
	char *in = sb_asprintf("%s/bad.xml", dir);
	char *outxml = sb_asprintf("%s/out.xml", dir);
	const char *bad = "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\">"
			  "<page><title>A</title><revision><text>{{";
	sb_offline_opts o = {.dump = in, .to_dump = outxml, .now = 1795000000};
	sb_offline_report rep;

	(void)state;
	assert_int_equal(sb_file_write_atomic(in, bad, strlen(bad)), SB_OK);
	assert_int_equal(sb_offline_run(&o, &rep), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "bad.xml"));
	assert_int_not_equal(access(outxml, F_OK), 0);
	sb_offline_report_dispose(&rep);
	tu_rmtree(dir);
	free(in);
	free(outxml);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_to_pages),
		cmocka_unit_test(bad_dump_leaves_no_output),
		cmocka_unit_test(page_without_markers_left_alone),
		cmocka_unit_test(bots_exclusion_honoured),
		cmocka_unit_test(left_out_pages_on_dashboard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
