/*
 * store_stmt.c - the statement shapes the store's tables share: run one
 * statement with bound arguments, and read a query's rows into an array.
 * The edit journal, the notices and the other tables all write and list
 * their rows through these, so that the binding, stepping, error and
 * clean-up rules live in one place.
 */
#include "store_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

static void bind_va(sqlite3_stmt *s, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		switch (types[i]) {
		case 's':
			st_bind_str(s, i + 1, va_arg(ap, const char *));
			break;
		case 'i':
			sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
			break;
		default: /* 't': the time of the call, in seconds */
			sqlite3_bind_int64(s, i + 1, (sqlite3_int64)time(NULL));
			break;
		}
	}
}

int st_run(sb_store *st, int64_t *rowid_out, const char *what,
	   const char *sql, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	va_list ap;
	int err;

	if (rowid_out)
		*rowid_out = 0;
	if ((err = st_prepare(st, &s, sql)) < 0)
		goto done;
	va_start(ap, types);
	bind_va(s, types, ap);
	va_end(ap);
	if ((err = st_step_done(st, s, what)) == SB_OK && rowid_out)
		*rowid_out = sqlite3_last_insert_rowid(st->db);
done:
	/* Keeps the step's error code in the handle for the caller. */
	sqlite3_finalize(s);
	return err;
}

int st_rows(sb_store *st, const st_rowset *rs, void **out, size_t *n_out,
	    const char *sql, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	unsigned char *v = NULL;
	size_t n = 0, cap = 0;
	va_list ap;
	int err, rc;

	if ((err = st_prepare(st, &s, sql)) < 0)
		goto done;
	va_start(ap, types);
	bind_va(s, types, ap);
	va_end(ap);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* cap counts bytes: rows of any type share the one array. */
		SB_GROW(v, cap, (n + 1) * rs->size);
		memset(v + n * rs->size, 0, rs->size);
		rs->fill(v + n * rs->size, s);
		n++;
	}
	if (rc != SQLITE_DONE)
		err = st_fail(st, rc, rs->what);
done:
	sqlite3_finalize(s);
	if (err < 0) {
		if (v)
			rs->drop(v, n);
		v = NULL;
		n = 0;
	}
	*out = v;
	*n_out = n;
	return err;
}
