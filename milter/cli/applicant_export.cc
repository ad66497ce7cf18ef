// applicant_export.cc - CSV and JSON-lines writers for the per-applicant list.
#include "cli/applicant_export.h"

#include <nlohmann/json.hpp>

namespace sa {
namespace {

constexpr ExportColumn kColumns[] = {
    {"applicant_domain", "申請者ドメイン"},
    {"company", "事業者名"},
    {"first_notices", "自己宣言完了の件数"},
    {"first_notice_time", "自己宣言完了の受信日時"},
    {"first_notice_stars", "星"},
    {"declaration_ids", "自己宣言ID"},
    {"first_notice_verdicts", "自己宣言完了の判定"},
    {"second_notices", "申込受理の件数"},
    {"second_notice_time", "申込受理の受信日時"},
    {"second_notice_verdicts", "申込受理の判定"},
    {"paired", "両方あり"},
    {"duplicates", "重複"},
    {"programmes", "助成制度"},
    {"requirement", "星の要件"},
};

std::string time_of(const NoticeSummary& n, const TimeZone& zone) {
  return n.count > 0 ? zone.iso8601(n.first_time) : "";
}

std::vector<std::string> verdict_words(const NoticeSummary& n) {
  std::vector<std::string> out;
  for (Verdict v : n.verdicts) out.emplace_back(to_string(v));
  return out;
}

std::vector<std::string> star_words(const NoticeSummary& n) {
  std::vector<std::string> out;
  for (int s : n.stars) out.push_back(std::to_string(s));
  return out;
}

std::string spaced(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

bool paired(const ApplicantSummary& a) { return a.first.trustworthy && a.second.trustworthy; }

void write_csv_row(const ApplicantSummary& a, const TimeZone& zone, std::ostream& out) {
  out << csv_field(a.applicant_domain) << ',' << csv_field(a.company) << ',' << a.first.count << ','
      << time_of(a.first, zone) << ',' << spaced(star_words(a.first)) << ','
      << csv_field(spaced(a.first.declaration_ids)) << ',' << spaced(verdict_words(a.first)) << ','
      << a.second.count << ',' << time_of(a.second, zone) << ',' << spaced(verdict_words(a.second))
      << ',' << (paired(a) ? "yes" : "no") << ',' << a.duplicates << ','
      << csv_field(spaced(a.programmes)) << ',' << csv_field(a.requirement) << "\r\n";
}

nlohmann::ordered_json strings(const std::vector<std::string>& list) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& s : list) j.push_back(valid_utf8(s));
  return j;
}

void write_json_row(const ApplicantSummary& a, const TimeZone& zone, std::ostream& out) {
  nlohmann::ordered_json j;
  j["applicant_domain"] = valid_utf8(a.applicant_domain);
  j["company"] = valid_utf8(a.company);
  j["first_notices"] = a.first.count;
  j["first_notice_time"] = a.first.count ? nlohmann::ordered_json(time_of(a.first, zone)) : nullptr;
  j["first_notice_stars"] = a.first.stars;
  j["declaration_ids"] = strings(a.first.declaration_ids);
  j["first_notice_verdicts"] = verdict_words(a.first);
  j["second_notices"] = a.second.count;
  j["second_notice_time"] =
      a.second.count ? nlohmann::ordered_json(time_of(a.second, zone)) : nullptr;
  j["second_notice_verdicts"] = verdict_words(a.second);
  j["paired"] = paired(a);
  j["duplicates"] = a.duplicates;
  j["programmes"] = strings(a.programmes);
  j["requirement"] = a.requirement.empty() ? nullptr : nlohmann::ordered_json(a.requirement);
  out << j.dump() << '\n';
}

}  // namespace

std::size_t export_applicants(LedgerReader& reader, const LedgerFilter& filter,
                              const ExportOptions& options, const TimeZone& zone,
                              std::ostream& out) {
  const std::vector<ApplicantSummary> applicants = summarize_applicants(reader, filter);
  const bool csv = options.format == ExportFormat::Csv;
  write_csv_start(kColumns, options, out);
  for (const ApplicantSummary& a : applicants) {
    if (csv) {
      write_csv_row(a, zone, out);
    } else {
      write_json_row(a, zone, out);
    }
  }
  out.flush();
  return applicants.size();
}

}  // namespace sa
