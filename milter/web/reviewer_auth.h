// reviewer_auth.h - who is asking: the desk's three ways of knowing a reviewer (web.auth) and
// what they may do. loopback: only peers on 127.0.0.0/8 or ::1, nobody signed in, nothing
// released. password: a reviewer file of NAME:GROUPS:HASH lines with Argon2id hashes
// (libsodium's crypto_pwhash_str), and sessions with random ids in Secure, HttpOnly,
// SameSite=Strict cookies. proxy: a reverse proxy at one of web.trusted_proxies names the
// reviewer and groups in headers; any other peer is refused. Releasing needs
// web.release_group among the reviewer's groups, and every POST a CSRF token bound to the
// session (or proxy user) with a key made at start. No HTTP parsing here.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace sa::web {

struct Reviewer {
  std::string name;  // "" when nobody is signed in (loopback)
  std::vector<std::string> groups;
  std::string session;  // the session id (password), the user (proxy), "" (loopback)
};

// A reviewer file's entry.
struct ReviewerEntry {
  std::string name;
  std::vector<std::string> groups;
  std::string hash;  // $argon2id$...
};

// Parses NAME:GROUPS:HASH lines (# comments and blank lines skipped); throws
// std::runtime_error naming the line when one is malformed or its hash is not Argon2id.
std::vector<ReviewerEntry> parse_reviewer_file(const std::string& text, const std::string& name);

// An Argon2id hash of `password` (crypto_pwhash_str_alg, interactive limits).
std::string hash_password(const std::string& password);
// True when `password` matches `hash` (an Argon2id crypto_pwhash_str string).
bool verify_password(const std::string& hash, const std::string& password);

// True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
bool is_loopback(const std::string& address);

class ReviewerAuth {
 public:
  explicit ReviewerAuth(const Config& config);

  Config::WebAuth mode() const { return mode_; }

  // Whether a peer may talk to the desk at all (loopback mode: loopback peers; proxy mode:
  // the trusted proxies; password mode: anyone, the login decides).
  bool peer_allowed(const std::string& peer) const;

  // The reviewer of a request: the session cookie's (password), the proxy headers'
  // (proxy), or the anonymous local reviewer (loopback). None: sign in first.
  std::optional<Reviewer> identify(const std::string& session_cookie, const std::string& proxy_user,
                                   const std::string& proxy_groups);

  // Checks a name and password against the reviewer file (read again at each attempt, so
  // edits count without a restart) and starts a session: its id, or none. A peer with
  // kMaxFailures failed attempts within kFailureWindow is refused without a check until the
  // window has passed (`throttled` is set), so nobody can guess fast or keep the server busy
  // hashing.
  std::optional<std::string> sign_in(const std::string& name, const std::string& password,
                                     const std::string& peer, bool& throttled);
  void sign_out(const std::string& session);

  // The CSRF token of a reviewer's forms, and its check (constant time).
  std::string csrf_token(const Reviewer& reviewer) const;
  bool csrf_valid(const Reviewer& reviewer, const std::string& token) const;

  // Whether the reviewer may release and delete held mail.
  bool may_release(const Reviewer& reviewer) const;

  static constexpr const char* kCookie = "sa_desk";
  static constexpr std::chrono::hours kSessionLife{8};
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::minutes kFailureWindow{10};

 private:
  struct Session {
    std::string name;
    std::vector<std::string> groups;
    std::chrono::steady_clock::time_point expires;
  };

  Config::WebAuth mode_;
  std::string password_file_;
  std::vector<std::string> trusted_proxies_;
  std::string release_group_;
  std::string csrf_key_;  // crypto_auth key, random per process
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point since;
  };
  std::map<std::string, Failures> failures_;  // by peer address
};

}  // namespace sa::web
