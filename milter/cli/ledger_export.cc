// ledger_export.cc - CSV and JSON-lines writers for ledger rows, and the --since date.
// Every text is made valid UTF-8 first, so a hostile byte in the ledger cannot break a
// line, a quote or the JSON encoder.
#include "cli/ledger_export.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace sa {
namespace {

constexpr const char* kColumns[] = {"id",
                                    "time",
                                    "queue_id",
                                    "message_id",
                                    "envelope_sender",
                                    "applicant_domain",
                                    "declaration_id",
                                    "notice",
                                    "star",
                                    "verdict",
                                    "company",
                                    "forward"};

bool digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

bool parse_export_format(std::string_view text, ExportFormat& out) {
  if (text == "csv") {
    out = ExportFormat::Csv;
  } else if (text == "json") {
    out = ExportFormat::JsonLines;
  } else {
    return false;
  }
  return true;
}

bool parse_since_date(std::string_view text, std::time_t& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return false;
  std::tm tm{};
  tm.tm_year = std::stoi(std::string(y)) - 1900;
  tm.tm_mon = std::stoi(std::string(m)) - 1;
  tm.tm_mday = std::stoi(std::string(d));
  tm.tm_isdst = -1;
  const int year = tm.tm_year, mon = tm.tm_mon, day = tm.tm_mday;
  const std::time_t t = std::mktime(&tm);
  // mktime normalizes 2025-02-30 to March: a date that moved was not a real one.
  if (t == static_cast<std::time_t>(-1) || tm.tm_year != year || tm.tm_mon != mon ||
      tm.tm_mday != day) {
    return false;
  }
  out = t;
  return true;
}

std::string csv_field(std::string_view raw) {
  std::string text = valid_utf8(raw);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of("\",\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_export_time(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[40];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0) return "";
  const std::string_view s = buf;  // ...+0900 -> ...+09:00
  if (s.size() < 5) return std::string(s);
  std::string out(s.substr(0, s.size() - 2));
  out += ':';
  out += s.substr(s.size() - 2);
  return out;
}

std::size_t export_rows(LedgerReader& reader, const LedgerFilter& filter, ExportFormat format,
                        std::ostream& out) {
  std::size_t count = 0;
  if (format == ExportFormat::Csv) {
    std::string header;
    for (const char* c : kColumns) {
      if (!header.empty()) header += ',';
      header += c;
    }
    out << header << "\r\n";
  }
  reader.rows(filter, [&](const LedgerRow& row) {
    const LedgerEntry& e = row.entry;
    if (format == ExportFormat::Csv) {
      out << row.id << ',' << format_export_time(e.time) << ',' << csv_field(e.queue_id) << ','
          << csv_field(e.message_id) << ',' << csv_field(e.envelope_sender) << ','
          << csv_field(e.applicant_domain) << ',' << csv_field(e.declaration_id) << ','
          << csv_field(e.notice) << ',' << e.star << ',' << to_string(e.verdict) << ','
          << csv_field(e.company) << ',' << to_string(e.forward) << "\r\n";
    } else {
      nlohmann::ordered_json j;
      j["id"] = row.id;
      j["time"] = format_export_time(e.time);
      j["queue_id"] = valid_utf8(e.queue_id);
      j["message_id"] = valid_utf8(e.message_id);
      j["envelope_sender"] = valid_utf8(e.envelope_sender);
      j["applicant_domain"] = valid_utf8(e.applicant_domain);
      j["declaration_id"] = valid_utf8(e.declaration_id);
      j["notice"] = valid_utf8(e.notice);
      j["star"] = e.star;
      j["verdict"] = std::string(to_string(e.verdict));
      j["company"] = valid_utf8(e.company);
      j["forward"] = std::string(to_string(e.forward));
      out << j.dump() << '\n';
    }
    ++count;
  });
  out.flush();
  return count;
}

}  // namespace sa
