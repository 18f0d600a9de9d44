/*
 * wikitext.c - the lossless wikitext parser; see wikitext.h.
 *
 * One pass over the input with an explicit stack of open constructs
 * ("frames"), after MediaWiki's Preprocessor_Hash. Finished nodes wait on
 * a shared stack of child indices ("kids"); a frame's children are the
 * top of that stack from its slot on. Closing a frame turns its children
 * into a container; an unclosed frame is "flattened": its opener becomes a
 * text leaf in the slot kept for it, its separators become text, and its
 * children simply stay on the stack as children of the frame below. No
 * byte is ever scanned twice for the same construct, which keeps the
 * parser linear on inputs like 100,000 unclosed "{{".
 */
#include "skillsbot/wikitext.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum frame_kind { F_ROOT, F_BRACE, F_LINK, F_EXTLINK, F_HEADING };

typedef struct frame {
	uint8_t kind;
	uint32_t open;   /* offset of the opener */
	uint32_t count;  /* braces, "=" signs, or the opener's length */
	uint32_t line;   /* line of the opener */
	size_t slot;     /* kids index kept for the opener */
	size_t parts;    /* first entry of this frame in the parts stack */
} frame;

typedef struct part {
	size_t bar;      /* kids index of the "|" leaf (SIZE_MAX: part 0) */
	size_t eq;       /* kids index of the "=" leaf, or SIZE_MAX */
} part;

/* Extension tags whose content is not parsed as wikitext; the index is
 * the TAG leaf's level (nowiki and pre first, as wikitext.h says). */
static const char *const raw_tags[] = {
	"nowiki", "pre", "ref", "references", "gallery", "syntaxhighlight",
	"source", "math", "chem", "ce", "score", "timeline", "graph",
	"templatedata", "mapframe", "maplink", "hiero", "categorytree",
	"inputbox", "imagemap", "charinsert", "indicator", "templatestyles",
	"section", "poem"
};
#define N_TAGS (sizeof(raw_tags) / sizeof(raw_tags[0]))

typedef struct scratch {
	frame *frames;
	size_t n_frames, cap_frames;
	uint32_t *kids;
	size_t n_kids, cap_kids;
	part *parts;
	size_t n_parts, cap_parts;
	/* Closing-tag search memo, per tag: the next closer at or after
	 * `from` starts at `at` (SIZE_MAX: there is none). */
	size_t tag_from[N_TAGS], tag_at[N_TAGS], tag_end[N_TAGS];
	bool no_gt;      /* no ">" is left after some "<tag": none after */
} scratch;

typedef struct parser {
	sb_wt_tree *t;
	scratch *s;
	const char *p;
	size_t len;
	size_t pos;
	size_t text_start;    /* start of the pending text run */
	int table_depth;
	bool table_line;      /* this line started a table cell */
} parser;

/* ---- nodes and lines ---- */

static uint32_t line_of(const sb_wt_tree *t, size_t off)
{
	size_t lo = 0, hi = t->n_lines;

	/* Nodes start on the current line or a few lines up (a text run
	 * spans its newlines): look back a little before searching. */
	for (size_t k = t->n_lines; k > 0 && k + 8 > t->n_lines; k--)
		if (off >= t->lines[k - 1])
			return (uint32_t)k;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)(lo + 1);
}

/* A new node; `line` is its line when the caller knows it, else 0. */
static uint32_t node_new_at(sb_wt_tree *t, int type, size_t start,
			    size_t end, uint32_t line)
{
	sb_wt_node *n;

	if (t->n_nodes == t->cap_nodes)
		SB_GROW(t->nodes, t->cap_nodes, t->n_nodes + 1);
	n = &t->nodes[t->n_nodes];
	n->type = (uint8_t)type;
	n->level = 0;
	n->pad_ = 0;
	n->start = (uint32_t)start;
	n->end = (uint32_t)end;
	n->line = line ? line : line_of(t, start);
	n->child = SB_WT_NONE;
	n->next = SB_WT_NONE;
	return (uint32_t)t->n_nodes++;
}

static uint32_t node_new(sb_wt_tree *t, int type, size_t start, size_t end)
{
	return node_new_at(t, type, start, end, 0);
}

static void kid_push(parser *ps, uint32_t node)
{
	scratch *s = ps->s;

	SB_GROW(s->kids, s->cap_kids, s->n_kids + 1);
	s->kids[s->n_kids++] = node;
}

static void leaf(parser *ps, int type, size_t start, size_t end)
{
	kid_push(ps, node_new(ps->t, type, start, end));
}

/* Turn the pending text run [text_start, pos) into a leaf. */
static void flush_text(parser *ps)
{
	if (ps->pos > ps->text_start)
		leaf(ps, SB_WT_TEXT, ps->text_start, ps->pos);
	ps->text_start = ps->pos;
}

/* Emit a leaf of `n` bytes at pos and move past it. */
static void token(parser *ps, int type, size_t n, int level)
{
	flush_text(ps);
	leaf(ps, type, ps->pos, ps->pos + n);
	ps->t->nodes[ps->t->n_nodes - 1].level = (uint8_t)level;
	ps->pos += n;
	ps->text_start = ps->pos;
}

static void note_newlines(parser *ps, size_t from, size_t to)
{
	sb_wt_tree *t = ps->t;
	const char *q = ps->p + from, *e = ps->p + to;

	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		q++;
		SB_GROW(t->lines, t->cap_lines, t->n_lines + 1);
		t->lines[t->n_lines++] = (uint32_t)(q - ps->p);
	}
}

/* Children list under construction. */
typedef struct chain {
	uint32_t first, last;
} chain;

static void chain_add(sb_wt_tree *t, chain *c, uint32_t node)
{
	if (node == SB_WT_NONE)
		return;
	t->nodes[node].next = SB_WT_NONE;
	if (c->last == SB_WT_NONE)
		c->first = node;
	else
		t->nodes[c->last].next = node;
	c->last = node;
}

/* A container over kids[a, b), spanning [start, end). */
static uint32_t wrap(parser *ps, int type, size_t a, size_t b, size_t start,
		     size_t end)
{
	const sb_wt_node *first = a < b ? &ps->t->nodes[ps->s->kids[a]] : NULL;
	uint32_t n = node_new_at(ps->t, type, start, end,
				 first && first->start == start ? first->line
								: 0);
	chain c = {SB_WT_NONE, SB_WT_NONE};

	for (size_t i = a; i < b; i++)
		chain_add(ps->t, &c, ps->s->kids[i]);
	ps->t->nodes[n].child = c.first;
	return n;
}

/* ---- frames ---- */

static frame *top(parser *ps)
{
	return &ps->s->frames[ps->s->n_frames - 1];
}

static void part_push(parser *ps, size_t bar)
{
	scratch *s = ps->s;

	SB_GROW(s->parts, s->cap_parts, s->n_parts + 1);
	s->parts[s->n_parts].bar = bar;
	s->parts[s->n_parts].eq = SIZE_MAX;
	s->n_parts++;
}

/* Open a frame whose opener is [pos, pos + n); false when too deep. */
static bool frame_push(parser *ps, int kind, size_t n)
{
	scratch *s = ps->s;
	frame *f;

	if (s->n_frames > SB_WT_MAX_DEPTH) {
		if (!ps->t->too_deep)
			ps->t->too_deep_at = (uint32_t)ps->pos;
		ps->t->too_deep = true;
		return false;
	}
	flush_text(ps);
	SB_GROW(s->frames, s->cap_frames, s->n_frames + 1);
	f = &s->frames[s->n_frames++];
	f->kind = (uint8_t)kind;
	f->open = (uint32_t)ps->pos;
	f->count = (uint32_t)n;
	f->line = (uint32_t)ps->t->n_lines;
	f->slot = s->n_kids;
	f->parts = s->n_parts;
	kid_push(ps, SB_WT_NONE);
	part_push(ps, SIZE_MAX);
	ps->pos += n;
	ps->text_start = ps->pos;
	return true;
}

/* Give up on the top frame: everything in it becomes plain content. */
static void frame_flatten(parser *ps)
{
	scratch *s = ps->s;
	frame *f = top(ps);

	s->kids[f->slot] = node_new_at(ps->t, SB_WT_TEXT, f->open,
				       f->open + f->count, f->line);
	for (size_t i = f->parts; i < s->n_parts; i++) {
		if (s->parts[i].bar != SIZE_MAX)
			ps->t->nodes[s->kids[s->parts[i].bar]].type = SB_WT_TEXT;
		if (s->parts[i].eq != SIZE_MAX)
			ps->t->nodes[s->kids[s->parts[i].eq]].type = SB_WT_TEXT;
	}
	s->n_parts = f->parts;
	s->n_frames--;
}

/* Offset where kids[i] starts, or `dflt` when i is past the end. */
static size_t kid_start(parser *ps, size_t i, size_t end, size_t dflt)
{
	return i < end ? ps->t->nodes[ps->s->kids[i]].start : dflt;
}

static bool is_pfunc_name(const char *s, size_t len)
{
	static const char *const words[] = {
		"lc", "uc", "lcfirst", "ucfirst", "urlencode", "anchorencode",
		"fullurl", "localurl", "canonicalurl", "filepath", "ns", "nse",
		"formatnum", "padleft", "padright", "plural", "grammar",
		"gender", "int", "msg", "msgnw", "raw", "language", "bidi",
		"tag", "special", "speciale", "displaytitle", "defaultsort"
	};
	size_t i = 0, w;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i < len && s[i] == '#')
		return true;
	w = i;
	while (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		i++;
	if (i >= len || s[i] != ':')
		return false;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == i - w &&
		    strncasecmp(words[k], s + w, i - w) == 0)
			return true;
	return false;
}

/*
 * Build the container of the top frame from its parts: children are the
 * opener SEP, NAME, then for each part SEP("|") and ARG (or VALUE for
 * links), then the closer SEP [close, close + cn).
 */
static uint32_t build_parts(parser *ps, int type, size_t ostart, size_t oend,
			    size_t close, size_t cn)
{
	scratch *s = ps->s;
	frame *f = top(ps);
	sb_wt_tree *t = ps->t;
	size_t end = s->n_kids, np = s->n_parts - f->parts;
	part *pt = &s->parts[f->parts];
	chain c = {SB_WT_NONE, SB_WT_NONE};
	uint32_t n, opener;

	opener = node_new_at(t, SB_WT_SEP, ostart, oend, f->line);
	chain_add(t, &c, opener);
	for (size_t k = 0; k < np; k++) {
		size_t a = pt[k].bar == SIZE_MAX ? f->slot + 1 : pt[k].bar + 1;
		size_t b = k + 1 < np ? pt[k + 1].bar : end;
		size_t from = pt[k].bar == SIZE_MAX ? oend
			: t->nodes[s->kids[pt[k].bar]].end;
		size_t to = kid_start(ps, b, end, close);
		size_t eq = pt[k].eq;

		if (k > 0)
			chain_add(t, &c, s->kids[pt[k].bar]);
		if (k == 0) {
			chain_add(t, &c, wrap(ps, SB_WT_NAME, a, b, from, to));
		} else if (type == SB_WT_LINK || type == SB_WT_EXTLINK) {
			chain_add(t, &c, wrap(ps, SB_WT_VALUE, a, b, from, to));
		} else if (eq != SIZE_MAX && type != SB_WT_TPARAM) {
			/* its line is its first child's, set below */
			uint32_t arg = node_new_at(t, SB_WT_ARG, from, to, 1);
			chain ac = {SB_WT_NONE, SB_WT_NONE};
			uint32_t eqn = s->kids[eq];

			chain_add(t, &ac, wrap(ps, SB_WT_ARGNAME, a, eq, from,
					       t->nodes[eqn].start));
			chain_add(t, &ac, eqn);
			chain_add(t, &ac, wrap(ps, SB_WT_VALUE, eq + 1, b,
					       t->nodes[eqn].end, to));
			t->nodes[arg].child = ac.first;
			t->nodes[arg].line = t->nodes[ac.first].line;
			chain_add(t, &c, arg);
		} else {
			/* its line is its first child's, set below */
			uint32_t arg = node_new_at(t, SB_WT_ARG, from, to, 1);
			uint32_t val;

			if (eq != SIZE_MAX)
				t->nodes[s->kids[eq]].type = SB_WT_TEXT;
			/* wrap() may move t->nodes: not in one expression. */
			val = wrap(ps, SB_WT_VALUE, a, b, from, to);
			t->nodes[arg].child = val;
			t->nodes[arg].line = t->nodes[val].line;
			chain_add(t, &c, arg);
		}
	}
	chain_add(t, &c, node_new(t, SB_WT_SEP, close, close + cn));
	n = node_new_at(t, type, ostart, close + cn, f->line);
	t->nodes[n].child = c.first;
	return n;
}

/* After a frame's node is built: drop its kids, push the node. */
static void frame_finish(parser *ps, uint32_t node, bool keep_open)
{
	scratch *s = ps->s;
	frame *f = top(ps);

	s->n_parts = f->parts;
	if (keep_open) {
		/* Leftover braces stay open around the new node. */
		s->n_kids = f->slot + 1;
		kid_push(ps, node);
		part_push(ps, SIZE_MAX);
		return;
	}
	if (f->count == 1) {
		s->kids[f->slot] = node_new_at(ps->t, SB_WT_TEXT, f->open,
					       f->open + 1, f->line);
		s->n_kids = f->slot + 1;
	} else {
		s->n_kids = f->slot;
	}
	kid_push(ps, node);
	s->n_frames--;
}

/* A run of m "}" at pos closes braces as MediaWiki matches them. */
static void close_braces(parser *ps, size_t m)
{
	flush_text(ps);
	while (m >= 2 && top(ps)->kind == F_BRACE) {
		frame *f = top(ps);
		size_t c = f->count >= 3 && m >= 3 ? 3 : 2;
		size_t ostart = f->open + f->count - c;
		int type = c == 3 ? SB_WT_TPARAM : SB_WT_TEMPLATE;
		uint32_t node;

		if (c == 2 && f->slot + 1 < ps->s->n_kids) {
			const sb_wt_node *first =
				&ps->t->nodes[ps->s->kids[f->slot + 1]];

			if (first->type == SB_WT_TEXT &&
			    is_pfunc_name(ps->p + first->start,
					  first->end - first->start))
				type = SB_WT_PFUNC;
		}
		node = build_parts(ps, type, ostart, f->open + f->count,
				   ps->pos, c);
		f->count -= (uint32_t)c;
		ps->pos += c;
		m -= c;
		frame_finish(ps, node, f->count >= 2);
	}
	/* Braces left over are text. */
	ps->text_start = ps->pos;
	ps->pos += m;
}

static void close_link(parser *ps, size_t cn)
{
	frame *f;
	uint32_t node;

	flush_text(ps);
	f = top(ps);
	node = build_parts(ps, f->kind == F_LINK ? SB_WT_LINK : SB_WT_EXTLINK,
			   f->open, f->open + f->count, ps->pos, cn);
	f->count = 0;
	frame_finish(ps, node, false);
	ps->pos += cn;
	ps->text_start = ps->pos;
}

static bool is_blank(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r')
			return false;
	return true;
}

/*
 * The kids index of the text leaf that should end in a heading's closing
 * "=" run: the last kid, or the last before trailing comments and white
 * space, which MediaWiki allows ("== Sign-ups == <!-- sign below -->").
 * SIZE_MAX when some other node comes last.
 */
static size_t heading_close_kid(parser *ps, const frame *f)
{
	for (size_t j = ps->s->n_kids; j > f->slot + 1; j--) {
		const sb_wt_node *n = &ps->t->nodes[ps->s->kids[j - 1]];

		if (n->type == SB_WT_COMMENT)
			continue;
		if (n->type != SB_WT_TEXT)
			return SIZE_MAX;
		if (!is_blank(ps->p, n->start, n->end))
			return j - 1;
	}
	return SIZE_MAX;
}

/*
 * At the end of a heading's line: a heading when its last text ends in
 * "=" (white space and comments after it allowed); otherwise plain text.
 */
static void close_heading(parser *ps)
{
	scratch *s = ps->s;
	sb_wt_tree *t = ps->t;
	frame *f;
	sb_wt_node *last;
	size_t a, b, r0, r1, lvl, j, end;
	uint32_t node, sep;
	chain c = {SB_WT_NONE, SB_WT_NONE};

	flush_text(ps);
	f = top(ps);
	if ((j = heading_close_kid(ps, f)) == SIZE_MAX)
		goto flat;
	last = &t->nodes[s->kids[j]];
	a = last->start;
	b = last->end;
	end = t->nodes[s->kids[s->n_kids - 1]].end;
	r1 = b;
	while (r1 > a && is_blank(ps->p, r1 - 1, r1))
		r1--;
	r0 = r1;
	while (r0 > a && ps->p[r0 - 1] == '=')
		r0--;
	if (r0 == r1)
		goto flat;
	lvl = r1 - r0 < f->count ? r1 - r0 : f->count;
	if (lvl > 6)
		lvl = 6;
	/* `last` points into t->nodes: done with it before new nodes. */
	last->end = (uint32_t)r0;
	sep = node_new_at(t, SB_WT_SEP, f->open, f->open + f->count, f->line);
	chain_add(t, &c, sep);
	for (size_t i = f->slot + 1; i < j; i++)
		chain_add(t, &c, s->kids[i]);
	if (r0 > a)
		chain_add(t, &c, s->kids[j]);
	chain_add(t, &c, node_new(t, SB_WT_SEP, r0, r1));
	if (b > r1)
		chain_add(t, &c, node_new(t, SB_WT_TEXT, r1, b));
	for (size_t i = j + 1; i < s->n_kids; i++)
		chain_add(t, &c, s->kids[i]);
	node = node_new_at(t, SB_WT_HEADING, f->open, end, f->line);
	t->nodes[node].child = c.first;
	t->nodes[node].level = (uint8_t)lvl;
	s->n_parts = f->parts;
	s->n_kids = f->slot;
	s->n_frames--;
	kid_push(ps, node);
	return;
flat:
	frame_flatten(ps);
}

/* ---- leaves that need a look ahead ---- */

static size_t run_of(parser *ps, size_t at, char ch)
{
	size_t i = at;

	while (i < ps->len && ps->p[i] == ch)
		i++;
	return i - at;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_xdigit(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Length of an entity at pos ("&amp;", "&#44;"), or 0. */
static size_t entity_len(parser *ps)
{
	const char *p = ps->p + ps->pos;
	size_t n = ps->len - ps->pos, i = 1, k;

	if (n > 2 && p[1] == '#') {
		bool hex = n > 3 && (p[2] == 'x' || p[2] == 'X');

		i = hex ? 3 : 2;
		k = i;
		while (i < n && i - k < 8 && (hex ? is_xdigit(p[i])
					   : is_digit(p[i])))
			i++;
	} else {
		k = 1;
		if (n < 2 || !is_alpha(p[1]))
			return 0;
		while (i < n && i - k < 32 && (is_alpha(p[i]) ||
					     is_digit(p[i])))
			i++;
	}
	if (i == k || i >= n || p[i] != ';')
		return 0;
	return i + 1;
}

static const char *const url_schemes[] = {
	"http://", "https://", "//", "ftp://", "ftps://", "sftp://",
	"mailto:", "irc://", "ircs://", "news:", "git://", "ssh://", "tel:"
};

/* Length of the URL after a "[" at pos, or 0. */
static size_t url_len(parser *ps)
{
	size_t at = ps->pos + 1, i;
	bool ok = false;

	for (size_t k = 0; k < sizeof(url_schemes) / sizeof(*url_schemes);
	     k++) {
		size_t l = strlen(url_schemes[k]);

		if (ps->len - at > l &&
		    strncasecmp(ps->p + at, url_schemes[k], l) == 0) {
			ok = true;
			break;
		}
	}
	if (!ok)
		return 0;
	for (i = at; i < ps->len; i++) {
		unsigned char c = (unsigned char)ps->p[i];

		if (c <= ' ' || c == ']' || c == '[' || c == '<' ||
		    c == '>' || c == '"' || c == '{' || c == '|')
			break;
	}
	return i - at;
}

static int tag_id(const char *s, size_t n)
{
	for (size_t i = 0; i < N_TAGS; i++)
		if (strlen(raw_tags[i]) == n &&
		    strncasecmp(raw_tags[i], s, n) == 0)
			return (int)i;
	return -1;
}

/* White space after a tag name: PCRE's \s, as MediaWiki matches it. */
static bool is_tag_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

/* Find "</name\s*>" at or after `from`, remembering the answer. */
static size_t find_closer(parser *ps, int id, size_t from, size_t *end)
{
	scratch *s = ps->s;
	const char *name = raw_tags[id];
	size_t nl = strlen(name);
	const char *q = ps->p + from, *e = ps->p + ps->len;

	if (s->tag_from[id] <= from &&
	    (s->tag_at[id] == SIZE_MAX || s->tag_at[id] >= from)) {
		*end = s->tag_end[id];
		return s->tag_at[id];
	}
	s->tag_from[id] = from;
	s->tag_at[id] = SIZE_MAX;
	while ((q = memchr(q, '<', (size_t)(e - q))) != NULL) {
		const char *r = q + 2 + nl;

		if ((size_t)(e - q) >= 3 + nl && q[1] == '/' &&
		    strncasecmp(q + 2, name, nl) == 0) {
			while (r < e && is_tag_space(*r))
				r++;
			if (r < e && *r == '>') {
				s->tag_at[id] = (size_t)(q - ps->p);
				s->tag_end[id] = (size_t)(r + 1 - ps->p);
				break;
			}
		}
		q++;
	}
	*end = s->tag_end[id];
	return s->tag_at[id];
}

/* "<" at pos: a comment, a raw extension tag, or text. Whichever opens
 * first hides the other until it closes: "<!--" inside a raw tag is its
 * content, a tag inside a comment the comment's text. A raw tag never
 * closed is text, and what follows it is parsed. */
static void lt(parser *ps)
{
	const char *p = ps->p + ps->pos;
	size_t n = ps->len - ps->pos, i = 1, end;
	const char *gt;
	int id;

	if (n >= 4 && memcmp(p, "<!--", 4) == 0) {
		const char *c = memmem(p + 4, n - 4, "-->", 3);

		end = c ? (size_t)(c + 3 - ps->p) : ps->len;
		note_newlines(ps, ps->pos, end);
		token(ps, SB_WT_COMMENT, end - ps->pos, 0);
		return;
	}
	while (i < n && (is_alpha(p[i]) || is_digit(p[i])))
		i++;
	id = tag_id(p + 1, i - 1);
	if (id < 0 || i >= n || !(is_tag_space(p[i]) || p[i] == '>' ||
				  (p[i] == '/' && i + 1 < n &&
				   p[i + 1] == '>')))
		goto text;
	/* The opening tag ends at the first ">", whatever is before it
	 * ("<" and "<!--" included), as in MediaWiki; no ">" left means
	 * none for any later tag either. */
	gt = ps->s->no_gt ? NULL : memchr(p + i, '>', n - i);
	if (!gt) {
		ps->s->no_gt = true;
		goto text;
	}
	end = (size_t)(gt + 1 - ps->p);
	if (gt[-1] != '/') {
		size_t cend;

		if (find_closer(ps, id, end, &cend) == SIZE_MAX)
			goto text;
		end = cend;
	}
	note_newlines(ps, ps->pos, end);
	token(ps, SB_WT_TAG, end - ps->pos, id);
	return;
text:
	ps->pos++;
}

/* At a line start: headings, list markers, table tokens. */
static void line_start(parser *ps)
{
	size_t at = ps->pos, n;
	char c;
	int k = top(ps)->kind;

	ps->table_line = false;
	if (at >= ps->len)
		return;
	c = ps->p[at];
	if (c == '=') {
		frame_push(ps, F_HEADING, run_of(ps, at, '='));
		return;
	}
	if (c == '*' || c == '#' || c == ':' || c == ';') {
		n = 0;
		while (at + n < ps->len && strchr("*#:;", ps->p[at + n]) &&
		       ps->p[at + n] != '\0')
			n++;
		token(ps, SB_WT_LIST, n, 0);
		return;
	}
	if (k == F_BRACE || k == F_LINK)
		return;
	while (at < ps->len && (ps->p[at] == ' ' || ps->p[at] == '\t'))
		at++;
	if (at >= ps->len)
		return;
	c = ps->p[at];
	if (c == '{' && at + 1 < ps->len && ps->p[at + 1] == '|') {
		ps->pos = at;
		token(ps, SB_WT_TABLE, 2, 1);
		ps->table_depth++;
		return;
	}
	if (ps->table_depth == 0 || (c != '|' && c != '!'))
		return;
	ps->pos = at;
	if (c == '|' && at + 1 < ps->len && ps->p[at + 1] == '}') {
		token(ps, SB_WT_TABLE, 2, 2);
		ps->table_depth--;
	} else if (c == '|' && at + 1 < ps->len && ps->p[at + 1] == '-') {
		token(ps, SB_WT_TABLE, 1 + run_of(ps, at + 1, '-'), 3);
	} else if (c == '|' && at + 1 < ps->len && ps->p[at + 1] == '+') {
		token(ps, SB_WT_TABLE, 2, 4);
	} else {
		token(ps, SB_WT_TABLE, 1, c == '|' ? 5 : 6);
		ps->table_line = true;
	}
}

static void newline(parser *ps)
{
	for (;;) {
		int k = top(ps)->kind;

		if (k == F_HEADING)
			close_heading(ps);
		else if (k == F_EXTLINK)
			frame_flatten(ps);
		else
			break;
	}
	ps->pos++;
	note_newlines(ps, ps->pos - 1, ps->pos);
	line_start(ps);
}

/* ---- the main loop ---- */

/* Bytes that may start markup; everything else is plain text. */
static const unsigned char special[256] = {
	['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, ['|'] = 1, ['='] = 1,
	['<'] = 1, ['&'] = 1, ['\n'] = 1, ['!'] = 1
};

/* "[[" opens a link; "[" before a URL an external link. */
static void open_bracket(parser *ps, int k)
{
	size_t n = run_of(ps, ps->pos, '[');

	if (n >= 2) {
		ps->pos += n - 2;
		if (!frame_push(ps, F_LINK, 2))
			ps->pos += 2;
	} else if ((n = url_len(ps)) > 0 && k != F_EXTLINK &&
		   frame_push(ps, F_EXTLINK, 1)) {
		/* The URL is a part of its own: NAME stays empty, the URL
		 * leaf sits where a "|" would, the label is the VALUE. */
		leaf(ps, SB_WT_TEXT, ps->pos, ps->pos + n);
		part_push(ps, ps->s->n_kids - 1);
		ps->pos += n;
		ps->text_start = ps->pos;
	} else {
		ps->pos++;
	}
}

static void close_bracket(parser *ps, int k)
{
	if (k == F_LINK && ps->pos + 1 < ps->len && ps->p[ps->pos + 1] == ']')
		close_link(ps, 2);
	else if (k == F_EXTLINK)
		close_link(ps, 1);
	else
		ps->pos++;
}

/* "|" separates parts of templates and links, "||" table cells. */
static void pipe(parser *ps, int k)
{
	if (k == F_BRACE || k == F_LINK) {
		token(ps, SB_WT_SEP, 1, 0);
		part_push(ps, ps->s->n_kids - 1);
	} else if (ps->table_line && ps->pos + 1 < ps->len &&
		   ps->p[ps->pos + 1] == '|') {
		token(ps, SB_WT_TABLE, 2, 7);
	} else {
		ps->pos++;
	}
}

/* The first "=" of a template argument splits its name from its value. */
static void equals(parser *ps, int k)
{
	scratch *s = ps->s;

	if (k == F_BRACE && s->n_parts - top(ps)->parts > 1 &&
	    s->parts[s->n_parts - 1].eq == SIZE_MAX) {
		token(ps, SB_WT_SEP, 1, 0);
		s->parts[s->n_parts - 1].eq = s->n_kids - 1;
	} else {
		ps->pos++;
	}
}

static void step(parser *ps)
{
	char c = ps->p[ps->pos];
	int k = top(ps)->kind;
	size_t n;

	switch (c) {
	case '\n':
		newline(ps);
		return;
	case '<':
		lt(ps);
		return;
	case '&':
		if ((n = entity_len(ps)) > 0)
			token(ps, SB_WT_ENTITY, n, 0);
		else
			ps->pos++;
		return;
	case '{':
		n = run_of(ps, ps->pos, '{');
		if (n < 2 || !frame_push(ps, F_BRACE, n))
			ps->pos += n;
		return;
	case '}':
		n = run_of(ps, ps->pos, '}');
		if (k == F_BRACE && n >= 2)
			close_braces(ps, n);
		else
			ps->pos += n;
		return;
	case '[':
		open_bracket(ps, k);
		return;
	case ']':
		close_bracket(ps, k);
		return;
	case '|':
		pipe(ps, k);
		return;
	case '!':
		if (ps->table_line && k != F_BRACE && k != F_LINK &&
		    ps->pos + 1 < ps->len && ps->p[ps->pos + 1] == '!')
			token(ps, SB_WT_TABLE, 2, 8);
		else
			ps->pos++;
		return;
	case '=':
		equals(ps, k);
		return;
	default:
		ps->pos++;
	}
}

static void reset(sb_wt_tree *t, scratch *s)
{
	t->n_nodes = 0;
	t->n_lines = 0;
	t->too_deep = false;
	t->too_deep_at = 0;
	s->n_frames = 0;
	s->n_kids = 0;
	s->n_parts = 0;
	s->no_gt = false;
	for (size_t i = 0; i < N_TAGS; i++) {
		s->tag_from[i] = SIZE_MAX;
		s->tag_at[i] = SIZE_MAX;
		s->tag_end[i] = SIZE_MAX;
	}
	SB_GROW(t->lines, t->cap_lines, 1);
	t->lines[t->n_lines++] = 0;
}

int sb_wt_parse(sb_wt_tree *t, const char *text, size_t len)
{
	parser ps;
	scratch *s;

	if (len >= UINT32_MAX - 8)
		return sb_error_set(SB_ETOOBIG,
				    "wikitext of %zu bytes is too big to parse",
				    len);
	if (!t->scratch_)
		t->scratch_ = sb_calloc(1, sizeof(scratch));
	s = t->scratch_;
	reset(t, s);
	t->text = text;
	t->len = len;
	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.s = s;
	ps.p = text;
	ps.len = len;
	SB_GROW(s->frames, s->cap_frames, 1);
	s->frames[0].kind = F_ROOT;
	s->frames[0].slot = SIZE_MAX;
	s->n_frames = 1;
	line_start(&ps);
	while (ps.pos < len) {
		/* Plain bytes in a local: ps.pos lives in memory. */
		size_t i = ps.pos;

		while (i < len && !special[(unsigned char)text[i]])
			i++;
		ps.pos = i;
		if (i < len)
			step(&ps);
	}
	flush_text(&ps);
	while (s->n_frames > 1) {
		if (top(&ps)->kind == F_HEADING)
			close_heading(&ps);
		else
			frame_flatten(&ps);
	}
	t->root = wrap(&ps, SB_WT_ROOT, 0, s->n_kids, 0, len);
	return SB_OK;
}

void sb_wt_init(sb_wt_tree *t)
{
	memset(t, 0, sizeof(*t));
	t->root = SB_WT_NONE;
}

void sb_wt_dispose(sb_wt_tree *t)
{
	scratch *s = t->scratch_;

	if (s) {
		free(s->frames);
		free(s->kids);
		free(s->parts);
		free(s);
	}
	free(t->nodes);
	free(t->lines);
	sb_wt_init(t);
}
