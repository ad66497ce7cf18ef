// desk_pages.h - the desk's pages as HTML text, Japanese (lang=ja) or English: the frame
// (navigation, who is signed in, the language switch), 一覧 with its filters, chart and
// paging links, 申請者, 保留, sign-in and error pages. Every value from the ledger, the queue
// or the request passes through escape_html (html_escape.h); nothing here reads a database
// or a socket. The pages need no JavaScript.
#pragma once

#include <string>
#include <vector>

#include "web/desk.h"
#include "web/held_desk.h"

namespace sa::web {

enum class Lang { Ja, En };

// Text in the page's language.
inline const char* tr(Lang lang, const char* ja, const char* en) {
  return lang == Lang::Ja ? ja : en;
}

// What every page's frame shows.
struct Frame {
  Lang lang = Lang::Ja;
  std::string title;
  std::string self;      // this page's target, for the language switch
  std::string reviewer;  // "" when nobody is signed in
  bool signed_in = false;
  std::string csrf;  // for the sign-out form
};

// The whole document around `body`.
std::string render_frame(const Frame& frame, const std::string& body);

// 一覧: the filter form, the chart, one page of rows grouped by day, the paging links and the
// CSV link.
struct ListView {
  DeskFilter filter;
  std::vector<std::string> problems;    // filter parameters left out
  std::vector<std::string> notices;     // notice names for the filter
  std::vector<std::string> programmes;  // grant programmes (scope.recipients) for the filter
  DeskPage page;
  std::vector<DayCounts> chart;
};
std::string render_list(const Frame& frame, const ListView& view, const Desk& desk,
                        const TimeZone& zone);

// 申請者: one applicant's ① and ② with everything recorded, and other applicants with the
// same 自己宣言ID.
std::string render_applicant(const Frame& frame, const Applicant& applicant, const TimeZone& zone);

// 保留: the held messages, with release and delete buttons when `may_release`.
struct HeldView {
  std::vector<HeldMessage> held;
  bool may_release = false;
  std::string notice;  // what was just done, or why not
  std::string error;   // the queue could not be read
};
std::string render_held(const Frame& frame, const HeldView& view, std::time_t now);

std::string render_login(const Frame& frame, bool failed);
std::string render_error(const Frame& frame, const std::string& message);

// The chart alone: messages per day by verdict, stacked bars in inline SVG.
std::string render_chart(Lang lang, const std::vector<DayCounts>& days);

// The stylesheet served at /desk.css.
const std::string& desk_css();

// IPA's public search of self-declared businesses (自己宣言事業者検索), from the seed notice.
inline constexpr const char* kIpaSearchUrl =
    "https://security-shien.ipa.go.jp/security/search/index.html";

}  // namespace sa::web
