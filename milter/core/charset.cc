// charset.cc - decode declared (or undeclared) charsets to UTF-8 and RFC 2047 header words.
// Japanese mail is the hard case: the ISO-2022-JP family, every designation of it, has its own
// decoder (iso2022jp.h), CP50220-style so NEC row 13 (①, ㈱), IBM extensions and half-width
// kana survive. Each undecodable character becomes one U+FFFD (iconv_decode.h) and the rest of
// the text is kept. Every path is linear in the input. It
// does not normalise text for matching (text_normalize.cc does).
#include "core/charset.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/byte_structure.h"
#include "core/iconv_decode.h"
#include "core/iso2022jp.h"

namespace sa {
namespace {

constexpr std::string_view kReplacement = kReplacementChar;
constexpr std::size_t kMaxLabel = 64;

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8_char_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool has_high_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// An ISO-2022-JP designation or single shift: ESC followed by $ ( ) . or N.
bool has_jis_escape(std::string_view s) {
  for (std::size_t i = s.find('\x1B'); i != std::string_view::npos && i + 1 < s.size();
       i = s.find('\x1B', i + 1)) {
    char c = s[i + 1];
    if (c == '$' || c == '(' || c == ')' || c == '.' || c == 'N') return true;
  }
  return false;
}

// UTF-8 with each ill-formed sequence (its maximal subpart) replaced by one U+FFFD.
void utf8_append_lossy(std::string_view s, std::string& out, bool& lossy) {
  out.reserve(out.size() + s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size()) {
      std::size_t n = utf8_char_len(s, i);
      if (n == 0) break;
      i += n;
    }
    out.append(s.substr(start, i - start));
    if (i < s.size()) {
      out.append(kReplacement);
      lossy = true;
      i += broken_char_len(ByteStructure::Utf8, s, i);
    }
  }
}

// iconv_decode; strict: false, writing nothing, when a character does not decode.
bool convert_with(const std::string& iconv_name, std::string_view in, std::string& out, bool strict,
                  bool& lossy) {
  std::string text;
  std::size_t errors = iconv_decode(iconv_name, in, text);
  if (errors == kUnknownCharset || (strict && errors > 0)) return false;
  lossy = lossy || errors > 0;
  out.append(text);
  return true;
}

enum class Family { Utf8, Ascii, Iso2022Jp, Cp932, EucJp, Latin1, Other };

struct Label {
  Family family = Family::Other;
  std::string iconv_name;  // for Other
};

Label classify(std::string_view raw_label) {
  std::string l;
  for (char c : raw_label) {
    if (c == '"' || c == '\'' || c == ' ' || c == '\t') continue;
    l.push_back(ascii_lower(c));
  }
  Label out;
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") {
    out.family = Family::Utf8;
  } else if (l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968" || l == "iso646-us" ||
             l == "us") {
    out.family = Family::Ascii;
  } else if (l == "iso-2022-jp" || l == "csiso2022jp" || l == "iso2022jp" || l == "cp50220" ||
             l == "cp50221" || l == "cp50222" || l == "iso-2022-jp-ms" || l == "x-iso-2022-jp" ||
             l == "iso-2022-jp-1" || l == "iso-2022-jp-2" || l == "iso-2022-jp-3" ||
             l == "iso-2022-jp-2004" || l == "iso-2022-jp-ext" || l == "csiso2022jp2") {
    out.family = Family::Iso2022Jp;
  } else if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "cp932" ||
             l == "windows-31j" || l == "ms932" || l == "ms_kanji" || l == "csshiftjis" ||
             l == "x-ms-cp932" || l == "cswindows31j" || l == "shift_jisx0213") {
    out.family = Family::Cp932;
  } else if (l == "euc-jp" || l == "eucjp" || l == "x-euc-jp" || l == "cseucpkdfmtjapanese" ||
             l == "eucjp-ms" || l == "euc-jp-ms" || l == "eucjp-win" || l == "x-eucjp") {
    out.family = Family::EucJp;
  } else if (l == "iso-8859-1" || l == "latin1" || l == "iso8859-1" || l == "l1") {
    out.family = Family::Latin1;
  } else {
    out.family = Family::Other;
    out.iconv_name = l;
    if (l == "ks_c_5601-1987" || l == "ks_c_5601") out.iconv_name = "CP949";
    if (l == "gb2312" || l == "x-gbk") out.iconv_name = "GBK";
  }
  return out;
}

// Undeclared or unknown bytes: ISO-2022-JP if 7-bit with JIS escapes, UTF-8 if valid,
// EUC-JP if it decodes strictly and has no Shift_JIS-only lead bytes, then CP932,
// else ISO-8859-1.
void guess_append(std::string_view in, std::string& out, bool& lossy) {
  if (has_jis_escape(in) && !has_high_bytes(in)) {
    lossy = iso2022jp_decode(in, out) > 0 || lossy;
    return;
  }
  if (is_valid_utf8(in)) {
    out.append(in);
    return;
  }
  std::size_t mark = out.size();
  bool sjis_only_lead = std::any_of(in.begin(), in.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c >= 0x80 && c <= 0xA0 && c != 0x8E && c != 0x8F;
  });
  bool ignored = false;
  if (!sjis_only_lead && convert_with("EUC-JP-MS", in, out, true, ignored)) return;
  out.resize(mark);
  if (convert_with("CP932", in, out, true, ignored)) return;
  out.resize(mark);
  if (!sjis_only_lead && convert_with("EUC-JP", in, out, true, ignored)) return;
  out.resize(mark);
  convert_with("ISO-8859-1", in, out, false, lossy);
}

void decode_append(std::string_view bytes, std::string_view charset, std::string& out, bool& lossy,
                   bool& unknown) {
  if (charset.empty() || charset.size() > kMaxLabel) {
    unknown = !charset.empty();
    guess_append(bytes, out, lossy);
    return;
  }
  Label label = classify(charset);
  std::size_t mark = out.size();
  switch (label.family) {
    case Family::Utf8:
      utf8_append_lossy(bytes, out, lossy);
      return;
    case Family::Ascii:
      if (has_high_bytes(bytes) || has_jis_escape(bytes)) {
        guess_append(bytes, out, lossy);
      } else {
        out.append(bytes);
      }
      return;
    case Family::Iso2022Jp:
      if (!has_jis_escape(bytes) && has_high_bytes(bytes)) {
        guess_append(bytes, out, lossy);  // UTF-8 (or Shift_JIS) mislabelled
        return;
      }
      lossy = iso2022jp_decode(bytes, out) > 0 || lossy;
      return;
    case Family::Cp932:
      convert_with("CP932", bytes, out, false, lossy);
      return;
    case Family::EucJp:
      convert_with("EUC-JP-MS", bytes, out, false, lossy);
      return;
    case Family::Latin1:
      convert_with("ISO-8859-1", bytes, out, false, lossy);
      return;
    case Family::Other:
      if (convert_with(label.iconv_name, bytes, out, false, lossy)) return;
      out.resize(mark);
      unknown = true;
      guess_append(bytes, out, lossy);
      return;
  }
}

int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Lenient base64: skips characters outside the alphabet, stops at '=', ignores a dangling
// final sextet.
void base64_append(std::string_view in, std::string& out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    if (ch == '=') break;
    int v = base64_value(static_cast<unsigned char>(ch));
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
}

void q_append(std::string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    char ch = in[i];
    if (ch == '_') {
      out.push_back(' ');
    } else if (ch == '=' && i + 2 < in.size() &&
               hex_value(static_cast<unsigned char>(in[i + 1])) >= 0 &&
               hex_value(static_cast<unsigned char>(in[i + 2])) >= 0) {
      out.push_back(static_cast<char>(hex_value(static_cast<unsigned char>(in[i + 1])) * 16 +
                                      hex_value(static_cast<unsigned char>(in[i + 2]))));
      i += 2;
    } else {
      out.push_back(ch);
    }
  }
}

struct EncodedWord {
  std::string_view charset;  // language suffix removed
  char encoding = 'B';
  std::string_view text;
  std::size_t end = 0;  // index just past "?="
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Parses "=?charset?X?text?=" at s[pos]. The scan stops at the third '?' so repeated
// attempts stay linear overall.
bool parse_word(std::string_view s, std::size_t pos, EncodedWord& w) {
  std::size_t i = pos + 2;
  std::size_t cs_start = i;
  while (i < s.size() && s[i] != '?' && !is_space(s[i])) ++i;
  if (i >= s.size() || s[i] != '?' || i == cs_start) return false;
  std::string_view cs = s.substr(cs_start, i - cs_start);
  if (auto star = cs.find('*'); star != std::string_view::npos) cs = cs.substr(0, star);
  if (cs.empty()) return false;
  ++i;
  if (i + 1 >= s.size() || s[i + 1] != '?') return false;
  char enc = static_cast<char>(s[i] & ~0x20);
  if (enc != 'B' && enc != 'Q') return false;
  i += 2;
  std::size_t text_start = i;
  while (i < s.size() && s[i] != '?' && !is_space(s[i])) ++i;
  if (i + 1 >= s.size() || s[i] != '?' || s[i + 1] != '=') return false;
  w.charset = cs;
  w.encoding = enc;
  w.text = s.substr(text_start, i - text_start);
  w.end = i + 2;
  return true;
}

// Header text outside encoded words: raw 8-bit is UTF-8 if valid, else guessed.
void raw_header_append(std::string_view text, std::string& out) {
  if (!has_high_bytes(text) && !has_jis_escape(text)) {
    out.append(text);
    return;
  }
  bool lossy = false;
  guess_append(text, out, lossy);
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view charset) {
  DecodedText result;
  decode_append(bytes, charset, result.utf8, result.lossy, result.unknown_charset);
  return result;
}

std::string decode_rfc2047(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::string pending;  // decoded bytes of adjacent words sharing one charset
  std::string_view pending_charset;
  bool have_pending = false;
  auto flush = [&] {
    if (!have_pending) return;
    bool lossy = false;
    bool unknown = false;
    decode_append(pending, pending_charset, out, lossy, unknown);
    pending.clear();
    have_pending = false;
  };
  std::size_t i = 0;
  std::size_t literal_from = 0;  // start of text not yet emitted
  while (i < raw.size()) {
    std::size_t p = raw.find("=?", i);
    if (p == std::string_view::npos) break;
    EncodedWord w;
    if (!parse_word(raw, p, w)) {
      i = p + 2;
      continue;
    }
    std::string_view between = raw.substr(literal_from, p - literal_from);
    bool only_space = std::all_of(between.begin(), between.end(), is_space);
    if (!(have_pending && only_space)) {
      flush();
      raw_header_append(between, out);
    }
    if (have_pending && !ascii_iequals(pending_charset, w.charset)) flush();
    if (!have_pending) {
      pending_charset = w.charset;
      have_pending = true;
    }
    if (w.encoding == 'B') {
      base64_append(w.text, pending);
    } else {
      q_append(w.text, pending);
    }
    i = w.end;
    literal_from = w.end;
  }
  flush();
  raw_header_append(raw.substr(literal_from), out);
  return out;
}

}  // namespace sa
