// engine_slot.h - the engine in service, swapped whole on reload. Readers take a
// shared_ptr copy, so a message keeps the engine (and config) it started with while a
// reload installs a new one for later messages.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/engine.h"

namespace sa {

class EngineSlot {
 public:
  std::shared_ptr<const Engine> current() const;
  void install(std::shared_ptr<const Engine> engine);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Engine> engine_;
};

// Loads and validates the config at `path` and builds an engine from it, with the DKIM /
// S/MIME authenticator of milter/auth; `socket_override`
// (from --socket) replaces milter.socket when not empty. Throws ConfigError (file:line: key:
// message) or std::exception.
std::shared_ptr<const Engine> build_engine(const std::string& path,
                                           const std::string& socket_override);

}  // namespace sa
