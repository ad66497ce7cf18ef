// charset.cc - charset labels to decoders, and RFC 2047 header words. A label names a decoder:
// the ISO-2022-JP family (iso2022jp.h), a Japanese reading or two (charset_readings.h), UTF-8,
// or any other charset glibc iconv knows (iconv_decode.h); no label, an unknown one, or one the
// bytes contradict (8-bit bytes under ISO-2022-JP or US-ASCII) goes to charset_guess.h. None
// invents text: what does not decode is one U+FFFD per character, and the result is lossy. It
// does not normalise text for matching (text_normalize.cc does).
#include "core/charset.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "core/charset_guess.h"
#include "core/charset_readings.h"
#include "core/iconv_decode.h"
#include "core/iso2022jp.h"

namespace sa {
namespace {

constexpr std::size_t kMaxLabel = 64;

enum class Family { Utf8, Ascii, Iso2022Jp, Japanese, Latin1, Other };

struct Label {
  Family family = Family::Other;
  Readings readings{};     // Family::Japanese
  std::string iconv_name;  // Family::Other
};

Label classify(std::string_view raw_label) {
  std::string l;  // lower case, without quotes and blanks
  for (char c : raw_label) {
    if (c == '"' || c == '\'' || c == ' ' || c == '\t') continue;
    l.push_back(ascii_lower(c));
  }
  std::string k;  // and without '-' and '_', for the names below
  for (char c : l) {
    if (c != '-' && c != '_') k.push_back(c);
  }
  auto any = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), k) != names.end();
  };
  auto japanese = [](const Readings& r) { return Label{Family::Japanese, r, {}}; };
  if (any({"utf8", "unicode11utf8", "xunicode20utf8"})) return {Family::Utf8, {}, {}};
  if (any({"usascii", "ascii", "ansix3.41968", "iso646us", "us"})) return {Family::Ascii, {}, {}};
  if (any({"iso2022jp", "csiso2022jp", "xiso2022jp", "cp50220", "cp50221", "cp50222", "iso2022jpms",
           "iso2022jp1", "iso2022jp2", "csiso2022jp2", "iso2022jp3", "iso2022jp2004",
           "iso2022jpext"}))
    return {Family::Iso2022Jp, {}, {}};
  if (any({"shiftjis", "sjis", "xsjis", "mskanji", "csshiftjis", "cp932", "windows31j", "ms932",
           "xmscp932", "cswindows31j"}))
    return japanese(kShiftJis);
  if (any({"shiftjis2004", "shiftjisx0213", "sjis2004", "sjisx0213"}))
    return japanese(kShiftJis2004);
  if (any({"eucjp", "xeucjp", "cseucpkdfmtjapanese", "ujis"})) return japanese(kEucJp);
  if (any({"eucjpms", "eucjpwin"})) return japanese(kEucJpMsOnly);
  if (any({"eucjis2004", "eucjisx0213", "xeucjisx0213"})) return japanese(kEucJis2004);
  if (any({"iso88591", "latin1", "l1"})) return {Family::Latin1, {}, {}};
  Label out{Family::Other, {}, l};
  if (any({"ksc56011987", "ksc5601"})) out.iconv_name = "CP949";
  if (any({"gb2312", "xgbk"})) out.iconv_name = "GBK";
  return out;
}

// Appends `bytes` decoded to `out`; returns how many U+FFFD it wrote.
std::size_t decode_append(std::string_view bytes, std::string_view charset, std::string& out,
                          bool& unknown) {
  if (charset.empty() || charset.size() > kMaxLabel) {
    unknown = !charset.empty();
    return guess_decode(bytes, out);
  }
  const Label label = classify(charset);
  switch (label.family) {
    case Family::Utf8:
      return read_utf8(bytes, out);
    case Family::Ascii:
      if (has_high_bytes(bytes) || has_jis_escape(bytes)) return guess_decode(bytes, out);
      out.append(bytes);
      return 0;
    case Family::Iso2022Jp:
      if (!has_jis_escape(bytes) && has_high_bytes(bytes)) {  // UTF-8 (or Shift_JIS) mislabelled
        return guess_decode(bytes, out, LastResort::Iso2022Jp);
      }
      return iso2022jp_decode(bytes, out);
    case Family::Japanese:
      return read_with(label.readings, bytes, out);
    case Family::Latin1:
      return read_with(kLatin1, bytes, out);
    case Family::Other: {
      std::size_t n = iconv_decode(label.iconv_name, bytes, out);
      if (n != kUnknownCharset) return n;
      unknown = true;
      return guess_decode(bytes, out);
    }
  }
  return 0;
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
  guess_decode(text, out);
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view charset) {
  DecodedText result;
  result.lossy = decode_append(bytes, charset, result.utf8, result.unknown_charset) > 0;
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
    bool unknown = false;
    decode_append(pending, pending_charset, out, unknown);
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
