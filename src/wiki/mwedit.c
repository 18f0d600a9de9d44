/* mwedit.c - writes: action=edit that never saves over a revision the
 * caller has not read; see mwapi.h. */
#include "mwapi_int.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <stdlib.h>
#include <string.h>

void sb_mw_edit_result_dispose(sb_mw_edit_result *r)
{
	free(r->timestamp);
	memset(r, 0, sizeof(*r));
}

/* The latest revision now, to refuse early when someone saved since the
 * caller read: MediaWiki would otherwise merge a concurrent edit to
 * other lines silently instead of reporting a conflict. */
static int check_base(sb_mw *mw, const struct sb_mw_edit *e)
{
	char *t = mw_esc(e->title);
	char *params = sb_asprintf("action=query&prop=info&titles=%s", t);
	cJSON *root = NULL;
	const cJSON *page;
	int err;

	free(t);
	if ((err = mw_call(mw, params, MW_READ, &root)) < 0)
		goto done;
	page = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "query"), "pages"), 0);
	if (!cJSON_IsObject(page)) {
		err = sb_error_set(SB_EINVALID, "%s: prop=info without the page",
				   e->title);
	} else if (sb_json_bool(page, "missing", false)) {
		err = sb_error_set(SB_ENOTFOUND, "%s: deleted since revision "
				   "%lld was read", e->title,
				   (long long)e->baserevid);
	} else if (sb_json_i64(page, "lastrevid", 0) != e->baserevid) {
		err = sb_error_set(SB_ECONFLICT, "%s: edit conflict: revision "
				   "%lld was read but the page is now at %lld",
				   e->title, (long long)e->baserevid,
				   (long long)sb_json_i64(page, "lastrevid", 0));
	}
done:
	cJSON_Delete(root);
	free(params);
	return err;
}

static void add_param(sb_buf *b, const char *k, const char *v)
{
	char *ev;

	if (!v)
		return;
	ev = mw_esc(v);
	sb_buf_addf(b, "&%s=%s", k, ev);
	free(ev);
}

/* Without a base revision a save could only overwrite a page nobody read:
 * such an edit may only create (or add a new section). With nocreate too,
 * the wiki refuses either way (missingtitle or articleexists). */
static char *edit_params(const struct sb_mw_edit *e)
{
	sb_buf b;
	int create = e->create;
	bool new_section = e->section && strcmp(e->section, "new") == 0;
	bool only_create = e->baserevid == 0 && !new_section;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_adds(&b, "action=edit&bot=1");
	add_param(&b, "title", e->title);
	add_param(&b, "summary", e->summary ? e->summary : "");
	add_param(&b, "section", e->section);
	add_param(&b, "sectiontitle", e->sectiontitle);
	/* With a base revision, no base timestamp: MediaWiki then takes an
	 * edit that a person saved in the same second as the base for one of
	 * the bot's own, drops the conflict ("edit conflict with yourself",
	 * userWasLastToEdit compares whole seconds) and overwrites the
	 * person's text. */
	if (e->baserevid > 0)
		sb_buf_addf(&b, "&baserevid=%lld", (long long)e->baserevid);
	else
		add_param(&b, "basetimestamp", e->basetimestamp);
	add_param(&b, "starttimestamp", e->starttimestamp);
	if (create == SB_MW_NOCREATE)
		sb_buf_adds(&b, "&nocreate=1");
	if (create == SB_MW_CREATEONLY || only_create)
		sb_buf_adds(&b, "&createonly=1");
	sb_buf_adds(&b, e->minor ? "&minor=1" : "&notminor=1");
	add_param(&b, "text", e->text);
	return sb_buf_take(&b, NULL);
}

static int read_result(const struct sb_mw_edit *e, const cJSON *root,
		       sb_mw_edit_result *res)
{
	const cJSON *ed = cJSON_GetObjectItemCaseSensitive(root, "edit");
	const char *result = sb_json_str(ed, "result");
	int64_t old;

	if (!result)
		return sb_error_set(SB_EINVALID, "%s: action=edit answer without "
				    "a result", e->title);
	if (strcmp(result, "Success") != 0) {
		/* A captcha, an abuse filter: a person must look. */
		return sb_error_set(SB_EDENIED, "%s: edit refused (%s)%s%s",
				    e->title, result,
				    sb_json_str(ed, "info") ? ": " : "",
				    sb_json_str(ed, "info") ? sb_json_str(ed, "info") : "");
	}
	res->nochange = sb_json_bool(ed, "nochange", false);
	res->new_rev_id = sb_json_i64(ed, "newrevid", 0);
	res->timestamp = sb_json_str(ed, "newtimestamp")
		? sb_strdup(sb_json_str(ed, "newtimestamp")) : NULL;
	old = sb_json_i64(ed, "oldrevid", 0);
	if (!res->nochange && e->baserevid > 0 && old != 0 && old != e->baserevid) {
		res->merged = true;
		sb_warn("%s: saved as %lld on top of revision %lld, not %lld as "
			"read: the wiki merged a concurrent edit", e->title,
			(long long)res->new_rev_id, (long long)old,
			(long long)e->baserevid);
	}
	return SB_OK;
}

/* Wait out the gap between edits; false when asked to stop meanwhile. */
static bool throttle(sb_mw *mw)
{
	double gap;

	if (mw->last_edit <= 0 || mw->o.edit_delay <= 0)
		return mw_sleep(mw, 0);
	gap = mw->o.edit_delay - (mw_now() - mw->last_edit);
	if (gap > 0)
		sb_debug("waiting %.1f s between edits", gap);
	return mw_sleep(mw, gap);
}

int sb_mw_edit(sb_mw *mw, const struct sb_mw_edit *e, sb_mw_edit_result *res)
{
	cJSON *root = NULL;
	char *params = NULL;
	int err;

	memset(res, 0, sizeof(*res));
	if (!e->title || !e->text)
		return sb_error_set(SB_EINVALID, "edit: no title or no text");
	if ((err = sb_mw_check_write_rights(mw)) < 0)
		return err;
	if (!throttle(mw))
		return sb_error_set(SB_ERROR, "%s: not saved: asked to stop",
				    e->title);
	if (e->baserevid > 0 && (err = check_base(mw, e)) < 0)
		goto done;
	params = edit_params(e);
	err = mw_call(mw, params, MW_WRITE, &root);
	mw->last_edit = mw_now();
	if (err < 0) {
		sb_error_prefix(err, "%s", e->title);
		goto done;
	}
	if ((err = read_result(e, root, res)) < 0)
		goto done;
	mw->stats.edits++;
	sb_info("%s: %s (revision %lld)", e->title,
		res->nochange ? "no change" : "saved", (long long)res->new_rev_id);
done:
	cJSON_Delete(root);
	free(params);
	return err;
}
