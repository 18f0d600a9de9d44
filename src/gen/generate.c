/* generate.c - seeded generator of realistic Skills Directories; see
 * generate.h. The tables live in gen_data.c. */
#include "skillsbot/generate.h"

#include "gen_data.h"
#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DEFAULT_ROOT "Grants:Knowledge Sharing/Connect/Skills Directory"
#define MAX_PER_PAGE 8

/* ---- the PRNG --------------------------------------------------------- */

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every
 * platform, which rand() is not. */
typedef struct gen_rng {
	uint64_t s;
} gen_rng;

static uint64_t rng_next(gen_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). The modulo bias is below 2^-40 for our n. */
static size_t rng_below(gen_rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

static bool rng_pct(gen_rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, arr) ((arr)[rng_below((r), N(arr))])

/* ---- state ------------------------------------------------------------ */

/* One taxonomy skill with the spellings an editor may write. */
typedef struct gen_skill {
	const char *id;
	const char *label[GEN_TONGUES]; /* by enum gen_tongue */
	/* Aliases safe inside a list: in Latin script first, then the
	 * n_arabic ones in Arabic script (only Arabic readers write those). */
	const char **aliases;
	size_t n_latin, n_arabic;
} gen_skill;

typedef struct gen {
	const sb_gen_opts *o;
	gen_rng rng;
	gen_skill *skills;
	size_t n_skills;
	uint64_t *names;        /* open-addressed set of user-name hashes */
	size_t n_names, cap_names;
	sb_buf page;
	sb_buf val;             /* the value being written */
	const char *nl;         /* this page's line ending */
	int layout;             /* enum layout */
	bool preload;           /* this profile came from the preload form */
} gen;

enum layout { LAY_SPACED, LAY_TIGHT, LAY_ALIGNED, LAY_INLINE };

/* The person behind one profile. */
typedef struct person {
	const gen_country *c;
	char *user;
	bool on_user_page;
	int tongue;
} person;

static const char *const tongue_lang[GEN_TONGUES] = {"en", "fr", "es", "pt",
						     "ar"};

/* ---- taxonomy --------------------------------------------------------- */

/* An alias that holds a list separator or markup would not survive being
 * written inside a list; editors who write such things use the label. */
static bool list_safe(const char *s)
{
	return !strpbrk(s, ",;|{}[]<>#*=") && !strstr(s, "\xc2\xb7") &&
	       !strstr(s, "\xe2\x80\xa2");
}

/* Starts with a letter of the Arabic block (U+0600..U+06FF). */
static bool is_arabic(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return c >= 0xd8 && c <= 0xdb;
}

static void load_skills(gen *g, const sb_taxonomy *t)
{
	size_t n = t ? sb_taxonomy_n_skills(t) : 0;

	g->skills = sb_calloc(n ? n : 1, sizeof(gen_skill));
	for (size_t i = 0; i < n; i++) {
		const sb_tax_skill *s = sb_taxonomy_skill_at(t, i);
		gen_skill *k = &g->skills[g->n_skills];

		k->id = s->id;
		for (int l = 0; l < GEN_TONGUES; l++) {
			k->label[l] = sb_label_pick(s->labels, s->n_labels,
						    tongue_lang[l]);
			if (!k->label[l] || !list_safe(k->label[l]))
				k->label[l] = s->id;
		}
		k->aliases = sb_calloc(s->n_aliases + 1, sizeof(char *));
		for (int pass = 0; pass < 2; pass++)
			for (size_t a = 0; a < s->n_aliases; a++) {
				const char *al = s->aliases[a];

				if (!list_safe(al) || is_arabic(al) != pass)
					continue;
				k->aliases[k->n_latin + k->n_arabic] = al;
				if (pass)
					k->n_arabic++;
				else
					k->n_latin++;
			}
		g->n_skills++;
	}
}

/* ---- user names ------------------------------------------------------- */

/* Put hash `h` (never 0) into an open-addressed table of `cap` slots (a
 * power of two, never full); false when it was there already. */
static bool hash_insert(uint64_t *tab, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (tab[i] && tab[i] != h)
		i = (i + 1) & (cap - 1);
	if (tab[i])
		return false;
	tab[i] = h;
	return true;
}

/* True when `name` was not handed out before (and remember it). Two names
 * with the same 64-bit hash count as one: the cost is a needless suffix. */
static bool name_claim(gen *g, const char *name)
{
	uint64_t h = sb_hash64(name, strlen(name)) | 1;

	if (2 * (g->n_names + 1) > g->cap_names) {
		uint64_t *old = g->names;
		size_t old_cap = g->cap_names;

		g->cap_names = old_cap ? old_cap * 2 : 1024;
		g->names = sb_calloc(g->cap_names, sizeof(uint64_t));
		for (size_t k = 0; k < old_cap; k++)
			if (old[k])
				hash_insert(g->names, g->cap_names, old[k]);
		free(old);
	}
	if (!hash_insert(g->names, g->cap_names, h))
		return false;
	g->n_names++;
	return true;
}

static const gen_pool *pick_pool(gen *g, unsigned pools)
{
	size_t bits[32], n = 0;

	for (size_t i = 0; i < sb_gen_n_pools; i++)
		if (pools & (1u << i))
			bits[n++] = i;
	return &sb_gen_pools[bits[rng_below(&g->rng, n)]];
}

/* Bytes of the first character of UTF-8 `s` (with its accents, if they
 * follow as combining marks U+0300..U+036F). */
static int first_char_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = 1;

	while ((u[n] & 0xc0) == 0x80)
		n++;
	while (u[n] == 0xcc || (u[n] == 0xcd && u[n + 1] < 0xb0))
		n += 2;
	return n;
}

/* A user name in one of the styles people choose, unique in this run. */
static char *make_user(gen *g, const gen_country *c)
{
	const gen_pool *p = pick_pool(g, c->pools);
	const char *gv = p->given[rng_below(&g->rng, p->n_given)];
	const char *fm = p->family[rng_below(&g->rng, p->n_family)];
	size_t style = p->latin ? rng_below(&g->rng, 10) : 0;
	char *u;

	if (style == 7)
		u = sb_asprintf("%s%s", gv, fm);
	else if (style == 8)
		u = sb_asprintf("%s %.*s.", gv, first_char_len(fm), fm);
	else if (style == 9)
		u = sb_asprintf("%s %s (%s)", gv, fm, c->code);
	else
		u = sb_asprintf("%s %s", gv, fm);
	while (!name_claim(g, u)) {
		char *v = sb_asprintf("%s %zu", u, 2 + rng_below(&g->rng, 2024));

		free(u);
		u = v;
	}
	return u;
}

/* ---- writing parameters ----------------------------------------------- */

enum param {
	PA_USER, PA_REGION, PA_COUNTRY, PA_LANGS, PA_TZ, PA_AFFIL, PA_SHARE,
	PA_LEARN, PA_FORMATS, PA_CAPACITY, PA_STATUS, PA_NOTIFY, PA_CONTACT,
	PA_COUNT
};

/* Parameter names: [param][tongue] is what an editor of that language
 * tends to write; [param][GEN_TONGUES] an English alias. */
static const char *const param_names[PA_COUNT][GEN_TONGUES + 1] = {
	[PA_USER] = {"username", "nom", "nombre", "nome", "username", "user"},
	[PA_REGION] = {"region", "région", "región", "região", "region", "Region"},
	[PA_COUNTRY] = {"country", "pays", "país", "país", "country", "Country"},
	[PA_LANGS] = {"languages", "langues", "idiomas", "línguas", "languages",
		      "language"},
	[PA_TZ] = {"timezone", "fuseau horaire", "zona horaria", "timezone",
		   "timezone", "time zone"},
	[PA_AFFIL] = {"affiliate", "organisation", "affiliate", "affiliate",
		      "affiliate", "organization"},
	[PA_SHARE] = {"share", "partager", "compartir", "partilhar", "share",
		      "skills to share"},
	[PA_LEARN] = {"learn", "apprendre", "aprender", "aprender", "learn",
		      "skills to learn"},
	[PA_FORMATS] = {"formats", "formats", "formats", "formats", "formats",
			"format"},
	[PA_CAPACITY] = {"capacity", "capacity", "capacity", "capacity",
			 "capacity", "max connections"},
	[PA_STATUS] = {"status", "status", "status", "status", "status",
		       "Status"},
	[PA_NOTIFY] = {"notify", "notify", "notify", "notify", "notify",
		       "notify"},
	[PA_CONTACT] = {"contact", "contact", "contact", "contact", "contact",
			"Contact"},
};

/* The comments a preload form leaves after each field. */
static const char *const param_hints[PA_COUNT] = {
	[PA_USER] = "your user name, without User:",
	[PA_REGION] = "e.g. SSA, MENA, South Asia, LAC",
	[PA_COUNTRY] = "country name or two-letter code",
	[PA_LANGS] = "Babel levels, e.g. en-3, fr-N",
	[PA_TZ] = "e.g. Africa/Nairobi or UTC+3",
	[PA_AFFIL] = "optional: your affiliate or group",
	[PA_SHARE] = "skills you can share, separated by commas",
	[PA_LEARN] = "skills you would like to learn",
	[PA_FORMATS] = "clinic, one-to-one, cluster",
	[PA_CAPACITY] = "how many people you can host (0-20)",
	[PA_STATUS] = "active, away or inactive",
	[PA_NOTIFY] = "yes or no",
	[PA_CONTACT] = "how to reach you",
};

static const char *param_name(gen *g, int param, int tongue)
{
	unsigned r = (unsigned)rng_below(&g->rng, 100);

	if (r < 12)
		return param_names[param][GEN_TONGUES];
	if (r < 55)
		return param_names[param][tongue];
	return param_names[param][GEN_EN];
}

/* Write "| name = value" in the page's layout; the value is g->val
 * (empty for a field left blank in a preloaded form). */
static void put_param(gen *g, int param, int tongue)
{
	sb_buf *b = &g->page;
	const char *name = param_name(g, param, tongue);
	const char *v;

	if (g->preload)
		sb_buf_addf(&g->val, "%s<!-- %s -->", g->val.len ? " " : "",
			    param_hints[param]);
	v = sb_buf_str(&g->val);

	switch (g->layout) {
	case LAY_SPACED:
		sb_buf_addf(b, "| %s = %s%s", name, v, g->nl);
		break;
	case LAY_TIGHT:
		sb_buf_addf(b, "|%s=%s%s", name, v, g->nl);
		break;
	case LAY_ALIGNED:
		/* Aligned by bytes, as a monospace editor shows ASCII. */
		sb_buf_addf(b, " | %-9s = %s%s", name, v, g->nl);
		break;
	default:
		sb_buf_addf(b, "|%s=%s", name, v);
		break;
	}
	sb_buf_reset(&g->val);
}

/* A field the person left out: a preloaded form still shows it, blank. */
static void skip_param(gen *g, int param, int tongue)
{
	if (g->preload)
		put_param(g, param, tongue);
}

/* ---- lists ------------------------------------------------------------ */

enum sep { SEP_COMMA, SEP_SEMI, SEP_DOT, SEP_BR, SEP_BULLET, SEP_HASH,
	   SEP_NEWLINE, SEP_COUNT };

static int pick_sep(gen *g)
{
	static const int inline_seps[] = {SEP_COMMA, SEP_COMMA, SEP_SEMI,
					  SEP_DOT, SEP_BR};
	static const int weights[SEP_COUNT] = {38, 22, 8, 10, 12, 5, 5};
	size_t r;
	int s = 0;

	if (g->layout == LAY_INLINE)
		return PICK(&g->rng, inline_seps);
	r = rng_below(&g->rng, 100);
	while (r >= (size_t)weights[s])
		r -= (size_t)weights[s++];
	return s;
}

/* Start item `i` of a list written with separator `sep`. */
static void list_next(gen *g, int sep, size_t i)
{
	static const char *const semis[] = {"; ", ";", " ; ", "; "};
	static const char *const brs[] = {"<br>", "<br/>", "<br />", "<BR>"};
	sb_buf *v = &g->val;

	switch (sep) {
	case SEP_BULLET:
	case SEP_HASH:
		sb_buf_addf(v, "%s%c ", g->nl, sep == SEP_BULLET ? '*' : '#');
		break;
	case SEP_NEWLINE:
		if (i)
			sb_buf_adds(v, g->nl);
		break;
	default:
		if (!i)
			break;
		if (sep == SEP_COMMA)
			sb_buf_adds(v, rng_pct(&g->rng, 90) ? ", " : " , ");
		else if (sep == SEP_SEMI)
			sb_buf_adds(v, PICK(&g->rng, semis));
		else if (sep == SEP_DOT)
			sb_buf_adds(v, " \xc2\xb7 ");
		else
			sb_buf_adds(v, PICK(&g->rng, brs));
	}
}

/* ---- values ----------------------------------------------------------- */

static void put_user(gen *g, const person *p)
{
	size_t r = rng_below(&g->rng, 10);

	if (p->on_user_page && rng_pct(&g->rng, 40)) {
		skip_param(g, PA_USER, p->tongue); /* the title names the user */
		return;
	}
	if (r == 0)
		sb_buf_addf(&g->val, "{{u|%s}}", p->user);
	else if (r == 1)
		sb_buf_addf(&g->val, "[[User:%s|%s]]", p->user, p->user);
	else if (r == 2)
		sb_buf_addf(&g->val, "[[User:%s]]", p->user);
	else
		sb_buf_adds(&g->val, p->user);
	put_param(g, PA_USER, p->tongue);
}

static const char *const region_names[SB_GEN_REGION_COUNT][3] = {
	[SB_GEN_SSA] = {"SSA", "Sub-Saharan Africa", "MEA"},
	[SB_GEN_MENA] = {"MENA", "Middle East and North Africa", "MEA"},
	[SB_GEN_SA] = {"SA", "South Asia", "South Asia"},
	[SB_GEN_LAC] = {"LAC", "Latin America and Caribbean", "LATAM"},
	[SB_GEN_ESEAP] = {"ESEAP", "East, Southeast Asia and Pacific", "ESEAP"},
	[SB_GEN_CEE] = {"CEE", "Central and Eastern Europe", "CEE"},
	[SB_GEN_NWE] = {"NWE", "Northern and Western Europe", "NWE"},
	[SB_GEN_USCA] = {"USCA", "United States and Canada", "USCA"},
};

static void put_region(gen *g, const person *p)
{
	if (rng_pct(&g->rng, 15)) {
		skip_param(g, PA_REGION, p->tongue); /* inferred from the country */
		return;
	}
	sb_buf_adds(&g->val, region_names[p->c->region][rng_below(&g->rng, 3)]);
	put_param(g, PA_REGION, p->tongue);
}

/*
 * About one profile in twenty-five carries a problem the dashboard should
 * report: a flag template before the country, a misspelt language, a time
 * zone abbreviation, a capacity in words. The rates are per field.
 */
#define PROBLEM_PCT 1

static void put_country(gen *g, const person *p)
{
	if (rng_pct(&g->rng, PROBLEM_PCT))
		sb_buf_addf(&g->val, "{{flagicon|%s}} ", p->c->code);
	sb_buf_adds(&g->val, rng_pct(&g->rng, 35) ? p->c->code : p->c->name);
	if (rng_pct(&g->rng, 4))
		sb_buf_adds(&g->val, " <!-- since 2019 -->");
	put_param(g, PA_COUNTRY, p->tongue);
}

static size_t count_strs(const char *const *v, size_t max)
{
	size_t n = 0;

	while (n < max && v[n])
		n++;
	return n;
}

/* One language item: "xx-L", "xx-N", "xx", or its English name. */
static void put_lang(gen *g, const char *code, int level, bool by_name)
{
	const char *name = by_name ? sb_gen_language_name(code) : NULL;

	if (name)
		sb_buf_adds(&g->val, name);
	else if (level < 0)
		sb_buf_adds(&g->val, code);
	else if (level == 6)
		sb_buf_addf(&g->val, "%s-N", code);
	else
		sb_buf_addf(&g->val, "%s-%d", code, level);
}

static void put_languages(gen *g, const person *p)
{
	const gen_country *c = p->c;
	size_t n_nat = count_strs(c->native, N(c->native));
	size_t n_sec = count_strs(c->second, N(c->second));
	const char *chosen[6];
	size_t n = 0;
	bool by_name = rng_pct(&g->rng, 12), levels = !rng_pct(&g->rng, 10);
	int sep = rng_pct(&g->rng, 80) ? SEP_COMMA : pick_sep(g);

	chosen[n++] = c->native[rng_below(&g->rng, n_nat)];
	if (n_nat > 1 && rng_pct(&g->rng, 35))
		chosen[n++] = c->native[rng_below(&g->rng, n_nat)];
	for (size_t i = 0; i < n_sec; i++)
		if (rng_pct(&g->rng, i ? 45 : 85))
			chosen[n++] = c->second[i];
	for (size_t i = 0, w = 0; i < n; i++) {
		bool dup = false;

		for (size_t k = 0; k < i; k++)
			dup |= strcmp(chosen[k], chosen[i]) == 0;
		if (dup)
			continue;
		list_next(g, sep, w++);
		put_lang(g, chosen[i], !levels ? -1 : i == 0 ? 6 :
			 1 + (int)rng_below(&g->rng, 5), by_name);
	}
	if (rng_pct(&g->rng, PROBLEM_PCT)) {
		static const char *const typos[] = {"Englsh", "Swahilli",
						    "Frensh", "Arabik"};

		list_next(g, sep, n);
		sb_buf_adds(&g->val, PICK(&g->rng, typos));
	}
	put_param(g, PA_LANGS, p->tongue);
}

/* Not zones: "IST" alone is India, Ireland or Israel. */
static const char *const tz_abbrevs[] = {"EAT", "WAT", "IST", "CET"};

static void put_timezone(gen *g, const person *p)
{
	const gen_country *c = p->c;
	size_t z = rng_below(&g->rng, count_strs(c->zones, N(c->zones)));
	size_t r = rng_below(&g->rng, 100);
	int off = c->offsets[z], a = off < 0 ? -off : off;

	if (r < 18) {
		skip_param(g, PA_TZ, p->tongue);
		return;
	}
	if (r < 18 + PROBLEM_PCT)
		sb_buf_adds(&g->val, PICK(&g->rng, tz_abbrevs));
	else if (r < 82)
		sb_buf_adds(&g->val, c->zones[z]);
	else if (a % 60 || r < 88)
		sb_buf_addf(&g->val, "UTC%c%02d:%02d", off < 0 ? '-' : '+',
			    a / 60, a % 60);
	else
		sb_buf_addf(&g->val, "%s%c%d", r < 94 ? "UTC" : "GMT",
			    off < 0 ? '-' : '+', a / 60);
	put_param(g, PA_TZ, p->tongue);
}

static void put_affiliate(gen *g, const person *p)
{
	if (!p->c->affiliate || !rng_pct(&g->rng, 55)) {
		skip_param(g, PA_AFFIL, p->tongue);
		return;
	}
	if (rng_pct(&g->rng, 20))
		sb_buf_addf(&g->val, "[[%s]]", p->c->affiliate);
	else
		sb_buf_adds(&g->val, p->c->affiliate);
	put_param(g, PA_AFFIL, p->tongue);
}

/* A skill index, popular ones more often: the square of a uniform number
 * leans to the front, and a fixed stride spreads the front across the
 * categories. Integer arithmetic only, so no compiler's floating-point
 * contraction can change the bytes. */
static size_t pick_skill(gen *g)
{
	uint64_t n = g->n_skills;
	uint64_t u = rng_next(&g->rng) >> 32;      /* uniform in [0, 2^32) */
	uint64_t r = (((u * u) >> 32) * n) >> 32;  /* n * (u / 2^32)^2 */

	return (size_t)(n % 7 ? (r * 7) % n : r);
}

/* How an editor spells a skill: a label in their language or English, an
 * alias, the id, a link or the skill template. */
static void put_skill_text(gen *g, const person *p, const gen_skill *k)
{
	size_t r = rng_below(&g->rng, 100);
	int t = p->tongue;

	if (r < 40)
		sb_buf_adds(&g->val, k->label[t]);
	else if (r < 62)
		sb_buf_adds(&g->val, k->label[GEN_EN]);
	else if (r < 88 && t == GEN_AR && k->n_arabic)
		sb_buf_adds(&g->val, k->aliases[k->n_latin +
					       rng_below(&g->rng, k->n_arabic)]);
	else if (r < 88 && k->n_latin)
		sb_buf_adds(&g->val, k->aliases[rng_below(&g->rng, k->n_latin)]);
	else if (r < 91)
		sb_buf_adds(&g->val, k->id);
	else if (r < 96)
		sb_buf_addf(&g->val, "[[%s]]", k->label[t]);
	else if (r < 99)
		sb_buf_addf(&g->val, "{{skill|%s}}", k->id);
	else
		sb_buf_addf(&g->val, "%s <!-- beginner friendly -->",
			    k->label[GEN_EN]);
}

/* Write n skills into `param`. `used` receives the skills drawn (6 at
 * most); a skill in `avoid` is drawn again, but for an occasional person
 * who lists one skill both to share and to learn, as a few people do. */
static void put_skills(gen *g, const person *p, int param, size_t n,
		       const size_t *avoid, size_t n_avoid, size_t *used)
{
	int sep = pick_sep(g);
	bool allow_avoided = rng_pct(&g->rng, 3);

	if (!n) {
		skip_param(g, param, p->tongue);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t s = 0;
		bool fresh = false;

		list_next(g, sep, i);
		if (!g->n_skills) {
			sb_buf_adds(&g->val, sb_gen_plain_skills[rng_below(
				&g->rng, sb_gen_n_plain_skills)]);
			continue;
		}
		for (int tries = 0; tries < 4 && !fresh; tries++) {
			/* Unmapped ones are numbered after the taxonomy's. */
			s = rng_pct(&g->rng, 7) ? g->n_skills +
				rng_below(&g->rng, sb_gen_n_unmapped) :
				pick_skill(g);
			fresh = true;
			for (size_t k = 0; k < i; k++)
				fresh &= used[k] != s;
			for (size_t k = 0; k < n_avoid && !allow_avoided; k++)
				fresh &= avoid[k] != s;
		}
		used[i] = s;
		if (s >= g->n_skills)
			sb_buf_adds(&g->val, sb_gen_unmapped[s - g->n_skills]);
		else
			put_skill_text(g, p, &g->skills[s]);
	}
	put_param(g, param, p->tongue);
}

static void put_formats(gen *g, const person *p)
{
	static const char *const one[] = {"one-to-one", "1:1", "one to one"};
	static const char *const clu[] = {"cluster", "group"};
	unsigned bits = 1 + (unsigned)rng_below(&g->rng, 7);
	size_t i = 0;

	if (rng_pct(&g->rng, 50)) {
		skip_param(g, PA_FORMATS, p->tongue); /* all three */
		return;
	}
	if (bits & 1) {
		list_next(g, SEP_COMMA, i++);
		sb_buf_adds(&g->val, "clinic");
	}
	if (bits & 2) {
		list_next(g, SEP_COMMA, i++);
		sb_buf_adds(&g->val, PICK(&g->rng, one));
	}
	if (bits & 4) {
		list_next(g, SEP_COMMA, i++);
		sb_buf_adds(&g->val, PICK(&g->rng, clu));
	}
	put_param(g, PA_FORMATS, p->tongue);
}

static void put_status_etc(gen *g, const person *p)
{
	static const char *const contacts[] = {
		"talk page", "email me via Special:EmailUser",
		"on my talk page, in English or French", "Telegram",
	};
	size_t r = rng_below(&g->rng, 100);

	if (rng_pct(&g->rng, 50)) {
		static const char *const words[] = {"two", "3-4", "unlimited"};

		if (rng_pct(&g->rng, 2 * PROBLEM_PCT))
			sb_buf_adds(&g->val, PICK(&g->rng, words));
		else
			sb_buf_addf(&g->val, "%zu", rng_pct(&g->rng, 5) ? 0 :
				    1 + rng_below(&g->rng, 5));
		put_param(g, PA_CAPACITY, p->tongue);
	} else {
		skip_param(g, PA_CAPACITY, p->tongue);
	}
	if (r < 8 || r >= 80) {
		sb_buf_adds(&g->val, r < 5 ? "away" : r < 8 ? "inactive" :
			    "active");
		if (r < 5 && rng_pct(&g->rng, 30))
			sb_buf_adds(&g->val, " <!-- back next month -->");
		put_param(g, PA_STATUS, p->tongue);
	} else {
		skip_param(g, PA_STATUS, p->tongue);
	}
	if (rng_pct(&g->rng, 35)) {
		sb_buf_adds(&g->val, rng_pct(&g->rng, 70) ? "yes" : "no");
		put_param(g, PA_NOTIFY, p->tongue);
	} else {
		skip_param(g, PA_NOTIFY, p->tongue);
	}
	if (rng_pct(&g->rng, 30)) {
		if (rng_pct(&g->rng, 40))
			sb_buf_addf(&g->val, "[[User talk:%s|talk]]", p->user);
		else
			sb_buf_adds(&g->val, PICK(&g->rng, contacts));
		put_param(g, PA_CONTACT, p->tongue);
	} else {
		skip_param(g, PA_CONTACT, p->tongue);
	}
}

/* How people name a country in prose: "Palestine" for the ISO list's
 * "Palestine, State of". */
static int prose_len(const char *name)
{
	return (int)strcspn(name, ",");
}

/* ---- profiles and pages ----------------------------------------------- */

static void open_template(gen *g)
{
	static const char *const names[] = {
		"Let's Connect/Profile", "Let's Connect/Profile",
		"Let's Connect/Profile", "Let's Connect/Profile",
		"Template:Let's Connect/Profile", "let's Connect/Profile",
		"Let's_Connect/Profile",
	};

	sb_buf_addf(&g->page, "{{%s", PICK(&g->rng, names));
	if (g->layout != LAY_INLINE)
		sb_buf_adds(&g->page, g->nl);
}

static void write_profile(gen *g, const person *p)
{
	size_t n_share = rng_pct(&g->rng, 20) ? 0 : 1 + rng_below(&g->rng, 5);
	size_t shared[6], learned[6];

	g->preload = g->layout != LAY_INLINE && rng_pct(&g->rng, 55);
	open_template(g);
	put_user(g, p);
	put_region(g, p);
	put_country(g, p);
	put_languages(g, p);
	put_timezone(g, p);
	put_affiliate(g, p);
	put_skills(g, p, PA_SHARE, n_share, NULL, 0, shared);
	put_skills(g, p, PA_LEARN, 1 + rng_below(&g->rng, 5), shared, n_share,
		   learned);
	put_formats(g, p);
	put_status_etc(g, p);
	if (g->layout != LAY_INLINE && rng_pct(&g->rng, 8))
		sb_buf_addf(&g->page, "<!-- updated after the %.*s meetup -->%s",
			    prose_len(p->c->name), p->c->name, g->nl);
	sb_buf_adds(&g->page, "}}");
}

/* What people write above their profile, in their language. */
typedef struct intro_text {
	const char *hello[3];  /* before the name, before the country, after */
	const char *since[2];  /* around the year they started */
	const char *about[2];  /* around a topic */
	const char *topics[4];
	const char *extra[2];
} intro_text;

static const intro_text intros[GEN_TONGUES] = {
	[GEN_EN] = {{"Hi! I'm ", " from ", ", happy to connect."},
		    {"I have been editing Wikipedia since ", "."},
		    {"I mostly write about ", "."},
		    {"history", "women in science", "local music",
		     "public health"},
		    {"I organise edit-a-thons with students at my university.",
		     "Feel free to leave me a message on my talk page."}},
	[GEN_FR] = {{"Bonjour ! Je suis ", " (", "). Au plaisir d'échanger."},
		    {"Je contribue à Wikipédia depuis ", "."},
		    {"J'écris surtout sur ", "."},
		    {"l'histoire", "la musique", "la géographie",
		     "le patrimoine culturel"},
		    {"J'anime des ateliers avec des étudiants.",
		     "N'hésitez pas à m'écrire sur ma page de discussion."}},
	[GEN_ES] = {{"¡Hola! Soy ", ", de ", "."},
		    {"Edito Wikipedia desde ", "."},
		    {"Escribo sobre todo acerca de ", "."},
		    {"historia", "música", "geografía", "salud pública"},
		    {"Organizo editatones con estudiantes.",
		     "Escríbeme en mi página de discusión."}},
	[GEN_PT] = {{"Olá! Sou ", ", de ", "."},
		    {"Edito a Wikipédia desde ", "."},
		    {"Escrevo principalmente sobre ", "."},
		    {"história", "música", "geografia", "saúde pública"},
		    {"Organizo editatonas com estudantes.",
		     "Deixe uma mensagem na minha página de discussão."}},
	[GEN_AR] = {{"مرحبا! أنا ", " من ", "."},
		    {"أحرر في ويكيبيديا منذ عام ", "."},
		    {"أكتب غالبا عن ", "."},
		    {"التاريخ", "الموسيقى", "الجغرافيا", "الصحة العامة"},
		    {"أنظم ورشات تحرير مع الطلاب في جامعتي.",
		     "يسعدني التواصل عبر صفحة نقاشي."}},
};

static void greet(gen *g, const person *p)
{
	const intro_text *t = &intros[p->tongue];
	sb_buf *b = &g->page;

	sb_buf_addf(b, "%s%s%s%.*s%s", t->hello[0], p->user, t->hello[1],
		    prose_len(p->c->name), p->c->name, t->hello[2]);
	if (rng_pct(&g->rng, 80))
		sb_buf_addf(b, " %s%zu%s", t->since[0],
			    2006 + rng_below(&g->rng, 20), t->since[1]);
	if (rng_pct(&g->rng, 60))
		sb_buf_addf(b, " %s%s%s", t->about[0], PICK(&g->rng, t->topics),
			    t->about[1]);
	if (rng_pct(&g->rng, 70))
		sb_buf_addf(b, " %s", PICK(&g->rng, t->extra));
	sb_buf_addf(b, "%s%s", g->nl, g->nl);
	if (rng_pct(&g->rng, 25))
		sb_buf_addf(b, "{{Babel|%s|en-3}}%s", p->c->native[0], g->nl);
	if (rng_pct(&g->rng, 40))
		sb_buf_addf(b, "== %s ==%s", p->tongue == GEN_FR ?
			    "Mon profil" : "Let's Connect profile", g->nl);
}

/* A signature as MediaWiki expands "~~~~" on save. */
static void sign(gen *g, const person *p)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	/* One draw a statement: the order in which C evaluates arguments is
	 * unspecified, and the bytes must not depend on the compiler. */
	size_t hour = rng_below(&g->rng, 24);
	size_t min = rng_below(&g->rng, 60);
	size_t day = 1 + rng_below(&g->rng, 28);
	const char *month = PICK(&g->rng, months);
	size_t year = 2023 + rng_below(&g->rng, 4);

	sb_buf_addf(&g->page, "%s--[[User:%s|%s]] ([[User talk:%s|talk]]) ",
		    g->nl, p->user, p->user, p->user);
	sb_buf_addf(&g->page, "%02zu:%02zu, %zu %s %zu (UTC)%s", hour, min,
		    day, month, year, g->nl);
}

static int pick_region(gen *g)
{
	size_t r = rng_below(&g->rng, 100);
	int i = 0;

	while (r >= (size_t)sb_gen_region_weight[i])
		r -= (size_t)sb_gen_region_weight[i++];
	return i;
}

static const gen_country *pick_country(gen *g, int region)
{
	size_t total = 0, r;
	size_t i;

	for (i = 0; i < sb_gen_n_countries; i++)
		if (sb_gen_countries[i].region == region)
			total += (size_t)sb_gen_countries[i].weight;
	r = rng_below(&g->rng, total);
	for (i = 0; i < sb_gen_n_countries; i++) {
		const gen_country *c = &sb_gen_countries[i];

		if (c->region != region)
			continue;
		if (r < (size_t)c->weight)
			break;
		r -= (size_t)c->weight;
	}
	return &sb_gen_countries[i];
}

static void person_make(gen *g, person *p, int region)
{
	p->c = pick_country(g, region);
	p->user = make_user(g, p->c);
	/* Not everyone writes in their country's language. */
	p->tongue = rng_pct(&g->rng, 70) ? p->c->tongue : GEN_EN;
}

static char *single_page(gen *g, int *region)
{
	static const char *const subpages[] = {"Let's Connect", "Skills",
					       "Let's Connect/Profile"};
	person p;
	char *title;

	*region = pick_region(g);
	person_make(g, &p, *region);
	p.on_user_page = rng_pct(&g->rng, 30);
	if (p.on_user_page)
		title = sb_asprintf("User:%s/%s", p.user, PICK(&g->rng, subpages));
	else
		title = sb_asprintf("%s/%s", g->o->root ? g->o->root :
				    DEFAULT_ROOT, p.user);
	if (rng_pct(&g->rng, 80))
		greet(g, &p);
	write_profile(g, &p);
	sb_buf_adds(&g->page, g->nl);
	if (rng_pct(&g->rng, 35))
		sign(g, &p);
	if (rng_pct(&g->rng, 10))
		sb_buf_addf(&g->page, "%s[[Category:Let's Connect participants]]%s",
			    g->nl, g->nl);
	free(p.user);
	return title;
}

/* A meetup's list: 2..K profiles of one region, in a table or under
 * headings. */
static char *multi_page(gen *g, size_t serial, int n, int *regions)
{
	int region = pick_region(g);
	bool table = rng_pct(&g->rng, 50);
	const gen_country *where = pick_country(g, region);
	int wlen = prose_len(where->name);
	char *title = sb_asprintf("%s/Meetups/%.*s %zu", g->o->root ?
				  g->o->root : DEFAULT_ROOT, wlen, where->name,
				  serial + 1);

	sb_buf_addf(&g->page, "Profiles collected at a meetup in %.*s. "
		    "Edit your own entry.%s", wlen, where->name, g->nl);
	if (table)
		sb_buf_addf(&g->page, "{| class=\"wikitable\"%s! # !! Profile%s",
			    g->nl, g->nl);
	for (int i = 0; i < n; i++) {
		person p;
		int saved = g->layout;

		person_make(g, &p, region);
		p.on_user_page = false;
		regions[i] = region;
		if (table) {
			sb_buf_addf(&g->page, "|-%s| %d || ", g->nl, i + 1);
			if (rng_pct(&g->rng, 50))
				g->layout = LAY_INLINE;
		} else {
			sb_buf_addf(&g->page, "%s== %s ==%s", g->nl, p.user, g->nl);
		}
		write_profile(g, &p);
		sb_buf_adds(&g->page, g->nl);
		g->layout = saved;
		free(p.user);
	}
	if (table)
		sb_buf_addf(&g->page, "|}%s", g->nl);
	return title;
}

static int profiles_on_page(gen *g)
{
	int k = g->o->per_page;

	if (k <= 1 || !rng_pct(&g->rng, 12))
		return 1;
	if (k > MAX_PER_PAGE)
		k = MAX_PER_PAGE;
	return 2 + (int)rng_below(&g->rng, (size_t)(k - 1));
}

static int one_page(gen *g, size_t serial, sb_gen_sink *sink)
{
	int regions[MAX_PER_PAGE];
	int n = profiles_on_page(g);
	char *title;
	int err;

	sb_buf_reset(&g->page);
	g->nl = rng_pct(&g->rng, 6) ? "\r\n" : "\n";
	g->layout = (int)rng_below(&g->rng, 3);
	title = n == 1 ? single_page(g, &regions[0]) :
		multi_page(g, serial, n, regions);
	err = sink->page(sink->ctx, title, sb_buf_str(&g->page), g->page.len, n,
			 regions);
	free(title);
	return err;
}

void sb_gen_opts_init(sb_gen_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->pages = 100;
	o->seed = 1;
	o->per_page = 3;
}

int sb_generate(const sb_gen_opts *o, sb_gen_sink *sink)
{
	gen g;
	int err = SB_OK;

	memset(&g, 0, sizeof(g));
	g.o = o;
	/* Mix the seed once so that seeds 1, 2, 3 start far apart. */
	g.rng.s = o->seed ^ 0x5851f42d4c957f2dULL;
	rng_next(&g.rng);
	sb_buf_init(&g.page, SB_BUF_UNLIMITED);
	sb_buf_init(&g.val, SB_BUF_UNLIMITED);
	load_skills(&g, o->tax);
	for (size_t i = 0; i < o->pages && err >= 0; i++)
		err = one_page(&g, i, sink);
	for (size_t i = 0; i < g.n_skills; i++)
		free(g.skills[i].aliases);
	free(g.skills);
	free(g.names);
	sb_buf_dispose(&g.page);
	sb_buf_dispose(&g.val);
	return err;
}

const char *sb_gen_region_code(int region)
{
	static const char *const codes[SB_GEN_REGION_COUNT] = {
		"SSA", "MENA", "SA", "LAC", "ESEAP", "CEE", "NWE", "USCA",
	};

	return region >= 0 && region < SB_GEN_REGION_COUNT ? codes[region] : "?";
}
