/*
 * notify_accounts.c - do the people to be told have an account? A
 * profile's username with a typo names nobody: a message would create a
 * stray talk page that nobody reads, so the sender asks first, in one
 * list=users request for up to 50 people.
 */
#include "notify_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/http.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"

/* The wiki answers with its own spelling of each name (first letter
 * capitalised, underscores as spaces): compare user page titles as this
 * wiki normalises them. */
static char *user_title(const sb_mw *mw, const char *name)
{
	char *t = sb_asprintf("User:%s", name);
	char *norm = sb_mw_normalize_title(mw, t, NULL);

	free(t);
	return norm ? norm : sb_strdup("");
}

typedef struct answer {
	const sb_mw *mw;
	sb_strv missing;      /* user titles of the names without account */
} answer;

static int each_answer(void *ud, const struct cJSON *root)
{
	answer *a = ud;
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(root, "query");
	const cJSON *u;

	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(q, "users")) {
		const char *name = sb_json_str(u, "name");
		char *t;

		if (!name || (!sb_json_bool(u, "missing", false) &&
			      !sb_json_bool(u, "invalid", false)))
			continue;
		t = user_title(a->mw, name);
		sb_strv_add(&a->missing, t);
		free(t);
	}
	return SB_OK;
}

int notif_accounts_missing(sb_mw *mw, const char *const *names, size_t n,
			   bool *missing_out)
{
	answer a;
	sb_buf params;
	int err;

	memset(&a, 0, sizeof(a));
	a.mw = mw;
	sb_buf_init(&params, SB_BUF_UNLIMITED);
	err = sb_buf_adds(&params, "action=query&list=users&ususers=");
	for (size_t i = 0, asked = 0; i < n && err == SB_OK; i++) {
		char *e;

		/* '|' separates the names asked and is in no user name. */
		if (strchr(names[i], '|'))
			continue;
		e = sb_http_escape(names[i]);
		if (asked++ > 0)
			err = sb_buf_adds(&params, "%7C");
		if (err == SB_OK)
			err = sb_buf_adds(&params, e);
		free(e);
	}
	if (err == SB_OK)
		err = sb_mw_query_each(mw, sb_buf_str(&params), each_answer,
				       &a);
	for (size_t i = 0; i < n && err == SB_OK; i++) {
		char *t = user_title(mw, names[i]);

		missing_out[i] = strchr(names[i], '|') ||
			sb_strv_contains(&a.missing, t);
		free(t);
	}
	sb_strv_dispose(&a.missing);
	sb_buf_dispose(&params);
	return err;
}
