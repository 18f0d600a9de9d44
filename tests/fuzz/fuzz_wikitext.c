/* fuzz_wikitext.c - the parser never crashes, and its tree always gives
 * back the input byte for byte. */
#include "skillsbot/buf.h"
#include "skillsbot/wikitext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_wt_tree t;
	sb_buf out;
	int line, col;

	sb_wt_init(&t);
	sb_buf_init(&out, SB_BUF_UNLIMITED);
	if (sb_wt_parse(&t, (const char *)data, size) != 0 ||
	    sb_wt_check(&t) != 0)
		abort();
	sb_wt_serialise(&out, &t, t.root);
	if (out.len != size || (size && memcmp(out.ptr, data, size) != 0))
		abort();
	/* Every node's position and every template's name can be read. */
	for (size_t i = 0; i < t.n_nodes; i++) {
		sb_wt_position(&t, t.nodes[i].start, &line, &col);
		if (line < 1 || col < 1 || (uint32_t)line != t.nodes[i].line)
			abort();
		if (t.nodes[i].type == SB_WT_TEMPLATE) {
			sb_buf_reset(&out);
			sb_wt_template_name(&out, &t, (uint32_t)i);
		}
	}
	sb_buf_dispose(&out);
	sb_wt_dispose(&t);
	return 0;
}
