// desk.cc - the desk's queries (desk.h): one keyset query per page, batches of them for the
// CSV, the applicant by its key.
#include "web/desk.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace sa::web {
namespace {

constexpr std::size_t kBatch = 500;

Cursor cursor_of(const LedgerRow& row) {
  return {static_cast<std::int64_t>(row.entry.time), row.id};
}

std::chrono::sys_days parse_day(const std::string& day) {
  const int y = std::stoi(day.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
  return std::chrono::sys_days(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d});
}

}  // namespace

std::string add_days(const std::string& day, int days) {
  const std::chrono::year_month_day ymd{parse_day(day) + std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string next_day(const std::string& day) { return add_days(day, 1); }

std::string Desk::day_of(std::time_t t) const { return zone_.iso8601(t).substr(0, 10); }

TimeRange Desk::range_of(const DeskFilter& filter) const {
  TimeRange r;
  if (filter.day.empty()) return r;
  r.since = zone_.start_of_day(filter.day);
  if (!r.since) {  // not a real date (2026-02-30): nothing
    r.since = 0;
    r.until = 0;
    return r;
  }
  r.until = zone_.start_of_day(next_day(filter.day));
  return r;
}

std::vector<LedgerRow> Desk::scan(const DeskFilter& filter, std::optional<Cursor> from,
                                  bool newest_first, std::size_t want) {
  std::vector<LedgerRow> out;
  db_.rows(sql_.page(filter, range_of(filter), from, newest_first, want),
           [&](const LedgerRow& row) {
             out.push_back(row);
             return true;
           });
  return out;
}

DeskPage Desk::page(const DeskFilter& filter, const PagePosition& position, std::size_t size) {
  DeskPage page;
  if (position.before) {  // the page newer than a row: read upwards, show newest first
    page.rows = scan(filter, position.before, false, size + 1);
    page.has_newer = page.rows.size() > size;
    if (page.has_newer) page.rows.pop_back();
    std::reverse(page.rows.begin(), page.rows.end());
    page.has_older = true;
  } else if (position.last) {
    page.rows = scan(filter, std::nullopt, false, size + 1);
    page.has_newer = page.rows.size() > size;
    if (page.has_newer) page.rows.pop_back();
    std::reverse(page.rows.begin(), page.rows.end());
  } else {
    page.rows = scan(filter, position.after, true, size + 1);
    page.has_older = page.rows.size() > size;
    if (page.has_older) page.rows.pop_back();
    page.has_newer = position.after.has_value();
  }
  return page;
}

void Desk::each(const DeskFilter& filter, const std::function<void(const LedgerRow&)>& sink) {
  std::optional<Cursor> from;
  const TimeRange range = range_of(filter);
  while (true) {
    std::size_t read = 0;
    db_.rows(sql_.page(filter, range, from, true, kBatch), [&](const LedgerRow& row) {
      ++read;
      from = cursor_of(row);
      sink(row);
      return true;
    });
    if (read < kBatch) break;
  }
}

std::size_t Desk::export_csv(const DeskFilter& filter, const ExportOptions& options,
                             std::ostream& out) {
  std::size_t count = 0;
  write_csv_start(ledger_export_columns(), options, out);
  each(filter, [&](const LedgerRow& row) {
    write_export_row(row, options, zone_, out);
    ++count;
  });
  return count;
}

Applicant Desk::applicant(const std::string& key) {
  Applicant a;
  a.key = key;
  a.domain = key.substr(0, key.find('\t'));
  if (!key.empty()) {
    db_.rows(sql_.applicant(key, kApplicantRows), [&](const LedgerRow& row) {
      a.timeline.push_back(row);
      return true;
    });
  }
  std::vector<std::string> ids;
  for (const LedgerRow& r : a.timeline) {
    const std::string& id = r.entry.declaration_id;
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (ids.size() > 100) ids.resize(100);
  if (!ids.empty()) {
    db_.rows(sql_.other_applicants(ids, a.domain, kApplicantRows), [&](const LedgerRow& row) {
      a.duplicates.push_back(row);
      return true;
    });
  }
  return a;
}

std::vector<DayCounts> Desk::per_day(const std::string& today, int days) {
  std::vector<DayCounts> out;
  for (int i = days - 1; i >= 0; --i) {
    DayCounts d;
    d.day = add_days(today, -i);
    const auto since = zone_.start_of_day(d.day);
    const auto until = zone_.start_of_day(next_day(d.day));
    if (since && until) {
      for (const auto& [verdict, n] : db_.counts(sql_.verdict_counts(*since, *until))) {
        Verdict v;
        if (parse_verdict(verdict, v)) d.by_verdict[v] += n;
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sa::web
