// engine_slot.h - the engine in service, swapped whole on reload. Readers take a
// shared_ptr copy, so a message keeps the engine (and config) it started with while a
// reload installs a new one for later messages.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/engine.h"
#include "ledger/reopening_ledger.h"

namespace sa {

// An engine with the ledger it records into (null for ledger.backend none).
struct ServingEngine {
  std::shared_ptr<const Engine> engine;
  std::shared_ptr<ReopeningLedger> ledger;
};

class EngineSlot {
 public:
  std::shared_ptr<const Engine> current() const;
  std::shared_ptr<ReopeningLedger> ledger() const;
  void install(ServingEngine serving);

 private:
  mutable std::mutex mutex_;
  ServingEngine serving_;
};

// Loads and validates the config at `path` and builds an engine from it, with the DKIM /
// S/MIME authenticator of milter/auth and the configured evidence ledger; `socket_override`
// (from --socket) replaces milter.socket when not empty. Throws ConfigError (file:line: key:
// message) or std::exception.
ServingEngine build_engine(const std::string& path, const std::string& socket_override);

}  // namespace sa
