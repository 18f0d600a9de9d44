/*
 * store.c - opening the state database, its schema migrations,
 * transactions, the recent-changes cursor and named values.
 */
#include "store_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

/*
 * The forward migrations: migrations[i] takes a database from version i
 * to version i + 1. Never edit a released step; add a new one.
 */
static const char *const migrations[SB_STORE_VERSION] = {
	/* 0 -> 1: pages, records, cursor, connections, journal. */
	"CREATE TABLE pages ("
	"  page_id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  rev_id INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  seen INTEGER NOT NULL);"
	"CREATE TABLE records ("
	"  page_id INTEGER NOT NULL REFERENCES pages(page_id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  idx INTEGER NOT NULL,"
	"  json TEXT NOT NULL,"
	"  PRIMARY KEY (page_id, kind, idx));"
	"CREATE TABLE rc_cursor ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  timestamp TEXT NOT NULL,"
	"  rcid INTEGER NOT NULL);"
	"CREATE TABLE connections ("
	"  learner TEXT NOT NULL,"
	"  sharer TEXT NOT NULL,"
	"  skill TEXT NOT NULL,"
	"  notified INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (learner, skill, sharer));"
	"CREATE TABLE journal ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  base_rev INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  result TEXT,"
	"  new_rev INTEGER,"
	"  finished INTEGER);",
	/* 1 -> 2: what the bot last wrote per section; named values. */
	"CREATE TABLE sections ("
	"  title TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  rows INTEGER NOT NULL,"
	"  PRIMARY KEY (title, section));"
	"CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
	/* 2 -> 3: human edits found in sections; pending intents fast. */
	"CREATE TABLE human_edits ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  user TEXT,"
	"  timestamp TEXT,"
	"  rev_id INTEGER NOT NULL,"
	"  old_rev_id INTEGER NOT NULL);"
	"CREATE INDEX journal_pending ON journal(id) WHERE result IS NULL;",
	/* 3 -> 4: talk-page notices (intent before, result after), every
	 * pair ever suggested, participation by month and region. */
	"CREATE TABLE notices ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  learner TEXT NOT NULL,"
	"  sharer TEXT NOT NULL,"
	"  skill TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  talk_page TEXT NOT NULL,"
	"  section_title TEXT NOT NULL,"
	"  base_rev INTEGER NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  result TEXT,"
	"  new_rev INTEGER,"
	"  finished INTEGER,"
	"  UNIQUE (learner, sharer, skill, recipient));"
	"CREATE TABLE suggested ("
	"  learner TEXT NOT NULL,"
	"  sharer TEXT NOT NULL,"
	"  skill TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, sharer, skill));"
	"INSERT INTO suggested (learner, sharer, skill, first_seen)"
	"  SELECT learner, sharer, skill, 0 FROM connections;"
	"CREATE TABLE participation ("
	"  month TEXT NOT NULL,"
	"  region TEXT NOT NULL,"
	"  people INTEGER NOT NULL,"
	"  PRIMARY KEY (month, region));",
	/* 4 -> 5: when each current pair was first put on the page (the
	 * Connections page shows it). A pair on the page now was first
	 * suggested then, unless it left and came back in between. */
	"ALTER TABLE connections ADD COLUMN since INTEGER NOT NULL DEFAULT 0;"
	"UPDATE connections SET since = coalesce((SELECT first_seen FROM "
	"  suggested s WHERE s.learner = connections.learner AND "
	"  s.sharer = connections.sharer AND s.skill = connections.skill), 0);",
	/* 5 -> 6: what became of a human edit ("" for older rows: not
	 * known). */
	("ALTER TABLE human_edits ADD COLUMN outcome TEXT;"
	 "UPDATE human_edits SET outcome = '';"),
};

/* The state is damaged inside: at open (quick_check, `what` NULL) or
 * found by a query later, in the same words, with what to do. No retry
 * mends it (SB_EDAMAGED: 65, the daemon stops). */
static int st_damaged(sb_store *st, const char *what, const char *finding)
{
	return sb_error_set(SB_EDAMAGED, "%s: %s%sthe state is damaged (%s): "
			    "restore it from a backup, or move it aside to "
			    "start a new one (see skillsbot(1))", st->path,
			    what ? what : "", what ? ": " : "", finding);
}

int st_fail(sb_store *st, int rc, const char *what)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return sb_error_set(SB_EIO, "%s: %s: the disk or the database "
				    "is full (%s)", st->path, what, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sb_error_set(SB_EIO, "%s: %s: the database is busy "
				    "(another skillsbot running?)", st->path,
				    what);
	case SQLITE_NOMEM:
		return sb_error_set(SB_ERROR, "%s: %s: out of memory", st->path,
				    what);
	case SQLITE_NOTADB:
		return sb_error_set(SB_EINVALID, "%s: %s: not a valid state "
				    "database (%s)", st->path, what, msg);
	case SQLITE_CORRUPT:
		return st_damaged(st, what, msg);
	default:
		return sb_error_set(SB_EIO, "%s: %s: %s", st->path, what, msg);
	}
}

int st_prepare(sb_store *st, sqlite3_stmt **out, const char *sql)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);

	return rc == SQLITE_OK ? SB_OK : st_fail(st, rc, "preparing a query");
}

int st_exec(sb_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SB_OK : st_fail(st, rc, "writing");
}

int st_step_done(sb_store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SB_OK;
	return st_fail(st, rc, what);
}

int st_savepoint(sb_store *st)
{
	return st_exec(st, "SAVEPOINT sb_sp");
}

int st_savepoint_end(sb_store *st, int err)
{
	int rc;

	if (err < 0) {
		/* Keep the first failure's message: it names the cause. */
		sqlite3_exec(st->db, "ROLLBACK TO sb_sp; RELEASE sb_sp",
			     NULL, NULL, NULL);
		return err;
	}
	rc = sqlite3_exec(st->db, "RELEASE sb_sp", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err = st_fail(st, rc, "committing");
		sqlite3_exec(st->db, "ROLLBACK TO sb_sp; RELEASE sb_sp",
			     NULL, NULL, NULL);
	}
	return err;
}

char *st_col_str(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? sb_strdup((const char *)t) : NULL;
}

void st_bind_str(sqlite3_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, idx);
}

static int read_version(sb_store *st, int *out)
{
	sqlite3_stmt *s = NULL;
	int err = st_prepare(st, &s, "PRAGMA user_version");

	if (err == SB_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			*out = sqlite3_column_int(s, 0);
		else
			err = st_fail(st, sqlite3_errcode(st->db),
				      "reading the schema version");
	}
	sqlite3_finalize(s);
	return err;
}

/* One migration step and its version bump in one transaction, so a crash
 * or a full disk leaves the file at the previous version. */
static int migrate_step(sb_store *st, int from)
{
	char bump[64];
	int err;

	if ((err = sb_store_begin(st)) < 0)
		return err;
	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", from + 1);
	if ((err = st_exec(st, migrations[from])) < 0 ||
	    (err = st_exec(st, bump)) < 0) {
		sb_store_rollback(st);
		return sb_error_prefix(err, "migrating to schema %d", from + 1);
	}
	return sb_store_commit(st);
}

/* A file written by a newer skillsbot is refused, not touched. */
static int refuse_newer(const sb_store *st, const char *path)
{
	if (st->version > SB_STORE_VERSION)
		return sb_error_set(SB_EINVALID, "%s: schema version %d is newer "
				    "than this skillsbot knows (%d)", path,
				    st->version, SB_STORE_VERSION);
	return SB_OK;
}

/* Bring the database up to schema `version`, step by step (a newer
 * schema is refused before: refuse_newer). */
static int upgrade(sb_store *st, int version)
{
	int err = SB_OK;

	while (err == SB_OK && st->version < version) {
		if ((err = migrate_step(st, st->version)) == SB_OK)
			st->version++;
	}
	return err;
}

static int configure(sb_store *st)
{
	static const char *const pragmas[] = {
		"PRAGMA journal_mode = WAL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = NORMAL",
		/* each page's cells checked as it is read: a page damaged
		 * after the start is then an error, not rows missing */
		"PRAGMA cell_size_check = ON",
	};
	int rc;

	sqlite3_busy_timeout(st->db, 5000);
	/* The first statements read the file: a file that is no database
	 * fails here, and the message should say so, not "writing". */
	for (size_t i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
		rc = sqlite3_exec(st->db, pragmas[i], NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return st_fail(st, rc, "opening");
	}
	return SB_OK;
}

/* SQLite opens a file it may not write read-only without a word (a
 * read-only filesystem, another owner), and only the first write fails:
 * in a daemon, a cycle later and every cycle after. Find out now. */
static int check_writable(sb_store *st)
{
	int rc;

	if (sqlite3_db_readonly(st->db, "main") == 1)
		return sb_error_set(SB_EIO, "%s: cannot be written (a read-only "
				    "file or filesystem, or another user's "
				    "file?)", st->path);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL,
			  NULL);
	if (rc != SQLITE_OK) {
		rc = st_fail(st, rc, "cannot be written");
		sb_store_rollback(st);
	}
	return rc == SQLITE_OK ? SB_OK : rc;
}

/* quick_check's first finding on one line, without the heading SQLite
 * puts above each database's findings (a state is one database). */
static char *one_line(const char *finding)
{
	static const char head[] = "*** in database main ***\n";
	char *line;

	if (strncmp(finding, head, sizeof(head) - 1) == 0)
		finding += sizeof(head) - 1;
	line = sb_strdup(finding);
	for (char *p = line; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	return line;
}

/* SQLite's own check of every page and index of the file. SQLite opens a
 * file damaged inside (a broken table page behind an intact header) as
 * any other, and only the query that reads the damage fails: a daemon
 * would run on, possibly edit the wiki in a cycle that then failed half
 * way, or read past the damage without a word. So whoever writes the
 * state, and check-config, refuse it at open, in the same words.
 *
 * It reads the whole file, once at start and at each SIGHUP, never per
 * cycle. Measured (bench_open, docs/bench-open.md), warm / cold cache:
 * 0.1 / 0.5 ms for the examples' state (80 KiB), 1.6 / 18 ms at 1,000
 * profiles (1.5 MB), 11 / 170-250 ms at 10,000 (15 MB), 25 / 240-290 ms
 * with a year's journal more (29 MB). Cold, that is more than a quiet
 * cycle (0.1 s at 10,000), but it is paid once a start, beside the
 * login's round trips and a first cycle that may be a full one (a
 * minute at 10,000). */
static int quick_check(sb_store *st)
{
	sqlite3_stmt *s = NULL;
	const char *verdict;
	char *finding;
	int err = st_prepare(st, &s, "PRAGMA quick_check(1)");
	int rc;

	if (err < 0)
		goto done;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		err = st_fail(st, rc, "checking");
		goto done;
	}
	verdict = (const char *)sqlite3_column_text(s, 0);
	if (verdict != NULL && strcmp(verdict, "ok") == 0)
		goto done;
	finding = one_line(verdict ? verdict : "quick_check failed");
	err = st_damaged(st, NULL, finding);
	free(finding);
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_open_at(sb_store **out, const char *path, int version)
{
	sb_store *st = sb_calloc(1, sizeof(*st));
	int rc, err;

	*out = NULL;
	st->path = sb_strdup(path);
	if (version < 1 || version > SB_STORE_VERSION) {
		err = sb_error_set(SB_EINVALID, "%s: no schema version %d",
				   path, version);
		goto done;
	}
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err = st_fail(st, rc, "opening");
		goto done;
	}
	/* Checked before a migration writes to it. */
	if ((err = configure(st)) < 0 ||
	    (err = check_writable(st)) < 0 ||
	    (err = read_version(st, &st->version)) < 0 ||
	    (err = refuse_newer(st, path)) < 0 ||
	    (err = quick_check(st)) < 0)
		goto done;
	err = upgrade(st, version);
done:
	if (err < 0)
		sb_store_close(st);
	else
		*out = st;
	return err;
}

int sb_store_open(sb_store **out, const char *path)
{
	return sb_store_open_at(out, path, SB_STORE_VERSION);
}

/* SQLite's URI for reading the file at the absolute path `real`: every
 * byte that could end or change the path (?, #, %) escaped. */
static char *readonly_uri(const char *real, bool immutable)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_adds(&b, "file:");
	for (const char *p = real; *p != '\0'; p++) {
		if (isalnum((unsigned char)*p) || strchr("/-._~", *p) != NULL)
			sb_buf_addc(&b, *p);
		else
			sb_buf_addf(&b, "%%%02X", (unsigned char)*p);
	}
	sb_buf_adds(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return sb_buf_take(&b, NULL);
}

/* Open an existing state to read it, changing nothing; `real` is its
 * real path. A read-only SQLite connection still creates the -wal and
 * -shm files of a WAL database and leaves them behind (owned by whoever
 * ran it: as root, the daemon could no longer write its state); with no
 * -wal beside the file, no one has it open and every committed page is
 * in the file itself, so it is read as immutable (no locks, no -shm).
 * With a -wal (the daemon runs, or crashed) the ordinary read-only open
 * reads it too; the files it uses are there already. Returns SQLite's
 * code. */
static int sqlite_open_ro(const char *real, sqlite3 **db)
{
	char *wal = sb_asprintf("%s-wal", real);
	char *uri = readonly_uri(real, access(wal, F_OK) != 0);
	int rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY |
				 SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(*db, 5000);
	free(uri);
	free(wal);
	return rc;
}

/* The first read is named "opening", as in sb_store_open, so that both
 * say the same of a file that is no database. */
static int open_readonly(sb_store *st, const char *path)
{
	char *real = realpath(path, NULL);
	int rc;

	if (real == NULL)
		return sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
	rc = sqlite_open_ro(real, &st->db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "PRAGMA schema_version", NULL, NULL,
				  NULL);
	free(real);
	return rc == SQLITE_OK ? SB_OK : st_fail(st, rc, "opening");
}

int sb_store_check(const char *path, int *version_out)
{
	sb_store *st = sb_calloc(1, sizeof(*st));
	int err;

	*version_out = 0;
	st->path = sb_strdup(path);
	if ((err = open_readonly(st, path)) < 0 ||
	    (err = read_version(st, &st->version)) < 0 ||
	    (err = refuse_newer(st, path)) < 0 ||
	    (err = quick_check(st)) < 0)
		goto done;
	*version_out = st->version;
done:
	sb_store_close(st);
	return err;
}

/* Copy the file's pages into the in-memory database `st` with SQLite's
 * online backup, which reads a consistent snapshot even while another
 * process writes. */
static int copy_from(sb_store *st, const char *path)
{
	sqlite3 *src = NULL;
	sqlite3_backup *b;
	char *real = realpath(path, NULL);
	int rc;

	if (real == NULL)
		return errno == ENOENT ? SB_OK
		       : sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
	rc = sqlite_open_ro(real, &src);
	free(real);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(st->db, "main", src, "main");
		if (!b) {
			rc = sqlite3_errcode(st->db);
		} else {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
	}
	sqlite3_close(src);
	return rc == SQLITE_OK ? SB_OK : st_fail(st, rc, "copying for a dry run");
}

int sb_store_open_snapshot(sb_store **out, const char *path)
{
	sb_store *st = NULL;
	int err;

	*out = NULL;
	if ((err = sb_store_open_at(&st, ":memory:", 1)) < 0)
		return err;
	free(st->path);
	st->path = sb_asprintf("%s (dry-run copy)", path);
	if ((err = copy_from(st, path)) < 0 ||
	    (err = read_version(st, &st->version)) < 0 ||
	    (err = refuse_newer(st, path)) < 0 ||
	    (err = upgrade(st, SB_STORE_VERSION)) < 0)
		goto done;
	err = st_exec(st, "PRAGMA foreign_keys = ON");
done:
	if (err < 0)
		sb_store_close(st);
	else
		*out = st;
	return err;
}

void sb_store_close(sb_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int sb_store_version(const sb_store *st)
{
	return st->version;
}

int sb_store_begin(sb_store *st)
{
	return st_exec(st, "BEGIN IMMEDIATE");
}

int sb_store_commit(sb_store *st)
{
	int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	int err;

	if (rc == SQLITE_OK)
		return SB_OK;
	err = st_fail(st, rc, "committing");
	sb_store_rollback(st);
	return err;
}

void sb_store_rollback(sb_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int sb_store_limit_pages(sb_store *st, long pages)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %ld", pages);
	return st_exec(st, sql);
}

int sb_store_cursor_get(sb_store *st, char **ts_out, int64_t *rcid_out)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*ts_out = NULL;
	*rcid_out = 0;
	if ((err = st_prepare(st, &s, "SELECT timestamp, rcid FROM rc_cursor "
			      "WHERE id = 1")) < 0)
		goto done;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*ts_out = st_col_str(s, 0);
		*rcid_out = sqlite3_column_int64(s, 1);
	} else if (rc == SQLITE_DONE) {
		err = sb_error_set(SB_ENOTFOUND, "%s: no recent-changes cursor",
				   st->path);
	} else {
		err = st_fail(st, rc, "reading the cursor");
	}
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_cursor_set(sb_store *st, const char *ts, int64_t rcid)
{
	return st_run(st, NULL, "saving the cursor", "INSERT OR REPLACE INTO "
		      "rc_cursor (id, timestamp, rcid) VALUES (1, ?, ?)", "si",
		      ts, rcid);
}

int sb_store_cursor_clear(sb_store *st)
{
	return st_exec(st, "DELETE FROM rc_cursor");
}

int sb_store_kv_get(sb_store *st, const char *key, char **out)
{
	sqlite3_stmt *s = NULL;
	int err, rc;

	*out = NULL;
	if ((err = st_prepare(st, &s, "SELECT value FROM kv WHERE key = ?")) < 0)
		goto done;
	st_bind_str(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = st_col_str(s, 0);
	else if (rc == SQLITE_DONE)
		err = sb_error_set(SB_ENOTFOUND, "%s: no value \"%s\"",
				   st->path, key);
	else
		err = st_fail(st, rc, "reading a value");
done:
	sqlite3_finalize(s);
	return err;
}

int sb_store_kv_set(sb_store *st, const char *key, const char *value)
{
	return st_run(st, NULL, "saving a value", "INSERT OR REPLACE INTO kv "
		      "(key, value) VALUES (?, ?)", "ss", key, value);
}

int sb_store_kv_delete(sb_store *st, const char *key)
{
	return st_run(st, NULL, "forgetting a value", "DELETE FROM kv WHERE "
		      "key = ?", "s", key);
}
