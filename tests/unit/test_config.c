/* test_config.c - the operator's INI file, --set, validation and the
 * credentials with their mode checks. */
#include "testutil.h"

#include "skillsbot/config.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void defaults_follow_the_spec(void **state)
{
	sb_config c;

	(void)state;
	unsetenv("STATE_DIRECTORY");
	sb_config_defaults(&c);
	assert_string_equal(c.api, "https://meta.wikimedia.org/w/api.php");
	assert_int_equal(c.poll_interval, 60);
	assert_int_equal(c.full_sync_interval, 86400);
	assert_int_equal(c.maxlag, 5);
	assert_true(c.edit_delay == 10.0);
	assert_string_equal(c.assert_mode, "bot");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.state, "/var/lib/skillsbot/state.db");
	assert_null(c.contact);
	/* Without a contact the wiki's User-Agent policy is broken. */
	assert_int_equal(sb_config_validate(&c), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "contact"));
	sb_config_dispose(&c);
}

static void state_goes_to_systemd_state_directory(void **state)
{
	sb_config c;

	(void)state;
	setenv("STATE_DIRECTORY", "/var/lib/skillsbot:/var/lib/other", 1);
	sb_config_defaults(&c);
	assert_string_equal(c.state, "/var/lib/skillsbot/state.db");
	sb_config_dispose(&c);
	setenv("STATE_DIRECTORY", "/var/lib/private/sb", 1);
	sb_config_defaults(&c);
	assert_string_equal(c.state, "/var/lib/private/sb/state.db");
	sb_config_dispose(&c);
	unsetenv("STATE_DIRECTORY");
}

static void example_file_loads_and_validates(void **state)
{
	char *path = tu_src_path("systemd/skillsbot.conf.example");
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, path), SB_OK);
	assert_string_equal(c.user, "ExampleBot@skillsbot");
	assert_string_equal(c.contact,
			    "https://meta.wikimedia.org/wiki/User:Example");
	assert_string_equal(c.config_page,
		"Grants:Knowledge Sharing/Connect/Skills Directory/Bot configuration");
	/* The unit passes the password as a credential (LoadCredential=). */
	assert_null(c.password_file);
	assert_null(c.oauth2_token_file);
	assert_int_equal(sb_config_validate(&c), SB_OK);
	sb_config_dispose(&c);
	free(path);
}

static void unknown_key_names_file_and_line(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = tu_write_file(dir, "a.conf",
		"[wiki]\ncontact = me\n\n[bot]\npoll_intervall = 30\n", 0644);
	char *want = sb_asprintf("%s:5", path);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, path), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), want));
	assert_non_null(strstr(sb_error_message(), "poll_intervall"));
	sb_config_dispose(&c);
	free(want);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

/* inih reads lines of at most 199 bytes: a longer one must be refused,
 * naming the file and line, and never taken cut short. A long last line
 * without a newline is refused too; a short one is fine. */
static void long_lines_are_refused(void **state)
{
	char *dir = tu_mkdtemp();
	char *tail = sb_calloc(300, 1), *text, *p1, *p2, *p3, *w1, *w2;
	sb_config c;

	(void)state;
	memset(tail, 'x', 250);
	text = sb_asprintf("[wiki]\napi = https://x/\ncontact = https://e.org/%s\n"
			   "[bot]\npoll_interval = 30\n", tail);
	p1 = tu_write_file(dir, "long.conf", text, 0644);
	free(text);
	text = sb_asprintf("[wiki]\ncontact = https://e.org/%s", tail);
	p2 = tu_write_file(dir, "last.conf", text, 0644);
	free(text);
	p3 = tu_write_file(dir, "short.conf", "[wiki]\ncontact = me", 0644);
	w1 = sb_asprintf("%s:3", p1);
	w2 = sb_asprintf("%s:2", p2);
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w1));
	assert_non_null(strstr(sb_error_message(), "longer than"));
	assert_int_equal(sb_config_load_file(&c, p2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w2));
	sb_config_dispose(&c);
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p3), SB_OK);
	assert_string_equal(c.contact, "me");
	sb_config_dispose(&c);
	free(w1); free(w2);
	free(p1); free(p2); free(p3);
	free(tail);
	tu_rmtree(dir);
	free(dir);
}

/* The limit is the same whatever ends the line: a file written on
 * Windows (CRLF) holds lines as long as one with LF only, the CR is not
 * counted (a 198-byte line was refused as "longer than 198 bytes"). */
static void crlf_lines_hold_as_much_as_lf_lines(void **state)
{
	static const char *const ends[] = {"\n", "\r\n"};
	char *dir = tu_mkdtemp();
	char value[200];
	sb_config c;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		/* "contact = " and 188 bytes: 198 in all, then one more */
		for (size_t n = 188; n <= 189; n++) {
			char *text, *path;

			memset(value, 'x', n);
			value[n] = '\0';
			text = sb_asprintf("[wiki]%scontact = %s%s[bot]%s"
					   "poll_interval = 30%s", ends[i],
					   value, ends[i], ends[i], ends[i]);
			path = tu_write_file(dir, "crlf.conf", text, 0644);
			sb_config_defaults(&c);
			if (n == 188) {
				if (sb_config_load_file(&c, path) != SB_OK)
					fail_msg("line end %zu: %s", i,
						 sb_error_message());
				assert_string_equal(c.contact, value);
				assert_int_equal(c.poll_interval, 30);
			} else {
				assert_int_equal(sb_config_load_file(&c, path),
						 SB_EINVALID);
				assert_non_null(strstr(sb_error_message(),
					"crlf.conf:2: line longer than 198 bytes"));
			}
			sb_config_dispose(&c);
			free(path);
			free(text);
		}
	}
	tu_rmtree(dir);
	free(dir);
}

/* inih takes an indented line as more of the previous key's value: here
 * state would become "poll_interval = 0" and nothing would be said. An
 * indented line is refused with its file and line; an indented comment
 * and a blank line of spaces are fine. */
static void indented_lines_are_refused(void **state)
{
	char *dir = tu_mkdtemp();
	char *p1 = tu_write_file(dir, "i.conf",
		"[wiki]\ncontact = me\n[bot]\nstate = /tmp/r1.db\n"
		"  log_level = debug\n  poll_interval = 0\n", 0644);
	char *p2 = tu_write_file(dir, "j.conf",
		"[bot]\n\tstate = /x\n", 0644);
	char *p3 = tu_write_file(dir, "k.conf",
		"[bot]\nstate = /x\n  ; a comment\n   \n\t# another\n", 0644);
	char *w1 = sb_asprintf("%s:5", p1);
	char *w2 = sb_asprintf("%s:2", p2);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w1));
	assert_non_null(strstr(sb_error_message(), "indented"));
	assert_string_equal(c.state, "/tmp/r1.db");
	assert_int_equal(sb_config_load_file(&c, p2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w2));
	assert_int_equal(sb_config_load_file(&c, p3), SB_OK);
	assert_string_equal(c.state, "/x");
	sb_config_dispose(&c);
	free(w1); free(w2);
	free(p1); free(p2); free(p3);
	tu_rmtree(dir);
	free(dir);
}

/* A key given twice is a mistake (which one did the operator mean?): both
 * lines are named, even across two [bot] sections. --set still overrides
 * the file. */
static void a_key_given_twice_is_refused(void **state)
{
	char *dir = tu_mkdtemp();
	char *p1 = tu_write_file(dir, "d.conf",
		"[wiki]\ncontact = me\n[bot]\npoll_interval = 30\n"
		"\npoll_interval = 5\n", 0644);
	char *p2 = tu_write_file(dir, "e.conf",
		"[bot]\nstate = /a\n[wiki]\ncontact = me\n[bot]\nstate = /b\n",
		0644);
	const char *sets[] = {"bot.poll_interval=5"};
	char *w1 = sb_asprintf("%s:6", p1);
	char *w2 = sb_asprintf("%s:6", p2);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w1));
	assert_non_null(strstr(sb_error_message(), "line 4"));
	assert_non_null(strstr(sb_error_message(), "poll_interval"));
	assert_int_equal(sb_config_load_file(&c, p2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w2));
	assert_non_null(strstr(sb_error_message(), "line 2"));
	sb_config_dispose(&c);
	free(w1); free(w2);
	free(p1);
	p1 = tu_write_file(dir, "f.conf",
		"[wiki]\ncontact = me\n[bot]\npoll_interval = 30\n", 0644);
	assert_int_equal(sb_config_load_all(&c, p1, sets, 1), SB_OK);
	assert_int_equal(c.poll_interval, 5);
	sb_config_dispose(&c);
	free(p1); free(p2);
	tu_rmtree(dir);
	free(dir);
}

static void unknown_section_and_syntax_errors(void **state)
{
	char *dir = tu_mkdtemp();
	char *p1 = tu_write_file(dir, "s.conf", "[wiki]\napi = https://x/\n[bots]\nstate = /x\n", 0644);
	char *p2 = tu_write_file(dir, "t.conf", "[bot]\npoll_interval = 30\nthis is not a key\n", 0644);
	char *p3 = tu_write_file(dir, "u.conf", "contact = me\n", 0644);
	char *w1 = sb_asprintf("%s:3", p1);
	char *w2 = sb_asprintf("%s:3", p2);
	char *w3 = sb_asprintf("%s:1", p3);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w1));
	assert_non_null(strstr(sb_error_message(), "unknown section [bots]"));
	assert_int_equal(sb_config_load_file(&c, p2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w2));
	assert_int_equal(sb_config_load_file(&c, p3), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w3));
	assert_int_equal(sb_config_load_file(&c, "/nonexistent/skillsbot.conf"),
			 SB_ENOTFOUND);
	sb_config_dispose(&c);
	free(w1); free(w2); free(w3);
	free(p1); free(p2); free(p3);
	tu_rmtree(dir);
	free(dir);
}

/* A misspelt section with no keys under it would be taken without a
 * word; the section line itself is named. */
static void an_empty_unknown_section_is_refused(void **state)
{
	char *dir = tu_mkdtemp();
	char *p1 = tu_write_file(dir, "w.conf",
		"[wiki]\ncontact = me\n[wikki]\n; nothing here yet\n", 0644);
	char *p2 = tu_write_file(dir, "x.conf",
		"[wiki]\ncontact = me\n\n[bot] ; the daemon\n", 0644);
	char *w1 = sb_asprintf("%s:3", p1);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w1));
	assert_non_null(strstr(sb_error_message(), "[wikki]"));
	assert_int_equal(sb_config_load_file(&c, p2), SB_OK);
	sb_config_dispose(&c);
	free(w1);
	free(p1); free(p2);
	tu_rmtree(dir);
	free(dir);
}

/* fopen() opens a directory and the first read fails: that was taken
 * as an empty file, and --config /etc/skillsbot passed. */
static void a_directory_is_not_a_configuration_file(void **state)
{
	char *dir = tu_mkdtemp();
	const char *sets[] = {"wiki.contact=me"};
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, dir), SB_EIO);
	assert_non_null(strstr(sb_error_message(), dir));
	assert_non_null(strstr(sb_error_message(), "directory"));
	sb_config_dispose(&c);
	assert_int_equal(sb_config_load_all(&c, dir, sets, 1), SB_EIO);
	tu_rmtree(dir);
	free(dir);
}

static void bad_numbers_are_refused_with_their_line(void **state)
{
	char *dir = tu_mkdtemp();
	char *p1 = tu_write_file(dir, "n.conf", "[bot]\npoll_interval = 1m\n", 0644);
	char *p2 = tu_write_file(dir, "r.conf", "[bot]\n\npoll_interval = 0\n", 0644);
	char *p3 = tu_write_file(dir, "l.conf", "[bot]\nlog_level = loud\n", 0644);
	char *w2 = sb_asprintf("%s:3", p2);
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_file(&c, p1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "poll_interval"));
	assert_int_equal(sb_config_load_file(&c, p2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), w2));
	assert_int_equal(c.poll_interval, 60);
	assert_int_equal(sb_config_load_file(&c, p3), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "loud"));
	sb_config_dispose(&c);
	free(w2);
	free(p1); free(p2); free(p3);
	tu_rmtree(dir);
	free(dir);
}

static void set_overrides_every_key(void **state)
{
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	assert_int_equal(sb_config_set(&c, "wiki.api=http://localhost:8080/w/api.php"), SB_OK);
	assert_int_equal(sb_config_set(&c, "wiki.contact=test@example.org"), SB_OK);
	assert_int_equal(sb_config_set(&c, "bot.poll_interval=2"), SB_OK);
	assert_int_equal(sb_config_set(&c, "bot.full_sync_interval=600"), SB_OK);
	assert_int_equal(sb_config_set(&c, "wiki.edit_delay=0.5"), SB_OK);
	assert_int_equal(sb_config_set(&c, "wiki.assert=user"), SB_OK);
	assert_int_equal(sb_config_set(&c, "bot.log_level=debug"), SB_OK);
	assert_int_equal(sb_config_set(&c, "bot.config_page=Project:Bot config=v2"), SB_OK);
	assert_string_equal(c.api, "http://localhost:8080/w/api.php");
	assert_int_equal(c.poll_interval, 2);
	assert_true(c.edit_delay == 0.5);
	assert_string_equal(c.assert_mode, "user");
	/* Only the first '=' separates key from value. */
	assert_string_equal(c.config_page, "Project:Bot config=v2");
	assert_int_equal(sb_config_validate(&c), SB_OK);

	assert_int_equal(sb_config_set(&c, "bot.poll=2"), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "--set"));
	assert_non_null(strstr(sb_error_message(), "poll"));
	assert_int_equal(sb_config_set(&c, "poll_interval=2"), SB_EINVALID);
	assert_int_equal(sb_config_set(&c, "bot.poll_interval"), SB_EINVALID);
	assert_int_equal(sb_config_set(&c, "wiki.assert=admin"), SB_EINVALID);
	assert_int_equal(sb_config_set(&c, "wiki.api="), SB_EINVALID);
	sb_config_dispose(&c);
}

static void validate_checks_what_a_run_needs(void **state)
{
	sb_config c;

	(void)state;
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.contact=me@example.org");
	assert_int_equal(sb_config_validate(&c), SB_OK);
	sb_config_set(&c, "wiki.api=ftp://example.org/api.php");
	assert_int_equal(sb_config_validate(&c), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "api"));
	sb_config_set(&c, "wiki.api=https://example.org/w/api.php");
	sb_config_set(&c, "bot.poll_interval=7200");
	sb_config_set(&c, "bot.full_sync_interval=3600");
	assert_int_equal(sb_config_validate(&c), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "full_sync_interval"));
	sb_config_set(&c, "bot.full_sync_interval=86400");
	sb_config_set(&c, "wiki.password_file=/x");
	assert_int_equal(sb_config_validate(&c), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "user"));
	sb_config_set(&c, "wiki.user=Bot@x");
	assert_int_equal(sb_config_validate(&c), SB_OK);
	sb_config_set(&c, "wiki.oauth2_token_file=/y");
	assert_int_equal(sb_config_validate(&c), SB_EINVALID);
	sb_config_dispose(&c);
}

/* The checks across keys run after the file and --set: their messages
 * still say where the value came from, file:line or --set. */
static void validation_names_where_each_key_was_set(void **state)
{
	char *dir = tu_mkdtemp();
	char *api = tu_write_file(dir, "api.conf",
		"[wiki]\ncontact = me@example.org\n"
		"api = meta.wikimedia.org/w/api.php\n", 0644);
	char *nocontact = tu_write_file(dir, "nc.conf",
		"[wiki]\napi = https://x/w/api.php\n", 0644);
	char *both = tu_write_file(dir, "both.conf",
		"[wiki]\ncontact = x\nuser = B@x\npassword_file = /a\n"
		"oauth2_token_file = /b\n", 0644);
	char *full = tu_write_file(dir, "full.conf",
		"[wiki]\ncontact = x\n[bot]\npoll_interval = 7200\n"
		"full_sync_interval = 3600\n", 0644);
	const char *bad_api[] = {"wiki.api=ftp://x"};
	const char *long_poll[] = {"bot.poll_interval=86400",
				   "bot.full_sync_interval=3600"};
	char *w;
	sb_config c;

	(void)state;
	assert_int_equal(sb_config_load_all(&c, api, NULL, 0), SB_EINVALID);
	w = sb_asprintf("%s:3: [wiki] api", api);
	assert_non_null(strstr(sb_error_message(), w));
	free(w);
	assert_int_equal(sb_config_load_all(&c, full, bad_api, 1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "--set: [wiki] api"));
	assert_int_equal(sb_config_load_all(&c, nocontact, NULL, 0), SB_EINVALID);
	w = sb_asprintf("%s: [wiki] contact is missing", nocontact);
	assert_non_null(strstr(sb_error_message(), w));
	free(w);
	assert_int_equal(sb_config_load_all(&c, both, NULL, 0), SB_EINVALID);
	w = sb_asprintf("%s:5", both);
	assert_non_null(strstr(sb_error_message(), w));
	assert_non_null(strstr(sb_error_message(), ":4)"));
	free(w);
	assert_int_equal(sb_config_load_all(&c, full, NULL, 0), SB_EINVALID);
	w = sb_asprintf("%s:5: [bot] full_sync_interval", full);
	assert_non_null(strstr(sb_error_message(), w));
	assert_non_null(strstr(sb_error_message(), ":4)"));
	free(w);
	assert_int_equal(sb_config_load_all(&c, full, long_poll, 2),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(),
			       "--set: [bot] full_sync_interval"));
	free(api); free(nocontact); free(both); free(full);
	tu_rmtree(dir);
	free(dir);
}

static void password_file_readable_by_others_is_refused(void **state)
{
	char *dir = tu_mkdtemp();
	char *pw = tu_write_file(dir, "password", "s3cret-value\n", 0644);
	char *set = sb_asprintf("wiki.password_file=%s", pw);
	sb_config c;

	(void)state;
	unsetenv("CREDENTIALS_DIRECTORY");
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.user=Bot@x");
	sb_config_set(&c, set);
	assert_int_equal(sb_config_load_secrets(&c), SB_EDENIED);
	assert_non_null(strstr(sb_error_message(), pw));
	assert_non_null(strstr(sb_error_message(), "0644"));
	/* The message never holds the secret. */
	assert_null(strstr(sb_error_message(), "s3cret"));
	assert_null(c.password);

	chmod(pw, 0640);
	assert_int_equal(sb_config_load_secrets(&c), SB_EDENIED);
	assert_non_null(strstr(sb_error_message(), "0640"));

	chmod(pw, 0600);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_string_equal(c.password, "s3cret-value");
	chmod(pw, 0400);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_string_equal(c.password, "s3cret-value");
	sb_config_dispose(&c);
	free(set);
	free(pw);
	tu_rmtree(dir);
	free(dir);
}

static void credentials_directory_comes_first(void **state)
{
	char *dir = tu_mkdtemp();
	char *cred = tu_write_file(dir, "password", "from-systemd\n", 0440);
	char *pw = tu_write_file(dir, "pwfile", "from-file", 0600);
	char *set = sb_asprintf("wiki.password_file=%s", pw);
	sb_config c;

	(void)state;
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.user=Bot@x");
	sb_config_set(&c, set);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_string_equal(c.password, "from-systemd");
	assert_null(c.oauth2_token);
	sb_config_dispose(&c);

	/* A credential without a file in the configuration is enough. */
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.user=Bot@x");
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_string_equal(c.password, "from-systemd");
	sb_config_dispose(&c);
	unsetenv("CREDENTIALS_DIRECTORY");
	free(set);
	free(pw);
	free(cred);
	tu_rmtree(dir);
	free(dir);
}

static void token_and_missing_credentials(void **state)
{
	char *dir = tu_mkdtemp();
	char *tok = tu_write_file(dir, "token", "abc.def\r\n", 0600);
	char *empty = tu_write_file(dir, "empty", "\n", 0600);
	char *set = sb_asprintf("wiki.oauth2_token_file=%s", tok);
	char *set_empty = sb_asprintf("wiki.oauth2_token_file=%s", empty);
	sb_config c;

	(void)state;
	unsetenv("CREDENTIALS_DIRECTORY");
	/* No credentials at all: a read-only run. */
	sb_config_defaults(&c);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_null(c.password);
	assert_null(c.oauth2_token);
	sb_config_set(&c, set);
	assert_int_equal(sb_config_load_secrets(&c), SB_OK);
	assert_string_equal(c.oauth2_token, "abc.def");
	sb_config_set(&c, set_empty);
	assert_int_equal(sb_config_load_secrets(&c), SB_EINVALID);
	sb_config_set(&c, "wiki.oauth2_token_file=/nonexistent/token");
	assert_int_equal(sb_config_load_secrets(&c), SB_ENOTFOUND);
	assert_non_null(strstr(sb_error_message(), "/nonexistent/token"));
	sb_config_dispose(&c);
	free(set);
	free(set_empty);
	free(tok);
	free(empty);
	tu_rmtree(dir);
	free(dir);
}

static void print_shows_values_but_no_secret(void **state)
{
	sb_config c;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	sb_config_defaults(&c);
	sb_config_set(&c, "wiki.contact=me@example.org");
	c.password = sb_strdup("hunter2");
	sb_config_print(&c, f);
	fclose(f);
	assert_non_null(strstr(text, "[wiki]\n"));
	assert_non_null(strstr(text, "contact = me@example.org\n"));
	assert_non_null(strstr(text, "poll_interval = 60\n"));
	assert_non_null(strstr(text, "bot password loaded"));
	assert_null(strstr(text, "hunter2"));
	sb_config_dispose(&c);
	free(text);
}

static void load_all_layers_file_then_set(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = tu_write_file(dir, "c.conf",
		"[wiki]\ncontact = file@example.org\n[bot]\npoll_interval = 30\n", 0644);
	const char *sets[] = {"bot.poll_interval=5", "wiki.maxlag=2"};
	const char *bad[] = {"bot.poll_interval=5", "bot.nope=1"};
	sb_config c;

	(void)state;
	assert_int_equal(sb_config_load_all(&c, path, sets, 2), SB_OK);
	assert_string_equal(c.contact, "file@example.org");
	assert_int_equal(c.poll_interval, 5);
	assert_int_equal(c.maxlag, 2);
	sb_config_dispose(&c);
	assert_int_equal(sb_config_load_all(&c, path, bad, 2), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "nope"));
	/* A file named on the command line must exist... */
	assert_int_equal(sb_config_load_all(&c, "/nonexistent.conf", NULL, 0),
			 SB_ENOTFOUND);
	/* ...and the result must be usable: here the contact is missing. */
	assert_int_equal(sb_config_load_all(&c, "/dev/null", NULL, 0), SB_EINVALID);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_follow_the_spec),
		cmocka_unit_test(state_goes_to_systemd_state_directory),
		cmocka_unit_test(example_file_loads_and_validates),
		cmocka_unit_test(unknown_key_names_file_and_line),
		cmocka_unit_test(unknown_section_and_syntax_errors),
		cmocka_unit_test(an_empty_unknown_section_is_refused),
		cmocka_unit_test(a_directory_is_not_a_configuration_file),
		cmocka_unit_test(long_lines_are_refused),
		cmocka_unit_test(crlf_lines_hold_as_much_as_lf_lines),
		cmocka_unit_test(indented_lines_are_refused),
		cmocka_unit_test(a_key_given_twice_is_refused),
		cmocka_unit_test(bad_numbers_are_refused_with_their_line),
		cmocka_unit_test(set_overrides_every_key),
		cmocka_unit_test(validate_checks_what_a_run_needs),
		cmocka_unit_test(validation_names_where_each_key_was_set),
		cmocka_unit_test(password_file_readable_by_others_is_refused),
		cmocka_unit_test(credentials_directory_comes_first),
		cmocka_unit_test(token_and_missing_credentials),
		cmocka_unit_test(print_shows_values_but_no_secret),
		cmocka_unit_test(load_all_layers_file_then_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
