// hostile_text.h - the pieces an attacker mixes into text copied from mail, for the property
// tests of everything that cleans such text (header values, log lines): every kind of space,
// C0/C1 controls, line and paragraph separators, bidi and invisible characters, BOM,
// truncated, overlong and surrogate UTF-8, NUL, terminal escapes.
#pragma once

#include <string>
#include <vector>

namespace sa::test {

inline const std::vector<std::string>& hostile_pieces() {
  static const std::vector<std::string> pieces = {
      " ",
      "\t",
      "\r\n",
      "\n",
      "\xe3\x80\x80",
      "\xc2\xa0",
      "a",
      "Z",
      "=?",
      "<",
      "\x01",
      "\x1b",
      "\x7f",
      "\xc2\x85",
      "\xe2\x80\xa8",
      "\xe2\x80\xa9",
      "\xe2\x80\x8b",
      "\xe2\x80\x8f",
      "\xe2\x80\xae",
      "\xe2\x81\xa6",
      "\xe2\x81\xa9",
      "\xd8\x9c",
      "\xc2\xad",
      "\xe2\x81\xa0",
      "\xef\xbb\xbf",
      "\xe6\xa0\xaa",
      "\xf0\x9f\x98\x80",
      "\xff",
      "\xe3\x81",
      "\xc0\xaf",
      "\xed\xa0\x80",
      std::string(1, '\0'),
      "\x80",
      "\r",
      "=",
      "\xc2\x9b",
      "\xe2\x81\xa7",
      "\x1b[2K",
  };
  return pieces;
}

}  // namespace sa::test
