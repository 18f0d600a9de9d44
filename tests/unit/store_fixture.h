/*
 * store_fixture.h - a fresh state database for the store tests: a
 * temporary directory holding `path` (not yet created) and the open store
 * `st` (NULL until a test opens it), all removed by teardown.
 */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <stdlib.h>

struct fx {
	char *dir;
	char *path;
	sb_store *st;
};

static int setup(void **state)
{
	struct fx *f = sb_calloc(1, sizeof(*f));

	f->dir = tu_mkdtemp();
	f->path = sb_asprintf("%s/state.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sb_store_close(f->st);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* (Re)open the file at the newest schema, as the bot does at start. */
static void open_latest(struct fx *f)
{
	sb_store_close(f->st);
	f->st = NULL;
	assert_int_equal(sb_store_open(&f->st, f->path), SB_OK);
	assert_int_equal(sb_store_version(f->st), SB_STORE_VERSION);
}

#endif
