/*
 * sync_gate.c - the checks before a save that need no wiki: the sanity
 * gate and a page's exclusion of bots ({{nobots}}, {{bots}}).
 */
#include "skillsbot/sync.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "skillsbot/mem.h"

bool sb_sync_gate_allows(size_t old_rows, size_t new_rows,
			 size_t old_records, size_t new_records,
			 double max_loss)
{
	double row_loss, rec_loss;

	if (old_rows == 0 || new_rows >= old_rows)
		return true;
	row_loss = (double)(old_rows - new_rows) / (double)old_rows;
	if (row_loss <= max_loss)
		return true;
	rec_loss = old_records == 0 || new_records >= old_records ? 0.0 :
		(double)(old_records - new_records) / (double)old_records;
	return rec_loss >= row_loss / 2;
}

/* --- {{nobots}} / {{bots}} --- */

/* Compare a user name as MediaWiki does: first letter case-insensitive,
 * spaces and underscores alike. */
static bool name_eq(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);

	while (an > 0 && (a[an - 1] == ' ' || a[an - 1] == '_'))
		an--;
	while (an > 0 && (*a == ' ' || *a == '_')) {
		a++;
		an--;
	}
	if (an != bn || an == 0)
		return false;
	if (toupper((unsigned char)a[0]) != toupper((unsigned char)b[0]))
		return false;
	for (size_t i = 1; i < an; i++) {
		char x = a[i] == '_' ? ' ' : a[i], y = b[i] == '_' ? ' ' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

/* Does the comma-separated list v[0..n) name `user` (or "all")? */
static bool list_names(const char *v, size_t n, const char *user,
		       const char *word)
{
	size_t i = 0;

	while (i <= n) {
		size_t j = i;

		while (j < n && v[j] != ',')
			j++;
		if (name_eq(v + i, j - i, word) ||
		    (user && name_eq(v + i, j - i, user)))
			return true;
		i = j + 1;
	}
	return false;
}

/* One {{bots|...}} call's parameters p[0..n): allow= / deny=. */
static bool bots_call_excludes(const char *p, size_t n, const char *user)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && p[j] != '|')
			j++;
		while (i < j && isspace((unsigned char)p[i]))
			i++;
		if (j - i > 6 && strncmp(p + i, "allow=", 6) == 0)
			return !list_names(p + i + 6, j - i - 6, user, "all");
		if (j - i > 5 && strncmp(p + i, "deny=", 5) == 0)
			return list_names(p + i + 5, j - i - 5, user, "all");
		i = j + 1;
	}
	return false;
}

/* Is q..close a call of template `name` (any case, blanks after it)? */
static bool is_call(const char *q, const char *close, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(close - q) < n || strncasecmp(q, name, n) != 0)
		return false;
	q += n;
	while (q < close && isspace((unsigned char)*q))
		q++;
	return q == close || *q == '|';
}

bool sb_sync_bot_excluded(const char *text, size_t len, const char *user)
{
	const char *p = text, *end = text + len;
	char *bare = NULL;
	bool out = false;

	/* A bot-password login "Name@app" edits as "Name". */
	if (user && strchr(user, '@'))
		user = bare = sb_strndup(user, (size_t)(strchr(user, '@') - user));
	while (!out && (p = memmem(p, (size_t)(end - p), "{{", 2)) != NULL) {
		const char *q = p + 2, *close;

		while (q < end && isspace((unsigned char)*q))
			q++;
		close = memmem(q, (size_t)(end - q), "}}", 2);
		if (!close)
			break;
		if (is_call(q, close, "nobots"))
			out = true;
		else if (is_call(q, close, "bots"))
			out = bots_call_excludes(q + 4, (size_t)(close - q - 4),
						 user);
		p = close + 2;
	}
	free(bare);
	return out;
}
