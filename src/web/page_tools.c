/* What the tool pages share: the region and date every report page is asked for, the filter form,
 * temporary files and downloads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/query.h"
#include "util/date.h"
#include "web/pages.h"

static const char NOT_FOUND[] = "没有这个地区，或它不在您的工作范围内";

int tools_region(web_req *r, store *s, const char **region)
{
	const auth_user *u = &r->user;
	const char *q = web_query(r, "region");
	if (u->scope_kind == SCOPE_ORG) {
		web_error(r, 404, NOT_FOUND);
		return -1;
	}
	if (!q || !*q) {
		*region = u->scope_label[0] ? u->scope_label : NULL;
		return 0;
	}
	store_filter f;
	char *label = NULL;
	fg_err e;
	int rc = store_region_resolve(s, q, &f, &label, &e);
	free(label);
	if (rc || !auth_filter_visible(s, u, &f)) {
		web_error(r, 404, NOT_FOUND);
		return -1;
	}
	/* The district by name is the district: facts_load takes NULL for it. */
	*region = f.region_id == 0 && f.zone_id == 0 ? NULL : q;
	return 0;
}

int tools_as_of(web_req *r, int *as_of)
{
	const char *d = web_query(r, "as_of");
	*as_of = date_today();
	if (d && *d && date_parse(d, as_of) != 0) {
		web_error(r, 400, "日期应写作 2024-12-31");
		return -1;
	}
	return 0;
}

/* The streets and communities of the user's scope, as region values ("街道", "街道/社区"). */
typedef struct opts {
	const auth_user *u;
	buf *b;
	const char *selected;
	int64_t *ids;     /* streets seen so far, for their communities' labels */
	char **names;
	size_t n;
} opts;

static const char *street_name(const opts *o, int64_t id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->ids[i] == id)
			return o->names[i];
	return NULL;
}

static int add_option(void *ctx, int64_t id, int64_t parent, const char *level, const char *name)
{
	opts *o = ctx;
	int street = strcmp(level, "street") == 0;
	if (street) {
		o->ids = xrealloc(o->ids, (o->n + 1) * sizeof *o->ids);
		o->names = xrealloc(o->names, (o->n + 1) * sizeof *o->names);
		o->ids[o->n] = id;
		o->names[o->n++] = xstrdup(name);
	}
	buf v = {0};
	const char *sn = street ? NULL : street_name(o, parent);
	if (sn)
		buf_printf(&v, "%s/", sn);
	buf_puts(&v, name);
	html_printf(o->b, "<option value=\"%s\"%s>%s%s</option>", buf_cstr(&v),
		    o->selected && strcmp(o->selected, buf_cstr(&v)) == 0 ? " selected" : "", street || strcmp(level, "district") == 0 ? "" : "　　", name);
	buf_free(&v);
	return 0;
}

void tools_region_select(web_req *r, store *s, buf *b, const char *region)
{
	html_raw(b, "<label>地区 <select name=\"region\">");
	const auth_user *u = &r->user;
	if (u->scope_kind == SCOPE_DISTRICT) {
		char *d = store_district_name(s);
		html_printf(b, "<option value=\"\"%s>%s（%s）</option>", region ? "" : " selected", d,
			    users_scope_text(u->scope_label, u->scope_level));
		free(d);
	}
	opts o = {u, b, region ? region : u->scope_label, NULL, NULL, 0};
	fg_err e;
	store_regions_each(s, u->scope_kind == SCOPE_REGION ? u->filter.region_id : 0, 0, add_option, &o, &e);
	for (size_t i = 0; i < o.n; i++)
		free(o.names[i]);
	free(o.ids);
	free(o.names);
	html_raw(b, "</select></label>\n");
}

void tools_filter_form(web_req *r, store *s, buf *b, const char *action, const char *region, int as_of)
{
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"pager filters\">\n", action);
	tools_region_select(r, s, b, region);
	char day[11];
	date_format(as_of, day);
	html_printf(b, "<label>截至日期 <input type=\"date\" name=\"as_of\" value=\"%s\"></label>\n"
		       "<button type=\"submit\">查看</button>\n</form>\n",
		    day);
}

void tools_filter_query(buf *b, const char *region, int as_of)
{
	char day[11];
	date_format(as_of, day);
	buf_puts(b, "region=");
	html_url(b, region ? region : "");
	buf_puts(b, "&amp;as_of=");
	html_url(b, day);
}

char *tools_tmpfile(const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	buf p = {0};
	buf_printf(&p, "%s/fgdj-out-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	char *path = buf_detach(&p);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		fprintf(stderr, "fgdj: 无法创建临时文件 %s：%s\n", path, strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

static void disposition(web_req *r, const char *how, const char *name, const char *ascii)
{
	/* RFC 6266: a plain-ASCII filename for old clients, then the UTF-8 name percent-encoded
	 * (html_url leaves only attr-chars of RFC 5987 unescaped). */
	buf cd = {0};
	buf_printf(&cd, "%s; filename=\"%s\"; filename*=UTF-8''", how, ascii);
	html_url(&cd, name);
	web_header(r, "Content-Disposition", buf_cstr(&cd));
	buf_free(&cd);
}

void tools_attachment(web_req *r, const char *name, const char *ascii)
{
	disposition(r, "attachment", name, ascii);
}

void tools_inline(web_req *r, const char *name, const char *ascii)
{
	disposition(r, "inline", name, ascii);
}

void tools_send_file(web_req *r, const char *path, const char *ctype, const char *name, const char *ascii)
{
	FILE *f = fopen(path, "rb");
	buf body = {0};
	char chunk[65536];
	size_t n;
	int bad = !f;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&body, chunk, n);
	if (f && ferror(f))
		bad = 1;
	if (f)
		fclose(f);
	if (bad) {
		buf_free(&body);
		web_error(r, 500, "生成的文件无法读取");
		return;
	}
	tools_attachment(r, name, ascii);
	web_respond(r, 200, ctype, &body);
}

void tools_xlsx_done(web_req *r, char *path, int rc, const char *msg, buf *name, buf *ascii)
{
	if (!path)
		web_error(r, 500, "无法创建临时文件");
	else if (rc)
		web_error(r, rc == FG_EINPUT ? 400 : 500, msg);
	else
		tools_send_file(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				buf_cstr(name), buf_cstr(ascii));
	if (path) {
		unlink(path);
		free(path);
	}
	buf_free(name);
	buf_free(ascii);
}

void tools_file_stem(buf *b, const char *region_label)
{
	for (const char *p = region_label ? region_label : ""; *p; p++)
		buf_putc(b, *p == '/' || *p == '\\' || *p == '"' ? '-' : *p);
}
