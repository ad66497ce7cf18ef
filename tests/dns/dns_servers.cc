// dns_servers.cc - nsd through tests/dns/nsd_server.sh in a temp dir; the black hole's
// reader thread.
#include "dns_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sa::test {
namespace {

int bound_udp_socket(int& port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("no UDP socket");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind a UDP socket on 127.0.0.1");
  }
  port = ntohs(a.sin_port);
  return fd;
}

}  // namespace

NsdServer::NsdServer(int ttl, const std::string& zones) {
  char pattern[] = "/tmp/sa-dns-nsd.XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  const std::string command = std::string(SA_NSD_SCRIPT) + " start " + dir_ + "/nsd " +
                              std::to_string(ttl) + " " + zones + " >" + dir_ + "/start.log 2>&1";
  if (std::system(command.c_str()) != 0) {
    std::ifstream log(dir_ + "/start.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("nsd_server.sh start failed:\n" + text);
  }
  running_ = true;
  std::ifstream(dir_ + "/nsd/port") >> port_;
}

void NsdServer::stop() {
  if (!running_) return;
  running_ = false;
  const std::string command = std::string(SA_NSD_SCRIPT) + " stop " + dir_ + "/nsd";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("nsd_server.sh stop failed");
}

NsdServer::~NsdServer() {
  try {
    stop();
  } catch (...) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

BlackHole::BlackHole() {
  fd_ = bound_udp_socket(port_);
  reader_ = std::thread([this] {
    char buf[4096];
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0 && recv(fd_, buf, sizeof buf, 0) >= 0) ++queries_;
    }
  });
}

BlackHole::~BlackHole() {
  stopping_ = true;
  reader_.join();
  close(fd_);
}

int closed_udp_port() {
  int port = 0;
  close(bound_udp_socket(port));
  return port;
}

std::string published_key(const std::string& name) {
  std::ifstream in(std::string(SA_AUTH_FIXTURES) + "/keys/key_file.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + " ", 0) == 0) return line.substr(name.size() + 1);
  }
  return "";
}

}  // namespace sa::test
