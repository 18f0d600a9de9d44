/*
 * config.h - the operator's configuration: an INI file (default
 * /etc/skillsbot/skillsbot.conf) plus `--set section.key=value` overrides,
 * and the credentials it points to. See docs/configuration.md.
 *
 * Unknown sections and keys are errors naming the file and line. The
 * password is read from $CREDENTIALS_DIRECTORY/password (systemd
 * LoadCredential=) or from password_file, which must not be readable by
 * group or others. Secrets live only in memory and are wiped on dispose.
 */
#ifndef SKILLSBOT_CONFIG_H
#define SKILLSBOT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SB_CONFIG_DEFAULT_PATH "/etc/skillsbot/skillsbot.conf"
/* The state outside systemd; the unit's StateDirectory=skillsbot makes
 * this directory at the service's first start. */
#define SB_CONFIG_DEFAULT_STATE "/var/lib/skillsbot/state.db"

typedef struct sb_config {
	/* [wiki] */
	char *api;
	char *user;
	char *password_file;
	char *oauth2_token_file;
	char *contact;
	char *assert_mode;        /* "bot" or "user" */
	double edit_delay;
	int maxlag;
	/* [bot] */
	char *config_page;
	char *state;              /* path of the SQLite state */
	int poll_interval;        /* seconds */
	int full_sync_interval;   /* seconds */
	char *log_level;
	char *datadir;            /* layouts, messages, taxonomy; default built in */
	/* credentials, loaded by sb_config_load_secrets(); never logged */
	char *password;
	char *oauth2_token;
	/* where each value came from, for messages; owned */
	struct sb_config_origin *origin;
} sb_config;

/* Defaults (state under $STATE_DIRECTORY when systemd gives one). */
void sb_config_defaults(sb_config *c);
void sb_config_dispose(sb_config *c);

/* Read an INI file over the current values. A missing file is
 * SB_ENOTFOUND (the caller decides whether that is fine). */
int sb_config_load_file(sb_config *c, const char *path);

/* Apply one "section.key=value" override. */
int sb_config_set(sb_config *c, const char *assignment);

/* Check what a run needs (api, contact, ...); the message names where
 * the offending value was set ("file:line" or "--set"). */
int sb_config_validate(const sb_config *c);

/* Read the password or token (credentials directory first, then the
 * files named in the configuration), refusing a file that group or
 * others may read. */
int sb_config_load_secrets(sb_config *c);

/* After sb_config_load_secrets(): SB_EINVALID, naming `command`, when
 * neither a password nor a token was loaded. For the commands that edit
 * (`run`, `sync` without --dry-run): they refuse before the wiki is
 * contacted, as a configuration fault (exit 78). */
int sb_config_require_credentials(const sb_config *c, const char *command);

/* What `run`, `sync` and `check-config` do with --config and --set:
 * defaults, then the file (`path`; NULL for the default path, which may
 * be missing, while a file named on the command line must exist), then
 * the n_sets "section.key=value" overrides in order, then validation.
 * Credentials are not read here (sb_config_load_secrets). On failure `c`
 * is disposed. */
int sb_config_load_all(sb_config *c, const char *path,
		       const char *const *sets, size_t n_sets);

/* Print the effective configuration as INI (what check-config shows).
 * Secrets are never printed, only whether they were loaded. */
void sb_config_print(const sb_config *c, FILE *out);

/* The log level named by log_level (validated when set). */
int sb_config_log_level(const sb_config *c);

#endif
