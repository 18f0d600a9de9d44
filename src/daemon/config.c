/* config.c - the operator's INI file, --set overrides and credentials;
 * see config.h and docs/configuration.md. */
#include "skillsbot/config.h"

#include "skillsbot/datadir.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_API "https://meta.wikimedia.org/w/api.php"
#define DEFAULT_CONFIG_PAGE \
	"Grants:Knowledge Sharing/Connect/Skills Directory/Bot configuration"
#define SECRET_MAX 4096

enum key_type { KEY_STR, KEY_INT, KEY_DOUBLE, KEY_LEVEL, KEY_ASSERT };

/* Every key the file may hold; anything else is an error. The ranges are
 * checked where the value is read, so the message can name file and line. */
static const struct config_key {
	const char *section;
	const char *name;
	enum key_type type;
	size_t offset;
	double min, max;
} config_keys[] = {
	{"wiki", "api", KEY_STR, offsetof(sb_config, api), 0, 0},
	{"wiki", "user", KEY_STR, offsetof(sb_config, user), 0, 0},
	{"wiki", "password_file", KEY_STR, offsetof(sb_config, password_file), 0, 0},
	{"wiki", "oauth2_token_file", KEY_STR,
	 offsetof(sb_config, oauth2_token_file), 0, 0},
	{"wiki", "contact", KEY_STR, offsetof(sb_config, contact), 0, 0},
	{"wiki", "assert", KEY_ASSERT, offsetof(sb_config, assert_mode), 0, 0},
	{"wiki", "edit_delay", KEY_DOUBLE, offsetof(sb_config, edit_delay), 0, 3600},
	{"wiki", "maxlag", KEY_INT, offsetof(sb_config, maxlag), 0, 600},
	{"bot", "config_page", KEY_STR, offsetof(sb_config, config_page), 0, 0},
	{"bot", "state", KEY_STR, offsetof(sb_config, state), 0, 0},
	{"bot", "poll_interval", KEY_INT, offsetof(sb_config, poll_interval), 1, 86400},
	{"bot", "full_sync_interval", KEY_INT,
	 offsetof(sb_config, full_sync_interval), 60, 30 * 86400},
	{"bot", "log_level", KEY_LEVEL, offsetof(sb_config, log_level), 0, 0},
	{"bot", "datadir", KEY_STR, offsetof(sb_config, datadir), 0, 0},
};
#define N_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))

/* Where each value came from: the checks across keys run after the file
 * and --set, and their messages must still point at a line. */
struct sb_config_origin {
	char *file;            /* the file read (or missing), or NULL */
	char *where[N_KEYS];   /* "file:line" or "--set"; NULL: the default */
};

static void replace_str(char **slot, const char *value)
{
	free(*slot);
	*slot = sb_strdup(value);
}

/* The state file's default: systemd's StateDirectory= when we run under
 * it (the variable may list several directories; the first is ours). */
static char *default_state_path(void)
{
	const char *dir = getenv("STATE_DIRECTORY");
	size_t n;

	if (dir == NULL || dir[0] == '\0')
		return sb_strdup(SB_CONFIG_DEFAULT_STATE);
	n = strcspn(dir, ":");
	return sb_asprintf("%.*s/state.db", (int)n, dir);
}

void sb_config_defaults(sb_config *c)
{
	memset(c, 0, sizeof(*c));
	c->api = sb_strdup(DEFAULT_API);
	c->assert_mode = sb_strdup("bot");
	c->edit_delay = 10;
	c->maxlag = 5;
	c->config_page = sb_strdup(DEFAULT_CONFIG_PAGE);
	c->state = default_state_path();
	c->poll_interval = 60;
	c->full_sync_interval = 86400;
	c->log_level = sb_strdup("info");
	c->datadir = sb_strdup(sb_datadir());
	c->origin = sb_calloc(1, sizeof(*c->origin));
}

static void origin_free(struct sb_config_origin *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < N_KEYS; i++)
		free(o->where[i]);
	free(o->file);
	free(o);
}

static void free_secret(char **s)
{
	if (*s != NULL) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void sb_config_dispose(sb_config *c)
{
	free(c->api);
	free(c->user);
	free(c->password_file);
	free(c->oauth2_token_file);
	free(c->contact);
	free(c->assert_mode);
	free(c->config_page);
	free(c->state);
	free(c->log_level);
	free(c->datadir);
	free_secret(&c->password);
	free_secret(&c->oauth2_token);
	origin_free(c->origin);
	memset(c, 0, sizeof(*c));
}

static const struct config_key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

/* Set one key. `where` names the origin ("file:line" or "--set") for the
 * message; the value itself is quoted only when it is not a path that could
 * hold something private (no key here holds a secret itself). */
static int set_key(sb_config *c, const char *where, const char *section,
		   const char *name, const char *value)
{
	const struct config_key *k = find_key(section, name);
	char *slot, *end;
	long l;
	double d;

	if (k == NULL)
		return sb_error_set(SB_EINVALID, "%s: unknown key [%s] %s",
				    where, section, name);
	slot = (char *)c + k->offset;
	switch (k->type) {
	case KEY_STR:
		if (value[0] == '\0')
			return sb_error_set(SB_EINVALID, "%s: [%s] %s is empty",
					    where, section, name);
		replace_str((char **)slot, value);
		break;
	case KEY_LEVEL:
		if (sb_log_level_from_name(value) < 0)
			return sb_error_set(SB_EINVALID,
				"%s: [%s] %s = \"%s\": not one of error, warning, notice, info, debug",
				where, section, name, value);
		replace_str((char **)slot, value);
		break;
	case KEY_ASSERT:
		if (strcmp(value, "bot") != 0 && strcmp(value, "user") != 0)
			return sb_error_set(SB_EINVALID,
				"%s: [%s] %s = \"%s\": must be \"bot\" or \"user\"",
				where, section, name, value);
		replace_str((char **)slot, value);
		break;
	case KEY_INT:
		errno = 0;
		l = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    l < (long)k->min || l > (long)k->max)
			return sb_error_set(SB_EINVALID,
				"%s: [%s] %s = \"%s\": expected a whole number from %.0f to %.0f",
				where, section, name, value, k->min, k->max);
		*(int *)slot = (int)l;
		break;
	case KEY_DOUBLE:
		errno = 0;
		d = strtod(value, &end);
		if (errno != 0 || end == value || *end != '\0' ||
		    !(d >= k->min && d <= k->max))
			return sb_error_set(SB_EINVALID,
				"%s: [%s] %s = \"%s\": expected a number from %.0f to %.0f",
				where, section, name, value, k->min, k->max);
		*(double *)slot = d;
		break;
	}
	if (c->origin != NULL)
		replace_str(&c->origin->where[k - config_keys], where);
	return SB_OK;
}

/* For a message about a key's value: where it was set, else (a default)
 * the file that left it out. */
static const char *key_origin(const sb_config *c, const char *section,
			      const char *name)
{
	const struct config_key *k = find_key(section, name);

	if (c->origin == NULL)
		return "configuration";
	if (k != NULL && c->origin->where[k - config_keys] != NULL)
		return c->origin->where[k - config_keys];
	return c->origin->file ? c->origin->file : "--set";
}

static void note_file(sb_config *c, const char *path, bool missing)
{
	if (c->origin == NULL)
		return;
	free(c->origin->file);
	c->origin->file = missing ? sb_asprintf("%s (missing)", path) :
		sb_strdup(path);
}

/* inih tells us only the first failing line; this context remembers our
 * own message for it, and counts lines through the reader so the handler
 * knows where it is. */
struct ini_ctx {
	sb_config *c;
	const char *path;
	FILE *fp;
	int line;
	bool mid_line;   /* the last chunk did not end a line (long line) */
	int long_line;   /* the first line longer than inih's buffer, or 0 */
	int max_line;    /* inih's buffer: a line holds one byte less */
	int err_line;
	int err;
	char msg[512];
	int key_line[N_KEYS];   /* where the file set each key, or 0 */
	int read_errno;         /* why reading stopped early (a directory), or 0 */
};

/* Keep the first refused line and our message for it: inih returns
 * only the line number. */
static void remember_error(struct ini_ctx *x, int err)
{
	if (x->err_line == 0) {
		x->err_line = x->line;
		x->err = err;
		snprintf(x->msg, sizeof(x->msg), "%s", sb_error_message());
	}
}

/* inih reads an indented line after a key as more of that key's value
 * (its multi-line mode, on in Debian's build), so a key written there
 * would be swallowed without a word. */
static bool is_indented(const char *line)
{
	const char *p = line;

	if (!isspace((unsigned char)*p))
		return false;
	while (isspace((unsigned char)*p))
		p++;
	return *p != '\0' && *p != ';' && *p != '#';
}

/* A [section] line naming none of ours. inih tells the handler only of
 * keys, so a misspelt section with nothing under it would pass; one
 * without its ']' is left to inih's syntax error. */
static bool is_unknown_section(const char *line, size_t *len_out)
{
	size_t n = strcspn(line + 1, "]\n");

	*len_out = n;
	if (line[0] != '[' || line[1 + n] != ']')
		return false;
	for (size_t i = 0; i < N_KEYS; i++)
		if (strlen(config_keys[i].section) == n &&
		    strncmp(config_keys[i].section, line + 1, n) == 0)
			return false;
	return true;
}

/* A whole line that inih would accept but the operator cannot mean:
 * remembered as the error, and true to stop reading there. */
static bool line_refused(struct ini_ctx *x, const char *line)
{
	size_t n;

	if (is_indented(line))
		remember_error(x, sb_error_set(SB_EINVALID,
			"%s:%d: indented line: continuation lines are not "
			"supported; write each key = value on a line of its "
			"own, not indented", x->path, x->line));
	else if (is_unknown_section(line, &n))
		remember_error(x, sb_error_set(SB_EINVALID,
			"%s:%d: unknown section [%.*s]: the sections are [wiki] "
			"and [bot]", x->path, x->line, (int)n, line + 1));
	else
		return false;
	return true;
}

/* A CRLF line that fills the buffer up to its CR: its LF is still
 * unread, and the line would pass for a long one. Take the LF as read
 * and end the chunk there, so that the CR is not counted: the limit is
 * the same as with LF alone (inih strips the line end either way). */
static void finish_crlf(char *r, FILE *fp)
{
	size_t len = strlen(r);
	int next;

	if (len == 0 || r[len - 1] != '\r')
		return;
	next = getc(fp);
	if (next == '\n')
		r[len - 1] = '\n';
	else if (next != EOF)
		ungetc(next, fp);
}

static char *config_line_reader(char *str, int num, void *stream)
{
	struct ini_ctx *x = stream;
	char *r = fgets(str, num, x->fp);
	bool line_start = !x->mid_line;

	if (r == NULL) {
		/* inih cannot tell a failed read from the end of the file */
		if (ferror(x->fp))
			x->read_errno = errno;
		return NULL;
	}
	if (line_start)
		x->line++;
	if (strchr(r, '\n') == NULL)
		finish_crlf(r, x->fp);
	/* inih would take the cut line as two: refuse it instead */
	x->mid_line = strchr(r, '\n') == NULL && !feof(x->fp);
	if (x->mid_line && !x->long_line) {
		x->long_line = x->line;
		x->max_line = num;
	}
	if (line_start && line_refused(x, r))
		return NULL;   /* inih takes it as the end of the file */
	return r;
}

static int config_key_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct ini_ctx *x = user;
	const struct config_key *k = find_key(section, name);
	int *seen = k ? &x->key_line[k - config_keys] : NULL;
	char where[PATH_MAX + 32];
	int err;

	snprintf(where, sizeof(where), "%s:%d", x->path, x->line);
	if (section[0] == '\0')
		err = sb_error_set(SB_EINVALID, "%s: key %s outside a [section]",
				   where, name);
	else if (seen != NULL && *seen != 0)
		/* Which of the two did the operator mean? Not ours to guess. */
		err = sb_error_set(SB_EINVALID,
			"%s: [%s] %s is given again (first on line %d); "
			"give each key once", where, section, name, *seen);
	else if ((err = set_key(x->c, where, section, name, value)) == SB_OK &&
		 seen != NULL)
		*seen = x->line;
	if (err < 0) {
		remember_error(x, err);
		return 0;
	}
	return 1;
}

int sb_config_load_file(sb_config *c, const char *path)
{
	struct ini_ctx x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.path = path;
	x.fp = fopen(path, "re");
	if (x.fp == NULL)
		return sb_error_set(errno == ENOENT ? SB_ENOTFOUND : SB_EIO,
				    "%s: %s", path, strerror(errno));
	note_file(c, path, false);
	rc = ini_parse_stream(config_line_reader, &x, config_key_handler, &x);
	fclose(x.fp);
	if (x.read_errno != 0)
		return sb_error_set(SB_EIO, "%s: %s", path,
				    strerror(x.read_errno));
	if (x.long_line)
		return sb_error_set(SB_EINVALID, "%s:%d: line longer than %d "
				    "bytes, the most a line may hold",
				    path, x.long_line, x.max_line - 2);
	if (rc < 0)
		return sb_error_set(SB_EIO, "%s: cannot read", path);
	if (rc > 0 && rc != x.err_line)
		return sb_error_set(SB_EINVALID,
				    "%s:%d: not a [section] or key = value line",
				    path, rc);
	if (x.err_line != 0)
		return sb_error_set(x.err, "%s", x.msg);
	return SB_OK;
}

int sb_config_set(sb_config *c, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	const char *dot = strchr(assignment, '.');
	char *section, *name, *value;
	int err;

	if (eq == NULL || dot == NULL || dot > eq || dot == assignment ||
	    dot + 1 == eq)
		return sb_error_set(SB_EINVALID,
			"--set %.*s: expected section.key=value",
			(int)(eq ? (size_t)(eq - assignment) : strlen(assignment)),
			assignment);
	section = sb_strndup(assignment, (size_t)(dot - assignment));
	name = sb_strndup(dot + 1, (size_t)(eq - dot - 1));
	value = sb_strdup(eq + 1);
	err = set_key(c, "--set", section, name, value);
	free(section);
	free(name);
	free(value);
	return err;
}

static bool is_http_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

int sb_config_validate(const sb_config *c)
{
	if (!is_http_url(c->api))
		return sb_error_set(SB_EINVALID,
			"%s: [wiki] api = \"%s\": not an http:// or https:// URL",
			key_origin(c, "wiki", "api"), c->api);
	if (c->contact == NULL)
		return sb_error_set(SB_EINVALID,
			"%s: [wiki] contact is missing: the User-Agent must say how to reach the operator",
			key_origin(c, "wiki", "contact"));
	if (c->password_file != NULL && c->oauth2_token_file != NULL)
		return sb_error_set(SB_EINVALID,
			"%s: [wiki] oauth2_token_file and password_file (%s): give one, not both",
			key_origin(c, "wiki", "oauth2_token_file"),
			key_origin(c, "wiki", "password_file"));
	if (c->password_file != NULL && c->user == NULL)
		return sb_error_set(SB_EINVALID,
			"%s: [wiki] password_file is set but user is missing",
			key_origin(c, "wiki", "password_file"));
	if (c->full_sync_interval < c->poll_interval)
		return sb_error_set(SB_EINVALID,
			"%s: [bot] full_sync_interval (%d) is shorter than poll_interval (%d, %s)",
			key_origin(c, "bot", "full_sync_interval"),
			c->full_sync_interval, c->poll_interval,
			key_origin(c, "bot", "poll_interval"));
	return SB_OK;
}

/* Read a secret file into a new string without its final newline. Only
 * the stack buffer and the result ever hold the secret; the buffer is
 * wiped. `check_mode` refuses a file that group or others may read. */
static int read_secret(char **out, const char *path, const char *what,
		       bool check_mode)
{
	char buf[SECRET_MAX + 1];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd, err = SB_OK;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return sb_error_set(errno == ENOENT ? SB_ENOTFOUND : SB_EIO,
				    "%s %s: %s", what, path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		err = sb_error_set(SB_EIO, "%s %s: %s", what, path,
				   strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err = sb_error_set(SB_EINVALID, "%s %s: not a regular file",
				   what, path);
		goto done;
	}
	if (check_mode && (st.st_mode & 077) != 0) {
		err = sb_error_set(SB_EDENIED,
			"%s %s has mode %04o: group or others may read it; "
			"refusing to start (chmod 600 it)",
			what, path, (unsigned)(st.st_mode & 07777));
		goto done;
	}
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = sb_error_set(SB_EIO, "%s %s: %s", what, path,
					   strerror(errno));
			goto done;
		}
		len += (size_t)n;
	}
	if (len > SECRET_MAX) {
		err = sb_error_set(SB_ETOOBIG, "%s %s: longer than %d bytes",
				   what, path, SECRET_MAX);
		goto done;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len == 0) {
		err = sb_error_set(SB_EINVALID, "%s %s is empty", what, path);
		goto done;
	}
	*out = sb_strndup(buf, len);
done:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return err;
}

/* A credential systemd passed with LoadCredential=NAME:... . systemd makes
 * the directory and files readable only by the service, so no mode check.
 * SB_ENOTFOUND when there is no such credential. */
static int read_credential(char **out, const char *name)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	char *path;
	int err;

	*out = NULL;
	if (dir == NULL || dir[0] == '\0')
		return SB_ENOTFOUND;
	path = sb_asprintf("%s/%s", dir, name);
	err = read_secret(out, path, "credential", false);
	free(path);
	return err;
}

static int load_one_secret(char **slot, const char *cred_name,
			   const char *file, const char *key)
{
	int err;

	free_secret(slot);
	err = read_credential(slot, cred_name);
	if (err != SB_ENOTFOUND)
		return err;
	if (file == NULL)
		return SB_ENOTFOUND;
	err = read_secret(slot, file, key, true);
	return err;
}

int sb_config_load_secrets(sb_config *c)
{
	int err;

	err = load_one_secret(&c->oauth2_token, "oauth2_token",
			      c->oauth2_token_file, "[wiki] oauth2_token_file");
	if (err == SB_OK)
		return SB_OK;
	if (err != SB_ENOTFOUND || c->oauth2_token_file != NULL)
		return err;
	err = load_one_secret(&c->password, "password", c->password_file,
			      "[wiki] password_file");
	if (err == SB_ENOTFOUND && c->password_file == NULL) {
		/* No credentials at all: the bot may still read. */
		sb_error_clear();
		return SB_OK;
	}
	if (err == SB_OK && c->user == NULL) {
		free_secret(&c->password);
		return sb_error_set(SB_EINVALID,
			"a password was given but [wiki] user is missing");
	}
	return err;
}

int sb_config_require_credentials(const sb_config *c, const char *command)
{
	if (c->password != NULL || c->oauth2_token != NULL)
		return SB_OK;
	return sb_error_set(SB_EINVALID,
		"%s edits the wiki and needs credentials: [wiki] user with "
		"password_file (or the systemd credential \"password\"), or "
		"oauth2_token_file (or the credential \"oauth2_token\")",
		command);
}

void sb_config_print(const sb_config *c, FILE *out)
{
	const char *section = "";

	for (size_t i = 0; i < N_KEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const char *slot = (const char *)c + k->offset;

		if (strcmp(section, k->section) != 0) {
			fprintf(out, "%s[%s]\n", section[0] ? "\n" : "",
				k->section);
			section = k->section;
		}
		switch (k->type) {
		case KEY_STR:
		case KEY_LEVEL:
		case KEY_ASSERT:
			if (*(char *const *)slot != NULL)
				fprintf(out, "%s = %s\n", k->name,
					*(char *const *)slot);
			else
				fprintf(out, "; %s is not set\n", k->name);
			break;
		case KEY_INT:
			fprintf(out, "%s = %d\n", k->name, *(const int *)slot);
			break;
		case KEY_DOUBLE:
			fprintf(out, "%s = %g\n", k->name, *(const double *)slot);
			break;
		}
	}
	fprintf(out, "\n; credentials: %s\n",
		c->oauth2_token ? "OAuth 2 token loaded" :
		c->password ? "bot password loaded" : "none (read-only)");
}

int sb_config_log_level(const sb_config *c)
{
	int level = sb_log_level_from_name(c->log_level);

	return level < 0 ? SB_LOG_INFO : level;
}

int sb_config_load_all(sb_config *c, const char *path,
		       const char *const *sets, size_t n_sets)
{
	int err;

	sb_config_defaults(c);
	err = sb_config_load_file(c, path ? path : SB_CONFIG_DEFAULT_PATH);
	if (err == SB_ENOTFOUND && path == NULL) {
		sb_debug("no %s: defaults and --set only", SB_CONFIG_DEFAULT_PATH);
		note_file(c, SB_CONFIG_DEFAULT_PATH, true);
		sb_error_clear();
		err = SB_OK;
	}
	for (size_t i = 0; err == SB_OK && i < n_sets; i++)
		err = sb_config_set(c, sets[i]);
	if (err == SB_OK)
		err = sb_config_validate(c);
	if (err < 0)
		sb_config_dispose(c);
	return err;
}
