// test_messages.h - small inline messages for the milter tests (the samples/ corpus is
// exercised by the core tests; these are fixed so the expected edits are exact).
#pragma once

#include <string>

namespace sa::test {

// A SECURITY ACTION 二つ星 notice sent directly by ipa.go.jp (verdict consistent, star 2,
// declaration id 49999910002, user number 99999910002), with `extra_headers` (each ending
// in "\r\n") placed after Subject. `from_domain` replaces ipa.go.jp (a look-alike makes it
// suspicious).
std::string direct_notice(const std::string& extra_headers = "",
                          const std::string& from_domain = "ipa.go.jp");

// An ordinary application mail that carries no notice (verdict none).
std::string ordinary_mail(const std::string& extra_headers = "");

}  // namespace sa::test
