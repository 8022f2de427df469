/* fgdj — command dispatch. Each command is one function; this table is the whole command line. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/date.h"

const cli_cmd cli_commands[] = {
	{"init", cmd_init, OPTS_INIT, "fgdj init [--db FILE] [--name 区名]", "新建空数据库（或把已有数据库升级到当前结构）"},
	{"import", cmd_import, OPTS_IMPORT,
	 "fgdj import enterprises|orgs|members|instructors|meetings|study|secretaries|visits|trainings|trainees|development|transfers|dues|campaigns|tasks|rosters|funding|rubric|ratings|designations|venues FILE [--dry-run] [--errors OUT.csv|OUT.xlsx] [--sheet NAME] [--new-places] [--replace] [--db FILE]",
	 "导入台账（CSV 或 XLSX）：全部正确才写入，任何一行有错都不写入并列出全部错误；文件中没有登记过的街道、社区、区域是错误"
	 "（附最接近的已有名称），核对无误后加 --new-places 才会新建并列出；职工名册加 --replace 时，文件中各企业没有列出的职工从名册删除"},
	{"export", cmd_export, OPTS_EXPORT,
	 "fgdj export enterprises|orgs|members|instructors|meetings|study|secretaries|visits|trainings|trainees|development|transfers|dues|campaigns|tasks|rosters|funding|rubric|ratings|designations|venues [--format csv|xlsx|json] [-o FILE] [--region NAME] [--unmasked] [--year Y] [--closed] [--db FILE]",
	 "导出台账，表头与导入相同；身份证号和电话默认脱敏，--unmasked 会记入历史；已撤销、移出、减少的记录加 --closed 才导出"},
	{"close", cmd_close, OPTS_CLOSE, "fgdj close enterprise|org|member|instructor KEY --date 日期 --reason 原因 [--db FILE]\n"
	 "  fgdj reopen enterprise|org|member|instructor KEY [--db FILE]    恢复（撤销有误时）",
	 "撤销、注销、减少：企业移出台账、党组织撤销、党员减少、指导员撤销，写明日期和原因；记录不删除，离开当前列表和今天的统计，"
	 "仍在变更历史和那天以前的 --as-of 统计中。有现任党员或下级党组织的党组织不能撤销；党组织、指导员、企业的覆盖关系和派驻在那天结束"},
	{"reopen", cmd_reopen, OPTS_CLOSE, "fgdj reopen enterprise|org|member|instructor KEY [--db FILE]",
	 "恢复撤销有误的记录：撤销时结束的覆盖关系和派驻一并恢复；一次事务并记入历史"},
	{"history", cmd_history, OPTS_HISTORY, "fgdj history enterprise|org|member|instructor|meeting|study|secretary|visit|training|trainee|development|transfer|dues|campaign|task|roster|funding|rubric|rating|designation|venue KEY [--unmasked] [--db FILE]",
	 "一条记录的全部变更：何时、何人、从何文件、改了什么"},
	{"demo", cmd_demo, OPTS_DEMO, "fgdj demo [--scale district|city|province] [--seed N] [--db FILE] [--export DIR]",
	 "生成逼真的演示数据（标识符均有效，同一种子结果相同）"},
	{"format", cmd_format, OPTS_FORMAT, "fgdj format [KIND] [-o FILE]\n  fgdj format KIND --template -o FILE.xlsx    导入模板",
	 "台账文件的格式说明（Markdown）：每个台账的列名、必填、取值和也接受的列名；--template 写出该台账的导入模板"
	 "（XLSX：表头、枚举列的下拉选项和“填写说明”工作表，与网页上的“下载导入模板”相同）"},
	{"summary", cmd_summary, OPTS_SUMMARY, "fgdj summary [--db FILE]", "台账概况：街道、社区、企业、党组织、党员、指导员数量"},
	{"stats", cmd_stats, OPTS_STATS,
	 "fgdj stats [--region NAME] [--as-of DATE] [--as-recorded DATE] [--by district|street|community|zone] [--format text|json|csv|xlsx] [-o FILE] [--db FILE]\n"
	 "  fgdj stats --compare DATE [--as-of DATE] [--region NAME] [--format text|json|csv] [-o FILE]    两个日期逐项比较",
	 "组织覆盖统计：指定地区、指定日期的企业、党组织、党员数字和组织覆盖率、应建尽建率等比率\n"
	 "  --as-of 日期：按那一天的情况计算（默认今天）。成立日期在那天以后的企业不计，没有成立日期的从录入那天起计；\n"
	 "  那天以后改动过的企业按变更历史中那天为止的最后一个版本（那天以后才录入的按录入时的版本）计算经营状态、\n"
	 "  从业人员数、固定场所、所在街道社区和区域，党组织的类别、组建方式、书记、支委会和任期同样按那天的版本；\n"
	 "  党员的工作单位、是否亮明身份和没有起始日期的组织关系状态（如停止党籍）也按那天的版本；\n"
	 "  覆盖关系、指导员派驻和党员按各自的起止日期判断。\n"
	 "  --as-recorded 日期：按那天结束时台账记载的原样计算（只用变更历史重建：那天以后录入的记录不在，以后删除或改动的\n"
	 "  记录按那天的原样，设置也按那天的），“今天”即那一天，当天打印的统计表和报告可以逐字节重新打印。\n"
	 "  两者的区别：--as-of 是今天所知的那一天（包括事后补录和更正），--as-recorded 是那天台账上写的；\n"
	 "  同时给出时，--as-of 不能晚于 --as-recorded，按那天的台账计算更早某一天的情况。"},
	{"check", cmd_check, OPTS_CHECK, "fgdj check [--region NAME] [--as-of DATE] [--as-recorded DATE] [--format text|json [--rule ID]] [--unmasked] [--db FILE]",
	 "检查发现：应建未建、组建方式或类别不符、未设支委会、届期已满、重复覆盖、“五清”缺项、口袋党员、失联党员等；有发现时退出码为 1\n"
	 "  --as-of、--as-recorded 的含义与 fgdj stats 相同：--as-recorded 按那天结束时台账记载的原样（含那天的整改状态）检查，当天的结果可以逐字重现"},
	{"finding", cmd_finding, OPTS_FINDING,
	 "fgdj finding set 编号|键 待整改|整改中|已整改|不适用 [--note 说明] [--as-of DATE] [--db FILE]",
	 "更改一条检查发现的整改状态：编号见 fgdj check 每条末尾的［编号 …］（键见 --format json 的 key）；处理人为 FGDJ_USER，"
	 "日期为今天，一次事务并记入历史；改回“待整改”即清除"},
	{"plan", cmd_plan, OPTS_PLAN, "fgdj plan joint [--region NAME] [--as-of DATE] [--as-recorded DATE] [--format text|json|xlsx] [-o FILE] [--db FILE]\n"
	 "  fgdj plan adopt N [--region NAME] [--confirm] [--db FILE]    预览并采纳方案中第 N 个拟组建的联合党支部",
	 "联合党支部组建方案：正式党员 1–2 名的未覆盖企业在同一区域、社区或街道内联合组建，无法联建的建议挂靠"},
	{"report", cmd_report, OPTS_REPORT,
	 "fgdj report work [--year Y] [--as-of DATE] [--as-recorded DATE] [--region NAME] [--template FILE] --format md|html|docx|pdf [-o FILE]\n"
	 "  fgdj report stats --format xlsx -o FILE [--region NAME] [--as-of DATE] [--as-recorded DATE]\n"
	 "  fgdj report template [-o FILE]    输出内置报告模板，可复制修改后用 --template 使用\n"
	 "  fgdj report vars [--region NAME]  列出模板可用的全部占位符及其当前值",
	 "区里的非公党建工作报告（数字全部由台账计算）和统计表\n"
	 "  --as-of 日期：按今天所知的那一天计算（包括事后补录和更正），见 fgdj stats --help；\n"
	 "  --as-recorded 日期：按那天结束时台账记载的原样、以那天为“今天”生成，当天打印的报告可以逐字节重新打印"},
	{"crossmatch", cmd_crossmatch, OPTS_CROSSMATCH,
	 "fgdj crossmatch [--as-of D] [--region R] [--class pocket|hidden|unregistered] [--state open|confirmed|dismissed] [--campaign 排查名称]"
	 " [--format text|json|xlsx] [-o FILE] [--unmasked] [--db FILE]\n"
	 "  fgdj crossmatch confirm|dismiss 企业统一社会信用代码 公民身份号码 [--campaign 排查名称] [--note 说明] [--db FILE]",
	 "职工名册与党员名册比对：口袋党员、隐形党员线索和自报党员未登记；确认或排除一条线索（记入历史，确认的列入检查发现）"},
	{"backup", cmd_backup, OPTS_BACKUP,
	 "fgdj backup FILE [--db FILE]\n"
	 "  fgdj backup --dir DIR [--keep-daily N] [--keep-monthly M] [--at HH:MM] [--config FILE] [--db FILE]    定时备份",
	 "在线备份数据库到一个文件（服务运行时也可备份），写完后读回校验（完整性、版本）；--dir 每天一份 DIR/fgdj-年-月-日.db"
	 "（--at 时刻以前不备份，当天已有则不重复），然后只保留最近 N 天（默认 7）和最近 M 个月每月最新的一份（默认 12），"
	 "删除其余同名格式的备份"},
	{"migrate", cmd_migrate, OPTS_MIGRATE, "fgdj migrate [--backup FILE] [--db FILE]\n"
	 "  fgdj migrate --to postgresql://用户@主机/数据库 [--db FILE]    复制到 PostgreSQL",
	 "把数据库升级到本程序的结构版本（软件包升级时运行）：先把升级前的数据库备份到 --backup 文件并校验，再升级，记入历史；"
	 "数据库比本程序新时拒绝并不做任何改动。--to 把整个数据库（含历史）复制到一个空的 PostgreSQL 数据库：一个快照、一个事务，"
	 "提交前逐表按键读回两边逐值核对，不一致则全部撤销"},
	{"restore", cmd_restore, OPTS_RESTORE, "fgdj restore FILE --yes [--db FILE]",
	 "校验备份文件（完整性、版本）后用它替换数据库的全部内容"},
	{"place", cmd_place, OPTS_PLACE,
	 "fgdj place list [--format text|json]\n  fgdj place add street 名称 | add community 街道 名称 | add zone 名称 园区|商圈|楼宇|科技园\n"
	 "  fgdj place rename|merge 街道|社区|区域 名称 新名称|合并到的名称\n  fgdj place remove 街道|社区|区域 名称",
	 "地点（街道、社区、区域）：列出及引用数，新建、改名、合并、删除（只删空地点）；区域与街道、社区不能同名；每次变更记入历史"},
	{"campaign", cmd_campaign, OPTS_CAMPAIGN,
	 "fgdj campaign tasks 排查名称 [--db FILE]\n  fgdj campaign progress 排查名称 [-o FILE.xlsx] [--db FILE]",
	 "排查：为排查范围内每家在营且还没有任务的企业生成一条“未开始”的排查任务（一次事务，记入历史）；"
	 "按街道、社区列出排查进度（任务数、未开始、进行中、已完成、完成率），-o 以 .xlsx 结尾时写成 Excel"},
	{"settings", cmd_settings, OPTS_SETTINGS, "fgdj settings [KEY [VALUE]] [--db FILE]", "查看或修改设置"},
	{"serve", cmd_serve, OPTS_SERVE,
	 "fgdj serve [--config FILE] [--listen ADDR:PORT] [--threads N] [--trust-proxy ADDR,...|none] [--refresh-after SECONDS] "
	 "[--db FILE]\n  fgdj serve --routes",
	 "网页应用与 JSON 接口（默认 127.0.0.1:8080）；SIGTERM 或 Ctrl-C 停止；--routes 列出全部路由及其权限；"
	 "--trust-proxy 为反向代理的地址（默认 127.0.0.1,::1），只有它们的 X-Forwarded-Proto、X-Forwarded-For 和 X-Request-Id 被采信；"
	 "--refresh-after 为后台预先计算的等待秒数（默认 2）：启动时先算好全区（市）的统计、检查发现和组建方案，数据改动后静止这么久，"
	 "就把近 10 分钟内有人看过的统计、检查发现和组建方案重新算好，0 表示不预先计算；"
	 "--config 读取配置文件（如 /etc/fgdj/fgdj.conf），命令行选项优先"},
	{"user", cmd_user, OPTS_USER,
	 "fgdj user add NAME --role admin|district|street|community|secretary|instructor|viewer [--scope 街道|社区|党组织] "
	 "[--instructor 姓名（派出单位）] [--password-stdin]\n  fgdj user passwd|disable|enable|unlock NAME [--password-stdin]\n  fgdj user list [--format text|json]",
	 "网页用户：角色与范围（街道、社区或党组织）；党建指导员账户可用 --instructor 关联指导员台账，登记本人走访；"
	 "密码以 Argon2id 散列保存；每次变更记入历史"},
	{"dues", cmd_dues, OPTS_DUES, "fgdj dues sheet --org 党组织名称 --month 2026-03 [-o FILE.xlsx] [--unmasked] [--db FILE]",
	 "党费收缴表（XLSX）：该党组织当月的每名党员一行，列与党费台账相同，填好后可用 fgdj import dues 导入；"
	 "应缴按最近一次的税后工资计算；身份证号和工资默认脱敏，--unmasked 会记入历史"},
	{"funding", cmd_funding, OPTS_FUNDING,
	 "fgdj funding totals [--year Y] [--by street|org|year] [--region NAME] [-o FILE[.xlsx]] [--db FILE]",
	 "党建经费汇总（元）：星级奖励、专项补贴、其他和合计，按街道（全区默认）、党组织（街道、社区默认）或年度；"
	 "-o 以 .xlsx 结尾时写成 Excel"},
	{"ratings", cmd_ratings, OPTS_RATINGS, "fgdj ratings sheet --year 2025 [-o FILE.xlsx] [--db FILE]",
	 "星级评定打分表（XLSX）：该年度每个在册党组织一行，每个计分指标一列（按该年度的评分细则），已有评定预先填好；"
	 "填好后可用 fgdj import ratings 导入，留空的行跳过"},
};

const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];
const char cli_title[] = "非公企业党建工作台账与报表系统";
const char cli_db_note[] = "数据库：--db FILE，否则环境变量 FGDJ_DB，否则当前目录的 fgdj.db。";
const char cli_exit_note[] = "退出码：0 成功；1 有需要关注的发现；2 用法或输入错误。";

static void usage(FILE *f)
{
	fprintf(f, "fgdj — %s\n\n用法：\n", cli_title);
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(f, "  %s\n      %s\n", cli_commands[i].usage, cli_commands[i].help);
	fprintf(f, "\n%s\n%s\n", cli_db_note, cli_exit_note);
}

static int parse(const cli_cmd *c, int argc, char **argv, cli_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (arg[0] == '-' && arg[1] != '\0') {
			const char *eq = strchr(arg, '=');
			size_t nl = eq ? (size_t)(eq - arg) : strlen(arg);
			const cli_optspec *o = c->opts;
			while (o->name && !(strlen(o->name) == nl && strncmp(o->name, arg, nl) == 0))
				o++;
			if (!o->name)
				return cli_fail(2, "%s 不认识选项 %.*s\n用法：%s", c->name, (int)nl, arg, c->usage);
			if (a->nopts == CLI_MAX_OPTS)
				return cli_fail(2, "选项太多");
			const char *val = "";
			if (o->has_arg) {
				if (eq)
					val = eq + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else
					return cli_fail(2, "选项 %s 需要一个值\n用法：%s", o->name, c->usage);
			} else if (eq) {
				return cli_fail(2, "选项 %s 不带值", o->name);
			}
			a->optname[a->nopts] = o->name;
			a->optval[a->nopts++] = val;
		} else {
			if (a->npos == CLI_MAX_POS)
				return cli_fail(2, "参数太多\n用法：%s", c->usage);
			a->pos[a->npos++] = arg;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc > 2 && strcmp(argv[1], "help") == 0 && argv[2][0] == '-')
		return cli_help_generate(argv[2]);
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		puts("fgdj " FGDJ_VERSION);
		return 0;
	}
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_cmd *c = &cli_commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
			printf("用法：%s\n%s\n", c->usage, c->help);
			return 0;
		}
		cli_args a;
		if (parse(c, argc - 2, argv + 2, &a))
			return 2;
		int rc = c->run(&a);
		/* Commands print with stdio; a full disk or a closed pipe shows only here. A command
		 * that already failed has said why. */
		if (rc != 2 && cli_stdout_check())
			rc = 2;
		return rc;
	}
	fprintf(stderr, "fgdj: 没有命令“%s”\n\n", argv[1]);
	usage(stderr);
	return 2;
}
