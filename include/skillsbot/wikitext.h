/*
 * wikitext.h - a lossless wikitext parser (the preprocessor level and the
 * line-level markup), for reading what editors wrote.
 *
 * The tree is a flat array of nodes, each a non-owning slice [start, end)
 * of the input. Every byte of the input lies in exactly one leaf, in
 * order, so concatenating the leaves gives back the input byte for byte,
 * whatever it was (invalid UTF-8 and unclosed constructs included):
 * sb_wt_serialise() does that, sb_wt_check() verifies it.
 *
 * Containers (template, link, heading, ...) hold their markup as SEP
 * leaves ("{{", "|", "=", "}}") between the parts, so the structure can be
 * read without re-scanning. Parsing is one left-to-right pass with an
 * explicit stack bounded at SB_WT_MAX_DEPTH, MediaWiki's preprocessor
 * rules for braces (an unclosed "{{" becomes text, no rescans), so the
 * cost is linear in the input for any input.
 *
 * Ownership: the tree borrows the input, which must outlive it. The tree
 * may be reused for the next page (sb_wt_parse() resets it), which keeps
 * its memory: the usual way to parse many pages.
 */
#ifndef SKILLSBOT_WIKITEXT_H
#define SKILLSBOT_WIKITEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skillsbot/buf.h"

#define SB_WT_MAX_DEPTH 100
#define SB_WT_NONE UINT32_MAX

enum sb_wt_type {
	/* leaves */
	SB_WT_TEXT = 1,
	SB_WT_SEP,       /* markup of the parent: "{{", "|", "=", "]]", ... */
	SB_WT_COMMENT,   /* <!-- ... --> (to the end when unclosed) */
	SB_WT_ENTITY,    /* &amp; &#44; &#x2C; */
	SB_WT_TAG,       /* <nowiki>..</nowiki>, <ref/>, <pre>..: raw content */
	SB_WT_LIST,      /* "*", "#:", ";" at a line start */
	SB_WT_TABLE,     /* "{|", "|-", "|+", "|", "!", "||", "!!", "|}" */
	/* containers */
	SB_WT_ROOT,
	SB_WT_TEMPLATE,  /* {{name|arg|k=v}} */
	SB_WT_PFUNC,     /* {{#if:...}}, {{lc:...}}: a parser function */
	SB_WT_TPARAM,    /* {{{name|default}}} */
	SB_WT_NAME,      /* the name part of a template or parameter */
	SB_WT_ARG,       /* one argument: [ARGNAME SEP("=")] VALUE */
	SB_WT_ARGNAME,
	SB_WT_VALUE,
	SB_WT_LINK,      /* [[target|label]]: NAME, then VALUE parts */
	SB_WT_EXTLINK,   /* [http://x label]: children are the inside */
	SB_WT_HEADING    /* == title ==: SEP, children, SEP[, blanks and
			  * comments after the closer] */
};

/* `level` of a TAG leaf for the two tags whose content is literal text. */
#define SB_WT_TAG_NOWIKI 0
#define SB_WT_TAG_PRE 1

typedef struct sb_wt_node {
	uint8_t type;     /* enum sb_wt_type */
	uint8_t level;    /* heading level, table token kind, tag id */
	uint16_t pad_;
	uint32_t start;   /* byte offsets into the input */
	uint32_t end;
	uint32_t line;    /* 1-based line of `start` */
	uint32_t child;   /* first child, or SB_WT_NONE */
	uint32_t next;    /* next sibling, or SB_WT_NONE */
} sb_wt_node;

typedef struct sb_wt_tree {
	const char *text;       /* the input (borrowed) */
	size_t len;
	sb_wt_node *nodes;
	size_t n_nodes, cap_nodes;
	uint32_t root;
	uint32_t *lines;        /* offsets of line starts, for columns */
	size_t n_lines, cap_lines;
	bool too_deep;          /* nesting passed SB_WT_MAX_DEPTH somewhere */
	uint32_t too_deep_at;   /* offset of the first construct refused */
	/* parser scratch, kept between parses to avoid reallocation */
	void *scratch_;
} sb_wt_tree;

void sb_wt_init(sb_wt_tree *t);
void sb_wt_dispose(sb_wt_tree *t);

/* Parse `len` bytes. Fails only with SB_ETOOBIG for inputs of 4 GiB or
 * more; any other input gives a tree. */
int sb_wt_parse(sb_wt_tree *t, const char *text, size_t len);

static inline const sb_wt_node *sb_wt_node_at(const sb_wt_tree *t,
					      uint32_t i)
{
	return i == SB_WT_NONE ? NULL : &t->nodes[i];
}

/* 1-based line and column (in code points) of a byte offset. */
void sb_wt_position(const sb_wt_tree *t, size_t offset, int *line,
		    int *column);

/* Append the leaves under node `i` to `out` (the whole input for root). */
int sb_wt_serialise(sb_buf *out, const sb_wt_tree *t, uint32_t i);

/* Check the invariants (leaves contiguous, covering the input, children
 * inside parents). Returns SB_OK or SB_ERROR with a message. */
int sb_wt_check(const sb_wt_tree *t);

/* The n-th child of kind `type` under node i (0-based), or SB_WT_NONE. */
uint32_t sb_wt_child(const sb_wt_tree *t, uint32_t i, int type, size_t n);

/* Plain text of a subtree with comments left out (other leaves as
 * written). Used for names: template, parameter, heading. */
int sb_wt_plain(sb_buf *out, const sb_wt_tree *t, uint32_t i);

/*
 * The name of a template node, normalised the MediaWiki way: comments
 * dropped, character references ("&#39;") decoded, "subst:"/"safesubst:"
 * and "Template:" prefixes dropped, underscores and runs of white space
 * become one space, trimmed, first letter upper case. Replaces the
 * contents of `out`.
 */
int sb_wt_template_name(sb_buf *out, const sb_wt_tree *t, uint32_t i);

/* The same normalisation for a name given as text. */
int sb_wt_normalise_template_name(sb_buf *out, const char *s, size_t len);

/* Decode one entity leaf ("&amp;") to UTF-8; false when unknown. */
bool sb_wt_entity_decode(sb_buf *out, const char *s, size_t len);

/* A name for a node type ("template"), for tests and debugging. */
const char *sb_wt_type_name(int type);

#endif
