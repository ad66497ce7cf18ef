// fixture_signer.cc - TEST-ONLY tool that DKIM-signs a message with libopendkim, used by
// fixtures/make_fixtures.sh to produce the committed signed .eml fixtures. It is not part
// of the product and is not run by the tests.
//
// usage: sa_auth_fixture_signer KEY.pem SELECTOR DOMAIN [--signlen] < in.eml > out.eml
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "auth/opendkim.h"
#include "auth/raw_message.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: " << argv[0] << " KEY.pem SELECTOR DOMAIN [--signlen] < in > out\n";
    return 2;
  }
  std::ifstream key_in(argv[1]);
  std::string key((std::istreambuf_iterator<char>(key_in)), std::istreambuf_iterator<char>());
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  bool signlen = argc > 4 && std::strcmp(argv[4], "--signlen") == 0;

  DKIM_LIB* lib = dkim_init(nullptr, nullptr);
  // t= matches the fixtures' Date header (2024-05-13 10:21:07 +0900), not "now".
  uint64_t fixed_time = 1715563267;
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FIXEDTIME, &fixed_time, sizeof fixed_time);
  if (signlen) {
    unsigned int flags = DKIM_LIBFLAGS_SIGNLEN;
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof flags);
  }
  DKIM_STAT status = DKIM_STAT_OK;
  DKIM* dkim = dkim_sign(lib, reinterpret_cast<const unsigned char*>("fixture"), nullptr,
                         reinterpret_cast<dkim_sigkey_t>(key.data()),
                         reinterpret_cast<const unsigned char*>(argv[2]),
                         reinterpret_cast<const unsigned char*>(argv[3]), DKIM_CANON_RELAXED,
                         DKIM_CANON_RELAXED, DKIM_SIGN_RSASHA256, -1, &status);
  if (!dkim) {
    std::cerr << "dkim_sign: " << dkim_getresultstr(status) << "\n";
    return 1;
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
