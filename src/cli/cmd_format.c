/* fgdj format: the ledger file formats for users, written from the column tables
 * (docs/ledger-format.md is this command's output; tests/e2e/cli.sh keeps them equal), and with
 * --template the empty XLSX to fill in that the web's 下载导入模板 serves. */
#include <string.h>

#include "cli/cli.h"
#include "core/ledger.h"
#include "io/ledger_template.h"

const cli_optspec OPTS_FORMAT[] = {{"-o", 1}, {"--template", 0}, {NULL, 0}};

static int write_template(const char *kind, const char *out)
{
	if (!kind || !out)
		return cli_fail(2, "导入模板需要指定台账和输出文件：fgdj format KIND --template -o 文件.xlsx");
	const ledger_def *def = ledger_by_name(kind);
	if (!def)
		return cli_fail(2, "没有“%s”这种台账；可用：enterprises、orgs、members、instructors 等（fgdj format 列出全部）", kind);
	fg_err e = {0};
	if (ledger_template_xlsx(def, out, &e) != FG_OK)
		return cli_fail(1, "%s", e.msg);
	return 0;
}

static const char INTRO[] =
	"# 台账文件格式\n\n"
	"本文由 `fgdj format` 按程序内的台账栏目表生成，与导入、导出的实际规则一致。\n\n"
	"- 文件为 CSV（UTF-8，可带 BOM；或 GBK/GB18030，自动识别）或 XLSX（默认第一个工作表，`--sheet` 指定其他）。\n"
	"- 第一行（前十行内）为表头；列的顺序不限；“序号”“备注”列和不认识的列会被忽略（不认识的列提示一次）。\n"
	"  列名中的空格、全角括号、结尾的“*”“（必填）”不影响识别。\n"
	"- 导入是全有或全无：只要有一行出错就不写入任何数据，每处错误都以“文件:行:列: 说明（原值：…）”列出，\n"
	"  `--errors 文件` 把错误清单（文件、行、列、企业/人员、原值、说明、位置）写成 CSV，文件名以 .xlsx 结尾时写成\n"
	"  XLSX（与网页导入给出的清单相同）；再次导入同一个文件不会改变任何数据，变化的行记入变更历史。\n"
	"- 街道、社区、区域只能有意新建：文件中出现台账里没有的地点会报错并给出相近的名称，确认要新建时加 `--new-places`。\n"
	"- 多区县的市：企业台账有“所属区县”一列（导出即如此写），所属街道只写街道名；也可不要这一列、把所属街道\n"
	"  写成“区县/街道”。只写街道名而不写区县时须全市只有一个同名街道，否则报错并列出各自的路径\n"
	"  （docs/scope.md“地域层级”）。党组织台账的所属街道在市里写作“区县/街道”；区县本级的党组织（如区非公企业\n"
	"  党委）所属街道只写区县名称、所属社区留空。\n"
	"- 以 = + - @ 开头的单元格导出为 CSV 时前面加一个 '，防止电子表格把它当作公式；导入时去掉这个 '。\n"
	"- 撤销、注销、减少：企业台账的“移出台账日期”“移出台账原因”，党组织台账和党建指导员的“撤销日期”“撤销原因”，\n"
	"  党员名册的“减少日期”“减少原因”由 `fgdj close`（网页上记录页的“移出台账”“撤销”“减少”）填写，`fgdj reopen`\n"
	"  （“恢复”）清除；日期和原因要同时填写。文件中没有这两列时，导入保留台账中的值；导出默认不含这些记录，\n"
	"  加 `--closed`（网页上勾选“含已撤销”）一并导出。规则见 docs/party-work.md“十五、撤销、注销、减少”。\n\n";

int cmd_format(const cli_args *a)
{
	const char *kind = a->npos > 0 ? a->pos[0] : NULL;
	if (cli_flag(a, "--template"))
		return write_template(kind, cli_opt(a, "-o"));
	buf b = {0};
	if (!kind)
		buf_puts(&b, INTRO);
	int found = 0;
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *def = ledger_get((ledger_kind)k);
		if (kind && strcmp(kind, def->name) != 0)
			continue;
		ledger_format_md(def, &b);
		found = 1;
	}
	if (!found) {
		buf_free(&b);
		return cli_fail(2, "没有“%s”这种台账；可用：enterprises、orgs、members、instructors 等（不带参数列出全部）", kind);
	}
	int rc = cli_write(cli_opt(a, "-o"), &b);
	buf_free(&b);
	return rc;
}
