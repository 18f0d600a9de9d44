/* dump_read.c - streaming reader of MediaWiki XML dumps; see dump.h. */
#include "skillsbot/dump.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define DEFAULT_MAX_TEXT (16u << 20)
#define FIELD_MAX 4096   /* title, timestamp, ids: short fields */

/* ---- input: plain, gzip or bzip2, from a file or memory ---------------- */

typedef struct dump_input {
	const char *origin;
	int fd;
	gzFile gz;
	BZFILE *bz;
	FILE *bzfile;
	const char *mem;       /* memory input */
	size_t mem_len, mem_pos;
	int failed;            /* an I/O or decompression error happened */
	char why[256];
} dump_input;

/* Wikimedia's dumps are multistream bzip2: at the end of one stream,
 * start the next from the bytes already read past it. */
static int bz_next_stream(dump_input *in)
{
	char unused[BZ_MAX_UNUSED];
	void *u;
	int nu, bzerr;

	BZ2_bzReadGetUnused(&bzerr, in->bz, &u, &nu);
	if (bzerr != BZ_OK)
		return -1;
	memcpy(unused, u, (size_t)nu);
	BZ2_bzReadClose(&bzerr, in->bz);
	in->bz = NULL;
	if (nu == 0) {
		int c = fgetc(in->bzfile);

		if (c == EOF)
			return 0;   /* the real end */
		ungetc(c, in->bzfile);
	}
	in->bz = BZ2_bzReadOpen(&bzerr, in->bzfile, 0, 0, unused, nu);
	return in->bz ? 1 : -1;
}

static int bz_read(dump_input *in, char *buf, int len)
{
	int n = 0, bzerr, more;

	while (in->bz && n == 0) {
		n = BZ2_bzRead(&bzerr, in->bz, buf, len);
		if (bzerr == BZ_STREAM_END) {
			if ((more = bz_next_stream(in)) < 0)
				break;
			if (more == 0 || n > 0)
				return n;
		} else if (bzerr != BZ_OK) {
			break;
		} else {
			return n;
		}
	}
	if (!in->bz)
		return n;
	in->failed = 1;
	snprintf(in->why, sizeof(in->why), "bzip2 data is corrupt or truncated");
	return -1;
}

static int input_read(void *ctx, char *buf, int len)
{
	dump_input *in = ctx;
	int n;

	if (in->mem) {
		size_t left = in->mem_len - in->mem_pos;

		n = (size_t)len < left ? len : (int)left;
		memcpy(buf, in->mem + in->mem_pos, (size_t)n);
		in->mem_pos += (size_t)n;
		return n;
	}
	if (in->bz || in->bzfile)
		return bz_read(in, buf, len);
	n = gzread(in->gz, buf, (unsigned)len);
	if (n == 0) {
		int zerr;

		gzerror(in->gz, &zerr);
		if (zerr == Z_BUF_ERROR)
			n = -1;   /* a gzip file cut short */
	}
	if (n < 0) {
		int zerr;

		in->failed = 1;
		snprintf(in->why, sizeof(in->why), "%s", gzerror(in->gz, &zerr));
		return -1;
	}
	return n;
}

static int input_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void input_dispose(dump_input *in)
{
	int bzerr;

	if (in->bz)
		BZ2_bzReadClose(&bzerr, in->bz);
	if (in->bzfile)
		fclose(in->bzfile);
	if (in->gz)
		gzclose(in->gz);
	else if (in->fd > 0)
		close(in->fd);
}

static int input_open(dump_input *in, const char *path)
{
	unsigned char magic[3] = {0};
	int bzerr;

	memset(in, 0, sizeof(*in));
	in->origin = path;
	in->fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0)
		return sb_error_set(errno == ENOENT ? SB_ENOTFOUND : SB_EIO,
				    "%s: %s", path, strerror(errno));
	if (in->fd > 0 && pread(in->fd, magic, 3, 0) == 3 &&
	    memcmp(magic, "BZh", 3) == 0) {
		in->bzfile = fdopen(in->fd, "rb");
		in->fd = -1;
		in->bz = in->bzfile ? BZ2_bzReadOpen(&bzerr, in->bzfile, 0, 0,
						     NULL, 0)
				    : NULL;
		if (!in->bz)
			return sb_error_set(SB_EIO, "%s: cannot open as bzip2",
					    path);
		return SB_OK;
	}
	/* gzread reads uncompressed files as they are. */
	in->gz = gzdopen(in->fd, "rb");
	if (!in->gz)
		return sb_error_set(SB_EIO, "%s: cannot open", path);
	gzbuffer(in->gz, 1 << 17);
	return SB_OK;
}

/* ---- the reader's state ------------------------------------------------ */

typedef struct dump_state {
	const sb_dump_reader_opts *opts;
	const char *origin;
	xmlTextReaderPtr xr;
	char err[512];     /* first libxml2 error, with its line */
	/* the page being read */
	sb_buf title, timestamp, model, redirect, text;
	int ns;
	int64_t page_id, rev_id;
	long page_line;
	bool in_page, in_revision, seen_root;
	sb_dump_siteinfo si;
	bool in_siteinfo;
	dump_input *in;
} dump_state;

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	dump_state *st = arg;
	size_t n;

	if (st->err[0] || !e || !e->message)
		return;
	snprintf(st->err, sizeof(st->err), "line %d: %s", e->line, e->message);
	n = strlen(st->err);
	if (n && st->err[n - 1] == '\n')
		st->err[n - 1] = '\0';
}

static long cur_line(const dump_state *st)
{
	return (long)xmlTextReaderGetParserLineNumber(st->xr);
}

static int fail(dump_state *st, const char *what)
{
	return sb_error_set(SB_EINVALID, "%s: line %ld: %s", st->origin,
			    cur_line(st), what);
}

/* libxml2 or the input failed: say why, with the line libxml2 gave. */
static int xml_failed(dump_state *st)
{
	if (st->in->failed)
		return sb_error_set(SB_EIO, "%s: %s", st->origin, st->in->why);
	if (st->err[0])
		return sb_error_set(SB_EINVALID, "%s: %s", st->origin, st->err);
	return fail(st, "malformed XML");
}

static const char *const known_schemas[] = {
	"http://www.mediawiki.org/xml/export-0.10/",
	"http://www.mediawiki.org/xml/export-0.11/",
};

static int check_root(dump_state *st)
{
	const xmlChar *name = xmlTextReaderConstLocalName(st->xr);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(st->xr);

	if (!name || strcmp((const char *)name, "mediawiki") != 0)
		return fail(st, "not a MediaWiki export (the root element is not <mediawiki>)");
	for (size_t i = 0; i < 2; i++)
		if (ns && strcmp((const char *)ns, known_schemas[i]) == 0) {
			st->seen_root = true;
			return SB_OK;
		}
	return sb_error_set(SB_EINVALID,
			    "%s: line %ld: unknown export schema \"%s\" (this reader knows export-0.10 and export-0.11)",
			    st->origin, cur_line(st), ns ? (const char *)ns : "");
}

/* Read the text content of the current element into `b` (capped). */
static int read_text_into(dump_state *st, sb_buf *b, size_t max)
{
	int depth = xmlTextReaderDepth(st->xr);
	int r, err;

	sb_buf_reset(b);
	if (xmlTextReaderIsEmptyElement(st->xr))
		return SB_OK;
	while ((r = xmlTextReaderRead(st->xr)) == 1) {
		int type = xmlTextReaderNodeType(st->xr);

		if (type == XML_READER_TYPE_END_ELEMENT &&
		    xmlTextReaderDepth(st->xr) == depth)
			return SB_OK;
		if (type == XML_READER_TYPE_ENTITY_REFERENCE)
			return fail(st, "entity references are not allowed in a dump");
		if (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		    type == XML_READER_TYPE_WHITESPACE) {
			const xmlChar *v = xmlTextReaderConstValue(st->xr);
			size_t n = v ? strlen((const char *)v) : 0;

			if (b->len + n > max) {
				sb_buf_reset(b);
				return sb_error_set(SB_ETOOBIG,
						    "%s: line %ld: a page text is larger than %zu bytes",
						    st->origin, cur_line(st), max);
			}
			if ((err = sb_buf_add(b, v, n)) < 0)
				return err;
		} else if (type == XML_READER_TYPE_ELEMENT) {
			return fail(st, "unexpected element inside a text field");
		}
	}
	return r < 0 ? xml_failed(st) : fail(st, "the file ends inside an element");
}

static int64_t parse_id(const sb_buf *b)
{
	char *end;
	long long v = strtoll(sb_buf_str(b), &end, 10);

	return end != sb_buf_str(b) && *end == '\0' && v > 0 ? (int64_t)v : 0;
}

static void page_reset(dump_state *st)
{
	sb_buf_reset(&st->title);
	sb_buf_reset(&st->timestamp);
	sb_buf_reset(&st->model);
	sb_buf_reset(&st->redirect);
	sb_buf_reset(&st->text);
	st->ns = 0;
	st->page_id = st->rev_id = 0;
}

static int emit_page(dump_state *st)
{
	sb_dump_page p;

	if (!st->title.len)
		return fail(st, "a <page> has no <title>");
	p.title = sb_buf_str(&st->title);
	p.ns = st->ns;
	p.page_id = st->page_id;
	p.rev_id = st->rev_id;
	p.timestamp = st->timestamp.len ? sb_buf_str(&st->timestamp) : NULL;
	p.model = st->model.len ? sb_buf_str(&st->model) : "wikitext";
	p.redirect = st->redirect.len ? sb_buf_str(&st->redirect) : NULL;
	p.text = sb_buf_str(&st->text);
	p.text_len = st->text.len;
	p.line = st->page_line;
	return st->opts->on_page(st->opts->ud, &p);
}

static void siteinfo_dispose(sb_dump_siteinfo *si)
{
	free(si->sitename);
	free(si->dbname);
	for (size_t i = 0; i < si->n_namespaces; i++)
		free(si->namespaces[i].name);
	free(si->namespaces);
	memset(si, 0, sizeof(*si));
}

static int on_siteinfo_element(dump_state *st, const char *name)
{
	sb_buf tmp;
	int err;

	sb_buf_init(&tmp, FIELD_MAX);
	if (strcmp(name, "namespace") == 0) {
		xmlChar *key = xmlTextReaderGetAttribute(st->xr, BAD_CAST "key");
		xmlChar *cs = xmlTextReaderGetAttribute(st->xr, BAD_CAST "case");
		sb_dump_ns *ns;

		if ((err = read_text_into(st, &tmp, FIELD_MAX)) == 0) {
			st->si.namespaces = sb_reallocarray(st->si.namespaces,
							    st->si.n_namespaces + 1,
							    sizeof(sb_dump_ns));
			ns = &st->si.namespaces[st->si.n_namespaces++];
			ns->id = key ? atoi((const char *)key) : 0;
			ns->name = sb_strdup(sb_buf_str(&tmp));
			ns->first_letter = !cs || strcmp((const char *)cs,
							 "first-letter") == 0;
		}
		xmlFree(key);
		xmlFree(cs);
	} else if (strcmp(name, "sitename") == 0 || strcmp(name, "dbname") == 0) {
		if ((err = read_text_into(st, &tmp, FIELD_MAX)) == 0) {
			char **dst = name[0] == 's' ? &st->si.sitename
						    : &st->si.dbname;
			free(*dst);
			*dst = sb_strdup(sb_buf_str(&tmp));
		}
	} else {
		err = SB_OK;
	}
	sb_buf_dispose(&tmp);
	return err;
}

static int on_page_element(dump_state *st, const char *name)
{
	sb_buf tmp;
	int err;

	if (strcmp(name, "title") == 0)
		return read_text_into(st, &st->title, FIELD_MAX);
	if (strcmp(name, "timestamp") == 0 && st->in_revision)
		return read_text_into(st, &st->timestamp, FIELD_MAX);
	if (strcmp(name, "model") == 0 && st->in_revision)
		return read_text_into(st, &st->model, FIELD_MAX);
	if (strcmp(name, "text") == 0 && st->in_revision)
		return read_text_into(st, &st->text, st->opts->max_text
				      ? st->opts->max_text : DEFAULT_MAX_TEXT);
	if (strcmp(name, "redirect") == 0) {
		xmlChar *t = xmlTextReaderGetAttribute(st->xr, BAD_CAST "title");

		sb_buf_reset(&st->redirect);
		err = t ? sb_buf_adds(&st->redirect, (const char *)t) : SB_OK;
		xmlFree(t);
		return err;
	}
	if (strcmp(name, "revision") == 0) {
		/* With history, each revision replaces the previous one. */
		st->in_revision = !xmlTextReaderIsEmptyElement(st->xr);
		sb_buf_reset(&st->text);
		sb_buf_reset(&st->model);
		sb_buf_reset(&st->timestamp);
		st->rev_id = 0;
		return SB_OK;
	}
	if (strcmp(name, "ns") == 0 || strcmp(name, "id") == 0) {
		sb_buf_init(&tmp, FIELD_MAX);
		if ((err = read_text_into(st, &tmp, FIELD_MAX)) == 0) {
			if (name[0] == 'n')
				st->ns = atoi(sb_buf_str(&tmp));
			else if (st->in_revision && !st->rev_id)
				st->rev_id = parse_id(&tmp);
			else if (!st->in_revision && !st->page_id)
				st->page_id = parse_id(&tmp);
		}
		sb_buf_dispose(&tmp);
		return err;
	}
	return SB_OK;
}

static int on_element(dump_state *st)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(st->xr);
	int depth = xmlTextReaderDepth(st->xr);

	if (!st->seen_root)
		return check_root(st);
	if (depth == 1 && strcmp(name, "page") == 0) {
		page_reset(st);
		st->in_page = true;
		st->page_line = cur_line(st);
		return SB_OK;
	}
	if (depth == 1 && strcmp(name, "siteinfo") == 0) {
		st->in_siteinfo = true;
		return SB_OK;
	}
	if (st->in_page)
		return on_page_element(st, name);
	if (st->in_siteinfo)
		return on_siteinfo_element(st, name);
	return SB_OK;
}

static int on_end_element(dump_state *st)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(st->xr);
	int depth = xmlTextReaderDepth(st->xr);

	if (depth == 1 && st->in_page && strcmp(name, "page") == 0) {
		st->in_page = false;
		st->in_revision = false;
		return emit_page(st);
	}
	if (st->in_page && strcmp(name, "revision") == 0)
		st->in_revision = false;
	if (depth == 1 && st->in_siteinfo && strcmp(name, "siteinfo") == 0) {
		st->in_siteinfo = false;
		if (st->opts->on_siteinfo)
			return st->opts->on_siteinfo(st->opts->ud, &st->si);
	}
	return SB_OK;
}

static int read_loop(dump_state *st)
{
	int r, err = SB_OK;

	while (err == SB_OK && (r = xmlTextReaderRead(st->xr)) == 1) {
		switch (xmlTextReaderNodeType(st->xr)) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			err = fail(st, "a dump has no DOCTYPE (refusing DTDs and their entities)");
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			err = fail(st, "entity references are not allowed in a dump");
			break;
		case XML_READER_TYPE_ELEMENT:
			err = on_element(st);
			if (err == SB_OK && xmlTextReaderIsEmptyElement(st->xr))
				err = on_end_element(st);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			err = on_end_element(st);
			break;
		default:
			break;
		}
	}
	if (err == SB_OK && r < 0)
		err = xml_failed(st);
	if (err == SB_OK && !st->seen_root)
		err = sb_error_set(SB_EINVALID, "%s: empty file, not a MediaWiki export",
				   st->origin);
	if (err == SB_OK && st->in_page)
		err = fail(st, "the file ends inside a <page>");
	return err;
}

static int run_reader(dump_input *in, const sb_dump_reader_opts *opts)
{
	dump_state st;
	int err;

	memset(&st, 0, sizeof(st));
	st.opts = opts;
	st.origin = in->origin;
	st.in = in;
	sb_buf_init(&st.title, FIELD_MAX);
	sb_buf_init(&st.timestamp, FIELD_MAX);
	sb_buf_init(&st.model, FIELD_MAX);
	sb_buf_init(&st.redirect, FIELD_MAX);
	sb_buf_init(&st.text, SB_BUF_UNLIMITED);
	/* No network, no DTD loading, no entity substitution: a dump is data. */
	st.xr = xmlReaderForIO(input_read, input_close, in, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!st.xr) {
		err = sb_error_set(SB_EIO, "%s: cannot start the XML reader",
				   in->origin);
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(st.xr, on_xml_error, &st);
	err = read_loop(&st);
	xmlFreeTextReader(st.xr);
done:
	sb_buf_dispose(&st.title);
	sb_buf_dispose(&st.timestamp);
	sb_buf_dispose(&st.model);
	sb_buf_dispose(&st.redirect);
	sb_buf_dispose(&st.text);
	siteinfo_dispose(&st.si);
	return err;
}

int sb_dump_read(const char *path, const sb_dump_reader_opts *opts)
{
	dump_input in;
	int err;

	sb_error_clear();
	if ((err = input_open(&in, path)) == SB_OK)
		err = run_reader(&in, opts);
	input_dispose(&in);
	return err;
}

int sb_dump_read_memory(const char *data, size_t len, const char *origin,
			const sb_dump_reader_opts *opts)
{
	dump_input in;

	sb_error_clear();
	memset(&in, 0, sizeof(in));
	in.origin = origin;
	in.mem = data ? data : "";
	in.mem_len = len;
	in.fd = -1;
	return run_reader(&in, opts);
}
