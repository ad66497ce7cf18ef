// notice_pair.h - notice ① (自己宣言完了のお知らせ, template declaration-complete) and ②
// (申込受理のご連絡, application-accepted, sent 1-2 weeks later) of one applicant, linked
// through the ledger by an applicant key: the sender domain and the company name folded
// (NFKC, corporate forms such as 株式会社, ㈱, (株), 有限会社 and white space removed, ASCII
// lower-cased). What the X-SA-Triage-Pair header says, and which star ② is judged by, is
// decided here; the ledger only finds rows. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/evidence_ledger.h"
#include "core/time_zone.h"

namespace sa {

inline constexpr std::string_view kFirstNotice = "declaration-complete";   // ①
inline constexpr std::string_view kSecondNotice = "application-accepted";  // ②

// The company name as the applicant key compares it: "株式会社 サンプル", "(株)サンプル" and
// "ｻﾝﾌﾟﾙ㈱" all give "サンプル". "" when nothing is left.
std::string fold_company_name(std::string_view company);

// "domain<TAB>folded company" (domain lower-cased); "" when either is empty.
std::string applicant_key(std::string_view applicant_domain, std::string_view company);

// The notice the ledger is searched for when `notice` arrives: ① for ②, ② for ①, "" for
// any other notice (no pairing).
std::string_view partner_notice(std::string_view notice);

// The X-SA-Triage-Pair value for `notice` given the partner the ledger found (dates in
// `zone`):
//   ②, ① found:      "first-notice-seen 2026-11-10 ★★ 40000000001" (the ID as stored)
//   ②, none found:   "first-notice-not-seen"
//   ①, ② found:      "second-notice-seen 2026-11-20" (② came first: the ① is late)
//   ①, none found:   "" (the usual order: ② follows later)
std::string pair_value(std::string_view notice, const std::optional<NoticeSighting>& partner,
                       const TimeZone& zone);

// The star ②'s requirement is judged by: that of the ① found (0 when none, or for ①).
int paired_star(std::string_view notice, const std::optional<NoticeSighting>& partner);

}  // namespace sa
