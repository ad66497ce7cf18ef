// iso2022jp.cc - a state machine for the ISO-2022-JP escapes; the character tables stay iconv's.
// Each designated set is re-coded into an iconv charset whose byte structure is known (JIS X 0208
// pairs into CP932 by the Shift_JIS arithmetic, so NEC row 13 and the IBM extensions of CP50220
// decode; JIS X 0212 and JIS X 0213 plane 2 into EUC-JP / EUC-JISX0213 after SS3; GB 2312,
// KS C 5601 and JIS X 0213 plane 1 into EUC-CN / EUC-KR / EUC-JISX0213; the ISO-8859-7 upper
// half into ISO-8859-7), and runs of one target go to iconv_decode in one call.
// Why not glibc's own ISO-2022-JP-2 / -3 converters: they copy unknown escape sequences into the
// output as text, reject NEC row 13, and -3 does not know ESC $ ( Q (JIS X 0213:2004); after an
// error they cannot say how long the bad character was, so a resync lands inside a pair and
// invents kanji. Here the state is ours, so every character's length is known.
#include "core/iso2022jp.h"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/iconv_decode.h"

namespace sa {
namespace {

constexpr unsigned char kEsc = 0x1B;
constexpr unsigned char kShiftOut = 0x0E;
constexpr unsigned char kShiftIn = 0x0F;

enum class Set {
  None,         // G2 before any designation
  Ascii,        // ESC ( B, and ESC ( H as old encoders use it
  JisRoman,     // ESC ( J: ASCII with YEN SIGN at 5C and OVERLINE at 7E
  Kana,         // ESC ( I, or G1 invoked by SO: JIS X 0201 katakana
  Jis0208,      // ESC $ @, ESC $ B, ESC $ ( @, ESC $ ( B
  Jis0212,      // ESC $ ( D
  Gb2312,       // ESC $ A, ESC $ ( A
  Ksc5601,      // ESC $ ( C
  X0213Plane1,  // ESC $ ( O (2000), ESC $ ( Q (2004)
  X0213Plane2,  // ESC $ ( P
  Latin1,       // G2: ESC . A
  Greek,        // G2: ESC . F
  Lost,         // after an escape we do not know: neither the set nor its width is known, so
                // each run of graphic bytes is one U+FFFD
};

// The iconv charset a run of re-coded bytes is sent to.
enum class Target { Cp932, EucJp, EucCn, EucKr, EucJisx0213, Greek };

const std::string& iconv_name(Target t) {
  static const std::string kNames[] = {"CP932",  "EUC-JP",       "EUC-CN",
                                       "EUC-KR", "EUC-JISX0213", "ISO-8859-7"};
  return kNames[static_cast<int>(t)];
}

bool graphic94(unsigned char c) { return c >= 0x21 && c <= 0x7E; }

// A 7-bit byte that is no escape or shift: text in ASCII, a control or space in every set.
bool plain(unsigned char c) { return c < 0x80 && c != kEsc && c != kShiftOut && c != kShiftIn; }

// Two graphic bytes at in[i]: a whole character of a two-byte set.
bool pair_at(std::string_view in, std::size_t i) {
  return i + 1 < in.size() && graphic94(static_cast<unsigned char>(in[i])) &&
         graphic94(static_cast<unsigned char>(in[i + 1]));
}

// A JIS X 0208 row/cell pair (bytes 21-7E) as its Shift_JIS lead and trail byte, the CP50220
// way.
constexpr std::pair<unsigned, unsigned> jis0208_to_sjis(unsigned c, unsigned c2) {
  return {((c + 1) >> 1) + (c <= 0x5E ? 0x70u : 0xB0u),
          c2 + ((c & 1) ? (c2 >= 0x60 ? 0x20u : 0x1Fu) : 0x7Eu)};
}

class Decoder {
 public:
  explicit Decoder(std::string& out) : out_(out) {}

  std::size_t run(std::string_view in) {
    pending_.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
      const unsigned char c = static_cast<unsigned char>(in[i]);
      if (!shifted_ && g0_ == Set::Ascii && plain(c)) {  // the common cases, a run at a time
        i = ascii_run(in, i);
      } else if (!shifted_ && g0_ == Set::Jis0208 && pair_at(in, i)) {
        i = jis0208_run(in, i);
      } else if (c == kEsc) {
        i += escape(in, i);
      } else if (c == kShiftOut || c == kShiftIn) {
        shifted_ = c == kShiftOut;
        ++i;
      } else if (c >= 0x80) {
        replace();  // no ISO-2022-JP set has 8-bit bytes
        ++i;
      } else if (!graphic94(c)) {
        pending_.push_back(static_cast<char>(c));  // controls and space, in every set
        ++i;
      } else {
        i += character(in, i, shifted_ ? g1_ : g0_);
      }
    }
    flush();
    return errors_;
  }

 private:
  void flush() {
    if (pending_.empty()) return;
    std::size_t n = iconv_decode(iconv_name(target_), pending_, out_);
    pending_.clear();
    if (n == kUnknownCharset) {  // this iconv lacks the table: nothing of the run is readable
      out_.append(kReplacementChar);
      n = 1;
    }
    errors_ += n;
  }

  void put(Target t, std::initializer_list<unsigned> bytes) {
    if (t != target_) {
      flush();
      target_ = t;
    }
    for (unsigned b : bytes) pending_.push_back(static_cast<char>(b));
  }

  void emit(std::string_view utf8) {
    flush();
    out_.append(utf8);
  }

  void replace() {
    emit(kReplacementChar);
    ++errors_;
  }

  // ASCII from in[i] up to the next escape, shift or 8-bit byte; returns where it stops.
  std::size_t ascii_run(std::string_view in, std::size_t i) {
    std::size_t j = i;
    while (j < in.size() && plain(static_cast<unsigned char>(in[j]))) ++j;
    pending_.append(in.substr(i, j - i));
    return j;
  }

  // JIS X 0208 pairs from in[i] (one at least) while both bytes are graphic; returns where it
  // stops. The pairs are re-coded straight into `pending_` (as put_jis0208 does one).
  std::size_t jis0208_run(std::string_view in, std::size_t i) {
    std::size_t end = i;
    do {
      end += 2;
    } while (pair_at(in, end));
    if (target_ != Target::Cp932) {
      flush();
      target_ = Target::Cp932;
    }
    std::size_t at = pending_.size();
    pending_.resize(at + (end - i));
    for (; i < end; i += 2) {
      const auto [lead, trail] =
          jis0208_to_sjis(static_cast<unsigned char>(in[i]), static_cast<unsigned char>(in[i + 1]));
      pending_[at++] = static_cast<char>(lead);
      pending_[at++] = static_cast<char>(trail);
    }
    return end;
  }

  // A JIS X 0208 row/cell pair re-coded to Shift_JIS, the CP50220 way.
  void put_jis0208(unsigned c, unsigned c2) {
    const auto [lead, trail] = jis0208_to_sjis(c, c2);
    put(Target::Cp932, {lead, trail});
  }

  // One character of `set` at in[i] (a byte in 21-7E); returns the bytes it took.
  std::size_t character(std::string_view in, std::size_t i, Set set) {
    const unsigned c = static_cast<unsigned char>(in[i]);
    switch (set) {
      case Set::Ascii:
        pending_.push_back(static_cast<char>(c));
        return 1;
      case Set::JisRoman:
        if (c == 0x5C) {
          emit("\xC2\xA5");
        } else if (c == 0x7E) {
          emit("\xE2\x80\xBE");
        } else {
          pending_.push_back(static_cast<char>(c));
        }
        return 1;
      case Set::Kana:
        if (c <= 0x5F) {
          put(Target::Cp932, {c + 0x80});
        } else {
          replace();
        }
        return 1;
      case Set::None:
      case Set::Latin1:
      case Set::Greek:
        replace();
        return 1;
      case Set::Lost: {
        std::size_t j = i + 1;
        while (j < in.size() && graphic94(static_cast<unsigned char>(in[j]))) ++j;
        replace();
        return j - i;
      }
      default:
        break;
    }
    const unsigned c2 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    if (!graphic94(static_cast<unsigned char>(c2))) {
      replace();  // the first byte of a pair alone; c2 is read on its own
      return 1;
    }
    switch (set) {
      case Set::Jis0208:
        put_jis0208(c, c2);
        break;
      case Set::Jis0212:
        put(Target::EucJp, {0x8F, c | 0x80, c2 | 0x80});
        break;
      case Set::Gb2312:
        put(Target::EucCn, {c | 0x80, c2 | 0x80});
        break;
      case Set::Ksc5601:
        put(Target::EucKr, {c | 0x80, c2 | 0x80});
        break;
      case Set::X0213Plane1:
        put(Target::EucJisx0213, {c | 0x80, c2 | 0x80});
        break;
      case Set::X0213Plane2:
        put(Target::EucJisx0213, {0x8F, c | 0x80, c2 | 0x80});
        break;
      default:
        replace();
        break;
    }
    return 2;
  }

  // ESC N: the next byte is one character of G2.
  std::size_t single_shift(std::string_view in, std::size_t i) {
    if (i + 2 >= in.size()) {
      replace();
      return 2;
    }
    const unsigned c = static_cast<unsigned char>(in[i + 2]);
    if (c < 0x20 || c > 0x7F) {
      replace();
      return 2;
    }
    if (g2_ == Set::Latin1) {  // ISO-8859-1 is U+0080-U+00FF: the upper half needs no table
      const unsigned cp = c | 0x80;
      const char utf8[] = {static_cast<char>(0xC0 | (cp >> 6)),
                           static_cast<char>(0x80 | (cp & 0x3F))};
      emit(std::string_view(utf8, 2));
    } else if (g2_ == Set::Greek) {
      put(Target::Greek, {c | 0x80});
    } else {
      replace();
    }
    return 3;
  }

  // A designation we know; false otherwise.
  bool designate(std::string_view inter, char f) {
    if (inter == "(") {
      if (f == 'B' || f == 'H') return g0(Set::Ascii);
      if (f == 'J') return g0(Set::JisRoman);
      if (f == 'I') return g0(Set::Kana);
    } else if (inter == "$") {
      if (f == '@' || f == 'B') return g0(Set::Jis0208);
      if (f == 'A') return g0(Set::Gb2312);
    } else if (inter == "$(") {
      if (f == '@' || f == 'B') return g0(Set::Jis0208);
      if (f == 'A') return g0(Set::Gb2312);
      if (f == 'C') return g0(Set::Ksc5601);
      if (f == 'D') return g0(Set::Jis0212);
      if (f == 'O' || f == 'Q') return g0(Set::X0213Plane1);
      if (f == 'P') return g0(Set::X0213Plane2);
    } else if (inter == "&" && f == '@') {
      return true;  // announcer of JIS X 0208-1990; ESC $ B follows
    } else if (inter == ")" && f == 'I') {
      g1_ = Set::Kana;  // CP50222: kana in G1, invoked by SO
      return true;
    } else if (inter == ".") {
      if (f == 'A') return g2(Set::Latin1);
      if (f == 'F') return g2(Set::Greek);
    }
    return false;
  }

  bool g0(Set s) {
    g0_ = s;
    return true;
  }
  bool g2(Set s) {
    g2_ = s;
    return true;
  }

  // An escape we do not know, or one cut short. Escape sequences in this code are designations
  // and single shifts, so escape bytes were lost or damaged: neither the set that follows nor
  // its width can be trusted (a cut "ESC $ ( C" reads as "ESC ( " plus the first byte of a
  // pair), nor G2 (a cut "ESC . F" would leave Latin-1 where Greek was meant). G0 and G2, and
  // G1 when the escape named it, are Lost until a designation we know.
  void unknown_escape(std::string_view inter) {
    replace();
    g0_ = Set::Lost;
    g2_ = Set::Lost;
    const char to = inter.size() > 1 && inter[0] == '$' ? inter[1]
                    : inter.empty()                     ? '\0'
                                                        : inter[0];
    if (to == ')' || to == '-') g1_ = Set::Lost;
  }

  // The escape sequence at in[i] (ESC, intermediates 20-2F, a final 30-7E); returns its length.
  std::size_t escape(std::string_view in, std::size_t i) {
    std::size_t j = i + 1;
    while (j < in.size() && in[j] >= 0x20 && in[j] <= 0x2F) ++j;
    const std::string_view inter = in.substr(i + 1, j - i - 1);
    if (j >= in.size() || in[j] < 0x30 || in[j] > 0x7E) {
      unknown_escape(inter);  // cut short: the byte at j is read on its own
      return j - i;
    }
    if (inter.empty() && in[j] == 'N') return single_shift(in, i);
    if (!designate(inter, in[j])) unknown_escape(inter);
    return j - i + 1;
  }

  std::string& out_;
  std::string pending_;  // re-coded bytes for target_, not yet converted
  Target target_ = Target::Cp932;
  std::size_t errors_ = 0;
  Set g0_ = Set::Ascii;
  Set g1_ = Set::Kana;  // SO without ESC ) I: half-width kana, as CP50221 senders use it
  Set g2_ = Set::None;
  bool shifted_ = false;
};

}  // namespace

std::size_t iso2022jp_decode(std::string_view in, std::string& out) {
  Decoder decoder(out);
  return decoder.run(in);
}

}  // namespace sa
