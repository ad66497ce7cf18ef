// web_desk_test.cc - the desk's library without sockets: escaping, the request target and
// form parsing, filters and folding, the SQL (parameters only), keyset paging over a real
// SQLite ledger written by SqliteLedger, the applicant timeline, the CSV export, and the
// request handling of DeskApp (peers, sign-in, CSRF, release rights).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/notice_pair.h"
#include "ledger/sqlite_ledger.h"
#include "web/desk.h"
#include "web/desk_app.h"
#include "web/html_escape.h"
#include "web/reviewer_auth.h"
#include "web/url.h"

using namespace sa;
using namespace sa::web;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/sa-web-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

LedgerEntry entry(std::time_t t, std::string domain, std::string id, std::string company,
                  Verdict v = Verdict::Consistent) {
  LedgerEntry e;
  e.time = t;
  e.applicant_domain = std::move(domain);
  e.declaration_id = std::move(id);
  e.company = std::move(company);
  e.verdict = v;
  e.notice = "declaration-complete";
  e.star = 2;
  e.forward = ForwardStyle::Attachment;
  e.applicant_key = applicant_key(e.applicant_domain, e.company);  // as the engine gives it
  return e;
}

}  // namespace

TEST_CASE("escape_html escapes markup and shows bidi controls", "[web][escape]") {
  CHECK(escape_html("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(escape_html("\"><img src=x onerror=alert(1)>") ==
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  CHECK(escape_html("a & b") == "a &amp; b");
  CHECK(escape_html("\xE2\x80\xAEgnp.exe") == "[U+202E]gnp.exe");
  CHECK(escape_html("\xE2\x81\xA6x\xE2\x81\xA9") == "[U+2066]x[U+2069]");
  CHECK(escape_html("line\r\nbreak\x01") == "line  break ");
  CHECK(escape_html("\xff\xfe") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(escape_html("株式会社テスト") == "株式会社テスト");
}

TEST_CASE("request targets: traversal and encoded dots are refused", "[web][url]") {
  CHECK(parse_target("/list?verdict=suspicious")->path == "/list");
  CHECK(param(parse_target("/list?q=%E6%A0%AA+x")->query, "q") == "株 x");
  CHECK_FALSE(parse_target("/../etc/passwd"));
  CHECK_FALSE(parse_target("/static/%2e%2e/%2e%2e/etc/passwd"));
  CHECK_FALSE(parse_target("/a/./b"));
  CHECK_FALSE(parse_target("//etc"));
  CHECK_FALSE(parse_target("/a%5cb"));
  CHECK_FALSE(parse_target("/a%00"));
  CHECK_FALSE(parse_target("/a%zz"));
  CHECK_FALSE(parse_target("http://evil/"));
  CHECK(url_encode("a b&c=/") == "a%20b%26c%3D%2F");
}

TEST_CASE("filters: only known values pass, the search folds", "[web][filter]") {
  std::vector<std::string> problems;
  const DeskFilter f = parse_desk_filter(
      parse_form("verdict=suspicious&star=2&notice=declaration-complete&dup=1&day=2026-12-01"),
      problems);
  CHECK(problems.empty());
  REQUIRE(f.verdict);
  CHECK(*f.verdict == Verdict::Suspicious);
  CHECK(f.star == 2);
  CHECK(f.duplicates);
  problems.clear();
  const DeskFilter bad = parse_desk_filter(
      parse_form("verdict=' OR 1=1 --&star=3;&notice=a'b&day=x&requirement=met'"), problems);
  CHECK(problems == std::vector<std::string>{"verdict", "notice", "star", "requirement", "day"});
  problems.clear();
  const DeskFilter programme = parse_desk_filter(
      parse_form("programme=%E6%9D%B1%E4%BA%AC%E9%83%BD&requirement=not-met"), problems);
  CHECK(problems.empty());
  CHECK(programme.programme == "東京都");
  CHECK(programme.requirement == "not-met");
  CHECK(filter_query(programme) == "programme=%E6%9D%B1%E4%BA%AC%E9%83%BD&requirement=not-met");
  CHECK_FALSE(bad.verdict);
  CHECK(bad.star == -1);
  CHECK(bad.notice.empty());

  CHECK(fold_company("ＡＢＣ株式会社") == "abc");
  CHECK(fold_company("株式会社 abc") == "abc");
  CHECK(fold_company("(株)ABC") == "abc");
  CHECK(fold_company("㈱ＡＢＣ") == "abc");
  DeskFilter s;
  apply_search("４１２３４５６７８９０", s);
  CHECK(s.declaration_id == "41234567890");
  DeskFilter c;
  apply_search("ＡＢＣ 株式会社", c);
  CHECK(c.company == "abc");
}

TEST_CASE("SQL: every value is a parameter", "[web][sql]") {
  DeskFilter f;
  f.verdict = Verdict::Suspicious;
  f.notice = "x";
  f.declaration_id = "' OR 1=1 --";
  for (Dialect d : {Dialect::Sqlite, Dialect::Postgresql}) {
    const SqlQuery q = SqlBuilder(d).page(f, {}, Cursor{5, 6}, true, 51);
    CHECK(q.text.find("OR 1=1") == std::string::npos);
    REQUIRE(q.params.size() == 5);
    CHECK(q.params[2].text == "' OR 1=1 --");
    CHECK(q.text.find("LIMIT 51") != std::string::npos);
  }
  CHECK(SqlBuilder(Dialect::Postgresql)
            .page(f, {}, Cursor{5, 6}, true, 1)
            .text.find("to_timestamp(") != std::string::npos);
}

TEST_CASE("keyset paging over a SQLite ledger", "[web][paging]") {
  TempDir dir;
  const std::string path = (dir.path / "ledger.sqlite").string();
  {
    SqliteLedger ledger(path);
    for (int i = 0; i < 130; ++i) {
      ledger.record(entry(1'000'000 + i / 2, "d" + std::to_string(i % 3) + ".example",
                          "4" + std::to_string(1000000000 + i % 40), "会社" + std::to_string(i),
                          i % 10 == 0 ? Verdict::Suspicious : Verdict::Consistent));
    }
  }
  auto db = open_sqlite_desk(path, 1000);
  const auto zone = TimeZone::find("UTC");
  Desk desk(*db, *zone);
  DeskFilter all;
  std::vector<std::int64_t> seen;
  PagePosition pos;
  DeskPage page = desk.page(all, pos, 50);
  CHECK_FALSE(page.has_newer);
  while (true) {
    for (const auto& r : page.rows) seen.push_back(r.id);
    if (!page.has_older) break;
    pos = {};
    pos.after = Cursor{page.rows.back().entry.time, page.rows.back().id};
    page = desk.page(all, pos, 50);
    CHECK(page.has_newer);
  }
  REQUIRE(seen.size() == 130);  // every row once, newest first, equal times ordered by id
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] < seen[i - 1]);
  PagePosition last;
  last.last = true;
  const DeskPage tail = desk.page(all, last, 50);
  REQUIRE(tail.rows.size() == 50);
  CHECK(tail.rows.back().id == 1);
  CHECK(tail.has_newer);
  PagePosition back;
  back.before = Cursor{tail.rows.front().entry.time, tail.rows.front().id};
  const DeskPage prev = desk.page(all, back, 50);
  REQUIRE(prev.rows.size() == 50);
  CHECK(prev.rows.back().id == tail.rows.front().id + 1);

  DeskFilter suspicious;
  suspicious.verdict = Verdict::Suspicious;
  CHECK(desk.page(suspicious, {}, 50).rows.size() == 13);
  DeskFilter company;
  apply_search("会社12", company);  // 会社12 and 会社120..129
  CHECK(desk.page(company, {}, 5).rows.size() == 5);
  CHECK(desk.page(company, {}, 50).rows.size() == 11);
  DeskFilter dups;
  dups.duplicates = true;
  for (const auto& r : desk.page(dups, {}, 200).rows) CHECK(r.seen == Sighting::OtherApplicant);
  std::ostringstream csv;
  ExportOptions options;
  CHECK(desk.export_csv(company, options, csv) == 11);
  CHECK(csv.str().rfind("\xEF\xBB\xBFid,time,", 0) == 0);
  options.bom = false;
  std::ostringstream plain;
  desk.export_csv(company, options, plain);
  CHECK(plain.str().rfind("id,time,", 0) == 0);
}

TEST_CASE("an applicant: domain and folded company, duplicates from others", "[web][applicant]") {
  TempDir dir;
  const std::string path = (dir.path / "ledger.sqlite").string();
  {
    SqliteLedger ledger(path);
    ledger.record(entry(100, "abc.example", "41111111111", "ＡＢＣ株式会社"));
    ledger.record(entry(200, "ABC.example", "41111111111", "(株)ABC"));
    ledger.record(entry(300, "abc.example", "42222222222", "別会社"));
    ledger.record(entry(400, "other.example", "41111111111", "ABC"));
  }
  auto db = open_sqlite_desk(path, 1000);
  const auto zone = TimeZone::find("UTC");
  Desk desk(*db, *zone);
  const Applicant a = desk.applicant(applicant_key("abc.example", "株式会社ABC"));
  REQUIRE(a.timeline.size() == 2);
  CHECK(a.timeline[0].entry.time == 100);
  REQUIRE(a.duplicates.size() == 1);
  CHECK(a.duplicates[0].entry.applicant_domain == "other.example");
}

TEST_CASE("a day is midnight to midnight in ledger.time_zone; the chart counts it", "[web][day]") {
  TempDir dir;
  const std::string path = (dir.path / "ledger.sqlite").string();
  // 2026-12-01 00:00 +09:00 is 2026-11-30 15:00 UTC (1796050800).
  constexpr std::time_t kMidnight = 1796050800;
  {
    SqliteLedger ledger(path);
    ledger.record(entry(kMidnight - 1, "a.example", "", "前日"));
    ledger.record(entry(kMidnight, "a.example", "", "当日0時"));
    ledger.record(entry(kMidnight + 86399, "a.example", "", "当日23時59分", Verdict::Suspicious));
    ledger.record(entry(kMidnight + 86400, "a.example", "", "翌日"));
  }
  auto db = open_sqlite_desk(path, 1000);
  const auto zone = TimeZone::find("Asia/Tokyo");
  Desk desk(*db, *zone);
  std::vector<std::string> problems;
  const DeskFilter day = parse_desk_filter(parse_form("day=2026-12-01"), problems);
  const DeskPage page = desk.page(day, {}, 50);
  REQUIRE(page.rows.size() == 2);
  CHECK(page.rows[0].entry.company == "当日23時59分");
  CHECK(page.rows[1].entry.company == "当日0時");
  CHECK(desk.day_of(kMidnight) == "2026-12-01");
  CHECK(desk.page(parse_desk_filter(parse_form("day=2026-02-30"), problems), {}, 50).rows.empty());
  const auto days = desk.per_day("2026-12-02", 3);
  REQUIRE(days.size() == 3);
  CHECK(days[0].day == "2026-11-30");
  CHECK(days[0].by_verdict.at(Verdict::Consistent) == 1);
  CHECK(days[1].by_verdict.at(Verdict::Consistent) == 1);
  CHECK(days[1].by_verdict.at(Verdict::Suspicious) == 1);
  CHECK(days[2].by_verdict.at(Verdict::Consistent) == 1);
  CHECK(add_days("2026-12-31", 1) == "2027-01-01");
  CHECK(add_days("2028-03-01", -1) == "2028-02-29");
}

TEST_CASE("the web keys load and are checked", "[web][config]") {
  const std::string notices = "notices: [{ name: x, subject: 'x' }]\n";
  const auto c = load_config_text(notices +
                                      "web: { listen: '[::1]:8443', auth: proxy, "
                                      "trusted_proxies: [10.0.0.5], proxy_user_header: X-User, "
                                      "release_group: '' }\n",
                                  "t.yaml");
  CHECK(c->web_listen == "[::1]:8443");
  CHECK(c->web_auth == Config::WebAuth::Proxy);
  CHECK(c->web_trusted_proxies == std::vector<std::string>{"10.0.0.5"});
  CHECK(c->web_proxy_user_header == "X-User");
  CHECK(c->web_release_group.empty());
  const auto d = load_config_text(notices, "t.yaml");
  CHECK(d->web_listen == "127.0.0.1:9796");
  CHECK(d->web_auth == Config::WebAuth::Loopback);
  CHECK(d->web_release_group == "sa-review");
  CHECK_THROWS_WITH(load_config_text(notices + "web: { listen: nowhere }\n", "t.yaml"),
                    Catch::Contains("t.yaml:2: web.listen"));
  CHECK_THROWS_WITH(load_config_text(notices + "web: { auth: open }\n", "t.yaml"),
                    Catch::Contains("web.auth"));
  CHECK_THROWS_WITH(load_config_text(notices + "web: { proxy_user_header: 'X User' }\n", "t.yaml"),
                    Catch::Contains("must be a header name"));
  CHECK_THROWS_WITH(load_config_text(notices + "web: { listn: x }\n", "t.yaml"),
                    Catch::Contains("web.listn"));
}

TEST_CASE("passwords are Argon2id; the reviewer file is checked", "[web][auth]") {
  const std::string hash = hash_password("correct horse");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(verify_password(hash, "correct horse"));
  CHECK_FALSE(verify_password(hash, "wrong"));
  CHECK_FALSE(verify_password("$2y$10$abcdefghijklmnopqrstuv", "x"));
  CHECK(parse_reviewer_file("# c\nalice:sa-review,x:" + hash + "\n", "f")[0].groups ==
        std::vector<std::string>{"sa-review", "x"});
  CHECK_THROWS(parse_reviewer_file("bob:g:plain\n", "f"));
  CHECK(is_loopback("127.0.0.1"));
  CHECK(is_loopback("127.9.9.9"));
  CHECK(is_loopback("::1"));
  CHECK(is_loopback("::ffff:127.0.0.1"));
  CHECK_FALSE(is_loopback("10.0.0.1"));
  CHECK_FALSE(is_loopback("::ffff:10.0.0.1"));
  CHECK(cookie_value("a=1; sa_desk=xyz; b=2", "sa_desk") == "xyz");
  CHECK(cookie_value("xsa_desk=1", "sa_desk").empty());
}

TEST_CASE("DeskApp: peers, sign-in, CSRF and release rights", "[web][app]") {
  TempDir dir;
  const std::string ledger_path = (dir.path / "ledger.sqlite").string();
  { SqliteLedger ledger(ledger_path); }
  const std::string users = (dir.path / "reviewers").string();
  std::ofstream(users) << "alice:sa-review:" << hash_password("pw-alice") << "\n"
                       << "bob:other:" << hash_password("pw-bob") << "\n";
  Config config;
  config.ledger_path = ledger_path;
  config.ledger_time_zone = "UTC";
  std::ostringstream log;
  auto db = open_sqlite_desk(ledger_path, 1000);

  SECTION("loopback: local peers only, read-only") {
    ReviewerAuth auth(config);
    DeskApp app(config, *db, nullptr, auth, log);
    CHECK(app.handle({"GET", "/list", {}, "", "127.0.0.1"}).status == 200);
    CHECK(app.handle({"GET", "/list", {}, "", "192.0.2.7"}).status == 403);
    CHECK(app.handle({"GET", "/../etc/passwd", {}, "", "127.0.0.1"}).status == 400);
    CHECK(app.handle({"GET", "/%2e%2e/etc/passwd", {}, "", "127.0.0.1"}).status == 400);
    CHECK(app.handle({"GET", "/static/x.png", {}, "", "127.0.0.1"}).status == 404);
    const HttpResponse post = app.handle({"POST",
                                          "/held/release",
                                          {{"content-type", "application/x-www-form-urlencoded"}},
                                          "qid=ABC&csrf=" + auth.csrf_token(Reviewer{}),
                                          "127.0.0.1"});
    CHECK(post.status == 403);
  }
  SECTION("password: sign in, CSRF, group") {
    config.web_auth = Config::WebAuth::Password;
    config.web_password_file = users;
    ReviewerAuth auth(config);
    DeskApp app(config, *db, nullptr, auth, log);
    const std::map<std::string, std::string> form{
        {"content-type", "application/x-www-form-urlencoded"}};
    CHECK(app.handle({"GET", "/list", {}, "", "192.0.2.7"}).status == 303);  // to /login
    CHECK(app.handle({"POST", "/login", form, "name=alice&password=nope", "192.0.2.7"}).status ==
          403);
    const HttpResponse in =
        app.handle({"POST", "/login", form, "name=alice&password=pw-alice", "192.0.2.7"});
    REQUIRE(in.status == 303);
    std::string cookie;
    for (const auto& [n, v] : in.headers) {
      if (n == "Set-Cookie") cookie = v;
    }
    CHECK(cookie.find("Secure") != std::string::npos);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    const std::string session = cookie.substr(8, cookie.find(';') - 8);
    CHECK(session.size() == 64);
    auto with_cookie = form;
    with_cookie["cookie"] = "sa_desk=" + session;
    CHECK(app.handle({"GET", "/list", with_cookie, "", "192.0.2.7"}).status == 200);
    const Reviewer alice{"alice", {"sa-review"}, session};
    // No token, a wrong token, a token of another session: refused before anything runs.
    CHECK(app.handle({"POST", "/held/release", with_cookie, "qid=ABC", "192.0.2.7"}).status == 403);
    CHECK(
        app.handle({"POST", "/held/release", with_cookie, "qid=ABC&csrf=00", "192.0.2.7"}).status ==
        403);
    CHECK(
        app.handle({"POST", "/held/release", with_cookie,
                    "qid=ABC&csrf=" + auth.csrf_token(Reviewer{"alice", {}, "other"}), "192.0.2.7"})
            .status == 403);
    // The right token passes the CSRF check (no hold queue here: 503).
    CHECK(app.handle({"POST", "/held/release", with_cookie,
                      "qid=ABC&csrf=" + auth.csrf_token(alice), "192.0.2.7"})
              .status == 503);
    auto cross = with_cookie;
    cross["origin"] = "https://evil.example";
    cross["host"] = "desk.example";
    CHECK(app.handle({"POST", "/held/release", cross, "qid=ABC&csrf=" + auth.csrf_token(alice),
                      "192.0.2.7"})
              .status == 403);
    CHECK_FALSE(auth.may_release(Reviewer{"bob", {"other"}, "s"}));
    // Five failures from one address: the sixth attempt is not even checked, the right
    // password included; another address still signs in.
    for (int i = 0; i < ReviewerAuth::kMaxFailures; ++i) {
      CHECK(
          app.handle({"POST", "/login", form, "name=bob&password=guess", "198.51.100.9"}).status ==
          403);
    }
    CHECK(app.handle({"POST", "/login", form, "name=bob&password=pw-bob", "198.51.100.9"}).status ==
          429);
    CHECK(
        app.handle({"POST", "/login", form, "name=bob&password=pw-bob", "198.51.100.10"}).status ==
        303);
    CHECK(auth.may_release(alice));
  }
  SECTION("proxy: trusted proxy only, user from its header") {
    config.web_auth = Config::WebAuth::Proxy;
    config.web_trusted_proxies = {"10.0.0.5"};
    ReviewerAuth auth(config);
    DeskApp app(config, *db, nullptr, auth, log);
    CHECK(app.handle({"GET", "/list", {{"x-forwarded-user", "carol"}}, "", "10.0.0.6"}).status ==
          403);
    CHECK(app.handle({"GET", "/list", {}, "", "10.0.0.5"}).status == 401);
    const HttpResponse ok =
        app.handle({"GET", "/list", {{"x-forwarded-user", "carol"}}, "", "10.0.0.5"});
    CHECK(ok.status == 200);
    CHECK(ok.body.find("carol") != std::string::npos);
  }
}
