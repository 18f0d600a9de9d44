/*
 * clinic.c - clinics, their sign-ups, and resources (sections 3 and 4 of
 * the contract).
 */
#include "extract_int.h"

#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/tz.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	C_TITLE, C_TOPIC, C_DATE, C_DURATION, C_LANGUAGES, C_INTERP,
	C_FACILITATORS, C_CAPACITY, C_STATUS, C_COUNT
};

static const field_def clinic_fields[C_COUNT] = {
	{"title", "titre|título|name"},
	{"topic", "skill|sujet|tema"},
	{"date", "when|fecha"},
	{"duration", "durée|duración|duração|length"},
	{"languages", "language|langues|idiomas|línguas"},
	{"interpretation", "interpreting|interprétation|interpretación"},
	{"facilitators", "facilitator|host|hosts|animateurs|facilitadores"},
	{"capacity", "max participants|seats"},
	{"status", NULL}
};

enum {
	R_TITLE, R_LINK, R_SKILLS, R_LANGUAGES, R_FORMAT, R_CLINIC, R_COUNT
};

static const field_def resource_fields[R_COUNT] = {
	{"title", "titre|título|name"},
	{"link", "url|lien|enlace"},
	{"skills", "skill|topic"},
	{"languages", "language|langues|idiomas|línguas"},
	{"format", "type"},
	{"clinic", NULL}
};

static bool digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

enum date_result { DATE_OK, DATE_NO_ZONE, DATE_BAD, DATE_NO_DAY, DATE_YEAR };

/* Clinics began in the 2020s: a year written before 2000 is a typo
 * ("0226" for 2026), and one past 9999 would not print in 4 digits. */
#define FIRST_YEAR 2000
#define LAST_YEAR 9999

static int days_in_month(int y, int mo)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mo == 2 && leap ? 29 : days[mo - 1];
}

/* The days of the month of a date that normalise_date() has read. */
static int month_days_of(const char *date)
{
	int y, mo;

	digits(date, 4, &y);
	digits(date + 5, 2, &mo);
	return days_in_month(y, mo);
}

/* The zone after a time: "Z", "UTC", " GMT", "+01:00", "-0530",
 * "GMT+3", "UTC\u22125", read as a profile's time zone is
 * (sb_tz_fixed_offset); *off gets its minutes east of UTC. DATE_NO_ZONE
 * when nothing is written, DATE_BAD when it is no zone. */
static int read_zone(const char *s, int *off)
{
	*off = 0;
	while (*s == ' ')
		s++;
	if (!*s)
		return DATE_NO_ZONE;
	return sb_tz_fixed_offset(s, off) ? DATE_OK : DATE_BAD;
}

/* "2026-12-10T14:00Z", "2026-12-10 15:00 +01:00", "2026-12-10" ->
 * "2026-12-10T14:00Z" / "2026-12-10" in *out (NULL unless DATE_OK or
 * DATE_NO_ZONE: a time without a zone is taken as UTC). DATE_YEAR for a
 * year written before FIRST_YEAR or past LAST_YEAR in UTC. */
static int normalise_date(char **out, const char *s)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, res;
	struct tm tm;
	time_t when;

	*out = NULL;
	if (strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    mo < 1 || mo > 12 || d < 1 || d > 31)
		return DATE_BAD;
	s += 10;
	if (*s && *s != 'T' && *s != 't' && *s != ' ')
		return DATE_BAD;
	if (*s && (!digits(s + 1, 2, &h) || s[3] != ':' ||
		   !digits(s + 4, 2, &mi) || h > 23 || mi > 59))
		return DATE_BAD;
	if (*s && s[6] == ':' && digits(s + 7, 2, &sec) && sec <= 59)
		s += 3;
	res = *s ? read_zone(s + 6, &off) : DATE_OK;
	if (res == DATE_BAD)
		return res;
	/* timegm() would move 30 February to 2 March: say so instead. */
	if (d > days_in_month(y, mo))
		return DATE_NO_DAY;
	if (y < FIRST_YEAR)
		return DATE_YEAR;
	if (!*s) {
		*out = sb_asprintf("%04d-%02d-%02d", y, mo, d);
		return DATE_OK;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	when = timegm(&tm) - (time_t)off * 60;
	if (!gmtime_r(&when, &tm))
		return DATE_BAD;
	if (tm.tm_year + 1900 > LAST_YEAR)
		return DATE_YEAR;
	/* Not strftime's %Y: it prints year 0 as "0". */
	*out = sb_asprintf("%04d-%02d-%02dT%02d:%02dZ", tm.tm_year + 1900,
			   tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	return res;
}

static void read_date(sb_clinic *c, page_state *ps, uint32_t v, sb_diags *d)
{
	char *text = sb_value_text(ps, v, "date", d);
	size_t at;

	if (!text)
		return;
	at = ps->t->nodes[v].start;
	switch (normalise_date(&c->date, text)) {
	case DATE_BAD:
		sb_diag_at(ps, d, "date", at,
			   "\"%s\" is not a date like 2026-12-10T14:00Z",
			   text);
		break;
	case DATE_NO_DAY:
		sb_diag_at(ps, d, "date", at,
			   "\"%s\" is not a real day (%.7s has %d days); "
			   "the date is left out", text, text,
			   month_days_of(text));
		break;
	case DATE_YEAR:
		sb_diag_at(ps, d, "date", at,
			   "\"%s\": the year is not between %d and %d (a "
			   "typo?); the date is left out", text, FIRST_YEAR,
			   LAST_YEAR);
		break;
	case DATE_NO_ZONE:
		sb_diag_at(ps, d, "date", at,
			   "the time has no zone; UTC is assumed");
		break;
	default:
		break;
	}
	free(text);
}

/* An unmapped topic is kept, as skills are, but reported: a profile's
 * unmapped skills are listed for organisers to map, a clinic's topic is
 * not, and a misspelt one finds no learners to invite. */
static void read_topic(sb_clinic *c, page_state *ps, uint32_t v, sb_diags *d)
{
	if (sb_read_skill(&c->topic, ps, v, "topic", true, d) > 1)
		sb_diag_at(ps, d, "topic", ps->t->nodes[v].start,
			   "a clinic has one topic; the first is used");
}

static void add_user(char ***v, size_t *n, const char *name)
{
	*v = sb_reallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = sb_strdup(name);
}

static bool has_user(char **v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

static void read_facilitators(sb_clinic *c, page_state *ps, uint32_t v,
			      sb_diags *d)
{
	sb_items it = {0};

	if (v == SB_WT_NONE)
		return;
	sb_value_items(&it, ps, v, VAL_LIST, "facilitators", d);
	for (size_t i = 0; i < it.n; i++) {
		char *u = it.v[i].user ? sb_strdup(it.v[i].user)
			  : sb_user_name(it.v[i].text, strlen(it.v[i].text));

		if (u && !has_user(c->facilitators, c->n_facilitators, u))
			add_user(&c->facilitators, &c->n_facilitators, u);
		free(u);
	}
	sb_items_dispose(&it);
}

static int read_status(page_state *ps, uint32_t v, sb_diags *d)
{
	static const char *const names[] = {"proposed", "scheduled", "done",
					    "cancelled", "canceled"};
	char *text = sb_value_text(ps, v, "status", d);
	char *f = text ? sb_text_fold(text, strlen(text)) : NULL;
	int status = SB_CLINIC_PROPOSED;
	size_t i;

	if (!f)
		return status;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(f, names[i]) == 0)
			break;
	if (i < sizeof(names) / sizeof(names[0]))
		status = i == 4 ? SB_CLINIC_CANCELLED : (int)i;
	else
		sb_diag_at(ps, d, "status", ps->t->nodes[v].start,
			   "\"%s\" is not proposed, scheduled, done or "
			   "cancelled", text);
	free(f);
	free(text);
	return status;
}

void sb_extract_clinic(sb_records *out, page_state *ps, uint32_t tpl,
		       int index)
{
	sb_clinic c;
	params pr;
	sb_diags d = {&c.diags, &c.n_diags};

	memset(&c, 0, sizeof(c));
	c.page = sb_strdup(ps->title);
	c.page_id = ps->page_id;
	c.index = index;
	sb_read_params(&pr, ps, tpl, clinic_fields, C_COUNT, false, &d);
	c.title = sb_value_text(ps, pr.value[C_TITLE], "title", &d);
	read_topic(&c, ps, pr.value[C_TOPIC], &d);
	read_date(&c, ps, pr.value[C_DATE], &d);
	sb_read_int(&c.duration, ps, pr.value[C_DURATION], "duration", 1,
		    24 * 60, &d);
	sb_read_languages(&c.languages, &c.n_languages, ps,
			  pr.value[C_LANGUAGES], "languages", &d);
	sb_read_languages(&c.interpretation, &c.n_interpretation, ps,
			  pr.value[C_INTERP], "interpretation", &d);
	read_facilitators(&c, ps, pr.value[C_FACILITATORS], &d);
	c.capacity = ps->ctx->conf->clinic_capacity;
	sb_read_int(&c.capacity, ps, pr.value[C_CAPACITY], "capacity", 1,
		    100000, &d);
	c.status = read_status(ps, pr.value[C_STATUS], &d);
	if (!c.title)
		sb_diag_at(ps, &d, "title", ps->t->nodes[tpl].start,
			   "the clinic has no title");
	sb_records_add_clinic(out, &c);
}

void sb_extract_resource(sb_records *out, page_state *ps, uint32_t tpl,
			 int index)
{
	sb_resource r;
	params pr;
	sb_diags d = {&r.diags, &r.n_diags};

	memset(&r, 0, sizeof(r));
	r.page = sb_strdup(ps->title);
	r.page_id = ps->page_id;
	r.index = index;
	sb_read_params(&pr, ps, tpl, resource_fields, R_COUNT, false, &d);
	r.title = sb_value_text(ps, pr.value[R_TITLE], "title", &d);
	r.link = sb_read_link(ps, pr.value[R_LINK], "link", &d);
	sb_read_skills(&r.skills, &r.n_skills, ps, pr.value[R_SKILLS],
		       "skills", 0, &d);
	sb_read_languages(&r.languages, &r.n_languages, ps,
			  pr.value[R_LANGUAGES], "languages", &d);
	r.format = sb_value_text(ps, pr.value[R_FORMAT], "format", &d);
	r.clinic = sb_value_text(ps, pr.value[R_CLINIC], "clinic", &d);
	if (!r.title)
		sb_diag_at(ps, &d, "title", ps->t->nodes[tpl].start,
			   "the resource has no title");
	sb_records_add_resource(out, &r);
}

/* ---- sign-ups ---- */

static const field_def signup_fields[] = {
	{"username", "user|name|nom|nombre|usuario|nome"}
};

typedef struct signup_scan {
	page_state *ps;
	sb_records *out;
	size_t first, n;
	const uint32_t *tpls;
	bool in_section, in_marker, overflow;
	bool list_line;  /* a numbered or bulleted line */
	bool taken;      /* ... that gave its user */
	bool content;    /* ... that holds something besides white space */
	size_t line_at;  /* where the line's text starts, after its marker */
	size_t n_lines_reported;
	size_t cur;      /* the clinic of the last sign-up (page order) */
	int level;
} signup_scan;

/* The clinic a sign-up at `off` belongs to: the last one above it. */
static sb_clinic *clinic_for(signup_scan *s, size_t off)
{
	/* Offsets only grow during the scan, so the clinic only moves on. */
	while (s->cur + 1 < s->n &&
	       s->ps->t->nodes[s->tpls[s->cur + 1]].start < off)
		s->cur++;
	return &s->out->clinics[s->first + s->cur];
}

static void sign_up(signup_scan *s, const char *user, size_t off)
{
	sb_clinic *c = clinic_for(s, off);
	sb_diags d = {&c->diags, &c->n_diags};

	if (c->n_signups >= SB_MAX_SIGNUPS) {
		if (!s->overflow)
			sb_diag_at(s->ps, &d, "signups", off,
				   "more than %d sign-ups; the rest are left "
				   "out", SB_MAX_SIGNUPS);
		s->overflow = true;
		return;
	}
	if (has_user(c->signups, c->n_signups, user))
		sb_diag_at(s->ps, &d, "signups", off,
			   "%s signed up more than once", user);
	else
		add_user(&c->signups, &c->n_signups, user);
}

/* The user of a sign-up template; a template naming none is reported,
 * since its writer meant to sign up. */
static char *template_user(signup_scan *s, uint32_t node)
{
	page_state *ps = s->ps;
	sb_clinic *c = clinic_for(s, ps->t->nodes[node].start);
	sb_diags d = {&c->diags, &c->n_diags};
	char *user = NULL, *text = NULL;
	params pr;
	uint32_t v;

	sb_read_params(&pr, ps, node, signup_fields, 1, true, &d);
	v = pr.value[0] != SB_WT_NONE ? pr.value[0]
	    : pr.n_positional ? pr.positional[0] : SB_WT_NONE;
	if (v != SB_WT_NONE)
		text = sb_value_text(ps, v, "signups", &d);
	if (text)
		user = sb_user_name(text, strlen(text));
	if (!user)
		sb_diag_at(ps, &d, "signups", ps->t->nodes[node].start,
			   "this sign-up template names no user (write the "
			   "user name as its first parameter); it is not "
			   "counted as a sign-up");
	free(text);
	return user;
}

/* The user of a link or {{u}} on a sign-up line: the node alone, as a
 * value. NULL when it names no user. */
static char *line_user(signup_scan *s, uint32_t node)
{
	page_state *ps = s->ps;
	sb_clinic *c = clinic_for(s, ps->t->nodes[node].start);
	sb_diags d = {&c->diags, &c->n_diags};
	sb_items it = {0};
	char *user = NULL;

	sb_node_items(&it, ps, node, VAL_SCALAR, "signups", &d);
	if (it.n && it.v[0].user)
		user = sb_strdup(it.v[0].user);
	sb_items_dispose(&it);
	return user;
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* A sign-up line that names no user ("* Plain Name"): its writer likely
 * meant to sign up, so say so with what the line holds. */
static void report_line(signup_scan *s, size_t from, size_t to)
{
	page_state *ps = s->ps;
	sb_clinic *c = clinic_for(s, from);
	sb_diags d = {&c->diags, &c->n_diags};
	char *text;
	size_t n;

	if (s->n_lines_reported++ >= SB_MAX_SIGNUPS) {
		if (s->n_lines_reported == SB_MAX_SIGNUPS + 1)
			sb_diag_at(ps, &d, "signups", from,
				   "more than %d sign-up lines name no user; "
				   "the rest are not reported", SB_MAX_SIGNUPS);
		return;
	}
	text = sb_text_clean(ps->t->text + from, to - from);
	/* A long line is cut at a character boundary. */
	n = strlen(text);
	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	sb_diag_at(ps, &d, "signups", from,
		   "\"%.*s%s\" has no user link ([[User:Name]]); it is not "
		   "counted as a sign-up", (int)n, text,
		   text[n] ? "\xE2\x80\xA6" : "");
	free(text);
}

/* At the end of a line (`eol`): report a sign-up line that gave no user. */
static void end_line(signup_scan *s, size_t eol)
{
	if (s->list_line && s->content && !s->taken && s->in_section &&
	    !s->in_marker)
		report_line(s, s->line_at, eol);
	s->list_line = s->taken = s->content = false;
}

/* The bot's own sections are skipped: <!-- skillsbot:begin/end ... -->. */
static void scan_marker(signup_scan *s, const sb_wt_node *n)
{
	const char *txt = s->ps->t->text + n->start;
	size_t len = n->end - n->start;

	if (memmem(txt, len, "skillsbot:begin", 15))
		s->in_marker = true;
	else if (memmem(txt, len, "skillsbot:end", 13))
		s->in_marker = false;
}

/* A heading opens or closes the sign-up section; a marker comment after
 * its closing "==" still counts as a marker. */
static void scan_heading(signup_scan *s, uint32_t c)
{
	page_state *ps = s->ps;
	const sb_wt_node *n = &ps->t->nodes[c];
	const char *title;
	char *key;

	sb_buf_reset(&ps->tmp);
	for (uint32_t k = n->child; k != SB_WT_NONE; k = ps->t->nodes[k].next)
		if (ps->t->nodes[k].type != SB_WT_SEP)
			sb_wt_plain(&ps->tmp, ps->t, k);
	title = sb_buf_str(&ps->tmp);
	key = sb_text_fold(title, strlen(title));
	if (strcmp(key, ps->ctx->signup_key) == 0) {
		s->in_section = true;
		s->level = n->level;
	} else if (s->in_section && n->level <= s->level) {
		s->in_section = false;
	}
	free(key);
	for (uint32_t k = n->child; k != SB_WT_NONE; k = ps->t->nodes[k].next)
		if (ps->t->nodes[k].type == SB_WT_COMMENT)
			scan_marker(s, &ps->t->nodes[k]);
}

/* A template: a sign-up template anywhere, {{u}} on a sign-up line. */
static char *scan_template(signup_scan *s, uint32_t c)
{
	page_state *ps = s->ps;
	bool on_line = s->in_section && !s->in_marker && s->list_line;
	char *user = NULL;

	sb_wt_template_name(&ps->tmp, ps->t, c);
	if (sb_name_in(&ps->ctx->names[SB_EXTRACT_SIGNUP],
		       sb_buf_str(&ps->tmp))) {
		if (!s->in_marker)
			user = template_user(s, c);
		/* Reported there when it names no one: not twice. */
		s->taken = s->taken || on_line;
	} else if (sb_name_in(&ps->ctx->user_tpl, sb_buf_str(&ps->tmp)) &&
		   on_line && !s->taken) {
		user = line_user(s, c);
		s->taken = user != NULL;
	}
	s->content = true;
	return user;
}

static void scan_node(signup_scan *s, uint32_t c)
{
	page_state *ps = s->ps;
	const sb_wt_node *n = &ps->t->nodes[c];
	const char *txt = ps->t->text + n->start;
	size_t len = n->end - n->start;
	const char *nl;
	char *user = NULL;

	switch (n->type) {
	case SB_WT_COMMENT:
		scan_marker(s, n);
		return;
	case SB_WT_HEADING:
		scan_heading(s, c);
		return;
	case SB_WT_TEXT:
		nl = memchr(txt, '\n', len);
		if (!is_blank(txt, nl ? (size_t)(nl - txt) : len))
			s->content = true;
		if (nl)
			end_line(s, n->start + (size_t)(nl - txt));
		return;
	case SB_WT_LIST:
		/* The last marker says what the line is: "#:" is a reply
		 * and ":" an indent, not a numbered or bulleted item. */
		s->list_line = txt[len - 1] == '#' || txt[len - 1] == '*';
		s->taken = s->content = false;
		s->line_at = n->end;
		return;
	case SB_WT_TEMPLATE:
		user = scan_template(s, c);
		break;
	case SB_WT_LINK:
		if (s->in_section && !s->in_marker && s->list_line &&
		    !s->taken) {
			user = line_user(s, c);
			s->taken = user != NULL;
		}
		s->content = true;
		break;
	default:
		s->content = true;
		return;
	}
	if (user)
		sign_up(s, user, n->start);
	free(user);
}

void sb_extract_signups(sb_records *out, page_state *ps, size_t first,
			const uint32_t *clinic_tpls)
{
	signup_scan s;

	memset(&s, 0, sizeof(s));
	s.ps = ps;
	s.out = out;
	s.first = first;
	s.n = out->n_clinics - first;
	s.tpls = clinic_tpls;
	for (uint32_t c = ps->t->nodes[ps->t->root].child; c != SB_WT_NONE;
	     c = ps->t->nodes[c].next)
		scan_node(&s, c);
	end_line(&s, ps->t->len);
}
