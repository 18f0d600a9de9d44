/* session.c - the client, state and sync object of one configuration;
 * see daemon.h. Shared by `run` (which rebuilds it on SIGHUP) and
 * `check-config` (which uses a snapshot of the state). */
#include "skillsbot/daemon.h"

#include "skillsbot/config.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"

#include <string.h>

/* A failing request is retried by the client for at most this long; past
 * it the loop's own backoff takes over, so a cycle never hangs for the
 * client's default ten minutes while systemd's watchdog waits. */
#define SESSION_RETRY_SECONDS 120

int sb_session_open(sb_session *s, const sb_config *c, bool snapshot)
{
	sb_mw_opts mo;
	sb_sync_refs refs;
	int err;

	memset(s, 0, sizeof(*s));
	memset(&mo, 0, sizeof(mo));
	mo.api_url = c->api;
	mo.contact = c->contact;
	mo.user = c->password ? c->user : NULL;
	mo.password = c->password;
	mo.oauth_token = c->oauth2_token;
	mo.assert_mode = c->assert_mode;
	mo.maxlag = c->maxlag;
	mo.edit_delay = c->edit_delay;
	mo.max_retry_seconds = SESSION_RETRY_SECONDS;
	mo.stop = sb_signals_stop_flag();
	if ((err = sb_mw_new(&s->mw, &mo)) < 0)
		goto done;
	err = snapshot ? sb_store_open_snapshot(&s->store, c->state) :
			 sb_store_open(&s->store, c->state);
	if (err < 0)
		goto done;
	memset(&refs, 0, sizeof(refs));
	refs.mw = s->mw;
	refs.store = s->store;
	refs.config_page = c->config_page;
	refs.datadir = c->datadir;
	err = sb_sync_new(&s->sync, &refs);
done:
	if (err < 0)
		sb_session_close(s);
	return err;
}

int sb_session_login(sb_session *s, const sb_config *c)
{
	int err;

	if (s->logged_in)
		return SB_OK;
	if ((err = sb_mw_login(s->mw)) < 0)
		return err;
	s->logged_in = true;
	s->can_write = false;
	if (c->password == NULL && c->oauth2_token == NULL) {
		sb_notice("no credentials: reading only, no page will be edited");
		return SB_OK;
	}
	if ((err = sb_mw_check_write_rights(s->mw)) < 0)
		return err;
	s->can_write = true;
	return SB_OK;
}

void sb_session_close(sb_session *s)
{
	sb_sync_free(s->sync);
	sb_store_close(s->store);
	sb_mw_free(s->mw);
	memset(s, 0, sizeof(*s));
}
