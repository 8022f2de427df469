/* demo — realistic synthetic ledgers.
 *
 * The generator works in two passes. The plan pass builds the territory (streets, communities,
 * zones), draws every enterprise's figures into a compact struct (no strings) and forms the
 * party organisations exactly as the rules of domain.md §4 would: own organisation from 3
 * formal members, joint branches of 2–5 neighbours, a community fallback for the rest, and a
 * deliberate share of gaps (missing organisations, incomplete 五清 rows, overdue terms) so that
 * checks and metrics have something to find. The emit pass then walks the plan and writes
 * rows; every string (names, codes, texts) is recomputed from the entity's index and its own
 * random stream, so a province of a million enterprises needs only its compact structs.
 *
 * Identifiers are unique by construction: each one is a keyed pseudo-random permutation
 * (a Feistel network with cycle walking) of a counter, decoded into the identifier's fields. */
#include "core/demo.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/date.h"

/* ---- random numbers ---- */

#define GOLDEN 0x9e3779b97f4a7c15ull

static uint64_t mix64(uint64_t z)
{
	z += GOLDEN;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* splitmix64: one 64-bit state, good enough statistics for demo data, trivially seeded. */
typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	r->s += GOLDEN;
	uint64_t z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Streams of random numbers, one per entity and purpose, so that anything can be recomputed
 * from an index without replaying the run. */
enum {
	T_REGION = 1,
	T_PLAN,
	T_STREET,
	T_ENT,
	T_NAME,
	T_EMIT,
	T_ORG,
	T_MEMBER,
	T_INSTR,
	T_PERM,
	T_KIND,
	T_ORG_ROW,
};

static rng rng_for(uint64_t seed, uint64_t tag, uint64_t idx)
{
	rng r = {mix64(seed ^ mix64((tag << 48) ^ idx))};
	return r;
}

static uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Uniform integer in [lo, hi]; lo when the range is empty. */
static int rng_range(rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1u);
}

/* ---- keyed permutation of [0, n) ---- */

typedef struct perm {
	uint64_t n, key, mask;
	unsigned half;
} perm;

static void perm_init(perm *p, uint64_t n, uint64_t key)
{
	unsigned bits = 2;
	while ((1ull << bits) < n)
		bits++;
	bits += bits & 1u;
	p->n = n;
	p->key = key;
	p->half = bits / 2;
	p->mask = (1ull << p->half) - 1;
}

/* Four Feistel rounds are a bijection on [0, 2^bits); walking the cycle until the value falls
 * below n restricts it to a bijection on [0, n). bits is at most 2 over log2 n, so the walk
 * takes fewer than four steps on average. */
static uint64_t perm_apply(const perm *p, uint64_t x)
{
	do {
		uint64_t l = x >> p->half, r = x & p->mask;
		for (uint64_t i = 0; i < 4; i++) {
			uint64_t f = mix64(p->key + (i << 56) + r) & p->mask;
			uint64_t t = l ^ f;
			l = r;
			r = t;
		}
		x = (l << p->half) | r;
	} while (x >= p->n);
	return x;
}

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

/* Canonical choices, in the order of the ledger's enum columns. */
static const char *const ENT_STATUS[] = {"在营", "停业", "歇业", "注销", "吊销"};
enum { ST_OPERATING, ST_SUSPENDED, ST_CLOSED, ST_DEREGISTERED, ST_REVOKED };
static const char *const ZONE_KIND[] = {"园区", "商圈", "楼宇", "科技园"};
enum { ZK_PARK, ZK_MALL, ZK_BUILDING, ZK_TECH };
static const char *const ORG_KIND[] = {"党委", "党总支", "党支部"};
enum { OK_COMMITTEE, OK_GENERAL, OK_BRANCH };
static const char *const ORG_MODE[] = {"单独建", "联合建", "挂靠建", "上级机关"};
enum { OM_SINGLE, OM_JOINT, OM_AFFIL, OM_LEAD };

/* Zone names: parks and tech parks take their street's name, buildings and business
 * districts a brand; the two pattern sets never overlap, so names stay unique. */
static const char *const PARK_PATTERNS[] = {"先进制造业集聚区", "智能制造产业园", "工业园区", "经济开发区"};
static const char *const TECH_PATTERNS[] = {"科技园", "软件园", "科创园", "数字经济产业园"};
static const char *const BUILDING_PATTERNS[] = {"国际商务大厦", "大厦", "中心", "国际金融中心", "科技大厦", "商务广场"};
static const char *const MALL_PATTERNS[] = {"广场商圈", "步行街商圈", "路商圈", "天地商圈"};
#define NPAT(a) ((uint32_t)(sizeof a / sizeof a[0]))

/* Real GB/T 2260 county codes. A generated region borrows one province's list for its credit
 * codes and local identity numbers; NATIONAL_AREAS adds members born elsewhere. */
static const int ZHEJIANG[] = {
	330102, 330105, 330106, 330108, 330109, 330110, 330111, 330112, 330113, 330114, 330122, 330127,
	330182, 330203, 330205, 330206, 330211, 330212, 330213, 330225, 330226, 330281, 330282, 330302,
	330303, 330304, 330305, 330324, 330326, 330327, 330328, 330329, 330381, 330382, 330383, 330402,
	330411, 330421, 330424, 330481, 330482, 330483, 330502, 330503, 330521, 330522, 330523, 330602,
	330603, 330604, 330624, 330681, 330683, 330702, 330703, 330723, 330726, 330727, 330781, 330782,
	330783, 330784, 330802, 330803, 330822, 330824, 330825, 330881, 330902, 330903, 330921, 330922,
	331002, 331003, 331004, 331022, 331023, 331024, 331081, 331082, 331083, 331102, 331121, 331122,
	331123, 331124, 331125, 331126, 331127, 331181,
};
static const int JIANGSU[] = {
	320102, 320104, 320105, 320106, 320111, 320113, 320114, 320115, 320116, 320117, 320118, 320205,
	320206, 320211, 320213, 320214, 320281, 320282, 320302, 320303, 320305, 320311, 320312, 320321,
	320322, 320324, 320381, 320382, 320402, 320404, 320411, 320412, 320413, 320481, 320505, 320506,
	320507, 320508, 320509, 320581, 320582, 320583, 320585, 320612, 320613, 320614, 320623, 320681,
	320682, 320685, 320703, 320706, 320707, 320722, 320723, 320724, 320803, 320804, 320812, 320813,
	320826, 320830, 320831, 320902, 320903, 320904, 320921, 320922, 320923, 320924, 320925, 320981,
	321002, 321003, 321012, 321023, 321081, 321084, 321102, 321111, 321112, 321181, 321182, 321183,
	321202, 321203, 321204, 321281, 321282, 321283, 321302, 321311, 321322, 321323, 321324,
};
static const int NATIONAL_AREAS[] = {
	110101, 110102, 110105, 110108, 120101, 130102, 140105, 210102, 220102, 230102, 310101, 310104,
	310115, 340102, 340104, 350102, 360102, 370102, 410105, 420102, 430102, 440103, 440106, 440304,
	450102, 500103, 510104, 520102, 530102, 610103, 620102,
};
#define NELEM(a) (sizeof a / sizeof a[0])

/* Fictional prefecture-level city names ("江州"), two characters like the real ones. */
static const char *const CITY_NAMES[] = {"江州", "明州", "澜州", "禾州", "云州", "梁州", "瑞州", "溪州",
					 "岳州", "宁州", "安州", "汀州", "睦州", "平州", "临州", "清州"};
#define N_CITY_NAMES NELEM(CITY_NAMES)

typedef struct region {
	const char *name;  /* the region itself */
	const char *city;  /* company-name prefix of its city (district and city scale) */
	const char *prov;  /* company-name prefix of its province, for large companies */
	int province;      /* 32 or 33: which county list */
	int code;          /* district: county code; city: 4-digit prefecture; province: 2 digits */
} region;

static const region DISTRICTS[] = {
	{"临江区", "江州", "浙江", 33, 330106}, {"云溪区", "云州", "浙江", 33, 330110},
	{"东湖区", "明州", "浙江", 33, 330212}, {"南屏区", "禾州", "江苏", 32, 320506},
	{"西陵区", "澜州", "江苏", 32, 320102}, {"北塘区", "梁州", "江苏", 32, 320213},
};
static const region CITIES[] = {
	{"江州市", "江州", "浙江", 33, 3301}, {"明州市", "明州", "浙江", 33, 3302},
	{"澜州市", "澜州", "江苏", 32, 3201}, {"禾州市", "禾州", "江苏", 32, 3205},
};
static const region PROVINCES[] = {
	{"江南省", NULL, "江南", 33, 33}, {"东海省", NULL, "东海", 32, 32},
	{"云岭省", NULL, "云岭", 33, 33}, {"淮海省", NULL, "淮海", 32, 32},
};

static const region *region_of(demo_scale scale, uint64_t seed)
{
	rng r = rng_for(seed, T_REGION, 0);
	switch (scale) {
	case DEMO_CITY:
		return &CITIES[rng_below(&r, NELEM(CITIES))];
	case DEMO_PROVINCE:
		return &PROVINCES[rng_below(&r, NELEM(PROVINCES))];
	case DEMO_DISTRICT:
		break;
	}
	return &DISTRICTS[rng_below(&r, NELEM(DISTRICTS))];
}

/* ---- the plan ---- */

enum {
	EF_FIXED = 1 << 0,     /* has a fixed business site */
	EF_INDIV = 1 << 1,     /* 个体工商户: credit code 92… */
	EF_NO_OP = 1 << 2,     /* 五清 gaps left on purpose */
	EF_NO_STAFF = 1 << 3,
	EF_NO_INVESTOR = 1 << 4,
	EF_NO_REASON = 1 << 5,
};

/* What the plan intends for an enterprise's coverage before groups are formed. */
enum { I_NONE, I_SINGLE, I_JOINT, I_AFFIL };

typedef struct ent {
	int32_t founded;
	uint32_t employees;
	int32_t zone; /* -1: none */
	int32_t org;  /* covering organisation, -1: none */
	uint16_t formal; /* 正式党员 employed here, 停止党籍 excluded */
	uint8_t prob;    /* 预备党员 */
	uint8_t stopped; /* 正式党员 whose membership is stopped */
	uint8_t status;
	uint8_t flags;
	uint8_t intent;
} ent;

typedef struct street {
	uint32_t first_comm, ncomm;
	uint32_t first_ent, nent;
	uint32_t first_zone, nzone;
	int32_t body; /* street 党工委, -1 */
	int area;     /* county code of its credit codes */
	int city;     /* CITY_NAMES index, -1: the region's own city */
} street;

typedef struct community {
	uint32_t street;
	uint32_t first, count; /* its enterprises */
	int32_t affil;         /* its 挂靠 organisation, -1 */
} community;

typedef struct zone {
	uint32_t street;
	int32_t comm; /* -1: spans the street */
	uint8_t kind, pattern;
	int32_t body; /* zone 党(工)委, -1 */
	uint32_t nents;
} zone;

enum { A_LEAD_WORK, A_LEAD_ENT, A_STREET, A_ZONE_BODY, A_SINGLE, A_ZONE_JOINT, A_COMM_JOINT, A_AFFIL };

typedef struct org {
	uint8_t kind, mode, anchor;
	uint16_t ordinal;   /* joint branches: 第N; 0 when there is only one */
	uint32_t aidx;      /* the street, zone, enterprise or community it is named after */
	int32_t parent;
	uint32_t street;    /* UINT32_MAX: none */
	int32_t comm, zone;
	uint32_t cover_first, cover_n;
	uint32_t members;   /* formal members of the enterprises it covers */
	int32_t founded;
} org;

/* Column positions, looked up once so that rows follow ledger_get(kind)->cols. */
enum { EC_USCC, EC_NAME, EC_STREET, EC_COMM, EC_ZONE, EC_ZONE_KIND, EC_INDUSTRY, EC_STATUS,
       EC_EMPLOYEES, EC_FIXED, EC_CAPITAL, EC_INVESTOR, EC_INVESTOR_MEMBER, EC_FOUNDED, EC_OP,
       EC_STAFF, EC_REASON, EC_N };
static const char *const EC_KEYS[EC_N] = {"uscc", "name", "street", "community", "zone", "zone_kind",
					  "industry", "status", "employees", "fixed_site", "capital",
					  "investor", "investor_member", "founded", "op_info",
					  "staff_info", "no_org_reason"};
enum { OC_NAME, OC_KIND, OC_MODE, OC_PARENT, OC_COVERS, OC_STREET, OC_COMM, OC_ZONE, OC_FOUNDED,
       OC_SECRETARY, OC_HAS_COMMITTEE, OC_COMMITTEE_SIZE, OC_TERM, OC_N };
static const char *const OC_KEYS[OC_N] = {"name", "kind", "mode", "parent", "covers", "street",
					  "community", "zone", "founded", "secretary", "has_committee",
					  "committee_size", "term_start"};
enum { MC_NAME, MC_IDNO, MC_STATUS, MC_JOIN, MC_FULL, MC_EMPLOYER, MC_ORG, MC_RELATION,
       MC_DISCLOSED, MC_PHONE, MC_N };
static const char *const MC_KEYS[MC_N] = {"name", "idno", "status", "join_date", "full_date",
					  "employer", "org", "relation", "disclosed", "phone"};
enum { IC_NAME, IC_UNIT, IC_PHONE, IC_COVERS, IC_START, IC_N };
static const char *const IC_KEYS[IC_N] = {"name", "unit", "phone", "covers", "start_date"};

/* One row being built: the record points into mem. */
#define ROW_MEM 4096
typedef struct row {
	ledger_rec rec;
	size_t used;
	char mem[ROW_MEM];
} row;

/* Members are born in one of BIRTH_YEARS years; the young are weighted up by letting a year
 * use more sequence numbers (1..cap) per area and day. */
#define BIRTH_YEARS 55

typedef struct gen {
	uint64_t seed;
	int today, today_y;
	demo_scale scale;
	const region *reg;

	street *streets;
	uint32_t nstreets;
	community *comms;
	uint32_t ncomms;
	zone *zones;
	uint32_t nzones, capzones;
	ent *ents;
	uint32_t nents;
	org *orgs;
	uint32_t norgs, caporgs;
	uint32_t *cov;
	uint32_t ncov;
	int32_t lead_work, lead_ent;

	int *counties;
	uint32_t ncounties;
	int *id_areas;
	uint32_t nid_areas;
	int id_y0;
	uint64_t id_cum[BIRTH_YEARS + 1]; /* identity slots before each birth year */
	uint32_t id_cap[BIRTH_YEARS];
	uint64_t nmembers;

	perm p_street, p_comm, p_zone, p_name, p_code_old, p_code_new, p_id;

	int ec[EC_N], oc[OC_N], mc[MC_N], ic[IC_N];
	demo_row_fn fn;
	void *ctx;
	row row;
	buf list;
	uint32_t *tmp; /* scratch, one slot per enterprise of the largest street */
	uint32_t *tmp2;
} gen;

/* ---- small text helpers ---- */

static void cjk_put(char **p, const char *end, const char *table, uint32_t i)
{
	if (end - *p > CJK_BYTES) {
		memcpy(*p, table + (size_t)i * CJK_BYTES, CJK_BYTES);
		*p += CJK_BYTES;
		**p = '\0';
	}
}


/* Chinese numeral for 1..99 ("十二"); larger numbers in digits. */
static void cn_number(unsigned n, char *out, size_t size)
{
	static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n == 0 || n > 99)
		snprintf(out, size, "%u", n);
	else if (n < 10)
		snprintf(out, size, "%s", d[n]);
	else
		snprintf(out, size, "%s十%s", n / 10 == 1 ? "" : d[n / 10], d[n % 10]);
}

static void person_name(rng *r, int male, char *out, size_t size)
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

static void phone_number(rng *r, char out[12])
{
	static const char second[] = "3333355557788889996";
	out[0] = '1';
	out[1] = second[rng_below(r, (uint32_t)strlen(second))];
	for (int i = 2; i < 11; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[11] = '\0';
}

/* ---- identifiers ---- */

/* Writes the low n decimal digits of v, zero-padded, without a terminator. */
static void put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static const char USCC_ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_index(char c)
{
	const char *p = strchr(USCC_ALPHABET, c);
	return p ? (int)(p - USCC_ALPHABET) : 0;
}

/* GB 32100 code: 9, type, county, a GB 11714 organisation code with its check, the check.
 * code is unique per enterprise: before 2016 an 8-digit organisation code, after it the
 * "MA" codes registries issue with the credit code. */
static void make_uscc(char out[19], char type, int area, int modern, uint64_t code)
{
	out[0] = '9';
	out[1] = type;
	put_digits(out + 2, (unsigned)area, 6);
	if (modern) {
		out[8] = 'M';
		out[9] = 'A';
		for (int i = 15; i >= 10; i--) {
			out[i] = USCC_ALPHABET[code % 31];
			code /= 31;
		}
	} else {
		for (int i = 15; i >= 8; i--) {
			out[i] = (char)('0' + code % 10);
			code /= 10;
		}
	}
	static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = out[8 + i];
		sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * ow[i];
	}
	int oc = 11 - sum % 11;
	out[16] = oc == 10 ? 'X' : oc == 11 ? '0' : (char)('0' + oc);
	sum = 0;
	for (int i = 0, w = 1; i < 17; i++, w = w * 3 % 31)
		sum += uscc_index(out[i]) * w;
	out[17] = USCC_ALPHABET[(31 - sum % 31) % 31];
	out[18] = '\0';
}

static uint32_t comm_of(const gen *g, uint32_t e)
{
	uint32_t lo = 0, hi = g->ncomms;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->comms[mid].first <= e)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void ent_uscc(const gen *g, uint32_t e, char out[19])
{
	const ent *x = &g->ents[e];
	int y, m, d;
	date_to_ymd(x->founded, &y, &m, &d);
	int modern = y >= 2016;
	uint64_t code = perm_apply(modern ? &g->p_code_new : &g->p_code_old, e);
	int area = g->streets[g->comms[comm_of(g, e)].street].area;
	make_uscc(out, x->flags & EF_INDIV ? '2' : '1', area, modern, code);
}

/* GB 11643 number for the member with running number n: the permutation spreads the counter
 * over (birth year, day, area, sequence), so numbers never repeat and look random. */
static void make_idno(const gen *g, uint64_t n, char out[19], int *birth, int *male)
{
	uint64_t x = perm_apply(&g->p_id, n);
	int k = 0;
	while (k + 1 < BIRTH_YEARS && g->id_cum[k + 1] <= x)
		k++;
	x -= g->id_cum[k];
	uint64_t per_day = (uint64_t)g->nid_areas * g->id_cap[k];
	int day = (int)(x / per_day);
	uint64_t rest = x % per_day;
	int area = g->id_areas[rest / g->id_cap[k]];
	unsigned seq = (unsigned)(rest % g->id_cap[k]) + 1;
	*birth = date_from_ymd(g->id_y0 + k, 1, 1) + day;
	int y, m, d;
	date_to_ymd(*birth, &y, &m, &d);
	put_digits(out, (unsigned)area, 6);
	put_digits(out + 6, (unsigned)y, 4);
	put_digits(out + 10, (unsigned)m, 2);
	put_digits(out + 12, (unsigned)d, 2);
	put_digits(out + 14, seq, 3);
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
	*male = (int)(seq % 2);
}

/* ---- names ---- */

static void street_name(const gen *g, uint32_t s, char *out, size_t size)
{
	uint32_t k = (uint32_t)perm_apply(&g->p_street, s);
	char *p = out, *end = out + size;
	out[0] = '\0';
	cjk_put(&p, end, STREET_A, k / N_CJK(STREET_B));
	cjk_put(&p, end, STREET_B, k % N_CJK(STREET_B));
	snprintf(p, (size_t)(end - p), "街道");
}

/* The street name without 街道, for zone names ("城东先进制造业集聚区"). */
static void street_base(const gen *g, uint32_t s, char *out, size_t size)
{
	street_name(g, s, out, size);
	out[2 * CJK_BYTES] = '\0';
}

static void comm_name(const gen *g, uint32_t c, char *out, size_t size)
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

static void zone_name(const gen *g, uint32_t z, char *out, size_t size)
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
 * no two enterprises share a name. Sets *trade to the TRADES row. */
static void ent_name(const gen *g, uint32_t e, char *out, size_t size, uint32_t *trade)
{
	const ent *x = &g->ents[e];
	uint64_t k = perm_apply(&g->p_name, e);
	uint32_t t = (uint32_t)(k % N_TRADES);
	char b[16];
	brand((uint32_t)(k / N_TRADES), b, sizeof b);
	*trade = t;
	uint32_t s = g->comms[comm_of(g, e)].street;
	if (x->flags & EF_INDIV) {
		snprintf(out, size, "%s%s%s", city_prefix(g, s), b, TRADES[t].shop);
		return;
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
}

static void org_name(const gen *g, uint32_t o, char *out, size_t size)
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
		street_name(g, x->aidx, base, sizeof base);
		snprintf(out, size, "中共%s工作委员会", base);
		return;
	case A_ZONE_BODY:
		zone_name(g, x->aidx, base, sizeof base);
		snprintf(out, size, "中共%s%s委员会", base, g->zones[x->aidx].kind == ZK_PARK ? "工作" : "");
		return;
	case A_SINGLE: {
		uint32_t t;
		ent_name(g, x->aidx, base, sizeof base, &t);
		if (x->kind == OK_COMMITTEE)
			snprintf(out, size, "中共%s委员会", base);
		else
			snprintf(out, size, "%s%s", base, ORG_KIND[x->kind]);
		return;
	}
	case A_ZONE_JOINT:
	case A_COMM_JOINT:
		if (x->anchor == A_ZONE_JOINT)
			zone_name(g, x->aidx, base, sizeof base);
		else
			comm_name(g, x->aidx, base, sizeof base);
		if (x->ordinal == 0) {
			snprintf(out, size, "%s联合党支部", base);
		} else {
			char num[16];
			cn_number(x->ordinal, num, sizeof num);
			snprintf(out, size, "%s第%s联合党支部", base, num);
		}
		return;
	case A_AFFIL:
	default:
		comm_name(g, x->aidx, base, sizeof base);
		if (x->kind == OK_COMMITTEE)
			snprintf(out, size, "中共%s非公企业联合委员会", base);
		else
			snprintf(out, size, "%s非公企业联合%s", base, ORG_KIND[x->kind]);
		return;
	}
}

/* ---- planning ---- */

static int clamp_today(const gen *g, int d)
{
	return d > g->today ? g->today : d;
}

static int32_t org_add(gen *g, uint8_t kind, uint8_t mode, uint8_t anchor, uint32_t aidx, int32_t parent,
		       uint32_t st, int32_t comm, int32_t zn, int founded)
{
	if (g->norgs == g->caporgs) {
		g->caporgs = g->caporgs ? g->caporgs * 2 : 1024;
		g->orgs = xrealloc(g->orgs, g->caporgs * sizeof *g->orgs);
	}
	org *o = &g->orgs[g->norgs];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->mode = mode;
	o->anchor = anchor;
	o->aidx = aidx;
	o->parent = parent;
	o->street = st;
	o->comm = comm;
	o->zone = zn;
	o->cover_first = g->ncov;
	o->founded = clamp_today(g, founded);
	return (int32_t)g->norgs++;
}

/* Adds enterprise e to the covers of the organisation added last. */
static void org_cover(gen *g, int32_t o, uint32_t e)
{
	g->cov[g->ncov++] = e;
	g->orgs[o].cover_n++;
	g->orgs[o].members += g->ents[e].formal;
	g->ents[e].org = o;
}

/* Kind by formal members: a branch up to 49, a general branch from 50, a committee from 100;
 * some organisations do not take the larger form they may. */
static uint8_t kind_for(rng *r, uint32_t members)
{
	if (members >= 100)
		return rng_chance(r, 0.85) ? OK_COMMITTEE : OK_GENERAL;
	if (members >= 50)
		return rng_chance(r, 0.8) ? OK_GENERAL : OK_BRANCH;
	return OK_BRANCH;
}

static int32_t parent_default(const gen *g, uint32_t s)
{
	return g->streets[s].body >= 0 ? g->streets[s].body : g->lead_ent;
}

static uint32_t binomial(rng *r, uint32_t n, double p)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		k += rng_chance(r, p);
	return k;
}

/* Heavy-tailed staff numbers: most firms under 30, some hundreds, a few thousands. */
static uint32_t draw_employees(rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);
	if (u < 0.55)
		return 1 + (uint32_t)(9 * v * v);
	if (u < 0.85)
		return 10 + (uint32_t)(40 * v * v);
	if (u < 0.96)
		return 50 + (uint32_t)(250 * v * v);
	if (u < 0.995)
		return 300 + (uint32_t)(700 * v * v);
	return 1000 + (uint32_t)(7000 * v * v * v);
}

/* Formal members grow with the workforce; most small firms have none. */
static uint32_t draw_formal(rng *r, uint32_t emp)
{
	double p0 = emp < 10 ? 0.72 : emp < 50 ? 0.5 : emp < 300 ? 0.22 : emp < 1000 ? 0.08 : 0.02;
	if (emp == 0 || rng_chance(r, p0))
		return 0;
	uint32_t f;
	if (emp < 20) {
		double u = rng_unit(r);
		f = u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.88 ? 3 : u < 0.95 ? 4 : 5 + rng_below(r, 3);
	} else {
		double v = rng_unit(r);
		double rate = 0.012 + 0.1 * v * v;
		f = (uint32_t)(emp * rate + rng_unit(r));
		if (f == 0)
			f = 1;
	}
	if (f > emp)
		f = emp;
	return f > 60000 ? 60000 : f;
}

static void plan_ent(gen *g, uint32_t e, int park_zone, const int32_t *local, uint32_t nlocal)
{
	rng r = rng_for(g->seed, T_ENT, e);
	ent *x = &g->ents[e];
	memset(x, 0, sizeof *x);
	x->zone = -1;
	x->org = -1;
	double u = rng_unit(&r);
	x->status = u < 0.88 ? ST_OPERATING : u < 0.91 ? ST_SUSPENDED : u < 0.93 ? ST_CLOSED
		  : u < 0.97 ? ST_DEREGISTERED : ST_REVOKED;
	x->employees = draw_employees(&r);
	/* A firm that stopped trading has let most of its staff go. */
	if (x->status != ST_OPERATING && x->employees > 50)
		x->employees = 5 + rng_below(&r, 46);
	if ((x->status == ST_DEREGISTERED || x->status == ST_REVOKED) && rng_chance(&r, 0.5))
		x->employees = 0;
	if (rng_chance(&r, x->status == ST_OPERATING ? 0.93 : 0.7))
		x->flags |= EF_FIXED;
	if (x->employees < 10 && rng_chance(&r, 0.08))
		x->flags |= EF_INDIV;

	/* Founded since 1995, more of them recent; large firms are older. */
	int start = date_from_ymd(g->today_y - 30 < 1995 ? g->today_y - 30 : 1995, 1, 1);
	int last = x->employees >= 300 ? date_add_years(g->today, -3) : g->today;
	double f = rng_unit(&r), f2 = rng_unit(&r);
	if (x->employees < 300 && f2 > f)
		f = f2; /* the larger of two: density grows linearly toward today */
	x->founded = start + (int)((last - start) * f);

	uint32_t formal = draw_formal(&r, x->employees);
	if (x->status != ST_OPERATING && rng_chance(&r, 0.7))
		formal = 0;
	x->formal = (uint16_t)formal;
	uint32_t prob = binomial(&r, formal, 0.09);
	x->prob = (uint8_t)(prob > 255 ? 255 : prob);
	uint32_t stopped = binomial(&r, formal, 0.006) + (formal == 0 && rng_chance(&r, 0.002));
	x->stopped = (uint8_t)(stopped > 255 ? 255 : stopped);

	if (nlocal && rng_chance(&r, 0.3))
		x->zone = local[rng_below(&r, nlocal)];
	else if (park_zone >= 0 && rng_chance(&r, 0.22))
		x->zone = park_zone;
	if (x->zone >= 0)
		g->zones[x->zone].nents++;

	if (rng_chance(&r, 0.12)) {
		/* One or more 五清 fields left blank, as in a ledger still being filled in. */
		do {
			static const uint8_t gaps[] = {EF_NO_OP, EF_NO_OP, EF_NO_STAFF, EF_NO_STAFF,
						       EF_NO_INVESTOR, EF_NO_REASON, EF_NO_REASON};
			x->flags |= gaps[rng_below(&r, sizeof gaps)];
		} while (rng_chance(&r, 0.3));
	}
}

static void zone_add(gen *g, uint32_t s, int32_t comm, uint8_t kind, rng *r)
{
	if (g->nzones == g->capzones) {
		g->capzones = g->capzones ? g->capzones * 2 : 64;
		g->zones = xrealloc(g->zones, g->capzones * sizeof *g->zones);
	}
	zone *z = &g->zones[g->nzones++];
	memset(z, 0, sizeof *z);
	z->street = s;
	z->comm = comm;
	z->kind = kind;
	z->body = -1;
	uint32_t npat = kind == ZK_PARK ? NPAT(PARK_PATTERNS) : kind == ZK_TECH ? NPAT(TECH_PATTERNS)
		      : kind == ZK_BUILDING ? NPAT(BUILDING_PATTERNS) : NPAT(MALL_PATTERNS);
	z->pattern = (uint8_t)rng_below(r, npat);
	g->streets[s].nzone++;
}

static int max_founded(const gen *g, const uint32_t *es, uint32_t n)
{
	int m = DATE_NONE;
	for (uint32_t i = 0; i < n; i++)
		if (g->ents[es[i]].founded > m)
			m = g->ents[es[i]].founded;
	return m;
}

/* Joint branches from candidates (1–2 formal members each, in one zone or community): groups
 * of 2–5 units with at least 3 formal members together. Returns how many candidates, from the
 * end of cand, are left over. */
static uint32_t form_joint(gen *g, rng *r, uint32_t *cand, uint32_t n, uint8_t anchor, uint32_t aidx,
			   int32_t parent, uint32_t st, int32_t comm, int32_t zn)
{
	uint32_t *ends = g->tmp2, ng = 0;
	uint32_t start = 0, size = 0, sum = 0, target = 2 + rng_below(r, 4);
	for (uint32_t j = 0; j < n; j++) {
		size++;
		sum += g->ents[cand[j]].formal;
		if ((size >= target && sum >= 3) || size == 5) {
			ends[ng++] = j + 1;
			start = j + 1;
			size = sum = 0;
			target = 2 + rng_below(r, 4);
		}
	}
	if (size >= 2 && sum >= 3) {
		ends[ng++] = n;
		start = n;
	} else if (ng > 0 && size > 0) {
		uint32_t last = ends[ng - 1] - (ng > 1 ? ends[ng - 2] : 0);
		if (last + size <= 5) {
			ends[ng - 1] = n;
			start = n;
		}
	}
	uint32_t from = 0;
	for (uint32_t k = 0; k < ng; k++) {
		uint32_t cnt = ends[k] - from;
		int lo = max_founded(g, cand + from, cnt);
		int founded = rng_range(r, lo + 30, g->today);
		int32_t o = org_add(g, OK_BRANCH, OM_JOINT, anchor, aidx, parent, st, comm, zn, founded);
		g->orgs[o].ordinal = (uint16_t)(ng == 1 ? 0 : k + 1);
		if (comm < 0)
			g->orgs[o].comm = (int32_t)comm_of(g, cand[from]);
		for (uint32_t j = from; j < ends[k]; j++)
			org_cover(g, o, cand[j]);
		from = ends[k];
	}
	return n - start;
}

static void plan_street(gen *g, uint32_t s)
{
	street *st = &g->streets[s];
	rng r = rng_for(g->seed, T_STREET, s);
	st->body = -1;
	if (rng_chance(&r, 0.7))
		st->body = org_add(g, OK_COMMITTEE, OM_LEAD, A_STREET, s, g->lead_work, s, -1, -1,
				   rng_range(&r, date_from_ymd(2003, 1, 1), date_from_ymd(2015, 12, 31)));

	/* Zones: perhaps a park for the street, buildings and business districts in communities. */
	st->first_zone = g->nzones;
	int32_t park = -1;
	if (rng_chance(&r, 0.65)) {
		park = (int32_t)g->nzones;
		zone_add(g, s, -1, rng_chance(&r, 0.6) ? ZK_PARK : ZK_TECH, &r);
	}
	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		if (rng_chance(&r, 0.25))
			zone_add(g, s, (int32_t)c, ZK_BUILDING, &r);
		if (rng_chance(&r, 0.08))
			zone_add(g, s, (int32_t)c, ZK_BUILDING, &r);
		if (rng_chance(&r, 0.1))
			zone_add(g, s, (int32_t)c, ZK_MALL, &r);
	}

	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		int32_t local[4];
		uint32_t nlocal = 0;
		for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++)
			if (g->zones[z].comm == (int32_t)c && nlocal < 4)
				local[nlocal++] = (int32_t)z;
		for (uint32_t e = g->comms[c].first; e < g->comms[c].first + g->comms[c].count; e++)
			plan_ent(g, e, park, local, nlocal);
	}

	for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++) {
		zone *zn = &g->zones[z];
		double p = zn->kind == ZK_PARK ? 0.7 : zn->kind == ZK_BUILDING ? 0.0 : 0.5;
		if (zn->nents > 0 && rng_chance(&r, p))
			zn->body = org_add(g, OK_COMMITTEE, OM_LEAD, A_ZONE_BODY, z, parent_default(g, s), s,
					   zn->comm, (int32_t)z,
					   rng_range(&r, date_from_ymd(2008, 1, 1), date_add_years(g->today, -1)));
	}

	/* What each enterprise should get; about one in ten that need their own organisation
	 * has none yet, so 应建尽建 is short of 100%. Firms younger than half a year have not
	 * formed one yet, and join a joint branch only after a few months. */
	uint32_t e0 = st->first_ent, e1 = st->first_ent + st->nent;
	for (uint32_t e = e0; e < e1; e++) {
		ent *x = &g->ents[e];
		double u = rng_unit(&r);
		if (x->formal >= 3)
			x->intent = u < 0.9 ? I_SINGLE : u < 0.97 ? I_NONE : I_AFFIL;
		else if (x->formal >= 1)
			x->intent = u < 0.65 ? I_JOINT : u < 0.9 ? I_AFFIL : I_NONE;
		else
			x->intent = I_NONE;
		if (x->intent == I_SINGLE && x->founded > g->today - 180)
			x->intent = I_NONE;
		if (x->intent == I_JOINT && x->founded > g->today - 120)
			x->intent = I_AFFIL;
	}

	for (uint32_t z = st->first_zone; z < st->first_zone + st->nzone; z++) {
		uint32_t n = 0;
		for (uint32_t e = e0; e < e1; e++)
			if (g->ents[e].intent == I_JOINT && g->ents[e].zone == (int32_t)z)
				g->tmp[n++] = e;
		int32_t parent = g->zones[z].body >= 0 ? g->zones[z].body : parent_default(g, s);
		form_joint(g, &r, g->tmp, n, A_ZONE_JOINT, z, parent, s, g->zones[z].comm, (int32_t)z);
	}

	for (uint32_t c = st->first_comm; c < st->first_comm + st->ncomm; c++) {
		community *cm = &g->comms[c];
		uint32_t c0 = cm->first, c1 = cm->first + cm->count;
		for (uint32_t e = c0; e < c1; e++) {
			ent *x = &g->ents[e];
			if (x->intent != I_SINGLE)
				continue;
			rng orng = rng_for(g->seed, T_ORG, e);
			uint8_t kind = kind_for(&orng, x->formal);
			int32_t parent = parent_default(g, s);
			if (kind == OK_COMMITTEE)
				parent = g->lead_ent;
			else if (x->zone >= 0 && g->zones[x->zone].body >= 0)
				parent = g->zones[x->zone].body;
			int founded = rng_range(&r, x->founded + 60, g->today);
			int32_t o = org_add(g, kind, OM_SINGLE, A_SINGLE, e, parent, s, (int32_t)c, x->zone, founded);
			org_cover(g, o, e);
		}
		uint32_t n = 0;
		for (uint32_t e = c0; e < c1; e++)
			if (g->ents[e].intent == I_JOINT && g->ents[e].org < 0)
				g->tmp[n++] = e;
		uint32_t left = form_joint(g, &r, g->tmp, n, A_COMM_JOINT, c, parent_default(g, s), s,
					   (int32_t)c, -1);
		for (uint32_t j = n - left; j < n; j++)
			g->ents[g->tmp[j]].intent = I_AFFIL;

		cm->affil = -1;
		for (uint32_t e = c0; e < c1; e++) {
			if (g->ents[e].intent != I_AFFIL)
				continue;
			if (cm->affil < 0)
				cm->affil = org_add(g, OK_BRANCH, OM_AFFIL, A_AFFIL, c, parent_default(g, s), s,
						    (int32_t)c, -1,
						    rng_range(&r, date_from_ymd(2008, 1, 1), g->today - 30));
			org_cover(g, cm->affil, e);
		}
		if (cm->affil >= 0) {
			rng orng = rng_for(g->seed, T_KIND, (uint64_t)cm->affil);
			g->orgs[cm->affil].kind = kind_for(&orng, g->orgs[cm->affil].members);
		}
	}
}

/* The county codes of the region's province. */
static const int *county_codes(const gen *g, size_t *n)
{
	*n = g->reg->province == 32 ? NELEM(JIANGSU) : NELEM(ZHEJIANG);
	return g->reg->province == 32 ? JIANGSU : ZHEJIANG;
}

/* Scale: streets, communities per street, enterprises. */
static void plan_territory(gen *g)
{
	rng r = rng_for(g->seed, T_PLAN, 0);
	uint32_t nstreets, target;
	switch (g->scale) {
	case DEMO_CITY:
		nstreets = 115 + rng_below(&r, 11);
		target = 95000 + rng_below(&r, 10001);
		break;
	case DEMO_PROVINCE:
		nstreets = 1450 + rng_below(&r, 101);
		target = 970000 + rng_below(&r, 60001);
		break;
	case DEMO_DISTRICT:
	default:
		nstreets = 7 + rng_below(&r, 3);
		target = 4600 + rng_below(&r, 801);
		break;
	}
	g->nstreets = nstreets;
	g->streets = xcalloc(nstreets, sizeof *g->streets);
	uint32_t *ncomm = xcalloc(nstreets, sizeof *ncomm);
	uint32_t total = 0;
	for (uint32_t s = 0; s < nstreets; s++) {
		ncomm[s] = 6 + rng_below(&r, 5);
		total += ncomm[s];
	}
	g->ncomms = total;
	g->comms = xcalloc(total, sizeof *g->comms);
	double *w = xcalloc(total, sizeof *w);
	double wsum = 0;
	for (uint32_t c = 0; c < total; c++)
		wsum += w[c] = 0.4 + 1.2 * rng_unit(&r);

	/* County of each street: districts use one code, cities their prefecture's codes,
	 * provinces all of them, in blocks of neighbouring streets. */
	size_t nlist;
	const int *list = county_codes(g, &nlist);
	g->counties = xcalloc(nlist, sizeof *g->counties);
	for (size_t i = 0; i < nlist; i++) {
		int keep = g->scale == DEMO_PROVINCE || (g->scale == DEMO_CITY && list[i] / 100 == g->reg->code);
		if (keep)
			g->counties[g->ncounties++] = list[i];
	}
	if (g->ncounties == 0)
		g->counties[g->ncounties++] = g->reg->code;
	uint32_t city_off = rng_below(&r, (uint32_t)N_CITY_NAMES);

	uint32_t c = 0, e = 0;
	double acc = 0;
	for (uint32_t s = 0; s < nstreets; s++) {
		street *st = &g->streets[s];
		st->first_comm = c;
		st->ncomm = ncomm[s];
		st->first_ent = e;
		st->area = g->counties[(uint64_t)s * g->ncounties / nstreets];
		st->city = g->scale == DEMO_PROVINCE
				   ? (int)((uint32_t)(st->area / 100 % 100) + city_off) % (int)N_CITY_NAMES
				   : -1;
		for (uint32_t k = 0; k < ncomm[s]; k++, c++) {
			acc += w[c];
			uint32_t upto = (uint32_t)(target * (acc / wsum) + 0.5);
			if (upto <= e)
				upto = e + 1;
			g->comms[c].street = s;
			g->comms[c].first = e;
			g->comms[c].count = upto - e;
			e = upto;
		}
		st->nent = e - st->first_ent;
	}
	g->nents = e;
	free(w);
	free(ncomm);
}

/* Members' birth years span 55 years ending 21 years before today (at most 2004: 1950–2004
 * for a "today" in 2025), so that every member was 18 before joining at least a year ago. */
static void plan_ids(gen *g)
{
	int y1 = g->today_y - 21 < 2004 ? g->today_y - 21 : 2004;
	int y0 = y1 - BIRTH_YEARS + 1;
	g->id_y0 = y0;

	size_t nlist;
	const int *list = county_codes(g, &nlist);
	g->id_areas = xcalloc(nlist + NELEM(NATIONAL_AREAS), sizeof *g->id_areas);
	for (size_t i = 0; i < nlist; i++)
		g->id_areas[g->nid_areas++] = list[i];
	for (size_t i = 0; i < NELEM(NATIONAL_AREAS); i++)
		g->id_areas[g->nid_areas++] = NATIONAL_AREAS[i];

	g->id_cum[0] = 0;
	for (int k = 0; k < BIRTH_YEARS; k++) {
		int y = y0 + k;
		g->id_cap[k] = y < 1960 ? 80 : y < 1970 ? 200 : y < 1980 ? 450 : y < 1990 ? 900 : 999;
		uint64_t days = (uint64_t)(date_from_ymd(y + 1, 1, 1) - date_from_ymd(y, 1, 1));
		g->id_cum[k + 1] = g->id_cum[k] + days * g->nid_areas * g->id_cap[k];
	}
	perm_init(&g->p_id, g->id_cum[BIRTH_YEARS], mix64(g->seed ^ 0x1d));
}

static void plan(gen *g)
{
	uint64_t k = mix64(rng_for(g->seed, T_PERM, 0).s);
	perm_init(&g->p_street, (uint64_t)N_CJK(STREET_A) * N_CJK(STREET_B), k + 1);
	perm_init(&g->p_comm, (uint64_t)N_CJK(COMM_A) * N_CJK(COMM_B) * N_COMM_SUFFIX, k + 2);
	perm_init(&g->p_zone, (uint64_t)N_CJK(BRAND_CHARS) * N_CJK(BRAND_CHARS), k + 3);
	perm_init(&g->p_name, (uint64_t)N_CJK(BRAND_CHARS) * N_CJK(BRAND_CHARS) * N_TRADES, k + 4);
	perm_init(&g->p_code_old, 100000000ull, k + 5);
	perm_init(&g->p_code_new, 887503681ull, k + 6); /* 31^6 */

	plan_territory(g);
	/* The name tables are sized for a province; names stay unique within these bounds. */
	assert(g->nstreets <= g->p_street.n && g->ncomms <= g->p_comm.n && g->nents <= g->p_name.n);
	plan_ids(g);

	g->ents = xcalloc(g->nents ? g->nents : 1, sizeof *g->ents);
	g->cov = xcalloc(g->nents ? g->nents : 1, sizeof *g->cov);
	uint32_t largest = 1;
	for (uint32_t s = 0; s < g->nstreets; s++)
		if (g->streets[s].nent > largest)
			largest = g->streets[s].nent;
	g->tmp = xcalloc(largest, sizeof *g->tmp);
	g->tmp2 = xcalloc(largest, sizeof *g->tmp2);

	rng r = rng_for(g->seed, T_PLAN, 1);
	int lw = rng_range(&r, date_from_ymd(2007, 1, 1), date_from_ymd(2012, 12, 31));
	g->lead_work = org_add(g, OK_COMMITTEE, OM_LEAD, A_LEAD_WORK, 0, -1, UINT32_MAX, -1, -1, lw);
	g->lead_ent = org_add(g, OK_COMMITTEE, OM_LEAD, A_LEAD_ENT, 0, g->lead_work, UINT32_MAX, -1, -1,
			      rng_range(&r, lw + 200, lw + 1200));
	for (uint32_t s = 0; s < g->nstreets; s++)
		plan_street(g, s);
}

/* ---- emitting rows ---- */

static void row_clear(row *r)
{
	memset(&r->rec, 0, sizeof r->rec);
	r->used = 0;
}

/* Copies s into the row's memory as column col (ignored when the column does not exist).
 * ROW_MEM holds the longest row this file writes, lists aside (they live in gen.list). */
static void row_set(row *r, int col, const char *s)
{
	if (col < 0 || !s)
		return;
	size_t n = strlen(s) + 1;
	assert(r->used + n <= ROW_MEM);
	memcpy(r->mem + r->used, s, n);
	r->rec.f[col] = r->mem + r->used;
	r->used += n;
}

static void row_printf(row *r, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void row_printf(row *r, int col, const char *fmt, ...)
{
	if (col < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->mem + r->used, ROW_MEM - r->used, fmt, ap);
	va_end(ap);
	assert(n >= 0 && (size_t)n < ROW_MEM - r->used);
	r->rec.f[col] = r->mem + r->used;
	r->used += (size_t)n + 1;
}

static void row_date(row *r, int col, int d)
{
	char s[11];
	date_format(d, s);
	row_set(r, col, s);
}

static void row_bool(row *r, int col, int yes)
{
	row_set(r, col, yes ? "是" : "否");
}

static int counted(const ent *x)
{
	return x->status == ST_OPERATING && (x->flags & EF_FIXED) && x->employees >= 10;
}

static void ent_texts(const gen *g, rng *r, const ent *x, row *w)
{
	uint32_t emp = x->employees;
	if (!(x->flags & EF_NO_OP)) {
		unsigned rev = (unsigned)(emp * (15 + rng_below(r, 80)) + rng_below(r, 50)) + 10;
		switch (x->status) {
		case ST_OPERATING: {
			uint32_t v = rng_below(r, 4);
			if (v == 0)
				row_printf(w, g->ec[EC_OP], "正常经营，年营业收入约%u万元", rev);
			else if (v == 1)
				row_printf(w, g->ec[EC_OP], "经营状况良好，年营业收入约%u万元，纳税约%u万元",
					   rev, rev / 20 + 1);
			else if (v == 2)
				row_printf(w, g->ec[EC_OP], "经营稳定，年产值约%u万元", rev);
			else
				row_printf(w, g->ec[EC_OP], "经营压力较大，年营业收入约%u万元，同比下降%u%%",
					   rev, 5 + rng_below(r, 25));
			break;
		}
		case ST_SUSPENDED:
			row_set(w, g->ec[EC_OP], "停业整顿中");
			break;
		case ST_CLOSED:
			row_set(w, g->ec[EC_OP], "已办理歇业备案，暂停经营");
			break;
		case ST_DEREGISTERED:
			row_set(w, g->ec[EC_OP], "已注销，不再经营");
			break;
		default:
			row_set(w, g->ec[EC_OP], "营业执照已被吊销");
			break;
		}
	}
	if (!(x->flags & EF_NO_STAFF)) {
		if (emp == 0)
			row_set(w, g->ec[EC_STAFF], "目前无在岗职工");
		else if (rng_chance(r, 0.5))
			row_printf(w, g->ec[EC_STAFF], "职工%u人，其中大专以上学历%u人", emp,
				   (unsigned)(emp * (0.1 + 0.6 * rng_unit(r))));
		else
			row_printf(w, g->ec[EC_STAFF], "职工%u人，其中35岁以下青年职工%u人", emp,
				   (unsigned)(emp * (0.2 + 0.5 * rng_unit(r))));
	}
	if (x->org < 0 && !(x->flags & EF_NO_REASON)) {
		const char *why;
		if (x->formal >= 3)
			why = rng_chance(r, 0.5) ? "正在筹建党组织" : "党员组织关系尚未转入";
		else if (x->formal >= 1)
			why = "党员人数不足3人";
		else if (x->founded > g->today - 365)
			why = "新成立企业";
		else if (emp < 10)
			why = "从业人员较少，无党员";
		else
			why = rng_chance(r, 0.7) ? "无党员" : "暂无党员，已选派党建指导员";
		row_set(w, g->ec[EC_REASON], why);
	}
}

static double draw_capital(rng *r, uint32_t emp)
{
	static const double small[] = {3, 5, 10, 20, 30, 50, 100};
	static const double mid[] = {50, 100, 200, 300, 500, 1000};
	static const double big[] = {200, 500, 1000, 2000, 3000, 5000};
	static const double huge[] = {1000, 2000, 5000, 8000, 10000, 20000, 50000};
	double v = emp < 10 ? small[rng_below(r, NELEM(small))]
		 : emp < 50 ? mid[rng_below(r, NELEM(mid))]
		 : emp < 300 ? big[rng_below(r, NELEM(big))]
		 : huge[rng_below(r, NELEM(huge))];
	double u = rng_unit(r);
	if (u < 0.1)
		v = v * 1.5;
	else if (u < 0.15)
		v = 5.0 * (1 + rng_below(r, (uint32_t)v / 5 + 1)); /* an odd multiple of 5 */
	return v;
}

static int emit(gen *g, ledger_kind kind)
{
	return g->fn(g->ctx, kind, &g->row.rec);
}

static int emit_enterprises(gen *g)
{
	char name[256], sname[64], cname[64], zname[128], uscc[19], person[32];
	for (uint32_t c = 0; c < g->ncomms; c++) {
		const community *cm = &g->comms[c];
		street_name(g, cm->street, sname, sizeof sname);
		comm_name(g, c, cname, sizeof cname);
		for (uint32_t e = cm->first; e < cm->first + cm->count; e++) {
			const ent *x = &g->ents[e];
			rng r = rng_for(g->seed, T_EMIT, e);
			row *w = &g->row;
			uint32_t trade;
			row_clear(w);
			ent_uscc(g, e, uscc);
			ent_name(g, e, name, sizeof name, &trade);
			row_set(w, g->ec[EC_USCC], uscc);
			row_set(w, g->ec[EC_NAME], name);
			row_set(w, g->ec[EC_STREET], sname);
			row_set(w, g->ec[EC_COMM], cname);
			if (x->zone >= 0) {
				zone_name(g, (uint32_t)x->zone, zname, sizeof zname);
				row_set(w, g->ec[EC_ZONE], zname);
				row_set(w, g->ec[EC_ZONE_KIND], ZONE_KIND[g->zones[x->zone].kind]);
			}
			row_set(w, g->ec[EC_INDUSTRY], TRADES[trade].industry);
			row_set(w, g->ec[EC_STATUS], ENT_STATUS[x->status]);
			row_printf(w, g->ec[EC_EMPLOYEES], "%u", (unsigned)x->employees);
			row_bool(w, g->ec[EC_FIXED], x->flags & EF_FIXED);
			if (rng_chance(&r, 0.97))
				row_printf(w, g->ec[EC_CAPITAL], "%.15g", draw_capital(&r, x->employees));
			if (!(x->flags & EF_NO_INVESTOR)) {
				person_name(&r, rng_chance(&r, 0.75), person, sizeof person);
				row_set(w, g->ec[EC_INVESTOR], person);
				row_bool(w, g->ec[EC_INVESTOR_MEMBER], rng_chance(&r, x->formal ? 0.2 : 0.03));
			}
			row_date(w, g->ec[EC_FOUNDED], x->founded);
			ent_texts(g, &r, x, w);
			int rc = emit(g, LEDGER_ENTERPRISES);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* The start of the current term: elections every `years` since founding; about one in eight
 * organisations missed the last one and is overdue. */
static int term_start(const gen *g, rng *r, int founded, int years)
{
	int k = 0;
	while (date_add_years(founded, years * (k + 1)) <= g->today)
		k++;
	if (k > 0 && rng_chance(r, 0.12))
		k--;
	int t = date_add_years(founded, years * k);
	int jitter = (int)rng_below(r, 45);
	return t + jitter <= g->today ? t + jitter : t;
}

static int emit_orgs(gen *g)
{
	char name[512], parent[512], sname[64], cname[64], zname[128], uscc[19], person[32];
	for (uint32_t o = 0; o < g->norgs; o++) {
		const org *x = &g->orgs[o];
		rng r = rng_for(g->seed, T_ORG_ROW, o);
		row *w = &g->row;
		row_clear(w);
		org_name(g, o, name, sizeof name);
		row_set(w, g->oc[OC_NAME], name);
		row_set(w, g->oc[OC_KIND], ORG_KIND[x->kind]);
		row_set(w, g->oc[OC_MODE], ORG_MODE[x->mode]);
		if (x->parent >= 0) {
			org_name(g, (uint32_t)x->parent, parent, sizeof parent);
			row_set(w, g->oc[OC_PARENT], parent);
		}
		if (x->street != UINT32_MAX) {
			street_name(g, x->street, sname, sizeof sname);
			row_set(w, g->oc[OC_STREET], sname);
		}
		if (x->comm >= 0) {
			comm_name(g, (uint32_t)x->comm, cname, sizeof cname);
			row_set(w, g->oc[OC_COMM], cname);
		}
		if (x->zone >= 0) {
			zone_name(g, (uint32_t)x->zone, zname, sizeof zname);
			row_set(w, g->oc[OC_ZONE], zname);
		}
		row_date(w, g->oc[OC_FOUNDED], x->founded);
		if (rng_chance(&r, 0.98)) {
			person_name(&r, rng_chance(&r, 0.7), person, sizeof person);
			row_set(w, g->oc[OC_SECRETARY], person);
		}

		/* Committees: required from 7 formal members; a few branches have not set one up. */
		if (x->mode == OM_LEAD) {
			row_bool(w, g->oc[OC_HAS_COMMITTEE], 1);
			row_printf(w, g->oc[OC_COMMITTEE_SIZE], "%u", 5 + 2 * rng_below(&r, 3));
		} else if (x->kind != OK_BRANCH) {
			row_bool(w, g->oc[OC_HAS_COMMITTEE], 1);
			row_printf(w, g->oc[OC_COMMITTEE_SIZE], "%u",
				   x->kind == OK_COMMITTEE ? 5 + 2 * rng_below(&r, 3) : 5 + 2 * rng_below(&r, 2));
		} else if (x->members >= 7 && rng_chance(&r, 0.9)) {
			row_bool(w, g->oc[OC_HAS_COMMITTEE], 1);
			row_printf(w, g->oc[OC_COMMITTEE_SIZE], "%u", 3 + 2 * rng_below(&r, 2));
		} else if (rng_chance(&r, 0.95)) {
			row_bool(w, g->oc[OC_HAS_COMMITTEE], 0);
		}
		if (rng_chance(&r, 0.97))
			row_date(w, g->oc[OC_TERM], term_start(g, &r, x->founded, x->kind == OK_COMMITTEE ? 5 : 3));

		if (x->cover_n) {
			buf_reset(&g->list);
			for (uint32_t k = 0; k < x->cover_n; k++) {
				ent_uscc(g, g->cov[x->cover_first + k], uscc);
				if (k)
					buf_puts(&g->list, "；");
				buf_puts(&g->list, uscc);
			}
			if (g->oc[OC_COVERS] >= 0)
				w->rec.f[g->oc[OC_COVERS]] = buf_cstr(&g->list);
		}
		int rc = emit(g, LEDGER_ORGS);
		if (rc)
			return rc;
	}
	return 0;
}

enum { MK_FORMAL, MK_PROBATIONARY, MK_STOPPED };

/* One member row of kind MK_*. employer may be NULL; org_nm is the organisation name or NULL. */
static int emit_member(gen *g, rng *r, const char *employer, const char *org_nm, int kind)
{
	char idno[19], person[32];
	int birth, male;
	make_idno(g, g->nmembers++, idno, &birth, &male);
	row *w = &g->row;
	row_clear(w);
	person_name(r, male, person, sizeof person);
	row_set(w, g->mc[MC_NAME], person);
	row_set(w, g->mc[MC_IDNO], idno);
	int adult = date_add_years(birth, 18);
	if (kind == MK_PROBATIONARY) {
		row_set(w, g->mc[MC_STATUS], "预备党员");
		int join = g->today - (int)rng_below(r, 365);
		row_date(w, g->mc[MC_JOIN], join < adult ? adult : join);
	} else {
		row_set(w, g->mc[MC_STATUS], "正式党员");
		int hi = g->today - 366;
		int span = hi - adult;
		if (span > 20 * 365 && rng_chance(r, 0.8))
			span = 20 * 365;
		int join = adult + (span > 0 ? (int)(rng_unit(r) * span) : 0);
		row_date(w, g->mc[MC_JOIN], join);
		row_date(w, g->mc[MC_FULL], date_add_years(join, 1));
	}
	row_set(w, g->mc[MC_EMPLOYER], employer);
	/* 口袋党员: about 3% never lodged their relation. */
	if (org_nm && rng_chance(r, 0.97))
		row_set(w, g->mc[MC_ORG], org_nm);
	const char *rel = "正常";
	double u = rng_unit(r);
	if (kind == MK_STOPPED)
		rel = "停止党籍";
	else if (u < 0.05)
		rel = "流动";
	else if (u < 0.06 && kind == MK_FORMAL)
		rel = "失联";
	row_set(w, g->mc[MC_RELATION], rel);
	u = rng_unit(r);
	if (u < 0.9)
		row_bool(w, g->mc[MC_DISCLOSED], 1);
	else if (u < 0.98)
		row_bool(w, g->mc[MC_DISCLOSED], 0);
	if (rng_chance(r, 0.95)) {
		char phone[12];
		phone_number(r, phone);
		row_set(w, g->mc[MC_PHONE], phone);
	}
	return emit(g, LEDGER_MEMBERS);
}

static int emit_members(gen *g)
{
	char uscc[19], oname[512], aname[512];
	for (uint32_t c = 0; c < g->ncomms; c++) {
		const community *cm = &g->comms[c];
		aname[0] = '\0';
		if (cm->affil >= 0)
			org_name(g, (uint32_t)cm->affil, aname, sizeof aname);
		for (uint32_t e = cm->first; e < cm->first + cm->count; e++) {
			const ent *x = &g->ents[e];
			uint32_t n = (uint32_t)x->formal + x->prob + x->stopped;
			if (n == 0)
				continue;
			rng r = rng_for(g->seed, T_MEMBER, e);
			ent_uscc(g, e, uscc);
			const char *on = NULL;
			if (x->org >= 0) {
				org_name(g, (uint32_t)x->org, oname, sizeof oname);
				on = oname;
			} else if (aname[0]) {
				on = aname;
			}
			for (uint32_t k = 0; k < n; k++) {
				int kind = k < x->formal ? MK_FORMAL
					   : k < (uint32_t)x->formal + x->prob ? MK_PROBATIONARY : MK_STOPPED;
				int rc = emit_member(g, &r, uscc, on, kind);
				if (rc)
					return rc;
			}
		}
		/* A few members of the community's organisation have no employer in the ledger. */
		if (aname[0]) {
			rng r = rng_for(g->seed, T_MEMBER, (uint64_t)g->nents + c);
			uint32_t extra = rng_chance(&r, 0.3) ? 1 + rng_below(&r, 2) : 0;
			for (uint32_t k = 0; k < extra; k++) {
				int rc = emit_member(g, &r, NULL, aname, MK_FORMAL);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

/* Instructors: about one per 40 counted enterprises without an organisation, sent by the
 * street or one of its communities, each guiding 3–10 of them, the larger ones first. */
static int emit_instructors(gen *g)
{
	char names[64][32], units[64][64], uscc[19], phone[12];
	for (uint32_t s = 0; s < g->nstreets; s++) {
		const street *st = &g->streets[s];
		rng r = rng_for(g->seed, T_INSTR, s);
		uint32_t n = 0, big = 0;
		for (uint32_t e = st->first_ent; e < st->first_ent + st->nent; e++)
			if (counted(&g->ents[e]) && g->ents[e].org < 0 && g->ents[e].employees >= 50)
				g->tmp[n++] = e;
		big = n;
		for (uint32_t e = st->first_ent; e < st->first_ent + st->nent; e++)
			if (counted(&g->ents[e]) && g->ents[e].org < 0 && g->ents[e].employees < 50)
				g->tmp[n++] = e;
		for (uint32_t j = n; j > big + 1; j--) {
			uint32_t k = big + rng_below(&r, j - big);
			uint32_t t = g->tmp[j - 1];
			g->tmp[j - 1] = g->tmp[k];
			g->tmp[k] = t;
		}
		uint32_t ninstr = (n + 20) / 40;
		if (ninstr > 64)
			ninstr = 64;
		uint32_t next = 0;
		for (uint32_t i = 0; i < ninstr && next + 3 <= n; i++) {
			uint32_t take = 3 + rng_below(&r, 8);
			if (take > n - next)
				take = n - next;
			if (rng_chance(&r, 0.4))
				street_name(g, s, units[i], sizeof units[i]);
			else
				comm_name(g, comm_of(g, g->tmp[next]), units[i], sizeof units[i]);
			/* 姓名 + 派出单位 is the key: no two instructors of one unit share a name. */
			for (int again = 1; again;) {
				person_name(&r, rng_chance(&r, 0.6), names[i], sizeof names[i]);
				again = 0;
				for (uint32_t j = 0; j < i; j++)
					if (strcmp(names[j], names[i]) == 0 && strcmp(units[j], units[i]) == 0)
						again = 1;
			}
			row *w = &g->row;
			row_clear(w);
			row_set(w, g->ic[IC_NAME], names[i]);
			row_set(w, g->ic[IC_UNIT], units[i]);
			phone_number(&r, phone);
			row_set(w, g->ic[IC_PHONE], phone);
			buf_reset(&g->list);
			for (uint32_t k = 0; k < take; k++) {
				ent_uscc(g, g->tmp[next + k], uscc);
				if (k)
					buf_puts(&g->list, "；");
				buf_puts(&g->list, uscc);
			}
			next += take;
			if (g->ic[IC_COVERS] >= 0)
				w->rec.f[g->ic[IC_COVERS]] = buf_cstr(&g->list);
			row_date(w, g->ic[IC_START], g->today - 365 - (int)rng_below(&r, 3 * 365));
			int rc = emit(g, LEDGER_INSTRUCTORS);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- public ---- */

int demo_scale_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "district") == 0)
		return DEMO_DISTRICT;
	if (strcmp(name, "city") == 0)
		return DEMO_CITY;
	if (strcmp(name, "province") == 0)
		return DEMO_PROVINCE;
	return -1;
}

const char *demo_region_name(demo_scale scale, uint64_t seed)
{
	return region_of(scale, seed)->name;
}

static void columns(const char *const *keys, int n, ledger_kind kind, int *out)
{
	const ledger_def *def = ledger_get(kind);
	for (int i = 0; i < n; i++)
		out[i] = ledger_col_index(def, keys[i]);
}

static void gen_free(gen *g)
{
	free(g->streets);
	free(g->comms);
	free(g->zones);
	free(g->ents);
	free(g->orgs);
	free(g->cov);
	free(g->counties);
	free(g->id_areas);
	free(g->tmp);
	free(g->tmp2);
	buf_free(&g->list);
	free(g);
}

int demo_generate(demo_scale scale, uint64_t seed, int today, demo_row_fn fn, void *ctx)
{
	gen *g = xcalloc(1, sizeof *g);
	int m, d;
	g->seed = seed;
	g->today = today;
	date_to_ymd(today, &g->today_y, &m, &d);
	g->scale = scale;
	g->reg = region_of(scale, seed);
	g->fn = fn;
	g->ctx = ctx;
	columns(EC_KEYS, EC_N, LEDGER_ENTERPRISES, g->ec);
	columns(OC_KEYS, OC_N, LEDGER_ORGS, g->oc);
	columns(MC_KEYS, MC_N, LEDGER_MEMBERS, g->mc);
	columns(IC_KEYS, IC_N, LEDGER_INSTRUCTORS, g->ic);

	plan(g);
	int rc = emit_enterprises(g);
	if (!rc)
		rc = emit_orgs(g);
	if (!rc)
		rc = emit_members(g);
	if (!rc)
		rc = emit_instructors(g);
	gen_free(g);
	return rc;
}
