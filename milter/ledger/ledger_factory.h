// ledger_factory.h - opens the ledger the configuration names (ledger.backend, path,
// connection, retention_days): for the milter to record, or for the CLI to read/purge.
#pragma once

#include <memory>

#include "core/config.h"
#include "core/evidence_ledger.h"
#include "ledger/ledger_reader.h"

namespace sa {

// The milter's ledger: nullptr for backend none. Throws LedgerError when it cannot open.
std::shared_ptr<EvidenceLedger> open_ledger(const Config& config);

enum class LedgerAccess {
  Read,   // export: read-only, never creates a ledger, waits longer for locks
  Purge,  // purge: writable
};

// The configured ledger for `sa-triage ledger`: nullptr for backend none. Throws
// LedgerError when it cannot open.
std::shared_ptr<LedgerReader> open_ledger_reader(const Config& config, LedgerAccess access);

}  // namespace sa
