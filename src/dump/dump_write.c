/* dump_write.c - writing a MediaWiki XML export; see dump.h. */
#include "skillsbot/dump.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sb_dump_writer {
	xmlTextWriterPtr xw;
	char *path;
	char *tmp;
	int failed;
};

#define EXPORT_NS "http://www.mediawiki.org/xml/export-0.11/"

static int xw_check(sb_dump_writer *w, int rc)
{
	if (rc < 0 && !w->failed) {
		w->failed = 1;
		sb_error_set(SB_EIO, "%s: cannot write (%s)", w->path,
			     errno ? strerror(errno) : "XML writer failed");
	}
	return rc < 0 ? SB_EIO : SB_OK;
}

static int elem(sb_dump_writer *w, const char *name, const char *text)
{
	return xw_check(w, xmlTextWriterWriteElement(w->xw, BAD_CAST name,
						     BAD_CAST text));
}

int sb_dump_writer_open(sb_dump_writer **out, const char *path,
			const char *sitename)
{
	sb_dump_writer *w = sb_calloc(1, sizeof(*w));

	*out = NULL;
	w->path = sb_strdup(path);
	w->tmp = sb_asprintf("%s.tmp.%ld", path, (long)getpid());
	w->xw = xmlNewTextWriterFilename(w->tmp, 0);
	if (!w->xw) {
		int err = sb_error_set(SB_EIO, "%s: cannot create (%s)", w->tmp,
				       strerror(errno));
		sb_dump_writer_abort(w);
		return err;
	}
	xmlTextWriterSetIndent(w->xw, 1);
	xmlTextWriterSetIndentString(w->xw, BAD_CAST "  ");
	xw_check(w, xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL));
	xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "mediawiki"));
	xw_check(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "xmlns",
						BAD_CAST EXPORT_NS));
	xw_check(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "version",
						BAD_CAST "0.11"));
	xw_check(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "xml:lang",
						BAD_CAST "en"));
	if (sitename) {
		xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "siteinfo"));
		elem(w, "sitename", sitename);
		elem(w, "generator", "skillsbot");
		xw_check(w, xmlTextWriterEndElement(w->xw));
	}
	if (w->failed) {
		int err = sb_error_code();

		sb_dump_writer_abort(w);
		return err;
	}
	*out = w;
	return SB_OK;
}

int sb_dump_writer_add(sb_dump_writer *w, const char *title, int ns,
		       const char *text, size_t len, const char *timestamp,
		       const char *user, const char *comment)
{
	char num[32];
	char *body = sb_strndup(text, len);

	xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "page"));
	elem(w, "title", title);
	snprintf(num, sizeof(num), "%d", ns);
	elem(w, "ns", num);
	xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "revision"));
	elem(w, "timestamp", timestamp ? timestamp : "1970-01-01T00:00:00Z");
	xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "contributor"));
	elem(w, "username", user ? user : "skillsbot");
	xw_check(w, xmlTextWriterEndElement(w->xw));
	if (comment)
		elem(w, "comment", comment);
	elem(w, "model", "wikitext");
	elem(w, "format", "text/x-wiki");
	xw_check(w, xmlTextWriterStartElement(w->xw, BAD_CAST "text"));
	xw_check(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "xml:space",
						BAD_CAST "preserve"));
	snprintf(num, sizeof(num), "%zu", len);
	xw_check(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "bytes",
						BAD_CAST num));
	xw_check(w, xmlTextWriterWriteString(w->xw, BAD_CAST body));
	xw_check(w, xmlTextWriterEndElement(w->xw));   /* text */
	xw_check(w, xmlTextWriterEndElement(w->xw));   /* revision */
	xw_check(w, xmlTextWriterEndElement(w->xw));   /* page */
	free(body);
	return w->failed ? SB_EIO : SB_OK;
}

static void writer_free(sb_dump_writer *w)
{
	free(w->path);
	free(w->tmp);
	free(w);
}

int sb_dump_writer_commit(sb_dump_writer *w)
{
	int fd, err = SB_OK;

	xw_check(w, xmlTextWriterEndDocument(w->xw));
	/* Freeing flushes and closes the file; its result is lost, so check
	 * the flush first. */
	xw_check(w, xmlTextWriterFlush(w->xw));
	xmlFreeTextWriter(w->xw);
	w->xw = NULL;
	if (w->failed) {
		err = sb_error_code() ? sb_error_code() : SB_EIO;
		unlink(w->tmp);
		writer_free(w);
		return err;
	}
	fd = open(w->tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0 || rename(w->tmp, w->path) < 0) {
		err = sb_error_set(SB_EIO, "%s: %s", w->path, strerror(errno));
		unlink(w->tmp);
	}
	if (fd >= 0)
		close(fd);
	writer_free(w);
	return err;
}

void sb_dump_writer_abort(sb_dump_writer *w)
{
	if (!w)
		return;
	if (w->xw)
		xmlFreeTextWriter(w->xw);
	unlink(w->tmp);
	writer_free(w);
}
