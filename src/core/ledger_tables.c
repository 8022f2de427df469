/* The ledgers' column tables (core/ledger.h): headers, accepted variants, types, flags and choices of
 * every ledger, and the lookups by kind and name. Validation and formats are in ledger.c. */
#include <string.h>

#include "core/ledger.h"
#include "core/recog.h"

#define V(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const STATUS[] = {"在营", "停业", "歇业", "注销", "吊销", NULL};
static const char *const ZONE_KINDS[] = {"园区", "商圈", "楼宇", "科技园", NULL};
static const char *const ORG_KINDS[] = {"党委", "党总支", "党支部", NULL};
static const char *const ORG_MODES[] = {"单独建", "联合建", "挂靠建", "上级机关", NULL};
static const char *const MEMBER_STATUS[] = {"正式党员", "预备党员", NULL};
static const char *const RELATIONS[] = {"正常", "流动", "失联", "停止党籍", NULL};
static const char *const MEETING_KINDS[] = {"支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", NULL};
static const char *const MEETING_FORMS[] = {"集中", "错时", "轮班", "小组", "线上", NULL};
static const char *const SECRETARY_METHODS[] = {"内选", "外聘", "公开选拔", "组织选派", NULL};
static const char *const VISIT_ROLES[] = {"调研员", "宣传员", "服务员", "督导员", NULL};
static const char *const TRAINING_KINDS[] = {"集中培训", "现场观摩", "主题讲座", "专家辅导", "专题讨论", "任职培训", "全员轮训", NULL};
static const char *const TRAINEE_ROLES[] = {"出资人", "书记", "党务工作者", "党员", "其他", NULL};
static const char *const RECOMMEND_WAYS[] = {"党员推荐", "群团推优", "双推", NULL};
static const char *const DIRECTIONS[] = {"转入", "转出", NULL};
static const char *const TASK_STATES[] = {"未开始", "进行中", "已完成", NULL};
static const char *const POLITICAL[] = {"中共党员", "中共预备党员", "共青团员", "民主党派", "群众", "其他", NULL};
/* Reasons a record leaves its ledger (schema v23, docs/ledger-format.md "撤销、注销、减少"): offered,
 * not imposed. A member's are the 党员减少 categories of the party statistics; 停止党籍 and 转出 are
 * recorded as 组织关系状态 and transfers first, 减少 is when the member leaves the district's roll. */
static const char *const ENT_CLOSE_REASONS[] = {"注销", "吊销", "迁出本区", "重复登记", "录入错误", NULL};
static const char *const ORG_CLOSE_REASONS[] = {"企业注销", "党员不足三人", "组织调整", "重复登记", "录入错误", NULL};
static const char *const MEMBER_CLOSE_REASONS[] = {"死亡", "出党", "停止党籍", "转出本区", "重复登记", "录入错误", NULL};
static const char *const INSTR_CLOSE_REASONS[] = {"工作调动", "期满撤回", "重复登记", "录入错误", NULL};
static const char *const FUNDING_KINDS[] = {"星级奖励", "专项补贴", "其他", NULL};
/* The 20 sections (门类) of the national industry classification GB/T 4754-2017, offered for 行业;
 * any other text stays valid (files have long used finer or local names). */
static const char *const INDUSTRIES[] = {
	"农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
	"交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
	"租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
	"教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织", NULL};

#define DEF(k, n, t, one, rec, c) {k, n, t, one, rec, c, sizeof c / sizeof c[0]}
static const ledger_col ENT_COLS[] = {
	{"uscc", "统一社会信用代码", V("统一社会信用代码(注册号)", "社会信用代码", "信用代码", "统一代码", "注册号"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"name", "企业名称", V("企业名称/单位名称", "单位名称", "企业(单位)名称", "名称"), COL_TEXT, COL_REQUIRED, NULL},
	{"district", "所属区县", V("区县", "所在区县", "区(县)", "所属区(县)"), COL_TEXT, COL_CITY, NULL},
	{"street", "所属街道", V("街道", "街道(乡镇)", "所在街道"), COL_TEXT, COL_REQUIRED, NULL},
	{"community", "所属社区", V("社区", "社区(村)", "所在社区"), COL_TEXT, COL_REQUIRED, NULL},
	{"zone", "所属区域", V("区域", "所在区域", "所在园区", "园区/商圈/楼宇"), COL_TEXT, 0, NULL},
	{"zone_kind", "区域类型", V("区域类别"), COL_ENUM, 0, ZONE_KINDS},
	{"industry", "行业", V("所属行业", "行业类别", "行业门类"), COL_TEXT, COL_SUGGEST, INDUSTRIES},
	{"status", "经营状态", V("企业状态", "登记状态", "状态"), COL_ENUM, COL_REQUIRED, STATUS},
	{"employees", "从业人员数", V("从业人员", "从业人数", "职工人数", "员工人数", "职工数"), COL_INT, COL_REQUIRED, NULL},
	{"fixed_site", "有固定经营场所", V("是否有固定经营场所", "固定经营场所"), COL_BOOL, COL_REQUIRED, NULL},
	{"capital", "注册资本（万元）", V("注册资本"), COL_NUM, 0, NULL},
	{"investor", "出资人", V("出资人(负责人)", "负责人", "法定代表人"), COL_TEXT, 0, NULL},
	{"investor_member", "出资人是否党员", V("出资人(负责人)是否党员", "负责人是否党员"), COL_BOOL, 0, NULL},
	{"founded", "成立日期", V("成立时间", "注册日期"), COL_DATE, 0, NULL},
	{"op_info", "经营运行情况", V("经营情况"), COL_TEXT, 0, NULL},
	{"staff_info", "职工队伍情况", V("职工情况"), COL_TEXT, 0, NULL},
	{"no_org_reason", "未建党组织原因", V("未建立党组织原因", "未建党组织的原因"), COL_TEXT, 0, NULL},
	/* Appended (schema v23): the day the enterprise left the ledger and why (fgdj close). */
	{"closed", "移出台账日期", V("移出日期"), COL_DATE, COL_CLOSING, NULL},
	{"closed_reason", "移出台账原因", V("移出原因"), COL_TEXT, COL_CLOSING | COL_SUGGEST, ENT_CLOSE_REASONS},
};

static const ledger_col ORG_COLS[] = {
	{"name", "党组织名称", V("组织名称", "党组织全称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"kind", "组织类别", V("党组织类别", "类别"), COL_ENUM, COL_REQUIRED, ORG_KINDS},
	{"mode", "组建方式", V("组建形式", "建立方式"), COL_ENUM, COL_REQUIRED, ORG_MODES},
	{"parent", "上级党组织", V("上级组织", "上级党委"), COL_TEXT, COL_REF_ORGS, NULL},
	{"covers", "覆盖企业", V("覆盖企业统一社会信用代码", "所在企业"), COL_USCC_LIST, COL_REF_ENTERPRISES, NULL},
	{"street", "所属街道", V("街道", "所在街道"), COL_TEXT, 0, NULL},
	{"community", "所属社区", V("社区", "所在社区"), COL_TEXT, 0, NULL},
	{"zone", "所属区域", V("区域", "所在区域"), COL_TEXT, 0, NULL},
	{"founded", "成立日期", V("建立日期", "成立时间"), COL_DATE, COL_REQUIRED, NULL},
	{"secretary", "书记姓名", V("书记", "党组织书记"), COL_TEXT, 0, NULL},
	{"has_committee", "是否设支委会", V("设支委会", "是否设立支委会"), COL_BOOL, 0, NULL},
	{"committee_size", "支委会人数", V("委员人数", "支委人数"), COL_INT, 0, NULL},
	{"term_start", "本届任期开始", V("本届任期开始日期", "任期开始", "换届时间"), COL_DATE, 0, NULL},
	/* Appended: positions above are what files and code already rely on. */
	{"groups", "党小组数", V("党小组个数", "党小组数量"), COL_INT, 0, NULL},
	{"closed", "撤销日期", V("撤销时间"), COL_DATE, COL_CLOSING, NULL},
	{"closed_reason", "撤销原因", NULL, COL_TEXT, COL_CLOSING | COL_SUGGEST, ORG_CLOSE_REASONS},
};

static const ledger_col MEMBER_COLS[] = {
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"status", "人员类别", V("党员类别", "党员类型"), COL_ENUM, COL_REQUIRED, MEMBER_STATUS},
	{"join_date", "入党日期", V("入党时间"), COL_DATE, COL_REQUIRED, NULL},
	{"full_date", "转正日期", V("转正时间"), COL_DATE, 0, NULL},
	{"employer", "工作单位统一社会信用代码", V("工作单位信用代码", "单位统一社会信用代码"), COL_USCC, COL_REF_ENTERPRISES, NULL},
	{"org", "所在党组织", V("所在党支部", "党组织"), COL_TEXT, COL_REF_ORGS, NULL},
	{"relation", "组织关系状态", V("关系状态"), COL_ENUM, 0, RELATIONS},
	{"disclosed", "是否亮明身份", V("亮明身份"), COL_BOOL, 0, NULL},
	{"phone", "联系电话", V("手机", "手机号码", "电话"), COL_PHONE, COL_PERSONAL, NULL},
	/* Appended (members' lifecycle): positions above are what files and code already rely on. */
	{"relation_since", "关系状态起始日期", V("组织关系状态起始日期", "状态起始日期"), COL_DATE, 0, NULL},
	{"outside_org", "区外组织关系", V("区外组织关系所在党组织", "组织关系所在党组织（区外）"), COL_TEXT, 0, NULL},
	{"closed", "减少日期", V("党员减少日期"), COL_DATE, COL_CLOSING, NULL},
	{"closed_reason", "减少原因", V("党员减少原因"), COL_TEXT, COL_CLOSING | COL_SUGGEST, MEMBER_CLOSE_REASONS},
};

static const ledger_col INSTR_COLS[] = {
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"unit", "派出单位", V("选派单位"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"phone", "联系电话", V("手机", "手机号码", "电话"), COL_PHONE, COL_PERSONAL, NULL},
	{"covers", "指导企业", V("联系企业", "指导企业统一社会信用代码"), COL_USCC_LIST, COL_REF_ENTERPRISES, NULL},
	{"start_date", "派驻日期", V("选派日期", "派驻时间"), COL_DATE, 0, NULL},
	{"closed", "撤销日期", V("撤回日期"), COL_DATE, COL_CLOSING, NULL},
	{"closed_reason", "撤销原因", V("撤回原因"), COL_TEXT, COL_CLOSING | COL_SUGGEST, INSTR_CLOSE_REASONS},
};

static const ledger_col MEETING_COLS[] = {
	{"org", "党组织名称", V("党组织", "组织名称", "党支部名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"kind", "活动类型", V("会议类型", "类型", "组织生活类型"), COL_ENUM, COL_REQUIRED | COL_KEY, MEETING_KINDS},
	{"date", "日期", V("活动日期", "会议日期", "召开日期", "时间"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"topic", "主题", V("会议主题", "活动主题", "议题"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"form", "形式", V("召开形式", "活动形式", "组织形式"), COL_ENUM, 0, MEETING_FORMS},
	{"hours", "学时", V("时长", "学时(小时)", "时长(小时)"), COL_HOURS, 0, NULL},
	{"attendees", "参加党员", V("参会党员", "出席党员", "参加党员身份证号"), COL_IDNO_LIST, COL_PERSONAL, NULL},
	{"absentees", "缺席党员及原因", V("缺席党员", "缺席人员及原因", "请假党员及原因"), COL_ABSENT_LIST, COL_PERSONAL, NULL},
	{"recorder", "记录人", V("记录"), COL_TEXT, 0, NULL},
};

static const ledger_col STUDY_COLS[] = {
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"name", "姓名", V("党员姓名"), COL_TEXT, 0, NULL},
	{"date", "日期", V("学习日期", "时间"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"content", "内容", V("学习内容", "学习主题"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"hours", "学时", V("时长", "学时(小时)", "学习时长"), COL_HOURS, COL_REQUIRED, NULL},
};

static const ledger_col SECRETARY_COLS[] = {
	{"org", "党组织名称", V("党组织", "组织名称", "党支部名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"name", "姓名", V("书记姓名"), COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_PERSONAL, NULL},
	{"since", "任职日期", V("任职时间", "任职开始日期"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"until", "离任日期", V("离任时间", "免职日期"), COL_DATE, 0, NULL},
	{"method", "产生方式", V("选任方式", "产生办法"), COL_ENUM, 0, SECRETARY_METHODS},
	{"dual_strong", "是否双强", V("双强", "是否“双强”书记"), COL_BOOL, 0, NULL},
	{"investor", "是否出资人或高管", V("是否出资人或高级管理人员", "出资人或高管"), COL_BOOL, 0, NULL},
	{"phone", "联系电话", V("手机", "手机号码", "电话"), COL_PHONE, COL_PERSONAL, NULL},
};

static const ledger_col VISIT_COLS[] = {
	{"instructor", "指导员姓名", V("指导员", "党建指导员", "党建指导员姓名"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"unit", "派出单位", V("选派单位"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"uscc", "企业统一社会信用代码", V("统一社会信用代码", "走访企业统一社会信用代码", "企业信用代码"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"date", "走访日期", V("日期", "走访时间"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"roles", "发挥作用", V("发挥作用(四员)", "四员作用"), COL_ENUM_LIST, 0, VISIT_ROLES},
	{"notes", "走访内容", V("内容", "走访情况"), COL_TEXT, 0, NULL},
};

static const ledger_col TRAINING_COLS[] = {
	{"name", "名称", V("培训名称", "活动名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"kind", "类型", V("培训类型", "活动类型"), COL_ENUM, COL_REQUIRED, TRAINING_KINDS},
	{"start_date", "开始日期", V("开始时间", "日期"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"end_date", "结束日期", V("结束时间"), COL_DATE, 0, NULL},
	{"place", "地点", V("培训地点", "活动地点"), COL_TEXT, 0, NULL},
	{"hours", "学时", V("时长", "学时(小时)"), COL_NUM, 0, NULL},
	{"organiser", "主办单位", V("举办单位", "组织单位"), COL_TEXT, 0, NULL},
};

static const ledger_col TRAINEE_COLS[] = {
	{"training", "培训名称", V("名称", "活动名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"start_date", "开始日期", V("培训开始日期", "开始时间"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_PERSONAL, NULL},
	{"role", "身份", V("人员类别", "参训身份"), COL_ENUM, 0, TRAINEE_ROLES},
	{"uscc", "企业统一社会信用代码", V("统一社会信用代码", "所在企业统一社会信用代码", "企业信用代码"), COL_USCC, 0, NULL},
};

/* The step dates first, in the order of core/dev.h. */
static const ledger_col DEVELOPMENT_COLS[] = {
	{"name", "姓名", NULL, COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"employer", "工作单位统一社会信用代码", V("工作单位信用代码", "单位统一社会信用代码"), COL_USCC, 0, NULL},
	{"org", "所在党组织", V("党组织", "培养党组织", "所在党支部"), COL_TEXT, COL_REQUIRED, NULL},
	{"apply_date", "申请日期", V("入党申请日期", "递交入党申请书日期"), COL_DATE, COL_REQUIRED, NULL},
	{"talk_date", "谈话日期", V("谈话时间"), COL_DATE, 0, NULL},
	{"activist_date", "确定积极分子日期", V("确定为入党积极分子日期", "积极分子日期"), COL_DATE, 0, NULL},
	{"target_date", "确定发展对象日期", V("确定为发展对象日期", "发展对象日期"), COL_DATE, 0, NULL},
	{"review_date", "政审日期", V("政治审查日期"), COL_DATE, 0, NULL},
	{"notice_start", "公示开始日期", V("公示开始"), COL_DATE, 0, NULL},
	{"notice_end", "公示结束日期", V("公示结束"), COL_DATE, 0, NULL},
	{"assembly_date", "支部大会日期", V("支部大会讨论日期", "接收预备党员日期"), COL_DATE, 0, NULL},
	{"approval_date", "上级批准日期", V("上级党委批准日期", "批准日期"), COL_DATE, 0, NULL},
	{"full_date", "转正日期", V("转为正式党员日期"), COL_DATE, 0, NULL},
	{"recommend", "推荐方式", V("推荐方式（党员推荐/群团推优/双推）"), COL_ENUM, 0, RECOMMEND_WAYS},
	{"contacts", "培养联系人", V("培养联系人身份证号", "培养联系人公民身份号码"), COL_IDNO_LIST, COL_PERSONAL, NULL},
	{"training_hours", "集中培训学时", V("培训学时"), COL_NUM, 0, NULL},
	{"extension", "延长预备期（月）", V("延长预备期", "延长预备期(月)"), COL_INT, 0, NULL},
	{"dual", "是否双培", V("双培", "是否“双培”"), COL_BOOL, 0, NULL},
};

static const ledger_col TRANSFER_COLS[] = {
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"name", "姓名", V("党员姓名"), COL_TEXT, 0, NULL},
	{"direction", "方向", V("转接方向", "转入转出"), COL_ENUM, COL_REQUIRED, DIRECTIONS},
	{"org", "本方党组织", V("本方党组织名称", "本组织"), COL_TEXT, COL_REQUIRED, NULL},
	{"other", "对方党组织", V("对方党组织名称", "转出（转入）党组织"), COL_TEXT, COL_REQUIRED, NULL},
	{"letter_date", "介绍信日期", V("开具介绍信日期", "介绍信开具日期"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"done_date", "办结日期", V("完成日期", "接收日期"), COL_DATE, 0, NULL},
};

static const ledger_col DUES_COLS[] = {
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"name", "姓名", V("党员姓名"), COL_TEXT, 0, NULL},
	{"month", "月份", V("所属月份", "缴费月份", "党费月份"), COL_MONTH, COL_REQUIRED | COL_KEY, NULL},
	{"base", "税后工资", V("月工资收入", "税后月工资", "计缴基数", "工资收入"), COL_MONEY, COL_PERSONAL, NULL},
	{"retired", "是否离退休", V("离退休", "是否离退休人员"), COL_BOOL, 0, NULL},
	{"due", "应缴", V("应缴党费", "应交党费", "应缴金额"), COL_MONEY, 0, NULL},
	{"paid", "实缴", V("实缴党费", "实交党费", "实缴金额"), COL_MONEY, 0, NULL},
	{"paid_date", "缴纳日期", V("缴费日期", "交纳日期"), COL_DATE, 0, NULL},
};

/* 范围 names a street or community ("街道/社区" or a unique community name); empty is the whole
 * district. The store resolves it like any place name and never creates one. */
static const ledger_col CAMPAIGN_COLS[] = {
	{"name", "名称", V("排查名称", "排查活动名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"lead", "牵头部门", V("牵头单位"), COL_TEXT, COL_REQUIRED, NULL},
	{"partners", "配合部门", V("配合单位", "参与部门"), COL_TEXT, 0, NULL},
	{"start_date", "开始日期", V("开始时间"), COL_DATE, COL_REQUIRED | COL_FUTURE, NULL},
	{"deadline", "截止日期", V("截止时间", "完成时限"), COL_DATE, COL_REQUIRED | COL_FUTURE, NULL},
	{"range", "范围", V("排查范围", "街道或社区"), COL_TEXT, 0, NULL},
};

static const ledger_col TASK_COLS[] = {
	{"campaign", "排查名称", V("排查", "名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"uscc", "企业统一社会信用代码", V("统一社会信用代码", "企业信用代码"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"owner", "责任人", V("负责人", "排查责任人"), COL_TEXT, 0, NULL},
	{"status", "状态", V("排查状态", "进度"), COL_ENUM, 0, TASK_STATES},
	{"done_date", "完成日期", V("完成时间"), COL_DATE, 0, NULL},
	{"findings", "发现情况", V("排查发现", "发现问题"), COL_TEXT, 0, NULL},
};

static const ledger_col ROSTER_COLS[] = {
	{"uscc", "企业统一社会信用代码", V("统一社会信用代码", "企业信用代码", "单位统一社会信用代码"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"name", "姓名", V("职工姓名", "员工姓名"), COL_TEXT, COL_REQUIRED, NULL},
	{"idno", "公民身份号码", V("身份证号", "身份证号码", "公民身份证号码", "身份证"), COL_IDNO, COL_REQUIRED | COL_KEY | COL_PERSONAL, NULL},
	{"hired", "入职日期", V("入职时间", "参加工作日期", "聘用日期"), COL_DATE, 0, NULL},
	{"political", "政治面貌", V("政治身份"), COL_ENUM, 0, POLITICAL},
};

static const ledger_col FUNDING_COLS[] = {
	{"org", "党组织名称", V("党组织", "受奖励党组织", "受补贴党组织"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"date", "日期", V("拨付日期", "发放日期", "下达日期"), COL_DATE, COL_REQUIRED | COL_KEY, NULL},
	{"kind", "类型", V("经费类型", "类别"), COL_ENUM, COL_REQUIRED | COL_KEY, FUNDING_KINDS},
	{"amount", "金额（元）", V("金额", "金额(元)", "经费金额", "奖补金额"), COL_MONEY, COL_REQUIRED, NULL},
	{"doc", "依据文号", V("文号", "依据文件"), COL_TEXT, 0, NULL},
};

/* 评分细则: a year's rubric is the set of its rows (an import replaces the years it names). */
static const ledger_col RUBRIC_COLS[] = {
	{"year", "评定年度", V("年度", "创评年度"), COL_INT, COL_REQUIRED | COL_KEY, NULL},
	{"area", "考核方面", V("考核内容", "评分项目", "方面"), COL_TEXT, COL_REQUIRED, NULL},
	{"indicator", "指标", V("考核指标", "评分指标", "否决项目"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"points", "分值", V("分数", "满分"), COL_INT, 0, NULL},
	{"veto", "是否否决项", V("否决项", "一票否决"), COL_BOOL, 0, NULL},
};

/* 星级评定: the indicator columns of the row's year travel in "scores" (COL_DYNAMIC); 总分 and 星级
 * are checked against the computed ones, never taken as given. */
static const ledger_col RATING_COLS[] = {
	{"org", "党组织名称", V("党组织", "组织名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"year", "评定年度", V("年度", "创评年度"), COL_INT, COL_REQUIRED | COL_KEY, NULL},
	{"date", "评定日期", V("评定时间", "评审日期"), COL_DATE, COL_REQUIRED, NULL},
	{"scores", "各指标得分", NULL, COL_TEXT, COL_DYNAMIC, NULL},
	{"veto", "否决情况", V("否决项", "否决原因", "一票否决"), COL_TEXT, 0, NULL},
	{"total", "总分", V("得分", "合计"), COL_NUM, 0, NULL},
	{"stars", "星级", V("评定星级", "星级（星）"), COL_INT, 0, NULL},
};

/* 党员 lists ID numbers of members employed by the enterprise (checked by the store). */
static const ledger_col DESIGNATION_COLS[] = {
	{"kind", "类型", V("岗区类型", "亮身份类型"), COL_ENUM, COL_REQUIRED | COL_KEY, designation_kind_names},
	{"name", "名称", V("岗区名称", "示范岗（先锋岗、责任区）名称"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"uscc", "企业统一社会信用代码", V("统一社会信用代码", "企业信用代码"), COL_USCC, COL_REQUIRED | COL_KEY, NULL},
	{"members", "党员", V("党员公民身份号码", "党员身份证号"), COL_IDNO_LIST, COL_PERSONAL, NULL},
	{"granted", "授予日期", V("设立日期", "命名日期"), COL_DATE, COL_REQUIRED, NULL},
	{"revoked", "撤销日期", V("撤销时间"), COL_DATE, 0, NULL},
};

static const ledger_col VENUE_COLS[] = {
	{"org", "党组织名称", V("党组织"), COL_TEXT, COL_REQUIRED | COL_KEY, NULL},
	{"address", "地址", V("阵地地址", "活动场所地址"), COL_TEXT, 0, NULL},
	{"area", "面积（平方米）", V("面积", "使用面积", "面积(㎡)"), COL_INT, 0, NULL},
	{"site", "有场所", V("有固定场所"), COL_BOOL, 0, NULL},
	{"facilities", "有设施", V("有设备"), COL_BOOL, 0, NULL},
	{"sign", "有标识", V("有标牌"), COL_BOOL, 0, NULL},
	{"flag", "有党旗", NULL, COL_BOOL, 0, NULL},
	{"books", "有书报", V("有书刊"), COL_BOOL, 0, NULL},
	{"rules", "有制度", V("有制度上墙"), COL_BOOL, 0, NULL},
	{"open_base", "开放式组织生活基地", V("是否开放式组织生活基地", "开放式基地"), COL_BOOL, 0, NULL},
	{"recognised", "认定日期", V("验收日期"), COL_DATE, 0, NULL},
};

#define DEF(k, n, t, one, rec, c) {k, n, t, one, rec, c, sizeof c / sizeof c[0]}
static const ledger_def DEFS[LEDGER_NKINDS] = {
	DEF(LEDGER_ENTERPRISES, "enterprises", "企业台账", "enterprise", "enterprise", ENT_COLS),
	DEF(LEDGER_ORGS, "orgs", "党组织台账", "org", "org", ORG_COLS),
	DEF(LEDGER_MEMBERS, "members", "党员名册", "member", "member", MEMBER_COLS),
	DEF(LEDGER_INSTRUCTORS, "instructors", "党建指导员", "instructor", "instructor", INSTR_COLS),
	DEF(LEDGER_MEETINGS, "meetings", "组织生活记录", "meeting", "meeting", MEETING_COLS),
	DEF(LEDGER_STUDY, "study", "党员学习记录", "study", "study", STUDY_COLS),
	DEF(LEDGER_SECRETARIES, "secretaries", "党组织书记", "secretary", "secretary", SECRETARY_COLS),
	DEF(LEDGER_VISITS, "visits", "指导员走访记录", "visit", "visit", VISIT_COLS),
	DEF(LEDGER_TRAININGS, "trainings", "培训观摩", "training", "training", TRAINING_COLS),
	DEF(LEDGER_TRAINEES, "trainees", "培训人员", "trainee", "trainee", TRAINEE_COLS),
	DEF(LEDGER_DEVELOPMENT, "development", "发展党员", "development", "development", DEVELOPMENT_COLS),
	DEF(LEDGER_TRANSFERS, "transfers", "组织关系转接", "transfer", "transfer", TRANSFER_COLS),
	DEF(LEDGER_DUES, "dues", "党费", "dues", "dues", DUES_COLS),
	DEF(LEDGER_CAMPAIGNS, "campaigns", "排查", "campaign", "campaign", CAMPAIGN_COLS),
	DEF(LEDGER_TASKS, "tasks", "排查任务", "task", "task", TASK_COLS),
	DEF(LEDGER_ROSTERS, "rosters", "职工名册", "roster", "roster_line", ROSTER_COLS),
	DEF(LEDGER_FUNDING, "funding", "党建经费", "funding", "funding", FUNDING_COLS),
	DEF(LEDGER_RUBRIC, "rubric", "评分细则", "rubric", "rubric_item", RUBRIC_COLS),
	DEF(LEDGER_RATINGS, "ratings", "星级评定", "rating", "rating", RATING_COLS),
	DEF(LEDGER_DESIGNATIONS, "designations", "亮身份", "designation", "designation", DESIGNATION_COLS),
	DEF(LEDGER_VENUES, "venues", "党员活动阵地", "venue", "venue", VENUE_COLS),
};

const ledger_def *ledger_get(ledger_kind kind)
{
	return kind < LEDGER_NKINDS ? &DEFS[kind] : NULL;
}

const char *ledger_ref(const ledger_col *col)
{
	return col->flags & COL_REF_ENTERPRISES ? "enterprises" : col->flags & COL_REF_ORGS ? "orgs" : NULL;
}

const ledger_def *ledger_by_name(const char *name)
{
	for (size_t i = 0; i < LEDGER_NKINDS; i++)
		if (strcmp(DEFS[i].name, name) == 0)
			return &DEFS[i];
	return NULL;
}

int ledger_closing_col(const ledger_def *def)
{
	for (size_t i = 0; i < def->ncols; i++)
		if ((def->cols[i].flags & COL_CLOSING) && def->cols[i].type == COL_DATE)
			return (int)i;
	return -1;
}

const char *ledger_closing_word(const ledger_def *def)
{
	static const char *const W[] = {[LEDGER_ENTERPRISES] = "移出台账", [LEDGER_ORGS] = "撤销",
					[LEDGER_MEMBERS] = "减少", [LEDGER_INSTRUCTORS] = "撤销"};
	return ledger_closing_col(def) >= 0 && def->kind < sizeof W / sizeof W[0] ? W[def->kind] : NULL;
}

int ledger_check_closing(const ledger_def *def, const ledger_rec *rec, buf *msg)
{
	int c = ledger_closing_col(def);
	buf_reset(msg);
	if (c < 0)
		return -1;
	if (rec->f[c + 1] && !rec->f[c]) {
		buf_printf(msg, "填写了%s，也要填写%s", def->cols[c + 1].header, def->cols[c].header);
		return c;
	}
	if (rec->f[c] && !rec->f[c + 1]) {
		buf_printf(msg, "%s时要写明%s", ledger_closing_word(def), def->cols[c + 1].header);
		return c + 1;
	}
	if (!rec->f[c])
		return -1; /* open: nothing to compare (no look-up of the columns by name a row) */
	int f = ledger_col_index(def, "founded");
	if (f < 0)
		f = ledger_col_index(def, "join_date");
	if (f < 0)
		f = ledger_col_index(def, "start_date");
	if (rec->f[c] && f >= 0 && rec->f[f] && strcmp(rec->f[c], rec->f[f]) < 0) {
		buf_printf(msg, "%s早于%s", def->cols[c].header, def->cols[f].header);
		return c;
	}
	return -1;
}
