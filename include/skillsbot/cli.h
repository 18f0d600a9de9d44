/*
 * cli.h - the subcommands of the skillsbot program.
 *
 * Each subcommand lives in its own src/cli/cmd_NAME.c, takes the arguments
 * after its name (argv[0] is the subcommand name) and returns an exit code
 * from sysexits.h.
 */
#ifndef SKILLSBOT_CLI_H
#define SKILLSBOT_CLI_H

#include <stdio.h>
#include <time.h>

typedef struct sb_command {
	const char *name;
	const char *summary;  /* one line for `skillsbot --help` */
	int (*run)(int argc, char **argv);
	void (*help)(FILE *out);
} sb_command;

int cmd_extract(int argc, char **argv);
void cmd_extract_help(FILE *out);
int cmd_match(int argc, char **argv);
void cmd_match_help(FILE *out);
int cmd_generate(int argc, char **argv);
void cmd_generate_help(FILE *out);
int cmd_sync(int argc, char **argv);
void cmd_sync_help(FILE *out);
/* `skillsbot sync --from-dump ...` (no wiki): cmd_sync hands over to this. */
int cmd_sync_offline(int argc, char **argv);
void cmd_sync_offline_help(FILE *out);
int cmd_run(int argc, char **argv);
void cmd_run_help(FILE *out);
int cmd_check_config(int argc, char **argv);
void cmd_check_config_help(FILE *out);

/* The table of every subcommand, ending with a zeroed entry. */
extern const sb_command sb_commands[];

/* Exit code for an error code (SB_EINVALID -> EX_DATAERR, ...). */
int sb_exit_code(int err);

/* What a command that works with the operator's file was doing when it
 * failed. The same code means a different fault in each step (a missing
 * file is 66 for the configuration, 77 for the password), so `run`,
 * `sync` and `check-config` all map through sb_exit_code_at(): one fault,
 * one exit status, as the table in skillsbot(1) and docs/daemon.md says. */
enum sb_step {
	SB_STEP_CONFIG,       /* the operator's file and --set */
	SB_STEP_CREDENTIALS,  /* the password or token */
	SB_STEP_STATE,        /* locking and opening the state */
	SB_STEP_LOGIN,        /* logging in, checking the rights */
	SB_STEP_CYCLE         /* a sync cycle, a dry run, a page read */
};

/* Configuration: missing or unreadable 66, anything else 78.
 * Credentials: any failure 77. State: in use by another process 75;
 * not a database, corrupt or of a newer schema 65 (no restart mends
 * it); anything else (full, I/O error, read-only) 74. Login: refused 77,
 * rate limited 75, otherwise the wiki is unavailable, 69. A cycle:
 * sb_exit_code(). */
int sb_exit_code_at(enum sb_step step, int err);

/* The `--now YYYY-MM-DD` of the offline commands: that day at 00:00 UTC,
 * or today's when `s` is NULL (so one day's runs agree). */
int sb_cli_parse_day(time_t *out, const char *s);

#endif
