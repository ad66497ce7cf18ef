// desk_ledger_fill.cc - makes SQLite ledgers for the desk's tests with the real ledger code:
//   desk_ledger_fill PATH hostile   records attacker-shaped rows (markup, quotes, RTL
//                                   overrides in companies, domains, IDs) through
//                                   SqliteLedger::record, so sightings are the ledger's own
//   desk_ledger_fill postgresql:CONNINFO hostile   the same in a PostgreSQL ledger
//   desk_ledger_fill PATH count     prints how many rows the ledger holds
//   desk_ledger_fill PATH bulk N    N rows in one transaction with plain SQL (the schema made
//                                   by SqliteLedger first), for the paging benchmark
#include <sqlite3.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

#include "core/notice_pair.h"
#include "ledger/postgresql_ledger.h"
#include "ledger/sqlite_ledger.h"

namespace {

sa::LedgerEntry entry(std::time_t t, const std::string& domain, const std::string& id,
                      const std::string& company, sa::Verdict v, const std::string& notice,
                      int star) {
  sa::LedgerEntry e;
  e.time = t;
  e.queue_id = "Q" + std::to_string(t % 100000);
  e.message_id = "<" + std::to_string(t) + "@" + domain + ">";
  e.envelope_sender = "applicant@" + domain;
  e.applicant_domain = domain;
  e.declaration_id = id;
  e.notice = notice;
  e.star = star;
  e.verdict = v;
  e.company = company;
  e.forward = sa::ForwardStyle::Attachment;
  e.auth = v == sa::Verdict::Verified ? "dkim=pass header.d=ipa.go.jp header.s=sa" : "";
  e.reasons = {"sender=allowed", v == sa::Verdict::Verified ? "dkim=pass" : "forward=inline"};
  e.applicant_key = sa::applicant_key(domain, company);  // as the engine gives it
  e.programme = "東京都<b>助成</b>";
  e.requirement = star >= 2 ? "met" : "not-met";
  return e;
}

// The ledger PATH names: a SQLite file, or postgresql:CONNINFO. A filler waits as long as a
// command does, not the milter's 2 s: a commit slowed by a busy CI disk is no failure here.
template <typename F>
int with_ledger(const std::string& path, F f) {
  constexpr int kWaitMs = 30000;
  if (path.rfind("postgresql:", 0) == 0) {
    sa::PostgresqlLedgerOptions o;
    o.statement_timeout_ms = kWaitMs;
    sa::PostgresqlLedger ledger(path.substr(11), o);
    return f(ledger);
  }
  sa::SqliteLedgerOptions o;
  o.busy_timeout_ms = kWaitMs;
  sa::SqliteLedger ledger(path, o);
  return f(ledger);
}

template <typename Ledger>
int hostile(Ledger& ledger) {
  const std::time_t now = std::time(nullptr);
  using V = sa::Verdict;
  ledger.record(entry(now - 7200, "example.co.jp", "41234567890",
                      "<script>alert('xss')</script>株式会社", V::Suspicious,
                      "declaration-complete", 2));
  ledger.record(entry(now - 7000, "evil.example", "41234567890", "\"><img src=x onerror=alert(1)>",
                      V::Suspicious, "declaration-complete", 2));
  ledger.record(entry(now - 6000, "rtl.example", "40000000001",
                      "\xE2\x80\xAEgnp.exe \xE2\x81\xA6 'quoted' & \"double\"", V::Consistent,
                      "application-accepted", 1));
  sa::LedgerEntry markup = entry(now - 5000, "<b>dom</b>.example", "4<i>1</i>", "普通の会社",
                                 V::Consistent, "declaration-complete", 1);
  markup.reasons = {"<svg/onload=alert(1)>", "id-format=bad"};
  markup.auth = "dkim=fail <script>x</script>";
  ledger.record(markup);
  ledger.record(entry(now - 4000, "abc.example", "41111111111", "ＡＢＣ株式会社", V::Verified,
                      "application-accepted", 2));
  ledger.record(entry(now - 3000, "abc.example", "41111111111", "(株)ABC", V::Verified,
                      "declaration-complete", 2));
  return 0;
}

int bulk(const std::string& path, long long n) {
  { sa::SqliteLedger schema(path); }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN", nullptr, nullptr,
               nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(
      db,
      "INSERT INTO evidence (time, queue_id, message_id, envelope_sender,"
      " applicant_domain, declaration_id, notice, star, verdict, company, forward,"
      " seen, auth, reasons, programme, requirement, applicant_key)"
      " VALUES (?1, 'Q' || ?2, '<' || ?2 || '@bench>',"
      " 'a@d' || (?2 % 5000) || '.example', 'd' || (?2 % 5000) || '.example',"
      " '4' || printf('%010d', ?2 % 400000), ?3, ?4, ?5, '株式会社ベンチ' || (?2 % 5000),"
      " 'attachment', 'first', '', 'sender=allowed', 'ベンチ助成', 'met',"
      " 'd' || (?2 % 5000) || '.example' || char(9) || 'ベンチ' || (?2 % 5000))",
      -1, &ins, nullptr);
  const char* verdicts[] = {"verified", "consistent", "suspicious", "consistent", "error"};
  const long long start = 1'700'000'000;  // spread over the rows, ~30 s apart
  for (long long i = 0; i < n; ++i) {
    sqlite3_bind_int64(ins, 1, start + i * 30);
    sqlite3_bind_int64(ins, 2, i);
    sqlite3_bind_text(ins, 3, i % 2 ? "declaration-complete" : "application-accepted", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(ins, 4, static_cast<int>(i % 2 + 1));
    sqlite3_bind_text(ins, 5, verdicts[i % 5], -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      std::cerr << "insert: " << sqlite3_errmsg(db) << "\n";
      return 1;
    }
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 2 ? argv[2] : "";
  if (mode == "hostile") return with_ledger(argv[1], [](auto& l) { return hostile(l); });
  if (mode == "count") {
    return with_ledger(argv[1], [](auto& l) {
      std::cout << l.row_count() << "\n";
      return 0;
    });
  }
  if (mode == "bulk" && argc > 3) return bulk(argv[1], std::atoll(argv[3]));
  std::cerr << "usage: desk_ledger_fill PATH hostile|count | PATH bulk N\n";
  return 2;
}
