/*
 * testutil.h - what the unit tests share: cmocka, and paths to the source
 * tree's data (SB_SRCDIR, SB_DATADIR are set by ctest).
 */
#ifndef SKILLSBOT_TESTUTIL_H
#define SKILLSBOT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* SB_SRCDIR/relpath, as a new string. */
char *tu_src_path(const char *relpath);
/* The whole file SB_SRCDIR/relpath, NUL-terminated; fails the test if it
 * cannot be read. */
char *tu_read_src(const char *relpath, size_t *len_out);
/* A new empty temporary directory, removed by tu_rmtree(). */
char *tu_mkdtemp(void);
void tu_rmtree(const char *dir);
/* Run a shell command; its standard output into *out (a new string), its
 * exit status back (-1 if it did not exit). */
int tu_run(char **out, const char *cmd);
/* Write `text` to dir/name with permissions `mode`; its path back (a new
 * string). Fails the test if it cannot. */
char *tu_write_file(const char *dir, const char *name, const char *text,
		    unsigned mode);
/* A new temporary data folder: the shipped layouts and message files
 * (SB_DATADIR's, linked), and i18n/`name` holding `json` beside them;
 * remove it with tu_rmtree(). */
char *tu_datadir_with(const char *name, const char *json);
/* A real state at dir/name whose header says schema `version`
 * (user_version, bytes 60-63 big-endian in SQLite's file format), to
 * stand for a state of another build; its path back (a new string). */
char *tu_state_of_version(const char *dir, const char *name,
			  unsigned version);
/* A state at dir/name, of this build's schema and holding one page, that
 * is damaged inside: the cells of its `pages` table point past the
 * table's page, as after a torn write. Its header is intact, so SQLite
 * opens it and reads its schema; quick_check finds the damage. Its path
 * back (a new string). */
char *tu_state_damaged(const char *dir, const char *name);

/* Damage the root page of `table` in the state at `path` (a leaf: its
 * cells then point past the page), as tu_state_damaged does. */
void tu_damage_table(const char *path, const char *table);

#endif
