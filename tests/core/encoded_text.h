// encoded_text.h - the tests' own encoders for building mail bytes: UTF-8 text converted
// with iconv to a legacy charset, and base64 (GLib). Test helpers only.
#pragma once

#include <glib.h>
#include <iconv.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

namespace sa::test {

// UTF-8 text encoded with iconv into `to`.
inline std::string encode(std::string_view utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t inleft = utf8.size();
  char* outp = out.data();
  std::size_t outleft = out.size();
  REQUIRE(iconv(cd, &in, &inleft, &outp, &outleft) != static_cast<std::size_t>(-1));
  REQUIRE(iconv(cd, nullptr, nullptr, &outp, &outleft) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - outleft);
  return out;
}

inline std::string base64(std::string_view bytes) {
  gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(b64);
  g_free(b64);
  return out;
}

}  // namespace sa::test
