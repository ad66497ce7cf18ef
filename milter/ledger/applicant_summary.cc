// applicant_summary.cc - grouping ledger rows per applicant.
#include "ledger/applicant_summary.h"

#include <algorithm>
#include <map>

#include "core/notice_pair.h"

namespace sa {
namespace {

template <typename T>
void add_once(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

void add_row(NoticeSummary& n, const LedgerEntry& e) {
  ++n.count;
  if (n.first_time == 0 || e.time < n.first_time) n.first_time = e.time;
  n.last_time = std::max(n.last_time, e.time);
  if (e.star > 0) {
    add_once(n.stars, e.star);
    std::sort(n.stars.begin(), n.stars.end());
  }
  if (!e.declaration_id.empty()) add_once(n.declaration_ids, e.declaration_id);
  add_once(n.verdicts, e.verdict);
  n.trustworthy =
      n.trustworthy || e.verdict == Verdict::Verified || e.verdict == Verdict::Consistent;
}

}  // namespace

std::vector<ApplicantSummary> summarize_applicants(LedgerReader& reader,
                                                   const LedgerFilter& filter) {
  std::vector<ApplicantSummary> out;
  std::map<std::string, std::size_t> index;
  reader.rows(filter, [&](const LedgerRow& row) {
    const LedgerEntry& e = row.entry;
    const bool first = e.notice == kFirstNotice;
    if (!first && e.notice != kSecondNotice) return;
    const std::string key = applicant_key_of(e);
    if (key.empty()) return;
    auto [it, fresh] = index.emplace(key, out.size());
    if (fresh) {
      ApplicantSummary a;
      a.applicant_key = key;
      a.applicant_domain = e.applicant_domain;
      a.company = e.company;
      out.push_back(std::move(a));
    }
    ApplicantSummary& a = out[it->second];
    add_row(first ? a.first : a.second, e);
    if (row.seen == Sighting::OtherApplicant ||
        std::find(e.reasons.begin(), e.reasons.end(), "duplicate-id") != e.reasons.end()) {
      ++a.duplicates;
    }
    if (!e.programme.empty()) add_once(a.programmes, e.programme);
    if (!e.requirement.empty()) a.requirement = e.requirement;
  });
  return out;
}

}  // namespace sa
