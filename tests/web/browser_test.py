#!/usr/bin/env python3
"""browser_test.py - a reviewer's day at the desk in headless Chromium ("web: browser, ...").

Sets up what production has: sa-triage-milter with an SQLite ledger behind a private,
loopback-only Postfix with the hold route (tests/postfix: postfix_instance.sh and the
e2e_test.py helpers), every samples/*.eml sent over SMTP, plus one suspicious sample whose
Subject carries markup. Then the real sa-triage-web (web.auth password, a reviewer file made
with --hash-password) over that ledger and hold queue, driven by Debian's chromium and
chromedriver through python3-selenium, and checks what a reviewer sees:

- sign-in (a wrong password refused, the right one accepted);
- 一覧: one row per ledger row (up to a page), the chart, the verdict filter narrowing the
  rows to suspicious ones (as many as the ledger has), the programme and requirement
  filters (the grant address is made a programme wanting ★★), the company search, the CSV
  link;
- 申請者: the timeline of an applicant reached from the list;
- 保留: every held message, the markup subject shown as text, the 利用者番号 masked although
  the milter was told to write it whole (privacy.user_number: full), a POST without the
  CSRF token refused with nothing released, a release through the page and its delivery
  checked in the Maildir, a delete through the page;
- the English pages (lang=en).

Screenshots of each page go to --screenshots (CI artefacts). Needs root (Postfix), chromium,
chromedriver and python3-selenium: exit 77 (skipped) when one is missing, 1 on a failure.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def without_block(text, name):
    """YAML text without its top-level block `name` (cut by indentation, as e2e_test does)."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "#", "\n", ""):
            skipping = line.split(":", 1)[0] == name
        if not skipping:
            kept.append(line)
    return "".join(kept)


def main():
    ap = argparse.ArgumentParser()
    for name in ("web", "milter", "cli", "samples", "config", "instance", "screenshots"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.instance)))
    import e2e_test as e2e  # the Postfix end-to-end helpers: config, SMTP, Maildir, queue

    if os.geteuid() != 0:
        print("browser_test: skipped: needs root (a private Postfix instance)")
        return SKIP
    for tool in ("postfix", "postqueue", "postcat", "chromium", "chromedriver"):
        if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/bin") is None:
            print(f"browser_test: skipped: {tool} not installed")
            return SKIP
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service as ChromeService
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select, WebDriverWait
    except ImportError:
        print("browser_test: skipped: python3-selenium not installed")
        return SKIP

    checks = e2e.Checks()
    check = checks.check
    os.makedirs(args.screenshots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="sa-web-browser-")
    os.chmod(tmp, 0o755)
    pf = os.path.join(tmp, "postfix")
    etc = os.path.join(pf, "etc")
    sock = os.path.join(tmp, "milter.sock")
    ledger_dir = os.path.join(tmp, "ledger")
    os.makedirs(ledger_dir)
    shutil.chown(ledger_dir, "nobody")  # the milter drops to nobody (e2e.test_config)
    ledger = os.path.join(ledger_dir, "ledger.sqlite")
    procs = []
    postfix_started = False
    driver = None

    def stop_all(*_):
        nonlocal postfix_started, driver
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
            driver = None
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        procs.clear()
        if postfix_started:
            subprocess.run([args.instance, "stop", pf], timeout=60)
            postfix_started = False

    def on_signal(signum, _frame):
        print(f"browser_test: stopped by signal {signum}", flush=True)
        stop_all()
        sys.exit(128 + signum)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
        signal.signal(s, on_signal)
    signal.alarm(280)

    try:
        # --- the milter, recording into the ledger, behind Postfix -------------------------
        cfg_text = without_block(e2e.test_config(args.config, sock), "web")
        cfg_text = cfg_text.replace("\nledger:\n  backend: none\n",
                                    f"\nledger:\n  backend: sqlite\n  path: {ledger}\n")
        cfg_text = cfg_text.replace("  user_number: mask ", "  user_number: full ")
        # The grant address is a programme that wants ★★: rows get programme and requirement.
        cfg_text, n = re.subn(
            r"(?m)^  recipients: \[.*\]$",
            f"  recipients: [{{ address: {e2e.GRANT}, programme: {e2e.PROGRAMME}, min_star: 2 }}]",
            cfg_text)
        check(n == 1, "test config makes the grant address a programme")
        check("user_number: full" in cfg_text and ledger in cfg_text, "test config made")
        password = "desk-pass-4711"
        hashed = subprocess.run([args.web, "--hash-password"], input=password + "\n",
                                capture_output=True, text=True, timeout=30).stdout.strip()
        users = os.path.join(tmp, "reviewers")
        with open(users, "w") as f:
            f.write(f"hanako:sa-review:{hashed}\n")
        cfg_text += f"\nweb:\n  auth: password\n  password_file: {users}\n  release_group: sa-review\n"
        cfg = os.path.join(tmp, "sa-triage.yaml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(cfg_text)
        os.chmod(cfg, 0o644)

        def start(name, command, ready_file):
            """Starts `command` logging to TMP/NAME.log; False when it exits before
            `ready_file` appears."""
            log_file = open(os.path.join(tmp, name + ".log"), "wb")
            p = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
            procs.append(p)
            if e2e.wait_for(lambda: os.path.exists(ready_file) or p.poll() is not None, 20) \
                    and p.poll() is None:
                return True
            print(open(log_file.name, errors="replace").read())
            return check(False, f"{name} starts")

        if not start("milter", [args.milter, "--config", cfg, "--socket", f"unix:{sock}"], sock):
            return 1
        port = e2e.free_port()
        rc = subprocess.run([args.instance, "start", pf, str(port), f"unix:{sock}", "tempfail"],
                            timeout=60).returncode
        postfix_started = True
        if not check(rc == 0, "private Postfix starts"):
            return 1

        samples = sorted(f[:-4] for f in os.listdir(args.samples) if f.endswith(".eml"))
        verdicts = {}
        for name in samples:
            with open(os.path.join(args.samples, name + ".eml"), "rb") as f:
                data = f.read()
            outcome, detail = e2e.send(port, [e2e.GRANT], data)
            check(outcome == "accepted", f"{name}: accepted", f"{outcome} {detail}")
            exp = os.path.join(args.samples, name + ".expected")
            verdicts[name] = e2e.read_expected(exp).get("verdict", "") if os.path.exists(exp) else ""
        # A suspicious sample whose outer Subject is markup: held, and shown on 保留.
        evil_subject = b"<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        base = next(n for n in samples if verdicts[n] == "suspicious")
        with open(os.path.join(args.samples, base + ".eml"), "rb") as f:
            data = f.read()
        data = re.sub(rb"(?mi)^Subject:[^\r\n]*(\r?\n[ \t][^\r\n]*)*", b"Subject: " + evil_subject,
                      data, count=1)
        outcome, _ = e2e.send(port, [e2e.GRANT], data)
        check(outcome == "accepted", "the markup-subject message is accepted")
        rc = subprocess.run([args.instance, "flush", pf, "60"], timeout=90).returncode
        check(rc == 0, "queue drains (only held mail left)")
        held, _ = e2e.hold_queue(etc)
        check(len(held) >= 2, "at least two messages are held", len(held))
        full_numbers = set()
        for raw in held.values():
            for v in e2e.triage_headers(raw).get("x-sa-triage-user-number", []):
                n = v.decode(errors="replace").strip()
                if re.fullmatch(r"[0-9]{11}", n):
                    full_numbers.add(n)
        check(full_numbers, "held mail carries full 利用者番号 headers (privacy.user_number: full)")

        import sqlite3

        def ledger_counts():
            with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True) as db:
                return (db.execute("SELECT count(*) FROM evidence").fetchone()[0],
                        db.execute("SELECT count(*) FROM evidence WHERE verdict = 'suspicious'")
                        .fetchone()[0])

        # The milter commits its rows in batches, at most ledger.flush_interval_ms (200) after
        # each message: all mail has passed it, so wait until the count stops changing.
        counts, deadline = ledger_counts(), time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = ledger_counts()
            if now == counts:
                break
            counts = now
        ledger_rows, suspicious_rows = counts
        check(ledger_rows > 10, "the milter recorded the evidence", ledger_rows)

        # --- the desk ----------------------------------------------------------------------
        port_file = os.path.join(tmp, "web.port")
        if not start("web", [args.web, "--config", cfg, "--listen", "127.0.0.1:0",
                             "--postfix-config", etc, "--port-file", port_file], port_file):
            return 1
        web_port = int(open(port_file).read())
        base_url = f"http://127.0.0.1:{web_port}"

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1400,1000", f"--user-data-dir={os.path.join(tmp, 'chrome')}",
                  "--lang=ja"):
            options.add_argument(a)
        driver = webdriver.Chrome(service=ChromeService(executable_path=shutil.which("chromedriver")),
                                  options=options)
        driver.set_page_load_timeout(30)

        def replaced(old_html):
            """Whether the page that held old_html has been replaced. Chromedriver reports a
            node of a page just replaced as stale, or now and then as one that "does not
            belong to the document": both mean the new page is there."""
            try:
                old_html.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as e:
                if "does not belong to the document" in str(e):
                    return True
                raise

        def submit(element):
            """Clicks a button or link that loads a page, and waits for the new page."""
            html = driver.find_element(By.TAG_NAME, "html")
            for attempt in range(3):
                try:
                    element.click()
                    break
                except WebDriverException as e:
                    # chromedriver now and then loses a node it has just scrolled to: again
                    if attempt == 2 or "does not belong to the document" not in str(e):
                        raise
                    time.sleep(0.3)
            WebDriverWait(driver, 20).until(lambda d: replaced(html))
            WebDriverWait(driver, 20).until(
                lambda d: d.execute_script("return document.readyState") == "complete")

        def shot(name):
            driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))

        def rows(table="rows"):
            return driver.find_elements(By.CSS_SELECTOR, f"table#{table} tr.row")

        driver.get(base_url + "/list")
        check(driver.current_url.endswith("/login"), "not signed in: the login page", driver.current_url)
        driver.find_element(By.NAME, "name").send_keys("hanako")
        driver.find_element(By.NAME, "password").send_keys("wrong")
        submit(driver.find_element(By.CSS_SELECTOR, "form.login button"))
        check(driver.find_elements(By.ID, "login-failed"), "a wrong password is refused")
        shot("login")
        driver.find_element(By.NAME, "name").clear()
        driver.find_element(By.NAME, "name").send_keys("hanako")
        driver.find_element(By.NAME, "password").send_keys(password)
        submit(driver.find_element(By.CSS_SELECTOR, "form.login button"))
        check(driver.current_url.endswith("/list"), "signed in: the list", driver.current_url)
        check(driver.find_element(By.ID, "reviewer").text == "hanako", "the reviewer's name shows")
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja", "lang=ja")

        listed = rows()
        check(len(listed) == min(ledger_rows, 50), "one row per ledger row",
              f"{len(listed)} rows, ledger {ledger_rows}")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart rect")) > 4, "the chart has bars")
        check(driver.find_elements(By.CSS_SELECTOR, "tr.day th"), "rows are grouped by day")
        ipa = driver.find_element(By.CSS_SELECTOR, "a.ext").get_attribute("href")
        check(ipa == "https://security-shien.ipa.go.jp/security/search/index.html", "IPA search link", ipa)
        shot("list")

        Select(driver.find_element(By.NAME, "verdict")).select_by_value("suspicious")
        submit(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        narrowed = rows()
        check(len(narrowed) == suspicious_rows and 0 < len(narrowed) < len(listed),
              "the verdict filter narrows to the suspicious rows", f"{len(narrowed)} of {suspicious_rows}")
        check(all(r.find_element(By.CSS_SELECTOR, "td:nth-child(2)").text == "suspicious"
                  for r in narrowed), "every narrowed row is suspicious")
        shot("list-suspicious")
        csv_href = driver.find_element(By.ID, "csv").get_attribute("href")
        check("verdict=suspicious" in csv_href, "the CSV link carries the filter", csv_href)
        driver.get(base_url + "/list")
        programme = Select(driver.find_element(By.NAME, "programme"))
        check([o.text for o in programme.options][1:] == [e2e.PROGRAMME],
              "the programme filter offers the configured programme",
              [o.get_attribute("value") for o in programme.options])
        programme.select_by_index(1)
        Select(driver.find_element(By.NAME, "requirement")).select_by_value("not-met")
        submit(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        not_met = rows()
        check(0 < len(not_met) < len(listed), "the requirement filter narrows the rows",
              f"{len(not_met)} of {len(listed)}")
        check(all(e2e.PROGRAMME in r.find_element(By.CSS_SELECTOR, "td.requirement").text and
                  r.find_element(By.CSS_SELECTOR, "td:nth-child(4)").text != "★★" for r in not_met),
              "every row not meeting ★★ is of the programme and has less than ★★")

        driver.get(base_url + "/list")
        companies = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "td.company a")
                     if c.text and not c.text.startswith("(")]
        check(companies, "rows show companies")
        company = companies[0]
        box = driver.find_element(By.NAME, "q")
        box.send_keys(company)
        submit(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        found = rows()
        check(found and len(found) <= len(listed), "the company search finds rows", len(found))
        check(all(company in r.find_element(By.CSS_SELECTOR, "td.company").text for r in found),
              f"every row found is {company}")

        submit(found[0].find_element(By.CSS_SELECTOR, "td.company a"))
        check("/applicant?" in driver.current_url, "the company links to the applicant page")
        timeline = rows("timeline")
        check(timeline, "the applicant's timeline has rows")
        check(driver.find_elements(By.ID, "pair"), "the ①/② summary shows")
        check(all(company in r.text for r in timeline), "the timeline is this applicant's")
        shot("applicant")

        driver.get(base_url + "/held")
        held_rows = rows("held")
        check(len(held_rows) == len(held), "保留 lists every held message", f"{len(held_rows)} of {len(held)}")
        page = driver.page_source
        for n in full_numbers:
            check(n not in page, f"the full 利用者番号 …{n[-4:]} is not on the page")
        check(any(re.fullmatch(r"\*+[0-9]{4}", s.text)
                  for s in driver.find_elements(By.CSS_SELECTOR, "span.user-number")),
              "利用者番号 shows masked")
        evil = [r for r in held_rows if "<script>alert(1)</script>" in r.find_element(By.CSS_SELECTOR, "td.subject").text]
        check(len(evil) == 1, "the markup subject shows as text")
        shot("held")

        # Raw bytes of the same page, and a POST without the token, with the browser's session.
        session = driver.get_cookie("sa_desk")
        check(session is not None and session.get("httpOnly") and session.get("secure"),
              "the session cookie is HttpOnly and Secure", session)
        cookie = f"sa_desk={session['value']}" if session else ""

        def raw(method, target, body=None):
            conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=30)
            headers = {"Cookie": cookie}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, target, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r.read()

        status, body = raw("GET", "/held")
        check(status == 200 and b"<script>alert" not in body and b"<img src=x" not in body,
              "the 保留 page's bytes carry no markup from the subject")
        victim = sorted(held)[0]
        status, _ = raw("POST", "/held/release", f"qid={victim}")
        check(status == 403, "release without a CSRF token is 403", status)
        status, _ = raw("POST", "/held/release", f"qid={victim}&csrf={'0' * 64}")
        check(status == 403, "release with a wrong CSRF token is 403", status)
        check(victim in e2e.hold_queue(etc)[0], "nothing was released by those")

        row = next(r for r in rows("held") if r.get_attribute("data-qid") == victim)
        submit(row.find_element(By.CSS_SELECTOR, "button.release"))
        check(victim in driver.find_element(By.ID, "done").text, "the page says it released it")
        shot("held-released")
        rc = subprocess.run([args.instance, "flush", pf, "60"], timeout=90).returncode
        delivered = [m for m in e2e.maildir_files(os.path.join(pf, "maildir")).get(
            "grant.example.lg.jp/hojokin", []) if e2e.received_queue_id(m) == victim]
        check(len(delivered) == 1, f"released {victim} is delivered to the Maildir", len(delivered))
        check(victim not in e2e.hold_queue(etc)[0], "released message left the hold queue")
        log_text = open(os.path.join(tmp, "web.log"), errors="replace").read()
        check(f"released {victim} reviewer=hanako" in log_text, "the release is logged with the reviewer")

        remaining = [r.get_attribute("data-qid") for r in rows("held")]
        if check(remaining, "messages are still held"):
            gone = remaining[0]
            row = next(r for r in rows("held") if r.get_attribute("data-qid") == gone)
            submit(row.find_element(By.CSS_SELECTOR, "button.delete"))
            check(gone not in e2e.hold_queue(etc)[0], f"deleted {gone} is no longer held")

        submit(driver.find_element(By.ID, "lang"))
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "English pages")
        driver.get(base_url + "/list")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Evidence", "the list in English")
        shot("list-en")
    finally:
        stop_all()
        if checks.failed:
            for name in ("web.log", "milter.log"):
                p = os.path.join(tmp, name)
                if os.path.exists(p):
                    print(f"--- {name}\n" + open(p, errors="replace").read()[-3000:])
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"browser_test: {checks.passed} checks passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
