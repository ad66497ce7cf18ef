// signing_policy.h - what a DKIM signature must cover before it may make an original
// `verified`, in one place for both our own verification (libopendkim) and a trusted
// upstream MTA's dkim=pass: From and Subject always; Date, Content-Type and
// Content-Transfer-Encoding whenever the original has them. It also reads a
// DKIM-Signature's tags itself, for the upstream case where no verifier of ours ran.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/raw_message.h"

namespace sa {

// Lower-case names of the fields that the signature of `msg` must cover.
std::vector<std::string> required_signed_headers(const RawMessage& msg);

// "dkim-h=<name>-unsigned" for each required name that `is_signed` says is not covered.
std::vector<std::string> coverage_refusals(
    const std::vector<std::string>& required,
    const std::function<bool(const std::string&)>& is_signed);

// The tags of one DKIM-Signature value (RFC 6376 §3.2), names as written, values with
// white space removed. Unparsable text gives an empty list.
std::vector<std::pair<std::string, std::string>> dkim_signature_tags(std::string_view value);

// Refusals for a signature known only by its tags (a trusted upstream's dkim=pass):
// coverage as above, l= present, a=rsa-sha1.
std::vector<std::string> tag_refusals(const std::vector<std::pair<std::string, std::string>>& tags,
                                      const std::vector<std::string>& required);

}  // namespace sa
