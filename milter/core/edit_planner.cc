// edit_planner.cc - headers, subject tag and routing for one message.
#include "core/edit_planner.h"

#include <algorithm>
#include <map>

#include "core/ascii.h"
#include "core/header_section.h"
#include "core/header_value.h"
#include "core/privacy.h"
#include "core/recipient_address.h"

namespace sa {
namespace {

void add(EditPlan& plan, const Config& config, const char* suffix, std::string_view value,
         std::size_t max_chars = 200) {
  const std::string clean = clean_header_text(value, max_chars);
  if (clean.empty()) return;
  const std::string name = config.header_prefix + suffix;
  plan.adds.push_back({name, encode_header_value(clean, name)});
}

bool matches(const RouteRule& rule, const Evidence& ev, const std::vector<std::string>& rcpts,
             const Config& config) {
  const RouteMatch& m = rule.match;
  if (!m.verdicts.empty() &&
      std::find(m.verdicts.begin(), m.verdicts.end(), ev.verdict) == m.verdicts.end()) {
    return false;
  }
  if (!m.requirements.empty()) {
    const std::string requirement = ev.requirement.empty() ? "none" : ev.requirement;
    if (std::find(m.requirements.begin(), m.requirements.end(), requirement) ==
        m.requirements.end()) {
      return false;
    }
  }
  if (!m.notices.empty()) {
    const std::string notice = ev.notice.empty() ? "none" : ev.notice;
    if (std::find(m.notices.begin(), m.notices.end(), notice) == m.notices.end()) return false;
  }
  if (!m.stars.empty() && std::find(m.stars.begin(), m.stars.end(), ev.star) == m.stars.end()) {
    return false;
  }
  if (!m.recipients.empty()) {
    const bool any = std::any_of(rcpts.begin(), rcpts.end(), [&](const std::string& r) {
      return recipient_matches(r, m.recipients, config.subaddress_delimiter);
    });
    if (!any) return false;
  }
  return true;
}

void apply_route(const RouteRule& rule, const std::vector<std::string>& rcpts, EditPlan& plan) {
  plan.route = rule.name.empty() ? "unnamed" : rule.name;
  switch (rule.action) {
    case RouteAction::Tag:
      break;
    case RouteAction::ReplaceRecipients:
      for (const auto& r : rcpts) plan.delete_recipients.push_back(r);
      [[fallthrough]];
    case RouteAction::AddRecipients:
      for (const auto& r : rule.recipients) {
        if (std::find(rcpts.begin(), rcpts.end(), r) == rcpts.end() ||
            rule.action == RouteAction::ReplaceRecipients) {
          plan.add_recipients.push_back(r);
        }
      }
      break;
    case RouteAction::Quarantine:
      plan.quarantine_reason =
          clean_header_text(rule.reason.empty() ? "sa-triage: " + plan.route : rule.reason, 100);
      break;
    case RouteAction::Reject:
      plan.reject = SmtpReply{
          rule.smtp_code, rule.smtp_xcode,
          rule.smtp_message.empty() ? "Message refused by sa-triage policy" : rule.smtp_message};
      break;
    case RouteAction::Tempfail:
      plan.tempfail = SmtpReply{rule.smtp_code, rule.smtp_xcode,
                                rule.smtp_message.empty() ? "Try again later" : rule.smtp_message};
      break;
  }
}

std::string joined_reasons(const Evidence& ev) {
  std::string reasons;
  for (const auto& r : ev.reasons) reasons += (reasons.empty() ? "" : " ") + r;
  return reasons;
}

std::string subject_tag(const Evidence& ev, const Config& config) {
  std::string tag = config.subject_tag_format;
  const std::map<std::string, std::string> values{
      {"{verdict}", std::string(to_string(ev.verdict))},
      {"{notice}", ev.notice.empty() ? "none" : ev.notice},
      {"{star}", ev.star ? std::to_string(ev.star) : "?"}};
  for (const auto& [key, value] : values) {
    for (std::size_t at = tag.find(key); at != std::string::npos; at = tag.find(key, at)) {
      tag.replace(at, key.size(), value);
      at += value.size();
    }
  }
  return clean_header_text(tag, 80);
}

}  // namespace

std::vector<HeaderDelete> plan_forged_header_deletes(std::string_view raw, const Config& config) {
  const std::string prefix = ascii_lower(config.header_prefix);
  // Per lower-cased name: the spelling first seen and how many occurrences.
  std::vector<std::pair<std::string, int>> counts;
  std::map<std::string, std::size_t> slot;
  // Names are looked at in place: a message may carry millions of fields.
  visit_raw_headers(raw, [&](std::string_view name, std::string_view) {
    if (name.size() < prefix.size() || !ascii_iequals(name.substr(0, prefix.size()), prefix)) {
      return true;
    }
    const std::string key = ascii_lower(name);
    auto [it, fresh] = slot.emplace(key, counts.size());
    if (fresh) counts.push_back({std::string(name), 0});
    ++counts[it->second].second;
    return true;
  });
  std::vector<HeaderDelete> deletes;
  for (const auto& [name, count] : counts) {
    for (int i = count; i >= 1; --i) deletes.push_back({name, i});
  }
  return deletes;
}

bool recipients_in_scope(const std::vector<std::string>& recipients, const Config& config) {
  if (config.scope_recipients.empty()) return true;
  return std::any_of(recipients.begin(), recipients.end(), [&](const std::string& r) {
    return recipient_matches(r, config.scope_recipients, config.subaddress_delimiter);
  });
}

EditPlan plan_edits(std::string_view raw, const Evidence& ev,
                    const std::vector<std::string>& recipients, const std::string& subject,
                    const Config& config) {
  EditPlan plan;
  plan.deletes = plan_forged_header_deletes(raw, config);
  add(plan, config, "Verdict", to_string(ev.verdict));
  add(plan, config, "Notice", ev.notice);
  if (ev.star) add(plan, config, "Star", std::to_string(ev.star));
  add(plan, config, "Declaration-ID", ev.declaration_id, 40);
  add(plan, config, "User-Number",
      present_user_number(ev.user_number, config.user_number_privacy, config.hash_salt), 40);
  add(plan, config, "Company", ev.company, 120);
  add(plan, config, "Printout-Status", ev.printout_status, 60);
  add(plan, config, "Original-From", ev.original_from, 200);
  if (ev.forward != ForwardStyle::None) add(plan, config, "Forward", to_string(ev.forward));
  add(plan, config, "Auth", ev.auth, 300);
  add(plan, config, "Seen", ev.seen);
  add(plan, config, "Programme", ev.programme, 120);
  add(plan, config, "Requirement", ev.requirement);
  add(plan, config, "Pair", ev.pair, 120);
  add(plan, config, "Reasons", joined_reasons(ev), 900);

  if (config.subject_tag && ev.verdict != Verdict::None) {
    // Tag and Subject encoded together: whole encoded-words, folded within 76 columns.
    const std::string rest = clean_header_text(subject, 300);
    const std::string tag = clean_header_text(subject_tag(ev, config), 100);
    plan.new_subject = encode_header_value(rest.empty() ? tag : tag + " " + rest, "Subject");
  }
  for (const auto& rule : config.routes) {
    if (matches(rule, ev, recipients, config)) {
      apply_route(rule, recipients, plan);
      break;
    }
  }
  return plan;
}

EditPlan plan_failure(std::string_view raw_headers, const Evidence& ev, const Config& config) {
  EditPlan plan;
  if (config.on_error == Config::OnError::Tempfail) {
    plan.tempfail = SmtpReply{"451", "4.3.0", "sa-triage: temporary failure, try later"};
    plan.route = "on-error-tempfail";
    return plan;
  }
  plan.deletes = plan_forged_header_deletes(raw_headers, config);
  add(plan, config, "Verdict", to_string(ev.verdict));
  add(plan, config, "Reasons", joined_reasons(ev), 900);
  plan.route = "on-error-accept";
  return plan;
}

}  // namespace sa
