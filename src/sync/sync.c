/*
 * sync.c - the cycle: settle the journal, read, compute, write back.
 */
#include "sync_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/notify.h"

static void vmessage(sb_sync *s, bool dash, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void vmessage(sb_sync *s, bool dash, const char *fmt, va_list ap)
{
	sb_buf b;

	sb_buf_init(&b, 4096);
	sb_buf_vaddf(&b, fmt, ap);
	sb_notice("%s", sb_buf_str(&b));
	if (s->rep)
		sb_strv_add(&s->rep->messages, sb_buf_str(&b));
	if (dash)
		sb_strv_add(&s->dash, sb_buf_str(&b));
	sb_buf_dispose(&b);
}

static int commit_before_post(void *ud)
{
	return sync_shown_commit(ud);
}

void sync_notif_refs(sb_notif_refs *out, sb_sync *s)
{
	memset(out, 0, sizeof(*out));
	out->before_post = commit_before_post;
	out->ud = s;
	out->mw = s->mw;
	out->store = s->store;
	out->conf = &s->conf;
	out->tax = s->tax;
	out->datadir = s->datadir;
}

void sync_message(sb_sync *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(s, false, fmt, ap);
	va_end(ap);
}

void sync_problem(sb_sync *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(s, true, fmt, ap);
	va_end(ap);
}

void sync_touch_free_all(sb_sync *s)
{
	for (size_t i = 0; i < s->n_touched; i++) {
		free(s->touched[i].title);
		free(s->touched[i].user);
		free(s->touched[i].timestamp);
	}
	free(s->touched);
	s->touched = NULL;
	s->n_touched = s->cap_touched = 0;
}

bool sync_same_title(const sb_sync *s, const char *a, const char *b)
{
	char *na, *nb;
	bool same;

	if (strcmp(a, b) == 0)
		return true;
	na = sb_mw_normalize_title(s->mw, a, NULL);
	nb = sb_mw_normalize_title(s->mw, b, NULL);
	same = na && nb && strcmp(na, nb) == 0;
	free(na);
	free(nb);
	return same;
}

int sync_mark_dirty(sb_sync *s)
{
	s->outputs_dirty = true;
	if (s->opts && s->opts->dry_run)
		return SB_OK;
	return sb_store_kv_set(s->store, "write.pending", "1");
}

void sb_sync_report_dispose(sb_sync_report *r)
{
	sb_strv_dispose(&r->messages);
	memset(r, 0, sizeof(*r));
}

int sb_sync_new(sb_sync **out, const sb_sync_refs *refs)
{
	sb_sync *s = sb_calloc(1, sizeof(*s));
	int err;

	s->mw = refs->mw;
	s->store = refs->store;
	s->config_page = refs->config_page ? sb_strdup(refs->config_page) : NULL;
	s->datadir = refs->datadir ? sb_strdup(refs->datadir) : NULL;
	if ((err = sync_config_init(s)) < 0) {
		sb_sync_free(s);
		s = NULL;
	}
	*out = s;
	return err;
}

void sb_sync_free(sb_sync *s)
{
	if (!s)
		return;
	sb_extract_ctx_free(s->ectx);
	sb_taxonomy_free(s->tax);
	sb_siteconf_dispose(&s->conf);
	sync_touch_free_all(s);
	sync_redirects_free(s);
	sb_strv_dispose(&s->dash);
	free(s->config_page);
	free(s->datadir);
	free(s);
}

static int read_phase(sb_sync *s)
{
	bool need_full = false;
	int err;

	if (!s->opts->full &&
	    (err = sync_read_incremental(s, &need_full)) < 0)
		return err;
	if (s->opts->full || need_full)
		return sync_read_full(s);
	return SB_OK;
}

/* Whether outputs must be recomputed survives a crash or a stop: the
 * read phase commits its pages before the write phase starts. */
static bool write_was_pending(sb_sync *s)
{
	char *v = NULL;
	bool pending = sb_store_kv_get(s->store, "write.pending", &v) == SB_OK &&
		       strcmp(v, "1") == 0;

	free(v);
	return pending;
}

/* Talk-page messages deferred by the cap are due even when nothing
 * else changed. */
static bool notices_pending(sb_sync *s)
{
	char *v = NULL;
	bool pending = sb_store_kv_get(s->store, "notify.pending", &v) ==
		       SB_OK && strcmp(v, "1") == 0;

	free(v);
	return pending;
}

/* Messages a crash left between intent and result. */
static int settle_notices(sb_sync *s)
{
	sb_notif_refs refs;
	sb_notif_report rep;
	int err;

	if (s->opts->dry_run)
		return SB_OK;
	sync_notif_refs(&refs, s);
	memset(&rep, 0, sizeof(rep));
	err = sb_notif_settle(&refs, &rep);
	sb_notif_report_dispose(&rep);
	return err;
}

static int write_phase(sb_sync *s)
{
	sb_records recs;
	bool stopped;
	int err;

	sb_records_init(&recs);
	if ((err = sb_store_load_records(s->store, &recs)) < 0)
		goto done;
	s->rep->records = recs.n_profiles + recs.n_clinics + recs.n_resources;
	s->rep->profiles = recs.n_profiles;
	s->rep->problems = sb_records_count_problems(&recs);
	if (!s->outputs_dirty && s->n_touched == 0 && !notices_pending(s))
		goto done;    /* nothing can have changed the outputs */
	if (!s->conf.enabled && !s->opts->dry_run) {
		sync_message(s, "the configuration page says \"enabled\": "
			     "false; no page edited");
		goto done;
	}
	s->in_conflict = 0;
	err = sync_write_all(s, &recs);
	stopped = s->opts->stop && *s->opts->stop;
	if (err == SB_OK && !stopped && !s->opts->dry_run)
		err = sb_store_kv_set(s->store, "write.pending",
				      s->in_conflict ? "1" : "0");
done:
	sb_records_dispose(&recs);
	return err;
}

int sb_sync_cycle(sb_sync *s, const sb_sync_opts *opts,
		  sb_sync_report *report)
{
	sb_sync_opts o = *opts;
	sb_mw_stats before = *sb_mw_get_stats(s->mw);
	const sb_mw_stats *after;
	int err;

	memset(report, 0, sizeof(*report));
	if (!o.now)
		o.now = time(NULL);
	s->opts = &o;
	s->rep = report;
	s->conf_changed = s->reloaded = s->outputs_dirty = false;
	sync_touch_free_all(s);
	sb_strv_dispose(&s->dash);
	s->outputs_dirty = write_was_pending(s);
	if ((err = sync_journal_settle(s)) < 0 ||
	    (err = settle_notices(s)) < 0 ||
	    (err = read_phase(s)) < 0)
		goto done;
	if (o.stop && *o.stop)
		goto done;
	err = write_phase(s);
done:
	after = sb_mw_get_stats(s->mw);
	report->requests = after->requests - before.requests;
	report->bytes = after->bytes_received - before.bytes_received;
	s->opts = NULL;
	s->rep = NULL;
	return err;
}
