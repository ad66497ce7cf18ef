// relaxed_body_test.cc - DKIM's relaxed body form (RFC 6376 3.4.4) of a message: white space
// runs one space, none at line ends, headers and line ends untouched.
#include "core/relaxed_body.h"

#include <catch2/catch.hpp>

namespace sa {

TEST_CASE("the relaxed body form collapses runs and drops trailing white space", "[relaxed_body]") {
  CHECK(relaxed_body("Subject:  a  b \n\nx  \t y \n=E6=A0= \nz\t\n") ==
        "Subject:  a  b \n\nx y\n=E6=A0=\nz\n");
  // CRLF stays CRLF; the CR is not white space.
  CHECK(relaxed_body("A: 1\r\n\r\n a \r\nb\t\r\n") == "A: 1\r\n\r\n a\r\nb\r\n");
  // A last line without a line end.
  CHECK(relaxed_body("A: 1\n\nend  ") == "A: 1\n\nend");
}

TEST_CASE("a message already in relaxed form, or without a body, is unchanged", "[relaxed_body]") {
  const std::string genuine = "From: a@ipa.go.jp\n\n株式会社テスト工業\n見本 太郎様\n";
  CHECK(relaxed_body(genuine) == genuine);
  CHECK(relaxed_body("From: a@ipa.go.jp\nSubject: x  y  \n") ==
        "From: a@ipa.go.jp\nSubject: x  y  \n");
}

}  // namespace sa
