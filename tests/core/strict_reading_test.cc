// strict_reading_test.cc - the strict second reading of an original's bytes: each kind of
// ambiguity it must refuse, the exact RFC 2046 delimiter rule, and the plain messages it
// must accept (LF-only and CRLF-only alike).
#include "core/strict_reading.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

namespace {

const std::string kHead =
    "From: \"IPA SECURITY ACTION\" <security-action-info@ipa.go.jp>\n"
    "To: soumu@example.co.jp\n"
    "Subject: =?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR?=\n"
    "Date: Mon, 13 May 2024 10:21:07 +0900\n"
    "MIME-Version: 1.0\n";

std::vector<std::string> read(const std::string& raw, std::vector<std::string> enclosing = {}) {
  return sa::read_strictly(raw, enclosing).ambiguities;
}

bool has(const std::vector<std::string>& v, const std::string& r) {
  return std::find(v.begin(), v.end(), r) != v.end();
}

std::string crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

const std::string kPlain = kHead + "Content-Type: text/plain; charset=UTF-8\n\nbody line\n";

const std::string kMultipart = kHead +
                               "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                               "preamble\n--b1\nContent-Type: text/plain\n\nplain\n"
                               "--b1\nContent-Type: text/html\n\n<p>html</p>\n--b1--\nepilogue\n";

}  // namespace

TEST_CASE("a plain original is not ambiguous, with LF or CRLF line ends", "[strict]") {
  for (const std::string& raw : {kPlain, crlf(kPlain), kMultipart, crlf(kMultipart)}) {
    auto r = sa::read_strictly(raw, {});
    CHECK(r.ambiguities.empty());
    CHECK(r.from_address == "security-action-info@ipa.go.jp");
  }
  CHECK(sa::read_strictly(kPlain, {}).entities == 1);
  CHECK(sa::read_strictly(kMultipart, {}).entities == 3);
}

TEST_CASE("every unique header counted twice is refused, by name", "[strict]") {
  for (std::string name : {"From", "Subject", "Date", "Sender", "Reply-To", "Message-ID",
                           "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    // A second instance above, in another case: readers that take the first or the last differ.
    std::string raw = lower + ": x@evil.example\n" + kPlain;
    if (name == "Subject" || name == "From" || name == "Date" || name == "MIME-Version" ||
        name == "Content-Type") {
      CHECK(has(read(raw), "ambiguous=duplicate-" + lower));
    } else {
      raw = name + ": one@example.jp\n" + name + ": two@example.jp\n" + kPlain;
      CHECK(has(read(raw), "ambiguous=duplicate-" + lower));
    }
  }
  CHECK(read("Received: a\nReceived: b\n" + kPlain).empty());
}

TEST_CASE("bare CR, NUL and mixed line ends are refused", "[strict]") {
  CHECK(has(read("Subject: forged\rSubject: real\n" + kPlain), "ambiguous=bare-cr"));
  CHECK(has(read(kPlain + std::string("a\0b\n", 4)), "ambiguous=nul"));
  CHECK(has(read(crlf(kHead) + "Content-Type: text/plain\n\nbody\n"),
            "ambiguous=mixed-line-endings"));
}

TEST_CASE("header lines another reader could take differently are refused", "[strict]") {
  CHECK(has(read("Subject : forged\n" + kPlain), "ambiguous=space-before-colon"));
  CHECK(has(read("not a header line\n" + kPlain), "ambiguous=malformed-header-line"));
  CHECK(has(read(" continuation first\n" + kPlain), "ambiguous=malformed-header-line"));
  CHECK(has(read("From sender@example Mon May 13 10:21:07 2024\n" + kPlain),
            "ambiguous=malformed-header-line"));
}

TEST_CASE("only exact RFC 2046 delimiter lines delimit; look-alikes are refused", "[strict]") {
  for (std::string suffix : {"-x", "x", "--x", " x", "\tx"}) {
    std::string raw = kMultipart;
    raw.insert(raw.find("plain\n--b1") + 6, "--b1" + suffix + "\n");
    INFO(suffix);
    CHECK(has(read(raw), "ambiguous=boundary-like-line"));
  }
  // Transport padding after a delimiter is allowed by RFC 2046.
  std::string padded = kMultipart;
  padded.replace(padded.find("--b1\nContent-Type: text/html"), 5, "--b1 \t\n");
  CHECK(read(padded).empty());
  // A line of the enclosing message's boundary inside the original.
  std::string inside = kPlain + "--outer-boundary-x\nforged\n";
  CHECK(has(read(inside, {"outer-boundary"}), "ambiguous=boundary-like-line"));
  CHECK(read(kPlain, {"outer-boundary"}).empty());
}

TEST_CASE("ambiguous Content-Type parameters and boundaries are refused", "[strict]") {
  auto with_ct = [](const std::string& ct) {
    return kHead + "Content-Type: " + ct + "\n\n--a\n\nx\n--a--\n";
  };
  CHECK(has(read(with_ct("multipart/mixed; boundary=a; boundary=b")),
            "ambiguous=duplicate-parameter"));
  CHECK(has(read(with_ct("multipart/mixed; boundary=a; boundary*=utf-8''b")),
            "ambiguous=duplicate-parameter"));
  CHECK(has(read(with_ct("text/plain; charset=utf-8; charset=iso-2022-jp")),
            "ambiguous=duplicate-parameter"));
  CHECK(has(read(with_ct("multipart/mixed")), "ambiguous=boundary-invalid"));
  CHECK(has(read(with_ct("multipart/mixed; boundary=\"a \"")), "ambiguous=boundary-invalid"));
  // An inner multipart reusing (a prefix of) the outer boundary.
  std::string nested = kHead +
                       "Content-Type: multipart/mixed; boundary=\"ab\"\n\n--ab\n"
                       "Content-Type: multipart/mixed; boundary=\"a\"\n\n--a\n\nx\n--a--\n--ab--\n";
  CHECK(has(read(nested), "ambiguous=boundary-reused"));
}

TEST_CASE("a From with more or less than one mailbox is refused", "[strict]") {
  auto from = [](const std::string& value) { return "From: " + value + "\nSubject: s\n\nbody\n"; };
  CHECK(sa::read_strictly(from("a@ipa.go.jp"), {}).from_address == "a@ipa.go.jp");
  CHECK(sa::read_strictly(from("\"x@evil.example\" <a@IPA.go.jp>"), {}).from_address ==
        "a@ipa.go.jp");
  CHECK(
      sa::read_strictly(from("=?UTF-8?Q?x=40evil?= <a@ipa.go.jp> (comment@x)"), {}).from_address ==
      "a@ipa.go.jp");
  CHECK(has(read(from("a@ipa.go.jp, b@evil.example")), "ambiguous=from-address"));
  CHECK(has(read(from("<b@evil.example> <a@ipa.go.jp>")), "ambiguous=from-address"));
  CHECK(has(read(from("group: a@ipa.go.jp;")), "ambiguous=from-address"));
  CHECK(has(read(from("no address")), "ambiguous=from-address"));
}

TEST_CASE("message/rfc822 parts inside an original are read too", "[strict]") {
  std::string raw = kHead +
                    "Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\n"
                    "Content-Type: message/rfc822\n\nSubject: a\nSubject: b\n\ninner\n--m--\n";
  auto r = sa::read_strictly(raw, {});
  CHECK(has(r.ambiguities, "ambiguous=duplicate-subject"));
  CHECK(r.entities == 3);  // the multipart, the message part, the inner message's body
}
