/*
 * dump.h - MediaWiki XML exports and dumps, in and out (the only module
 * that includes libxml2).
 *
 * Reading streams with libxml2's xmlTextReader, one page at a time, so a
 * dump larger than memory works: memory holds one page's text at most.
 * Plain, gzip and bzip2 files are accepted (detected by their first bytes).
 * The export-0.10 and 0.11 schemas are accepted; anything else, a DTD,
 * entity references, a truncated file or a page text over the cap is an
 * error naming the file and line. libxml2 runs with network access and
 * entity substitution off.
 *
 * Writing makes an export that Special:Import and importDump.php accept.
 * It goes to a temporary file beside the target, renamed into place only
 * by sb_dump_writer_commit(): a failed run leaves no partial file.
 */
#ifndef SKILLSBOT_DUMP_H
#define SKILLSBOT_DUMP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_dump_ns {
	int id;
	char *name;         /* "" for the main namespace */
	int first_letter;   /* 1 when the wiki capitalises first letters */
} sb_dump_ns;

typedef struct sb_dump_siteinfo {
	char *sitename;
	char *dbname;
	sb_dump_ns *namespaces;
	size_t n_namespaces;
} sb_dump_siteinfo;

/* One page, as the callback sees it; every pointer is borrowed and valid
 * only during the call. For a dump with history, the page's last revision. */
typedef struct sb_dump_page {
	const char *title;
	int ns;
	int64_t page_id;
	int64_t rev_id;
	const char *timestamp;
	const char *model;     /* "wikitext", "json", ... ("wikitext" if absent) */
	const char *redirect;  /* target title, or NULL */
	const char *text;
	size_t text_len;
	long line;             /* where the <page> element starts */
} sb_dump_page;

/* Return 0 to go on; a negative code stops the read and is returned. */
typedef int (*sb_dump_page_fn)(void *ud, const sb_dump_page *page);
typedef int (*sb_dump_siteinfo_fn)(void *ud, const sb_dump_siteinfo *si);

typedef struct sb_dump_reader_opts {
	size_t max_text;            /* bytes a page's text may have; default 16 MiB */
	sb_dump_page_fn on_page;
	sb_dump_siteinfo_fn on_siteinfo;   /* may be NULL */
	void *ud;
} sb_dump_reader_opts;

/* Read the dump at `path` ("-" for standard input). */
int sb_dump_read(const char *path, const sb_dump_reader_opts *opts);
/* Read a dump held in memory (tests, fuzzing). `origin` names it. */
int sb_dump_read_memory(const char *data, size_t len, const char *origin,
			const sb_dump_reader_opts *opts);

typedef struct sb_dump_writer sb_dump_writer;

/* Start an export at `path`; `sitename` may be NULL. */
int sb_dump_writer_open(sb_dump_writer **out, const char *path,
			const char *sitename);
/* Add one page with one revision. */
int sb_dump_writer_add(sb_dump_writer *w, const char *title, int ns,
		       const char *text, size_t len, const char *timestamp,
		       const char *user, const char *comment);
/* Finish, flush to disk and rename into place; frees the writer. */
int sb_dump_writer_commit(sb_dump_writer *w);
/* Give up: remove the temporary file; frees the writer. NULL is fine. */
void sb_dump_writer_abort(sb_dump_writer *w);

#endif
