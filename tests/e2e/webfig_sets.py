#!/usr/bin/env python3
"""The party-work figures by street and by community: every figure's set restricted to a group of
the breakdown (/figures/KEY?street=ID, ?community=ID, ?district=ID) holds exactly the group's
figure of `fgdj stats --by street` (`--by district` in a city, `--region STREET --by community` for
a street's user), its XLSX export
holds as many rows, and every linked cell of the dashboard's by-group table opens that list with
that count. Run by webfig_sets.sh with a running server; one line per failure, exits 1 on any.

Arguments: FGDJ DB REGIONS URL USER [REGION] — REGIONS is a file of the database's regions, one
"id|name|level" a line (webfig_sets.sh reads it with db_query, on either backend); USER logs in with
secret-pass-1; REGION is the user's scope (a street's name; none for the district)."""
import http.cookiejar
import html
import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

FGDJ, DB, REGIONS, URL, USER = sys.argv[1:6]
REGION = sys.argv[6] if len(sys.argv) > 6 else None
# the figures party_figure_set lists (src/report/party_figures.c ORG_FIGURES, DESIG_FIGURES)
KEYS = ["orgs_rated", "orgs_star_1", "orgs_star_2", "orgs_star_3", "orgs_star_4", "orgs_star_5", "orgs_star_vetoed",
        "orgs_rated_in_year", "funding_awards", "funding_subsidies", "funding_subsidised_orgs",
        "venues_standard", "open_bases", "secretaries_total", "secretaries_dual_strong",
        "secretaries_trained", "designations_model_post", "designations_vanguard_post",
        "designations_responsibility_area"]
MONEY = {"funding_awards", "funding_subsidies"}
fails = checks = 0


def check(cond, msg):
    global checks, fails
    checks += 1
    if not cond:
        fails += 1
        print("FAIL:", msg, file=sys.stderr)


jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
rq = urllib.request.Request(URL + "/api/v1/session", headers={"Content-Type": "application/json"},
                            data=json.dumps({"username": USER, "password": "secret-pass-1"}).encode())
op.open(rq).read()


def get(path):
    try:
        with op.open(URL + path) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def listed(page):
    m = re.search(r"<span>共 (\d+) 条", page)
    return int(m.group(1)) if m else None


def total(page):
    m = re.search(r"，合计 ([0-9.]+) 元。", page)
    return m.group(1) if m else "0.00"


def xlsx_rows(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return len(re.findall(r"<row ", z.read("xl/worksheets/sheet1.xml").decode())) - 1


# the groups of the breakdown and their ids, from the database (not from the pages): a street's
# communities, a district's streets, a city's districts
with open(REGIONS, encoding="utf-8") as f:
    regions = [(int(r[0]), r[1], r[2]) for r in (line.rstrip("\n").split("|") for line in f) if len(r) == 3]
city = any(gid == 1 and lv == "city" for gid, _, lv in regions)
level = "community" if REGION else "district" if city else "street"
args = [FGDJ, "stats", "--db", DB, "--format", "json", "--by", level]
if REGION:
    args += ["--region", REGION]
st = json.loads(subprocess.run(args, check=True, capture_output=True).stdout)
ids = {}
for gid, name, lv in regions:
    if lv == level:
        ids.setdefault(name, []).append(gid)
groups = [g for g in st["groups"] if len(ids.get(g["name"], [])) == 1]
check(len(groups) >= 2, "at least two %s groups with a unique name (%d)" % (level, len(groups)))

# every figure of every group: the list's count (or sum), the export's rows, fgdj stats
for g in groups:
    gid = ids[g["name"]][0]
    for key in KEYS:
        code, body = get("/figures/%s?%s=%d" % (key, level, gid))
        page = body.decode()
        check(code == 200, "%s %s: status %d" % (g["name"], key, code))
        n = listed(page)
        if key in MONEY:
            check(total(page) == g[key], "%s %s: the list's sum %s, fgdj stats %s" % (g["name"], key, total(page), g[key]))
        else:
            check(n == g[key], "%s %s: the list holds %s, fgdj stats %s" % (g["name"], key, n, g[key]))
        check(g["name"] in page, "%s %s: the page names its place" % (g["name"], key))
        check("不在您的工作范围内" not in page, "%s %s: every record in scope" % (g["name"], key))
        m = re.search(r'href="(/figures/%s/export\.xlsx\?[^"]*)"' % key, page)
        check(m and ("%s=%d" % (level, gid)) in html.unescape(m.group(1)), "%s %s: the export keeps the place" % (g["name"], key))
        if m:
            code, data = get(html.unescape(m.group(1)))
            check(code == 200 and xlsx_rows(data) == n, "%s %s: the export holds %s rows" % (g["name"], key, n))

# the dashboard's by-group table: each linked cell of a party figure opens its list with its count
code, body = get("/")
home = body.decode()
cells = 0
for g in groups:
    row = re.search(r'<tr><th scope="row">%s</th>(.*?)</tr>' % re.escape(g["name"]), home)
    check(row, "%s: a row of the dashboard's table" % g["name"])
    if not row:
        continue
    for href, value in re.findall(r'<a href="(/figures/[^"]*)">([^<]*)</a>', row.group(1)):
        href = html.unescape(href)
        cells += 1
        check(href.endswith("?%s=%d" % (level, ids[g["name"]][0])), "%s: %s is the group's list" % (g["name"], href))
        page = get(href)[1].decode()
        key = href.split("/")[2].split("?")[0]
        if key in MONEY:
            check(total(page) == value, "%s %s: the cell %s, the list's sum %s" % (g["name"], href, value, total(page)))
        elif value.endswith("%"):  # venue_standard_rate: its numerator's list over orgs_total
            n, d = listed(page), g["orgs_total"]
            t = (n * 2000 + d) // (2 * d) if d else None
            check(t is not None and "%d.%d%%" % (t // 10, t % 10) == value, "%s %s: the cell %s, %s of %s" % (g["name"], href, value, n, d))
        else:
            check(str(listed(page)) == value, "%s %s: the cell %s, the list %s" % (g["name"], href, value, listed(page)))
check(cells >= 4 * len(groups), "the party figures of the table link (%d cells)" % cells)
print("%d checks, %d failed" % (checks, fails))
sys.exit(1 if fails else 0)
