// printout_deferral_test.cc - PDF and image attachments kept undecoded (ParseLimits::
// defer_printouts) must read back as exactly what decoding them during the walk gave: the
// same parts, the same bytes, the same too-large verdicts and the same problems, for every
// transfer encoding, at the size limit, inside an embedded message, and for every sample.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/mime_tree.h"
#include "encoded_text.h"

namespace fs = std::filesystem;
using sa::test::base64;

namespace {

sa::MessageView parse(std::string_view raw, bool defer, std::size_t limit) {
  sa::mime_init();
  sa::ParseLimits limits;
  limits.keep_pdf_bytes = limit;
  limits.keep_image_bytes = limit;
  limits.defer_printouts = defer;
  return sa::parse_message(raw, limits, sa::RawCopy::Later);
}

struct Read {
  bool ok = false;
  std::string bytes;
  bool operator==(const Read&) const = default;
};

Read read(const sa::PrintoutPart& part) {
  std::string scratch;
  std::string_view content;
  Read r;
  r.ok = sa::printout_content(part, scratch, content);
  if (r.ok) r.bytes.assign(content);
  return r;
}

// Every printout of the tree, in walk order.
void collect(const sa::MessageView& v, std::vector<const sa::PrintoutPart*>& out) {
  for (const auto& p : v.printouts) out.push_back(&p);
  for (const auto& child : v.attached) collect(child, out);
}

// Parses `raw` both ways and requires the same printouts, contents and problems. Returns how
// many parts were deferred.
std::size_t same_both_ways(const std::string& raw, std::size_t limit) {
  const sa::MessageView eager = parse(raw, false, limit);
  const sa::MessageView deferred = parse(raw, true, limit);
  std::vector<const sa::PrintoutPart*> a;
  std::vector<const sa::PrintoutPart*> b;
  collect(eager, a);
  collect(deferred, b);
  REQUIRE(a.size() == b.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK_FALSE(a[i]->deferred);
    CHECK(a[i]->kind == b[i]->kind);
    if (b[i]->deferred) {
      ++count;
      CHECK(b[i]->bytes.empty());  // nothing decoded or copied during the walk
    }
    CHECK(read(*a[i]) == read(*b[i]));
  }
  CHECK(eager.problems == deferred.problems);
  CHECK(eager.text == deferred.text);
  return count;
}

// A PDF-like payload: binary bytes of every value, CR, LF and '=' included.
std::string payload(std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out = "%PDF-1.4\n";
  while (out.size() < size) out.push_back(static_cast<char>(rng() & 0xFF));
  out.resize(size);
  return out;
}

std::string folded(const std::string& text, std::size_t width, const char* eol) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); at += width) out += text.substr(at, width) + eol;
  return out;
}

std::string quoted_printable(const std::string& bytes) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  std::size_t line = 0;
  for (unsigned char c : bytes) {
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ') {
      piece.assign(1, static_cast<char>(c));
    } else {
      piece = {'=', hex[c >> 4], hex[c & 15]};
    }
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  }
  return out;
}

std::string with_attachment(const std::string& encoding, const std::string& content,
                            const char* type = "application/pdf", const char* name = "p.pdf") {
  return "From: applicant@example.jp\r\nTo: office@example.jp\r\nSubject: evidence\r\n"
         "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=BB\r\n\r\n"
         "--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee the attachment\r\n"
         "--BB\r\nContent-Type: " +
         std::string(type) + "; name=\"" + name +
         "\"\r\nContent-Disposition: attachment; filename=\"" + name +
         "\"\r\nContent-Transfer-Encoding: " + encoding + "\r\n\r\n" + content + "\r\n--BB--\r\n";
}

}  // namespace

TEST_CASE("deferred printouts read back as the walk decoded them, in every encoding",
          "[mime][printout][property]") {
  const std::string pdf = payload(3000, 1201);
  const std::string b64 = base64(pdf);
  const std::size_t limit = 1 << 20;
  // Top-level parts GMime reads straight from the message's bytes: all deferred.
  CHECK(same_both_ways(with_attachment("base64", folded(b64, 76, "\r\n")), limit) == 1);
  CHECK(same_both_ways(with_attachment("base64", folded(b64, 64, "\n")), limit) == 1);
  CHECK(same_both_ways(with_attachment("base64", b64), limit) == 1);  // one long line
  CHECK(same_both_ways(with_attachment("BASE64", folded(b64, 72, "\r\n") + "junk!*"), limit) == 1);
  CHECK(same_both_ways(with_attachment("quoted-printable", quoted_printable(pdf)), limit) == 1);
  CHECK(same_both_ways(with_attachment("7bit", "%PDF-1.4\r\nplain\r\n"), limit) == 1);
  CHECK(same_both_ways(with_attachment("binary", pdf), limit) == 1);
  CHECK(same_both_ways(with_attachment("base64", folded(b64, 76, "\r\n"), "image/png", "s.png"),
                       limit) == 1);
  // Cut short (the walk notes truncated-base64 either way) and empty.
  CHECK(same_both_ways(with_attachment("base64", b64.substr(0, b64.size() - 3)), limit) == 1);
  CHECK(same_both_ways(with_attachment("base64", ""), limit) == 1);
}

TEST_CASE("deferred printouts are too large exactly where decoded ones were", "[mime][printout]") {
  const std::string pdf = payload(5000, 7);
  for (std::size_t limit : {std::size_t{4999}, std::size_t{5000}, std::size_t{5001},
                            std::size_t{65536}, std::size_t{100}}) {
    INFO("limit " << limit);
    CHECK(same_both_ways(with_attachment("base64", folded(base64(pdf), 76, "\r\n")), limit) == 1);
    CHECK(same_both_ways(with_attachment("quoted-printable", quoted_printable(pdf)), limit) == 1);
    CHECK(same_both_ways(with_attachment("binary", pdf), limit) == 1);
  }
  // Larger than the decoder's 64 KiB chunks, around the limit.
  const std::string big = payload(200000, 9);
  for (std::size_t limit : {std::size_t{199999}, std::size_t{200000}, std::size_t{70000}}) {
    INFO("limit " << limit);
    CHECK(same_both_ways(with_attachment("base64", folded(base64(big), 76, "\r\n")), limit) == 1);
  }
}

TEST_CASE("printouts of embedded messages: deferred inside message/rfc822, decoded in a .eml",
          "[mime][printout]") {
  const std::string inner = with_attachment("base64", folded(base64(payload(2000, 3)), 76, "\r\n"));
  const std::string outer_head =
      "From: applicant@example.jp\r\nTo: office@example.jp\r\nSubject: Fwd: evidence\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=OO\r\n\r\n"
      "--OO\r\nContent-Type: text/plain\r\n\r\nforwarded\r\n--OO\r\n";
  // GMime parses a message/rfc822 part inside the outer bytes: its PDF is deferred too.
  CHECK(
      same_both_ways(outer_head + "Content-Type: message/rfc822\r\n\r\n" + inner + "\r\n--OO--\r\n",
                     1 << 20) == 1);
  // A base64 .eml is decoded into its own bytes first: its PDF is decoded during the walk.
  CHECK(same_both_ways(outer_head +
                           "Content-Type: message/rfc822; name=\"f.eml\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n" +
                           folded(base64(inner), 76, "\r\n") + "--OO--\r\n",
                       1 << 20) == 0);
}

TEST_CASE("every sample's printouts are the same deferred or decoded", "[mime][printout]") {
  std::size_t deferred = 0;
  for (const auto& entry : fs::directory_iterator(SA_SAMPLES_DIR)) {
    if (entry.path().extension() != ".eml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    INFO(entry.path().filename().string());
    deferred += same_both_ways(bytes.str(), 10 * 1024 * 1024);
  }
  CHECK(deferred >= 3);  // the two printouts and the large PDF attachment at least
}
