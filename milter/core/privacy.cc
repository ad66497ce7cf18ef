// privacy.cc - presentation of the 利用者番号 (mask, salted SHA-256, full, omit).
#include "core/privacy.h"

#include <glib.h>

#include <string_view>
#include <utility>
#include <vector>

namespace sa {

std::string present_user_number(const std::string& full, UserNumberPrivacy policy,
                                const std::string& salt) {
  if (full.empty()) return "";
  switch (policy) {
    case UserNumberPrivacy::Full:
      return full;
    case UserNumberPrivacy::Omit:
      return "";
    case UserNumberPrivacy::Hash: {
      const std::string input = salt + full;
      gchar* hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, input.c_str(),
                                                 static_cast<gssize>(input.size()));
      std::string out = "sha256:" + std::string(hex).substr(0, 16);
      g_free(hex);
      return out;
    }
    case UserNumberPrivacy::Mask:
      break;
  }
  // By characters, not bytes: a malformed number may hold non-ASCII (never cut a UTF-8
  // sequence, never show more than the last four characters).
  if (!g_utf8_validate(full.data(), static_cast<gssize>(full.size()), nullptr)) {
    return std::string(full.size(), '*');
  }
  const auto chars = static_cast<std::size_t>(g_utf8_strlen(full.data(), -1));
  const std::size_t shown = chars > 4 ? 4 : 0;
  const char* tail = full.data() + full.size();
  for (std::size_t i = 0; i < shown; ++i) tail = g_utf8_prev_char(tail);
  return std::string(chars - shown, '*') + std::string(tail, full.data() + full.size());
}

namespace {

constexpr std::string_view kLabel = "利用者番号";

// The ASCII digit at text[i] (0-9, or full-width ０-９: EF BC 90-99), its length in `len`.
int digit_at(const std::string& text, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= '0' && c <= '9') {
    len = 1;
    return c - '0';
  }
  if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
    const auto d = static_cast<unsigned char>(text[i + 2]);
    if (d >= 0x90 && d <= 0x99) {
      len = 3;
      return d - 0x90;
    }
  }
  return -1;
}

// Length of a separator inside or before a labelled number at text[i]: space, TAB, '-',
// ':', or the full-width space, colon, hyphen-minus (E3 80 80, EF BC 9A, EF BC 8D); else 0.
std::size_t separator_at(const std::string& text, std::size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '-' || c == ':') return 1;
  if (text.compare(i, 3, "\xe3\x80\x80") == 0 || text.compare(i, 3, "\xef\xbc\x9a") == 0 ||
      text.compare(i, 3, "\xef\xbc\x8d") == 0) {
    return 3;
  }
  return 0;
}

// Masks the digits of text[from, to) but the last four (all of them when there are at
// most four), in place.
void mask_digits(std::string& text, std::size_t from, std::size_t to) {
  std::vector<std::pair<std::size_t, std::size_t>> digits;  // position, length
  for (std::size_t i = from, len = 0; i < to; i += len) {
    len = 1;
    if (digit_at(text, i, len) >= 0) digits.emplace_back(i, len);
  }
  const std::size_t keep = digits.size() > 4 ? 4 : 0;
  std::string out = text.substr(0, from);
  std::size_t at = from;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    out.append(text, at, digits[k].first - at);
    if (k + keep < digits.size()) {
      out.push_back('*');
    } else {
      out.append(text, digits[k].first, digits[k].second);
    }
    at = digits[k].first + digits[k].second;
  }
  out.append(text, at, std::string::npos);
  text = std::move(out);
}

}  // namespace

std::string mask_user_numbers_in(const std::string& text, const std::string& known) {
  std::string out = text;
  // After each label: separators, then digits with separators between them.
  for (std::size_t at = out.find(kLabel); at != std::string::npos; at = out.find(kLabel, at)) {
    std::size_t i = at + kLabel.size();
    while (i < out.size() && separator_at(out, i) > 0) i += separator_at(out, i);
    std::size_t end = i;
    for (std::size_t j = i, len = 0; j < out.size();) {
      if (digit_at(out, j, len) >= 0) {
        j += len;
        end = j;
      } else if (const std::size_t sep = separator_at(out, j); sep > 0) {
        j += sep;
      } else {
        break;
      }
    }
    const std::size_t before = out.size();
    if (end > i) mask_digits(out, i, end);
    at = end - (before - out.size());
  }
  // Every run of digits equal to the known number.
  if (!known.empty()) {
    for (std::size_t i = 0; i < out.size();) {
      std::size_t len = 0;
      if (digit_at(out, i, len) < 0) {
        ++i;
        continue;
      }
      std::string run;
      std::size_t end = i;
      for (int d; end < out.size() && (d = digit_at(out, end, len)) >= 0; end += len) {
        run.push_back(static_cast<char>('0' + d));
      }
      if (run == known) {
        const std::size_t before = out.size();
        mask_digits(out, i, end);
        end -= before - out.size();
      }
      i = end;
    }
  }
  return out;
}

}  // namespace sa
