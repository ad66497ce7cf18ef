// ledger_reader.cc - the rules both ledger backends share: sightings, stored spellings,
// the purge cut-off. No database code here.
#include "ledger/ledger_reader.h"

#include <algorithm>

#include "core/notice_pair.h"

namespace sa {

std::string review_columns_sql(const std::vector<std::string>& missing) {
  std::string sql;
  for (std::string_view column : kReviewColumns) {
    if (!sql.empty()) sql += ", ";
    const bool absent = std::find(missing.begin(), missing.end(), column) != missing.end();
    sql += absent ? std::string("''") : std::string(column);
  }
  return sql;
}

std::string applicant_key_of(const LedgerEntry& entry) {
  return entry.applicant_key.empty() ? applicant_key(entry.applicant_domain, entry.company)
                                     : entry.applicant_key;
}

Sighting sighting_of(std::int64_t earlier, std::int64_t from_other) {
  if (earlier <= 0) return Sighting::First;
  return from_other > 0 ? Sighting::OtherApplicant : Sighting::Repeat;
}

ForwardStyle parse_forward_style(std::string_view text) {
  for (ForwardStyle f : {ForwardStyle::Direct, ForwardStyle::Redirect, ForwardStyle::Attachment,
                         ForwardStyle::Inline, ForwardStyle::AttachmentMsg, ForwardStyle::Tnef,
                         ForwardStyle::Printout}) {
    if (to_string(f) == text) return f;
  }
  return ForwardStyle::None;
}

std::optional<Sighting> parse_sighting(std::string_view text) {
  for (Sighting s : {Sighting::First, Sighting::Repeat, Sighting::OtherApplicant}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string stored_reasons(const LedgerEntry& entry, Sighting sighting) {
  std::vector<std::string> reasons = entry.reasons;
  add_sighting_reason(reasons, sighting);
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : " ") + r;
  return out;
}

std::vector<std::string> split_reasons(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xbf;  // allowed range of the second byte
    if (c == 0) {
      ++i;
      continue;
    } else if (c < 0x80) {
      len = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c == 0xe0) lo = 0xa0;  // no overlong forms
      if (c == 0xed) hi = 0x9f;  // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;  // nothing past U+10FFFF
    }
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const unsigned b = p[i + k];
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xbf);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::time_t purge_cutoff(unsigned retention_days, std::time_t now) {
  return now - static_cast<std::time_t>(retention_days) * 86400;
}

}  // namespace sa
