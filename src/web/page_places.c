/* 地点管理 (administrators): the streets, communities and zones with what refers to them, and
 * forms to add, rename, merge and remove one — the same store functions as fgdj place
 * (store/places.h), one transaction each, written to the history as web:ADMIN. */
#include <string.h>

#include "store/places.h"
#include "web/pages.h"

/* Messages of the actions, chosen by the redirect's ?ok= (never text from the query). */
static const struct {
	const char *op, *text;
} DONE[] = {
	{"add", "已新建地点"},
	{"rename", "已改名"},
	{"merge", "已合并"},
	{"remove", "已删除地点"},
};

static int row(void *ctx, const place_row *p)
{
	buf *b = ctx;
	if (p->kind == PLACE_ZONE) {
		html_printf(b, "<tr><td>区域</td><td>%s（%s）</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
			       "<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>\n",
			    p->name, p->zone_kind, (long long)p->enterprises, (long long)p->orgs);
		return 0;
	}
	html_printf(b, "<tr><td>%s</td><td>%s%s%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
		       "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>",
		    place_kind_label(p->kind), p->street ? p->street : "", p->street ? "/" : "", p->name,
		    (long long)p->enterprises, (long long)p->orgs, (long long)p->instructors, (long long)p->users);
	if (p->kind == PLACE_STREET)
		html_printf(b, "<td class=\"num\">%lld</td></tr>\n", (long long)p->communities);
	else
		html_raw(b, "<td class=\"num\">—</td></tr>\n");
	return 0;
}

static void kind_select(buf *b, const char *name)
{
	html_printf(b, "<label>类别 <select name=\"%s\"><option value=\"street\">街道</option>"
		       "<option value=\"community\">社区</option><option value=\"zone\">区域</option></select></label>\n",
		    name);
}

static void render(web_req *r, int status, const char *alert)
{
	store *s = web_db(r);
	if (!s)
		return;
	buf *b = web_page_begin(r, "地点管理");
	html_raw(b, "<h1>地点管理</h1>\n");
	const char *ok = web_query(r, "ok");
	for (size_t i = 0; ok && i < sizeof DONE / sizeof DONE[0]; i++)
		if (strcmp(ok, DONE[i].op) == 0)
			html_printf(b, "<p class=\"notice\" role=\"status\">%s。</p>\n", DONE[i].text);
	if (alert)
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", alert);
	html_raw(b, "<p class=\"hint\">街道、社区和区域只在这里（或命令行 <code>fgdj place</code>、导入时确认）新建，"
		    "台账中写错的地名不会变成新地点。区域不能与街道、社区同名。社区写作“街道/社区”，同名社区只有一个时也可只写社区名。</p>\n");
	html_raw(b, "<div class=\"table-wrap\"><table class=\"ledger\">\n<thead><tr><th scope=\"col\">类别</th>"
		    "<th scope=\"col\">名称</th><th scope=\"col\" class=\"num\">企业</th><th scope=\"col\" class=\"num\">党组织</th>"
		    "<th scope=\"col\" class=\"num\">指导员</th><th scope=\"col\" class=\"num\">用户</th>"
		    "<th scope=\"col\" class=\"num\">社区</th></tr></thead>\n<tbody>\n");
	fg_err e;
	if (store_places_list(s, row, b, &e))
		html_printf(b, "<tr><td colspan=\"7\">%s</td></tr>\n", e.msg);
	html_raw(b, "</tbody>\n</table></div>\n");

	html_raw(b, "<h2>新建地点</h2>\n<form method=\"post\" action=\"/places\" class=\"stack\">\n");
	web_csrf_field(r, b);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"add\">\n");
	kind_select(b, "kind");
	html_raw(b, "<label>名称 <input name=\"name\" required></label>\n"
		    "<label>所属街道（新建社区时填写） <input name=\"street\"></label>\n"
		    "<label>区域类型（新建区域时选择） <select name=\"zone_kind\"><option value=\"\">（不适用）</option>"
		    "<option>园区</option><option>商圈</option><option>楼宇</option><option>科技园</option></select></label>\n"
		    "<button type=\"submit\">新建</button>\n</form>\n");

	html_raw(b, "<h2>改名</h2>\n<form method=\"post\" action=\"/places\" class=\"stack\">\n");
	web_csrf_field(r, b);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"rename\">\n");
	kind_select(b, "kind");
	html_raw(b, "<label>原名称 <input name=\"name\" required></label>\n<label>新名称 <input name=\"to\" required></label>\n"
		    "<button type=\"submit\">改名</button>\n</form>\n");

	html_raw(b, "<h2>合并</h2>\n<p class=\"hint\">被合并地点的企业、党组织、指导员和用户都转到另一个地点，然后删除被合并的地点。</p>\n"
		    "<form method=\"post\" action=\"/places\" class=\"stack\" data-confirm=\"合并后不能撤销，确定吗？\">\n");
	web_csrf_field(r, b);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"merge\">\n");
	kind_select(b, "kind");
	html_raw(b, "<label>被合并的 <input name=\"name\" required></label>\n<label>合并到 <input name=\"to\" required></label>\n"
		    "<button type=\"submit\">合并</button>\n</form>\n");

	html_raw(b, "<h2>删除</h2>\n<p class=\"hint\">只能删除没有企业、党组织、指导员、用户和社区的地点。</p>\n"
		    "<form method=\"post\" action=\"/places\" class=\"stack\" data-confirm=\"确定删除这个地点吗？\">\n");
	web_csrf_field(r, b);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"remove\">\n");
	kind_select(b, "kind");
	html_raw(b, "<label>名称 <input name=\"name\" required></label>\n<button type=\"submit\">删除</button>\n</form>\n");
	web_page_end(r, status);
}

/* GET /places */
void page_places(web_req *r)
{
	render(r, 200, NULL);
}

/* POST /places — op (add, rename, merge, remove), kind, name, and to, street or zone_kind. */
void page_places_post(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const char *op = web_field(r, "op"), *kind = web_field(r, "kind"), *name = web_field(r, "name");
	const char *to = web_field(r, "to"), *street = web_field(r, "street"), *zone_kind = web_field(r, "zone_kind");
	int k = kind ? place_kind_parse(kind) : -1;
	size_t which = 0;
	while (op && which < sizeof DONE / sizeof DONE[0] && strcmp(op, DONE[which].op) != 0)
		which++;
	if (!op || which == sizeof DONE / sizeof DONE[0] || k < 0 || !name || !*name) {
		render(r, 422, "请选择操作和地点类别，并填写名称");
		return;
	}
	if ((which == 1 || which == 2) && (!to || !*to)) {
		render(r, 422, which == 1 ? "请填写新名称" : "请填写合并到的地点");
		return;
	}
	fg_err e;
	int rc = store_begin(s, web_who(r), r->path, &e);
	if (!rc) {
		switch (which) {
		case 0:
			rc = store_place_add(s, (place_kind)k, street, name, zone_kind, &e);
			break;
		case 1:
			rc = store_place_rename(s, (place_kind)k, name, to, &e);
			break;
		case 2:
			rc = store_place_merge(s, (place_kind)k, name, to, &e);
			break;
		default:
			rc = store_place_remove(s, (place_kind)k, name, &e);
		}
		if (!rc)
			rc = store_commit(s, &e);
		else
			store_rollback(s);
	}
	if (rc == FG_EINPUT) {
		render(r, 422, e.msg);
		return;
	}
	if (rc) {
		web_error(r, 500, e.msg);
		return;
	}
	buf to_url = {0};
	buf_printf(&to_url, "/places?ok=%s", DONE[which].op);
	web_redirect(r, buf_cstr(&to_url));
	buf_free(&to_url);
}
