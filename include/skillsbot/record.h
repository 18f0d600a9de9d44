/*
 * record.h - the structured records extracted from the directory's pages.
 *
 * These are the data that flow through the whole bot: the parser makes
 * them (profile.h), the store keeps them, match computes from them and
 * render publishes them. Their JSON form (one object a line, as printed by
 * `skillsbot extract`) is the interchange format between the stages and is
 * specified in the project's docs/formats.md.
 *
 * Ownership: every string and array inside a record belongs to the record;
 * sb_profile_dispose() etc. free them. sb_records owns its arrays.
 */
#ifndef SKILLSBOT_RECORD_H
#define SKILLSBOT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skillsbot/json.h"

/* Babel levels: 0..5, plus these two. */
#define SB_LEVEL_NONE (-1)   /* no level written */
#define SB_LEVEL_NATIVE 6    /* xx-N */

typedef struct sb_lang {
	char code[16];  /* ISO 639 code as normalised ("fr", "tw", "ary") */
	int level;      /* SB_LEVEL_NONE, 1..5, or SB_LEVEL_NATIVE */
} sb_lang;

typedef struct sb_skill_ref {
	char *id;       /* taxonomy id, or NULL when unmapped */
	char *text;     /* the item as written, after list clean-up */
} sb_skill_ref;

typedef struct sb_diag {
	char *field;    /* parameter name ("languages"), or "template", "page" */
	char *message;  /* one English sentence for organisers */
	int line;       /* 1-based, in the page's wikitext; 0 when unknown */
	int column;     /* 1-based, in characters; 0 when unknown */
} sb_diag;

enum sb_format {
	SB_FMT_CLINIC = 1 << 0,
	SB_FMT_ONE_TO_ONE = 1 << 1,
	SB_FMT_CLUSTER = 1 << 2,
	SB_FMT_ALL = 7
};

enum sb_status {
	SB_STATUS_ACTIVE = 0,
	SB_STATUS_AWAY = 1,
	SB_STATUS_INACTIVE = 2
};

typedef struct sb_profile {
	char *page;           /* page title, normalised */
	int64_t page_id;      /* 0 when not known (read from a file) */
	int index;            /* position among the page's profile templates */
	char *username;       /* normalised; NULL only if unknown (then left out) */
	char *region;         /* "SSA", "MENA", ... or NULL */
	char *country;        /* ISO 3166-1 alpha-2 or NULL */
	sb_lang *languages;
	size_t n_languages;
	char *timezone;       /* IANA name, "UTC+03:00", or NULL */
	char *affiliate;
	sb_skill_ref *share;
	size_t n_share;
	sb_skill_ref *learn;
	size_t n_learn;
	unsigned formats;     /* enum sb_format bits */
	int capacity;
	int status;           /* enum sb_status */
	bool notify;
	char *contact;
	sb_diag *diags;
	size_t n_diags;
	int line;             /* where the template starts (1-based) */
} sb_profile;

enum sb_clinic_status {
	SB_CLINIC_PROPOSED = 0,
	SB_CLINIC_SCHEDULED = 1,
	SB_CLINIC_DONE = 2,
	SB_CLINIC_CANCELLED = 3
};

typedef struct sb_clinic {
	char *page;
	int64_t page_id;
	int index;
	char *title;
	sb_skill_ref topic;
	char *date;            /* ISO 8601 as written, normalised to UTC, or NULL */
	int duration;          /* minutes; 0 when unknown */
	sb_lang *languages;
	size_t n_languages;
	sb_lang *interpretation;
	size_t n_interpretation;
	char **facilitators;   /* user names */
	size_t n_facilitators;
	char **signups;        /* user names, in sign-up order */
	size_t n_signups;
	int capacity;
	int status;            /* enum sb_clinic_status */
	sb_diag *diags;
	size_t n_diags;
} sb_clinic;

typedef struct sb_resource {
	char *page;
	int64_t page_id;
	int index;
	char *title;
	char *link;
	sb_skill_ref *skills;
	size_t n_skills;
	sb_lang *languages;
	size_t n_languages;
	char *format;
	char *clinic;
	sb_diag *diags;
	size_t n_diags;
} sb_resource;

/* What a {{Let's Connect/Feedback}} on a profile page says about a
 * suggested connection. */
enum sb_outcome {
	SB_OUTCOME_UNKNOWN = 0,  /* missing or not understood */
	SB_OUTCOME_MET = 1,
	SB_OUTCOME_PLANNED = 2,
	SB_OUTCOME_DECLINED = 3,
	SB_OUTCOME_NO_ANSWER = 4
};

typedef struct sb_feedback {
	char *page;
	int64_t page_id;
	int index;
	char *author;          /* the page's person: its profile's user name
				* (on a page of several, the profile it
				* follows or by= names), or the user of a
				* User: page; NULL if none */
	char *with;            /* the other person, normalised user name */
	sb_skill_ref skill;
	int outcome;           /* enum sb_outcome */
	sb_diag *diags;
	size_t n_diags;
} sb_feedback;

/* Everything extracted from a set of pages. */
typedef struct sb_records {
	sb_profile *profiles;
	size_t n_profiles, cap_profiles;
	sb_clinic *clinics;
	size_t n_clinics, cap_clinics;
	sb_resource *resources;
	size_t n_resources, cap_resources;
	/* Added for feedback (issue 10). */
	sb_feedback *feedback;
	size_t n_feedback, cap_feedback;
	/* Profiles left out for want of a user name (username NULL): on no
	 * page and in no match, kept only so that their problems reach the
	 * dashboard. Stored as records of kind "left-out". */
	sb_profile *left_out;
	size_t n_left_out, cap_left_out;
} sb_records;

void sb_profile_dispose(sb_profile *p);
void sb_clinic_dispose(sb_clinic *c);
void sb_resource_dispose(sb_resource *r);
void sb_feedback_dispose(sb_feedback *f);
void sb_diag_dispose(sb_diag *d);

void sb_records_init(sb_records *r);
void sb_records_dispose(sb_records *r);
/* Append a record; the collection takes over everything inside `p`
 * (the caller's struct is left zeroed). */
void sb_records_add_profile(sb_records *r, sb_profile *p);
void sb_records_add_clinic(sb_records *r, sb_clinic *c);
void sb_records_add_resource(sb_records *r, sb_resource *res);
void sb_records_add_feedback(sb_records *r, sb_feedback *f);
void sb_records_add_left_out(sb_records *r, sb_profile *p);

/* A person's further profiles: the named profiles, not inactive, that
 * share their user name (exactly) with a profile before them in the
 * matcher's order (docs/matching.md: lowest page id, then page title,
 * then position); the first is the one every page uses. Returns their
 * number; with `pairs_out`, also a new array of that many pairs
 * (further profile, profile used) of profile indexes, by user name
 * (bytes) and then that order. */
size_t sb_records_further_profiles(const sb_records *r, size_t **pairs_out);

/* Two profiles of one name in the matcher's order (docs/matching.md):
 * lowest page id, then page title, then position on the page. The
 * first is the one every page and the matcher use. */
int sb_profile_place_cmp(const sb_profile *x, const sb_profile *y);

/* The problems found in all of them, as the dashboard lists them: their
 * diagnostics and each further profile of a person (above). */
size_t sb_records_count_problems(const sb_records *r);

/* Add a diagnostic to an array (used by every extractor). */
void sb_diag_add(sb_diag **arr, size_t *n, const char *field, int line,
		 int column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* "active" / "away" / "inactive" */
const char *sb_status_name(int status);
const char *sb_clinic_status_name(int status);
/* "met" / "planned" / "declined" / "no answer" / "unknown" */
const char *sb_outcome_name(int outcome);

/*
 * JSON, one object a record, as in docs/formats.md. The profile form is
 * exactly the one `skillsbot extract` prints. Clinics and resources carry
 * "kind": "clinic" / "resource"; a profile has no "kind".
 */
cJSON *sb_profile_to_json(const sb_profile *p);
cJSON *sb_clinic_to_json(const sb_clinic *c);
cJSON *sb_resource_to_json(const sb_resource *r);
/* "kind": "feedback" */
cJSON *sb_feedback_to_json(const sb_feedback *f);

/* The same bytes as sb_json_print() of the three above, appended to `b`
 * straight from the record, without a cJSON tree (building and printing
 * the tree was half of `skillsbot extract`'s time). Strings are escaped
 * as cJSON does (RFC 8259; bytes >= 0x80 as they are). */
int sb_profile_write_json(sb_buf *b, const sb_profile *p);
int sb_clinic_write_json(sb_buf *b, const sb_clinic *c);
int sb_resource_write_json(sb_buf *b, const sb_resource *r);

/* Read one JSON line (of any kind) into `r`. `origin` names the input in
 * error messages ("records.jsonl:12"). Returns SB_EINVALID on bad input. */
int sb_records_add_json(sb_records *r, const char *line, size_t len,
			const char *origin);

/* Read a whole JSON-lines stream (blank lines skipped). */
int sb_records_read_jsonl(sb_records *r, const char *text, size_t len,
			  const char *origin);

#endif
