// socket_spec_test.cc - parsing of the milter socket spelling, and the stale-socket rule.
#include "daemon/socket_spec.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "milter_daemon.h"

namespace sa {

TEST_CASE("socket specs parse into family, path, port and host", "[daemon][socket_spec]") {
  SocketSpec unix_spec = parse_socket_spec("unix:/run/sa-triage/milter.sock");
  CHECK(unix_spec.family == SocketSpec::Family::Unix);
  CHECK(unix_spec.path == "/run/sa-triage/milter.sock");
  CHECK(unix_spec.text() == "unix:/run/sa-triage/milter.sock");

  SocketSpec inet = parse_socket_spec("inet:10025@127.0.0.1");
  CHECK(inet.family == SocketSpec::Family::Inet);
  CHECK(inet.port == 10025);
  CHECK(inet.host == "127.0.0.1");

  SocketSpec inet6 = parse_socket_spec("inet6:10025@[::1]");
  CHECK(inet6.family == SocketSpec::Family::Inet6);
  CHECK(inet6.host == "::1");
  CHECK(inet6.text() == "inet6:10025@::1");

  CHECK(parse_socket_spec("inet:10025").host.empty());
}

TEST_CASE("bad socket specs are refused with the spec in the message", "[daemon][socket_spec]") {
  for (const char* bad :
       {"", "/run/x.sock", "unix:relative.sock", "inet:0@127.0.0.1", "inet:70000@127.0.0.1",
        "inet:port@host", "inet:25@host;rm", "tcp:25@127.0.0.1"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_socket_spec(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(parse_socket_spec("inet:99999@x"), Catch::Contains("inet:99999@x"));
}

TEST_CASE("a stale unix socket is removed, a live one is not", "[daemon][socket_spec]") {
  test::TempDir dir;
  SocketSpec spec = parse_socket_spec("unix:" + dir.path() + "/m.sock");
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, spec.path.c_str());
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 1) == 0);
  CHECK_THROWS_WITH(remove_stale_socket(spec), Catch::Contains("another process"));
  close(fd);  // now nobody listens: the file is a leftover
  remove_stale_socket(spec);
  CHECK_FALSE(std::filesystem::exists(spec.path));
}

}  // namespace sa
