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

/* The `--now YYYY-MM-DD` of the offline commands: that day at 00:00 UTC,
 * or today's when `s` is NULL (so one day's runs agree). */
int sb_cli_parse_day(time_t *out, const char *s);

#endif
