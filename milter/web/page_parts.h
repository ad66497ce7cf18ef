// page_parts.h - pieces several pages share: a verdict badge, the ①/② label of a notice, the
// star, a time in the ledger's zone, and the link to an applicant's page. Each escapes what
// it shows.
#pragma once

#include <ctime>
#include <string>

#include "core/time_zone.h"
#include "web/desk_pages.h"

namespace sa::web {

std::string verdict_html(std::string_view verdict);
// ① 自己宣言完了 for declaration-complete, ② 申込受理 for application-accepted, else the name.
std::string notice_html(Lang lang, std::string_view notice);
std::string star_html(int star);
// "2026-12-01 09:30" in the zone.
std::string time_html(const TimeZone& zone, std::time_t t);
// The company name as a link to its applicant's page (the row's applicant key); plain text
// when the row has no key (no domain or no company).
std::string applicant_link(const LedgerEntry& entry, Lang lang);
// The programme and whether the star meets its requirement ("-" when none applied).
std::string requirement_html(Lang lang, const LedgerEntry& entry);

}  // namespace sa::web
