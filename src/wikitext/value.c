/*
 * value.c - from a parameter's value (a subtree) to clean items, as the
 * "Lists" rules of the contract say.
 *
 * The walk writes characters into the current item and cuts items at the
 * separators (commas, semicolons, middle dots, <br>, new lines, list
 * markers). Markup that stands for text gives its text: a link its label,
 * an entity its character (literal: "&#44;" is a comma that separates
 * nothing), <nowiki> its content. Comments vanish. A template gives text
 * only when it is a known skill, language or user template.
 */
#include "extract_int.h"

#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct walker {
	page_state *ps;
	sb_items *out;
	int mode;
	const char *field;
	sb_diags *d;
	sb_buf *cur;         /* the item being written (ps->item) */
	size_t cur_src;      /* where it starts in the page */
	char *cur_user;      /* first user linked in the item */
	bool cur_skill_tpl;
	bool bol;            /* at a line start: "*"/"#" are markers */
	bool overflow;       /* SB_MAX_ITEMS reached */
} walker;

/* Blocks of 16 KiB hold a few pages' items; a longer item gets its own. */
#define POOL_BLOCK (16 * 1024)

char *sb_pool_alloc(sb_pool *p, size_t n)
{
	sb_pool_block *b = p->head;
	/* Multiples of 8 keep every piece aligned for the item arrays. */
	size_t need = (n + 7) & ~(size_t)7;
	char *out;

	if (!b || b->cap - b->used < need) {
		size_t cap = need > POOL_BLOCK ? need : POOL_BLOCK;

		b = sb_malloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = p->head;
		p->head = b;
	}
	out = b->data + b->used;
	b->used += need;
	return out;
}

void sb_pool_reset(sb_pool *p)
{
	sb_pool_block *b = p->head, *keep = NULL;

	/* Keep one ordinary block; big ones (a giant item) go. */
	while (b) {
		sb_pool_block *next = b->next;

		if (!keep && b->cap == POOL_BLOCK) {
			keep = b;
			keep->next = NULL;
			keep->used = 0;
		} else {
			free(b);
		}
		b = next;
	}
	p->head = keep;
}

void sb_pool_dispose(sb_pool *p)
{
	while (p->head) {
		sb_pool_block *next = p->head->next;

		free(p->head);
		p->head = next;
	}
}

void sb_items_dispose(sb_items *it)
{
	/* The texts and the array are in the page's pool. */
	for (size_t i = 0; i < it->n; i++)
		free(it->v[i].user);
	memset(it, 0, sizeof(*it));
}

void sb_diag_at(page_state *ps, sb_diags *d, const char *field, size_t off,
		const char *fmt, ...)
{
	sb_buf msg;
	va_list ap;
	int line, col;

	sb_buf_init(&msg, 64 * 1024);
	va_start(ap, fmt);
	sb_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sb_wt_position(ps->t, off, &line, &col);
	sb_diag_add(d->v, d->n, field, line, col, "%s", sb_buf_str(&msg));
	sb_buf_dispose(&msg);
}

/* The item array lives in the pool too (twice as big when full). */
static void grow_items(sb_pool *pool, sb_items *it)
{
	size_t cap = it->cap ? it->cap * 2 : 8;
	sb_item *v = (sb_item *)(void *)sb_pool_alloc(pool,
						      cap * sizeof(*v));

	if (it->n)
		memcpy(v, it->v, it->n * sizeof(*v));
	it->v = v;
	it->cap = cap;
}

/* The directional marks (and the spaces they hid) at the ends of a clean
 * item go: at an end they steer nothing ("a،<RLM> b" is two items, not
 * one of a mark alone). Marks inside stay for display; comparisons
 * (sb_text_fold) ignore them. */
static char *trim_marks(char *s)
{
	size_t n = strlen(s), k, j;

	for (;;) {
		if (n && *s == ' ')
			k = 1;
		else if ((k = sb_text_mark_len(s, n)) == 0)
			break;
		s += k;
		n -= k;
	}
	while (n) {
		for (j = n - 1; j && ((unsigned char)s[j] & 0xC0) == 0x80; j--)
			;
		if (s[n - 1] == ' ')
			n--;
		else if (sb_text_mark_len(s + j, n - j) == n - j)
			n = j;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* The clean form of s in the pool: written there directly for ASCII and
 * Latin-1 text, copied from utf8proc's result otherwise. */
static char *pool_clean(sb_pool *pool, const char *s, size_t len)
{
	char *out = sb_pool_alloc(pool, len + 1), *slow;
	const char *t;
	size_t n;

	if (sb_text_clean_to(out, s, len))
		return out;
	slow = sb_text_clean(s, len);
	t = trim_marks(slow);
	n = strlen(t);
	if (n > len)
		out = sb_pool_alloc(pool, n + 1);
	memcpy(out, t, n + 1);
	free(slow);
	return out;
}

/* Close the current item: clean it, keep it when not empty. */
static void item_end(walker *w)
{
	char *clean;

	if (w->cur->len) {
		clean = pool_clean(w->ps->pool, sb_buf_str(w->cur),
				   w->cur->len);
		if (!*clean) {
			/* nothing to keep */
		} else if (w->out->n >= SB_MAX_ITEMS) {
			/* A bound keeps the per-item work (duplicates) small
			 * on any input. */
			if (!w->overflow)
				sb_diag_at(w->ps, w->d, w->field, w->cur_src,
					   "more than %d items; the rest are "
					   "left out", SB_MAX_ITEMS);
			w->overflow = true;
		} else {
			if (w->out->n == w->out->cap)
				grow_items(w->ps->pool, w->out);
			w->out->v[w->out->n].text = clean;
			w->out->v[w->out->n].src = w->cur_src;
			w->out->v[w->out->n].user = w->cur_user;
			w->cur_user = NULL;
			w->out->v[w->out->n].skill_tpl = w->cur_skill_tpl;
			w->out->n++;
		}
	}
	sb_buf_reset(w->cur);
	free(w->cur_user);
	w->cur_user = NULL;
	w->cur_skill_tpl = false;
	w->cur_src = SIZE_MAX;
}

static void separator(walker *w)
{
	w->out->cut = true;
	if (w->mode == VAL_LIST)
		item_end(w);
	else
		sb_buf_addc(w->cur, ' ');
}

/* Append literal bytes that start at page offset `src`. */
static void put(walker *w, const char *s, size_t n, size_t src)
{
	if (w->cur_src == SIZE_MAX) {
		size_t k = 0;

		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (k < n)
			w->cur_src = src + k;
	}
	/* The item buffer is reused and nearly always has room: copy here
	 * rather than through sb_buf_add (same bytes and NUL). */
	if (w->cur->ptr && w->cur->len + n < w->cur->cap &&
	    n <= w->cur->max - w->cur->len) {
		memcpy(w->cur->ptr + w->cur->len, s, n);
		w->cur->len += n;
		w->cur->ptr[w->cur->len] = '\0';
		return;
	}
	sb_buf_add(w->cur, s, n);
}

/* Length of "<br>", "<br/>", "<BR />", "</br>" at s, or 0. */
static size_t br_len(const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '/')
		i++;
	if (n < i + 2 || strncasecmp(s + i, "br", 2) != 0)
		return 0;
	i += 2;
	while (i < n && (s[i] == ' ' || s[i] == '/'))
		i++;
	return i < n && s[i] == '>' ? i + 1 : 0;
}

/* Length of another HTML tag ("<span class=x>", "</small>") or 0. */
static size_t html_tag_len(const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '/')
		i++;
	if (i >= n || !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		return 0;
	while (i < n && s[i] != '>' && s[i] != '<' && s[i] != '\n')
		i++;
	return i < n && s[i] == '>' ? i + 1 : 0;
}

/* Separators beyond ASCII, in UTF-8: the contract's middle dot and
 * bullet, and the commas and semicolons of other scripts, which editors
 * writing in them type as naturally as "," (Arabic also for Persian and
 * Urdu, N'Ko, Ethiopic, CJK ideographic, fullwidth and small forms).
 * Unicode has no property for "comma", hence a list. */
static const struct {
	const char *s;
	size_t len;
} wide_seps[] = {
#define SEP(x) {x, sizeof(x) - 1}
	SEP("\xC2\xB7"),       /* U+00B7 middle dot */
	SEP("\xE2\x80\xA2"),   /* U+2022 bullet */
	SEP("\xD8\x8C"),       /* U+060C Arabic comma */
	SEP("\xD8\x9B"),       /* U+061B Arabic semicolon */
	SEP("\xDF\xB8"),       /* U+07F8 N'Ko comma */
	SEP("\xE1\x8D\xA3"),   /* U+1363 Ethiopic comma */
	SEP("\xE1\x8D\xA4"),   /* U+1364 Ethiopic semicolon */
	SEP("\xE3\x80\x81"),   /* U+3001 ideographic comma */
	SEP("\xEF\xB9\x90"),   /* U+FE50 small comma */
	SEP("\xEF\xB9\x91"),   /* U+FE51 small ideographic comma */
	SEP("\xEF\xB9\x94"),   /* U+FE54 small semicolon */
	SEP("\xEF\xBC\x8C"),   /* U+FF0C fullwidth comma */
	SEP("\xEF\xBC\x9B")    /* U+FF1B fullwidth semicolon */
#undef SEP
};

/* Bytes that may separate, start markup or a list marker (the first
 * bytes of wide_seps among them): any other byte only ends a line start
 * (when it is not blank). */
static const bool special[256] = {
	['\n'] = true, [','] = true, [';'] = true, ['<'] = true,
	['\''] = true, ['*'] = true, ['#'] = true, [0xC2] = true,
	[0xD8] = true, [0xDF] = true, [0xE1] = true, [0xE2] = true,
	[0xE3] = true, [0xEF] = true
};

/* Length of the separator of wide_seps at s, or 0. */
static size_t wide_sep_len(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof(wide_seps) / sizeof(*wide_seps); k++)
		if (s[0] == wide_seps[k].s[0] && n >= wide_seps[k].len &&
		    memcmp(s, wide_seps[k].s, wide_seps[k].len) == 0)
			return wide_seps[k].len;
	return 0;
}

/* Plain text as written in a text leaf, with the separators applied. */
static void text(walker *w, const char *s, size_t n, size_t src)
{
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 0;

		if (!special[c]) {
			if (c != ' ' && c != '\t' && c != '\r')
				w->bol = false;
			i++;
			/* Past the line start, skip to the next special. */
			while (!w->bol && i < n &&
			       !special[(unsigned char)s[i]])
				i++;
			continue;
		}

		if (c == '\n' || (w->mode == VAL_LIST && (c == ',' || c == ';'))) {
			put(w, s + run, i - run, src + run);
			separator(w);
			w->bol = c == '\n' || w->bol;
			if (c == '\n')
				w->bol = true;
			run = ++i;
			continue;
		}
		if (c >= 0x80 && w->mode == VAL_LIST &&
		    (k = wide_sep_len(s + i, n - i)) > 0) {
			put(w, s + run, i - run, src + run);
			separator(w);
			run = i += k;
			continue;
		}
		if (c == '<' && (k = br_len(s + i, n - i)) > 0) {
			put(w, s + run, i - run, src + run);
			separator(w);
			run = i += k;
			continue;
		}
		if ((c == '<' && (k = html_tag_len(s + i, n - i)) > 0) ||
		    (c == '\'' && i + 1 < n && s[i + 1] == '\'')) {
			if (!k)
				while (i + k < n && s[i + k] == '\'')
					k++;
			put(w, s + run, i - run, src + run);
			run = i += k;
			continue;
		}
		if (w->bol && (c == '*' || c == '#') && w->mode == VAL_LIST) {
			w->out->cut = true;
			put(w, s + run, i - run, src + run);
			run = ++i;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\r')
			w->bol = false;
		i++;
	}
	put(w, s + run, n - run, src + run);
}

static void walk(walker *w, uint32_t i, bool atomic);

static void walk_children(walker *w, uint32_t i, bool atomic)
{
	const sb_wt_tree *t = w->ps->t;

	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next)
		walk(w, c, atomic);
}

/* The namespaces of user pages, lower case, as in the contract. */
static const struct {
	const char *s;
	size_t len;
} user_ns[] = {
#define NS(x) {x, sizeof(x) - 1}
	NS("user:"), NS("utilisateur:"), NS("utilisatrice:"), NS("usuario:"),
	NS("usuaria:"), NS("usuário:"), NS("usuária:"), NS("benutzer:"),
	NS("benutzerin:")
#undef NS
};

static size_t user_prefix_len(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == ':')) {
		s++;
		n--;
	}
	/* Every prefix starts with u or b: most text stops here. */
	if (!n || ((*s | 0x20) != 'u' && (*s | 0x20) != 'b'))
		return 0;
	for (size_t k = 0; k < sizeof(user_ns) / sizeof(user_ns[0]); k++) {
		size_t l = user_ns[k].len;

		/* strncasecmp folds ASCII only, enough for these prefixes
		 * apart from their accents, which are written as given. */
		if (n >= l && strncasecmp(s, user_ns[k].s, l) == 0)
			return l;
	}
	return 0;
}

char *sb_user_name(const char *text, size_t len)
{
	size_t k;
	char *name;

	while (len && (*text == ' ' || *text == ':')) {
		text++;
		len--;
	}
	k = user_prefix_len(text, len);
	name = sb_text_title(text + k, len - k);
	if (!*name) {
		free(name);
		return NULL;
	}
	return name;
}

char *sb_user_from_title(const char *title)
{
	size_t k = user_prefix_len(title, strlen(title));
	size_t n;

	if (!k)
		return NULL;
	n = strcspn(title + k, "/");
	return sb_user_name(title + k, n);
}

/* Remember the item's first user (takes `user`). */
static void note_user(walker *w, char *user)
{
	if (w->cur_user)
		free(user);
	else
		w->cur_user = user;
}

/* The text of a link: a user link gives the user, else label/target. */
static void link(walker *w, uint32_t i)
{
	const sb_wt_tree *t = w->ps->t;
	uint32_t name = sb_wt_child(t, i, SB_WT_NAME, 0), label = SB_WT_NONE;
	sb_buf *tmp = &w->ps->tmp;
	const char *target;
	bool colon;
	size_t k;

	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next)
		if (t->nodes[c].type == SB_WT_VALUE)
			label = c;
	sb_buf_reset(tmp);
	sb_wt_plain(tmp, t, name);
	target = sb_buf_str(tmp);
	while (*target == ' ')
		target++;
	/* "[[:Category:X]]" is a link to X; "[[Category:X]]" files the page
	 * and shows nothing (nor does an image here). */
	colon = *target == ':';
	target += colon;
	if (!colon && (strncasecmp(target, "category:", 9) == 0 ||
		       strncasecmp(target, "file:", 5) == 0 ||
		       strncasecmp(target, "image:", 6) == 0))
		return;
	if ((k = user_prefix_len(target, strlen(target))) > 0) {
		char *user = sb_user_name(target + k,
					  strcspn(target + k, "/#|"));

		if (user) {
			put(w, user, strlen(user), t->nodes[i].start);
			note_user(w, user);
			return;
		}
	}
	if (label != SB_WT_NONE && t->nodes[label].end > t->nodes[label].start) {
		walk_children(w, label, true);
		return;
	}
	/* tmp is not w->cur: no copy needed. */
	put(w, target, strlen(target), t->nodes[i].start);
}

static void extlink(walker *w, uint32_t i)
{
	const sb_wt_tree *t = w->ps->t;
	uint32_t label = sb_wt_child(t, i, SB_WT_VALUE, 0);
	uint32_t url = sb_wt_child(t, i, SB_WT_TEXT, 0);
	const sb_wt_node *ln = sb_wt_node_at(t, label);

	if (ln && ln->end > ln->start) {
		size_t before = w->cur->len;

		walk_children(w, label, true);
		if (before != w->cur->len)
			return;
	}
	if (url != SB_WT_NONE)
		put(w, t->text + t->nodes[url].start,
		    t->nodes[url].end - t->nodes[url].start,
		    t->nodes[url].start);
}

bool sb_name_in(const sb_strv *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i][0] == name[0] && strcmp(list->v[i], name) == 0)
			return true;
	return false;
}

/* The number an argument stands for: the next unnamed one for an unnamed
 * argument, N for "N=" (MediaWiki's explicit form of the same), else 0. */
static unsigned long arg_number(walker *w, uint32_t arg, unsigned long *pos)
{
	const sb_wt_tree *t = w->ps->t;
	uint32_t an = sb_wt_child(t, arg, SB_WT_ARGNAME, 0);
	sb_buf *b = &w->ps->tmp;
	const char *s;
	char *end;
	unsigned long n;

	if (an == SB_WT_NONE)
		return ++*pos;
	sb_buf_reset(b);
	sb_wt_plain(b, t, an);
	s = sb_buf_str(b) + strspn(sb_buf_str(b), " \t\r\n");
	/* As MediaWiki: "1" and " 1 " name argument 1, "01" does not. */
	if (*s < '1' || *s > '9')
		return 0;
	n = strtoul(s, &end, 10);
	return end[strspn(end, " \t\r\n")] ? 0 : n;
}

/* A known template's text argument: its last numbered argument (a user
 * template's argument 1); a number given twice takes the later value. */
static uint32_t text_arg(walker *w, uint32_t tpl, bool user)
{
	const sb_wt_tree *t = w->ps->t;
	uint32_t pick = SB_WT_NONE;
	unsigned long pos = 0, best = 0;

	for (uint32_t a = t->nodes[tpl].child; a != SB_WT_NONE;
	     a = t->nodes[a].next) {
		unsigned long n;

		if (t->nodes[a].type != SB_WT_ARG)
			continue;
		n = arg_number(w, a, &pos);
		if (n && (user ? n == 1 : n >= best)) {
			best = n;
			pick = sb_wt_child(t, a, SB_WT_VALUE, 0);
		}
	}
	return pick;
}

/* A template inside a value: known ones give their last numbered
 * argument (a user template its first); others are reported. */
static void template(walker *w, uint32_t i)
{
	const sb_wt_tree *t = w->ps->t;
	const sb_extract_ctx *ctx = w->ps->ctx;
	sb_buf *name = &w->ps->tmp;
	uint32_t pick;
	bool user, skill, known;

	sb_wt_template_name(name, t, i);
	user = sb_name_in(&ctx->user_tpl, sb_buf_str(name));
	skill = sb_name_in(&ctx->skill_tpl, sb_buf_str(name));
	known = user || skill || sb_name_in(&ctx->lang_tpl, sb_buf_str(name));
	if (t->nodes[i].type == SB_WT_TPARAM) {
		sb_diag_at(w->ps, w->d, w->field, t->nodes[i].start,
			   "the template parameter {{{%s}}} has no value on "
			   "a page and was left out", sb_buf_str(name));
		return;
	}
	if (!known || t->nodes[i].type != SB_WT_TEMPLATE) {
		sb_diag_at(w->ps, w->d, w->field, t->nodes[i].start,
			   "the template {{%s}} gives no text here and was "
			   "left out", sb_buf_str(name));
		return;
	}
	if ((pick = text_arg(w, i, user)) == SB_WT_NONE) {
		/* text_arg() read the argument names into `name`. */
		sb_wt_template_name(name, t, i);
		sb_diag_at(w->ps, w->d, w->field, t->nodes[i].start,
			   "the template {{%s}} has no unnamed argument to "
			   "give text and was left out", sb_buf_str(name));
		return;
	}
	if (user) {
		char *u;

		sb_buf_reset(name);
		sb_wt_plain(name, t, pick);
		if ((u = sb_user_name(sb_buf_str(name), name->len)) != NULL) {
			put(w, u, strlen(u), t->nodes[i].start);
			note_user(w, u);
		}
		return;
	}
	walk_children(w, pick, true);
	if (skill)
		w->cur_skill_tpl = true;
}

/* The content of <nowiki>x</nowiki> / <pre>x</pre>: x, literally. */
static void raw_tag(walker *w, uint32_t i)
{
	const sb_wt_node *n = &w->ps->t->nodes[i];
	const char *s = w->ps->t->text + n->start;
	size_t len = n->end - n->start;
	const char *gt = memchr(s, '>', len), *lt;

	if (!gt || gt[-1] == '/')
		return;
	lt = s + len;
	while (lt > gt && *lt != '<')
		lt--;
	if (lt <= gt)
		return;
	put(w, gt + 1, (size_t)(lt - gt - 1),
	    n->start + (size_t)(gt + 1 - s));
}

static void walk(walker *w, uint32_t i, bool atomic)
{
	const sb_wt_tree *t = w->ps->t;
	const sb_wt_node *n = &t->nodes[i];
	int saved = w->mode;

	switch (n->type) {
	case SB_WT_TEXT:
		if (atomic)
			w->mode = VAL_SCALAR;
		text(w, t->text + n->start, n->end - n->start, n->start);
		w->mode = saved;
		break;
	case SB_WT_ENTITY: {
		size_t before = w->cur->len;

		if (!sb_wt_entity_decode(w->cur, t->text + n->start,
					 n->end - n->start))
			put(w, t->text + n->start, n->end - n->start,
			    n->start);
		else if (w->cur_src == SIZE_MAX && w->cur->len > before)
			w->cur_src = n->start;
		w->bol = false;
		break;
	}
	case SB_WT_TAG:
		if (n->level == SB_WT_TAG_NOWIKI || n->level == SB_WT_TAG_PRE)
			raw_tag(w, i);
		break;
	case SB_WT_LIST:
	case SB_WT_TABLE:
		if (!atomic)
			separator(w);
		w->bol = false;
		break;
	case SB_WT_LINK:
		link(w, i);
		w->bol = false;
		break;
	case SB_WT_EXTLINK:
		extlink(w, i);
		w->bol = false;
		break;
	case SB_WT_TEMPLATE:
	case SB_WT_PFUNC:
	case SB_WT_TPARAM:
		template(w, i);
		w->bol = false;
		break;
	case SB_WT_HEADING:
	case SB_WT_VALUE:
	case SB_WT_NAME:
		for (uint32_t c = n->child; c != SB_WT_NONE;
		     c = t->nodes[c].next)
			if (t->nodes[c].type != SB_WT_SEP)
				walk(w, c, atomic);
		break;
	default:  /* comments, stray separators */
		break;
	}
}

static void items(sb_items *out, page_state *ps, uint32_t node, bool whole,
		  int mode, const char *field, sb_diags *d)
{
	walker w;

	memset(&w, 0, sizeof(w));
	w.ps = ps;
	w.out = out;
	w.mode = mode;
	w.field = field;
	w.d = d;
	w.cur_src = SIZE_MAX;
	w.bol = true;
	w.cur = &ps->item;
	sb_buf_reset(w.cur);
	if (node != SB_WT_NONE && whole)
		walk(&w, node, false);
	else if (node != SB_WT_NONE)
		walk_children(&w, node, false);
	item_end(&w);
	sb_buf_reset(w.cur);
}

void sb_value_items(sb_items *out, page_state *ps, uint32_t value, int mode,
		    const char *field, sb_diags *d)
{
	items(out, ps, value, false, mode, field, d);
}

void sb_node_items(sb_items *out, page_state *ps, uint32_t node, int mode,
		   const char *field, sb_diags *d)
{
	items(out, ps, node, true, mode, field, d);
}

const char *sb_value_str(page_state *ps, uint32_t value, const char *field,
			 sb_diags *d)
{
	sb_items it = {0};
	const char *s = NULL;

	sb_value_items(&it, ps, value, VAL_SCALAR, field, d);
	if (it.n)
		s = it.v[0].text;
	sb_items_dispose(&it);
	return s;
}

char *sb_value_text(page_state *ps, uint32_t value, const char *field,
		    sb_diags *d)
{
	const char *s = sb_value_str(ps, value, field, d);

	return s ? sb_strdup(s) : NULL;
}
