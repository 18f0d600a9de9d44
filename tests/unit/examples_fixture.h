/*
 * examples_fixture.h - extracting the example directory
 * (wikitext/examples, its README.md says what is in it) page by page, as
 * the tests that check the whole directory do.
 */
#ifndef EXAMPLES_FIXTURE_H
#define EXAMPLES_FIXTURE_H

#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/mem.h"
#include "skillsbot/fileio.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Extract every .wiki file among the n `names` (from scandir of
 * wikitext/examples; freed here) into r, the i-th with page id
 * page_id(i); each must extract without error. */
static void extract_examples(sb_records *r, sb_extract_ctx *ex,
			     struct dirent **names, int n,
			     int64_t (*page_id)(int i))
{
	for (int i = 0; i < n; i++) {
		const char *f = names[i]->d_name;
		size_t l = strlen(f);

		if (l > 5 && strcmp(f + l - 5, ".wiki") == 0) {
			char *rel = sb_asprintf("wikitext/examples/%s", f);
			char *stem = sb_strndup(f, l - 5);
			char *title = sb_filename_to_title(stem);
			char *text = tu_read_src(rel, NULL);

			assert_int_equal(sb_extract_page(r, ex, title,
							 page_id(i), text,
							 strlen(text)),
					 SB_OK);
			free(text);
			free(title);
			free(stem);
			free(rel);
		}
		free(names[i]);
	}
	free(names);
}

#endif
