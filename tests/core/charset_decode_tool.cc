// charset_decode_tool.cc - test-only driver of sa::decode_to_utf8 for the Python property test
// (charset_property_test.py). `charset_decode_tool LABEL` decodes stdin and prints a line
// "lossy=0|1 unknown=0|1" followed by the UTF-8. `charset_decode_tool --batch` reads lines
// "LABEL<TAB>HEX-BYTES" and answers each with "LOSSY<TAB>UNKNOWN<TAB>HEX-UTF8".
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "core/charset.h"

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool from_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_digit(hex[i]);
    int lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string to_hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 15]);
  }
  return out;
}

int batch() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::size_t tab = line.find('\t');
    std::string bytes;
    if (tab == std::string::npos || !from_hex(std::string_view(line).substr(tab + 1), bytes)) {
      std::cerr << "charset_decode_tool: bad input line\n";
      return 2;
    }
    sa::DecodedText d = sa::decode_to_utf8(bytes, std::string_view(line).substr(0, tab));
    std::cout << (d.lossy ? 1 : 0) << '\t' << (d.unknown_charset ? 1 : 0) << '\t' << to_hex(d.utf8)
              << '\n';
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: charset_decode_tool LABEL < bytes | charset_decode_tool --batch\n";
    return 2;
  }
  if (std::string_view(argv[1]) == "--batch") return batch();
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  sa::DecodedText d = sa::decode_to_utf8(bytes, argv[1]);
  std::cout << "lossy=" << (d.lossy ? 1 : 0) << " unknown=" << (d.unknown_charset ? 1 : 0) << '\n'
            << d.utf8;
  return 0;
}
