/*
 * extract_int.h - what the extraction files share (not a public header):
 * the context, the parameters of one template, and the value cleaner.
 */
#ifndef SKILLSBOT_EXTRACT_INT_H
#define SKILLSBOT_EXTRACT_INT_H

#include "skillsbot/buf.h"
#include "skillsbot/extract.h"
#include "skillsbot/iso.h"
#include "skillsbot/record.h"
#include "skillsbot/wikitext.h"

#include <stdbool.h>

/* Memory for the short-lived strings of one page (item texts): handed
 * out in order, given back all at once when the page is done. */
typedef struct sb_pool_block {
	struct sb_pool_block *next;
	size_t cap, used;
	char data[];
} sb_pool_block;

typedef struct sb_pool {
	sb_pool_block *head;
} sb_pool;

char *sb_pool_alloc(sb_pool *p, size_t n);
/* Forget every string; keep one block for the next page. */
void sb_pool_reset(sb_pool *p);
void sb_pool_dispose(sb_pool *p);

/* Parameter names already matched to a field (the same dozen names
 * come in every template): a small direct-mapped memo. */
#define SB_FIELD_MEMO 64
typedef struct field_memo {
	const void *fields;    /* the field table, NULL: empty slot */
	int f;                 /* its field, or -1 */
	size_t len;
	char key[24];          /* the folded name */
} field_memo;

/* What one page's reading needs and the next page can reuse: the parse
 * tree, the scratch buffers, the pool and the memo keep their memory. */
typedef struct page_scratch {
	sb_wt_tree tree;
	sb_buf tmp, key, item;
	sb_pool pool;
	field_memo memo[SB_FIELD_MEMO];      /* by folded name */
	field_memo raw_memo[SB_FIELD_MEMO];  /* by name as written */
} page_scratch;

struct sb_extract_ctx {
	const sb_siteconf *conf;
	const sb_taxonomy *tax;
	sb_iso *iso;
	sb_strv names[SB_EXTRACT_KINDS];  /* normalised template names */
	sb_strv skill_tpl, lang_tpl, user_tpl;
	char *signup_key;                 /* folded section title */
	sb_extract_reject_fn reject;
	void *reject_data;
	/* Scratch kept between pages (its arrays stay allocated): taken
	 * and given back atomically, so threads may share ctx. */
	_Atomic(page_scratch *) spare;
};

/* Where diagnostics go while one record is read. */
typedef struct sb_diags {
	sb_diag **v;
	size_t *n;
} sb_diags;

/* One page being read. */
typedef struct page_state {
	const sb_extract_ctx *ctx;
	const sb_wt_tree *t;
	const char *title;     /* normalised */
	int64_t page_id;
	sb_buf tmp;            /* scratch for names */
	sb_buf key;            /* the parameter name being looked up */
	sb_buf item;           /* the list item being written (value.c) */
	sb_pool *pool;         /* item texts, freed with the page */
	field_memo *memo;      /* SB_FIELD_MEMO slots */
	field_memo *raw_memo;  /* the same, by name as written */
} page_state;

/* An item of a value after list clean-up. */
typedef struct sb_item {
	char *text;            /* NFC, white space folded, trimmed; in
				* ps->pool (copy it to keep it) */
	size_t src;            /* byte offset of its start in the page */
	char *user;            /* the first user of a user link or {{u}}
				* in it, or NULL */
	bool skill_tpl;        /* a {{skill}} template gave (part of) it */
} sb_item;

typedef struct sb_items {
	sb_item *v;
	size_t n, cap;
	bool cut;              /* a separator or list marker was met: the
				* scalar reading may differ */
} sb_items;

void sb_items_dispose(sb_items *it);

/* Bounds that keep the work per record linear on any page. */
#define SB_MAX_ITEMS 200
#define SB_MAX_SIGNUPS 2000

enum value_mode {
	VAL_SCALAR = 0,        /* one item: the whole value */
	VAL_LIST = 1           /* split at the list separators */
};

/* Clean a VALUE node into items. Templates that give no text are
 * reported to `d` under `field`. */
void sb_value_items(sb_items *out, page_state *ps, uint32_t value,
		    int mode, const char *field, sb_diags *d);

/* The same for one node (a link, a template) read as a whole value. */
void sb_node_items(sb_items *out, page_state *ps, uint32_t node, int mode,
		   const char *field, sb_diags *d);

/* The value as one cleaned string (NULL when empty), a new string. */
char *sb_value_text(page_state *ps, uint32_t value, const char *field,
		    sb_diags *d);
/* The same in ps->pool (valid until the page is done): for values only
 * looked at. */
const char *sb_value_str(page_state *ps, uint32_t value, const char *field,
			 sb_diags *d);

/* Add a diagnostic at a byte offset of the page. */
void sb_diag_at(page_state *ps, sb_diags *d, const char *field, size_t off,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A user name from text: a User:-like prefix dropped, title-normalised.
 * NULL when nothing is left. */
char *sb_user_name(const char *text, size_t len);
/* When `title` is "User:X" or "User:X/...", X; else NULL. */
char *sb_user_from_title(const char *title);

/* Field readers shared by the three record kinds. */
void sb_read_languages(sb_lang **out, size_t *n, page_state *ps,
		       uint32_t value, const char *field, sb_diags *d);
/* Unmapped skills are kept; the first `report` of those kept are said
 * when not in the taxonomy (a {{skill|x}} naming none is always said). */
void sb_read_skills(sb_skill_ref **out, size_t *n, page_state *ps,
		    uint32_t value, const char *field, size_t report,
		    sb_diags *d);
/* For a field of one skill: the first item in *out (zeroed when there is
 * none), said when unmapped if `report`; returns how many items were
 * written, so callers can say more. */
size_t sb_read_skill(sb_skill_ref *out, page_state *ps, uint32_t value,
		     const char *field, bool report, sb_diags *d);
bool sb_read_int(int *out, page_state *ps, uint32_t value, const char *field,
		 int lo, int hi, sb_diags *d);
/* link.c: where a link field points, a new string: an http(s) address
 * ("//x" becomes "https://x") or a wiki page title; a link's target, not
 * its label. NULL when empty or not such a place (reported). */
char *sb_read_link(page_state *ps, uint32_t value, const char *field,
		   sb_diags *d);

/* Parameters of one template, by field (the last one given wins). */
#define SB_MAX_FIELDS 16
typedef struct params {
	uint32_t value[SB_MAX_FIELDS];   /* VALUE node or SB_WT_NONE */
	uint32_t positional[4];          /* first unnamed arguments */
	size_t n_positional;
} params;

typedef struct field_def {
	const char *name;
	const char *aliases;             /* "|"-separated, folded */
} field_def;

void sb_read_params(params *out, page_state *ps, uint32_t tpl,
		    const field_def *fields, size_t n_fields, bool positional,
		    sb_diags *d);

/* The record readers. */
void sb_extract_profile(sb_records *out, page_state *ps, uint32_t tpl,
			int index);
void sb_extract_clinic(sb_records *out, page_state *ps, uint32_t tpl,
		       int index);
void sb_extract_resource(sb_records *out, page_state *ps, uint32_t tpl,
			 int index);
/* Where a feedback stands among the profile templates of its page, and
 * whom its by= names: what its author is decided from once the whole
 * page is read. */
#define SB_FB_NO_PROFILE ((size_t)-1)   /* no profile template before it */
#define SB_FB_LEFT_OUT ((size_t)-2)     /* the one before it was left out */
typedef struct fb_place {
	size_t after;          /* index in out->profiles of the profile
				* template it follows, or one of the above */
	char *by;              /* by=, a normalised user name, or NULL */
	size_t at;             /* byte offset for a diagnostic: by='s value,
				* else the template */
} fb_place;

/* feedback.c: one {{Let's Connect/Feedback}}; fills place->by and
 * place->at (the caller sets place->after). The author is set after the
 * whole page is read (sb_feedback_set_authors). */
void sb_extract_feedback(sb_records *out, page_state *ps, uint32_t tpl,
			 int index, fb_place *place);
/* The authors of the page's feedback records (from `first` on, one
 * place each, in order); `n_profile_tpls` counts the page's profile
 * templates, left-out ones included. Frees the places' by names. */
void sb_feedback_set_authors(sb_records *out, page_state *ps, size_t first,
			     size_t first_profile, size_t n_profile_tpls,
			     fb_place *places);
/* Sign-ups of the page's clinics (records from `first` on). */
void sb_extract_signups(sb_records *out, page_state *ps, size_t first,
			const uint32_t *clinic_tpls);

/* Is `name` (normalised) in the list? */
bool sb_name_in(const sb_strv *list, const char *name);

#endif
