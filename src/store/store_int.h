/*
 * store_int.h - what the store's files share; not for other modules.
 */
#ifndef SKILLSBOT_STORE_INT_H
#define SKILLSBOT_STORE_INT_H

#include <sqlite3.h>

#include "skillsbot/store.h"

struct sb_store {
	sqlite3 *db;
	char *path;
	int version;
};

/* Turn an SQLite failure into our code and a message naming the file and
 * what was being done. SQLITE_FULL says the disk is full. */
int st_fail(sb_store *st, int rc, const char *what);
/* Prepare one statement; on failure sets the message. */
int st_prepare(sb_store *st, sqlite3_stmt **out, const char *sql);
/* Run SQL without results. */
int st_exec(sb_store *st, const char *sql);
/* Step a statement that returns no row (or whose rows are ignored). */
int st_step_done(sb_store *st, sqlite3_stmt *s, const char *what);

/* A savepoint makes a multi-row change atomic inside or outside a
 * transaction; st_savepoint_end releases it or, when err < 0, undoes it
 * first. Returns err (or the release failure). */
int st_savepoint(sb_store *st);
int st_savepoint_end(sb_store *st, int err);

/* A column as a new string (NULL for SQL NULL). */
char *st_col_str(sqlite3_stmt *s, int col);
void st_bind_str(sqlite3_stmt *s, int idx, const char *v);

#endif
