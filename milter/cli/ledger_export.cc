// ledger_export.cc - CSV and JSON-lines writers for ledger rows. Every text is made valid
// UTF-8 first, so a hostile byte in the ledger cannot break a line, a quote or the JSON
// encoder.
#include "cli/ledger_export.h"

#include <nlohmann/json.hpp>

namespace sa {
namespace {

constexpr ExportColumn kColumns[] = {
    {"id", "番号"},
    {"time", "受信日時"},
    {"queue_id", "キューID"},
    {"message_id", "Message-ID"},
    {"envelope_sender", "送信者"},
    {"applicant_domain", "申請者ドメイン"},
    {"declaration_id", "自己宣言ID"},
    {"notice", "通知"},
    {"star", "星"},
    {"verdict", "判定"},
    {"company", "事業者名"},
    {"forward", "転送"},
    {"seen", "既出"},
    {"auth", "認証"},
    {"reasons", "理由"},
    {"programme", "助成制度"},
    {"requirement", "星の要件"},
};

std::string joined(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : " ") + r;
  return out;
}

void write_csv_row(const LedgerRow& row, const TimeZone& zone, std::ostream& out) {
  const LedgerEntry& e = row.entry;
  out << row.id << ',' << zone.iso8601(e.time) << ',' << csv_field(e.queue_id) << ','
      << csv_field(e.message_id) << ',' << csv_field(e.envelope_sender) << ','
      << csv_field(e.applicant_domain) << ',' << csv_field(e.declaration_id) << ','
      << csv_field(e.notice) << ',' << (e.star > 0 ? std::to_string(e.star) : "") << ','
      << to_string(e.verdict) << ',' << csv_field(e.company) << ',' << to_string(e.forward) << ','
      << (row.seen ? to_string(*row.seen) : "") << ',' << csv_field(e.auth) << ','
      << csv_field(joined(e.reasons)) << ',' << csv_field(e.programme) << ','
      << csv_field(e.requirement) << "\r\n";
}

void write_json_row(const LedgerRow& row, const TimeZone& zone, std::ostream& out) {
  const LedgerEntry& e = row.entry;
  nlohmann::ordered_json j;
  j["id"] = row.id;
  j["time"] = zone.iso8601(e.time);
  j["queue_id"] = valid_utf8(e.queue_id);
  j["message_id"] = valid_utf8(e.message_id);
  j["envelope_sender"] = valid_utf8(e.envelope_sender);
  j["applicant_domain"] = valid_utf8(e.applicant_domain);
  j["declaration_id"] = valid_utf8(e.declaration_id);
  j["notice"] = valid_utf8(e.notice);
  j["star"] = e.star > 0 ? nlohmann::ordered_json(e.star) : nullptr;
  j["verdict"] = std::string(to_string(e.verdict));
  j["company"] = valid_utf8(e.company);
  j["forward"] = std::string(to_string(e.forward));
  j["seen"] = row.seen ? nlohmann::ordered_json(std::string(to_string(*row.seen))) : nullptr;
  j["auth"] = valid_utf8(e.auth);
  j["reasons"] = nlohmann::ordered_json::array();
  for (const auto& r : e.reasons) j["reasons"].push_back(valid_utf8(r));
  j["programme"] = valid_utf8(e.programme);
  j["requirement"] = valid_utf8(e.requirement);
  out << j.dump() << '\n';
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

bool parse_export_headings(std::string_view text, ExportHeadings& out) {
  if (text == "en") {
    out = ExportHeadings::English;
  } else if (text == "ja") {
    out = ExportHeadings::Japanese;
  } else {
    return false;
  }
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

void write_csv_start(std::span<const ExportColumn> columns, const ExportOptions& options,
                     std::ostream& out) {
  if (options.format != ExportFormat::Csv) return;
  if (options.bom) out << "\xEF\xBB\xBF";
  std::string header;
  for (const ExportColumn& c : columns) {
    if (!header.empty()) header += ',';
    header += options.headings == ExportHeadings::Japanese ? c.label : c.name;
  }
  out << header << "\r\n";
}

std::size_t export_rows(LedgerReader& reader, const LedgerFilter& filter,
                        const ExportOptions& options, const TimeZone& zone, std::ostream& out) {
  std::size_t count = 0;
  const bool csv = options.format == ExportFormat::Csv;
  write_csv_start(kColumns, options, out);
  reader.rows(filter, [&](const LedgerRow& row) {
    if (csv) {
      write_csv_row(row, zone, out);
    } else {
      write_json_row(row, zone, out);
    }
    ++count;
  });
  out.flush();
  return count;
}

}  // namespace sa
