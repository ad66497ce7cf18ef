// charset_readings.cc - readings through iconv_decode, UTF-8 by its own structure, and the choice
// between eucJP-ms and EUC-JIS-2004 for an EUC-JP label. The two differ, for a sequence both
// decode, only by the JIS or Microsoft form of one character (U+301C or U+FF5E for 1-1-33),
// where eucJP-ms has a user-defined (private-use) character and JIS X 0213 a kanji, and at the
// IBM extensions of eucJP-ms (SS3 rows 83-84), which are other kanji in JIS X 0213 plane 2. Only
// the last is a real disagreement: once eucJP-ms fails on a text, a user-defined character in it
// is far likelier a JIS X 0213 kanji than a character nobody else could display.
#include "core/charset_readings.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/byte_structure.h"
#include "core/iconv_decode.h"

namespace sa {
namespace {

// An IBM extension of eucJP-ms: SS3 and a byte of row 83 or 84.
bool ibm_extension(std::string_view ch) {
  const unsigned char row = ch.size() == 3 ? static_cast<unsigned char>(ch[1]) : 0;
  return row == 0xF3 || row == 0xF4;
}

// Whether `reading` decodes an IBM extension of eucJP-ms in `in` (EUC bytes).
bool reads_ibm_extension(std::string_view in, const Reading& reading) {
  std::string scratch;
  for (std::size_t i = 0; i < in.size();) {
    const std::size_t n = broken_char_len(ByteStructure::Euc, in, i);
    const std::string_view ch = in.substr(i, n);
    i += n;
    if (!ibm_extension(ch)) continue;
    scratch.clear();
    if (read_with(reading, ch, scratch) == 0) return true;
  }
  return false;
}

}  // namespace

std::size_t read_with(const Reading& reading, std::string_view in, std::string& out) {
  std::size_t n = iconv_decode(reading.charset, in, out, reading.fallback);
  if (n != kUnknownCharset) return n;
  out.append(kReplacementChar);
  return 1;
}

std::size_t read_with(const Readings& readings, std::string_view in, std::string& out) {
  const std::size_t mark = out.size();
  const std::size_t errors = read_with(readings.primary, in, out);
  if (readings.secondary.charset == nullptr || errors == 0) return errors;
  std::string alt;
  const std::size_t alt_errors = read_with(readings.secondary, in, alt);
  if (alt_errors + count_private_use(alt) >= errors) return errors;
  if (reads_ibm_extension(in, readings.primary)) return errors;
  out.resize(mark);
  out.append(alt);
  return alt_errors;
}

std::size_t read_utf8(std::string_view in, std::string& out) {
  if (is_valid_utf8(in)) {
    out.append(in);
    return 0;
  }
  out.reserve(out.size() + in.size());
  std::size_t errors = 0;
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t start = i;
    while (i < in.size()) {
      std::size_t n = utf8_char_len(in, i);
      if (n == 0) break;
      i += n;
    }
    out.append(in.substr(start, i - start));
    if (i < in.size()) {
      out.append(kReplacementChar);
      ++errors;
      i += broken_char_len(ByteStructure::Utf8, in, i);
    }
  }
  return errors;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // a run of ASCII, eight bytes at a time
      i = ascii_run_end(s, i);
      continue;
    }
    std::size_t n = utf8_char_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t count_private_use(std::string_view utf8) {
  std::size_t n = 0;  // lead bytes EE, and EF before 80-A3: U+E000-U+F8FF
  for (std::size_t i = 0; i + 2 < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xEE || (c == 0xEF && static_cast<unsigned char>(utf8[i + 1]) <= 0xA3)) ++n;
  }
  return n;
}

}  // namespace sa
