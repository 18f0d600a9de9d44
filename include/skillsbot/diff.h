/*
 * diff.h - a unified line diff, for `skillsbot sync --dry-run`.
 *
 * Lines common to both ends are cut off first; what remains is compared
 * with a longest-common-subsequence table when it is small enough
 * (SB_DIFF_MAX_CELLS), else shown as removed and added as a block: a
 * larger diff, still a correct one.
 */
#ifndef SKILLSBOT_DIFF_H
#define SKILLSBOT_DIFF_H

#include <stddef.h>

#include "skillsbot/buf.h"

#define SB_DIFF_MAX_CELLS (16u << 20)

/* Append to `out` the unified diff (3 lines of context) from a to b,
 * with "--- label_a" / "+++ label_b" headers. Nothing is appended when
 * the texts are equal. */
int sb_diff_unified(sb_buf *out, const char *a, size_t alen, const char *b,
		    size_t blen, const char *label_a, const char *label_b);

#endif
