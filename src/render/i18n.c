/* i18n.c - banana-style message files and PLURAL; see i18n.h. */
#include "skillsbot/i18n.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/langchain.h"
#include "skillsbot/mem.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MSG_FILE (4 * 1024 * 1024)

typedef struct msg {
	char *key;
	char *text;
} msg;

typedef struct lang_msgs {
	char code[SB_LANG_CODE_MAX];
	msg *v;          /* sorted by key */
	size_t n, cap;
	/* Where a message missing here is looked for next: the loaded
	 * languages of its fallback chain (langchain.h) with messages,
	 * itself first when it has any, English last (indexes into the
	 * set's langs, set once everything is loaded). */
	size_t chain[SB_LANG_CHAIN_MAX];
	size_t n_chain;
	char **missing;  /* English keys shown in English here, sorted */
	size_t n_missing, cap_missing;
} lang_msgs;

struct sb_i18n {
	lang_msgs *langs;    /* langs[0] is English */
	size_t n, cap;
};

static int msg_cmp(const void *a, const void *b)
{
	return strcmp(((const msg *)a)->key, ((const msg *)b)->key);
}

static const msg *msg_find(const lang_msgs *l, const char *key)
{
	msg k = {(char *)key, NULL};

	return l && l->n ? bsearch(&k, l->v, l->n, sizeof(msg), msg_cmp) : NULL;
}

static lang_msgs *lang_find(const sb_i18n *m, const char *code)
{
	for (size_t i = 0; code && i < m->n; i++)
		if (strcmp(m->langs[i].code, code) == 0)
			return &m->langs[i];
	return NULL;
}

static lang_msgs *lang_add(sb_i18n *m, const char *code)
{
	lang_msgs *l;

	SB_GROW(m->langs, m->cap, m->n + 1);
	l = &m->langs[m->n++];
	memset(l, 0, sizeof(*l));
	snprintf(l->code, sizeof(l->code), "%s", code);
	return l;
}

/* Fill `l` from a JSON object; `origin` names it in messages. */
static int lang_parse(lang_msgs *l, const char *json, size_t len,
		      const char *origin)
{
	cJSON *root = NULL, *it;
	int err;

	if ((err = sb_json_parse(&root, json, len, origin)) < 0)
		return err;
	if (!cJSON_IsObject(root)) {
		err = sb_error_set(SB_EINVALID, "%s: not a JSON object", origin);
		goto done;
	}
	cJSON_ArrayForEach(it, root) {
		if (it->string[0] == '@')
			continue;
		if (!cJSON_IsString(it)) {
			err = sb_error_set(SB_EINVALID, "%s: message '%s' is not "
					   "a string", origin, it->string);
			goto done;
		}
		if (strstr(it->valuestring, "skillsbot:begin") ||
		    strstr(it->valuestring, "skillsbot:end")) {
			err = sb_error_set(SB_EINVALID, "%s: message '%s' holds "
					   "the bot's section markers", origin,
					   it->string);
			goto done;
		}
		SB_GROW(l->v, l->cap, l->n + 1);
		l->v[l->n].key = sb_strdup(it->string);
		l->v[l->n++].text = sb_strdup(it->valuestring);
	}
	/* An empty file ({} only) has no array to sort: qsort must not
	 * see NULL. */
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(msg), msg_cmp);
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(l->v[i - 1].key, l->v[i].key) == 0) {
			err = sb_error_set(SB_EINVALID, "%s: message '%s' is "
					   "defined twice", origin, l->v[i].key);
			goto done;
		}
done:
	cJSON_Delete(root);
	return err;
}

/* The loaded languages with messages that `code` falls back to, English
 * (langs[0]) last. */
static size_t chain_of(const sb_i18n *m, const char *code, size_t *out)
{
	sb_lang_chain c;
	size_t n = 0;

	sb_lang_chain_of(&c, code);
	for (size_t i = 0; i < c.n; i++) {
		const lang_msgs *l = lang_find(m, c.v[i]);

		if (l && l != &m->langs[0] && l->n > 0)
			out[n++] = (size_t)(l - m->langs);
	}
	out[n++] = 0;
	return n;
}

static const msg *chain_find(const sb_i18n *m, const size_t *chain,
			     size_t n, const char *key, const lang_msgs **in)
{
	for (size_t i = 0; i < n; i++) {
		const msg *g = msg_find(&m->langs[chain[i]], key);

		if (g) {
			*in = &m->langs[chain[i]];
			return g;
		}
	}
	return NULL;
}

/* Each language's chain, and the English messages it shows in English
 * (missing from every language of its chain). */
static void list_missing(sb_i18n *m)
{
	const lang_msgs *en = &m->langs[0];

	for (size_t i = 0; i < m->n; i++)
		m->langs[i].n_chain = chain_of(m, m->langs[i].code,
					       m->langs[i].chain);
	for (size_t i = 1; i < m->n; i++) {
		lang_msgs *l = &m->langs[i];
		const lang_msgs *in;

		for (size_t k = 0; k < en->n; k++) {
			if (chain_find(m, l->chain, l->n_chain - 1,
				       en->v[k].key, &in))
				continue;
			SB_GROW(l->missing, l->cap_missing, l->n_missing + 1);
			l->missing[l->n_missing++] = en->v[k].key;
		}
	}
}

static int load_one(sb_i18n *m, const char *dir, const char *code)
{
	char *path, *text = NULL;
	size_t len;
	lang_msgs *l;
	int err;

	if (lang_find(m, code))
		return SB_OK;
	l = lang_add(m, code);
	path = sb_asprintf("%s/%s.json", dir, code);
	err = sb_file_read(&text, &len, path, MAX_MSG_FILE);
	if (err == SB_ENOTFOUND && strcmp(code, "en") != 0) {
		sb_error_clear();
		err = SB_OK;
	} else if (err == SB_OK) {
		err = lang_parse(l, text, len, path);
	}
	free(text);
	free(path);
	return err;
}

/* Hand over a loaded set (its missing keys listed), or free it after a
 * failure. */
static int loaded(sb_i18n **out, sb_i18n *m, int err)
{
	if (err < 0) {
		sb_i18n_free(m);
		m = NULL;
	} else {
		list_missing(m);
	}
	*out = m;
	return err;
}

int sb_i18n_load(sb_i18n **out, const char *dir, const char *const *langs,
		 size_t n_langs)
{
	sb_i18n *m = sb_calloc(1, sizeof(*m));
	int err = load_one(m, dir, "en");

	/* The languages each one falls back to, listed or not: a pt-br
	 * page shows pt.json's messages before English ones. */
	for (size_t i = 0; i < n_langs && err == SB_OK; i++) {
		sb_lang_chain c;

		sb_lang_chain_of(&c, langs[i]);
		for (size_t k = 0; k < c.n && err == SB_OK; k++)
			err = load_one(m, dir, c.v[k]);
	}
	return loaded(out, m, err);
}

int sb_i18n_from_json(sb_i18n **out, const char *const *langs,
		      const char *const *texts, size_t n)
{
	sb_i18n *m = sb_calloc(1, sizeof(*m));
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK; i++)
		err = lang_parse(lang_add(m, langs[i]), texts[i],
				 strlen(texts[i]), langs[i]);
	if (err == SB_OK && (m->n == 0 || strcmp(m->langs[0].code, "en") != 0))
		err = sb_error_set(SB_EINVALID, "English messages come first");
	return loaded(out, m, err);
}

void sb_i18n_free(sb_i18n *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		for (size_t k = 0; k < m->langs[i].n; k++) {
			free(m->langs[i].v[k].key);
			free(m->langs[i].v[k].text);
		}
		free(m->langs[i].v);
		free(m->langs[i].missing);
	}
	free(m->langs);
	free(m);
}

bool sb_i18n_has(const sb_i18n *m, const char *key)
{
	return m->n > 0 && msg_find(&m->langs[0], key) != NULL;
}

/* The languages `lang` is looked up in (*n of them): a loaded one's
 * own chain, else, for a code not loaded (not configured), its chain
 * made in `buf`. */
static const size_t *chain_for(const sb_i18n *m, const char *lang,
			       size_t buf[SB_LANG_CHAIN_MAX], size_t *n)
{
	const lang_msgs *l = lang_find(m, lang);

	if (l) {
		*n = l->n_chain;
		return l->chain;
	}
	*n = chain_of(m, lang, buf);
	return buf;
}

/* The message `key` as shown in `lang`, and the language it is in. */
static const msg *lookup(const sb_i18n *m, const char *lang,
			 const char *key, const lang_msgs **in)
{
	size_t buf[SB_LANG_CHAIN_MAX], n;
	const size_t *chain;

	*in = NULL;
	if (m->n == 0)
		return NULL;
	chain = chain_for(m, lang, buf, &n);
	return chain_find(m, chain, n, key, in);
}

const char *sb_i18n_text(const sb_i18n *m, const char *lang, const char *key)
{
	const lang_msgs *in;
	const msg *g = lookup(m, lang, key, &in);

	return g ? g->text : NULL;
}

const char *sb_i18n_msg_lang(const sb_i18n *m, const char *lang,
			     const char *key)
{
	const char *in;

	sb_i18n_find(m, lang, key, &in);
	return in;
}

const char *sb_i18n_find(const sb_i18n *m, const char *lang, const char *key,
			 const char **in)
{
	const lang_msgs *l;
	const msg *g = lookup(m, lang, key, &l);

	*in = g ? l->code : "en";
	return g ? g->text : NULL;
}

const char *sb_i18n_missing(const sb_i18n *m, const char *lang, size_t i)
{
	const lang_msgs *l = lang_find(m, lang);

	return l && i < l->n_missing ? l->missing[i] : NULL;
}

/* The primary subtag of `lang` ("pt" of "pt-br") into `out`. */
static const char *primary(char *out, const char *lang)
{
	size_t n = lang ? strcspn(lang, "-") : 0;

	if (n >= SB_LANG_CODE_MAX)
		n = 0;
	memcpy(out, lang ? lang : "", n);
	out[n] = '\0';
	return out;
}

/* A script subtag decides the direction (ku-arab, tt-latn): 1 right to
 * left, 0 left to right, -1 none given. */
static int script_rtl(const char *lang)
{
	static const char *const rtl[] = {"-arab", "-hebr", "-thaa", "-syrc",
		"-nkoo", "-adlm", NULL};
	const char *sub = lang ? strchr(lang, '-') : NULL;

	for (; sub; sub = strchr(sub + 1, '-')) {
		size_t len = strcspn(sub + 1, "-");

		if (len != 4 || sub[1] < 'a' || sub[1] > 'z')
			continue;
		for (size_t i = 0; rtl[i]; i++)
			if (strncmp(sub, rtl[i], 5) == 0)
				return 1;
		return 0;
	}
	return -1;
}

bool sb_i18n_rtl(const char *lang)
{
	static const char *const rtl[] = {"ar", "arc", "arz", "ckb", "dv",
		"fa", "he", "ks", "ps", "sd", "ug", "ur", "yi", NULL};
	char base[SB_LANG_CODE_MAX];
	int script = script_rtl(lang);

	if (script >= 0)
		return script == 1;
	/* Else the language decides, whatever its region (ar-eg as ar). */
	primary(base, lang);
	for (size_t i = 0; rtl[i]; i++)
		if (strcmp(base, rtl[i]) == 0)
			return true;
	return false;
}

const char *sb_i18n_dir(const char *lang)
{
	return sb_i18n_rtl(lang) ? "rtl" : "ltr";
}

const char *sb_i18n_shown_lang(const sb_i18n *m, const char *lang)
{
	size_t buf[SB_LANG_CHAIN_MAX], n;

	if (m->n == 0)
		return "en";
	return m->langs[chain_for(m, lang, buf, &n)[0]].code;
}

int sb_i18n_plural_index(const char *lang, long long n)
{
	char base[SB_LANG_CODE_MAX];
	long long m100;

	/* A variant counts as its language does (pt-br as pt). */
	lang = primary(base, lang);
	/* Only the size counts; the most negative number has no positive
	 * twin (found by fuzzing a layout's PLURAL), and is as many. */
	if (n < 0)
		n = n == LLONG_MIN ? LLONG_MAX : -n;
	m100 = n % 100;
	if (lang && strcmp(lang, "ar") == 0) {
		if (n == 0)
			return 0;
		if (n == 1)
			return 1;
		if (n == 2)
			return 2;
		if (m100 >= 3 && m100 <= 10)
			return 3;
		if (m100 >= 11 && m100 <= 99)
			return 4;
		return 5;
	}
	/* CLDR: French and Portuguese count 0 as "one" (i = 0, 1). */
	if (lang && (strcmp(lang, "fr") == 0 || strcmp(lang, "pt") == 0))
		return n <= 1 ? 0 : 1;
	return n == 1 ? 0 : 1;
}

/* The end of the {{...}} whose inside starts at s, and the start of each
 * |-separated part at its top level (pipes inside [[ ]] or {{ }} belong to
 * those). Returns the offset of the closing "}}" or 0 when unclosed. */
static size_t plural_parts(const char *s, size_t *part, size_t *n_part,
			   size_t max)
{
	int depth = 0;

	*n_part = 0;
	part[(*n_part)++] = 0;
	for (size_t i = 0; s[i]; i++) {
		if ((s[i] == '{' && s[i + 1] == '{') ||
		    (s[i] == '[' && s[i + 1] == '[')) {
			depth++;
			i++;
		} else if (s[i] == '}' && s[i + 1] == '}' && depth == 0) {
			return i;
		} else if ((s[i] == '}' && s[i + 1] == '}') ||
			   (s[i] == ']' && s[i + 1] == ']')) {
			depth--;
			i++;
		} else if (s[i] == '|' && depth == 0 && *n_part < max) {
			part[(*n_part)++] = i + 1;
		}
	}
	return 0;
}

/* One message being formatted: where to, the language its PLURAL
 * follows, its values, and where each value went (when noted). */
typedef struct fmt {
	sb_buf *b;
	const char *lang;
	const sb_msg_arg *args;
	size_t n_args;
	size_t start;        /* b->len when the message began */
	bool note;           /* note each value's place in `at` */
	sb_msg_at *at;
	size_t n_at, cap_at;
} fmt;

static int format_span(fmt *f, const char *s, size_t len);

static long long arg_number(const sb_msg_arg *a)
{
	return a->is_num ? a->num : strtoll(a->wikitext, NULL, 10);
}

/* {{PLURAL:$N|...}} at s; *used is set to its length. */
static int plural(fmt *f, const char *s, size_t *used)
{
	size_t part[16], n_part, end, k, pick;
	const char *in = s + 9;   /* after "{{PLURAL:" */
	long long n = 0;
	char num[32];

	end = plural_parts(in, part, &n_part, 16);
	if (end == 0 || n_part < 2) {
		*used = 0;
		return SB_OK;
	}
	*used = 9 + end + 2;
	k = in[0] == '$' ? (size_t)(in[1] - '0') : 0;
	if (k >= 1 && k <= f->n_args)
		n = arg_number(&f->args[k - 1]);
	else
		n = strtoll(in, NULL, 10);
	snprintf(num, sizeof(num), "%lld=", n);
	/* Explicit "N=" forms win; the rest are the plural categories. */
	for (size_t i = 1; i < n_part; i++) {
		size_t plen = (i + 1 < n_part ? part[i + 1] - 1 : end) - part[i];

		if (plen >= strlen(num) &&
		    strncmp(in + part[i], num, strlen(num)) == 0)
			return format_span(f, in + part[i] + strlen(num),
					   plen - strlen(num));
	}
	pick = (size_t)sb_i18n_plural_index(f->lang, n);
	for (size_t i = 1, c = 0; i < n_part; i++) {
		size_t plen = (i + 1 < n_part ? part[i + 1] - 1 : end) - part[i];
		const char *eq = memchr(in + part[i], '=', plen);
		bool explicit_form = eq && eq > in + part[i] &&
			strspn(in + part[i], "0123456789") ==
				(size_t)(eq - (in + part[i]));

		if (explicit_form)
			continue;
		if (c++ == pick || i + 1 == n_part)
			return format_span(f, in + part[i], plen);
	}
	return SB_OK;
}

/* Value k (0-based) in its place, noted when asked. */
static int put_arg(fmt *f, size_t k)
{
	size_t from = f->b->len - f->start;
	int err = sb_buf_adds(f->b, f->args[k].wikitext);

	if (err == SB_OK && f->note) {
		SB_GROW(f->at, f->cap_at, f->n_at + 1);
		f->at[f->n_at].from = from;
		f->at[f->n_at].to = f->b->len - f->start;
		f->at[f->n_at++].arg = k;
	}
	return err;
}

static int format_span(fmt *f, const char *s, size_t len)
{
	size_t i = 0, lit = 0, used;
	int err = SB_OK;

	while (i < len && err == SB_OK) {
		if (s[i] == '$' && i + 1 < len && s[i + 1] >= '1' &&
		    s[i + 1] <= '9' && (size_t)(s[i + 1] - '0') <= f->n_args) {
			if ((err = sb_buf_add(f->b, s + lit, i - lit)) == SB_OK)
				err = put_arg(f, (size_t)(s[i + 1] - '1'));
			i += 2;
			lit = i;
		} else if (len - i > 9 && strncmp(s + i, "{{PLURAL:", 9) == 0) {
			if ((err = sb_buf_add(f->b, s + lit, i - lit)) < 0)
				break;
			if ((err = plural(f, s + i, &used)) < 0)
				break;
			if (used == 0)
				used = 1, err = sb_buf_addc(f->b, '{');
			i += used;
			lit = i;
		} else {
			i++;
		}
	}
	if (err == SB_OK)
		err = sb_buf_add(f->b, s + lit, i - lit);
	return err;
}

/* Format `text` as `f` says (NULL: a key English lacks, shown as the
 * key). */
static int format_text(fmt *f, const char *key, const char *text)
{
	if (!text)
		return sb_buf_addf(f->b, "&#8249;%s&#8250;", key);
	/* A fallen-back text follows the plural rules of its language. */
	return format_span(f, text, strlen(text));
}

int sb_i18n_format_found(sb_buf *b, const char *key, const char *text,
			 const char *in, const sb_msg_arg *args, size_t n_args)
{
	fmt f = {b, in, args, n_args, b->len, false, NULL, 0, 0};

	return format_text(&f, key, text);
}

int sb_i18n_format_found_at(sb_buf *b, const char *key, const char *text,
			    const char *in, const sb_msg_arg *args,
			    size_t n_args, sb_msg_at **at, size_t *n_at)
{
	fmt f = {b, in, args, n_args, b->len, true, NULL, 0, 0};
	int err = format_text(&f, key, text);

	*at = f.at;
	*n_at = f.n_at;
	return err;
}

int sb_i18n_format(sb_buf *b, const sb_i18n *m, const char *lang,
		   const char *key, const sb_msg_arg *args, size_t n_args)
{
	const char *in, *text = sb_i18n_find(m, lang, key, &in);

	return sb_i18n_format_found(b, key, text, in, args, n_args);
}
