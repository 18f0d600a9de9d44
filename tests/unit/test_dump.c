/* test_dump.c - XML dumps in and out: what an operator feeding a wiki's
 * export to skillsbot relies on. */
#include "testutil.h"

#include "skillsbot/dump.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct seen {
	int pages;
	char titles[8][128];
	char texts[8][256];
	int ns[8];
	long long page_id[8], rev_id[8];
	int namespaces;
} seen;

static int collect(void *ud, const sb_dump_page *p)
{
	seen *s = ud;

	if (s->pages < 8) {
		snprintf(s->titles[s->pages], 128, "%s", p->title);
		snprintf(s->texts[s->pages], 256, "%.*s", (int)p->text_len, p->text);
		s->ns[s->pages] = p->ns;
		s->page_id[s->pages] = p->page_id;
		s->rev_id[s->pages] = p->rev_id;
	}
	s->pages++;
	return 0;
}

static int collect_si(void *ud, const sb_dump_siteinfo *si)
{
	((seen *)ud)->namespaces = (int)si->n_namespaces;
	return 0;
}

static int read_mem(seen *s, const char *xml)
{
	sb_dump_reader_opts o = {.on_page = collect, .on_siteinfo = collect_si,
				 .ud = s};

	memset(s, 0, sizeof(*s));
	return sb_dump_read_memory(xml, strlen(xml), "test.xml", &o);
}

#define HEAD10 "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\">\n"

static void reads_pages_and_last_revision(void **state)
{
	seen s;
	const char *xml = HEAD10
		"<siteinfo><sitename>Meta</sitename><namespaces>"
		"<namespace key=\"0\" case=\"first-letter\" />"
		"<namespace key=\"200\" case=\"first-letter\">Grants</namespace>"
		"</namespaces></siteinfo>\n"
		"<page><title>Grants:A/B</title><ns>200</ns><id>7</id>"
		"<revision><id>10</id><timestamp>2026-01-01T00:00:00Z</timestamp>"
		"<model>wikitext</model><text xml:space=\"preserve\">old</text></revision>"
		"<revision><id>11</id><text>{{P|x=1 &amp; &lt;b&gt;}}</text></revision>"
		"</page>\n<page><title>Empty</title><ns>0</ns><id>8</id>"
		"<revision><id>12</id><text /></revision></page></mediawiki>";

	(void)state;
	assert_int_equal(read_mem(&s, xml), SB_OK);
	assert_int_equal(s.pages, 2);
	assert_int_equal(s.namespaces, 2);
	assert_string_equal(s.titles[0], "Grants:A/B");
	assert_int_equal(s.ns[0], 200);
	assert_int_equal(s.page_id[0], 7);
	assert_int_equal(s.rev_id[0], 11);
	assert_string_equal(s.texts[0], "{{P|x=1 & <b>}}");
	assert_string_equal(s.texts[1], "");
}

static void rejects_bad_dumps_with_line(void **state)
{
	seen s;

	(void)state;
	/* Truncated inside a page. */
	assert_int_equal(read_mem(&s, HEAD10 "<page><title>A</title>\n<revision><text>abc"),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "test.xml"));
	assert_non_null(strstr(sb_error_message(), "line"));
	/* Unknown schema. */
	assert_int_equal(read_mem(&s, "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.3/\"></mediawiki>"),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "unknown export schema"));
	/* Not MediaWiki at all. */
	assert_int_equal(read_mem(&s, "<html><body/></html>"), SB_EINVALID);
	assert_int_equal(read_mem(&s, ""), SB_EINVALID);
	/* An entity expansion attack never expands. */
	assert_int_equal(read_mem(&s,
		"<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" HEAD10
		"<page><title>A</title><revision><text>&b;</text></revision></page></mediawiki>"),
		SB_EINVALID);
	assert_int_equal(s.pages, 0);
}

static void caps_page_size(void **state)
{
	sb_dump_reader_opts o = {.on_page = collect, .max_text = 100};
	seen s;
	char *xml;
	char big[300];

	(void)state;
	memset(&s, 0, sizeof(s));
	o.ud = &s;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	xml = sb_asprintf(HEAD10 "<page><title>A</title><revision><text>%s</text>"
			  "</revision></page></mediawiki>", big);
	assert_int_equal(sb_dump_read_memory(xml, strlen(xml), "big.xml", &o),
			 SB_ETOOBIG);
	assert_non_null(strstr(sb_error_message(), "larger than 100 bytes"));
	free(xml);
}

static void round_trip_through_writer(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/out.xml", dir);
	const char *text = "<!-- skillsbot:begin x -->\n{| class=\"wikitable\"\n|}\n& ]]";
	sb_dump_writer *w;
	sb_dump_reader_opts o = {.on_page = collect};
	seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	o.ud = &s;
	assert_int_equal(sb_dump_writer_open(&w, path, "Test wiki"), SB_OK);
	assert_int_equal(sb_dump_writer_add(w, "Grants:X/By skill", 200, text,
					    strlen(text), NULL, "SkillsBot",
					    "update"), SB_OK);
	/* Nothing at the final path until commit. */
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(sb_dump_writer_commit(w), SB_OK);
	assert_int_equal(sb_dump_read(path, &o), SB_OK);
	assert_int_equal(s.pages, 1);
	assert_string_equal(s.titles[0], "Grants:X/By skill");
	assert_string_equal(s.texts[0], text);
	unlink(path);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

static void abort_leaves_nothing(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/out.xml", dir);
	sb_dump_writer *w;

	(void)state;
	assert_int_equal(sb_dump_writer_open(&w, path, NULL), SB_OK);
	sb_dump_writer_add(w, "A", 0, "x", 1, NULL, NULL, NULL);
	sb_dump_writer_abort(w);
	assert_int_equal(rmdir(dir), 0);   /* empty: no temp file left */
	free(path);
	free(dir);
}

static void reads_gzip_and_bzip2(void **state)
{
	char *dir = tu_mkdtemp();
	char *cmd;
	const char *xml = HEAD10 "<page><title>Z</title><revision><text>zz</text>"
			  "</revision></page></mediawiki>";
	sb_dump_reader_opts o = {.on_page = collect};
	seen s;
	char *p;

	(void)state;
	o.ud = &s;
	p = sb_asprintf("%s/d.xml", dir);
	assert_int_equal(sb_file_write_atomic(p, xml, strlen(xml)), SB_OK);
	cmd = sb_asprintf("gzip -k %s/d.xml && bzip2 -k %s/d.xml", dir, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	for (int i = 0; i < 2; i++) {
		char *f = sb_asprintf("%s/d.xml.%s", dir, i ? "bz2" : "gz");

		memset(&s, 0, sizeof(s));
		assert_int_equal(sb_dump_read(f, &o), SB_OK);
		assert_int_equal(s.pages, 1);
		assert_string_equal(s.texts[0], "zz");
		free(f);
	}
	tu_rmtree(dir);
	free(p);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_pages_and_last_revision),
		cmocka_unit_test(rejects_bad_dumps_with_line),
		cmocka_unit_test(caps_page_size),
		cmocka_unit_test(round_trip_through_writer),
		cmocka_unit_test(abort_leaves_nothing),
		cmocka_unit_test(reads_gzip_and_bzip2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
