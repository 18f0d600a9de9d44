/* layout.c - compile and render organiser layouts; see layout.h. */
#include "skillsbot/layout.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/langchain.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/wikiescape.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8      /* nested loops */
#define MAX_ARGS 9       /* $1..$9 */
#define MAX_LAYOUT (1024 * 1024)

enum node_type { N_TEXT, N_VAR, N_MSG, N_FOR, N_IF };

/* Where a value is found when rendering: a top-level member (scope -1) or
 * a member of the item of the scope-th enclosing loop. */
typedef struct ref {
	int scope;
	const char *key;     /* borrowed from the schema */
	int kind;
} ref;

typedef struct node node;
typedef struct seq {
	node *v;
	size_t n, cap;
} seq;

struct node {
	int type;
	int line;
	char *text;          /* TEXT */
	size_t len;
	ref r;               /* VAR, FOR (the list), IF */
	bool negate;         /* IF not */
	char *key;           /* MSG */
	ref args[MAX_ARGS];
	size_t n_args;
	bool plain;          /* VAR, MSG: inside an attribute value or a
			      * template's arguments: no markup added */
	seq body;            /* FOR, IF */
	seq alt;             /* IF: else */
};

struct sb_layout {
	seq root;
};

/* One open block while parsing. */
typedef struct frame {
	node *block;         /* NULL for the root */
	seq *into;
	char var[32];        /* FOR: the loop variable */
	const sb_layout_field *items;
	int line;
} frame;

typedef struct parser {
	const char *origin;
	const sb_layout_field *schema;
	const sb_i18n *msgs;
	frame stack[MAX_DEPTH + 2];
	int depth;           /* frames in use - 1 */
	int line;
	bool plain;          /* the tag being read is where markup may not go */
} parser;

static void seq_dispose(seq *s);

static void node_dispose(node *n)
{
	free(n->text);
	free(n->key);
	seq_dispose(&n->body);
	seq_dispose(&n->alt);
}

static void seq_dispose(seq *s)
{
	for (size_t i = 0; i < s->n; i++)
		node_dispose(&s->v[i]);
	free(s->v);
}

static node *seq_push(seq *s, int type, int line)
{
	node *n;

	SB_GROW(s->v, s->cap, s->n + 1);
	n = &s->v[s->n++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = line;
	return n;
}

static int fail(const parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(const parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sb_error_set(SB_EINVALID, "%s:%d: %s", p->origin, p->line, msg);
}

static const sb_layout_field *field_find(const sb_layout_field *f,
					 const char *name, size_t len)
{
	for (; f && f->name; f++)
		if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
			return f;
	return NULL;
}

/* The loop frame whose variable is name[0..len), or -1. */
static int loop_find(const parser *p, const char *name, size_t len)
{
	for (int i = p->depth; i >= 1; i--)
		if (p->stack[i].block && p->stack[i].block->type == N_FOR &&
		    strlen(p->stack[i].var) == len &&
		    memcmp(p->stack[i].var, name, len) == 0)
			return i;
	return -1;
}

/* The number of loops enclosing frame i (its scope index). */
static int scope_of(const parser *p, int frame_i)
{
	int s = -1;

	for (int i = 1; i <= frame_i; i++)
		if (p->stack[i].block->type == N_FOR)
			s++;
	return s;
}

static int resolve(ref *out, const parser *p, const char *path)
{
	const char *dot = strchr(path, '.');
	const sb_layout_field *f;
	int loop;

	if (!dot) {
		if (loop_find(p, path, strlen(path)) >= 0)
			return fail(p, "'%s' is a list item: write NAME.FIELD",
				    path);
		if (!(f = field_find(p->schema, path, strlen(path))))
			return fail(p, "unknown placeholder '%s'", path);
		out->scope = -1;
	} else {
		if ((loop = loop_find(p, path, (size_t)(dot - path))) < 0)
			return fail(p, "unknown placeholder '%s' (no loop "
				    "variable before the dot)", path);
		f = field_find(p->stack[loop].items, dot + 1, strlen(dot + 1));
		if (!f)
			return fail(p, "unknown placeholder '%s'", path);
		out->scope = scope_of(p, loop);
	}
	out->key = f->name;
	out->kind = f->kind;
	return SB_OK;
}

static const sb_layout_field *item_fields(const parser *p, const char *path)
{
	const char *dot = strchr(path, '.');
	int loop;

	if (!dot)
		return field_find(p->schema, path, strlen(path))->items;
	loop = loop_find(p, path, (size_t)(dot - path));
	return field_find(p->stack[loop].items, dot + 1,
			  strlen(dot + 1))->items;
}

static bool name_ok(const char *s, bool dotted)
{
	int dots = 0;

	if (!islower((unsigned char)*s))
		return false;
	for (; *s; s++) {
		if (*s == '.' && dotted && dots++ == 0 &&
		    islower((unsigned char)s[1]))
			continue;
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			return false;
	}
	return true;
}

/* Split tag words in place (at most `max`). */
static size_t words(char *s, char **w, size_t max)
{
	size_t n = 0;

	for (char *t = strtok(s, " \t"); t; t = strtok(NULL, " \t")) {
		if (n == max)
			return max + 1;
		w[n++] = t;
	}
	return n;
}

static seq *cur(parser *p)
{
	return p->stack[p->depth].into;
}

static int tag_value(parser *p, char *tag)
{
	node *n;
	ref r;
	int err;

	if (!name_ok(tag, true))
		return fail(p, "bad placeholder '%s'", tag);
	if ((err = resolve(&r, p, tag)) < 0)
		return err;
	if (r.kind == SB_TV_LIST || r.kind == SB_TV_MAP)
		return fail(p, "'%s' is a list: loop over it with {%%for%%}",
			    tag);
	n = seq_push(cur(p), N_VAR, p->line);
	n->r = r;
	n->plain = p->plain;
	return SB_OK;
}

static int tag_msg(parser *p, char *tag)
{
	char *w[MAX_ARGS + 2];
	size_t nw = words(tag, w, MAX_ARGS + 1);
	node *n;
	int err = SB_OK;

	if (nw == 0 || nw > MAX_ARGS + 1)
		return fail(p, "a message takes a key and at most 9 values%s",
			    "");
	for (const char *c = w[0]; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '-')
			return fail(p, "bad message key '%s'", w[0]);
	if (p->msgs && !sb_i18n_has(p->msgs, w[0]))
		return fail(p, "unknown message '%s' (not in en.json)", w[0]);
	n = seq_push(cur(p), N_MSG, p->line);
	n->key = sb_strdup(w[0]);
	n->plain = p->plain;
	for (size_t i = 1; i < nw && err == SB_OK; i++) {
		if (!name_ok(w[i], true))
			return fail(p, "bad placeholder '%s'", w[i]);
		err = resolve(&n->args[n->n_args++], p, w[i]);
		if (err == SB_OK && n->args[n->n_args - 1].kind == SB_TV_LIST)
			return fail(p, "'%s' is a list", w[i]);
	}
	return err;
}

static int open_block(parser *p, node *n)
{
	if (p->depth > MAX_DEPTH)
		return fail(p, "blocks nested too deep%s", "");
	p->depth++;
	memset(&p->stack[p->depth], 0, sizeof(p->stack[0]));
	p->stack[p->depth].block = n;
	p->stack[p->depth].into = &n->body;
	p->stack[p->depth].line = p->line;
	return SB_OK;
}

static int tag_for(parser *p, char *tag)
{
	char *w[5];
	node *n;
	ref r;
	int err;

	if (words(tag, w, 4) != 4 || strcmp(w[2], "in") != 0)
		return fail(p, "write {%%for NAME in LIST%%}%s", "");
	if (!name_ok(w[1], false) || strlen(w[1]) >= sizeof(p->stack[0].var))
		return fail(p, "bad loop variable '%s'", w[1]);
	if (field_find(p->schema, w[1], strlen(w[1])) ||
	    loop_find(p, w[1], strlen(w[1])) >= 0)
		return fail(p, "loop variable '%s' hides another name", w[1]);
	if (!name_ok(w[3], true))
		return fail(p, "bad placeholder '%s'", w[3]);
	if ((err = resolve(&r, p, w[3])) < 0)
		return err;
	if (r.kind != SB_TV_LIST)
		return fail(p, "'%s' is not a list", w[3]);
	n = seq_push(cur(p), N_FOR, p->line);
	n->r = r;
	{
		const sb_layout_field *items = item_fields(p, w[3]);

		if ((err = open_block(p, n)) < 0)
			return err;
		snprintf(p->stack[p->depth].var, sizeof(p->stack[0].var), "%s",
			 w[1]);
		p->stack[p->depth].items = items;
	}
	return SB_OK;
}

static int tag_if(parser *p, char *tag)
{
	char *w[4];
	size_t nw = words(tag, w, 3);
	bool neg = nw == 3 && strcmp(w[1], "not") == 0;
	const char *path = neg ? w[2] : w[1];
	node *n;
	ref r;
	int err;

	if (!(nw == 2 || neg))
		return fail(p, "write {%%if NAME%%} or {%%if not NAME%%}%s", "");
	if (!name_ok(path, true))
		return fail(p, "bad placeholder '%s'", path);
	if ((err = resolve(&r, p, path)) < 0)
		return err;
	n = seq_push(cur(p), N_IF, p->line);
	n->r = r;
	n->negate = neg;
	return open_block(p, n);
}

static int tag_else(parser *p)
{
	frame *f = &p->stack[p->depth];

	if (p->depth == 0 || f->block->type != N_IF || f->into == &f->block->alt)
		return fail(p, "{%%else%%} without {%%if%%}%s", "");
	f->into = &f->block->alt;
	return SB_OK;
}

static int tag_end(parser *p)
{
	if (p->depth == 0)
		return fail(p, "{%%end%%} without {%%for%%} or {%%if%%}%s", "");
	p->depth--;
	return SB_OK;
}

static bool is_block_tag(const char *t)
{
	return t[0] == '#' || strncmp(t, "for ", 4) == 0 ||
	       strncmp(t, "if ", 3) == 0 || strcmp(t, "else") == 0 ||
	       strcmp(t, "end") == 0;
}

static int tag_run(parser *p, char *t)
{
	if (t[0] == '#')
		return SB_OK;
	if (strncmp(t, "for ", 4) == 0)
		return tag_for(p, t);
	if (strncmp(t, "if ", 3) == 0)
		return tag_if(p, t);
	if (strcmp(t, "else") == 0)
		return tag_else(p);
	if (strcmp(t, "end") == 0)
		return tag_end(p);
	if (strncmp(t, "msg:", 4) == 0)
		return tag_msg(p, t + 4);
	return tag_value(p, t);
}

static void add_text(parser *p, const char *s, size_t len, int line)
{
	node *n;

	if (len == 0)
		return;
	n = seq_push(cur(p), N_TEXT, line);
	n->text = sb_strndup(s, len);
	n->len = len;
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Read the tag at s (after "{%"), up to "%}" on the same line. */
static int read_tag(char **out, size_t *used, parser *p, const char *s,
		    size_t len)
{
	size_t i, a, z;

	for (i = 0; i + 1 < len && s[i] != '\n'; i++)
		if (s[i] == '%' && s[i + 1] == '}')
			break;
	if (i + 1 >= len || s[i] != '%')
		return fail(p, "'{%%' without '%%}' on the same line%s", "");
	for (a = 0; a < i && isspace((unsigned char)s[a]); a++)
		;
	for (z = i; z > a && isspace((unsigned char)s[z - 1]); z--)
		;
	if (memchr(s, '\0', i))
		return fail(p, "NUL byte in a tag%s", "");
	*out = sb_strndup(s + a, z - a);
	*used = i + 2;
	return SB_OK;
}

/*
 * Is a tag that follows `s[0..len)` on its line where a <span> would
 * break the page or show as text: inside an attribute value (an odd
 * number of quotes before it, or right after "="), inside an HTML tag,
 * or among a template's or parser function's arguments ({{#language:
 * CODE|...}})? Other tags on the line are not counted. When in doubt it
 * says yes: a value left unmarked still reads, a span in an attribute
 * does not.
 */
static bool in_markup(const char *s, size_t len)
{
	size_t quotes = 0, open = 0, close = 0;
	bool in_tag = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '{' && i + 1 < len && s[i + 1] == '%') {
			const char *end = strstr(s + i, "%}");

			if (!end || (size_t)(end - s) >= len)
				break;
			i = (size_t)(end - s) + 1;
		} else if (s[i] == '"') {
			quotes++;
		} else if (s[i] == '<') {
			in_tag = true;
		} else if (s[i] == '>') {
			in_tag = false;
		} else if (i + 1 < len && s[i] == '{' && s[i + 1] == '{') {
			open++;
			i++;
		} else if (i + 1 < len && s[i] == '}' && s[i + 1] == '}') {
			close++;
			i++;
		}
	}
	return quotes % 2 == 1 || in_tag || open > close ||
	       (len > 0 && s[len - 1] == '=');
}

static int parse(sb_layout *l, parser *p, const char *s, size_t len)
{
	size_t lit = 0, i = 0, line_start = 0;
	int lit_line = 1, err = SB_OK;

	p->stack[0].into = &l->root;
	p->line = 1;
	while (i < len && err == SB_OK) {
		char *tag = NULL;
		size_t used, after, from;
		bool standalone;

		if (s[i] == '\n') {
			p->line++;
			line_start = ++i;
			continue;
		}
		if (s[i] != '{' || i + 1 >= len || s[i + 1] != '%') {
			i++;
			continue;
		}
		if ((err = read_tag(&tag, &used, p, s + i + 2, len - i - 2)) < 0)
			break;
		after = i + 2 + used;
		standalone = is_block_tag(tag) && line_start >= lit &&
			     blank(s + line_start, i - line_start);
		for (from = after; standalone && from < len && s[from] != '\n';
		     from++)
			standalone = s[from] == ' ' || s[from] == '\t';
		add_text(p, s + lit, (standalone ? line_start : i) - lit,
			 lit_line);
		p->plain = in_markup(s + line_start, i - line_start);
		err = tag_run(p, tag);
		free(tag);
		lit = i = after;
		lit_line = p->line;
		if (standalone && from >= len) {
			i = lit = len;
		} else if (standalone) {
			i = lit = from + 1;
			line_start = i;
			lit_line = ++p->line;
		}
	}
	if (err == SB_OK) {
		add_text(p, s + lit, len - lit, lit_line);
		if (p->depth > 0) {
			p->line = p->stack[p->depth].line;
			err = fail(p, "this block has no {%%end%%}%s", "");
		}
	}
	return err;
}

int sb_layout_parse(sb_layout **out, const char *text, size_t len,
		    const char *origin, const sb_layout_field *schema,
		    const sb_i18n *msgs)
{
	sb_layout *l = sb_calloc(1, sizeof(*l));
	parser p;
	int err = SB_OK;

	memset(&p, 0, sizeof(p));
	p.origin = origin;
	p.schema = schema;
	p.msgs = msgs;
	*out = NULL;
	/* The section ends at the first end marker: a layout holding one
	 * would write outside the bot's section. */
	if (memmem(text, len, "skillsbot:begin", 15) ||
	    memmem(text, len, "skillsbot:end", 13))
		err = sb_error_set(SB_EINVALID, "%s: a layout may not contain "
				   "the bot's section markers", origin);
	if (err < 0 || (err = parse(l, &p, text, len)) < 0) {
		sb_layout_free(l);
		return err;
	}
	*out = l;
	return SB_OK;
}

int sb_layout_load(sb_layout **out, const char *path,
		   const sb_layout_field *schema, const sb_i18n *msgs)
{
	char *text = NULL;
	size_t len;
	int err;

	*out = NULL;
	if ((err = sb_file_read(&text, &len, path, MAX_LAYOUT)) < 0)
		goto done;
	err = sb_layout_parse(out, text, len, path, schema, msgs);
done:
	free(text);
	return err;
}

void sb_layout_free(sb_layout *l)
{
	if (!l)
		return;
	seq_dispose(&l->root);
	free(l);
}

/* ---- rendering ---- */

/* A node that read a value left for later, and the bytes it gave
 * without it, to be laid out again in their place by sb_layout_fill(). */
typedef struct hole {
	const node *n;
	size_t at, len;
	const sb_tv *scope[MAX_DEPTH + 1];
	int depth;
} hole;

struct sb_layout_holes {
	hole *v;
	size_t n, cap;
	const sb_i18n *msgs;
	const char *lang;
};

typedef struct renderer {
	sb_buf *b;
	const sb_tv *top;
	const sb_tv *scope[MAX_DEPTH + 1];
	int depth;
	const sb_i18n *msgs;
	const char *lang;          /* the code messages are looked up in */
	const char *around;        /* the language of the text around the
				    * node: the page's, or a message's */
	const char *const *later;  /* top-level names left for later */
	sb_layout_holes *holes;    /* where nodes reading them are, or NULL */
} renderer;

static const sb_tv *lookup(const renderer *r, const ref *f)
{
	const sb_tv *map = f->scope < 0 ? r->top : r->scope[f->scope];

	return sb_tv_get(map, f->key);
}

/* Is a stretch in `lang` amid text in `around` to be marked? (Where
 * a value's language is written, attr_lang() checks it is a code.) */
static bool foreign(const char *lang, const char *around)
{
	return lang && around && !sb_lang_same(lang, around);
}

static int put_piece(sb_buf *b, const sb_tv *v, size_t from, size_t to)
{
	if (v->kind == SB_TV_TEXT && from > 0)
		return sb_esc_text_after(b, v->s + from, to - from);
	if (v->kind == SB_TV_TEXT)
		return sb_esc_text(b, v->s + from, to - from);
	return sb_buf_add(b, v->s + from, to - from);
}

/* `lang` as written in a lang= attribute (lower case), or NULL when it
 * is no language code (a taxonomy's key can be anything). */
static const char *attr_lang(char *out, const char *lang)
{
	return sb_lang_lower(out, lang) && sb_siteconf_lang_ok(out) ? out :
								   NULL;
}

/* The code to mark a stretch in `lang` amid text in `around` with (in
 * `out`), or NULL: not to be marked. */
static const char *mark_of(char *out, const char *lang, const char *around)
{
	return foreign(lang, around) ? attr_lang(out, lang) : NULL;
}

/* <span lang="LANG" dir="DIR">, LANG a checked code. Appended piece by
 * piece: sb_buf_addf() here made bench_render 1 % slower. */
static int open_span(sb_buf *b, const char *lang)
{
	const char *const piece[] = {"<span lang=\"", lang, "\" dir=\"",
		sb_i18n_dir(lang), "\">"};
	int err = SB_OK;

	for (size_t i = 0; i < sizeof(piece) / sizeof(*piece) && err == SB_OK;
	     i++)
		err = sb_buf_adds(b, piece[i]);
	return err;
}

int sb_layout_put_in(sb_buf *b, const char *s, const char *lang,
		     const char *around)
{
	char code[SB_LANG_CODE_MAX];
	const char *mark = mark_of(code, lang, around);
	int err = mark ? open_span(b, mark) : SB_OK;

	if (err == SB_OK)
		err = sb_buf_adds(b, s);
	if (err == SB_OK && mark)
		err = sb_buf_adds(b, "</span>");
	return err;
}

/* A TEXT (escaped) or WIKI value: its stretches each in a language
 * other than the text around it in <span lang dir>, the others as they
 * are, together (a value with none marked, as one piece). */
static int put_runs(sb_buf *b, const sb_tv *v, const char *around)
{
	size_t from = 0, plain_from = 0;
	int err = SB_OK;

	for (size_t i = 0; i < v->n_runs && err == SB_OK; i++) {
		char code[SB_LANG_CODE_MAX];
		const char *lang = mark_of(code, v->runs[i].lang, around);
		size_t to = v->runs[i].end;

		if (lang) {
			if ((err = put_piece(b, v, plain_from, from)) == SB_OK)
				err = open_span(b, lang);
			if (err == SB_OK)
				err = put_piece(b, v, from, to);
			if (err == SB_OK)
				err = sb_buf_adds(b, "</span>");
			plain_from = to;
		}
		from = to;
	}
	if (err == SB_OK)
		err = put_piece(b, v, plain_from, strlen(v->s));
	return err;
}

/* Write a value; `around` is the language of the text it lands in, NULL
 * where no markup may go. */
static int put_value(sb_buf *b, const sb_tv *v, const char *around)
{
	if (!v)
		return SB_OK;
	switch (v->kind) {
	case SB_TV_TEXT:
	case SB_TV_WIKI:
		return put_runs(b, v, around);
	case SB_TV_INT:
		return sb_buf_addf(b, "%lld", v->n);
	default:
		return SB_OK;
	}
}

static bool truthy(const sb_tv *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case SB_TV_TEXT:
	case SB_TV_WIKI:
		return v->s && *v->s;
	case SB_TV_INT:
		return v->n != 0;
	case SB_TV_LIST:
	case SB_TV_MAP:
		return v->n_items > 0;
	default:
		return false;
	}
}

static int render_seq(renderer *r, const seq *s);

/* Message `key` and its values. A message shown in a language other
 * than the text around it (an English fallback on a French page, a pt
 * one on a pt-br page) is marked as what it is, so that screen readers,
 * fonts and hyphenation treat it so; its values are written as text in
 * its language. Nothing is marked where markup may not go. */
static int render_msg(renderer *r, const node *n)
{
	sb_buf vals[MAX_ARGS];
	sb_msg_arg args[MAX_ARGS];
	const char *in = r->around;
	const char *text = r->msgs ? sb_i18n_find(r->msgs, r->lang, n->key,
						  &in) : NULL;
	const char *around = n->plain ? NULL : in;
	char code[SB_LANG_CODE_MAX];
	const char *mark = n->plain ? NULL : mark_of(code, in, r->around);
	int err = SB_OK;

	for (size_t i = 0; i < n->n_args; i++) {
		const sb_tv *v = lookup(r, &n->args[i]);

		sb_buf_init(&vals[i], SB_BUF_UNLIMITED);
		if (err == SB_OK)
			err = put_value(&vals[i], v, around);
		args[i].wikitext = sb_buf_str(&vals[i]);
		args[i].is_num = v && v->kind == SB_TV_INT;
		args[i].num = args[i].is_num ? v->n : 0;
	}
	if (err == SB_OK && r->msgs && mark)
		err = open_span(r->b, mark);
	if (err == SB_OK && r->msgs)
		err = sb_i18n_format_found(r->b, n->key, text, in, args,
					   n->n_args);
	if (err == SB_OK && r->msgs && mark)
		err = sb_buf_adds(r->b, "</span>");
	for (size_t i = 0; i < n->n_args; i++)
		sb_buf_dispose(&vals[i]);
	return err;
}

static int render_for(renderer *r, const node *n)
{
	const sb_tv *list = lookup(r, &n->r);
	int err = SB_OK;

	if (!list || list->kind != SB_TV_LIST)
		return SB_OK;
	r->depth++;
	for (size_t i = 0; i < list->n_items && err == SB_OK; i++) {
		r->scope[r->depth] = list->items[i];
		err = render_seq(r, &n->body);
	}
	r->depth--;
	return err;
}

static int render_now(renderer *r, const node *n)
{
	bool t;

	switch (n->type) {
	case N_TEXT:
		return sb_buf_add(r->b, n->text, n->len);
	case N_VAR:
		return put_value(r->b, lookup(r, &n->r),
				 n->plain ? NULL : r->around);
	case N_MSG:
		return render_msg(r, n);
	case N_FOR:
		return render_for(r, n);
	case N_IF:
		t = truthy(lookup(r, &n->r)) != n->negate;
		return render_seq(r, t ? &n->body : &n->alt);
	default:
		return SB_OK;
	}
}

static bool is_later(const renderer *r, const ref *f)
{
	for (const char *const *k = r->later; k && f->scope < 0 && *k; k++)
		if (strcmp(*k, f->key) == 0)
			return true;
	return false;
}

/* Does the node itself read a value left for later? (A node whose
 * body does is not a hole: the body's node is.) */
static bool reads_later(const renderer *r, const node *n)
{
	if (n->type == N_MSG) {
		for (size_t i = 0; i < n->n_args; i++)
			if (is_later(r, &n->args[i]))
				return true;
		return false;
	}
	return n->type != N_TEXT && is_later(r, &n->r);
}

/* Render a node that reads a value left for later as it is now (the
 * value unset), and note where, with the loop items it sees. */
static int render_hole(renderer *r, const node *n)
{
	sb_layout_holes *h = r->holes;
	size_t at = r->b->len;
	int err;

	r->holes = NULL;     /* its body is laid out again with it */
	err = render_now(r, n);
	r->holes = h;
	if (err < 0)
		return err;
	SB_GROW(h->v, h->cap, h->n + 1);
	h->v[h->n].n = n;
	h->v[h->n].at = at;
	h->v[h->n].len = r->b->len - at;
	h->v[h->n].depth = r->depth;
	memcpy(h->v[h->n].scope, r->scope, sizeof(r->scope));
	h->n++;
	return SB_OK;
}

static int render_node(renderer *r, const node *n)
{
	if (r->holes && reads_later(r, n))
		return render_hole(r, n);
	return render_now(r, n);
}

static int render_seq(renderer *r, const seq *s)
{
	int err = SB_OK;

	for (size_t i = 0; i < s->n && err == SB_OK; i++)
		err = render_node(r, &s->v[i]);
	return err;
}

static void renderer_init(renderer *r, sb_buf *b, const sb_tv *data,
			  const sb_i18n *msgs, const char *lang)
{
	memset(r, 0, sizeof(*r));
	r->b = b;
	r->top = data;
	r->depth = -1;
	r->msgs = msgs;
	r->lang = lang;
	r->around = msgs ? sb_i18n_shown_lang(msgs, lang) : lang;
}

int sb_layout_render(sb_buf *b, const sb_layout *l, const sb_tv *data,
		     const sb_i18n *msgs, const char *lang)
{
	renderer r;

	renderer_init(&r, b, data, msgs, lang);
	return render_seq(&r, &l->root);
}

int sb_layout_render_later(sb_buf *b, sb_layout_holes **out,
			   const sb_layout *l, const sb_tv *data,
			   const sb_i18n *msgs, const char *lang,
			   const char *const *later)
{
	renderer r;
	int err;

	renderer_init(&r, b, data, msgs, lang);
	r.later = later;
	r.holes = sb_calloc(1, sizeof(*r.holes));
	r.holes->msgs = msgs;
	r.holes->lang = lang;
	err = render_seq(&r, &l->root);
	if (err < 0) {
		sb_layout_holes_free(r.holes);
		r.holes = NULL;
	}
	*out = r.holes;
	return err;
}

int sb_layout_fill(sb_buf *b, const char *text, size_t len,
		   const sb_layout_holes *h, const sb_tv *data)
{
	renderer r;
	size_t from = 0;
	int err = SB_OK;

	renderer_init(&r, b, data, h->msgs, h->lang);
	for (size_t i = 0; i < h->n && err == SB_OK; i++) {
		const hole *o = &h->v[i];

		memcpy(r.scope, o->scope, sizeof(r.scope));
		r.depth = o->depth;
		if ((err = sb_buf_add(b, text + from, o->at - from)) == SB_OK)
			err = render_now(&r, o->n);
		from = o->at + o->len;
	}
	if (err == SB_OK)
		err = sb_buf_add(b, text + from, len - from);
	return err;
}

void sb_layout_holes_free(sb_layout_holes *h)
{
	if (!h)
		return;
	free(h->v);
	free(h);
}
