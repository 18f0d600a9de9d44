/*
 * notify_int.h - what the files of the notify module share, not part of
 * its interface (notify.h).
 */
#ifndef SKILLSBOT_NOTIFY_INT_H
#define SKILLSBOT_NOTIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/mwapi.h"

/* The most names list=users takes in one request (for a bot too). */
#define NOTIF_USERS_PER_REQUEST 50

/* Which of names[0..n) (n <= NOTIF_USERS_PER_REQUEST) have no account on
 * the wiki (missing, or not a valid user name): missing_out[i] is set for
 * those. One list=users request. */
int notif_accounts_missing(sb_mw *mw, const char *const *names, size_t n,
			   bool *missing_out);

#endif
