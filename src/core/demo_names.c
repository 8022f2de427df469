/* demo_names — every name the generator writes: people, streets, communities, zones,
 * enterprises and party organisations, and the canonical texts of the ledgers' enum columns.
 *
 * A name is a pure function of its entity's index: a keyed permutation (demo_int.h) maps the
 * index onto the combinations of a table's characters, so names never repeat and the emitter
 * can recompute any name instead of storing it. */
#include <stdio.h>
#include <string.h>

#include "core/collate.h"
#include "core/demo_int.h"

/* ---- tables ---- */

/* Name tables hold CJK characters of 3 UTF-8 bytes each; they are indexed by character. */
#define CJK_BYTES 3
#define N_CJK(table) ((uint32_t)((sizeof table - 1) / CJK_BYTES))

static const char BRAND_CHARS[] =
	"华信达鑫盛源恒泰康瑞丰通宏博创远佳美新宇诚德海天星光明中金银嘉兴隆昌荣安和福祥润泽汇联"
	"合凯亿万众豪力捷锐腾飞翔东方正立凡智慧云科图优品卓越精工匠益友邦普惠长永辉煌晟昊昇晨旭"
	"阳鼎峰岳川江河湖洋浩涵沛澜汉唐宋元亚欧洲际环宸宁弘毅赛鹏展航帆骏驰虹霖禾谷田园森林松柏"
	"竹兰菲雅琪璐晶莹钰锦绣誉耀威雄伟杰俊彦铭铂铖铄聚瀚沃朗维诺贝佰仟百千冠领锋尚易迅讯数";

/* Street names "城东街道": first and second characters from disjoint sets, so no name doubles a
 * character and every pair is a distinct name. */
static const char STREET_A[] = "城江湖山河新古金银青白云龙凤石梅桃柳松竹兰长永福宝玉丹翠紫清文武大小上前后高仁义太黄双三九望";
static const char STREET_B[] = "东西南北桥塘浦港湾溪关门阳林园岭川口坪坝源泉亭庄店集洲滨里坊堰埠渡墩岗滩沙头坡田陵峰洋华安宁";

static const char COMM_A[] = "幸和文翠桂枫春秋朝晓锦绣嘉瑞景紫碧玉荷杨梧樱芙兴建振育红向胜团友民乐康馨月星虹晖霞盈鑫隆茂蔚秀雅颐怡悦欣泓澄湘沁芳菊莲柚橘杏槐桑榆樟";
static const char COMM_B[] = "苑园林桥港塘庄坊华安宁泰丰福明阳光盛荣平湾溪泉亭台阁门山坡岭洲滨浦城里街巷堤岸渠湖江河川源池井田畈埭墩圩村";
static const char *const COMM_SUFFIX[] = {"社区", "新村社区", "花园社区", "家园社区", "里社区", "路社区"};
#define N_COMM_SUFFIX (sizeof COMM_SUFFIX / sizeof COMM_SUFFIX[0])

static const char SURNAMES[] =
	"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
	"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
	"龚邵万钱严覃武戴莫孔向汤";
static const char GIVEN_M[] = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳晨建国志文海东峰亮成毅坤晖博诚昊然翔睿哲轩航鸣远彬勋栋豪";
static const char GIVEN_F[] = "芳娜敏静丽艳娟霞玲燕秀英慧婷雪琳颖洁倩萍红梅莉兰凤佳琴云丹晶悦欣怡璐瑶萱涵雯妍婧蕾菲琪薇岚茜月蓉蕊淑珍桂";

/* A trade word in a company name, the industry (GB/T 4754 section) it implies, and the shop
 * word an individual business (个体工商户) of the same row uses. Words and shop words are all
 * distinct, none ends in 股份/集团 and no shop word ends in 公司: that keeps names unique. */
static const struct trade {
	const char *word, *industry, *shop;
} TRADES[] = {
	{"科技", "科学研究和技术服务业", "科技服务部"},
	{"信息技术", "信息传输、软件和信息技术服务业", "电脑经营部"},
	{"网络科技", "信息传输、软件和信息技术服务业", "网络工作室"},
	{"软件", "信息传输、软件和信息技术服务业", "软件开发工作室"},
	{"智能科技", "科学研究和技术服务业", "智能设备经营部"},
	{"电子商务", "批发和零售业", "网店"},
	{"贸易", "批发和零售业", "商行"},
	{"商贸", "批发和零售业", "商贸部"},
	{"进出口", "批发和零售业", "外贸经营部"},
	{"五金", "批发和零售业", "五金店"},
	{"机械", "制造业", "机械加工部"},
	{"机械制造", "制造业", "机械修理部"},
	{"精密机械", "制造业", "模具加工部"},
	{"电子", "制造业", "电子经营部"},
	{"电气", "制造业", "电器维修部"},
	{"照明电器", "制造业", "灯具店"},
	{"新材料", "制造业", "建材经营部"},
	{"塑料制品", "制造业", "塑料制品厂"},
	{"服饰", "制造业", "服装店"},
	{"纺织", "制造业", "布艺店"},
	{"家具", "制造业", "家具店"},
	{"食品", "制造业", "食品店"},
	{"包装", "制造业", "包装材料经营部"},
	{"印务", "制造业", "图文打印店"},
	{"化工", "制造业", "化工原料经营部"},
	{"工艺品", "制造业", "工艺品店"},
	{"汽车零部件", "制造业", "汽车配件经营部"},
	{"医疗器械", "制造业", "眼镜店"},
	{"生物科技", "科学研究和技术服务业", "花卉店"},
	{"医药", "批发和零售业", "药店"},
	{"建设", "建筑业", "建材店"},
	{"建筑工程", "建筑业", "水电安装部"},
	{"装饰工程", "建筑业", "装饰部"},
	{"物流", "交通运输、仓储和邮政业", "货运部"},
	{"运输", "交通运输、仓储和邮政业", "快递服务站"},
	{"供应链管理", "租赁和商务服务业", "配送站"},
	{"餐饮管理", "住宿和餐饮业", "餐馆"},
	{"酒店管理", "住宿和餐饮业", "旅馆"},
	{"物业管理", "房地产业", "家政服务部"},
	{"房地产开发", "房地产业", "房屋中介部"},
	{"企业管理咨询", "租赁和商务服务业", "咨询服务部"},
	{"文化传媒", "文化、体育和娱乐业", "广告部"},
	{"广告", "租赁和商务服务业", "广告设计工作室"},
	{"教育科技", "教育", "书画工作室"},
	{"健康管理", "卫生和社会工作", "养生馆"},
	{"环保科技", "水利、环境和公共设施管理业", "保洁服务部"},
	{"新能源", "电力、热力、燃气及水生产和供应业", "电动车行"},
	{"汽车服务", "居民服务、修理和其他服务业", "汽车维修部"},
	{"农业开发", "农、林、牧、渔业", "农资店"},
	{"人力资源", "租赁和商务服务业", "便利店"},
	{"金融信息服务", "金融业", "小吃店"},
	{"家政服务", "居民服务、修理和其他服务业", "理发店"},
};
#define N_TRADES (sizeof TRADES / sizeof TRADES[0])

/* Canonical choices, in the order of the ledger's enum columns (the enums are in demo_int.h). */
const char *const demo_ent_status[] = {"在营", "停业", "歇业", "注销", "吊销"};
const char *const demo_zone_kind[] = {"园区", "商圈", "楼宇", "科技园"};
const char *const demo_org_kind[] = {"党委", "党总支", "党支部"};
const char *const demo_org_mode[] = {"单独建", "联合建", "挂靠建", "上级机关"};

/* Zone names: parks and tech parks take their street's name, buildings and business
 * districts a brand; the two pattern sets never overlap, so names stay unique. */
static const char *const PARK_PATTERNS[] = {"先进制造业集聚区", "智能制造产业园", "工业园区", "经济开发区"};
static const char *const TECH_PATTERNS[] = {"科技园", "软件园", "科创园", "数字经济产业园"};
static const char *const BUILDING_PATTERNS[] = {"国际商务大厦", "大厦", "中心", "国际金融中心", "科技大厦", "商务广场"};
static const char *const MALL_PATTERNS[] = {"广场商圈", "步行街商圈", "路商圈", "天地商圈"};
#define NPAT(a) ((uint32_t)(sizeof a / sizeof a[0]))

/* Fictional prefecture-level city names ("江州"), two characters like the real ones. */
static const char *const CITY_NAMES[] = {"江州", "明州", "澜州", "禾州", "云州", "梁州", "瑞州", "溪州",
					 "岳州", "宁州", "安州", "汀州", "睦州", "平州", "临州", "清州"};
_Static_assert(NELEM(CITY_NAMES) == N_CITY_NAMES, "N_CITY_NAMES is the size of CITY_NAMES");

/* ---- the permutations ---- */

/* Each permutation ranges over every combination its name can take. */
void demo_names_init(gen *g, uint64_t key)
{
	perm_init(&g->p_street, (uint64_t)N_CJK(STREET_A) * N_CJK(STREET_B), key + 1);
	perm_init(&g->p_comm, (uint64_t)N_CJK(COMM_A) * N_CJK(COMM_B) * N_COMM_SUFFIX, key + 2);
	perm_init(&g->p_zone, (uint64_t)N_CJK(BRAND_CHARS) * N_CJK(BRAND_CHARS), key + 3);
	perm_init(&g->p_name, (uint64_t)N_CJK(BRAND_CHARS) * N_CJK(BRAND_CHARS) * N_TRADES, key + 4);
}

uint32_t demo_zone_patterns(uint8_t kind)
{
	return kind == ZK_PARK ? NPAT(PARK_PATTERNS) : kind == ZK_TECH ? NPAT(TECH_PATTERNS)
	     : kind == ZK_BUILDING ? NPAT(BUILDING_PATTERNS) : NPAT(MALL_PATTERNS);
}

/* ---- small text helpers ---- */

static void cjk_put(char **p, const char *end, const char *table, uint32_t i)
{
	if (end - *p > CJK_BYTES) {
		memcpy(*p, table + (size_t)i * CJK_BYTES, CJK_BYTES);
		*p += CJK_BYTES;
		**p = '\0';
	}
}

void demo_person_name(rng *r, int male, char *out, size_t size)
{
	char *p = out, *end = out + size;
	out[0] = '\0';
	double u = rng_unit(r);
	cjk_put(&p, end, SURNAMES, (uint32_t)(u * u * N_CJK(SURNAMES)));
	const char *given = male ? GIVEN_M : GIVEN_F;
	uint32_t ng = male ? N_CJK(GIVEN_M) : N_CJK(GIVEN_F);
	if (rng_chance(r, 0.7))
		cjk_put(&p, end, given, rng_below(r, ng));
	cjk_put(&p, end, given, rng_below(r, ng));
}

void demo_phone_number(rng *r, char out[12])
{
	static const char second[] = "3333355557788889996";
	out[0] = '1';
	out[1] = second[rng_below(r, (uint32_t)strlen(second))];
	for (int i = 2; i < 11; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[11] = '\0';
}

/* ---- names ---- */

void demo_street_name(const gen *g, uint32_t s, char *out, size_t size)
{
	uint32_t k = (uint32_t)perm_apply(&g->p_street, s);
	char *p = out, *end = out + size;
	out[0] = '\0';
	cjk_put(&p, end, STREET_A, k / N_CJK(STREET_B));
	cjk_put(&p, end, STREET_B, k % N_CJK(STREET_B));
	snprintf(p, (size_t)(end - p), "街道");
}

void demo_district_name(const gen *g, uint32_t d, char *out, size_t size)
{
	static const char *const DISTRICTS[] = {"城南区", "城北区", "江东区", "江西区", "湖滨区",
						"高新区", "开发区", "临川区", "云溪县", "青山县"};
	size_t n = sizeof DISTRICTS / sizeof DISTRICTS[0];
	snprintf(out, size, "%s", DISTRICTS[(d + (uint32_t)(g->seed / 5)) % n]);
}

void demo_street_path(const gen *g, uint32_t s, char *out, size_t size)
{
	int d = g->streets[s].district;
	if (d < 0) {
		demo_street_name(g, s, out, size);
		return;
	}
	char dn[32], sn[64];
	demo_district_name(g, (uint32_t)d, dn, sizeof dn);
	demo_street_name(g, s, sn, sizeof sn);
	snprintf(out, size, "%s/%s", dn, sn);
}

/* The street name without 街道, for zone names ("城东先进制造业集聚区"). */
static void street_base(const gen *g, uint32_t s, char *out, size_t size)
{
	demo_street_name(g, s, out, size);
	out[2 * CJK_BYTES] = '\0';
}

void demo_comm_name(const gen *g, uint32_t c, char *out, size_t size)
{
	uint32_t k = (uint32_t)perm_apply(&g->p_comm, c);
	uint32_t pair = k / (uint32_t)N_COMM_SUFFIX;
	char *p = out, *end = out + size;
	out[0] = '\0';
	cjk_put(&p, end, COMM_A, pair / N_CJK(COMM_B));
	cjk_put(&p, end, COMM_B, pair % N_CJK(COMM_B));
	snprintf(p, (size_t)(end - p), "%s", COMM_SUFFIX[k % N_COMM_SUFFIX]);
}

static void brand(uint32_t k, char *out, size_t size)
{
	char *p = out;
	out[0] = '\0';
	cjk_put(&p, out + size, BRAND_CHARS, k / N_CJK(BRAND_CHARS));
	cjk_put(&p, out + size, BRAND_CHARS, k % N_CJK(BRAND_CHARS));
}

void demo_zone_name(const gen *g, uint32_t z, char *out, size_t size)
{
	const zone *x = &g->zones[z];
	char base[32];
	const char *pat;
	if (x->kind == ZK_PARK || x->kind == ZK_TECH) {
		street_base(g, x->street, base, sizeof base);
		pat = x->kind == ZK_PARK ? PARK_PATTERNS[x->pattern] : TECH_PATTERNS[x->pattern];
	} else {
		brand((uint32_t)perm_apply(&g->p_zone, z), base, sizeof base);
		pat = x->kind == ZK_BUILDING ? BUILDING_PATTERNS[x->pattern] : MALL_PATTERNS[x->pattern];
	}
	snprintf(out, size, "%s%s", base, pat);
}

static const char *city_prefix(const gen *g, uint32_t s)
{
	int c = g->streets[s].city;
	return c < 0 ? g->reg->city : CITY_NAMES[c];
}

/* "江州华信科技有限公司": the (brand, trade) pair is a permutation of the enterprise index, so
 * no two enterprises share a name. Returns the industry of the TRADES row. */
const char *demo_ent_name(const gen *g, uint32_t e, char *out, size_t size)
{
	const ent *x = &g->ents[e];
	uint64_t k = perm_apply(&g->p_name, e);
	uint32_t t = (uint32_t)(k % N_TRADES);
	char b[16];
	brand((uint32_t)(k / N_TRADES), b, sizeof b);
	uint32_t s = g->comms[demo_comm_of(g, e)].street;
	if (x->flags & EF_INDIV) {
		snprintf(out, size, "%s%s%s", city_prefix(g, s), b, TRADES[t].shop);
		return TRADES[t].industry;
	}
	rng r = rng_for(g->seed, T_NAME, e);
	const char *prefix = city_prefix(g, s);
	if (x->employees >= 300 && rng_chance(&r, 0.3))
		prefix = g->reg->prov;
	const char *suffix = "有限公司";
	double u = rng_unit(&r);
	if (x->employees >= 1000 && u < 0.3)
		suffix = "集团有限公司";
	else if (u < (x->employees >= 100 ? 0.25 : 0.04))
		suffix = "股份有限公司";
	else if (u > 0.97)
		suffix = "有限责任公司";
	snprintf(out, size, "%s%s%s%s", prefix, b, TRADES[t].word, suffix);
	return TRADES[t].industry;
}

void demo_org_name(const gen *g, uint32_t o, char *out, size_t size)
{
	const org *x = &g->orgs[o];
	char base[256];
	switch (x->anchor) {
	case A_LEAD_WORK:
		snprintf(out, size, "中共%s非公有制经济组织和社会组织工作委员会", g->reg->name);
		return;
	case A_LEAD_ENT:
		snprintf(out, size, "中共%s非公有制企业委员会", g->reg->name);
		return;
	case A_STREET:
		demo_street_name(g, x->aidx, base, sizeof base);
		snprintf(out, size, "中共%s工作委员会", base);
		return;
	case A_ZONE_BODY:
		demo_zone_name(g, x->aidx, base, sizeof base);
		snprintf(out, size, "中共%s%s委员会", base, g->zones[x->aidx].kind == ZK_PARK ? "工作" : "");
		return;
	case A_SINGLE:
		demo_ent_name(g, x->aidx, base, sizeof base);
		if (x->kind == OK_COMMITTEE)
			snprintf(out, size, "中共%s委员会", base);
		else
			snprintf(out, size, "%s%s", base, demo_org_kind[x->kind]);
		return;
	case A_ZONE_JOINT:
	case A_COMM_JOINT:
		if (x->anchor == A_ZONE_JOINT)
			demo_zone_name(g, x->aidx, base, sizeof base);
		else
			demo_comm_name(g, x->aidx, base, sizeof base);
		if (x->ordinal == 0) {
			snprintf(out, size, "%s联合党支部", base);
		} else {
			char num[32];
			collate_cn_numeral((long)x->ordinal, num, sizeof num);
			snprintf(out, size, "%s第%s联合党支部", base, num);
		}
		return;
	case A_AFFIL:
	default:
		demo_comm_name(g, x->aidx, base, sizeof base);
		if (x->kind == OK_COMMITTEE)
			snprintf(out, size, "中共%s非公企业联合委员会", base);
		else
			snprintf(out, size, "%s非公企业联合%s", base, demo_org_kind[x->kind]);
		return;
	}
}

void demo_member_name(const gen *g, uint64_t n, char *out, size_t size)
{
	char idno[19];
	int birth, male;
	demo_member_idno(g, n, idno, &birth, &male);
	rng r = rng_for(g->seed, T_MEMBER_NAME, n);
	demo_person_name(&r, male, out, size);
}
