/*
 * wikienv.h - what the C integration tests share: the test wiki that
 * tests/integration/mw-harness started (its wiki.env, named by the
 * SB_WIKI_ENV environment variable that ctest sets), and helpers to act on
 * it as a person would, to run its maintenance scripts, and to put the
 * fault proxy (faultproxy.py) between a client and the wiki.
 *
 * Test code: these helpers talk HTTP with curl directly (src/ never does),
 * and fail the running cmocka test with a clear message instead of
 * returning errors. Strings returned as `char *` are the caller's to
 * free(); `const char *` ones are borrowed and live until the program
 * ends. Nothing here prints a password.
 */
#ifndef SKILLSBOT_WIKIENV_H
#define SKILLSBOT_WIKIENV_H

#include <stdint.h>

#include "testutil.h"

/* The value of KEY in wiki.env (SB_WIKI_API, SB_BOT_USER, ...; see
 * tests/integration/README.md). Fails the test when SB_WIKI_ENV is unset,
 * the file cannot be read, or the key is missing. */
const char *wk_get(const char *key);

/* The secret in the file that wiki.env names under key_of_file (e.g.
 * "SB_BOT_PASSWORD_FILE"), without a trailing newline. */
char *wk_secret(const char *key_of_file);

/* A title no other test (nor an earlier run) uses: "PREFIX/PID-TIME-N".
 * Tests share one wiki, two at a time: write only to titles like this. */
char *wk_unique_title(const char *prefix);

/* Run a maintenance script of the test wiki (a name from
 * /usr/share/mediawiki/maintenance, e.g. "edit.php", or a path) with
 * `args` as shell text (quote titles: "--user Editor 'A title' < file").
 * Its output goes to the test's standard error. Returns its exit status. */
int wk_maint(const char *script, const char *args);
/* The same, returning its standard output; status_out may be NULL. */
char *wk_maint_output(int *status_out, const char *script, const char *args);

/* Edit (or create) a page as the human account Editor, through the Action
 * API (bot password SB_EDITOR_USER). Returns the new revision id (the
 * current one when the text did not change). */
int64_t wk_edit_as_editor(const char *title, const char *text);

/* The current wikitext of a page (read anonymously), or NULL when the page
 * does not exist. */
char *wk_get_page_text(const char *title);

/* One HTTP request (no cookies): POST when `body` is not NULL
 * (application/x-www-form-urlencoded). Returns the body; status_out gets
 * the HTTP status (0 when the connection failed) and may be NULL. */
char *wk_http(long *status_out, const char *url, const char *body);

/*
 * The fault proxy: one per test program. wk_proxy_start() starts
 * faultproxy.py in front of the wiki and gives its port; clients then use
 * wk_proxy_api() as their API URL. wk_proxy_faults() replaces the fault
 * rules (JSON, see faultproxy.py), wk_proxy_log() gives the requests it saw
 * (JSON array), wk_proxy_stop() ends it (also done at exit, and by
 * `mw-harness stop` should the test crash).
 */
void wk_proxy_start(int *port_out);
const char *wk_proxy_api(void);
void wk_proxy_faults(const char *json);
char *wk_proxy_log(void);
void wk_proxy_stop(void);

#endif
