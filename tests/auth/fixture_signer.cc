// fixture_signer.cc - TEST-ONLY tool that DKIM-signs a message with libopendkim, used by
// fixtures/make_fixtures.sh to produce the committed signed .eml fixtures. It is not part
// of the product and is not run by the tests.
//
// usage: sa_auth_fixture_signer KEY.pem SELECTOR DOMAIN [OPTIONS] < in.eml > out.eml
//   --signlen          add l= (the body length signed)
//   --headers a:b:c    sign only these header fields (h=); From too only when listed
//   --sha1             a=rsa-sha1 instead of rsa-sha256
//   --ttl SECONDS      x= t + SECONDS (t= is fixed, so a short TTL makes an expired signature)
// Output line ends are LF whatever the input had.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "auth/opendkim.h"
#include "auth/raw_message.h"
#include "core/ascii.h"

namespace {

struct Options {
  bool signlen = false;
  bool sha1 = false;
  bool has_headers = false;
  std::vector<std::string> headers;  // --headers, lower case as given
  uint64_t ttl = 0;
};

int usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " KEY.pem SELECTOR DOMAIN [--signlen] [--headers a:b:c] [--sha1] [--ttl SECONDS]"
               " < in > out\n";
  return 2;
}

std::vector<std::string> split_colons(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(':', start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start) out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 4; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--signlen") {
      o.signlen = true;
    } else if (arg == "--sha1") {
      o.sha1 = true;
    } else if (arg == "--headers" && i + 1 < argc) {
      o.has_headers = true;
      o.headers = split_colons(argv[++i]);
      if (o.headers.empty()) return false;
    } else if (arg == "--ttl" && i + 1 < argc) {
      char* end = nullptr;
      o.ttl = std::strtoull(argv[++i], &end, 10);
      if (!end || *end != '\0' || o.ttl == 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
  for (const auto& n : names) {
    if (sa::ascii_iequals(n, name)) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  if (argc < 4 || !parse_options(argc, argv, opts)) return usage(argv[0]);
  std::ifstream key_in(argv[1]);
  std::string key((std::istreambuf_iterator<char>(key_in)), std::istreambuf_iterator<char>());
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());

  DKIM_LIB* lib = dkim_init(nullptr, nullptr);
  // t= matches the fixtures' Date header (2024-05-13 10:21:07 +0900), not "now".
  uint64_t fixed_time = 1715563267;
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FIXEDTIME, &fixed_time, sizeof fixed_time);
  // The corpus needs a signature made with a weak (768-bit) key: sign with any size.
  unsigned int min_bits = 512;
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_MINKEYBITS, &min_bits, sizeof min_bits);
  if (opts.signlen) {
    unsigned int flags = DKIM_LIBFLAGS_SIGNLEN;
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof flags);
  }
  if (opts.ttl > 0) {
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_SIGNATURETTL, &opts.ttl, sizeof opts.ttl);
  }
  // libopendkim always adds its required headers (From) to h=; a list without From
  // must empty that requirement to leave From unsigned.
  const char* no_required[] = {nullptr};
  if (opts.has_headers && !listed(opts.headers, "from")) {
    const char** list = no_required;
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_REQUIREDHDRS, list, sizeof list);
  }
  DKIM_STAT status = DKIM_STAT_OK;
  DKIM* dkim = dkim_sign(
      lib, reinterpret_cast<const unsigned char*>("fixture"), nullptr,
      reinterpret_cast<dkim_sigkey_t>(key.data()), reinterpret_cast<const unsigned char*>(argv[2]),
      reinterpret_cast<const unsigned char*>(argv[3]), DKIM_CANON_RELAXED, DKIM_CANON_RELAXED,
      opts.sha1 ? DKIM_SIGN_RSASHA1 : DKIM_SIGN_RSASHA256, -1, &status);
  if (!dkim) {
    std::cerr << "dkim_sign: " << dkim_getresultstr(status) << "\n";
    return 1;
  }
  std::vector<const char*> signhdrs;
  if (opts.has_headers) {
    for (const auto& h : opts.headers) signhdrs.push_back(h.c_str());
    signhdrs.push_back(nullptr);
    if (dkim_signhdrs(dkim, signhdrs.data()) != DKIM_STAT_OK) {
      std::cerr << "dkim_signhdrs: " << dkim_geterror(dkim) << "\n";
      return 1;
    }
  }
  sa::RawMessage msg = sa::split_raw_message(input);
  for (sa::RawHeaderField& h : msg.headers) {
    dkim_header(dkim, reinterpret_cast<u_char*>(h.field.data()), h.field.size());
  }
  dkim_eoh(dkim);
  dkim_body(dkim, reinterpret_cast<u_char*>(msg.body.data()), msg.body.size());
  status = dkim_eom(dkim, nullptr);
  unsigned char* sig = nullptr;
  size_t len = 0;
  const std::string name = "DKIM-Signature: ";
  if (status != DKIM_STAT_OK || dkim_getsighdr_d(dkim, name.size(), &sig, &len) != DKIM_STAT_OK) {
    std::cerr << "signing failed: " << dkim_geterror(dkim) << "\n";
    return 1;
  }
  std::string header = name + std::string(reinterpret_cast<char*>(sig), len);
  std::string out;
  for (char c : header + "\n" + input) {
    if (c != '\r') out.push_back(c);
  }
  std::cout << out;
  dkim_free(dkim);
  dkim_close(lib);
  return 0;
}
