/* Import through the browser: upload a ledger file, see what it would do, then commit it.
 *
 * The preview lists what the file would do, row by row, as the importer's own dry run saw it in the
 * database (import_opts.changes: each row read before and after its write inside the rolled-back
 * transaction), so the preview and the import cannot disagree: new rows, changed rows with each
 * changed field old → new (personal values masked), unchanged rows folded, new places, and every
 * error with the enterprise or person it is about beside its row and column. The errors of a refused
 * file are kept as an XLSX list (import_errors_xlsx) under a token like an upload, for
 * GET /import/errors.xlsx; such a token can never be committed.
 *
 * POST /import runs the importer with dry_run (import_file: the same function as fgdj import
 * --dry-run) in the user's scope (store/scope.h: every row is checked by the same write rule as the
 * forms and the API), and shows the counts and every error as a table. Nothing is written.
 * When the file is clean its bytes are kept for the commit, under a random 256-bit token that is
 * bound to the session (the account and the session's CSRF token): the commit form carries only
 * the token, never a path, and a token is good once, for its own session, for PENDING_TTL
 * seconds. POST /import/commit runs the checks again — the data may have changed — and imports
 * for real; the history names web:USER and the file's name.
 *
 * Places (streets, communities, zones) the file names but the database does not know are errors,
 * unless the user may create them (district roles: any; a street's staff: communities of that
 * street): the preview then lists them, and the commit creates them only when its confirmation
 * box was ticked.
 *
 * Kept files live in a private directory (mode 0700) made on first use under $TMPDIR and removed
 * at exit. A session's new upload replaces its old one; an account keeps at most PENDING_PER_USER
 * (its oldest is dropped), so that one account's uploads never push out another's; when all
 * PENDING_MAX slots hold other accounts' uploads, the new one is refused (503).
 *
 * A huge file can have an error on every row: the importer's messages are capped
 * (IMPORT_MAX_ERRORS, io/import.h), the page lists at most SHOW_MAX and says how many more there are, and every
 * echoed cell is clipped (xstrclip). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/places.h"
#include "util/date.h"
#include "web/pages.h"

#define PENDING_MAX 64
#define PENDING_PER_USER 4
#define PENDING_TTL 1800
#define SHOW_MAX 2000 /* error rows shown on the page; the count is always complete */

/* ---- uploads waiting for their commit ---- */

typedef struct pending {
	int used;
	char token[65];
	int64_t user_id;
	char csrf[65];       /* the session's CSRF token: binds the upload to that session */
	const ledger_def *def;
	char *display;       /* the file name as the browser sent it (for messages and the history) */
	char *path;
	int64_t created;
	int errors;          /* path is the error list of a refused upload, not a file to import */
} pending;

static pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t pdir_once = PTHREAD_ONCE_INIT;
static pending pend[PENDING_MAX];
static char *pdir;

static void drop(pending *p)
{
	if (p->path)
		unlink(p->path);
	free(p->path);
	free(p->display);
	memset(p, 0, sizeof *p);
}

static void pending_cleanup(void)
{
	pthread_mutex_lock(&pmu);
	for (size_t i = 0; i < PENDING_MAX; i++)
		if (pend[i].used)
			drop(&pend[i]);
	if (pdir)
		rmdir(pdir);
	pthread_mutex_unlock(&pmu);
}

static void pdir_init(void)
{
	const char *t = getenv("TMPDIR");
	buf p = {0};
	buf_printf(&p, "%s/fgdj-import-XXXXXX", t && *t ? t : "/tmp");
	char *d = buf_detach(&p);
	if (mkdtemp(d)) {
		pdir = d;
		atexit(pending_cleanup);
	} else {
		fprintf(stderr, "fgdj: 无法创建导入暂存目录 %s：%s\n", d, strerror(errno));
		free(d);
	}
}

/* Copies the upload into a new private file: its path (caller frees) or NULL. */
static char *keep_copy(const char *src)
{
	buf p = {0};
	buf_printf(&p, "%s/upload-XXXXXX", pdir);
	char *path = buf_detach(&p);
	int out = mkstemp(path), in = open(src, O_RDONLY | O_CLOEXEC);
	int ok = out >= 0 && in >= 0;
	char chunk[65536];
	ssize_t n;
	while (ok && (n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		for (ssize_t done = 0; ok && n > 0 && done < n;) {
			ssize_t w = write(out, chunk + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			ok = w > 0;
			done += w > 0 ? w : 0;
		}
		ok = ok && n > 0;
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		ok = 0;
	if (!ok) {
		if (out >= 0)
			unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static int same_session(const pending *p, const web_req *r)
{
	return p->used && p->user_id == r->user.id && strlen(r->user.csrf) == 64 &&
	       sodium_memcmp(p->csrf, r->user.csrf, 64) == 0;
}

/* Keeps the request's upload for a commit; fills token. 0; -1 when it cannot be kept; -2 when
 * every slot holds another account's upload. */
static int pending_put(web_req *r, const ledger_def *def, const char *display, const char *src, int errors,
		       char token[65])
{
	pthread_once(&pdir_once, pdir_init);
	char *path = pdir ? keep_copy(src) : NULL;
	if (!path)
		return -1;
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, 65, raw, sizeof raw);
	pthread_mutex_lock(&pmu);
	pending *slot = NULL, *oldest = NULL; /* oldest: of this account */
	size_t mine = 0;
	for (size_t i = 0; i < PENDING_MAX; i++) {
		pending *p = &pend[i];
		if (p->used && (r->now - p->created > PENDING_TTL || same_session(p, r)))
			drop(p);
		if (!p->used && !slot)
			slot = p;
		if (p->used && p->user_id == r->user.id) {
			mine++;
			if (!oldest || p->created < oldest->created)
				oldest = p;
		}
	}
	if (mine >= PENDING_PER_USER || !slot) {
		if (!oldest) {
			pthread_mutex_unlock(&pmu);
			unlink(path);
			free(path);
			return -2;
		}
		drop(oldest);
		slot = oldest;
	}
	slot->used = 1;
	memcpy(slot->token, token, 65);
	slot->user_id = r->user.id;
	snprintf(slot->csrf, sizeof slot->csrf, "%s", r->user.csrf);
	slot->def = def;
	slot->display = xstrdup(display);
	slot->path = path;
	slot->created = r->now;
	slot->errors = errors;
	pthread_mutex_unlock(&pmu);
	return 0;
}

/* Takes the upload of token when it belongs to this session and has not expired: 1 and *out
 * (the caller unlinks out->path and frees the strings), else 0. */
static int pending_take(web_req *r, const char *token, pending *out)
{
	if (!token || strlen(token) != 64)
		return 0;
	int found = 0;
	pthread_mutex_lock(&pmu);
	for (size_t i = 0; i < PENDING_MAX && !found; i++) {
		pending *p = &pend[i];
		if (!p->used || sodium_memcmp(p->token, token, 64) != 0)
			continue;
		if (same_session(p, r) && r->now - p->created <= PENDING_TTL) {
			*out = *p;
			memset(p, 0, sizeof *p);
			found = 1;
		} else if (r->now - p->created > PENDING_TTL) {
			drop(p);
		}
	}
	pthread_mutex_unlock(&pmu);
	return found;
}

/* ---- pages ---- */

static void upload_form(web_req *r, buf *b, const char *kind)
{
	html_raw(b, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" class=\"stack\">\n");
	web_csrf_field(r, b);
	html_raw(b, "<label>台账 <select name=\"kind\">");
	for (int k = 0; k < LEDGER_NKINDS; k++) {
		const ledger_def *d = ledger_get((ledger_kind)k);
		html_printf(b, "<option value=\"%s\"%s>%s</option>", d->name, kind && strcmp(kind, d->name) == 0 ? " selected" : "",
			    d->title);
	}
	html_raw(b, "</select></label>\n<label>文件（CSV 或 XLSX） <input type=\"file\" name=\"file\" required "
		    "accept=\".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"></label>\n"
		    "<button type=\"submit\">上传并检查</button>\n</form>\n");
	if (r->user.scope_kind == SCOPE_REGION)
		html_printf(b, "<p class=\"hint\">您只能导入%s范围内的数据：企业所属社区、党员工作单位、覆盖和指导的企业都须在范围内。</p>\n",
			    r->user.scope_label);
	html_raw(b, "<p class=\"hint\">先检查、后写入：上传后显示将新增、更新的行数和全部错误；文件全部正确时才能确认导入。"
		    "列名、格式见《台账文件格式说明》；命令行 <code>fgdj import</code> 的检查与此相同。</p>\n");
}

/* GET /import */
void page_import(web_req *r)
{
	buf *b = web_page_begin(r, "导入");
	html_raw(b, "<h1>导入台账</h1>\n");
	upload_form(r, b, web_query(r, "kind"));
	web_page_end(r, 200);
}

static void clipped_cell(buf *b, const char *s)
{
	char *c = xstrclip(s ? s : "", IMPORT_CLIP_CHARS);
	html_printf(b, "<td>%s</td>", c);
	free(c);
}

/* n messages of v, of total found (the rest were not kept). */
static void msg_table(buf *b, const char *caption, const import_msg *const *v, size_t n, size_t total)
{
	html_printf(b, "<div class=\"table-wrap\"><table class=\"errors\">\n<caption>%s</caption>\n", caption);
	html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">行</th><th scope=\"col\">企业/人员</th><th scope=\"col\">列</th>"
		    "<th scope=\"col\">原值</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n && i < SHOW_MAX; i++) {
		const import_msg *m = v[i];
		if (m->row)
			html_printf(b, "<tr><td class=\"num\">%zu</td>", m->row);
		else
			html_raw(b, "<tr><td class=\"num\">—</td>");
		clipped_cell(b, m->subject);
		clipped_cell(b, m->column);
		clipped_cell(b, m->value);
		html_printf(b, "<td>%s</td></tr>\n", m->text);
	}
	html_raw(b, "</tbody>\n</table></div>\n");
	size_t shown = n < SHOW_MAX ? n : SHOW_MAX;
	if (total > shown)
		html_printf(b, "<p class=\"hint\">以上列出前 %zu 处，还有 %zu 条错误未列出。完整清单可用 "
			       "<code>fgdj import … --dry-run --errors 清单.csv</code> 导出。</p>\n",
			    shown, total - shown);
}

/* One value of a change, masked when the column is personal. */
static void change_value(buf *b, const ledger_col *col, const char *v)
{
	if (!v) {
		html_raw(b, "<span class=\"muted\">（空）</span>");
		return;
	}
	buf m = {0};
	if (col->flags & COL_PERSONAL)
		ledger_mask(col, v, &m);
	char *c = xstrclip(m.len ? buf_cstr(&m) : v, IMPORT_CLIP_CHARS);
	html_printf(b, "%s", c);
	free(c);
	buf_free(&m);
}

/* The rows of the preview by what they would do: changed (each field old → new), new, unchanged. */
static void changes_section(buf *b, const ledger_def *def, const import_result *res)
{
	static const char *const HEAD[] = {"将更新的行", "将新增的行", "未变的行"};
	static const import_change_kind ORDER[] = {IMPORT_CHANGED, IMPORT_NEW, IMPORT_SAME};
	for (size_t o = 0; o < 3; o++) {
		size_t n = 0;
		for (size_t i = 0; i < res->nchanges; i++)
			n += res->changes[i].kind == ORDER[o];
		if (!n)
			continue;
		if (ORDER[o] == IMPORT_SAME)
			html_printf(b, "<details class=\"unchanged\"><summary>%s：%zu 行（与现有数据完全相同，导入不会改变它们）</summary>\n",
				    HEAD[o], n);
		else
			html_printf(b, "<h2>%s（%zu）</h2>\n", HEAD[o], n);
		html_printf(b, "<div class=\"table-wrap\"><table class=\"changes\">\n<caption>%s</caption>\n"
			       "<thead><tr><th scope=\"col\" class=\"num\">行</th><th scope=\"col\">企业/人员</th>%s</tr></thead>\n<tbody>\n",
			    HEAD[o], ORDER[o] == IMPORT_CHANGED ? "<th scope=\"col\">变化（原值 → 新值）</th>" : "");
		size_t shown = 0;
		for (size_t i = 0; i < res->nchanges && shown < SHOW_MAX; i++) {
			const import_change *c = &res->changes[i];
			if (c->kind != ORDER[o])
				continue;
			shown++;
			html_printf(b, "<tr><td class=\"num\">%zu</td>", c->row);
			clipped_cell(b, c->subject);
			if (c->kind == IMPORT_CHANGED) {
				html_raw(b, "<td><ul class=\"diff\">");
				for (size_t f = 0; f < c->nfields; f++) {
					const ledger_col *col = &def->cols[c->fields[f].col];
					html_printf(b, "<li><span class=\"field\">%s</span>：<del>", col->header);
					change_value(b, col, c->fields[f].old);
					html_raw(b, "</del> → <ins>");
					change_value(b, col, c->fields[f].now);
					html_raw(b, "</ins></li>");
				}
				html_raw(b, "</ul></td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table></div>\n");
		if (n > shown)
			html_printf(b, "<p class=\"hint\">以上列出前 %zu 行，共 %zu 行。</p>\n", shown, n);
		if (ORDER[o] == IMPORT_SAME)
			html_raw(b, "</details>\n");
	}
	if (res->changes_more)
		html_printf(b, "<p class=\"hint\">另有 %zu 行未逐行列出（计数见上方）。</p>\n", res->changes_more);
}

/* What the importer found, as a page: counts, notes, warnings, errors; then the commit button
 * (token) or the upload form again. committed: the real import, not a preview. */
static void render_result(web_req *r, const ledger_def *def, const char *display, const import_result *res,
			  const char *token, const char *errors_token, int committed)
{
	size_t nkept = res->nerrors, nerr = nkept + res->errors_more;
	const import_msg **errs = xmalloc((nkept ? nkept : 1) * sizeof *errs);
	for (size_t i = 0; i < nkept; i++)
		errs[i] = &res->errors[i];
	buf *b = web_page_begin(r, committed ? "导入结果" : "导入预览");
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s</p>\n", committed ? "导入结果" : "导入预览", def->title, display);
	if (committed && !nerr)
		html_printf(b, "<p class=\"notice\" role=\"status\">已导入：%s %zu 行，新增 %zu，更新 %zu，未变 %zu。"
			       "变更已记入历史（操作人 %s）。</p>\n",
			    def->title, res->rows, res->inserted, res->updated, res->unchanged, web_who(r));
	html_printf(b, "<div class=\"cards\">\n<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">数据行</div></div>\n"
		       "<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">新增</div></div>\n"
		       "<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">更新</div></div>\n"
		       "<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">未变</div></div>\n"
		       "<div class=\"card\"><div class=\"value\">%zu</div><div class=\"label\">错误</div></div>\n</div>\n",
		    res->rows, res->inserted, res->updated, res->unchanged, nerr);
	if (res->notes.len)
		html_printf(b, "<p class=\"hint\">%s</p>\n", buf_cstr(&res->notes));
	if (nerr) {
		html_printf(b, "<p class=\"alert\" role=\"alert\">发现 %zu 处错误，没有写入任何数据。请按下表修改文件后重新上传。</p>\n", nerr);
		if (errors_token)
			html_printf(b, "<p><a class=\"button\" href=\"/import/errors.xlsx?token=%s\">下载错误清单（XLSX）</a></p>\n",
				    errors_token);
		msg_table(b, "错误清单", errs, nkept, nerr);
	}
	if (res->nwarnings) {
		const import_msg **w = xmalloc(res->nwarnings * sizeof *w);
		for (size_t i = 0; i < res->nwarnings; i++)
			w[i] = &res->warnings[i];
		msg_table(b, "警告（不影响导入）", w, res->nwarnings, res->nwarnings);
		free(w);
	}
	if (!committed)
		changes_section(b, def, res);
	int places = res->new_places && *res->new_places;
	if (places && (token || committed)) {
		html_printf(b, "<h2>%s</h2>\n<ul class=\"new-places\">\n", committed ? "新建的地点" : "将新建的地点");
		for (const char *p = res->new_places; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			html_printf(b, "<li>%.*s</li>\n", (int)len, p);
			p += len + (nl != NULL);
		}
		html_raw(b, "</ul>\n");
	}
	if (token) {
		html_printf(b, "<p>检查通过：确认后将新增 %zu 行、更新 %zu 行，全部在一个事务中写入。</p>\n", res->inserted,
			    res->updated);
		html_raw(b, "<form method=\"post\" action=\"/import/commit\">\n");
		web_csrf_field(r, b);
		if (places)
			html_raw(b, "<p><label><input type=\"checkbox\" name=\"new_places\" value=\"1\" required> "
				    "我已核对，确认新建以上地点（不是已有地点的笔误）</label></p>\n");
		html_printf(b, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n<button type=\"submit\">确认导入</button>\n"
			       "<a href=\"/import\">取消</a>\n</form>\n",
			    token);
	} else if (nerr || !committed) {
		html_raw(b, "<h2>重新上传</h2>\n");
		upload_form(r, b, def->name);
	} else {
		html_printf(b, "<p><a href=\"/import?kind=%s\">继续导入</a> · <a href=\"/\">返回首页</a></p>\n", def->name);
	}
	free(errs);
	web_page_end(r, nerr ? 422 : 200);
}

/* The browser's file name without any directory part (some send C:\fakepath\x.csv). */
static const char *base_name(const char *name)
{
	const char *b = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return *b ? b : "上传文件";
}

/* The kinds of place the user may create by an import, and the street new communities must be in. */
static unsigned place_right(const auth_user *u, int64_t *street)
{
	*street = 0;
	if (u->role == ROLE_ADMIN || u->role == ROLE_DISTRICT) {
		/* A district user of a city: new streets and communities in its own district. */
		if (u->scope_kind == SCOPE_REGION)
			*street = u->filter.region_id;
		return 1u << PLACE_DISTRICT | 1u << PLACE_STREET | 1u << PLACE_COMMUNITY | 1u << PLACE_ZONE;
	}
	if (u->role == ROLE_STREET && u->scope_kind == SCOPE_REGION) {
		*street = u->filter.region_id;
		return 1u << PLACE_COMMUNITY;
	}
	return 0;
}

/* The importer on path (dry_run or not), in the user's scope. new_places: the user confirmed the
 * new places (the preview asks for none: it lists what the user may create). */
static int run(web_req *r, store *s, const ledger_def *def, const char *path, const char *display, int dry_run,
	       int new_places, import_result *res, fg_err *e)
{
	store_filter scope = auth_scope(&r->user);
	int64_t street;
	unsigned right = place_right(&r->user, &street);
	import_opts o = {
		.path = path,
		.display = display,
		.who = web_who(r),
		.dry_run = dry_run,
		.today = date_today(),
		.scope = &scope,
		.new_places = dry_run || new_places ? right : 0,
		.new_places_street = street,
		.changes = dry_run,
	};
	return import_file(s, def, &o, res, e);
}

/* POST /import — multipart: kind, file. The preview; nothing is written. */
void page_import_post(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	const char *kind = web_field(r, "kind");
	const ledger_def *def = kind ? ledger_by_name(kind) : NULL;
	if (!def || !r->upload.path || r->upload.size == 0) {
		buf *b = web_page_begin(r, "导入");
		html_raw(b, "<h1>导入台账</h1>\n");
		html_printf(b, "<p class=\"alert\" role=\"alert\">%s</p>\n", !def ? "请选择台账类别" : "请选择要上传的文件（CSV 或 XLSX）");
		upload_form(r, b, kind);
		web_page_end(r, 422);
		return;
	}
	const char *display = base_name(r->upload.filename ? r->upload.filename : "");
	import_result res;
	fg_err e;
	int rc = run(r, s, def, r->upload.path, display, 1, 0, &res, &e);
	if (rc == FG_EFAIL) {
		web_error(r, 500, e.msg);
	} else {
		char token[65];
		int clean = rc == FG_OK;
		int kept = clean ? pending_put(r, def, display, r->upload.path, 0, token) : 0, listed = 0;
		if (!clean) { /* the error list, kept for its download */
			char *list = tools_tmpfile(".xlsx");
			store_filter scope = auth_scope(&r->user);
			import_opts o = {.path = r->upload.path, .display = display, .scope = &scope};
			fg_err xe;
			/* without a kept list the page still shows every error, only the download is missing */
			listed = list && import_errors_xlsx(&o, &res, list, &xe) == FG_OK &&
				 pending_put(r, def, display, list, 1, token) == 0;
			if (list) {
				unlink(list);
				free(list);
			}
		}
		if (kept == -2) {
			web_header(r, "Retry-After", "60");
			web_error(r, 503, "待确认的上传过多，请稍后重试");
		} else if (kept) {
			web_error(r, 500, "上传的文件无法暂存，请稍后重试");
		} else {
			render_result(r, def, display, &res, clean ? token : NULL, listed ? token : NULL, 0);
		}
	}
	import_result_free(&res);
}

/* POST /import/commit — token. Checks again and writes. */
void page_import_commit(web_req *r)
{
	store *s = web_db(r);
	if (!s)
		return;
	pending p;
	if (!pending_take(r, web_field(r, "token"), &p)) {
		web_error(r, 409, "这次上传已失效（已导入、已超过 30 分钟或不属于当前会话），请重新上传文件");
		return;
	}
	if (p.errors) {
		unlink(p.path);
		free(p.path);
		free(p.display);
		web_error(r, 409, "这个文件有错误，不能导入；请修改后重新上传");
		return;
	}
	import_result res;
	fg_err e;
	const char *confirm = web_field(r, "new_places");
	int rc = run(r, s, p.def, p.path, p.display, 0, confirm && strcmp(confirm, "1") == 0, &res, &e);
	if (rc == FG_EFAIL)
		web_error(r, 500, e.msg);
	else
		render_result(r, p.def, p.display, &res, NULL, NULL, 1);
	import_result_free(&res);
	unlink(p.path);
	free(p.path);
	free(p.display);
}

/* GET /import/errors.xlsx?token= — the error list of this session's refused upload (kept, not taken:
 * it may be downloaded again until the session's next upload or the token expires). */
void page_import_errors(web_req *r)
{
	const char *token = web_query(r, "token");
	buf body = {0};
	char *display = NULL;
	int found = 0;
	if (token && strlen(token) == 64) {
		pthread_mutex_lock(&pmu);
		for (size_t i = 0; i < PENDING_MAX && !found; i++) {
			pending *p = &pend[i];
			if (!p->used || !p->errors || sodium_memcmp(p->token, token, 64) != 0 || !same_session(p, r) ||
			    r->now - p->created > PENDING_TTL)
				continue;
			FILE *f = fopen(p->path, "rb");
			char chunk[65536];
			size_t n;
			while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
				buf_add(&body, chunk, n);
			found = f && !ferror(f);
			if (f)
				fclose(f);
			display = found ? xstrdup(p->display) : NULL;
		}
		pthread_mutex_unlock(&pmu);
	}
	if (!found) {
		buf_free(&body);
		web_error(r, 404, "错误清单已失效（已超过 30 分钟、已重新上传或不属于当前会话），请重新上传文件");
		return;
	}
	buf name = {0};
	buf_printf(&name, "错误清单-%s.xlsx", display);
	tools_attachment(r, buf_cstr(&name), "import-errors.xlsx");
	web_respond(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &body);
	buf_free(&name);
	free(display);
}
