// desk_database.cc - choosing the backend, and the column-to-LedgerRow rule both share.
#include "web/desk_database.h"

namespace sa::web {

LedgerRow desk_row(const std::function<std::string(int)>& text, std::int64_t id, std::int64_t time,
                   int star) {
  LedgerRow row;
  row.id = id;
  LedgerEntry& e = row.entry;
  e.time = static_cast<std::time_t>(time);
  e.queue_id = text(2);
  e.message_id = text(3);
  e.envelope_sender = text(4);
  e.applicant_domain = text(5);
  e.declaration_id = text(6);
  e.notice = text(7);
  e.star = star;
  if (!parse_verdict(text(9), e.verdict)) e.verdict = Verdict::Error;
  e.company = text(10);
  e.forward = parse_forward_style(text(11));
  row.seen = parse_sighting(text(12));
  e.auth = text(13);
  e.reasons = split_reasons(text(14));
  e.programme = text(15);
  e.requirement = text(16);
  e.applicant_key = text(17);
  return row;
}

std::unique_ptr<DeskDatabase> open_desk_database(const Config& config) {
  switch (config.ledger_backend) {
    case Config::LedgerBackend::Sqlite:
      return open_sqlite_desk(config.ledger_path, 5000);
    case Config::LedgerBackend::Postgresql:
      return open_postgresql_desk(config.ledger_connection);
    case Config::LedgerBackend::None:
      break;
  }
  throw LedgerError("ledger.backend is none: there is no ledger for the desk to show");
}

}  // namespace sa::web
