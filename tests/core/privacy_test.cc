// privacy_test.cc - the 利用者番号 is masked, hashed, shown or omitted as configured.
#include "core/privacy.h"

#include <catch2/catch.hpp>

using namespace sa;

TEST_CASE("user number presentation follows the privacy policy", "[privacy]") {
  CHECK(present_user_number("12345678901", UserNumberPrivacy::Mask, "") == "*******8901");
  CHECK(present_user_number("1234", UserNumberPrivacy::Mask, "") == "****");
  CHECK(present_user_number("12345678901", UserNumberPrivacy::Full, "") == "12345678901");
  CHECK(present_user_number("12345678901", UserNumberPrivacy::Omit, "") == "");
  const std::string h1 = present_user_number("12345678901", UserNumberPrivacy::Hash, "salt");
  const std::string h2 = present_user_number("12345678901", UserNumberPrivacy::Hash, "other");
  CHECK(h1.rfind("sha256:", 0) == 0);
  CHECK(h1.size() == 7 + 16);
  CHECK(h1 != h2);
  CHECK(h1.find("8901") == std::string::npos);
  CHECK(present_user_number("", UserNumberPrivacy::Mask, "") == "");
}
