/* The page layout: head, header with navigation, footer. Every HTML page goes through it. */
#include <string.h>

#include "web/web_int.h"

/* The navigation. An entry shows when the server has a GET route of exactly that path and the
 * user may use it — so a page group appears in the menu as soon as its route is registered. */
static const struct {
	const char *path, *label;
} NAV[] = {
	{"/", "首页"},
	{"/enterprises", "企业台账"},
	{"/orgs", "党组织"},
	{"/members", "党员"},
	{"/instructors", "党建指导员"},
	{"/meetings", "组织生活"},
	{"/findings", "检查发现"},
	{"/plan", "联建方案"},
	{"/import", "导入"},
	{"/reports", "报告报表"},
	{"/users", "用户"},
	{"/places", "地点"},
	{"/history", "变更历史"},
};

const char *web_status_text(int status)
{
	switch (status) {
	case 200:
		return "成功";
	case 201:
		return "已创建";
	case 400:
		return "请求有误";
	case 401:
		return "请先登录";
	case 403:
		return "无权访问";
	case 404:
		return "未找到";
	case 405:
		return "不支持此请求方法";
	case 409:
		return "数据冲突";
	case 413:
		return "上传内容过大";
	case 415:
		return "不支持的内容类型";
	case 422:
		return "数据未通过校验";
	case 429:
		return "请求过于频繁";
	case 500:
		return "服务器内部错误";
	case 503:
		return "服务暂不可用";
	default:
		return status < 400 ? "成功" : "错误";
	}
}

static const web_route *nav_route(web_req *r, const char *path)
{
	const web_config *c = &r->priv->srv->cfg;
	for (size_t i = 0; i < c->nroutes; i++)
		if (strcmp(c->routes[i].method, "GET") == 0 && strcmp(c->routes[i].pattern, path) == 0)
			return &c->routes[i];
	return NULL;
}

/* 1 when path is the current page or a page below it ("/enterprises/…" under "/enterprises"). */
static int current(const char *req, const char *path)
{
	size_t n = strlen(path);
	if (strcmp(path, "/") == 0)
		return strcmp(req, "/") == 0;
	return strncmp(req, path, n) == 0 && (req[n] == '\0' || req[n] == '/');
}

void web_layout_top(web_req *r, buf *b, const char *title)
{
	html_printf(b,
		    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s · 非公企业党建台账</title>\n",
		    title);
	html_raw(b, "<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	web_asset_url(b, "favicon.svg");
	html_raw(b, "\">\n<link rel=\"stylesheet\" href=\"");
	web_asset_url(b, "fgdj.css");
	html_raw(b, "\">\n<script src=\"");
	web_asset_url(b, "fgdj.js");
	html_raw(b, "\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n"
		    "<header class=\"top\">\n<a class=\"brand\" href=\"/\">非公企业党建工作台账</a>\n");
	if (r->user.id) {
		/* On a phone the menu folds behind this button (fgdj.js toggles it; without the script
		 * the button is hidden and the menu stays open). */
		html_raw(b, "<button type=\"button\" class=\"menu-toggle\" aria-expanded=\"false\" aria-controls=\"nav-main\">菜单</button>\n"
			    "<nav id=\"nav-main\" aria-label=\"主导航\"><ul>");
		for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
			const web_route *rt = nav_route(r, NAV[i].path);
			if (!rt || !auth_can(&r->user, rt->perm))
				continue;
			html_printf(b, "<li><a href=\"%s\"", NAV[i].path);
			if (current(r->path ? r->path : "", NAV[i].path))
				html_raw(b, " aria-current=\"page\"");
			html_printf(b, ">%s</a></li>", NAV[i].label);
		}
		html_raw(b, "</ul></nav>\n");
		html_printf(b, "<div class=\"who\"><span>%s · %s · %s</span>", r->user.name, users_role_label(r->user.role),
			    users_scope_text(r->user.scope_label, r->user.scope_level));
		html_raw(b, "<form method=\"post\" action=\"/logout\">");
		web_csrf_field(r, b);
		html_raw(b, "<button type=\"submit\" class=\"link\">退出</button></form></div>\n");
	}
	html_raw(b, "</header>\n<main id=\"main\">\n");
}

void web_layout_bottom(web_req *r, buf *b)
{
	(void)r;
	html_raw(b, "</main>\n<footer class=\"foot\">fgdj · 非公企业党建工作台账与报表系统</footer>\n</body>\n</html>\n");
}
