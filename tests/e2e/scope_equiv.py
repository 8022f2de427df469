#!/usr/bin/env python3
"""Scope equivalence: on the demo district, for every role and every region, the rows a user
reaches through the web pages, the JSON API, the command-line export (--region) and the statistics
are the same set. Run by scope_equiv.sh with a running server; prints one line per failure and a
summary, exits 1 when anything disagrees.

Arguments: FGDJ DB URL USERS_TSV — USERS_TSV lines are "username<TAB>role<TAB>scope" (password
secret-pass-1), scope empty for the district."""
import concurrent.futures
import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.error
import urllib.request

FGDJ, DB, URL, USERS = sys.argv[1:5]
LEDGERS = {
    # ledger: (page path, key of a row in the API and the export)
    "enterprises": ("/enterprises", lambda r: r["uscc"]),
    "orgs": ("/orgs", lambda r: r["name"]),
    "members": ("/members", lambda r: (r["name"], r["idno"])),
    "instructors": ("/instructors", lambda r: (r["name"], r["unit"])),
}
fails = 0
checks = 0


lock = threading.Lock()


def check(cond, msg):
    global checks, fails
    with lock:
        checks += 1
        if not cond:
            fails += 1
            print("FAIL:", msg, file=sys.stderr)


def session(user):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps({"username": user, "password": "secret-pass-1"}).encode()
    rq = urllib.request.Request(URL + "/api/v1/session", data=body, headers={"Content-Type": "application/json"})
    for _ in range(60):
        try:
            with op.open(rq) as r:
                json.load(r)
            return op
        except urllib.error.HTTPError as err:
            # 503: the server checks few passwords at once (Argon2 is costly); come back as told
            if err.code != 503:
                raise
            time.sleep(float(err.headers.get("Retry-After", "1")))
    raise RuntimeError("login %s: the server stayed busy" % user)


def get(op, path):
    with op.open(URL + path) as r:
        return r.read().decode()


def api_keys(op, ledger, key):
    keys, offset, total = [], 0, None
    while total is None or offset < total:
        d = json.loads(get(op, "/api/v1/%s?limit=500&offset=%d" % (ledger, offset)))
        total = d["total"]
        keys += [key(r) for r in d["items"]]
        if not d["items"]:
            break
        offset += len(d["items"])
    check(len(keys) == total, "%s: API total %s but %d rows" % (ledger, total, len(keys)))
    return sorted(keys, key=str)


def page_count(op, path):
    html = get(op, path)
    m = re.search(r"共 (\d+) (?:条|个党组织)", html)
    return int(m.group(1)) if m else 0 if "没有" in html else None


def export_keys(ledger, region, key):
    args = [FGDJ, "export", ledger, "--format", "json", "--db", DB]
    if region:
        args += ["--region", region]
    out = subprocess.run(args, capture_output=True, check=True).stdout
    return sorted((key(r) for r in json.loads(out)), key=str)


def stats_total(region):
    args = [FGDJ, "stats", "--format", "json", "--db", DB]
    if region:
        args += ["--region", region]
    return json.loads(subprocess.run(args, capture_output=True, check=True).stdout)["enterprises_total"]


def compare(user, role, scope):
    op = session(user)
    for ledger, (page, key) in LEDGERS.items():
        who = "%s (%s %s) %s" % (user, role, scope or "全区", ledger)
        api = api_keys(op, ledger, key)
        n = page_count(op, page)
        check(n == len(api), "%s: page says %s, API has %d" % (who, n, len(api)))
        if role == "secretary":
            continue  # the command line's --region names territories, not organisations
        exp = export_keys(ledger, scope, key)
        check(exp == api, "%s: export --region has %d rows, API %d (%d differ)"
              % (who, len(exp), len(api), len(set(map(str, exp)) ^ set(map(str, api)))))
        if ledger == "enterprises":
            check(stats_total(scope) == len(api), "%s: stats enterprises_total differs from the list" % who)


users = [line.rstrip("\n").split("\t") for line in open(USERS, encoding="utf-8") if line.strip()]
with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
    for f in [pool.submit(compare, *u) for u in users]:
        f.result()
print("scope_equiv: %d users, %d checks, %d failed" % (len(users), checks, fails))
sys.exit(1 if fails else 0)
