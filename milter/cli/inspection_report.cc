// inspection_report.cc - JSON (nlohmann::json) and text renderings of an Inspection.
#include "cli/inspection_report.h"

#include <glib.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/header_value.h"
#include "core/privacy.h"

namespace sa {
namespace {

// Strings from mail may hold invalid UTF-8; JSON output must not.
std::string valid(const std::string& s) { return clean_header_text(s, 100000); }

nlohmann::ordered_json reply_json(const SmtpReply& r) {
  return {{"code", r.code}, {"xcode", r.xcode}, {"message", r.message}};
}

}  // namespace

std::string inspection_json(const std::string& file, const Inspection& in, const Config& config,
                            bool show_original) {
  const Evidence& ev = in.evidence;
  nlohmann::ordered_json j;
  j["file"] = valid(file);
  j["in_scope"] = in.in_scope;
  j["out_of_scope_claim"] = in.out_of_scope_claim;
  j["verdict"] = in.in_scope ? std::string(to_string(ev.verdict)) : "out-of-scope";
  j["notice"] = ev.notice.empty() ? nullptr : nlohmann::ordered_json(ev.notice);
  j["star"] = ev.star ? nlohmann::ordered_json(ev.star) : nullptr;
  j["declaration_id"] = valid(ev.declaration_id);
  j["user_number"] =
      present_user_number(ev.user_number, config.user_number_privacy, config.hash_salt);
  j["company"] = valid(ev.company);
  j["printout_status"] = valid(ev.printout_status);
  j["original_from"] = valid(ev.original_from);
  j["original_subject"] = valid(ev.original_subject);
  j["original_date"] = valid(ev.original_date);
  j["forward"] = std::string(to_string(ev.forward));
  const auto or_null = [](const std::string& v) {
    return v.empty() ? nullptr : nlohmann::ordered_json(valid(v));
  };
  j["programme"] = or_null(ev.programme);
  j["requirement"] = or_null(ev.requirement);  // grant_requirement.h
  j["pair"] = or_null(ev.pair);                // notice_pair.h; none without a ledger
  j["reasons"] = nlohmann::ordered_json::array();
  for (const auto& r : ev.reasons) j["reasons"].push_back(valid(r));
  j["headers"] = nlohmann::ordered_json::array();
  for (const auto& h : in.plan.adds) j["headers"].push_back({{"name", h.name}, {"value", h.value}});
  if (show_original && !ev.verified_original.empty()) {
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(ev.verified_original.data()),
                                 ev.verified_original.size());
    j["verified_original"] = std::string(b64);
    g_free(b64);
  }
  nlohmann::ordered_json edits;
  edits["delete_headers"] = nlohmann::ordered_json::array();
  for (const auto& d : in.plan.deletes) {
    edits["delete_headers"].push_back({{"name", valid(d.name)}, {"index", d.index}});
  }
  edits["new_subject"] =
      in.plan.new_subject ? nlohmann::ordered_json(*in.plan.new_subject) : nullptr;
  edits["add_recipients"] = in.plan.add_recipients;
  edits["delete_recipients"] = in.plan.delete_recipients;
  edits["quarantine"] =
      in.plan.quarantine_reason ? nlohmann::ordered_json(*in.plan.quarantine_reason) : nullptr;
  edits["reject"] = in.plan.reject ? reply_json(*in.plan.reject) : nullptr;
  edits["tempfail"] = in.plan.tempfail ? reply_json(*in.plan.tempfail) : nullptr;
  edits["route"] = in.plan.route;
  j["edits"] = edits;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string inspection_text(const std::string& file, const Inspection& in, const Config& config) {
  const Evidence& ev = in.evidence;
  std::ostringstream out;
  out << file << "\n";
  if (!in.in_scope) {
    out << "  out of scope (no recipient in scope.recipients): only forged headers are removed\n";
    if (in.out_of_scope_claim) {
      out << "  its Subject claims a SECURITY ACTION notice: is a grant address missing from "
             "scope.recipients?\n";
    }
  } else {
    out << "  verdict:        " << to_string(ev.verdict) << "\n";
    if (!ev.notice.empty()) out << "  notice:         " << ev.notice << "\n";
    if (ev.star)
      out << "  star:           " << std::string(ev.star, '*') << " (" << ev.star << ")\n";
    if (!ev.declaration_id.empty()) out << "  自己宣言ID:     " << valid(ev.declaration_id) << "\n";
    const std::string un =
        present_user_number(ev.user_number, config.user_number_privacy, config.hash_salt);
    if (!un.empty()) out << "  利用者番号:     " << un << "\n";
    if (!ev.company.empty())
      out << "  company:        " << clean_header_text(ev.company, 200) << "\n";
    if (!ev.printout_status.empty())
      out << "  受付状況:       " << clean_header_text(ev.printout_status, 100) << "\n";
    if (!ev.original_from.empty())
      out << "  original from:  " << clean_header_text(ev.original_from, 200) << "\n";
    if (!ev.original_subject.empty())
      out << "  original subj:  " << clean_header_text(ev.original_subject, 200) << "\n";
    if (!ev.original_date.empty())
      out << "  original date:  " << clean_header_text(ev.original_date, 200) << "\n";
    out << "  forward:        " << to_string(ev.forward) << "\n";
    if (!ev.programme.empty())
      out << "  programme:      " << clean_header_text(ev.programme, 120) << "\n";
    if (!ev.requirement.empty()) out << "  requirement:    " << ev.requirement << "\n";
    if (!ev.pair.empty()) out << "  pair:           " << ev.pair << "\n";
    out << "  reasons:       ";
    for (const auto& r : ev.reasons) out << " " << valid(r);
    out << "\n";
  }
  out << "  edits:\n";
  for (const auto& d : in.plan.deletes)
    out << "    delete " << valid(d.name) << " #" << d.index << "\n";
  for (const auto& h : in.plan.adds) out << "    add    " << h.name << ": " << h.value << "\n";
  if (in.plan.new_subject) out << "    change Subject: " << *in.plan.new_subject << "\n";
  for (const auto& r : in.plan.add_recipients) out << "    add recipient    " << r << "\n";
  for (const auto& r : in.plan.delete_recipients) out << "    delete recipient " << r << "\n";
  if (in.plan.quarantine_reason)
    out << "    quarantine (hold): " << *in.plan.quarantine_reason << "\n";
  if (in.plan.reject)
    out << "    reject " << in.plan.reject->code << " " << in.plan.reject->xcode << " "
        << in.plan.reject->message << "\n";
  if (in.plan.tempfail)
    out << "    tempfail " << in.plan.tempfail->code << " " << in.plan.tempfail->xcode << " "
        << in.plan.tempfail->message << "\n";
  if (!in.plan.route.empty()) out << "    (routing rule: " << in.plan.route << ")\n";
  return out.str();
}

}  // namespace sa
