// chart_svg.cc - messages per day by verdict as stacked bars in inline SVG (fill attributes,
// no style or script, so the page's Content-Security-Policy allows it), with a <title> per
// bar for the exact numbers.
#include <algorithm>

#include "web/desk_pages.h"
#include "web/html_escape.h"

namespace sa::web {
namespace {

struct Series {
  Verdict verdict;
  const char* colour;
};

constexpr Series kSeries[] = {{Verdict::Verified, "#0a6b2d"},
                              {Verdict::Consistent, "#1f5fa8"},
                              {Verdict::Suspicious, "#b00020"},
                              {Verdict::Error, "#8a4b00"}};

}  // namespace

std::string render_chart(Lang lang, const std::vector<DayCounts>& days) {
  constexpr int kBar = 22, kGap = 6, kHeight = 100, kTop = 8, kBottom = 34;
  std::int64_t max = 1;
  for (const DayCounts& d : days) {
    std::int64_t total = 0;
    for (const auto& [v, n] : d.by_verdict) total += n;
    max = std::max(max, total);
  }
  const int width = static_cast<int>(days.size()) * (kBar + kGap) + 150;
  std::string s =
      "<svg class=\"chart\" id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      std::to_string(width) + "\" height=\"" + std::to_string(kTop + kHeight + kBottom) +
      "\" role=\"img\" aria-label=\"" + tr(lang, "日別の判定件数", "Messages per day by verdict") +
      "\">";
  int x = 0;
  for (const DayCounts& d : days) {
    int y = kTop + kHeight;
    std::string title = escape_html(d.day);
    for (const Series& series : kSeries) {
      const auto it = d.by_verdict.find(series.verdict);
      const std::int64_t n = it == d.by_verdict.end() ? 0 : it->second;
      title += " " + std::string(to_string(series.verdict)) + "=" + std::to_string(n);
      if (n == 0) continue;
      const int h = std::max(1, static_cast<int>(n * kHeight / max));
      y -= h;
      s += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(kBar) + "\" height=\"" + std::to_string(h) + "\" fill=\"" +
           series.colour + "\"/>";
    }
    s += "<rect class=\"day\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(kTop) +
         "\" width=\"" + std::to_string(kBar) + "\" height=\"" + std::to_string(kHeight) +
         "\" fill=\"transparent\"><title>" + title + "</title></rect>";
    s += "<text x=\"" + std::to_string(x + kBar / 2) + "\" y=\"" +
         std::to_string(kTop + kHeight + 14) + "\" font-size=\"10\" text-anchor=\"middle\">" +
         escape_html(d.day.size() == 10 ? d.day.substr(5) : d.day) + "</text>";
    x += kBar + kGap;
  }
  int ly = kTop + 10;
  for (const Series& series : kSeries) {
    s += "<rect x=\"" + std::to_string(x + 10) + "\" y=\"" + std::to_string(ly - 9) +
         "\" width=\"10\" height=\"10\" fill=\"" + series.colour + "\"/><text x=\"" +
         std::to_string(x + 24) + "\" y=\"" + std::to_string(ly) + "\" font-size=\"11\">" +
         std::string(to_string(series.verdict)) + "</text>";
    ly += 16;
  }
  s += "<text x=\"0\" y=\"" + std::to_string(kTop + kHeight + 30) + "\" font-size=\"10\">" +
       tr(lang, "最大 ", "max ") + std::to_string(max) + tr(lang, " 件/日", "/day") + "</text>";
  return s + "</svg>";
}

}  // namespace sa::web
