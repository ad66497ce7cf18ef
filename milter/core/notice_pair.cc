// notice_pair.cc - the applicant key and the X-SA-Triage-Pair value.
#include "core/notice_pair.h"

#include <array>

#include "core/ascii.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

// Corporate forms, as NFKC writes them (㈱ and （株） are "(株)" by then). Longer first.
constexpr std::array<std::string_view, 26> kCorporateForms{"特定非営利活動法人",
                                                           "一般社団法人",
                                                           "一般財団法人",
                                                           "公益社団法人",
                                                           "公益財団法人",
                                                           "社会福祉法人",
                                                           "株式会社",
                                                           "有限会社",
                                                           "合同会社",
                                                           "合名会社",
                                                           "合資会社",
                                                           "医療法人",
                                                           "学校法人",
                                                           "NPO法人",
                                                           "(一社)",
                                                           "(一財)",
                                                           "(特非)",
                                                           "(株)",
                                                           "(有)",
                                                           "(同)",
                                                           "(名)",
                                                           "(資)",
                                                           "(医)",
                                                           "(福)",
                                                           "(社)",
                                                           "(財)"};

void erase_all(std::string& s, std::string_view what) {
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at)) {
    s.erase(at, what.size());
  }
}

std::string date_of(std::time_t t, const TimeZone& zone) {
  const std::string iso = zone.iso8601(t);
  return iso.size() >= 10 ? iso.substr(0, 10) : iso;
}

}  // namespace

std::string fold_company_name(std::string_view company) {
  std::string s = normalize_for_matching(strip_controls(company, false));
  erase_all(s, "\xE3\x80\x80");  // U+3000, should NFKC have left one
  std::string compact;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n') compact += c;
  }
  for (std::string_view form : kCorporateForms) erase_all(compact, form);
  return ascii_lower(compact);
}

std::string applicant_key(std::string_view applicant_domain, std::string_view company) {
  const std::string domain = ascii_lower(applicant_domain);
  const std::string name = fold_company_name(company);
  if (domain.empty() || name.empty()) return "";
  return domain + "\t" + name;
}

std::string_view partner_notice(std::string_view notice) {
  if (notice == kSecondNotice) return kFirstNotice;
  if (notice == kFirstNotice) return kSecondNotice;
  return "";
}

std::string pair_value(std::string_view notice, const std::optional<NoticeSighting>& partner,
                       const TimeZone& zone) {
  if (notice == kSecondNotice) {
    if (!partner) return "first-notice-not-seen";
    std::string out = "first-notice-seen " + date_of(partner->time, zone);
    if (partner->star > 0) out += " " + std::string(partner->star >= 2 ? "★★" : "★");
    if (!partner->declaration_id.empty()) out += " " + partner->declaration_id;
    return out;
  }
  if (notice == kFirstNotice && partner) {
    return "second-notice-seen " + date_of(partner->time, zone);
  }
  return "";
}

int paired_star(std::string_view notice, const std::optional<NoticeSighting>& partner) {
  return notice == kSecondNotice && partner ? partner->star : 0;
}

}  // namespace sa
