// dns_key_resolver.cc - one TXT query per server over a connected UDP socket (TCP when the
// reply is truncated), packets by libldns. ldns's own resolver (ldns_resolver_send) is not
// used for the exchange: it takes the first datagram from any sender without checking the
// ID or the question, and a forged key record would make a forged notice `verified`.
#include "auth/dns_key_resolver.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace sa {
namespace {

using Clock = DnsKeyResolver::Clock;

// EDNS0 buffer size advertised (the DNS flag day 2020 value): a 4096-bit key fits.
constexpr std::uint16_t kEdnsUdpSize = 1232;

struct PacketFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using Packet = std::unique_ptr<ldns_pkt, PacketFree>;

struct BufferFree {
  void operator()(ldns_buffer* b) const { ldns_buffer_free(b); }
};
using Buffer = std::unique_ptr<ldns_buffer, BufferFree>;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string where(const NameserverAddress& s) {
  return (s.ipv6 ? "[" + s.host + "]" : s.host) + ":" + std::to_string(s.port);
}

KeyAnswer temporary(std::string detail) {
  KeyAnswer a;
  a.kind = KeyAnswer::Kind::TempFail;
  a.detail = std::move(detail);
  return a;
}

long long millis_left(Clock::time_point until) {
  return std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
}

sockaddr_storage socket_address(const NameserverAddress& s, socklen_t& length) {
  sockaddr_storage out{};
  if (s.ipv6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&out);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<std::uint16_t>(s.port));
    inet_pton(AF_INET6, s.host.c_str(), &a->sin6_addr);
    length = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&out);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(s.port));
    inet_pton(AF_INET, s.host.c_str(), &a->sin_addr);
    length = sizeof *a;
  }
  return out;
}

// Whether `reply` answers `query`: a response with its ID and its one question (TXT, IN).
bool answers(const ldns_pkt* reply, const ldns_pkt* query) {
  if (!ldns_pkt_qr(reply) || ldns_pkt_id(reply) != ldns_pkt_id(query)) return false;
  const ldns_rr_list* asked = ldns_pkt_question(query);
  const ldns_rr_list* echoed = ldns_pkt_question(reply);
  if (!echoed || ldns_rr_list_rr_count(echoed) != 1) return false;
  const ldns_rr* q = ldns_rr_list_rr(asked, 0);
  const ldns_rr* e = ldns_rr_list_rr(echoed, 0);
  return ldns_rr_get_type(e) == LDNS_RR_TYPE_TXT && ldns_rr_get_class(e) == LDNS_RR_CLASS_IN &&
         ldns_dname_compare(ldns_rr_owner(e), ldns_rr_owner(q)) == 0;
}

std::string rcode_name(ldns_pkt_rcode rcode) {
  switch (rcode) {
    case LDNS_RCODE_FORMERR:
      return "FORMERR";
    case LDNS_RCODE_SERVFAIL:
      return "SERVFAIL";
    case LDNS_RCODE_NOTIMPL:
      return "NOTIMP";
    case LDNS_RCODE_REFUSED:
      return "REFUSED";
    default:
      return "rcode " + std::to_string(static_cast<int>(rcode));
  }
}

// The TXT record in a NOERROR reply. CNAMEs on the way are followed by the server; their
// TTLs bound the record's.
KeyAnswer read_record(const ldns_pkt* reply, const std::string& server) {
  const ldns_rr_list* rrs = ldns_pkt_answer(reply);
  std::size_t records = 0;
  std::uint32_t ttl = UINT32_MAX;
  std::string text;
  for (std::size_t i = 0; rrs && i < ldns_rr_list_rr_count(rrs); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(rrs, i);
    if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) continue;
    const ldns_rr_type type = ldns_rr_get_type(rr);
    if (type != LDNS_RR_TYPE_TXT && type != LDNS_RR_TYPE_CNAME) continue;
    ttl = std::min(ttl, ldns_rr_ttl(rr));
    if (type != LDNS_RR_TYPE_TXT) continue;
    ++records;
    text.clear();
    for (std::size_t j = 0; j < ldns_rr_rd_count(rr); ++j) {
      const ldns_rdf* part = ldns_rr_rdf(rr, j);
      const std::uint8_t* data = ldns_rdf_data(part);
      const std::size_t size = ldns_rdf_size(part);
      if (size == 0) continue;
      text.append(reinterpret_cast<const char*>(data + 1),
                  std::min<std::size_t>(data[0], size - 1));
    }
  }
  KeyAnswer a;
  if (records == 0) {
    a.kind = KeyAnswer::Kind::Missing;
    a.detail = "no TXT record (" + server + ")";
  } else if (records > 1) {
    a.kind = KeyAnswer::Kind::Multiple;
    a.detail = std::to_string(records) + " TXT records (" + server + ")";
  } else if (text.find('\0') != std::string::npos || text.size() > kMaxKeyRecord) {
    a.kind = KeyAnswer::Kind::Unusable;
    a.detail = "TXT record with NUL bytes or longer than " + std::to_string(kMaxKeyRecord) +
               " bytes (" + server + ")";
  } else {
    a.kind = KeyAnswer::Kind::Found;
    a.record = std::move(text);
    a.ttl = ttl;
  }
  return a;
}

KeyAnswer judge_reply(const ldns_pkt* reply, const std::string& server) {
  const ldns_pkt_rcode rcode = ldns_pkt_get_rcode(reply);
  if (rcode == LDNS_RCODE_NXDOMAIN) {
    KeyAnswer a;
    a.kind = KeyAnswer::Kind::Missing;
    a.detail = "NXDOMAIN (" + server + ")";
    return a;
  }
  if (rcode != LDNS_RCODE_NOERROR) return temporary(rcode_name(rcode) + " from " + server);
  return read_record(reply, server);
}

// Over TCP, for a truncated UDP reply. ldns_tcp_send waits up to its timeout twice (connect,
// then the reply), so it gets half of what is left.
KeyAnswer ask_tcp(const NameserverAddress& s, const ldns_pkt* query, ldns_buffer* wire,
                  Clock::time_point until) {
  const std::string server = where(s) + " over TCP";
  const long long half = millis_left(until) / 2;
  if (half <= 0) return temporary("truncated reply and no time left for TCP (" + where(s) + ")");
  socklen_t length = 0;
  const sockaddr_storage to = socket_address(s, length);
  timeval timeout{static_cast<time_t>(half / 1000), static_cast<suseconds_t>(half % 1000 * 1000)};
  std::uint8_t* bytes = nullptr;
  std::size_t size = 0;
  if (ldns_tcp_send(&bytes, wire, &to, length, timeout, &size) != LDNS_STATUS_OK || !bytes) {
    return temporary("no answer from " + server);
  }
  ldns_pkt* parsed = nullptr;
  const ldns_status status = ldns_wire2pkt(&parsed, bytes, size);
  LDNS_FREE(bytes);
  Packet reply(parsed);
  if (status != LDNS_STATUS_OK || !reply || !answers(reply.get(), query)) {
    return temporary("broken reply from " + server);
  }
  return judge_reply(reply.get(), server);
}

// One query to one server, answered by `until` or a temporary failure. The socket is
// connected, so the kernel delivers datagrams from that server only and reports a closed
// port at once (ICMP); a datagram that is not the answer to this query is ignored.
KeyAnswer ask(const NameserverAddress& s, const ldns_pkt* query, ldns_buffer* wire,
              Clock::time_point until) {
  const std::string server = where(s);
  socklen_t length = 0;
  const sockaddr_storage to = socket_address(s, length);
  Socket sock(socket(to.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (sock.get() < 0) return temporary("no UDP socket: " + std::string(std::strerror(errno)));
  if (connect(sock.get(), reinterpret_cast<const sockaddr*>(&to), length) != 0 ||
      send(sock.get(), ldns_buffer_begin(wire), ldns_buffer_position(wire), 0) < 0) {
    return temporary("cannot send to " + server + ": " + std::strerror(errno));
  }
  std::vector<std::uint8_t> datagram(65535);
  for (;;) {
    const long long left = millis_left(until);
    if (left <= 0) return temporary("no answer from " + server + " in time");
    pollfd p{sock.get(), POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return temporary("no answer from " + server + " in time");
    const ssize_t got = recv(sock.get(), datagram.data(), datagram.size(), 0);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return temporary("no answer from " + server + ": " + std::strerror(errno));
    }
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, datagram.data(), static_cast<std::size_t>(got)) != LDNS_STATUS_OK) {
      ldns_pkt_free(parsed);
      continue;  // not a DNS message: not the answer
    }
    Packet reply(parsed);
    if (!answers(reply.get(), query)) continue;
    if (ldns_pkt_tc(reply.get())) return ask_tcp(s, query, wire, until);
    return judge_reply(reply.get(), server);
  }
}

std::vector<NameserverAddress> resolv_conf_servers() {
  std::vector<NameserverAddress> out;
  ldns_resolver* conf = nullptr;
  if (ldns_resolver_new_frm_file(&conf, nullptr) == LDNS_STATUS_OK && conf) {
    ldns_rdf** list = ldns_resolver_nameservers(conf);
    for (std::size_t i = 0; i < ldns_resolver_nameserver_count(conf); ++i) {
      char* text = ldns_rdf2str(list[i]);
      NameserverAddress address;
      std::string why;
      if (text && parse_nameserver_address(text, address, why)) {
        address.port = ldns_resolver_port(conf);
        out.push_back(address);
      }
      free(text);
    }
    ldns_resolver_deep_free(conf);
  }
  if (out.empty()) out.push_back({"127.0.0.1", 53, false});  // resolv.conf(5): no nameserver
  return out;
}

}  // namespace

DnsKeyResolver::DnsKeyResolver(std::vector<NameserverAddress> servers)
    : servers_(servers.empty() ? resolv_conf_servers() : std::move(servers)) {}

KeyAnswer DnsKeyResolver::lookup(const std::string& name, Clock::time_point deadline) const {
  ldns_rdf* qname = ldns_dname_new_frm_str(name.c_str());
  if (!qname) {
    KeyAnswer a;
    a.kind = KeyAnswer::Kind::Missing;
    a.detail = "not a DNS name";
    return a;
  }
  Packet query(ldns_pkt_query_new(qname, LDNS_RR_TYPE_TXT, LDNS_RR_CLASS_IN, LDNS_RD));
  if (!query) return temporary("cannot build a DNS query");
  ldns_pkt_set_edns_udp_size(query.get(), kEdnsUdpSize);
  std::string failures;
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    // What is left, shared by the servers not asked yet: a dead first server leaves the
    // others their part.
    const auto until = now + (deadline - now) / static_cast<long>(servers_.size() - i);
    ldns_pkt_set_random_id(query.get());
    Buffer wire(ldns_buffer_new(LDNS_MAX_PACKETLEN));
    if (!wire || ldns_pkt2buffer_wire(wire.get(), query.get()) != LDNS_STATUS_OK) {
      return temporary("cannot build a DNS query");
    }
    KeyAnswer a = ask(servers_[i], query.get(), wire.get(), until);
    if (a.kind != KeyAnswer::Kind::TempFail) return a;
    failures += (failures.empty() ? "" : "; ") + a.detail;
  }
  return temporary(failures.empty() ? "no time left for a DNS lookup" : failures);
}

}  // namespace sa
