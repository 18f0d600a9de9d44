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

/* (store_stmt.c) Prepare `sql`, bind one argument per letter of `types`
 * ('s' a const char *, 'i' an int64_t -- cast to it --, 't' the current
 * time, taking no argument), step it once and finalize it. A failure is
 * reported as `what`; the SQLite code stays in st->db for the caller to
 * look at. When rowid_out is not NULL it gets the inserted row's id. */
int st_run(sb_store *st, int64_t *rowid_out, const char *what,
	   const char *sql, const char *types, ...);

/* How st_rows turns one result row into one element of an array. */
typedef struct st_rowset {
	size_t size;                              /* of one element */
	void (*fill)(void *row, sqlite3_stmt *s); /* row is zeroed */
	void (*drop)(void *rows, size_t n);       /* frees the array */
	const char *what;                         /* for the error message */
} st_rowset;

/* Run the query `sql` (arguments as for st_run) and collect its rows into
 * a new array in *out (NULL and 0 rows on failure). */
int st_rows(sb_store *st, const st_rowset *rs, void **out, size_t *n_out,
	    const char *sql, const char *types, ...);

#endif
