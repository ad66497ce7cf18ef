// desk_paging_bench.cc - the desk's keyset paging on a big SQLite ledger: fills PATH with N
// rows (desk_ledger_fill's bulk insert, one transaction) unless it exists, then times the
// first page, a page in the middle and the last page through Desk::page (what /list runs),
// unfiltered and filtered by verdict, plus a company search and the chart, and prints milliseconds
// per page. It prints; it does not judge (docs/HACKING.md has the command and today's numbers).
//   desk_paging_bench FILL_TOOL PATH N
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "web/desk.h"

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: desk_paging_bench FILL_TOOL PATH ROWS\n";
    return 2;
  }
  const std::string fill = argv[1], path = argv[2];
  const long long n = std::atoll(argv[3]);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string cmd = "'" + fill + "' '" + path + "' bulk " + std::to_string(n);
    if (std::system(cmd.c_str()) != 0) return 1;
    std::printf("filled %lld rows in %.0f ms\n", n, ms_since(t0));
  }
  auto db = sa::web::open_sqlite_desk(path, 5000);
  const auto zone = sa::TimeZone::find("Asia/Tokyo");
  sa::web::Desk desk(*db, *zone);
  const std::size_t size = 50;
  const long long start = 1'700'000'000;
  auto time_page = [&](const char* what, const sa::web::DeskFilter& f, sa::web::PagePosition p) {
    const auto t0 = std::chrono::steady_clock::now();
    const sa::web::DeskPage page = desk.page(f, p, size);
    std::printf("%-34s %3zu rows  %8.2f ms\n", what, page.rows.size(), ms_since(t0));
    return page.rows.size();
  };
  sa::web::DeskFilter all;
  sa::web::DeskFilter suspicious;
  suspicious.verdict = sa::Verdict::Suspicious;
  sa::web::DeskFilter rare;  // one applicant's company in 5,000: read in batches and folded
  sa::web::apply_search("株式会社ベンチ4999", rare);
  sa::web::DeskFilter absent;  // reads every row
  sa::web::apply_search("存在しない会社", absent);
  sa::web::PagePosition middle;
  middle.after = sa::web::Cursor{start + n / 2 * 30, n / 2};
  sa::web::PagePosition last;
  last.last = true;
  std::size_t rows = 0;
  for (int round = 0; round < 2; ++round) {  // the second round runs with a warm cache
    std::printf("round %d (%lld rows, %zu per page)\n", round + 1, n, size);
    rows += time_page("page 1", all, {});
    rows += time_page("middle page (keyset)", all, middle);
    rows += time_page("last page", all, last);
    rows += time_page("page 1, verdict=suspicious", suspicious, {});
    rows += time_page("middle page, verdict=suspicious", suspicious, middle);
    rows += time_page("last page, verdict=suspicious", suspicious, last);
    if (time_page("company search, a rare name", rare, {}) == 0) {
      std::fprintf(stderr, "the company search found none of the rows it should\n");
      return 1;
    }
    time_page("company search, no such name", absent, {});
    const auto t0 = std::chrono::steady_clock::now();
    desk.per_day(desk.day_of(static_cast<std::time_t>(start + n * 30)), 14);
    std::printf("%-34s           %8.2f ms\n", "chart, 14 days", ms_since(t0));
  }
  return rows > 0 ? 0 : 1;
}
