/*
 * entity.c - decoding HTML character references ("&amp;", "&#44;").
 *
 * The named set is the one editors actually type in profiles: the XML
 * five, spaces and dashes, quotes, bullets, and the Latin-1 letters. An
 * unknown name is left as written (sb_wt_entity_decode returns false),
 * which is what MediaWiki shows for it too.
 */
#include "skillsbot/wikitext.h"

#include <stdlib.h>
#include <string.h>

typedef struct entity {
	const char *name;
	unsigned cp;
} entity;

/* Sorted by name (strcmp), for bsearch. */
static const entity entities[] = {
	{"AElig", 198}, {"Aacute", 193}, {"Acirc", 194}, {"Agrave", 192},
	{"Aring", 197}, {"Atilde", 195}, {"Auml", 196}, {"Ccedil", 199},
	{"Eacute", 201}, {"Ecirc", 202}, {"Egrave", 200}, {"Euml", 203},
	{"Iacute", 205}, {"Icirc", 206}, {"Igrave", 204}, {"Iuml", 207},
	{"Ntilde", 209}, {"Oacute", 211}, {"Ocirc", 212}, {"Ograve", 210},
	{"Oslash", 216}, {"Otilde", 213}, {"Ouml", 214}, {"Uacute", 218},
	{"Ucirc", 219}, {"Ugrave", 217}, {"Uuml", 220}, {"Yacute", 221},
	{"aacute", 225}, {"acirc", 226}, {"aelig", 230}, {"agrave", 224},
	{"amp", 38}, {"apos", 39}, {"aring", 229}, {"atilde", 227},
	{"auml", 228}, {"bdquo", 8222}, {"bull", 8226}, {"ccedil", 231},
	{"cent", 162}, {"colon", 58}, {"comma", 44}, {"copy", 169},
	{"deg", 176}, {"eacute", 233}, {"ecirc", 234}, {"egrave", 232},
	{"emsp", 8195}, {"ensp", 8194}, {"equals", 61}, {"eth", 240},
	{"euml", 235}, {"euro", 8364}, {"excl", 33}, {"gt", 62},
	{"hellip", 8230}, {"iacute", 237}, {"icirc", 238}, {"iexcl", 161},
	{"igrave", 236}, {"iquest", 191}, {"iuml", 239}, {"laquo", 171},
	{"lbrack", 91}, {"lcub", 123}, {"ldquo", 8220}, {"lowbar", 95},
	{"lsaquo", 8249}, {"lsquo", 8216}, {"lt", 60}, {"mdash", 8212},
	{"middot", 183}, {"nbsp", 160}, {"ndash", 8211}, {"ntilde", 241},
	{"num", 35}, {"oacute", 243}, {"ocirc", 244}, {"ograve", 242},
	{"oslash", 248}, {"otilde", 245}, {"ouml", 246}, {"para", 182},
	{"period", 46}, {"pipe", 124}, {"pound", 163}, {"quot", 34},
	{"raquo", 187}, {"rbrack", 93}, {"rcub", 125}, {"rdquo", 8221},
	{"reg", 174}, {"rsaquo", 8250}, {"rsquo", 8217}, {"sbquo", 8218},
	{"sect", 167}, {"semi", 59}, {"shy", 173}, {"sol", 47},
	{"szlig", 223}, {"thinsp", 8201}, {"thorn", 254}, {"times", 215},
	{"trade", 8482}, {"uacute", 250}, {"ucirc", 251}, {"ugrave", 249},
	{"uuml", 252}, {"vert", 124}, {"yacute", 253}, {"yen", 165},
	{"yuml", 255}, {"zwj", 8205}, {"zwnj", 8204}
};

static int cmp_entity(const void *key, const void *elem)
{
	return strcmp(key, ((const entity *)elem)->name);
}

static void put_utf8(sb_buf *out, unsigned cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		sb_buf_add(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sb_buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sb_buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sb_buf_add(out, b, 4);
	}
}

bool sb_wt_entity_decode(sb_buf *out, const char *s, size_t len)
{
	char name[40];
	unsigned long cp;
	const entity *e;
	char *end;

	if (len < 3 || s[0] != '&' || s[len - 1] != ';' || len - 2 >= sizeof(name))
		return false;
	memcpy(name, s + 1, len - 2);
	name[len - 2] = '\0';
	if (name[0] == '#') {
		bool hex = name[1] == 'x' || name[1] == 'X';

		cp = strtoul(name + (hex ? 2 : 1), &end, hex ? 16 : 10);
		if (*end || end == name + (hex ? 2 : 1) || cp == 0 ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		put_utf8(out, (unsigned)cp);
		return true;
	}
	e = bsearch(name, entities, sizeof(entities) / sizeof(entities[0]),
		    sizeof(entities[0]), cmp_entity);
	if (!e)
		return false;
	put_utf8(out, e->cp);
	return true;
}
