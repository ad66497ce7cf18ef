// engine_slot.cc - the engine in service and how a new one is built from a config file.
#include "daemon/engine_slot.h"

#include "auth/original_authenticator.h"

namespace sa {

std::shared_ptr<const Engine> EngineSlot::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return serving_.engine;
}

std::shared_ptr<ReopeningLedger> EngineSlot::ledger() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return serving_.ledger;
}

void EngineSlot::install(ServingEngine serving) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::swap(serving_, serving);
}

ServingEngine build_engine(const std::string& path, const std::string& socket_override) {
  std::shared_ptr<const Config> config = load_config(path);
  if (!socket_override.empty()) {
    auto copy = std::make_shared<Config>(*config);
    copy->socket = socket_override;
    copy->key_lines["milter.socket"] = Config::kCommandLine;
    config = copy;
  }
  ServingEngine serving;
  if (config->ledger_backend != Config::LedgerBackend::None) {
    serving.ledger = std::make_shared<ReopeningLedger>(*config);
  }
  serving.engine =
      std::make_shared<const Engine>(config, make_original_authenticator(config), serving.ledger);
  return serving;
}

}  // namespace sa
