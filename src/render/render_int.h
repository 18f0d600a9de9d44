/*
 * render_int.h - what the render module's files share (not public).
 *
 * render.c drives: it loads messages and layouts, asks pages.c for each
 * page's data tree (one per language), and splits pages over budget.
 */
#ifndef SKILLSBOT_RENDER_INT_H
#define SKILLSBOT_RENDER_INT_H

#include "skillsbot/i18n.h"
#include "skillsbot/iso.h"
#include "skillsbot/layout.h"
#include "skillsbot/render.h"

/* Shared, read-only, for one sb_render_all() call. */
typedef struct rctx {
	const sb_render_ctx *in;
	const sb_i18n *msgs;
	size_t *order;        /* profile indexes by user name (display
			       * order: sb_text_sort_key), page id, page,
			       * index */
	size_t n_order;       /* only profiles that are shown (not inactive),
			       * one a person: the matcher's */
	size_t *rank;         /* rank[profile index] in `order`, or SIZE_MAX */
	size_t *dups;         /* pairs (a person's further profile, the
			       * profile used), as
			       * sb_records_further_profiles gives them */
	size_t n_dups;
	char **links;         /* links[rank]: the person's [[User:X|X]] */
	struct skill_table *skills;  /* who shares and wants each skill */
	struct speaker *speakers;    /* (language, person) pairs, sorted */
	size_t n_speakers;
	sb_iso *iso;          /* country names; NULL when not loaded */
	const sb_strv *left_notes;  /* pages left out so far, one line each,
				     * for the dashboard (rendered last) */
} rctx;

/* The language-independent tables above (pages.c). */
void sb_render_tables_build(rctx *rc);
void sb_render_tables_free(rctx *rc);

typedef struct page_def {
	const char *section;            /* marker name and layout file */
	int key;                        /* SB_PAGE_*, or -1 for rosters */
	const sb_layout_field *schema;
	sb_tv *(*build)(const rctx *rc, const char *lang);
	const char *split;              /* the list that may split, or NULL */
} page_def;

/* The generated pages, in the order written; ends with a zeroed entry. */
extern const page_def sb_render_pages[];
extern const sb_layout_field sb_render_roster_schema[];
extern const sb_layout_field sb_render_index_fields[];

/* The values every page's layout has (docs/rendering.md): its language
 * and direction, its part and parts, a part's links to its index and its
 * neighbours, and links to the page's other language versions. */
#define SB_RENDER_COMMON_FIELDS \
	{"lang", SB_TV_TEXT, NULL}, {"dir", SB_TV_TEXT, NULL}, \
	{"part", SB_TV_TEXT, NULL}, \
	{"parts", SB_TV_LIST, sb_render_index_fields}, \
	{"index", SB_TV_WIKI, NULL}, {"prev", SB_TV_WIKI, NULL}, \
	{"next", SB_TV_WIKI, NULL}, {"versions", SB_TV_WIKI, NULL}

/* The roster of match->rosters[i], in language `lang`. */
sb_tv *sb_render_build_roster(const rctx *rc, size_t i, const char *lang);

/* pages.c's helpers, for the pages of recognition.c. */
sb_tv *sb_render_new_top(const rctx *rc, const char *lang);
/* A skill's label in `lang`, and in *in its language (NULL: the text
 * as written). */
const char *sb_render_skill_label_in(const rctx *rc, const char *id_or_text,
				     const char *lang, const char **in);
const char *sb_render_msg(const rctx *rc, const char *lang, const char *key);
/* Append message `key` with `args` to the WIKI `name` of `m` (made when
 * missing): its words in the language they are shown in, each value in
 * its own, arg_langs[i] (NULL, or arg_langs NULL: the words', as for a
 * number), so that the layout marks each stretch that is not in the
 * language around it: a message named inside another message, or a
 * label inside a message, keeps its language. */
void sb_render_append_msg(sb_tv *m, const char *name, const rctx *rc,
			  const char *lang, const char *key,
			  const sb_msg_arg *args, const char *const *arg_langs,
			  size_t n_args);

/* recognition.c: feedback, the Recognition page, evaluation figures. */
/* The outcome of the pair (a, b, skill) as its feedback says, either
 * person's (declined wins, then met, planned, no answer); -1: none. */
int sb_render_pair_outcome(const sb_records *recs, const char *a,
			   const char *b, const char *skill);
extern const sb_layout_field sb_render_recognition_schema[];
sb_tv *sb_render_build_recognition(const rctx *rc, const char *lang);
extern const sb_layout_field sb_render_eval_month_row[];
extern const sb_layout_field sb_render_eval_region_head[];
extern const sb_layout_field sb_render_eval_clinic_row[];
#define SB_RENDER_EVAL_FIELDS \
	{"eval_suggested", SB_TV_INT, NULL}, {"eval_met", SB_TV_INT, NULL}, \
	{"eval_planned", SB_TV_INT, NULL}, \
	{"eval_declined", SB_TV_INT, NULL}, \
	{"eval_unanswered", SB_TV_INT, NULL}, \
	{"clinics_held", SB_TV_LIST, sb_render_eval_clinic_row}, \
	{"month_regions", SB_TV_LIST, sb_render_eval_region_head}, \
	{"months", SB_TV_LIST, sb_render_eval_month_row}
/* Set the evaluation fields on the dashboard's tree. */
void sb_render_add_evaluation(sb_tv *top, const rctx *rc, const char *lang);

/* Hidden members of split-list items (not in any schema). */
#define RK_KEY "_key"       /* sort key (sb_text_sort_key): letter buckets */
#define RK_GROUP "_group"   /* whole-group bucket (category number) */
#define RK_GLABEL "_glabel" /* the group's label for the index page */

#endif
