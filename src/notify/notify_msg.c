/*
 * notify_msg.c - the words of a talk-page message: section title, text
 * and summary, from the message files (banana JSON, like the pages).
 * Everything an editor typed (names, skills as written) goes through the
 * render module's escaping, so a name cannot open a template or a link.
 */
#include "skillsbot/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/layout.h"
#include "skillsbot/mem.h"
#include "skillsbot/wikiescape.h"

const char *sb_notif_lang(const sb_profile *p, const sb_siteconf *conf)
{
	if (p && p->n_languages > 0 &&
	    sb_strv_contains(&conf->languages, p->languages[0].code))
		return p->languages[0].code;
	return conf->languages.n > 0 ? conf->languages.v[0] : "en";
}

/*
 * Marks: the text says which language each of its parts is in, as the
 * generated pages do (sb_layout_put_in, the layout's own rule): a
 * message shown in another language than the message around it (an
 * English fallback), a skill label in another language than its
 * message. `around` NULL writes plain text: the section title and the
 * summary, which the wiki shows as text and which settling a crash
 * looks for in the history, carry no markup.
 */

/* Message `key` with `args`, marked amid text in `around` when shown in
 * another language. */
static int put_msg(sb_buf *b, const sb_i18n *msgs, const char *lang,
		   const char *key, const sb_msg_arg *args, size_t n_args,
		   const char *around)
{
	const char *in, *text = sb_i18n_find(msgs, lang, key, &in);
	sb_buf words;
	int err;

	sb_buf_init(&words, SB_BUF_UNLIMITED);
	if ((err = sb_i18n_format_found(&words, key, text, in, args,
					n_args)) == SB_OK)
		err = sb_layout_put_in(b, sb_buf_str(&words), in, around);
	sb_buf_dispose(&words);
	return err;
}

/* The skill's label (taxonomy) in the language the message is shown in,
 * else the text as written (in no language we know), amid `around`. */
static int add_skill(sb_buf *b, const sb_i18n *msgs, const sb_taxonomy *tax,
		     const char *skill, const char *lang, const char *around)
{
	const sb_tax_skill *s = tax ? sb_taxonomy_get(tax, skill) : NULL;
	const sb_label *l = s ? sb_label_find(s->labels, s->n_labels,
					      sb_i18n_shown_lang(msgs, lang))
			      : NULL;
	sb_buf text;
	int err;

	sb_buf_init(&text, SB_BUF_UNLIMITED);
	if ((err = sb_esc_texts(&text, l ? l->text : skill)) == SB_OK)
		err = sb_layout_put_in(b, sb_buf_str(&text), l ? l->lang : NULL,
				       around);
	sb_buf_dispose(&text);
	return err;
}

static int add_people(sb_buf *b, const char *const *names, size_t n)
{
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK; i++) {
		if (i > 0)
			err = sb_buf_adds(b, ", ");
		if (err == SB_OK)
			err = sb_esc_user_link(b, names[i]);
	}
	return err;
}

static int add_langs(sb_buf *b, const char *const *codes, size_t n)
{
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK; i++) {
		if (i > 0)
			err = sb_buf_adds(b, ", ");
		if (err == SB_OK)
			err = sb_esc_texts(b, codes[i]);
	}
	return err;
}

/* [[:ROOT/Connections/LANG|the Connections page]], amid `around`. */
static int add_link(sb_buf *b, const sb_i18n *msgs, const sb_siteconf *conf,
		    const char *lang, const char *around)
{
	const char *page = conf->pages[SB_PAGE_CONNECTIONS];
	char *title = sb_asprintf("%s/%s", page ? page : "", lang);
	const char *in, *label = sb_i18n_find(msgs, lang,
					      "skillsbot-notify-link", &in);
	sb_buf link;
	int err;

	sb_buf_init(&link, SB_BUF_UNLIMITED);
	if ((err = sb_esc_page_link(&link, title, label)) == SB_OK)
		err = sb_layout_put_in(b, sb_buf_str(&link), in, around);
	sb_buf_dispose(&link);
	free(title);
	return err;
}

static int compose_title(sb_buf *title, const sb_i18n *msgs,
			 const sb_taxonomy *tax, const sb_notif_item *it)
{
	sb_buf skill, other;
	sb_msg_arg a[2];
	int err;

	sb_buf_init(&skill, SB_BUF_UNLIMITED);
	sb_buf_init(&other, SB_BUF_UNLIMITED);
	err = add_skill(&skill, msgs, tax, it->skill, it->lang, NULL);
	if (err == SB_OK && !it->cluster && it->n_others > 0)
		err = sb_esc_texts(&other, it->others[0]);
	if (err < 0)
		goto done;
	memset(a, 0, sizeof(a));
	a[0].wikitext = sb_buf_str(&skill);
	a[1].wikitext = sb_buf_str(&other);
	err = sb_i18n_format(title, msgs, it->lang,
			     it->cluster ? "skillsbot-notify-cluster-title"
					 : "skillsbot-notify-title", a, 2);
done:
	sb_buf_dispose(&skill);
	sb_buf_dispose(&other);
	return err;
}

/* Who hosts a learner's group: a sentence, $7 of the cluster message
 * (amid `around`, its language). */
static int add_host(sb_buf *b, const sb_i18n *msgs, const sb_notif_item *it,
		    const char *around)
{
	sb_buf link;
	sb_msg_arg a;
	int err;

	if (!it->cluster || it->to_host)
		return SB_OK;
	if (!it->host)
		return put_msg(b, msgs, it->lang,
			       "skillsbot-notify-cluster-unhosted", NULL, 0,
			       around);
	sb_buf_init(&link, SB_BUF_UNLIMITED);
	memset(&a, 0, sizeof(a));
	if ((err = sb_esc_user_link(&link, it->host)) == SB_OK) {
		a.wikitext = sb_buf_str(&link);
		err = put_msg(b, msgs, it->lang,
			      "skillsbot-notify-cluster-hosted", &a, 1, around);
	}
	sb_buf_dispose(&link);
	return err;
}

/* The message key of one suggestion for its recipient. */
static const char *text_key(const sb_notif_item *it, bool item)
{
	static const char *const keys[2][4] = {
		{"skillsbot-notify-cluster", "skillsbot-notify-host",
		 "skillsbot-notify-learner", "skillsbot-notify-sharer"},
		{"skillsbot-notify-cluster-item", "skillsbot-notify-host-item",
		 "skillsbot-notify-learner-item", "skillsbot-notify-sharer-item"},
	};

	if (it->cluster)
		return keys[item][it->to_host ? 1 : 0];
	return keys[item][it->to_learner ? 2 : 3];
}

/* One suggestion's text, unsigned: a whole message, or (`item`) a list
 * item of a message about several, without the greeting; amid text in
 * `around` (the language the talk-page message says it is in). */
static int compose_text(sb_buf *text, const sb_i18n *msgs,
			const sb_siteconf *conf, const sb_taxonomy *tax,
			const sb_notif_item *it, bool item, const char *around)
{
	const char *key = text_key(it, item);
	const char *in = sb_i18n_msg_lang(msgs, it->lang, key);
	sb_buf v[7];
	sb_msg_arg a[7];
	int err;

	for (int i = 0; i < 7; i++)
		sb_buf_init(&v[i], SB_BUF_UNLIMITED);
	memset(a, 0, sizeof(a));
	/* Its values are amid its words, in `in`. */
	if ((err = sb_esc_texts(&v[0], it->recipient)) < 0 ||
	    (err = add_skill(&v[1], msgs, tax, it->skill, it->lang, in)) < 0 ||
	    (err = add_people(&v[2], it->others, it->n_others)) < 0 ||
	    (err = sb_buf_addf(&v[3], "%zu", it->n_languages)) < 0 ||
	    (err = add_langs(&v[4], it->languages, it->n_languages)) < 0 ||
	    (err = add_link(&v[5], msgs, conf, it->lang, in)) < 0 ||
	    (err = add_host(&v[6], msgs, it, in)) < 0)
		goto done;
	for (int i = 0; i < 7; i++)
		a[i].wikitext = sb_buf_str(&v[i]);
	a[3].num = (long long)it->n_languages;
	a[3].is_num = true;
	/* How to report back, an example per outcome, is one message for
	 * every kind: someone who prefers not to meet must find the
	 * declined example, not copy the met one. */
	if ((err = put_msg(text, msgs, it->lang, key, a, 7, around)) < 0 ||
	    (err = sb_buf_addc(text, ' ')) < 0)
		goto done;
	err = put_msg(text, msgs, it->lang, "skillsbot-notify-feedback", NULL,
		      0, around);
done:
	for (int i = 0; i < 7; i++)
		sb_buf_dispose(&v[i]);
	return err;
}

/* The talk page shows in the wiki's language (left to right on most):
 * the message says its own language and direction, as the generated
 * pages do, so Arabic reads right to left with its Latin names in place,
 * and the English message of a language with no messages is English.
 * The bot's signature goes after it, in the page's language. */
static int open_lang(sb_buf *text, const sb_i18n *msgs, const char *lang)
{
	const char *shown = sb_i18n_shown_lang(msgs, lang);

	return sb_buf_addf(text, "<div lang=\"%s\" dir=\"%s\">", shown,
			   sb_i18n_dir(shown));
}

int sb_notif_compose(sb_buf *title, sb_buf *text, sb_buf *summary,
		     const sb_i18n *msgs, const sb_siteconf *conf,
		     const sb_taxonomy *tax, const sb_notif_item *it)
{
	int err;

	/* The summary names the section as MediaWiki's own section links
	 * do: that is what settling a crash looks for in the history. */
	if ((err = compose_title(title, msgs, tax, it)) < 0 ||
	    (err = open_lang(text, msgs, it->lang)) < 0 ||
	    (err = compose_text(text, msgs, conf, tax, it, false,
				sb_i18n_shown_lang(msgs, it->lang))) < 0 ||
	    (err = sb_buf_adds(text, "</div> ~~~~")) < 0 ||
	    (err = sb_buf_addf(summary, "/* %s */ ", sb_buf_str(title))) < 0)
		return err;
	return sb_i18n_format(summary, msgs, it->lang,
			      "skillsbot-notify-summary", NULL, 0);
}

/* "Hello NAME," once, before the list. */
static int greeting(sb_buf *text, const sb_i18n *msgs, const sb_notif_item *it)
{
	sb_buf name;
	sb_msg_arg a;
	int err;

	sb_buf_init(&name, SB_BUF_UNLIMITED);
	memset(&a, 0, sizeof(a));
	if ((err = sb_esc_texts(&name, it->recipient)) == SB_OK) {
		a.wikitext = sb_buf_str(&name);
		err = put_msg(text, msgs, it->lang, "skillsbot-notify-greeting",
			      &a, 1, sb_i18n_shown_lang(msgs, it->lang));
	}
	sb_buf_dispose(&name);
	return err;
}

int sb_notif_compose_batch(sb_buf *title, sb_buf *text, sb_buf *summary,
			   const sb_i18n *msgs, const sb_siteconf *conf,
			   const sb_taxonomy *tax, const sb_notif_item *items,
			   size_t n)
{
	sb_msg_arg count;
	char digits[24];
	int err = SB_OK;

	if (n == 1)
		return sb_notif_compose(title, text, summary, msgs, conf, tax,
					items);
	snprintf(digits, sizeof(digits), "%zu", n);
	memset(&count, 0, sizeof(count));
	count.wikitext = digits;
	count.num = (long long)n;
	count.is_num = true;
	if ((err = open_lang(text, msgs, items[0].lang)) < 0 ||
	    (err = greeting(text, msgs, &items[0])) < 0)
		return err;
	for (size_t i = 0; i < n && err == SB_OK; i++)
		if ((err = sb_buf_adds(text, "\n* ")) == SB_OK)
			err = compose_text(text, msgs, conf, tax, &items[i],
					   true, sb_i18n_shown_lang(msgs,
							items[0].lang));
	if (err < 0 || (err = sb_buf_adds(text, "\n</div>\n~~~~")) < 0 ||
	    (err = sb_i18n_format(title, msgs, items[0].lang,
				  "skillsbot-notify-batch-title", &count, 1)) < 0 ||
	    (err = sb_buf_addf(summary, "/* %s */ ", sb_buf_str(title))) < 0)
		return err;
	return sb_i18n_format(summary, msgs, items[0].lang,
			      "skillsbot-notify-batch-summary", &count, 1);
}
