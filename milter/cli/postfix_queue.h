// postfix_queue.h - the `sa-triage held` commands' window on Postfix's hold queue, through
// Postfix's own tools (never the queue files): postqueue -j lists, postcat -q reads,
// postsuper -H releases and -d ... hold deletes, sendmail submits a digest. Every tool gets
// `-c DIR` (sendmail: -C DIR) when a config directory is given, so tests can use a private
// instance. Tools are run without a shell; queue ids are checked before use. Knows nothing
// of sa-triage's headers (core/triage_headers.h reads those).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sa::cli {

// A Postfix tool failed or could not be run; what() has its stderr.
class PostfixError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HeldEntry {
  std::string queue_id;
  std::string sender;
  std::vector<std::string> recipients;
  std::int64_t arrival_time = 0;  // Unix seconds
  std::int64_t size = 0;          // bytes
};

// How long a message arrived at `arrival` has been queued at `now`: "12m", "3h5m", "2d4h".
std::string queued_for(std::int64_t arrival, std::int64_t now);

class PostfixQueue {
 public:
  // `config_dir`: Postfix's config directory (postqueue -c); "" for the default instance.
  explicit PostfixQueue(std::string config_dir = "");

  // The messages in the hold queue, oldest first.
  std::vector<HeldEntry> held() const;
  // The held message with this id, or throws PostfixError("... is not in the hold queue").
  HeldEntry find_held(const std::string& queue_id) const;
  // The message as stored: headers only, or headers and body.
  std::string message(const std::string& queue_id, bool with_body) const;
  // Moves it from hold to the active queues and asks for its delivery now.
  void release(const std::string& queue_id) const;
  // Deletes it, only from the hold queue.
  void remove(const std::string& queue_id) const;
  // Submits `message` (headers with To:, body) with sendmail -t.
  void submit(const std::string& message) const;

  // Postfix queue ids are letters and digits (short: hex; long: base 52 with 'z').
  static bool valid_queue_id(const std::string& queue_id);

 private:
  std::string run(const std::string& tool, std::vector<std::string> args,
                  const std::string& input = "") const;
  std::string config_dir_;
};

}  // namespace sa::cli
