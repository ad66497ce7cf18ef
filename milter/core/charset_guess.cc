// charset_guess.cc - the guess, in this order: 7-bit text with JIS escapes is ISO-2022-JP;
// valid UTF-8 is UTF-8, and so is clearly damaged UTF-8 (three valid multi-byte sequences per
// broken stretch: EUC-JP and CP932 text makes about one per stretch); then the first of eucJP-ms
// (unless a byte 80-A0 other than SS2/SS3 rules it out) and CP932 that reads the text without
// U+FFFD or private-use characters (with no label, a user-defined character is no evidence);
// else UTF-8 if it has valid multi-byte sequences and no more broken stretches than the better
// of those two has bad characters; else that one if it is mostly right; else the last resort.
#include "core/charset_guess.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/byte_structure.h"
#include "core/charset_readings.h"
#include "core/iso2022jp.h"

namespace sa {
namespace {

// Non-ASCII characters in UTF-8, U+FFFD included.
std::size_t count_non_ascii(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xC0; }));
}

// Whether `text`, decoded with `errors` U+FFFD and `score` bad characters (U+FFFD and private
// use), is mostly right: at most one bad character per four other non-ASCII characters.
bool mostly(const std::string& text, std::size_t errors, std::size_t score) {
  return score * 4 <= count_non_ascii(text) - errors;
}

// How UTF-8-like bytes are: valid multi-byte sequences, and stretches of broken ones.
struct Utf8Evidence {
  std::size_t multi = 0;
  std::size_t broken = 0;
};

Utf8Evidence utf8_evidence(std::string_view s) {
  Utf8Evidence e;
  bool in_broken = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_char_len(s, i);
    if (n == 0) {
      e.broken += in_broken ? 0 : 1;
      in_broken = true;
      i += broken_char_len(ByteStructure::Utf8, s, i);
      continue;
    }
    e.multi += n > 1 ? 1 : 0;
    in_broken = false;
    i += n;
  }
  return e;
}

}  // namespace

std::size_t guess_decode(std::string_view in, std::string& out, LastResort last) {
  if (has_jis_escape(in) && !has_high_bytes(in)) return iso2022jp_decode(in, out);
  if (is_valid_utf8(in)) {
    out.append(in);
    return 0;
  }
  const Utf8Evidence utf8 = utf8_evidence(in);
  if (utf8.multi >= 3 * utf8.broken) return read_utf8(in, out);
  std::string best;
  std::size_t best_errors = 0;
  std::size_t best_score = static_cast<std::size_t>(-1);  // U+FFFD and private use
  auto consider = [&](const Reading& reading) {
    std::string text;
    std::size_t errors = read_with(reading, in, text);
    std::size_t score = errors + count_private_use(text);
    if (score < best_score) {
      best.swap(text);
      best_errors = errors;
      best_score = score;
    }
  };
  const bool sjis_only_lead = std::any_of(in.begin(), in.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c >= 0x80 && c <= 0xA0 && c != 0x8E && c != 0x8F;
  });
  if (!sjis_only_lead) consider(kEucJpMs);
  if (best_score != 0) consider(kCp932);
  if (best_score != 0 && utf8.multi > 0 && utf8.broken <= best_score) {
    return read_utf8(in, out);
  }
  if (mostly(best, best_errors, best_score)) {
    out.append(best);
    return best_errors;
  }
  if (last == LastResort::Iso2022Jp) return iso2022jp_decode(in, out);
  return read_with(kLatin1, in, out);
}

bool has_jis_escape(std::string_view s) {
  for (std::size_t i = s.find('\x1B'); i != std::string_view::npos && i + 1 < s.size();
       i = s.find('\x1B', i + 1)) {
    char c = s[i + 1];
    if (c == '$' || c == '(' || c == ')' || c == '.' || c == 'N') return true;
  }
  return false;
}

bool has_high_bytes(std::string_view s) { return ascii_run_end(s, 0) < s.size(); }

}  // namespace sa
