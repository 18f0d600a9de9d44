/* testutil.c - see testutil.h. */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_src_path(const char *relpath)
{
	const char *src = getenv("SB_SRCDIR");

	return sb_asprintf("%s/%s", src ? src : ".", relpath);
}

char *tu_read_src(const char *relpath, size_t *len_out)
{
	char *path = tu_src_path(relpath);
	char *data = NULL;
	size_t len = 0;

	if (sb_file_read(&data, &len, path, 256u << 20) < 0)
		fail_msg("cannot read %s", path);
	free(path);
	if (len_out)
		*len_out = len;
	return data;
}

char *tu_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = sb_asprintf("%s/skillsbot-test-XXXXXX", base ? base : "/tmp");

	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp failed");
	return tmpl;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_run(char **out, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	sb_buf b;
	char chunk[4096];
	size_t n;
	int status;

	if (!p)
		fail_msg("popen failed: %s", cmd);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		sb_buf_add(&b, chunk, n);
	status = pclose(p);
	*out = sb_buf_take(&b, NULL);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *tu_write_file(const char *dir, const char *name, const char *text,
		    unsigned mode)
{
	char *path = sb_asprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
	return path;
}

char *tu_datadir_with(const char *name, const char *json)
{
	char *dir = tu_mkdtemp(), *i18n = sb_asprintf("%s/i18n", dir);
	char *cmd = sb_asprintf("mkdir %s && ln -s %s/layouts %s/layouts && "
				"ln -s %s/i18n/*.json %s/", i18n,
				getenv("SB_DATADIR"), dir, getenv("SB_DATADIR"),
				i18n);
	char *out = NULL;

	assert_int_equal(tu_run(&out, cmd), 0);
	free(tu_write_file(i18n, name, json, 0644));
	free(out);
	free(cmd);
	free(i18n);
	return dir;
}

char *tu_state_of_version(const char *dir, const char *name,
			  unsigned version)
{
	char *path = sb_asprintf("%s/%s", dir, name);
	unsigned char be[4] = {
		(unsigned char)(version >> 24), (unsigned char)(version >> 16),
		(unsigned char)(version >> 8), (unsigned char)version
	};
	sb_store *st;
	FILE *f;

	assert_int_equal(sb_store_open(&st, path), 0);
	sb_store_close(st);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 60, SEEK_SET), 0);
	assert_int_equal(fwrite(be, 1, 4, f), 4);
	fclose(f);
	return path;
}

/* The page size and the first page of `table` in the database at
 * `path`, from SQLite itself. */
static void table_page(const char *path, const char *table,
		       long *size_out, long *page_out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rootpage, (SELECT "
		"page_size FROM pragma_page_size) FROM sqlite_master WHERE "
		"type = 'table' AND name = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	*page_out = sqlite3_column_int(s, 0);
	*size_out = sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

void tu_damage_table(const char *path, const char *table)
{
	unsigned char *page;
	long size, no;
	unsigned cells;
	FILE *f;

	table_page(path, table, &size, &no);
	page = sb_malloc((size_t)size);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, (no - 1) * size, SEEK_SET), 0);
	assert_int_equal(fread(page, 1, (size_t)size, f), (size_t)size);
	/* A leaf of a table b-tree: an 8-byte header, the cell count at
	 * bytes 3-4, then one 2-byte offset a cell. */
	assert_int_equal(page[0], 0x0d);
	cells = (unsigned)page[3] << 8 | page[4];
	assert_true(cells > 0);
	for (unsigned i = 0; i < cells; i++) {
		page[8 + 2 * i] = 0xff;
		page[9 + 2 * i] = 0xf0;
	}
	assert_int_equal(fseek(f, (no - 1) * size, SEEK_SET), 0);
	assert_int_equal(fwrite(page, 1, (size_t)size, f), (size_t)size);
	assert_int_equal(fclose(f), 0);
	free(page);
}

char *tu_state_damaged(const char *dir, const char *name)
{
	char *path = sb_asprintf("%s/%s", dir, name);
	sb_store *st;

	assert_int_equal(sb_store_open(&st, path), 0);
	assert_int_equal(sb_store_page_put(st, 1, "User:A/Skills profile", 1,
					   "hash", NULL), 0);
	sb_store_close(st);
	tu_damage_table(path, "pages");
	return path;
}
