// reviewer_auth.cc - reviewer file, Argon2id, sessions and CSRF tokens with libsodium.
#include "web/reviewer_auth.h"

#include <arpa/inet.h>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sa::web {
namespace {

void need_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

std::vector<std::string> split_groups(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string g; std::getline(in, g, ',');) {
    g.erase(0, g.find_first_not_of(" \t"));
    g.erase(g.find_last_not_of(" \t") + 1);
    if (!g.empty()) out.push_back(g);
  }
  return out;
}

}  // namespace

std::vector<ReviewerEntry> parse_reviewer_file(const std::string& text, const std::string& name) {
  std::vector<ReviewerEntry> out;
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find(':');
    const std::size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    const std::string where = name + ":" + std::to_string(n) + ": ";
    if (b == std::string::npos || a == 0) {
      throw std::runtime_error(where + "expected NAME:GROUPS:HASH");
    }
    ReviewerEntry e{line.substr(0, a), split_groups(line.substr(a + 1, b - a - 1)),
                    line.substr(b + 1)};
    if (e.hash.rfind("$argon2id$", 0) != 0) {
      throw std::runtime_error(where +
                               "the hash is not Argon2id (make one with "
                               "sa-triage-web --hash-password)");
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string hash_password(const std::string& password) {
  need_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id: out of memory");
  }
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  need_sodium();
  if (hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool is_loopback(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

ReviewerAuth::ReviewerAuth(const Config& config)
    : mode_(config.web_auth),
      password_file_(config.web_password_file),
      trusted_proxies_(config.web_trusted_proxies),
      release_group_(config.web_release_group) {
  need_sodium();
  std::string key(crypto_auth_KEYBYTES, '\0');
  randombytes_buf(key.data(), key.size());
  csrf_key_ = key;
  if (mode_ == Config::WebAuth::Password) {
    std::ifstream in(password_file_);
    if (!in) throw std::runtime_error(password_file_ + ": cannot read the reviewer file");
    std::stringstream text;
    text << in.rdbuf();
    parse_reviewer_file(text.str(), password_file_);  // a broken file stops the start
  }
}

bool ReviewerAuth::peer_allowed(const std::string& peer) const {
  switch (mode_) {
    case Config::WebAuth::Loopback:
      return is_loopback(peer);
    case Config::WebAuth::Proxy:
      return std::find(trusted_proxies_.begin(), trusted_proxies_.end(), peer) !=
             trusted_proxies_.end();
    case Config::WebAuth::Password:
      return true;
  }
  return false;
}

std::optional<Reviewer> ReviewerAuth::identify(const std::string& cookie,
                                               const std::string& proxy_user,
                                               const std::string& proxy_groups) {
  switch (mode_) {
    case Config::WebAuth::Loopback:
      return Reviewer{};
    case Config::WebAuth::Proxy:
      if (proxy_user.empty()) return std::nullopt;
      return Reviewer{proxy_user, split_groups(proxy_groups), proxy_user};
    case Config::WebAuth::Password: {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto it = sessions_.find(cookie);
      if (cookie.empty() || it == sessions_.end()) return std::nullopt;
      if (it->second.expires < std::chrono::steady_clock::now()) {
        sessions_.erase(it);
        return std::nullopt;
      }
      return Reviewer{it->second.name, it->second.groups, cookie};
    }
  }
  return std::nullopt;
}

std::optional<std::string> ReviewerAuth::sign_in(const std::string& name,
                                                 const std::string& password,
                                                 const std::string& peer, bool& throttled) {
  throttled = false;
  if (mode_ != Config::WebAuth::Password) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(failures_, [&](const auto& f) { return now - f.second.since > kFailureWindow; });
    if (const auto it = failures_.find(peer);
        it != failures_.end() && it->second.count >= kMaxFailures) {
      throttled = true;
      return std::nullopt;
    }
  }
  auto failed = [&]() -> std::optional<std::string> {
    std::lock_guard<std::mutex> lock(mutex_);
    Failures& f = failures_[peer];
    if (f.count++ == 0) f.since = now;
    return std::nullopt;
  };
  if (name.empty()) return failed();
  std::ifstream in(password_file_);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<ReviewerEntry> entries;
  try {
    entries = parse_reviewer_file(text.str(), password_file_);
  } catch (const std::runtime_error&) {
    return failed();
  }
  for (const ReviewerEntry& e : entries) {
    if (e.name != name || !verify_password(e.hash, password)) continue;
    const std::string id = random_hex(32);
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(sessions_, [&](const auto& s) { return s.second.expires < now; });
    sessions_[id] = Session{e.name, e.groups, now + kSessionLife};
    failures_.erase(peer);
    return id;
  }
  return failed();
}

void ReviewerAuth::sign_out(const std::string& session) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(session);
}

std::string ReviewerAuth::csrf_token(const Reviewer& reviewer) const {
  unsigned char mac[crypto_auth_BYTES];
  const std::string subject = "csrf:" + reviewer.session;
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(subject.data()), subject.size(),
              reinterpret_cast<const unsigned char*>(csrf_key_.data()));
  char hex[crypto_auth_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

bool ReviewerAuth::csrf_valid(const Reviewer& reviewer, const std::string& token) const {
  const std::string want = csrf_token(reviewer);
  return token.size() == want.size() && sodium_memcmp(token.data(), want.data(), want.size()) == 0;
}

bool ReviewerAuth::may_release(const Reviewer& reviewer) const {
  if (reviewer.name.empty()) return false;  // loopback: nobody to log
  if (release_group_.empty()) return true;
  return std::find(reviewer.groups.begin(), reviewer.groups.end(), release_group_) !=
         reviewer.groups.end();
}

}  // namespace sa::web
