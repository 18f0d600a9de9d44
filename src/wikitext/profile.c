/*
 * profile.c - one profile template to one sb_profile, field by field, as
 * section 2 of the contract says. Problems become the profile's
 * diagnostics; only a missing user name leaves the profile out.
 */
#include "extract_int.h"

#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/tz.h"
#include "skillsbot/error.h"

#include <stdlib.h>
#include <string.h>

enum {
	F_USERNAME, F_REGION, F_COUNTRY, F_LANGUAGES, F_TIMEZONE, F_AFFILIATE,
	F_SHARE, F_LEARN, F_FORMATS, F_CAPACITY, F_STATUS, F_NOTIFY,
	F_CONTACT, F_COUNT
};

/* Aliases are folded (lower case, "_" as space). */
static const field_def fields[F_COUNT] = {
	{"username", "user|name|nom|nombre|usuario|nome|user name"},
	{"region", "région|región|região"},
	{"country", "pays|país"},
	{"languages", "language|langues|idiomas|línguas"},
	{"timezone", "time zone|fuseau horaire|zona horaria"},
	{"affiliate", "organisation|organization|group"},
	{"share", "skills to share|can share|partager|compartir|partilhar"},
	{"learn", "skills to learn|wants to learn|apprendre|aprender"},
	{"formats", "format|participation"},
	{"capacity", "max connections"},
	{"status", NULL},
	{"notify", NULL},
	{"contact", NULL}
};

static char *read_username(page_state *ps, uint32_t v, sb_diags *d)
{
	sb_items it = {0};
	char *name = NULL;
	size_t diags = *d->n;

	if (v == SB_WT_NONE)
		return NULL;
	sb_value_items(&it, ps, v, VAL_LIST, "username", d);
	/* A user link or {{u}} wins over the text around it. */
	for (size_t i = 0; i < it.n && !name; i++)
		if (it.v[i].user)
			name = sb_strdup(it.v[i].user);
	if (!name) {
		/* Else the value read as one text. When nothing was cut
		 * and nothing reported, that is the one item (or none):
		 * no second walk (which would report its problems again). */
		const char *text = !it.cut && *d->n == diags
				   ? (it.n ? it.v[0].text : NULL)
				   : sb_value_str(ps, v, "username", d);

		if (text)
			name = sb_user_name(text, strlen(text));
	}
	sb_items_dispose(&it);
	return name;
}

static const char *region_or_country(page_state *ps, const char *written,
				     const char *country, size_t at,
				     sb_diags *d)
{
	const char *by_country = sb_region_of_country(country);
	bool mea = strcmp(written, SB_REGION_MEA) == 0;

	if (!mea && strcmp(written, SB_REGION_EUROPE) != 0) {
		if (by_country && strcmp(by_country, written) != 0)
			sb_diag_at(ps, d, "region", at,
				   "the region %s does not match the country "
				   "%s (%s); the region as written is kept",
				   written, country, by_country);
		return written;
	}
	if (by_country && (mea ? strcmp(by_country, "SSA") == 0 ||
				 strcmp(by_country, "MENA") == 0
			       : strcmp(by_country, "NWE") == 0 ||
				 strcmp(by_country, "CEE") == 0))
		return by_country;
	sb_diag_at(ps, d, "region", at,
		   mea ? "\"Middle East and Africa\" needs a country of Africa "
			 "or the Middle East to tell SSA from MENA"
		       : "\"Europe\" needs a European country to tell NWE "
			 "from CEE");
	return by_country;
}

static void read_place(sb_profile *p, page_state *ps, const params *pr,
		       sb_diags *d)
{
	const char *region = sb_value_str(ps, pr->value[F_REGION], "region",
					  d);
	const char *country = sb_value_str(ps, pr->value[F_COUNTRY],
					   "country", d);
	const char *code = NULL, *reg = NULL;

	if (country) {
		code = sb_iso_country(ps->ctx->iso, country, strlen(country));
		if (!code)
			sb_diag_at(ps, d, "country",
				   ps->t->nodes[pr->value[F_COUNTRY]].start,
				   "unknown country \"%s\" (give an ISO 3166 "
				   "code or English name)", country);
	}
	if (region) {
		reg = sb_region_parse(region, strlen(region));
		if (!reg)
			sb_diag_at(ps, d, "region",
				   ps->t->nodes[pr->value[F_REGION]].start,
				   "unknown region \"%s\"; it is inferred "
				   "from the country where it can be", region);
		else
			reg = region_or_country(ps, reg, code,
				ps->t->nodes[pr->value[F_REGION]].start, d);
	}
	if (!reg)
		reg = sb_region_of_country(code);
	p->country = code ? sb_strdup(code) : NULL;
	p->region = reg ? sb_strdup(reg) : NULL;
}

static void read_timezone(sb_profile *p, page_state *ps, uint32_t v,
			  sb_diags *d)
{
	const char *text = sb_value_str(ps, v, "timezone", d);

	if (text && sb_tz_normalise(&p->timezone, text, strlen(text)) < 0)
		sb_diag_at(ps, d, "timezone", ps->t->nodes[v].start, "%s",
			   sb_error_message());
}

static unsigned format_bit(const char *folded)
{
	static const char *const names[][2] = {
		{"clinic", "1"}, {"clinics", "1"}, {"one-to-one", "2"},
		{"1:1", "2"}, {"one to one", "2"}, {"1-1", "2"},
		{"1 to 1", "2"}, {"one-on-one", "2"}, {"one on one", "2"},
		{"1 on 1", "2"}, {"cluster", "4"}, {"clusters", "4"},
		{"group", "4"}, {"groups", "4"}, {"cluster group", "4"},
		{"all", "7"}
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(folded, names[i][0]) == 0)
			return (unsigned)(names[i][1][0] - '0');
	return 0;
}

static void read_formats(sb_profile *p, page_state *ps, uint32_t v,
			 sb_diags *d)
{
	sb_items it = {0};

	p->formats = 0;
	if (v != SB_WT_NONE)
		sb_value_items(&it, ps, v, VAL_LIST, "formats", d);
	for (size_t i = 0; i < it.n; i++) {
		char buf[64], *f = NULL;
		size_t l = strlen(it.v[i].text);
		unsigned bit = format_bit(
			sb_text_fold_ascii(buf, sizeof(buf), it.v[i].text, l)
			? buf : (f = sb_text_fold(it.v[i].text, l)));

		if (!bit)
			sb_diag_at(ps, d, "formats", it.v[i].src,
				   "unknown format \"%s\" (clinic, "
				   "one-to-one or cluster)", it.v[i].text);
		p->formats |= bit;
		free(f);
	}
	if (!p->formats) {
		if (it.n)
			sb_diag_at(ps, d, "formats", ps->t->nodes[v].start,
				   "no known format given; all three are "
				   "assumed");
		p->formats = SB_FMT_ALL;
	}
	sb_items_dispose(&it);
}

/* A word among `words` ("|"-separated, folded): its index, else -1. */
static int word_index(const char *folded, const char *words)
{
	int idx = 0;
	size_t fl = strlen(folded);

	while (*words) {
		size_t l = strcspn(words, "|");

		if (l == fl && memcmp(words, folded, l) == 0)
			return idx;
		words += l;
		if (*words == '|')
			words++;
		idx++;
	}
	return -1;
}

/* Read a value that must be one of a few words. */
static int read_word(page_state *ps, uint32_t v, const char *field,
		     const char *words, const char *expected, int dflt,
		     sb_diags *d)
{
	const char *text = sb_value_str(ps, v, field, d);
	char buf[64], *f = NULL;
	int r = dflt;

	if (!text)
		return dflt;
	r = word_index(sb_text_fold_ascii(buf, sizeof(buf), text,
					  strlen(text))
		       ? buf : (f = sb_text_fold(text, strlen(text))), words);
	if (r < 0) {
		sb_diag_at(ps, d, field, ps->t->nodes[v].start,
			   "\"%s\" is not %s", text, expected);
		r = dflt;
	}
	free(f);
	return r;
}

static void read_notify(sb_profile *p, page_state *ps, uint32_t v,
			sb_diags *d)
{
	/* The first eight words say no, the rest yes. */
	int w = read_word(ps, v, "notify",
			  "no|false|n|0|off|non|não|nao|"
			  "yes|true|y|1|on|oui|sí|si|sim", "yes or no", 0, d);

	p->notify = w >= 8;
}

void sb_extract_profile(sb_records *out, page_state *ps, uint32_t tpl,
			int index)
{
	sb_profile p;
	params pr;
	sb_diags d;
	const sb_siteconf *conf = ps->ctx->conf;

	memset(&p, 0, sizeof(p));
	d.v = &p.diags;
	d.n = &p.n_diags;
	p.page = sb_strdup(ps->title);
	p.page_id = ps->page_id;
	p.index = index;
	p.line = (int)ps->t->nodes[tpl].line;
	sb_read_params(&pr, ps, tpl, fields, F_COUNT, false, &d);
	p.username = read_username(ps, pr.value[F_USERNAME], &d);
	if (!p.username)
		p.username = sb_user_from_title(ps->title);
	read_place(&p, ps, &pr, &d);
	sb_read_languages(&p.languages, &p.n_languages, ps,
			  pr.value[F_LANGUAGES], "languages", &d);
	read_timezone(&p, ps, pr.value[F_TIMEZONE], &d);
	p.affiliate = sb_value_text(ps, pr.value[F_AFFILIATE], "affiliate", &d);
	sb_read_skills(&p.share, &p.n_share, ps, pr.value[F_SHARE], "share",
		       0, &d);
	sb_read_skills(&p.learn, &p.n_learn, ps, pr.value[F_LEARN], "learn",
		       0, &d);
	read_formats(&p, ps, pr.value[F_FORMATS], &d);
	p.capacity = conf->default_capacity;
	sb_read_int(&p.capacity, ps, pr.value[F_CAPACITY], "capacity", 0, 20,
		    &d);
	p.status = read_word(ps, pr.value[F_STATUS], "status",
			     "active|away|inactive",
			     "active, away or inactive", SB_STATUS_ACTIVE, &d);
	read_notify(&p, ps, pr.value[F_NOTIFY], &d);
	p.contact = sb_value_text(ps, pr.value[F_CONTACT], "contact", &d);
	if (!p.username) {
		sb_diag_at(ps, &d, "username", ps->t->nodes[tpl].start,
			   "no user name: give username= (the profile is "
			   "left out)");
		ps->ctx->reject(ps->ctx->reject_data, &p);
		sb_records_add_left_out(out, &p);
		return;
	}
	sb_records_add_profile(out, &p);
}
