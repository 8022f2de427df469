// fgdj in a real browser: playwright-core driving Debian's /usr/bin/chromium, headless.
// Run by tests/browser/run.sh, which builds the database, starts `fgdj serve` and sets:
//   FGDJ_URL      the server's base URL (http://127.0.0.1:PORT)
//   FGDJ_ART      where screenshots go (build/browser-artifacts)
//   FGDJ_WORK     a scratch directory: import files bad.csv/good.csv, the browser profile
//   FGDJ_USER, FGDJ_PASSWORD   a street account of the demo
//   FGDJ_STREET   its street; FGDJ_USCC, FGDJ_ENT_NAME   an enterprise of that street
// Each scenario is a function; a failure is reported with a screenshot and the run goes on, so
// one broken page does not hide the others. Exit code 1 when any scenario failed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (k) => {
	const v = process.env[k];
	if (!v) throw new Error(`环境变量 ${k} 未设置（请用 tests/browser/run.sh 运行）`);
	return v;
};
const URL = env("FGDJ_URL");
const ART = env("FGDJ_ART");
const WORK = env("FGDJ_WORK");
const USER = env("FGDJ_USER");
const PASSWORD = env("FGDJ_PASSWORD");
const STREET = env("FGDJ_STREET");
const USCC = env("FGDJ_USCC");
const ENT_NAME = env("FGDJ_ENT_NAME");
mkdirSync(ART, { recursive: true });

let shot = 0;
async function screenshot(page, name, fullPage = true) {
	shot += 1;
	const file = join(ART, `${String(shot).padStart(2, "0")}-${name}.png`);
	await page.screenshot({ path: file, fullPage });
	return file;
}

// Clicks a submit button and waits for the POST's answer and the page it loads.
async function submit(page, button) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === "POST" && r.request().isNavigationRequest()),
		page.locator(button).first().click(),
	]);
	await page.waitForLoadState("load");
	return resp;
}

// The text of <main>, for assertions that do not depend on markup details.
const mainText = (page) => page.locator("main").innerText();

async function login(page) {
	await page.goto(`${URL}/`);
	assert.match(page.url(), /\/login\?next=/, "an anonymous visitor is sent to the login page");
	await page.fill('input[name="username"]', USER);
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(`${URL}/`), page.click('button[type="submit"]')]);
	await page.locator("h1").first().waitFor();
	assert.equal((await page.locator("h1").first().innerText()).trim(), STREET, "the dashboard names the street");
	const svg = await page.locator("main svg").count();
	assert.ok(svg >= 1, "the dashboard has SVG charts");
	await screenshot(page, "dashboard");
}

// Every count on the dashboard's cards opens the list it counts: clicked one by one, each list's
// total line ("共 N 条") is the card's number. Rates open their numerator's list (checked against
// the statistics by tests/e2e/figure_links.sh). The dashboard passes axe-core and fits a phone.
async function figureLinks(page) {
	await page.goto(`${URL}/`);
	await noAxeViolations(page, "首页");
	const figs = await page.locator("main .card a").evaluateAll((as) =>
		as.map((a) => {
			const n = a.querySelector(".value") || a.querySelector(".num");
			return { href: a.getAttribute("href"), label: a.innerText.trim(), num: n ? n.textContent.trim() : "" };
		}),
	);
	const counts = figs.filter((f) => /^\/(enterprises|members)\?|^\/figures\//.test(f.href) && /^[0-9]+$/.test(f.num));
	assert.ok(counts.length >= 10, `the cards link at least ten counts to their lists (${counts.length})`);
	await screenshot(page, "dashboard-figures");
	for (const f of counts) {
		await page.goto(`${URL}/`);
		const link = page.locator(`main .card a[href="${f.href}"]`).first();
		await Promise.all([page.waitForURL((u) => u.pathname !== "/"), link.click()]);
		const text = await mainText(page);
		assert.ok(text.includes(`共 ${f.num} 条`), `${f.label}：名单 ${f.href} 应为共 ${f.num} 条`);
	}
	await page.goto(`${URL}/enterprises?in_scope=1&unbuilt=1`);
	await noAxeViolations(page, "应建未建企业名单");
	await page.goto(`${URL}/figures/funding_awards`);
	await noAxeViolations(page, "星级奖励名单");
	await screenshot(page, "list-unbuilt");
	// a 390-pixel phone: the dashboard does not scroll sideways (the wide table scrolls in its own region)
	await page.setViewportSize({ width: 390, height: 844 });
	try {
		await page.goto(`${URL}/`);
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(wide <= 390, `the dashboard fits a 390-px phone (${wide} px)`);
		await screenshot(page, "dashboard-phone");
	} finally {
		await page.setViewportSize({ width: 1280, height: 900 });
	}
}

async function ledger(page) {
	const resp = await page.goto(`${URL}/enterprises`);
	assert.equal(resp.status(), 200, "GET /enterprises");
	await screenshot(page, "enterprises");
	// Search by name through the page's own form (no JavaScript needed).
	const q = page.locator('main form input[name="q"]');
	assert.ok((await q.count()) >= 1, "the ledger has a search field named q");
	await q.first().fill(ENT_NAME);
	await Promise.all([page.waitForURL(/[?&]q=/), q.first().press("Enter")]);
	assert.ok((await mainText(page)).includes(ENT_NAME), "the search finds the enterprise by name");
	await screenshot(page, "enterprises-search");
	// Filter by street through the URL the form builds (documented parameters).
	const f = await page.goto(`${URL}/enterprises?street=${encodeURIComponent(STREET)}`);
	assert.equal(f.status(), 200, "GET /enterprises?street=");
	const rows = await page.locator("main table tbody tr").count();
	assert.ok(rows >= 1, "the filtered ledger lists enterprises");
	// Search by USCC, lower case: the ledger normalises it.
	const u = await page.goto(`${URL}/enterprises?q=${encodeURIComponent(USCC.toLowerCase())}`);
	assert.equal(u.status(), 200);
	assert.ok((await mainText(page)).includes(USCC), "the search finds the enterprise by USCC");
	await screenshot(page, "enterprises-filtered");
}

async function edit(page) {
	const resp = await page.goto(`${URL}/enterprises/${encodeURIComponent(USCC)}/edit`);
	assert.equal(resp.status(), 200, "GET /enterprises/{uscc}/edit");
	const employees = page.locator('main form input[name="employees"]');
	assert.equal(await employees.count(), 1, "the edit form has the field employees");
	// Browsers refuse some bad values themselves (type=number): remove that hint so the server's
	// validation, the one that matters, is what answers.
	await employees.evaluate((el) => {
		el.setAttribute("type", "text");
		el.removeAttribute("min");
		el.removeAttribute("pattern");
	});
	await employees.fill("很多");
	const bad = await submit(page, 'main form:has(input[name="employees"]) button[type="submit"]');
	assert.equal(bad.status(), 422, "a bad value answers 422");
	await page.locator('[aria-invalid="true"], .field-error').first().waitFor();
	assert.ok((await mainText(page)).length > 0);
	await screenshot(page, "edit-error");
	const again = page.locator('main form input[name="employees"]');
	assert.equal(await again.inputValue(), "很多", "the bad value stays in the field to be corrected");
	await again.evaluate((el) => el.setAttribute("type", "text"));
	await again.fill("37");
	await submit(page, 'main form:has(input[name="employees"]) button[type="submit"]');
	assert.match(page.url(), new RegExp(`/enterprises/${USCC}([?#].*)?$`), "saved: back on the enterprise's page");
	assert.ok((await mainText(page)).includes("37"), "the corrected value is saved and shown");
	await screenshot(page, "edit-saved");
}

async function importFiles(page) {
	await page.goto(`${URL}/import`);
	await page.selectOption('select[name="kind"]', "enterprises");
	await page.setInputFiles('input[type="file"]', join(WORK, "bad.csv"));
	assert.equal((await submit(page, 'form[action="/import"] button[type="submit"]')).status(), 422);
	const errors = page.locator("table.errors tbody tr");
	assert.ok((await errors.count()) >= 1, "the preview lists the errors");
	const first = await errors.first().innerText();
	assert.match(first, /很多/, "the error row shows the original value");
	assert.ok(first.includes(ENT_NAME), "the error row names the enterprise");
	assert.equal(await page.locator('a[href^="/import/errors.xlsx?token="]').count(), 1, "the error list downloads");
	assert.match(first, /从业人员数/, "the error row names the column");
	assert.equal(await page.locator('input[name="token"]').count(), 0, "no commit with errors");
	await screenshot(page, "import-errors");

	await page.selectOption('select[name="kind"]', "enterprises");
	await page.setInputFiles('input[type="file"]', join(WORK, "good.csv"));
	assert.equal((await submit(page, 'form[action="/import"] button[type="submit"]')).status(), 200);
	assert.match(await mainText(page), /检查通过/, "a clean file passes the preview");
	// The changed head count, old → new, as the importer's own dry run found it in the database.
	const staff = readFileSync(join(WORK, "good.csv"), "utf8").trim().split("\n")[1].split(",")[8];
	const diff = page.locator("table.changes ul.diff li");
	assert.equal(await diff.count(), 1, "one field changes");
	const change = (await diff.first().innerText()).trim();
	const m = change.match(/^从业人员数：(\d+) → (\d+)$/);
	assert.ok(m, `the change reads 从业人员数：old → new (got ${change})`);
	assert.equal(m[2], staff, "the new value is the file's");
	assert.notEqual(m[1], m[2], "the old value is the stored one");
	await screenshot(page, "import-preview");
	assert.equal((await submit(page, 'button:has-text("确认导入")')).status(), 200);
	assert.match(await mainText(page), /已导入/, "the commit writes");
	await screenshot(page, "import-done");
}

// The data rows of an XLSX's first sheet and its second column, read with python3's zipfile.
function xlsxRows(path) {
	const py = `import sys, zipfile, re, json
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
ss = []
if 'xl/sharedStrings.xml' in names:
    ss = [''.join(re.findall(r'<t[^>]*>(.*?)</t>', si, re.S)) for si in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
rows = re.findall(r'<row [^>]*>(.*?)</row>', z.read('xl/worksheets/sheet1.xml').decode(), re.S)
def cell(row, col):
    m = re.search(r'<c r="' + col + r'[0-9]+"([^>]*)>(.*?)</c>', row, re.S)
    if not m: return ''
    v = re.search(r'<v>(.*?)</v>', m.group(2))
    if v and 't="s"' in m.group(1): return ss[int(v.group(1))]
    t = re.search(r'<t[^>]*>(.*?)</t>', m.group(2))
    return t.group(1) if t else (v.group(1) if v else '')
print(json.dumps({"rows": len(rows) - 1, "b": [cell(r, 'B') for r in rows[1:]]}))`;
	return JSON.parse(execFileSync("python3", ["-c", py, path], { encoding: "utf8" }));
}

async function exportList(page) {
	// The members list filtered by a status, exported: the file holds the list's rows, masked.
	await page.goto(`${URL}/members?status=${encodeURIComponent("正式党员")}`);
	const count = Number((await page.locator("nav.pager span").first().innerText()).match(/共 (\d+) 条/)[1]);
	assert.ok(count > 0, "the filtered list has members");
	const link = page.locator('a:has-text("导出 XLSX")');
	assert.match(await link.getAttribute("href"), /^\/members\/export\.xlsx\?status=/, "the export keeps the filter");
	const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
	assert.match(download.suggestedFilename(), /^党员名册-\d{4}-\d{2}-\d{2}\.xlsx$/, "a Chinese file name");
	const path = join(WORK, "members.xlsx");
	await download.saveAs(path);
	const x = xlsxRows(path);
	assert.equal(x.rows, count, "the export holds exactly the list's rows");
	assert.ok(x.b.every((id) => id.includes("*")), "ID numbers are masked");
	// The print view of one enterprise's members: the filter in words, the count, every row.
	await page.goto(`${URL}/members?employer=${USCC}&print=1`);
	assert.match(await mainText(page), new RegExp(`筛选条件：工作单位：${USCC}`), "the print view says the filter");
	const printed = Number((await page.locator("p.print-count").innerText()).match(/共 (\d+) 条/)[1]);
	assert.equal(await page.locator('main table tbody a[href^="/members/"]').count(), printed, "the print view lists every row");
	assert.equal(await page.locator("nav.pager").count(), 0, "no paging in the print view");
	// Its 打印本页 button (shown by the script) opens the browser's print dialog.
	await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
	await page.getByRole("button", { name: "打印本页" }).click();
	assert.equal(await page.evaluate(() => window.__printed), 1, "the print button calls window.print");
	await noAxeViolations(page, "打印视图");
	await screenshot(page, "members-print");
}

async function report(page) {
	await page.goto(`${URL}/reports`);
	await screenshot(page, "reports");
	const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[formaction="/reports/work.docx"]')]);
	assert.match(download.suggestedFilename(), /工作报告-\d{4}-\d{2}-\d{2}\.docx$/, "a Chinese file name");
	const path = join(WORK, "report.docx");
	await download.saveAs(path);
	const bytes = readFileSync(path);
	assert.ok(bytes.length > 1000, "the report is not empty");
	assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "the DOCX is a zip");
}

async function findings(page) {
	const resp = await page.goto(`${URL}/findings`);
	assert.equal(resp.status(), 200);
	assert.match(await page.locator("h1").first().innerText(), /检查发现/);
	const plan = await page.goto(`${URL}/plan`);
	assert.equal(plan.status(), 200);
	await screenshot(page, "plan");
}

// The new-enterprise form picks its place: a street select, and a community select that shows only
// the chosen street's communities (places.js); a typed place is not possible.
async function placeSelects(page) {
	const resp = await page.goto(`${URL}/enterprises/new`);
	assert.equal(resp.status(), 200, "GET /enterprises/new");
	assert.equal(await page.locator('main form input[name="street"], main form input[name="community"]').count(), 0,
		"street and community are not free text");
	const street = page.locator('main form select[name="street"]');
	const comm = page.locator('main form select[name="community"]');
	assert.equal(await street.count(), 1, "a street select");
	assert.equal(await comm.count(), 1, "a community select");
	await street.selectOption({ label: STREET });
	const shown = await comm.evaluate((el) =>
		Array.from(el.querySelectorAll("optgroup")).filter((g) => !g.hidden).map((g) => [g.label, g.querySelectorAll("option").length]));
	assert.ok(shown.length >= 1, "the chosen street's communities are offered");
	for (const [label, n] of shown) {
		assert.equal(label, STREET, "only the chosen street's communities are shown");
		assert.ok(n >= 1, "the street has communities");
	}
	await screenshot(page, "place-selects");
}

// The new-organisation form: the community select follows the chosen street (places.js), and 覆盖企业
// is picked by typing part of the enterprise's name: the combobox lists name and code, ↓ marks the
// first, Enter puts its code in the field; saved, the organisation covers that enterprise. The
// enterprises list's filter narrows its communities the same way. axe-core finds nothing.
async function pickers(page) {
	let resp = await page.goto(`${URL}/orgs/new`);
	assert.equal(resp.status(), 200, "GET /orgs/new");
	await page.selectOption('main form select[name="street"]', { label: STREET });
	const comm = page.locator('main form select[name="community"]');
	const shown = await comm.evaluate((el) =>
		Array.from(el.querySelectorAll("optgroup")).filter((g) => !g.hidden).map((g) => g.label));
	assert.deepEqual(shown, [STREET], "only the chosen street's communities are offered");
	const first = await comm.evaluate((el) => el.querySelector("optgroup:not([hidden]) option").textContent);
	await comm.selectOption({ label: first });

	const covers = page.locator('main form input[name="covers"]');
	assert.equal(await covers.getAttribute("role"), "combobox");
	assert.equal(await covers.getAttribute("aria-expanded"), "false");
	await covers.click();
	await page.keyboard.type(ENT_NAME.slice(0, 4));
	const box = page.locator("#lb-covers");
	await box.locator('[role="option"]').first().waitFor();
	assert.equal(await covers.getAttribute("aria-expanded"), "true", "the listbox is open");
	const options = await box.locator('[role="option"]').allInnerTexts();
	assert.ok(options.some((o) => o.includes(ENT_NAME) && o.includes(USCC)), `the enterprise is offered with its code: ${options}`);
	await noAxeViolations(page, "the organisation form with its picker open");
	const at = options.findIndex((o) => o.includes(USCC));
	for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
	assert.equal(await covers.getAttribute("aria-activedescendant"), `lb-covers-${at}`, "the marked option is the active descendant");
	await page.keyboard.press("Enter");
	assert.equal(await covers.inputValue(), `${USCC}；`, "Enter puts the code in the field");
	assert.equal(await covers.getAttribute("aria-expanded"), "false", "and closes the listbox");
	await screenshot(page, "org-form-picked");

	const name = `浏览器测试选取党支部${Date.now() % 100000}`;
	await page.fill('main form [name="name"]', name);
	await page.selectOption('main form [name="kind"]', "党支部");
	await page.selectOption('main form [name="mode"]', "单独建");
	await page.fill('main form [name="founded"]', "2026-01-05");
	const saved = await submit(page, 'main form.ledger-form button[type="submit"]');
	assert.equal(saved.status(), 303, `the organisation is saved: ${await mainText(page)}`);
	assert.match(page.url(), /\/orgs\/\d+\?saved=1/, "saved: on the organisation's page");
	const text = await mainText(page);
	assert.ok(text.includes(name) && text.includes(ENT_NAME), "the page names the organisation and the enterprise it covers");
	assert.ok(text.includes(first), "and the community picked");

	// the list filter: the community select narrows to the street (the street's user has one
	// street, so the admin-less filter shows its communities only)
	resp = await page.goto(`${URL}/enterprises`);
	assert.equal(resp.status(), 200);
	const groups = await page.locator('main select[name="community"] optgroup').evaluateAll((gs) => gs.map((g) => g.label));
	for (const g of groups) assert.equal(g, STREET, "the filter's communities are the street's");
}

// The two-column form becomes one column on a narrow screen.
async function formColumns(page) {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${URL}/enterprises/new`);
	const cols = () => page.locator("main form.ledger-form").evaluate((f) => getComputedStyle(f).gridTemplateColumns.split(" ").length);
	assert.equal(await cols(), 2, "two columns on a wide screen");
	await page.setViewportSize({ width: 600, height: 900 });
	assert.equal(await cols(), 1, "one column under 700 px");
	await page.setViewportSize({ width: 1280, height: 900 });
	await screenshot(page, "form-columns");
}

// A secretary records last month's 主题党日 by ticking attendees from the organisation's roster
// (no ID number is typed or shown in full), and the calendar cell of that month turns from
// 未开展 to 已开展. run.sh picks an organisation that held none that month.
async function meeting(page) {
	await page.context().clearCookies();
	await page.goto(`${URL}/login`);
	await page.fill('input[name="username"]', env("FGDJ_SEC_USER"));
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(`${URL}/`), page.click('button[type="submit"]')]);
	assert.ok((await mainText(page)).includes("本月待办"), "the secretary's home page shows this month's to-do");
	assert.ok((await mainText(page)).includes(env("FGDJ_SEC_ORG")), "the home page names the organisation");
	const prev = env("FGDJ_PREV_MONTH"); // YYYY-MM
	const [year, month] = prev.split("-").map(Number);
	await page.click('main a:text("查看全年组织生活日历")');
	await page.waitForURL(/\/orgs\/\d+\/life/);
	const life = page.url().replace(/\?.*$/, "") + `?year=${year}`;
	await page.goto(life);
	const cell = page.locator(`tr:has(th:text-is("主题党日")) td[title="${year}年${month}月"]`);
	assert.equal((await cell.innerText()).trim(), "未开展", "last month's 主题党日 is missing");
	await screenshot(page, "calendar-missing");

	const resp = await page.goto(`${URL}/meetings/new?kind=${encodeURIComponent("主题党日")}`);
	assert.equal(resp.status(), 200, "GET /meetings/new");
	assert.equal(await page.locator('main form input[name="attendees"], main form textarea[name="attendees"]').count(), 0,
		"attendees are not typed");
	// Last month's meeting is recorded late: its day first, so the roster is the members on that day.
	await page.fill("#roster-day", `${prev}-15`);
	await Promise.all([page.waitForURL(/date=/), page.getByRole("button", { name: "列出当日的党员" }).click()]);
	assert.equal(await page.inputValue("#f-date"), `${prev}-15`, "the form keeps the day");
	assert.ok((await mainText(page)).includes(`名单为 ${prev}-15 当日在本组织的党员`), "the roster says its day");
	const boxes = page.locator('main form input[type="checkbox"][name="attendee"]');
	const n = await boxes.count();
	assert.ok(n >= 2, "the roster lists the organisation's members");
	assert.doesNotMatch(await mainText(page), /\d{17}[\dX]/, "no full ID number on the page");
	await page.fill('main form input[name="topic"]', "浏览器测试主题党日");
	await boxes.nth(0).check();
	await boxes.nth(1).check();
	if (n > 2) await page.locator('main form input[name^="absent_"]').nth(2).fill("出差");
	await screenshot(page, "meeting-form");
	const saved = await submit(page, 'main form:has(input[name="topic"]) button[type="submit"]');
	assert.equal(saved.status(), 303, "the meeting is saved");
	assert.match(page.url(), /\/meetings\/\d+/, "saved: on the meeting's page");
	assert.ok((await mainText(page)).includes("浏览器测试主题党日"), "the meeting page shows the topic");
	assert.ok((await mainText(page)).includes(`共 2 名`), "two attendees recorded");

	await page.goto(life);
	const after = (await cell.innerText()).trim();
	assert.match(after, /^已开展 1 次$/, "last month's 主题党日 is now held");
	await screenshot(page, "calendar-held");
}

// A person walked from application to 转正 by a street's staff: the record's page follows the
// stage, the 支部大会 step puts them in the member roster as 预备党员, 转正 as 正式党员.
async function development(page) {
	await page.context().clearCookies();
	await page.goto(`${URL}/login`);
	await page.fill('input[name="username"]', USER);
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(`${URL}/`), page.click('button[type="submit"]')]);
	const NAME = "浏览器发展";
	const fill = async (fields) => {
		for (const [k, v] of Object.entries(fields)) await page.fill(`main form [name="${k}"]`, v);
	};
	let resp = await page.goto(`${URL}/development/new`);
	assert.equal(resp.status(), 200, "GET /development/new");
	await fill({
		name: NAME, idno: "33010619900101123X", employer: USCC, org: env("FGDJ_DEV_ORG"),
		apply_date: "2022-03-01", talk_date: "2022-03-10", activist_date: "2022-05-01", target_date: "2023-06-01",
	});
	let saved = await submit(page, 'main form:has([name="apply_date"]) button[type="submit"]');
	assert.equal(saved.status(), 303, `the record is saved: ${await mainText(page)}`);
	assert.match(page.url(), /\/development\/\d+/, "saved: on the record's page");
	assert.ok((await mainText(page)).includes("今天所处阶段：发展对象"), "the stage is 发展对象");
	const record = page.url().replace(/\?.*$/, "");

	await page.goto(`${record}/edit`);
	await fill({
		review_date: "2023-06-20", training_hours: "24", notice_start: "2023-07-03", notice_end: "2023-07-07",
		assembly_date: "2023-07-15",
	});
	saved = await submit(page, 'main form:has([name="apply_date"]) button[type="submit"]');
	assert.equal(saved.status(), 303, "the 支部大会 step is saved");
	assert.ok((await mainText(page)).includes("今天所处阶段：预备党员"), "the stage is 预备党员");
	await page.goto(`${URL}/members?q=${encodeURIComponent(NAME)}`);
	let row = page.locator(`main table tr:has-text("${NAME}")`);
	assert.ok((await row.innerText()).includes("预备党员"), "the person is a 预备党员 in the member roster");

	await page.goto(`${record}/edit`);
	await fill({ approval_date: "2023-08-20", full_date: "2024-07-16" });
	saved = await submit(page, 'main form:has([name="apply_date"]) button[type="submit"]');
	assert.equal(saved.status(), 303, "转正 is saved");
	assert.ok((await mainText(page)).includes("今天所处阶段：正式党员"), "the stage is 正式党员");
	await screenshot(page, "development-record");
	await page.goto(`${URL}/members?q=${encodeURIComponent(NAME)}`);
	row = page.locator(`main table tr:has-text("${NAME}")`);
	assert.ok((await row.innerText()).includes("正式党员"), "the person is a 正式党员 in the member roster");
}

// axe-core's rules over the page as it stands; evaluated through the DevTools protocol, which the
// page's CSP (no inline script) does not govern. Fails naming each violation and its first node.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
async function noAxeViolations(page, what) {
	await page.evaluate(AXE);
	const found = await page.evaluate(async () => {
		const r = await window.axe.run(document);
		return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0] && v.nodes[0].target.join(" ")})`);
	});
	assert.deepEqual(found, [], `axe-core finds nothing on ${what}: ${found.join("; ")}`);
}

// A street rates one of its organisations on the rubric form: the total and stars change as it
// types (the page's script), the server saves the same total, and the ranking shows its stars.
async function rating(page) {
	const ORG = env("FGDJ_DEV_ORG");
	const year = new Date().getFullYear();
	const resp = await page.goto(`${URL}/ratings/new?org=${encodeURIComponent(ORG)}&year=${year}`);
	assert.equal(resp.status(), 200, "GET /ratings/new");
	assert.ok((await page.locator("main fieldset legend").count()) >= 7, "six areas and the veto items as fieldsets");
	await noAxeViolations(page, "the scoring form");
	const inputs = page.locator("main form input[data-score]");
	const n = await inputs.count();
	assert.equal(n, 18, "one number input per indicator of the default rubric");
	const total = page.locator("output[data-total]");
	const stars = page.locator("output[data-stars]");
	// Full marks everywhere: 100 points, five stars.
	for (let i = 0; i < n; i++) await inputs.nth(i).fill(await inputs.nth(i).getAttribute("max"));
	assert.equal((await total.innerText()).trim(), "100", "the live total adds the scores");
	assert.equal(await stars.locator("[role=img]").getAttribute("aria-label"), "5 星");
	// 书记选优配强 8 → 0 and 班子结构健全 6 → 0.5: 86.5 points, four stars.
	await inputs.nth(0).fill("0");
	await inputs.nth(1).fill("0.5");
	assert.equal((await total.innerText()).trim(), "86.5", "the total follows each change");
	assert.equal(await stars.locator("[role=img]").getAttribute("aria-label"), "4 星", "the stars follow the total");
	await page.check("main form input[data-veto]");
	assert.ok((await stars.innerText()).includes("否决"), "a veto shows no star");
	await page.uncheck("main form input[data-veto]");
	await screenshot(page, "rating-form");
	await submit(page, 'main form[data-rating] button[type="submit"]');
	assert.match(page.url(), /\/ratings\/ranking\?year=/, "saved: on to the ranking");
	const row = page.locator(`main table tr:has-text("${ORG}")`);
	assert.ok((await row.innerText()).includes("86.5"), "the ranking has the server's total");
	assert.equal(await row.locator(".stars").getAttribute("aria-label"), "4 星", "and its four stars");
	assert.ok((await mainText(page)).includes("评定已保存"));
	await noAxeViolations(page, "the ranking");
	await screenshot(page, "rating-ranking");
}

// A street sets up a 党员先锋岗 in one of its enterprises: the enterprise first, then two of the
// members employed by it ticked (none typed, no full ID number shown); the designation's page names
// both. The dashboard's recognition cards link to their lists, and a venue's page says whether it
// is standard; axe-core finds nothing on any of these pages.
async function designation(page) {
	await page.context().clearCookies();
	await page.goto(`${URL}/login`);
	await page.fill('input[name="username"]', USER);
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(`${URL}/`), page.click('button[type="submit"]')]);
	const card = page.locator('main .card:has(a[href="/figures/venues_standard"] .label:text-is("阵地标准化率")) .value');
	assert.match((await card.innerText()).trim(), /^(\d+\.\d%|—)$/, "the dashboard has the venue standard rate as a card");
	assert.equal(await page.locator('main .card a[href="/figures/orgs_rated"]').count(), 1, "the rated card opens its organisations");
	assert.equal(await page.locator('main .card a[href="/figures/funding_awards"]').count(), 1, "the funding card opens its organisations");
	await noAxeViolations(page, "the dashboard");
	// the rated organisations' page leads on to the ranking, the awards' to the funding totals
	await page.goto(`${URL}/figures/orgs_rated`);
	assert.equal(await page.locator('main a[href="/ratings/ranking"]').count(), 1, "the rated organisations link to the ranking");
	await page.goto(`${URL}/figures/funding_awards`);
	assert.equal(await page.locator('main a[href="/funding/totals"]').count(), 1, "the awards link to the funding totals");
	await page.goto(`${URL}/`);

	const ENT = env("FGDJ_DESIG_ENT");
	let resp = await page.goto(`${URL}/designations/new`);
	assert.equal(resp.status(), 200, "GET /designations/new");
	await page.fill('main form input[name="employer"]', ENT);
	await Promise.all([page.waitForURL(/\/designations\/new\?employer=/), page.click('main form button[type="submit"]')]);
	assert.ok((await mainText(page)).includes(ENT), "the form names the enterprise");
	assert.equal(await page.locator('main form [name="members"]').count(), 0, "members are not typed");
	const boxes = page.locator('main form input[type="checkbox"][name="member"]');
	assert.ok((await boxes.count()) >= 2, "the form lists the members employed by the enterprise");
	// (the enterprise's USCC is 18 characters too: the members' ID numbers are what must be masked)
	for (const id of await page.locator("main form fieldset code").allInnerTexts())
		assert.match(id, /^\d{6}\*+[\dX]{4}$/, "ID numbers are shown masked");
	await noAxeViolations(page, "the designation form");
	const names = [];
	for (const i of [0, 1]) {
		const id = await boxes.nth(i).getAttribute("id");
		names.push((await page.locator(`main form label[for="${id}"]`).innerText()).trim());
		await boxes.nth(i).check();
	}
	await page.selectOption('main form [name="kind"]', "党员先锋岗");
	await page.fill('main form [name="name"]', "浏览器测试党员先锋岗");
	const d = new Date();
	d.setDate(d.getDate() - 1);
	await page.fill('main form [name="granted"]', d.toISOString().slice(0, 10));
	await screenshot(page, "designation-form");
	const saved = await submit(page, 'main form:has([name="granted"]) button[type="submit"]');
	assert.equal(saved.status(), 303, `the designation is saved: ${await mainText(page)}`);
	assert.match(page.url(), /\/designations\/\d+/, "saved: on the designation's page");
	const text = await mainText(page);
	assert.ok(text.includes("浏览器测试党员先锋岗"), "the page shows the designation");
	for (const n of names) assert.ok(text.includes(n), `the designation names ${n}`);
	await noAxeViolations(page, "the designation's page");
	await screenshot(page, "designation");

	resp = await page.goto(`${URL}/venues`);
	assert.equal(resp.status(), 200, "GET /venues");
	await page.locator("main table tbody tr a").first().click();
	await page.waitForURL(/\/venues\/\d+/);
	assert.match(await mainText(page), /按现行标准，这(不)?是标准化党建活动阵地/, "the venue's page says whether it is standard");
	await noAxeViolations(page, "a venue's page");
	await screenshot(page, "venue");
}

// Logs the browser in as another account (the context's cookies are one session).
async function loginAs(page, user) {
	await page.context().clearCookies();
	await page.goto(`${URL}/login`);
	await page.fill('input[name="username"]', user);
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(`${URL}/`), page.click('button[type="submit"]')]);
}

// A district account adopts one group of the joint-branch plan: 采纳 shows the review (the
// organisation, its place and enterprises), 确认组建 founds it and shows it, and the plan no longer
// proposes those enterprises. The street account logs in again afterwards.
async function adoptPlan(page) {
	try {
		await loginAs(page, env("FGDJ_DISTRICT_USER"));
		await page.goto(`${URL}/plan`);
		const adopt = page.locator('main a[href^="/plan/adopt?group="]').first();
		assert.ok(await adopt.count(), "the plan offers 采纳");
		await Promise.all([page.waitForURL(/\/plan\/adopt\?group=/), adopt.click()]);
		const review = await mainText(page);
		assert.match(review, /联合建/, "the review says how the branch is founded");
		const name = await page.locator('main input[name="name"]').getAttribute("value");
		const first = (await page.locator("main ul.adopt-ents li").first().innerText()).trim();
		assert.match(name, /第[一二三四五六七八九十百千零]+联合党支部$/, "a Chinese numeral in the name");
		assert.ok(review.includes(name), "the review names the branch");
		await noAxeViolations(page, "the adoption review");
		await screenshot(page, "plan-adopt-review");
		const resp = await submit(page, 'main button:has-text("确认组建")');
		assert.equal(resp.status(), 303, "the confirmation redirects");
		assert.equal((await page.locator("h1").first().innerText()).trim(), name, "the new organisation's page");
		const uscc = first.replace(/^.*（|）$/g, "");
		assert.ok((await mainText(page)).includes(uscc), "it covers the reviewed enterprises");
		await screenshot(page, "plan-adopted");
		await page.goto(`${URL}/plan`);
		const groups = await page.locator("main section.group").allInnerTexts();
		assert.ok(!groups.some((g) => g.includes(first) && !g.includes("并入现有")), "the plan no longer proposes that group");
	} finally {
		await loginAs(page, USER);
	}
}

// A phone, 390 px wide: no list page is wider than the screen (tables become cards), and the menu
// folds behind one button that opens and closes it.
async function phone(page) {
	await page.setViewportSize({ width: 390, height: 844 });
	try {
		for (const path of ["/enterprises", "/orgs", "/members", "/instructors", "/findings", "/plan"]) {
			const resp = await page.goto(`${URL}${path}`);
			assert.equal(resp.status(), 200, `GET ${path}`);
			const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
			assert.ok(width <= 390, `${path} is ${width} px wide on a 390 px screen`);
			await screenshot(page, `phone${path.replace(/\//g, "-")}`, false); // the screen, not the long page
		}
		await page.goto(`${URL}/enterprises`);
		const cell = page.locator("main table.stackable tbody td[data-label]").first();
		assert.ok(await cell.count(), "the list's cells carry their column's header");
		const toggle = page.locator("header .menu-toggle");
		const nav = page.locator("header nav");
		assert.ok(await toggle.isVisible(), "the menu button shows on a phone");
		assert.equal(await toggle.getAttribute("aria-expanded"), "false");
		assert.ok(!(await nav.isVisible()), "the menu is folded");
		await toggle.click();
		assert.equal(await toggle.getAttribute("aria-expanded"), "true");
		assert.ok(await nav.isVisible(), "the button opens the menu");
		await noAxeViolations(page, "the enterprise list on a phone");
		await screenshot(page, "phone-menu-open", false);
		await Promise.all([page.waitForURL(`${URL}/orgs`), nav.locator('a[href="/orgs"]').click()]);
		await toggle.click();
		await toggle.click();
		assert.ok(!(await nav.isVisible()), "and closes it");
	} finally {
		await page.setViewportSize({ width: 1280, height: 900 });
	}
	assert.ok(!(await page.locator("header .menu-toggle").isVisible()), "no menu button on a wide screen");
}

// A finding's follow-up: from the list to its record's page and back, marked 整改中 with a note
// through its row's form; after a reload the row still says so.
async function findingFollowUp(page) {
	const resp = await page.goto(`${URL}/findings?state=todo`);
	assert.equal(resp.status(), 200, "GET /findings?state=todo");
	const row = page.locator('main tr[id^="f-"]:has(td a)').first();
	const id = await row.getAttribute("id");
	assert.ok(id, "a finding with a record page, still 待整改");
	const link = row.locator("td a").first();
	const href = await link.getAttribute("href");
	assert.match(href, /^\/(enterprises|orgs|members|instructors)\//, "the subject links to its record");
	await Promise.all([page.waitForURL(`${URL}${href}`), link.click()]);
	assert.equal((await page.locator("h1").count()) >= 1, true, "the record's page");
	await page.goBack();
	await page.waitForLoadState("load");
	assert.match(page.url(), /\/findings\?state=todo/, "back on the list");
	const form = page.locator(`#${id} form`);
	await form.locator('select[name="state"]').selectOption("doing");
	await form.locator('input[name="note"]').fill("已约谈企业负责人，限期整改");
	const answer = await submit(page, `#${id} form button[type="submit"]`);
	assert.equal(answer.status(), 303, "the form's POST redirects back");
	// Back on the 待整改 list the finding is gone; the 整改中 list has it, with its note.
	await page.goto(`${URL}/findings?state=doing`);
	const cell = page.locator(`#${id} td.state`);
	assert.match(await cell.innerText(), /整改中[\s\S]*已约谈企业负责人/, "the row says 整改中 with the note");
	await page.reload();
	assert.match(await page.locator(`#${id} td.state`).innerText(), /整改中/, "still 整改中 after a reload");
	await noAxeViolations(page, "the findings with their states");
	await screenshot(page, "finding-follow-up");
}

// Closing an enterprise through its form: 移出台账 with a date and a reason; it leaves the current
// list, shows under 含已撤销 marked with its date, and 恢复 brings it back. An enterprise of the
// street other than the one the other scenarios edit. axe-core finds nothing on the form, the
// closed record's page and the list with 含已撤销.
async function closeEnterprise(page) {
	await page.goto(`${URL}/enterprises`);
	const hrefs = await page.locator('main table tbody tr td a[href^="/enterprises/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
	const href = hrefs.find((h) => !h.includes(encodeURIComponent(USCC)) && !h.includes(USCC));
	assert.ok(href, "an enterprise of the street to close");
	const uscc = decodeURIComponent(href.split("/")[2]);
	const inList = async (closed) => {
		await page.goto(`${URL}/enterprises?q=${encodeURIComponent(uscc)}${closed ? "&closed=1" : ""}`);
		return page.locator(`main table tbody tr:has(a[href="${href}"])`);
	};
	assert.equal(await (await inList(false)).count(), 1, "in the current list before");
	await page.goto(`${URL}${href}`);
	await Promise.all([page.waitForURL(`${URL}${href}/close`), page.locator(`main a.button[href="${href}/close"]`).click()]);
	await noAxeViolations(page, "移出台账的表单");
	const date = page.locator('main input[name="closed"]');
	const day = await date.getAttribute("max"); // today: the latest date the form takes
	await date.fill(day);
	await page.locator('main input[name="closed_reason"]').fill("注销");
	await screenshot(page, "close-form");
	const resp = await submit(page, 'main button:has-text("确认移出台账")');
	assert.equal(resp.status(), 303, "the close redirects to the record");
	assert.match(await mainText(page), new RegExp(`已于 ${day} 移出台账（注销）`), "the record says when and why it was closed");
	await noAxeViolations(page, "移出台账的企业");
	await screenshot(page, "closed-enterprise");
	assert.equal(await (await inList(false)).count(), 0, "gone from the current list");
	const row = await inList(true);
	assert.equal(await row.count(), 1, "listed under 含已撤销");
	assert.match(await row.innerText(), new RegExp(`已移出台账 ${day}`), "marked with its date");
	assert.ok(await page.locator('main input[name="closed"][type="checkbox"]').isChecked(), "the 含已撤销 box is ticked");
	await noAxeViolations(page, "含已撤销的企业列表");
	await screenshot(page, "list-with-closed");
	await Promise.all([page.waitForURL(`${URL}${href}`), row.locator(`a[href="${href}"]`).first().click()]);
	const back = await submit(page, 'main button:has-text("恢复")');
	assert.equal(back.status(), 303, "恢复 redirects to the record");
	assert.ok(!(await mainText(page)).includes("已于"), "no longer closed");
	assert.ok(await page.locator(`main a.button[href="${href}/close"]`).count(), "移出台账 offered again");
	assert.equal(await (await inList(false)).count(), 1, "back in the current list");
}

// The street's dashboard breaks its figures down by community: a party-work cell (星级, 阵地, …)
// opens its community's set with the cell's count; the organisation tree with 含已撤销 is a tree.
// axe-core finds nothing on either.
async function placeSets(page) {
	await page.goto(`${URL}/`);
	const cells = await page.locator('main table.by-group td a[href^="/figures/"]').evaluateAll((as) =>
		as.map((a) => ({ href: a.getAttribute("href"), num: a.textContent.trim() })),
	);
	const cell = cells.find((c) => /\?community=\d+$/.test(c.href) && /^[1-9][0-9]*$/.test(c.num));
	assert.ok(cell, "a nonzero party-work count of a community links to its set");
	await page.locator("main details.by-group summary").first().click();
	await Promise.all([page.waitForURL(`${URL}${cell.href}`), page.locator(`main table.by-group a[href="${cell.href}"]`).first().click()]);
	assert.ok((await mainText(page)).includes(`共 ${cell.num} 条`), `${cell.href} 应为共 ${cell.num} 条`);
	await noAxeViolations(page, "一个社区的统计数字名单");
	await screenshot(page, "figure-by-community");
	await page.goto(`${URL}/orgs?closed=1`);
	assert.ok(await page.locator("main ul.tree").count(), "含已撤销 keeps the tree");
	await noAxeViolations(page, "含已撤销的党组织树");
}

const scenarios = [
	["登录", login],
	["首页每个数字打开它所统计的名单，条数相同", figureLinks],
	["企业台账：筛选和搜索", ledger],
	["党员名册按人员类别筛选后导出 XLSX，文件行数与列表一致且身份证号脱敏；打印视图列出全部", exportList],
	["修改企业：校验错误后改正", edit],
	["导入：有错的文件，再导入正确的文件", importFiles],
	["下载工作报告（DOCX）", report],
	["检查发现和联建方案", findings],
	["检查发现：查看对象台账后返回，标为整改中，刷新后仍是整改中", findingFollowUp],
	["新增企业：街道、社区从列表中选", placeSelects],
	["新增党组织：社区随街道联动，覆盖企业输入后用方向键和回车选取，保存", pickers],
	["长表单宽屏两栏、窄屏一栏", formColumns],
	["书记勾选参会党员登记主题党日，日历由未开展变为已开展", meeting],
	["街道为一名入党申请人登记各步骤，直至转正，党员名册随之变化", development],
	["街道按评分细则为党组织打分，总分和星级即时变化，保存后在排名中看到星级", rating],
	["街道为企业设立党员先锋岗，勾选两名在本企业工作的党员，保存后岗位页列出二人", designation],
	["区级账号采纳联建方案中的一个联合党支部", adoptPlan],
	["企业移出台账（填写日期和原因）后不在当前列表、在“含已撤销”中标明，恢复后回到列表", closeEnterprise],
	["按社区统计表中的党建数字打开该社区的名单，条数相同；含已撤销的党组织仍是树", placeSets],
	["手机宽度（390 px）：列表不超出屏幕，菜单收在一个按钮后", phone],
];

const profile = mkdtempSync(join(WORK, "profile-"));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
	headless: true,
	acceptDownloads: true,
	locale: "zh-CN",
	viewport: { width: 1280, height: 900 },
	args: [
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
	],
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(15000);
const consoleErrors = [];
page.on("console", (m) => {
	// Pages answering 404/422 on purpose are logged as "Failed to load resource": not a fault.
	if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
});

let failed = 0;
let passed = 0;
// FGDJ_SCENARIO=text runs the scenarios whose name contains it (after logging in).
const only = process.env.FGDJ_SCENARIO;
const chosen = scenarios.filter(([name, fn]) => !only || fn === login || name.includes(only));
for (const [name, fn] of chosen) {
	const t0 = Date.now();
	try {
		await fn(page);
		passed += 1;
		console.log(`ok   ${name} (${Date.now() - t0} ms)`);
	} catch (err) {
		failed += 1;
		let file = "";
		try {
			file = await screenshot(page, "FAILED");
		} catch {
			/* the page may be gone */
		}
		console.log(`FAIL ${name}: ${err.message}${file ? `\n     截图：${file}` : ""}\n     页面：${page.url()}`);
	}
}
// The CSP forbids inline script and style: a violation shows up as a console error.
if (consoleErrors.length) {
	failed += 1;
	console.log(`FAIL 浏览器控制台有错误：\n     ${consoleErrors.join("\n     ")}`);
}
await context.close();
console.log(`${passed}/${chosen.length} 个场景通过；截图在 ${ART}`);
process.exit(failed ? 1 : 0);
