// sender_domain.cc - address extraction, allowed-domain matching and look-alike detection.
// Look-alikes are found by comparing "skeletons": IDN labels decoded (libidn2), common
// Cyrillic/Greek homoglyphs and l/1/0/rn folded to ASCII, then dots and hyphens removed.
#include "core/sender_domain.h"

#include <glib.h>
#include <idn2.h>

#include <algorithm>
#include <cstdlib>

#include "core/ascii.h"

namespace sa {
namespace {

bool is_addr_char(unsigned char ch) {
  return ch > 0x20 && ch < 0x7f && ch != '<' && ch != '>' && ch != '(' && ch != ')' && ch != '[' &&
         ch != ']' && ch != ',' && ch != ';' && ch != '"' && ch != '*' && ch != ':';
}

// Homoglyphs that render like ASCII letters in common fonts.
char ascii_lookalike(gunichar c) {
  switch (c) {
    case 0x0430:
    case 0x03B1:
      return 'a';  // Cyrillic a, Greek alpha
    case 0x0435:
    case 0x03B5:
      return 'e';
    case 0x043E:
    case 0x03BF:
    case 0x0585:
      return 'o';
    case 0x0440:
    case 0x03C1:
      return 'p';
    case 0x0441:
    case 0x03F2:
      return 'c';
    case 0x0445:
    case 0x03C7:
      return 'x';
    case 0x0456:
    case 0x03B9:
    case 0x0131:
      return 'i';
    case 0x04CF:
      return 'l';
    case 0x0458:
      return 'j';
    case 0x0455:
      return 's';
    case 0x0443:
      return 'y';
    case 0x0261:
      return 'g';
    default:
      return 0;
  }
}

// Decoded Unicode domain (from punycode) folded to ASCII look-alike letters.
std::string unicode_skeleton(const std::string& domain) {
  std::string text = domain;
  if (domain.find("xn--") != std::string::npos) {
    char* decoded = nullptr;
    if (idn2_to_unicode_8z8z(domain.c_str(), &decoded, 0) == IDN2_OK && decoded) {
      text = decoded;
    }
    std::free(decoded);
  }
  if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return domain;
  gchar* folded = g_utf8_normalize(text.c_str(), -1, G_NORMALIZE_NFKC);
  std::string out;
  for (const gchar* p = folded; p && *p; p = g_utf8_next_char(p)) {
    const gunichar c = g_unichar_tolower(g_utf8_get_char(p));
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (char a = ascii_lookalike(c)) {
      out.push_back(a);
    } else {
      out.push_back('?');
    }
  }
  g_free(folded);
  return out;
}

// Letters and digits only, with the ASCII confusions folded: l/1 -> i, 0 -> o, rn -> m.
std::string compact_skeleton(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '.' || ch == '-' || ch == '_') continue;
    if (ch == 'r' && i + 1 < s.size() && s[i + 1] == 'n') {
      out.push_back('m');
      ++i;
      continue;
    }
    if (ch == 'l' || ch == '1' || ch == '!') ch = 'i';
    if (ch == '0') ch = 'o';
    out.push_back(ch);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool imitates(const std::string& domain, const std::string& allowed) {
  const std::string uni = unicode_skeleton(domain);
  if (uni == allowed) return true;  // homoglyph IDN spelling the allowed domain
  if (uni.find(allowed) != std::string::npos) return true;  // ipa.go.jp.example.com
  const std::string a = compact_skeleton(allowed);
  const std::string d = compact_skeleton(uni);
  if (d.find(a) != std::string::npos) return true;  // ipa-go.jp, lpa.go.jp, ipa-gojp.com
  if (uni.size() + 1 >= allowed.size() && uni.size() <= allowed.size() + 1 &&
      edit_distance(uni, allowed) <= 1) {
    return true;  // ipa.go.jq, ipaa.go.jp
  }
  return false;
}

}  // namespace

std::string address_of(std::string_view from) {
  std::string_view s = from;
  // Prefer an address inside <...> or [mailto:...].
  if (auto lt = s.rfind('<'); lt != std::string_view::npos) {
    auto gt = s.find('>', lt);
    std::string_view inner = s.substr(lt + 1, gt == std::string_view::npos ? s.npos : gt - lt - 1);
    if (inner.substr(0, 7) == "mailto:") inner.remove_prefix(7);
    if (inner.find('@') != std::string_view::npos) s = inner;
  } else if (auto m = s.find("mailto:"); m != std::string_view::npos) {
    s = s.substr(m + 7);
  }
  const auto at = s.find('@');
  if (at == std::string_view::npos) return "";
  std::size_t begin = at;
  while (begin > 0 && is_addr_char(static_cast<unsigned char>(s[begin - 1]))) --begin;
  std::size_t end = at + 1;
  while (end < s.size() && is_addr_char(static_cast<unsigned char>(s[end]))) ++end;
  if (begin == at || end == at + 1) return "";
  return ascii_lower(s.substr(begin, end - begin));
}

std::string domain_of(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string d = ascii_lower(address.substr(at + 1));
  while (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

bool domain_allowed(std::string_view domain, const std::vector<std::string>& allowed) {
  const std::string d = ascii_lower(domain);
  for (const auto& a : allowed) {
    if (d == a) return true;
    if (d.size() > a.size() && d.compare(d.size() - a.size(), a.size(), a) == 0 &&
        d[d.size() - a.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::string imitated_domain(std::string_view domain, const std::vector<std::string>& allowed) {
  const std::string d = ascii_lower(domain);
  if (d.empty() || domain_allowed(d, allowed)) return "";
  for (const auto& a : allowed) {
    if (imitates(d, a)) return a;
  }
  return "";
}

}  // namespace sa
