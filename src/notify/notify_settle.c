/*
 * notify_settle.c - intents a crash left without a result. section=new
 * is not idempotent (sending again would add a second section), so the
 * talk page's revisions since the one read before the edit decide: a
 * revision by the bot whose comment names our section title means the
 * message landed; none means it did not, and the intent is dropped so
 * that the next send may try again.
 */
#include "skillsbot/notify.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/http.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

typedef struct finder {
	const char *bot;
	const char *section_title;
	int64_t found_rev;
} finder;

static int each_answer(void *ud, const struct cJSON *answer)
{
	finder *f = ud;
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(answer, "query");
	const cJSON *pages = cJSON_GetObjectItemCaseSensitive(q, "pages");
	const cJSON *pg, *rev;

	cJSON_ArrayForEach(pg, pages) {
		cJSON_ArrayForEach(rev, cJSON_GetObjectItemCaseSensitive(
						pg, "revisions")) {
			const char *user = sb_json_str(rev, "user");
			const char *comment = sb_json_str(rev, "comment");

			if (user && comment && f->bot &&
			    strcmp(user, f->bot) == 0 &&
			    strstr(comment, f->section_title) && !f->found_rev)
				f->found_rev = sb_json_i64(rev,
								    "revid", 0);
		}
	}
	return SB_OK;
}

static int settle_one(const sb_notif_refs *refs, const sb_notice *n,
		      sb_notif_report *rep)
{
	char *title = sb_http_escape(n->talk_page);
	char *params;
	finder f;
	int err;

	memset(&f, 0, sizeof(f));
	f.bot = sb_mw_username(refs->mw);
	f.section_title = n->section_title;
	if (n->base_rev > 0)
		params = sb_asprintf("action=query&prop=revisions&titles=%s&"
				     "rvprop=ids%%7Cuser%%7Ccomment&rvlimit=50&"
				     "rvendid=%lld", title,
				     (long long)n->base_rev);
	else
		params = sb_asprintf("action=query&prop=revisions&titles=%s&"
				     "rvprop=ids%%7Cuser%%7Ccomment&rvlimit=50",
				     title);
	if ((err = sb_mw_query_each(refs->mw, params, each_answer, &f)) < 0)
		goto done;
	rep->settled++;
	if (f.found_rev) {
		sb_notice("%s: the message to %s about %s was saved before "
			  "the crash (revision %lld)", n->talk_page,
			  n->recipient, n->skill, (long long)f.found_rev);
		err = sb_store_notice_finish(refs->store, n->id, "sent",
					     f.found_rev);
	} else {
		sb_notice("%s: the message to %s about %s was not saved "
			  "before the crash; it will be sent again",
			  n->talk_page, n->recipient, n->skill);
		if ((err = sb_store_notice_forget(refs->store, n->id)) ==
		    SB_OK)
			err = sb_store_kv_set(refs->store, "notify.pending",
					      "1");
	}
done:
	free(params);
	free(title);
	return err;
}

int sb_notif_settle(const sb_notif_refs *refs, sb_notif_report *rep)
{
	sb_notice *p = NULL;
	size_t n = 0;
	int err;

	if ((err = sb_store_notice_pending(refs->store, &p, &n)) < 0)
		return err;
	for (size_t i = 0; i < n && err == SB_OK; i++)
		err = settle_one(refs, &p[i], rep);
	sb_notices_free(p, n);
	return err;
}
