// failure_plan.cc - the EditPlan for a failed inspection.
#include "daemon/failure_plan.h"

#include "core/edit_planner.h"

namespace sa {
namespace {

constexpr std::size_t kMaxReason = 200;

// Printable ASCII only, no spaces or separators, bounded: safe in a header and a log line.
std::string header_safe(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxReason) break;
    auto u = static_cast<unsigned char>(c);
    out += (u > 0x20 && u < 0x7f && c != ',' && c != ';') ? c : '_';
  }
  return out;
}

}  // namespace

Inspection failure_inspection(const Config& config, const MessageBuffer& message,
                              const std::string& failure) {
  Inspection result;
  std::string reason = header_safe(failure);
  result.evidence.verdict = Verdict::Error;
  result.evidence.reasons = {reason};
  if (config.on_error == Config::OnError::Tempfail) {
    result.plan.tempfail = SmtpReply{"451", "4.3.0", "sa-triage: temporary failure, try later"};
    result.plan.route = "on-error-tempfail";
    return result;
  }
  result.plan.deletes = plan_forged_header_deletes(message.raw_headers(), config);
  result.plan.adds = {{config.header_prefix + "Verdict", "error"},
                      {config.header_prefix + "Reasons", reason}};
  result.plan.route = "on-error-accept";
  return result;
}

}  // namespace sa
