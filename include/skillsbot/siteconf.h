/*
 * siteconf.h - the organisers' configuration page (JSON on the wiki).
 *
 * What the program's organisers decide without server access: template
 * names, titles, languages, matching weights. Missing keys take the
 * defaults of docs/configuration.md. A page that does not parse or breaks a
 * rule is rejected as a whole (the caller keeps the last good one).
 */
#ifndef SKILLSBOT_SITECONF_H
#define SKILLSBOT_SITECONF_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/json.h"

typedef struct sb_strv {
	char **v;
	size_t n;
} sb_strv;

void sb_strv_add(sb_strv *s, const char *str);
void sb_strv_dispose(sb_strv *s);
bool sb_strv_contains(const sb_strv *s, const char *str);

/* Output page keys, as in outputs.md and the "pages" object. */
enum sb_page_key {
	SB_PAGE_BY_SKILL,
	SB_PAGE_BY_REGION,
	SB_PAGE_BY_LANGUAGE,
	SB_PAGE_CONNECTIONS,
	SB_PAGE_PROPOSED_CLINICS,
	SB_PAGE_RESOURCES,
	SB_PAGE_DASHBOARD,
	SB_PAGE_RECOGNITION,
	SB_PAGE_COUNT
};

/* A badge of the Recognition page: given to whoever reaches `min` in
 * `measure` (added for issue 10). */
enum sb_badge_measure {
	SB_BADGE_CLINICS,      /* clinics facilitated (status done) */
	SB_BADGE_CONNECTIONS,  /* connections hosted that met */
	SB_BADGE_RESOURCES,    /* resources shared */
	SB_BADGE_MEASURES
};

typedef struct sb_badge {
	char *name;
	int measure;           /* enum sb_badge_measure */
	int min;
} sb_badge;

/* "clinics" / "connections" / "resources"; -1 when unknown. */
int sb_badge_measure_from_name(const char *name);

typedef struct sb_siteconf {
	bool enabled;
	char *root;
	sb_strv tpl_profile, tpl_clinic, tpl_signup, tpl_resource, tpl_feedback;
	sb_strv skill_templates;    /* templates whose text is a skill */
	sb_strv language_templates; /* templates whose text is a language */
	char *taxonomy_page;
	sb_strv languages;          /* output languages, first is the main one */
	char *signup_section;       /* "Sign-ups" */
	int max_requests_per_learner;
	int default_capacity;
	double w_language, w_time, w_stability, w_load;
	int clinic_capacity;
	int max_interpretation;
	int local_hours[2];
	int notify_max_per_cycle;
	double max_row_loss;
	long page_budget;           /* bytes a generated page may reach */
	char *pages[SB_PAGE_COUNT]; /* full titles after defaults and renames */
	sb_badge *badges;           /* "recognition": {"badges": [...]} */
	size_t n_badges;
} sb_siteconf;

/* A language code as MediaWiki writes them: 2 or 3 lowercase letters,
 * then "-" subtags of lowercase letters and digits ("pt", "zh-hans",
 * "be-tarask"). The configured languages must be such codes: each becomes
 * a page title's /CODE, a message file's name and a lang attribute. */
bool sb_siteconf_lang_ok(const char *code);

/* Fill `c` with the defaults. */
void sb_siteconf_defaults(sb_siteconf *c);
void sb_siteconf_dispose(sb_siteconf *c);

/* Parse a configuration page. On failure `c` is left disposed and the
 * message names `origin` and what is wrong. */
int sb_siteconf_parse(sb_siteconf *c, const char *json, size_t len,
		      const char *origin);

/* Parse a file (for --config); same rules. */
int sb_siteconf_load_file(sb_siteconf *c, const char *path);

/* Is `title` the dashboard or one of its language subpages? Both the
 * sync and the offline run write them last, so that they can list what
 * the other pages' writes ran into. */
bool sb_siteconf_is_dashboard(const sb_siteconf *c, const char *title);

/* "by_skill" -> SB_PAGE_BY_SKILL; -1 when unknown. */
int sb_page_key_from_name(const char *name);

#endif
