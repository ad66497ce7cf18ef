// base64_scan_test.cc - count_base64_chars against a plain byte-by-byte reference, on random
// buffers of every length around the vector width and the 8-bit lane limit, at every
// alignment, with all 256 byte values; and the truncation it tells through a large part.
#include "core/base64_scan.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "core/mime_tree.h"

namespace {

std::size_t reference(const unsigned char* p, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
        c == '/' || c == '=')
      ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("count_base64_chars agrees with the byte-by-byte count on random input",
          "[base64][property]") {
  std::mt19937 rng(20261201);
  std::vector<unsigned char> buf(16 * 600 + 64);
  for (int trial = 0; trial < 400; ++trial) {
    // Mostly base64 text with line breaks, or any bytes at all.
    const bool any_byte = trial % 2 == 0;
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n \t-.";
    for (auto& c : buf) {
      c = any_byte ? static_cast<unsigned char>(rng() & 0xFF)
                   : static_cast<unsigned char>(alphabet[rng() % alphabet.size()]);
    }
    const std::size_t offset = rng() % 16;
    std::size_t n = rng() % (buf.size() - offset);
    if (trial < 64) n = static_cast<std::size_t>(trial);  // every short length
    if (trial == 64) n = 16 * 255;                        // exactly one lane-counter round
    if (trial == 65) n = 16 * 255 + 1;
    INFO("trial " << trial << " offset " << offset << " length " << n);
    REQUIRE(sa::count_base64_chars(buf.data() + offset, n) == reference(buf.data() + offset, n));
  }
}

TEST_CASE("every byte value is counted as base64's alphabet says", "[base64]") {
  std::vector<unsigned char> all(256 * 17);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<unsigned char>(i % 256);
  CHECK(sa::count_base64_chars(all.data(), all.size()) == 65u * 17u);
  const unsigned char edges[] = {'@',     '[',     '`',     '{',  '/' - 1,
                                 '9' + 1, '+' - 1, '=' + 1, 0x80, 0xC1};
  CHECK(sa::count_base64_chars(edges, sizeof edges) == 0);
}

TEST_CASE("a large base64 part that ends one character short is truncated", "[base64][mime]") {
  sa::mime_init();
  std::string payload;
  for (int line = 0; line < 5000; ++line) payload += std::string(76, line % 2 ? 'Q' : 'g') + "\r\n";
  auto message = [](const std::string& b64) {
    return "From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/plain\r\n\r\nsee attachment\r\n--b\r\n"
           "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
           b64 + "--b--\r\n";
  };
  auto truncated = [](const sa::MessageView& v) {
    for (const auto& p : v.problems)
      if (p == "truncated-base64") return true;
    return false;
  };
  sa::ParseLimits limits;
  limits.keep_pdf_bytes = 1 << 20;  // the PDF is kept for the printout readers, as configured
  CHECK_FALSE(truncated(sa::parse_message(message(payload), limits)));
  std::string short_one = payload;
  short_one.erase(short_one.size() - 3, 1);  // 379,999 characters: not a whole quantum
  CHECK(truncated(sa::parse_message(message(short_one), limits)));
}
