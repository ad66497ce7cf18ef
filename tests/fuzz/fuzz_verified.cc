// fuzz_verified.cc - libFuzzer target for the `verified` invariant: when sa::Engine (shipped
// config, the test DKIM keys and S/MIME CA of tests/auth/fixtures, the real authenticator) says
// `verified`, the notice, star, 自己宣言ID and company it reports are exactly those IPA signed,
// i.e. one of the genuine signed fixtures' tuples (kGenuine). The EditPlan must also be safe, as
// for fuzz_engine. A structure-aware mutator changes the genuine seeds the way an attacker
// would while keeping the signature valid: duplicated or forged header fields (a second Subject
// above the signed one), bare CR / LF / NUL, mixed line ends, white space before a colon, fake
// MIME boundary lines, wrapping in another message, extra parts with forged IDs, changed
// Content-Type, bodies re-encoded as base64 or quoted-printable, white space a relaxed body
// signature does not see (after a quoted-printable soft break), more header fields than the
// verifier reads; libFuzzer's own byte mutations are one of its choices. Needs SA_CONFIG_FILE and
// SA_AUTH_FIXTURES from the build.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/original_authenticator.h"
#include "fuzz_checks.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

// What IPA signed: the tuple of every genuine signed notice among the fixtures (dkim/signed.eml,
// e2e/*-signed.eml, smime/signed.eml, adversarial/*-control-*.eml; make_adversarial.py's
// *_FIELDS). A new genuine signed fixture adds its tuple here; an application-accepted notice
// has star 0 and an empty declaration_id.
struct Signed {
  std::string_view notice;
  int star;
  std::string_view declaration_id;
  std::string_view company;
};
constexpr Signed kGenuine[] = {
    {"declaration-complete", 1, "41234567890", "株式会社テスト工業"},
    {"declaration-complete", 2, "42345678901", "株式会社サンプル精機"},
    {"application-accepted", 0, "", "合同会社みほん商会"},
    {"declaration-complete", 2, "43216549870", "合同会社ダミ企画株式会社本物商事"},  // QP
};

const sa::Engine& verified_engine() {
  static const sa::Engine engine = [] {
    auto config = std::make_shared<sa::Config>(*sa::load_config(SA_CONFIG_FILE));
    config->dkim_key_file = SA_AUTH_FIXTURES "/keys/key_file.txt";  // no DNS
    config->smime_ca_file = SA_AUTH_FIXTURES "/smime/test-ca.cert.pem";
    return sa::Engine(config, sa::make_original_authenticator(config));
  }();
  return engine;
}

// Bytes for the report: printable as is, the rest as \xNN.
std::string shown(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string describe(const sa::Evidence& ev) {
  std::string reasons;
  for (const auto& r : ev.reasons) reasons += (reasons.empty() ? "" : " ") + r;
  return "verdict=" + std::string(sa::to_string(ev.verdict)) + " notice=\"" + shown(ev.notice) +
         "\" star=" + std::to_string(ev.star) + " declaration_id=\"" + shown(ev.declaration_id) +
         "\" company=\"" + shown(ev.company) +
         "\" forward=" + std::string(sa::to_string(ev.forward)) + " auth=\"" + shown(ev.auth) +
         "\" original_subject=\"" + shown(ev.original_subject) + "\" reasons: " + reasons;
}

std::string verified_problem(std::string_view data) {
  const sa::Inspection in = verified_engine().inspect(data, sa::fuzz::fuzz_envelope());
  const sa::Evidence& ev = in.evidence;
  // SA_FUZZ_SHOW=1: every input's evidence on stderr (to see a fixture's tuple, or triage).
  static const bool show = std::getenv("SA_FUZZ_SHOW") != nullptr;
  if (show) std::fprintf(stderr, "fuzz_verified: %s\n", describe(ev).c_str());
  std::string p = sa::fuzz::plan_problem(in.plan);
  if (!p.empty()) return "inspect: " + p;
  if (ev.verdict != sa::Verdict::Verified) return "";
  for (const Signed& g : kGenuine) {
    if (ev.notice == g.notice && ev.star == g.star && ev.declaration_id == g.declaration_id &&
        ev.company == g.company) {
      return "";
    }
  }
  return "verified, but not what IPA signed: " + describe(ev) +
         "\n(a new genuine signed fixture? add its tuple to kGenuine in fuzz_verified.cc)";
}

// ---- the mutator ----------------------------------------------------------------------------

using Rng = std::mt19937;

std::size_t pick(Rng& rng, std::size_t n) {
  return n <= 1 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}
bool one_in(Rng& rng, std::size_t n) { return pick(rng, n) == 0; }
template <typename T, std::size_t N>
const T& pick_of(Rng& rng, const T (&items)[N]) {
  return items[pick(rng, N)];
}

constexpr std::size_t npos = std::string::npos;

// A line of the message, [begin, end) with its terminator ("\n", "\r\n", or none at the end).
struct Span {
  std::size_t begin, end;
};

std::vector<Span> split_lines(std::string_view m) {
  std::vector<Span> out;
  for (std::size_t b = 0; b < m.size();) {
    const std::size_t nl = m.find('\n', b);
    const std::size_t e = nl == npos ? m.size() : nl + 1;
    out.push_back({b, e});
    b = e;
  }
  return out;
}

std::size_t eol_size(std::string_view m, Span l) {
  if (l.end == l.begin || m[l.end - 1] != '\n') return 0;
  return l.end - l.begin >= 2 && m[l.end - 2] == '\r' ? 2 : 1;
}
bool is_blank(std::string_view m, Span l) {
  const std::size_t e = eol_size(m, l);
  return e > 0 && l.end - l.begin == e;
}
bool starts_wsp(std::string_view m, Span l) {
  return l.end > l.begin && (m[l.begin] == ' ' || m[l.begin] == '\t');
}

// The message's line end, from its first line: generated text uses it.
std::string eol_style(std::string_view m) {
  const std::size_t nl = m.find('\n');
  return nl != npos && nl > 0 && m[nl - 1] == '\r' ? "\r\n" : "\n";
}
std::string with_eol(std::string_view text, const std::string& eol) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += eol;
    } else {
      out += c;
    }
  }
  return out;
}

// A header field anywhere in the message (top level, a part's or an attached message's
// headers, or a body line that looks like one): its start line with the continuation lines.
struct Field {
  std::size_t begin, end;  // the whole field with its last line end
  std::size_t name_end;    // after the name
  std::size_t colon;
  std::size_t last_line;  // index of its last line
};

std::vector<Field> find_fields(std::string_view m, const std::vector<Span>& lines) {
  std::vector<Field> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Span l = lines[i];
    std::size_t p = l.begin;
    while (p < l.end && m[p] > 0x20 && m[p] < 0x7f && m[p] != ':') ++p;
    if (p == l.begin) continue;
    const std::size_t name_end = p;
    while (p < l.end && (m[p] == ' ' || m[p] == '\t')) ++p;
    if (p >= l.end || m[p] != ':') continue;
    std::size_t j = i + 1;
    while (j < lines.size() && starts_wsp(m, lines[j])) ++j;
    out.push_back({l.begin, lines[j - 1].end, name_end, p, j - 1});
    i = j - 1;
  }
  return out;
}

bool name_is(std::string_view m, const Field& f, std::string_view name) {
  if (f.name_end - f.begin != name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(m[f.begin + i])) !=
        std::tolower(static_cast<unsigned char>(name[i]))) {
      return false;
    }
  }
  return true;
}

constexpr std::string_view kInteresting[] = {
    "Subject",      "From",           "Content-Type", "Content-Transfer-Encoding",
    "MIME-Version", "DKIM-Signature", "Sender",       "Resent-From"};

bool interesting(std::string_view m, const Field& f) {
  for (std::string_view n : kInteresting) {
    if (name_is(m, f, n)) return true;
  }
  return false;
}

// Half the time one of the fields that decide the verdict (Subject first of all).
const Field* pick_field(std::string_view m, const std::vector<Field>& fields, Rng& rng) {
  if (fields.empty()) return nullptr;
  if (!one_in(rng, 2)) {
    std::vector<const Field*> chosen;
    const bool subject_only = one_in(rng, 2);
    for (const Field& f : fields) {
      if (subject_only ? name_is(m, f, "Subject") : interesting(m, f)) chosen.push_back(&f);
    }
    if (!chosen.empty()) return chosen[pick(rng, chosen.size())];
  }
  return &fields[pick(rng, fields.size())];
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The boundary parameters of every Content-Type in the message.
std::vector<std::string> find_boundaries(std::string_view m) {
  std::vector<std::string> out;
  const std::string low = lower(m);
  for (std::size_t p = low.find("boundary="); p != npos; p = low.find("boundary=", p + 1)) {
    std::size_t b = p + 9;
    std::string value;
    if (b < m.size() && m[b] == '"') {
      const std::size_t e = m.find('"', b + 1);
      if (e == npos) continue;
      value = std::string(m.substr(b + 1, e - b - 1));
    } else {
      std::size_t e = b;
      while (e < m.size() && !std::strchr("; \t\r\n\"", m[e])) ++e;
      value = std::string(m.substr(b, e - b));
    }
    if (!value.empty() && value.size() < 100 &&
        std::find(out.begin(), out.end(), value) == out.end()) {
      out.push_back(value);
    }
  }
  return out;
}

// Codecs for re-encoded bodies and RFC 2047 words.
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kB64[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string unbase64(std::string_view in) {
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = c == '\0' ? nullptr : std::strchr(kB64, c);
    if (p == nullptr) continue;
    v = (v << 6) | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xff);
    }
  }
  return out;
}

std::string base64_body(std::string_view body, const std::string& eol) {
  const std::string b = base64(body);
  std::string out;
  for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + eol;
  return out;
}

std::string quoted_printable(std::string_view body, const std::string& eol) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t col = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c == '\n' || (c == '\r' && i + 1 < body.size() && body[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += eol;
      col = 0;
      continue;
    }
    const bool at_line_end = i + 1 >= body.size() || body[i + 1] == '\n' || body[i + 1] == '\r';
    std::string piece;
    if ((c >= 0x21 && c <= 0x7e && c != '=') || ((c == ' ' || c == '\t') && !at_line_end)) {
      piece = static_cast<char>(c);
    } else {
      piece = {'=', kHex[c >> 4], kHex[c & 15]};
    }
    if (col + piece.size() > 75) {
      out += "=" + eol;
      col = 0;
    }
    out += piece;
    col += piece.size();
  }
  return out;
}

// Genuine text and what an attacker would put in its place (used either way round).
constexpr std::pair<std::string_view, std::string_view> kSwaps[] = {
    {"一つ星", "二つ星"},
    {"41234567890", "49999999999"},
    {"テスト工業", "ニセ商事"},
    {"申込受理のご連絡", "二つ星:自己宣言完了のお知らせ"},
    {"自己宣言完了のお知らせ", "申込受理のご連絡"},
    {"security-action-info@ipa.go.jp", "security-action-info@ipa-go.jp"},
};

// One swap of kSwaps that applies to `s` (its first or every occurrence); false when none does.
bool swap_text(std::string& s, Rng& rng) {
  std::vector<std::pair<std::string_view, std::string_view>> usable;
  for (const auto& [a, b] : kSwaps) {
    if (s.find(a) != npos) usable.emplace_back(a, b);
    if (s.find(b) != npos) usable.emplace_back(b, a);
  }
  // Any 11-digit run starting with 4 (a 自己宣言ID of another seed): one digit changed.
  for (std::size_t p = s.find('4'); p != npos && usable.empty(); p = s.find('4', p + 1)) {
    std::size_t e = p;
    while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
    if (e - p == 11 && (p == 0 || !std::isdigit(static_cast<unsigned char>(s[p - 1])))) {
      s[p + 1 + pick(rng, 10)] = static_cast<char>('0' + pick(rng, 10));
      return true;
    }
  }
  if (usable.empty()) return false;
  const auto [from, to] = usable[pick(rng, usable.size())];
  const bool all = one_in(rng, 2);
  for (std::size_t p = s.find(from); p != npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
    if (!all) break;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A header value with its UTF-8 RFC 2047 words decoded (other charsets kept as they are).
std::string decode_words(std::string_view v, bool& had_words) {
  std::string out;
  std::size_t p = 0;
  bool last_was_word = false;
  while (p < v.size()) {
    const std::size_t start = v.find("=?", p);
    std::size_t q1 = start == npos ? npos : v.find('?', start + 2);
    std::size_t q2 = q1 == npos ? npos : v.find('?', q1 + 1);
    std::size_t end = q2 == npos ? npos : v.find("?=", q2 + 1);
    if (end == npos || q2 != q1 + 2 || lower(v.substr(start + 2, q1 - start - 2)) != "utf-8") {
      out += v.substr(p, start == npos ? npos : start + 2 - p);
      if (start == npos) break;
      p = start + 2;
      last_was_word = false;
      continue;
    }
    std::string_view between = v.substr(p, start - p);
    if (!(last_was_word && between.find_first_not_of(" \t\r\n") == npos)) out += between;
    std::string_view text = v.substr(q2 + 1, end - q2 - 1);
    const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(v[q1 + 1])));
    if (enc == 'B') {
      out += unbase64(text);
    } else {
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
          out += ' ';
        } else if (text[i] == '=' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
                   hex_digit(text[i + 2]) >= 0) {
          out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
          i += 2;
        } else {
          out += text[i];
        }
      }
    }
    had_words = true;
    last_was_word = true;
    p = end + 2;
  }
  return out;
}

constexpr std::string_view kForgedSubjects[] = {
    // 【SECURITY ACTION】二つ星：自己宣言完了のお知らせ (full-width colon)
    "=?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR5LqM44Gk5pif77ya6Ieq5bex5a6j6KiA5a6M5LqG44Gu44GK55+"
    "l44KJ44Gb?=",
    // the same with an ASCII colon, as IPA writes it
    "=?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR5LqM44Gk5pifOuiHquW3seWuo+"
    "iogOWujOS6huOBruOBiuefpeOCieOBmw==?=",
    "【SECURITY ACTION】二つ星：自己宣言完了のお知らせ",
    // 【SECURITY ACTION】申込受理のご連絡
    "=?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR55Sz6L685Y+X55CG44Gu44GU6YCj57Wh?=",
    "=?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR?= "
    "=?UTF-8?B?5LqM44Gk5pifOuiHquW3seWuo+iogOWujOS6huOBruOBiuefpeOCieOBmw==?=",
};
constexpr std::string_view kForgedFroms[] = {
    "\"IPA SECURITY ACTION\" <security-action-info@ipa.go.jp>",
    "\"IPA SECURITY ACTION\" <security-action-info@ipa-go.jp>",
    "security-action-info@ipa.go.jp (IPA)",
    "attacker@example.com",
};
constexpr std::string_view kContentTypes[] = {
    "text/plain; charset=UTF-8",
    "text/html; charset=UTF-8",
    "message/rfc822",
    "multipart/mixed",
    "application/octet-stream; name=\"notice.eml\"",
};
constexpr std::string_view kMultiparts[] = {
    "multipart/mixed",   "multipart/alternative",
    "multipart/related", "multipart/digest",
    "Multipart/Mixed",   "multipart/signed; protocol=\"application/x-pkcs7-signature\"",
    "multipart/report",  "multipart/x-unknown",
};
constexpr std::string_view kEncodings[] = {"base64", "quoted-printable", "8bit",
                                           "7bit",   "binary",           "x-uuencode"};

// A field's value made into an attacker's: its text swapped (through its RFC 2047 words), or
// a forged value for that field name.
std::string forge_field(std::string_view m, const Field& f, Rng& rng) {
  const std::string head(m.substr(f.begin, f.colon + 1 - f.begin));
  std::string_view rest = m.substr(f.colon + 1, f.end - f.colon - 1);
  std::size_t eol_at = rest.size();
  while (eol_at > 0 && (rest[eol_at - 1] == '\n' || rest[eol_at - 1] == '\r')) --eol_at;
  const std::string eol(rest.substr(eol_at).empty() ? "\n" : rest.substr(eol_at));
  std::string value(rest.substr(0, eol_at));
  if (!value.empty() && value[0] == ' ') value.erase(0, 1);
  if (!one_in(rng, 3)) {
    bool had_words = false;
    std::string text = decode_words(value, had_words);
    if (swap_text(text, rng)) {
      if (had_words && !one_in(rng, 3)) text = "=?UTF-8?B?" + base64(text) + "?=";
      return head + " " + text + eol;
    }
  }
  std::string forged;
  if (name_is(m, f, "Subject")) {
    forged = std::string(pick_of(rng, kForgedSubjects));
    if (one_in(rng, 4)) forged = "Fwd: " + forged;
  } else if (name_is(m, f, "From") || name_is(m, f, "Sender") || name_is(m, f, "Resent-From")) {
    forged = std::string(pick_of(rng, kForgedFroms));
  } else if (name_is(m, f, "Content-Type")) {
    forged = std::string(pick_of(rng, kContentTypes));
  } else if (name_is(m, f, "Content-Transfer-Encoding")) {
    forged = std::string(pick_of(rng, kEncodings));
  } else {
    forged = value + (one_in(rng, 2) ? " x" : "");
    if (!forged.empty() && one_in(rng, 2)) forged.pop_back();
  }
  return head + " " + forged + eol;
}

// A forged field that was not in the message.
std::string forged_field(Rng& rng, const std::vector<std::string>& boundaries,
                         const std::string& eol) {
  const std::string b = boundaries.empty() ? "sa-fuzz" : boundaries[pick(rng, boundaries.size())];
  switch (pick(rng, 9)) {
    case 0:
    case 1:
      return "Subject: " + std::string(pick_of(rng, kForgedSubjects)) + eol;
    case 2:
      return "From: " + std::string(pick_of(rng, kForgedFroms)) + eol;
    case 3:
      return "Content-Type: " + std::string(pick_of(rng, kMultiparts)) + "; boundary=\"" + b +
             "\"" + eol;
    case 4:
      return "Content-Type: " + std::string(pick_of(rng, kContentTypes)) + eol;
    case 5:
      return "Content-Transfer-Encoding: " + std::string(pick_of(rng, kEncodings)) + eol;
    case 6:
      return "MIME-Version: 1.0" + eol;
    case 7:
      return "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1;" + eol +
             "\th=From:Subject; bh=AAAA; b=AAAA" + eol;
    default:
      return "X-SA-Triage-Verdict: verified" + eol;
  }
}

// Where a new line may go: a field's start or end (half the time), else any line start.
std::size_t pick_line_start(const std::vector<Span>& lines, const std::vector<Field>& fields,
                            Rng& rng, std::size_t size) {
  if (!fields.empty() && one_in(rng, 2)) {
    const Field& f = fields[pick(rng, fields.size())];
    return one_in(rng, 2) ? f.begin : f.end;
  }
  if (lines.empty()) return size;
  const Span l = lines[pick(rng, lines.size())];
  return one_in(rng, 8) ? l.end : l.begin;
}

// Forged content that goes into an extra MIME part (headers, blank line, body).
std::string forged_part(Rng& rng, const std::string& eol) {
  static constexpr std::string_view kBodies[] = {
      "株式会社ニセ商事\n偽 花子様\n\nSECURITY ACTION 自己宣言の手続きが完了しました。\n"
      "自己宣言ID:49999999999\n",
      "自己宣言ID:49999999999\n株式会社ニセ商事\n",
      "株式会社ニセ商事\n偽 花子様\n\n自己宣言ID:49999999999\n利用者番号:20249999999\n\n"
      "独立行政法人情報処理推進機構 (IPA)\nSECURITY ACTION事務局\n",
  };
  const std::string body(pick_of(rng, kBodies));
  switch (pick(rng, 4)) {
    case 0:
      return with_eol(
          "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" + body,
          eol);
    case 1:
      return with_eol(
                 "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n",
                 eol) +
             base64_body(body, eol);
    case 2:
      return with_eol("Content-Type: text/html; charset=UTF-8\n\n<p>" + body + "</p>\n", eol);
    default:  // a whole unsigned notice, attached
      return with_eol(
          "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"notice.eml\"\n"
          "\nFrom: \"IPA SECURITY ACTION\" <security-action-info@ipa.go.jp>\nSubject: " +
              std::string(kForgedSubjects[1]) +
              "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
              "Content-Transfer-Encoding: 8bit\n\n" +
              body,
          eol);
  }
}

// The entities (header block, body) of the message: a run of fields followed by a blank line.
struct Entity {
  std::size_t header_begin, header_end, body_begin, body_end;
};

std::vector<Entity> find_entities(std::string_view m, const std::vector<Span>& lines,
                                  const std::vector<Field>& fields,
                                  const std::vector<std::string>& boundaries) {
  std::vector<Entity> out;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const std::size_t next = fields[k].last_line + 1;
    if (next >= lines.size() || !is_blank(m, lines[next])) continue;
    std::size_t first = k;
    while (first > 0 && fields[first - 1].end == fields[first].begin) --first;
    Entity e{fields[first].begin, lines[next].begin, lines[next].end, m.size()};
    for (std::size_t i = next + 1; i < lines.size(); ++i) {
      std::string_view l = m.substr(lines[i].begin, lines[i].end - lines[i].begin);
      const bool delimiter =
          l.starts_with("--") &&
          std::any_of(boundaries.begin(), boundaries.end(),
                      [&](const std::string& b) { return l.substr(2).starts_with(b); });
      if (delimiter) {
        e.body_end = lines[i].begin;
        break;
      }
    }
    out.push_back(e);
  }
  return out;
}

// The mutations. Each changes `m` and returns true, or returns false when it does not apply.
struct Mail {
  std::string& m;
  Rng& rng;
  std::vector<Span> lines = split_lines(m);
  std::vector<Field> fields = find_fields(m, lines);
  std::string eol = eol_style(m);

  // A copy of a field above or below it, mostly with an attacker's value.
  bool duplicate_field() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    std::string copy =
        one_in(rng, 5) ? m.substr(f->begin, f->end - f->begin) : forge_field(m, *f, rng);
    if (copy.back() != '\n') copy += eol;
    std::size_t at = one_in(rng, 4) ? f->end : f->begin;
    if (at == m.size() && m.back() != '\n') {
      m += eol;
      at = m.size();
    }
    m.insert(at, copy);
    return true;
  }
  // A field's value changed in place.
  bool change_field() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    m.replace(f->begin, f->end - f->begin, forge_field(m, *f, rng));
    return true;
  }
  bool insert_field() {
    const std::size_t at = pick_line_start(lines, fields, rng, m.size());
    m.insert(at, forged_field(rng, find_boundaries(m), eol));
    return true;
  }
  bool delete_field() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    m.erase(f->begin, f->end - f->begin);
    return true;
  }
  // A field moved elsewhere (often next to a neighbour: a reorder within its header).
  bool move_field() {
    if (fields.size() < 2) return false;
    const std::size_t i = pick(rng, fields.size());
    std::size_t j = pick(rng, fields.size());
    if (one_in(rng, 2)) j = i + 1 < fields.size() ? i + 1 : i - 1;
    if (i == j) return false;
    const Field a = fields[i], b = fields[j];
    std::string text = m.substr(a.begin, a.end - a.begin);
    if (text.back() != '\n') text += eol;
    const std::size_t target = j > i ? b.end : b.begin;
    m.insert(target, text);  // target is outside a, so a's offsets hold when it is after a
    const std::size_t shift = target <= a.begin ? text.size() : 0;
    m.erase(a.begin + shift, a.end - a.begin);
    return true;
  }
  // Bare CR, bare LF, CRLF or NUL at a line end, a line start, after a colon or anywhere.
  bool inject_control() {
    static constexpr std::string_view kBytes[] = {
        "\r", "\n", "\r\n", std::string_view("\0", 1), "\r\r\n", "\n\r", "\r "};
    const std::string_view bytes = pick_of(rng, kBytes);
    std::size_t at = pick(rng, m.size() + 1);
    if (!lines.empty() && !one_in(rng, 4)) {
      const Span l = lines[pick(rng, lines.size())];
      switch (pick(rng, 3)) {
        case 0:
          at = l.end - eol_size(m, l);
          break;
        case 1:
          at = l.begin;
          break;
        default: {
          const std::size_t colon = m.find(':', l.begin);
          at = colon != npos && colon < l.end ? colon + 1 : l.begin;
        }
      }
    }
    m.insert(at, bytes);
    return true;
  }
  // One line's end replaced: a bare CR joins it to the next line, a field hidden behind it.
  bool change_line_end() {
    if (lines.empty()) return false;
    std::vector<std::size_t> ends;
    for (const Field& f : fields) ends.push_back(f.last_line);
    if (ends.empty() || one_in(rng, 3)) ends.push_back(pick(rng, lines.size()));
    const Span l = lines[std::min(ends[pick(rng, ends.size())], lines.size() - 1)];
    const std::size_t e = eol_size(m, l);
    if (e == 0) return false;
    static constexpr std::string_view kEnds[] = {"\r", "\r", "\n", "\r\n", "\r\r\n", "\n\r", ""};
    m.replace(l.end - e, e, pick_of(rng, kEnds));
    return true;
  }
  // LF made CRLF (or CRLF made LF) on some lines only.
  bool mix_line_ends() {
    if (lines.size() < 2) return false;
    const std::size_t a = pick(rng, lines.size());
    const std::size_t b = std::min(lines.size(), a + 1 + pick(rng, one_in(rng, 2) ? 3 : 60));
    const bool to_crlf = eol == "\n" ? !one_in(rng, 4) : one_in(rng, 4);
    for (std::size_t i = b; i-- > a;) {
      const std::size_t e = eol_size(m, lines[i]);
      if (e == 0) continue;
      m.replace(lines[i].end - e, e, to_crlf ? "\r\n" : "\n");
    }
    return true;
  }
  bool space_before_colon() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    static constexpr std::string_view kSpaces[] = {" ", "\t", "  ", " \t"};
    m.insert(f->name_end, pick_of(rng, kSpaces));
    return true;
  }
  // A line that looks like a MIME delimiter of a boundary in the message.
  bool boundary_line() {
    const std::vector<std::string> boundaries = find_boundaries(m);
    const std::string b =
        boundaries.empty() ? "sa-outer-1" : boundaries[pick(rng, boundaries.size())];
    static constexpr std::string_view kSuffixes[] = {"",   "",  "--",  "-x",  " ",
                                                     "\t", "x", "--x", " --", "\r"};
    std::string line = "--" + b + std::string(pick_of(rng, kSuffixes)) + eol;
    if (one_in(rng, 3)) line += forged_part(rng, eol);
    m.insert(pick_line_start(lines, fields, rng, m.size()), line);
    return true;
  }
  // The message attached to a new outer message (how an applicant forwards it).
  bool wrap() {
    const std::string b = "sa-fuzz-" + std::to_string(pick(rng, 100));
    std::string inner = m;
    if (inner.back() != '\n') inner += eol;
    std::string part;
    switch (pick(rng, 4)) {
      case 0:
        part =
            "Content-Type: message/rfc822\nContent-Transfer-Encoding: 8bit\n"
            "Content-Disposition: attachment; filename=\"notice.eml\"\n\n";
        break;
      case 1:
        part = "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n";
        inner = base64_body(inner, eol);
        break;
      case 2:
        part =
            "Content-Type: application/octet-stream; name=\"notice.eml\"\n"
            "Content-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment; filename=\"notice.eml\"\n\n";
        inner = base64_body(inner, eol);
        break;
      default:
        part = "Content-Type: application/octet-stream; name=\"notice.eml\"\n\n";
    }
    std::string out = with_eol(
        "From: =?UTF-8?B?57eP5YuZ6YOo?= <soumu@example.co.jp>\nTo: hojo@grant-office.example.jp\n"
        "Subject: Fwd: =?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR?=\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"" +
            b + "\"\n\n--" + b + "\nContent-Type: text/plain; charset=UTF-8\n\n転送します。\n\n--" +
            b + "\n" + part,
        eol);
    out += inner;
    if (one_in(rng, 3)) out += "--" + b + eol + forged_part(rng, eol);
    out += "--" + b + "--" + eol;
    m = std::move(out);
    return true;
  }
  // An extra part with forged content, before a closing delimiter or anywhere.
  bool append_part() {
    const std::vector<std::string> boundaries = find_boundaries(m);
    if (boundaries.empty()) return false;
    const std::string& b = boundaries[pick(rng, boundaries.size())];
    const std::string part = "--" + b + eol + forged_part(rng, eol);
    const std::size_t close = m.find("--" + b + "--");
    std::size_t at =
        close != npos && !one_in(rng, 4) ? close : pick_line_start(lines, fields, rng, m.size());
    if (at == m.size() && !m.empty() && m.back() != '\n') {
      m += eol;
      at = m.size();
    }
    m.insert(at, part);
    return true;
  }
  // A Content-Type value swapped for a multipart one (with a boundary of the message or a
  // new one), another type, or a duplicated boundary parameter.
  bool swap_content_type() {
    std::vector<const Field*> types;
    for (const Field& f : fields) {
      if (name_is(m, f, "Content-Type")) types.push_back(&f);
    }
    if (types.empty()) return false;
    const Field& f = *types[pick(rng, types.size())];
    const std::vector<std::string> boundaries = find_boundaries(m);
    const std::string b = boundaries.empty() || one_in(rng, 4)
                              ? "sa-fuzz-b"
                              : boundaries[pick(rng, boundaries.size())];
    std::string value;
    switch (pick(rng, 5)) {
      case 0:
      case 1:
        value = std::string(pick_of(rng, kMultiparts)) + "; boundary=\"" + b + "\"";
        break;
      case 2:
        value = std::string(pick_of(rng, kMultiparts)) + "; boundary=" + b;
        break;
      case 3:
        value = "multipart/mixed; boundary=\"" + b + "\"; boundary=\"sa-fuzz-c\"";
        break;
      default:
        value = std::string(pick_of(rng, kContentTypes));
    }
    const std::string head = m.substr(f.begin, f.colon + 1 - f.begin);
    m.replace(f.begin, f.end - f.begin, head + " " + value + eol);
    return true;
  }
  // A body re-encoded as base64 or quoted-printable, its Content-Transfer-Encoding set to
  // match (now and then left as it was).
  bool reencode_body() {
    const std::vector<Entity> entities = find_entities(m, lines, fields, find_boundaries(m));
    if (entities.empty()) return false;
    const Entity e = entities[pick(rng, entities.size())];
    const bool b64 = one_in(rng, 2);
    const std::string_view body =
        std::string_view(m).substr(e.body_begin, e.body_end - e.body_begin);
    const std::string encoded = b64 ? base64_body(body, eol) : quoted_printable(body, eol);
    const std::string field =
        "Content-Transfer-Encoding: " + std::string(b64 ? "base64" : "quoted-printable") + eol;
    m.replace(e.body_begin, e.body_end - e.body_begin, encoded);
    if (one_in(rng, 8)) return true;
    for (const Field& f : fields) {
      if (f.begin >= e.header_begin && f.end <= e.header_end &&
          name_is(m, f, "Content-Transfer-Encoding")) {
        m.replace(f.begin, f.end - f.begin, field);
        return true;
      }
    }
    m.insert(one_in(rng, 2) ? e.header_begin : e.header_end, field);
    return true;
  }
  // Genuine text (star, ID, company, notice, sender) swapped anywhere in the message.
  bool swap_anywhere() {
    if (m.empty()) return false;
    // Within a window, so one occurrence of several may change.
    const std::size_t from = pick(rng, m.size());
    const std::size_t len =
        one_in(rng, 2) ? m.size() - from : std::min<std::size_t>(400, m.size() - from);
    std::string window = m.substr(from, len);
    if (!swap_text(window, rng)) return false;
    m.replace(from, len, window);
    return true;
  }
  // A run of lines copied elsewhere (a header block, a part, a signature).
  bool duplicate_lines() {
    if (lines.empty()) return false;
    const std::size_t a = pick(rng, lines.size());
    const std::size_t b = std::min(lines.size(), a + 1 + pick(rng, 40));
    std::string text = m.substr(lines[a].begin, lines[b - 1].end - lines[a].begin);
    if (text.back() != '\n') text += eol;
    m.insert(pick_line_start(lines, fields, rng, m.size()), text);
    return true;
  }
  // White space a relaxed body signature does not see: after a line's last character (a
  // quoted-printable soft break "=" first of all), or added to a run of it.
  bool add_white_space() {
    std::vector<std::size_t> soft, any;
    for (const Span& l : lines) {
      const std::size_t end = l.end - eol_size(m, l);
      if (end == l.begin) continue;
      any.push_back(end);
      if (m[end - 1] == '=') soft.push_back(end);
    }
    if (any.empty()) return false;
    const bool at_soft = !soft.empty() && !one_in(rng, 4);
    const std::size_t at = at_soft ? soft[pick(rng, soft.size())] : any[pick(rng, any.size())];
    static constexpr std::string_view kSpace[] = {" ", "\t", "  ", " \t"};
    m.insert(at, pick_of(rng, kSpace));
    return true;
  }
  // More header fields than the DKIM verifier reads, above a field moved below them.
  bool many_fields() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    const std::string moved = m.substr(f->begin, f->end - f->begin);
    std::string filler;
    for (int i = 0; i < 10001; ++i) filler += "X: x" + eol;
    m.replace(f->begin, f->end - f->begin, filler + moved);
    return true;
  }
  // libFuzzer's byte mutations on one field only.
  bool mutate_field_bytes() {
    const Field* f = pick_field(m, fields, rng);
    if (f == nullptr) return false;
    std::vector<uint8_t> buf(m.begin() + static_cast<std::ptrdiff_t>(f->begin),
                             m.begin() + static_cast<std::ptrdiff_t>(f->end));
    const std::size_t size = buf.size();
    buf.resize(size * 2 + 64);
    buf.resize(LLVMFuzzerMutate(buf.data(), size, buf.size()));
    m.replace(f->begin, f->end - f->begin, std::string(buf.begin(), buf.end()));
    return true;
  }
};

bool mutate_once(std::string& m, Rng& rng) {
  Mail mail{m, rng};
  // Weights: the field duplications and the forged Subject come first.
  static constexpr std::pair<int, bool (Mail::*)()> kMutations[] = {
      {6, &Mail::duplicate_field},
      {3, &Mail::change_field},
      {3, &Mail::insert_field},
      {1, &Mail::delete_field},
      {2, &Mail::move_field},
      {3, &Mail::inject_control},
      {3, &Mail::change_line_end},
      {2, &Mail::mix_line_ends},
      {2, &Mail::space_before_colon},
      {3, &Mail::boundary_line},
      {2, &Mail::wrap},
      {2, &Mail::append_part},
      {2, &Mail::swap_content_type},
      {2, &Mail::reencode_body},
      {2, &Mail::swap_anywhere},
      {1, &Mail::duplicate_lines},
      {2, &Mail::mutate_field_bytes},
      {2, &Mail::add_white_space},
      {1, &Mail::many_fields},
  };
  int total = 0;
  for (const auto& [w, fn] : kMutations) total += w;
  int r = static_cast<int>(pick(rng, static_cast<std::size_t>(total)));
  for (const auto& [w, fn] : kMutations) {
    if (r < w) return (mail.*fn)();
    r -= w;
  }
  return false;
}

}  // namespace

// One to three mail-shaped mutations (or, one time in six, libFuzzer's own), deterministic
// from `seed`; the result fits max_size or libFuzzer's mutation is used instead.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  Rng rng(seed);
  if (size == 0 || one_in(rng, 6)) return LLVMFuzzerMutate(data, size, max_size);
  const std::string original(reinterpret_cast<const char*>(data), size);
  std::string m = original;
  const std::size_t rounds = 1 + pick(rng, 3);
  for (std::size_t i = 0; i < rounds; ++i) {
    std::string before = m;
    if (!mutate_once(m, rng) || m.size() > max_size || m.empty()) m = std::move(before);
  }
  if (m == original) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, m.data(), m.size());
  return m.size();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::abort_on_problem(
      verified_problem(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
