/*
 * sync_redirect.c - pages the bot writes that became redirects.
 *
 * A generated page or a clinic page that someone moved (a redirect left
 * behind) is never written through the redirect: the text read is the
 * target's, at the target's revision, so a save under the old title
 * would land on the redirect itself, over a revision the bot has not
 * read, and every section would look edited by a person. The page is
 * left alone and reported on the dashboard until someone moves it back
 * or renames the page in the configuration.
 *
 * What was found is kept in the store (kv "write.redirects", a JSON
 * object TITLE -> TARGET), so that the dashboard says the same thing, in
 * the same bytes, every cycle while it lasts, and not only in the cycles
 * that happen to read the page.
 */
#include "sync_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"

#define REDIRECTS_KEY "write.redirects"

void sync_redirects_free(sb_sync *s)
{
	cJSON_Delete(s->redirects);
	s->redirects = NULL;
	s->redirects_dirty = false;
}

int sync_redirects_load(sb_sync *s)
{
	char *v = NULL;
	int err;

	sync_redirects_free(s);
	err = sb_store_kv_get(s->store, REDIRECTS_KEY, &v);
	if (err == SB_OK && *v)
		err = sb_json_parse(&s->redirects, v, strlen(v),
				    REDIRECTS_KEY);
	else if (err == SB_ENOTFOUND || err == SB_OK)
		err = SB_OK;
	free(v);
	if (err == SB_OK && !cJSON_IsObject(s->redirects)) {
		cJSON_Delete(s->redirects);
		s->redirects = cJSON_CreateObject();
	}
	return err;
}

int sync_redirects_save(sb_sync *s)
{
	sb_buf b;
	char *text;
	int err;

	if (!s->redirects || !s->redirects_dirty)
		return SB_OK;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_json_print(&b, s->redirects);
	text = sb_buf_take(&b, NULL);
	err = sb_store_kv_set(s->store, REDIRECTS_KEY, text);
	free(text);
	if (err == SB_OK)
		s->redirects_dirty = false;
	return err;
}

bool sync_redirect_known(const sb_sync *s, const char *title)
{
	return s->redirects &&
	       cJSON_GetObjectItemCaseSensitive(s->redirects, title) != NULL;
}

bool sync_redirect_note(sb_sync *s, const char *title, const char *target)
{
	const char *old = s->redirects ? sb_json_str(s->redirects, title)
				       : NULL;

	if (!s->redirects)
		s->redirects = cJSON_CreateObject();
	if (!target) {
		if (!sync_redirect_known(s, title))
			return false;
		cJSON_DeleteItemFromObjectCaseSensitive(s->redirects, title);
		sync_message(s, "%s is no longer a redirect: written again",
			     title);
	} else {
		if (old && strcmp(old, target) == 0)
			return false;
		cJSON_DeleteItemFromObjectCaseSensitive(s->redirects, title);
		cJSON_AddStringToObject(s->redirects, title, target);
		/* Once in the log; the dashboard says it while it lasts. */
		sync_message(s, "%s is now a redirect to %s; the bot does not "
			     "write through redirects: page skipped", title,
			     target);
	}
	s->redirects_dirty = true;
	return true;
}

void sync_redirects_keep_only(sb_sync *s, bool (*produced)(void *ud,
							      const char *),
			      void *ud)
{
	cJSON *it;

	if (!s->redirects)
		return;
	it = s->redirects->child;
	while (it) {
		cJSON *next = it->next;

		if (!produced(ud, it->string)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(s->redirects,
								it));
			s->redirects_dirty = true;
		}
		it = next;
	}
}

void sync_redirect_lines(sb_sync *s, sb_strv *out)
{
	const cJSON *it;

	if (!s->redirects)
		return;
	cJSON_ArrayForEach(it, s->redirects) {
		char *line;

		if (!cJSON_IsString(it))
			continue;
		line = sb_asprintf("%s is now a redirect to %s; the bot does not "
				   "write through redirects — move the page "
				   "back%s", it->string, it->valuestring,
				   sync_is_output_title(s, it->string) ?
				   " or change the page name in the "
				   "configuration" : "");
		sb_strv_add(out, line);
		free(line);
	}
}
