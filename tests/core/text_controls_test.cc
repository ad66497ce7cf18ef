// text_controls_test.cc - the characters that must not reach a header, a log line or a
// terminal unchanged (text_controls.h), and line_safe on hostile text: a Unicode line break
// (NEL, U+2028) must not let a log reader show a forged line.
#include "core/text_controls.h"

#include <glib.h>

#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "core/header_value.h"
#include "hostile_text.h"

namespace sa {

TEST_CASE("controls, bidi controls and invisible characters are named once", "[text_controls]") {
  for (char32_t c : {0x00u, 0x09u, 0x0Au, 0x0Du, 0x1Bu, 0x7Fu, 0x85u, 0x9Bu, 0x2028u, 0x2029u}) {
    CHECK(is_control_char(c));
  }
  for (char32_t c :
       {0x202Au, 0x202Eu, 0x2066u, 0x2067u, 0x2068u, 0x2069u, 0x200Eu, 0x200Fu, 0x061Cu}) {
    CHECK(is_bidi_control(c));
  }
  for (char32_t c : {0x200Bu, 0x200Du, 0x2060u, 0x2064u, 0xFEFFu, 0x00ADu, 0x180Eu, 0xFFF9u}) {
    CHECK(is_invisible_format(c));
  }
  for (char32_t c : {0x20u, 0x41u, 0xA0u, 0x3000u, 0x682Au, 0x1F600u, 0xFF11u}) {
    CHECK_FALSE(is_unsafe_char(c));
  }
}

TEST_CASE("line_safe: a forged log line stays on its line", "[text_controls]") {
  // NEL and U+2028 split a line for Unicode-aware readers; CSI (U+009B) drives terminals.
  const std::string sender =
      "x\xc2\x85sa-triage-milter: info: queue_id=FORGED verdict=verified\xe2\x80\xa8y\xc2\x9b"
      "31m@example.jp";
  const std::string field = line_safe(sender, '_', true);
  CHECK(field == "x_sa-triage-milter:_info:_queue_id=FORGED_verdict=verified_y_31m@example.jp");
  CHECK(line_safe("a\r\nb\tc \xe2\x80\xae"
                  "d",
                  '?', false) == "a??b?c ?d");
  // Invalid UTF-8 bytes are replaced one by one; valid text is kept.
  CHECK(line_safe("\xff\xe3\x81 株式会社", '?', false) == "??? 株式会社");
  // A non-breaking or ideographic space is a space for a key=value field.
  CHECK(line_safe("a\xc2\xa0"
                  "b\xe3\x80\x80"
                  "c",
                  '_', true) == "a_b_c");
}

TEST_CASE("line_safe cuts at whole characters and marks the cut", "[text_controls]") {
  const std::string text = "株式会社サンプル";  // 3 bytes a character
  CHECK(line_safe(text, '_', true, 7) == "株式...");
  CHECK(line_safe(text, '_', true, 100) == text);
}

TEST_CASE("line_safe, on random hostile text: one valid line, nothing unsafe left",
          "[text_controls][property]") {
  const std::vector<std::string>& pieces = sa::test::hostile_pieces();
  std::mt19937 rng(20261204);
  for (int n = 0; n < 50000; ++n) {
    std::string text;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) {
      text += rng() % 5 == 0 ? std::string(1, static_cast<char>(rng() % 256))
                             : pieces[rng() % pieces.size()];
    }
    const bool spaces = rng() % 2 == 0;
    const std::size_t max = rng() % 3 == 0 ? rng() % 12 : std::string::npos;
    const std::string safe = line_safe(text, '?', spaces, max);
    INFO("case " << n);
    REQUIRE(g_utf8_validate(safe.data(), static_cast<gssize>(safe.size()), nullptr));
    if (max != std::string::npos) REQUIRE(safe.size() <= max + 3);
    for (const char* p = safe.c_str(); *p; p = g_utf8_next_char(p)) {
      const gunichar c = g_utf8_get_char(p);
      REQUIRE_FALSE(is_unsafe_char(c));
      if (spaces) REQUIRE_FALSE(g_unichar_isspace(c));
    }
    // Header text agrees: what clean_header_text keeps is safe on a line too.
    const std::string clean = clean_header_text(text, 200);
    REQUIRE(line_safe(clean, '?', false) == clean);
  }
}

}  // namespace sa
