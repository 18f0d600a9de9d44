/*
 * sync_gate.c - the sanity gate before a save.
 */
#include "skillsbot/sync.h"

bool sb_sync_gate_allows(size_t old_rows, size_t new_rows,
			 size_t old_records, size_t new_records,
			 double max_loss)
{
	double row_loss, rec_loss;

	/* A few rows come and go by themselves: a proposed clinic no longer
	 * needed, a small directory's last pair with a sharer who left. A
	 * share of a short list would hold them back for ever, as 1 -> 0 is
	 * all of it. */
	if (old_rows == 0 || new_rows >= old_rows ||
	    old_rows - new_rows <= SB_GATE_FREE_ROWS)
		return true;
	row_loss = (double)(old_rows - new_rows) / (double)old_rows;
	if (row_loss <= max_loss)
		return true;
	rec_loss = old_records == 0 || new_records >= old_records ? 0.0 :
		(double)(old_records - new_records) / (double)old_records;
	return rec_loss >= row_loss / 2;
}

bool sb_sync_gate_allows_retire(size_t old_rows, size_t old_records,
				size_t new_records, double max_loss)
{
	double rec_loss = old_records == 0 || new_records >= old_records ? 0.0 :
		(double)(old_records - new_records) / (double)old_records;

	return rec_loss <= max_loss ||
	       sb_sync_gate_allows(old_rows, 0, old_records, new_records,
				   max_loss);
}
