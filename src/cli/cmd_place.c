/* fgdj place list|add|rename|merge|remove: streets, communities and zones, changed only on
 * purpose (store/places.h). Each change is one transaction with a history entry. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/places.h"

const cli_optspec OPTS_PLACE[] = {{"--db", 1}, {"--format", 1}, {NULL, 0}};

static const char USAGE[] = "用法：fgdj place list [--format text|json]\n"
			    "  fgdj place add street [区县/]名称 | add community 街道 名称 | add zone 名称 园区|商圈|楼宇|科技园\n"
			    "  fgdj place add district 名称（空库：本区改为市，其下建区县）\n"
			    "  fgdj place rename 街道|社区|区域 原名称 新名称\n"
			    "  fgdj place merge 街道|社区|区域 被合并的 合并到的\n"
			    "  fgdj place remove 街道|社区|区域 名称（只能删除没有企业、党组织、指导员、用户和社区的地点）";

static int print_row(void *ctx, const place_row *p)
{
	json_t *arr = ctx;
	if (arr) {
		json_t *o = json_pack("{s:s,s:s,s:I,s:I}", "kind", place_kind_label(p->kind), "name", p->name,
				      "enterprises", (json_int_t)p->enterprises, "orgs", (json_int_t)p->orgs);
		if (p->street)
			json_object_set_new(o, "street", json_string(p->street));
		if (p->zone_kind)
			json_object_set_new(o, "zone_kind", json_string(p->zone_kind));
		if (p->kind != PLACE_ZONE) {
			json_object_set_new(o, "instructors", json_integer(p->instructors));
			json_object_set_new(o, "users", json_integer(p->users));
		}
		if (p->kind == PLACE_STREET)
			json_object_set_new(o, "communities", json_integer(p->communities));
		json_array_append_new(arr, o);
		return 0;
	}
	switch (p->kind) {
	case PLACE_STREET:
		printf("街道 %s：社区 %lld，企业 %lld，党组织 %lld\n", p->name, (long long)p->communities,
		       (long long)p->enterprises, (long long)p->orgs);
		break;
	case PLACE_COMMUNITY:
		printf("  社区 %s/%s：企业 %lld，党组织 %lld\n", p->street, p->name, (long long)p->enterprises,
		       (long long)p->orgs);
		break;
	case PLACE_ZONE:
		printf("区域 %s（%s）：企业 %lld，党组织 %lld\n", p->name, p->zone_kind, (long long)p->enterprises,
		       (long long)p->orgs);
		break;
	case PLACE_DISTRICT:
		break;
	}
	return 0;
}

static int list(store *s, const cli_args *a)
{
	const char *fmt = cli_opt(a, "--format");
	if (fmt && strcmp(fmt, "json") != 0 && strcmp(fmt, "text") != 0)
		return cli_fail(2, "--format 应为 text 或 json");
	json_t *arr = fmt && strcmp(fmt, "json") == 0 ? json_array() : NULL;
	fg_err e;
	int rc = store_places_list(s, print_row, arr, &e);
	if (rc)
		fprintf(stderr, "fgdj: %s\n", e.msg);
	else if (arr)
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER), putchar('\n');
	json_decref(arr);
	return rc;
}

/* Parses the kind argument and checks the count of the positional arguments. */
static int kind_arg(const cli_args *a, size_t want, place_kind *k)
{
	int v = a->npos > 1 ? place_kind_parse(a->pos[1]) : -1;
	if (v < 0)
		return cli_fail(2, "地点类别应为 区县、街道、社区 或 区域（district、street、community、zone）\n%s", USAGE);
	*k = (place_kind)v;
	if (a->npos != want)
		return cli_fail(2, "%s", USAGE);
	return 0;
}

static int change(store *s, const cli_args *a, const char *verb)
{
	place_kind k = PLACE_STREET;
	size_t want = strcmp(verb, "remove") == 0 ? 3 : 4;
	if (strcmp(verb, "add") == 0 && a->npos > 1 &&
	    (place_kind_parse(a->pos[1]) == PLACE_STREET || place_kind_parse(a->pos[1]) == PLACE_DISTRICT))
		want = 3;
	if (kind_arg(a, want, &k))
		return 2;
	fg_err e;
	char source[64];
	snprintf(source, sizeof source, "fgdj place %s", verb);
	int rc = store_begin(s, cli_who(), source, &e);
	if (!rc) {
		if (strcmp(verb, "add") == 0)
			rc = k == PLACE_STREET || k == PLACE_DISTRICT ? store_place_add(s, k, NULL, a->pos[2], NULL, &e)
			     : k == PLACE_ZONE ? store_place_add(s, k, NULL, a->pos[2], a->pos[3], &e)
					       : store_place_add(s, k, a->pos[2], a->pos[3], NULL, &e);
		else if (strcmp(verb, "rename") == 0)
			rc = store_place_rename(s, k, a->pos[2], a->pos[3], &e);
		else if (strcmp(verb, "merge") == 0)
			rc = store_place_merge(s, k, a->pos[2], a->pos[3], &e);
		else
			rc = store_place_remove(s, k, a->pos[2], &e);
		rc = rc ? rc : store_commit(s, &e);
		if (rc)
			store_rollback(s);
	}
	if (rc) {
		fprintf(stderr, "fgdj: %s\n", e.msg);
		return rc;
	}
	const char *label = place_kind_label(k);
	if (strcmp(verb, "add") == 0 && k == PLACE_COMMUNITY)
		printf("已新建社区：%s/%s\n", a->pos[2], a->pos[3]);
	else if (strcmp(verb, "add") == 0)
		printf("已新建%s：%s\n", label, a->pos[2]);
	else if (strcmp(verb, "rename") == 0)
		printf("已将%s“%s”改名为“%s”\n", label, a->pos[2], a->pos[3]);
	else if (strcmp(verb, "merge") == 0)
		printf("已将%s“%s”合并到“%s”\n", label, a->pos[2], a->pos[3]);
	else
		printf("已删除%s“%s”\n", label, a->pos[2]);
	return FG_OK;
}

int cmd_place(const cli_args *a)
{
	static const char *const VERBS[] = {"list", "add", "rename", "merge", "remove"};
	size_t v = 0;
	while (a->npos && v < sizeof VERBS / sizeof VERBS[0] && strcmp(a->pos[0], VERBS[v]) != 0)
		v++;
	if (!a->npos || v == sizeof VERBS / sizeof VERBS[0])
		return cli_fail(2, "%s", USAGE);
	if (v == 0 && a->npos != 1)
		return cli_fail(2, "%s", USAGE);
	store *s = cli_open(a);
	if (!s)
		return 2;
	int rc = v == 0 ? list(s, a) : change(s, a, VERBS[v]);
	store_close(s);
	return cli_exit(rc);
}
