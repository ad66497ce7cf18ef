// dns_servers.h - the DNS peers of the DKIM-over-DNS tests: a real nsd serving the test keys
// (nsd_server.sh), and a black hole (a UDP socket on 127.0.0.1 that reads every query and
// never answers: the only fake peer, for "a server that never answers").
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace sa::test {

class NsdServer {
 public:
  // Serves every key of tests/auth/fixtures/keys/key_file.txt with `ttl`; `zones` (space
  // separated) limits the zones served ("": all of them). Throws when nsd does not start.
  explicit NsdServer(int ttl, const std::string& zones = "");
  ~NsdServer();
  NsdServer(const NsdServer&) = delete;
  NsdServer& operator=(const NsdServer&) = delete;

  void stop();
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::string dir_;
  int port_ = 0;
  bool running_ = false;
};

class BlackHole {
 public:
  BlackHole();
  ~BlackHole();
  BlackHole(const BlackHole&) = delete;
  BlackHole& operator=(const BlackHole&) = delete;

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  long queries() const { return queries_.load(); }  // datagrams read and dropped

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<long> queries_{0};
  std::atomic<bool> stopping_{false};
  std::thread reader_;
};

// A UDP port on 127.0.0.1 where nothing listens (bound a moment ago, then closed).
int closed_udp_port();

// The record key_file.txt publishes at `name` ("" when none).
std::string published_key(const std::string& name);

}  // namespace sa::test
