/*
 * offline.h - the whole pipeline without a wiki: read the source pages
 * from an XML dump, extract, match, render, and write the generated pages
 * as an XML export (importable with Special:Import or importDump.php)
 * and/or as .wiki files in a folder.
 *
 * The organisers' configuration and taxonomy come from files when given,
 * else from their pages in the dump (read in a first pass), else the
 * defaults. Pages of the dump are updated between their markers only; a
 * page the dump holds without them (a clinic page without its roster's
 * markers, a redirect) or that excludes the bot ({{nobots}}, {{bots}}) is
 * reported and left out of both outputs. Only an output page the dump
 * does not hold is created, as the online sync does. What was left out is
 * also listed on the dashboard, written last for that, as online.
 */
#ifndef SKILLSBOT_OFFLINE_H
#define SKILLSBOT_OFFLINE_H

#include <stddef.h>
#include <time.h>

#include "skillsbot/siteconf.h"

typedef struct sb_offline_opts {
	const char *dump;          /* input; "-" = standard input (one pass) */
	const char *to_dump;       /* output export, or NULL */
	const char *to_dir;        /* output folder, or NULL */
	const char *config_file;   /* organisers' JSON, or NULL */
	const char *taxonomy_file; /* taxonomy JSON, or NULL */
	const char *config_page;   /* title; NULL: ROOT/Bot configuration */
	const char *datadir;       /* layouts, i18n; NULL: sb_datadir() */
	const char *user;          /* contributor name in the export, and the
	                            * name {{bots}} is read for (as online the
	                            * account); NULL: "skillsbot" */
	time_t now;
} sb_offline_opts;

typedef struct sb_offline_report {
	size_t pages_read;
	size_t source_pages;
	size_t profiles, clinics, resources;
	size_t problems;           /* diagnostics in the records */
	size_t connections, clusters, proposed_clinics;
	int requests, served;
	size_t pages_written;
	size_t pages_skipped;      /* existing pages without markers */
	sb_strv messages;          /* what an operator should read */
	sb_strv written;           /* titles written */
} sb_offline_report;

int sb_offline_run(const sb_offline_opts *o, sb_offline_report *rep);
void sb_offline_report_dispose(sb_offline_report *rep);

#endif
