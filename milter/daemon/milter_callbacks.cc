// milter_callbacks.cc - xxfi_* callbacks. Over TCP every step is sent and answered (no NR or
// skip flags) to keep Postfix and libmilter out of Nagle/delayed-ACK stalls (REFERENCE.md §5);
// on a unix socket, where there is no Nagle, the steps that can only continue (connect, MAIL,
// RCPT, headers, body) are negotiated without replies, and those nothing is read from (HELO,
// DATA, end of headers, unknown commands) are not sent at all, saving a packet or round trip.
// Callbacks never throw: a failure while collecting is remembered and handled by the
// on_error policy at end of message.
#include "daemon/milter_callbacks.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "daemon/counted_actions.h"
#include "daemon/daemon_log.h"
#include "daemon/edit_applier.h"
#include "daemon/guarded_inspection.h"
#include "daemon/libmilter_actions.h"
#include "daemon/message_buffer.h"
#include "daemon/message_log.h"

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

EngineSlot* g_slot = nullptr;
MetricsRegistry* g_metrics = nullptr;
bool g_quiet_steps = false;  // negotiate no-reply steps (unix socket)

// The steps that may go without a reply: each of their callbacks can only continue.
// MAIL too: a message that cannot be started (no memory) is tempfailed at end of message.
constexpr unsigned long kQuietSteps = SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL |
                                      SMFIP_NR_RCPT | SMFIP_NR_DATA | SMFIP_NR_UNKN | SMFIP_NR_HDR |
                                      SMFIP_NR_EOH | SMFIP_NR_BODY;
// The steps the MTA need not send at all on a unix socket: nothing is read from them (the
// queue ID is taken at end of message too).
constexpr unsigned long kSkippedSteps = SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_NOEOH;

std::mutex g_flight_mutex;
std::condition_variable g_flight_cv;
int g_in_flight = 0;

std::atomic<long> g_messages{0};
std::atomic<long> g_failures{0};
std::atomic<long> g_timeouts{0};

void flight_change(int delta) {
  std::lock_guard<std::mutex> lock(g_flight_mutex);
  g_in_flight += delta;
  if (g_in_flight == 0) g_flight_cv.notify_all();
}

// One message between MAIL FROM and end of message or abort.
struct Message {
  std::shared_ptr<const Engine> engine;  // the engine this message started with
  MessageBuffer buffer;
  std::optional<Failure> collect_failure;  // set when collecting failed (then on_error applies)

  Message(std::shared_ptr<const Engine> e)
      : engine(std::move(e)),
        buffer(engine->config().max_message_bytes, engine->config().header_prefix) {
    flight_change(+1);
  }
  ~Message() { flight_change(-1); }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
};

// One MTA connection; freed at close.
struct Connection {
  std::optional<Message> message;
  unsigned long quiet = 0;    // the SMFIP_NR_* steps negotiated for this connection
  bool counted = false;       // in sa_triage_milter_connections
  bool start_failed = false;  // the message of this transaction could not be started
};

Connection* connection(SMFICTX* ctx) { return static_cast<Connection*>(smfi_getpriv(ctx)); }

// The connection's state, created when missing (negotiation makes it without counting it:
// /healthz probes negotiate and close, and are no MTA connection).
Connection* connection_state(SMFICTX* ctx) {
  if (Connection* c = connection(ctx)) return c;
  auto* c = new (std::nothrow) Connection;
  if (c != nullptr && smfi_setpriv(ctx, c) != MI_SUCCESS) {
    delete c;
    return nullptr;
  }
  return c;
}

// The state of a connection the MTA uses (xxfi_connect may have been skipped): counted.
Connection* ensure_connection(SMFICTX* ctx) {
  Connection* c = connection_state(ctx);
  if (c != nullptr && !c->counted) {
    c->counted = true;
    g_metrics->connection_opened();
  }
  return c;
}

std::string macro(SMFICTX* ctx, const char* name) {
  const char* v = smfi_getsymval(ctx, const_cast<char*>(name));
  return v == nullptr ? std::string() : std::string(v);
}

void note_queue_id(SMFICTX* ctx, Message& m) {
  if (!m.buffer.envelope().queue_id.empty()) return;
  std::string id = macro(ctx, "{i}");
  if (id.empty()) id = macro(ctx, "i");
  if (!id.empty()) m.buffer.set_queue_id(id);
}

// "Continue", said without a reply when the step was negotiated as one (`nr_flag`).
sfsistat go_on(const Connection* c, unsigned long nr_flag) {
  return c != nullptr && (c->quiet & nr_flag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

// Runs `step` on the message in flight; a throw is remembered as a collect failure.
template <typename Step>
sfsistat with_message(SMFICTX* ctx, unsigned long nr_flag, Step step) {
  Connection* c = connection(ctx);
  if (c == nullptr || !c->message) return go_on(c, nr_flag);
  try {
    step(*c->message);
  } catch (const std::exception& e) {
    if (!c->message->collect_failure) {
      c->message->collect_failure = Failure{Failure::Kind::Collect, e.what()};
    }
  }
  return go_on(c, nr_flag);
}

sfsistat on_negotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long,
                      unsigned long, unsigned long* pf0, unsigned long* pf1, unsigned long* pf2,
                      unsigned long* pf3) {
  const unsigned long wanted = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
                               SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
  *pf0 = f0 & wanted;
  // On a unix socket the quiet steps go without replies and the unread ones are not sent.
  // Over TCP every step is sent and answered: skipping some (measured: DATA, end of headers)
  // or leaving some unanswered brings back the Nagle/delayed-ACK stall, ~40 ms a message.
  *pf1 = g_quiet_steps ? (f1 & (kQuietSteps | kSkippedSteps)) : 0;
  if (Connection* c = connection_state(ctx)) c->quiet = *pf1;
  *pf2 = 0;
  *pf3 = 0;
  if (f0 & SMFIF_SETSYMLIST) {
    smfi_setsymlist(ctx, SMFIM_EOH, const_cast<char*>("{i}"));
    smfi_setsymlist(ctx, SMFIM_EOM, const_cast<char*>("{i}"));
  }
  return SMFIS_CONTINUE;
}

sfsistat on_connect(SMFICTX* ctx, char*, _SOCK_ADDR*) {
  return go_on(ensure_connection(ctx), SMFIP_NR_CONN);
}

sfsistat on_helo(SMFICTX* ctx, char*) { return go_on(connection(ctx), SMFIP_NR_HELO); }

// A message that cannot be started is tempfailed: here when MAIL is answered, else (MAIL
// negotiated without a reply) at end of message, which sees no state or start_failed.
sfsistat on_envfrom(SMFICTX* ctx, char** argv) {
  Connection* c = ensure_connection(ctx);
  if (c == nullptr) {  // no memory for even the state: the MTA retries
    return g_quiet_steps ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
  }
  try {
    c->message.reset();
    c->start_failed = false;
    c->message.emplace(g_slot->current());
    if (argv != nullptr && argv[0] != nullptr) c->message->buffer.set_sender(argv[0]);
  } catch (const std::exception& e) {
    log_line(LogLevel::Error, std::string("cannot start message: ") + e.what());
    c->message.reset();
    c->start_failed = true;
    return (c->quiet & SMFIP_NR_MAIL) ? SMFIS_NOREPLY : SMFIS_TEMPFAIL;
  }
  return go_on(c, SMFIP_NR_MAIL);
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) {
  return with_message(ctx, SMFIP_NR_RCPT, [&](Message& m) {
    if (argv != nullptr && argv[0] != nullptr) m.buffer.add_recipient(argv[0]);
  });
}

sfsistat on_data(SMFICTX* ctx) {
  return with_message(ctx, SMFIP_NR_DATA, [&](Message& m) { note_queue_id(ctx, m); });
}

sfsistat on_unknown(SMFICTX* ctx, const char*) { return go_on(connection(ctx), SMFIP_NR_UNKN); }

sfsistat on_header(SMFICTX* ctx, char* name, char* value) {
  return with_message(ctx, SMFIP_NR_HDR, [&](Message& m) {
    m.buffer.add_header(name == nullptr ? "" : name, value == nullptr ? "" : value);
  });
}

sfsistat on_eoh(SMFICTX* ctx) {
  return with_message(ctx, SMFIP_NR_EOH, [&](Message& m) { note_queue_id(ctx, m); });
}

sfsistat on_body(SMFICTX* ctx, unsigned char* data, size_t len) {
  return with_message(ctx, SMFIP_NR_BODY, [&](Message& m) {
    m.buffer.add_body(std::string_view(reinterpret_cast<const char*>(data), len));
  });
}

sfsistat to_status(Disposition d) {
  switch (d) {
    case Disposition::Accept:
      return SMFIS_ACCEPT;
    case Disposition::Reject:
      return SMFIS_REJECT;
    case Disposition::Tempfail:
      return SMFIS_TEMPFAIL;
  }
  return SMFIS_ACCEPT;
}

std::string result_name(Disposition d, const EditPlan& plan) {
  switch (d) {
    case Disposition::Reject:
      return "reject";
    case Disposition::Tempfail:
      return "tempfail";
    case Disposition::Accept:
      break;
  }
  return plan.quarantine_reason ? "quarantine" : "accept";
}

// The error metric of a failure.
ErrorKind error_kind(Failure::Kind kind) {
  switch (kind) {
    case Failure::Kind::Engine:
      return ErrorKind::Engine;
    case Failure::Kind::Timeout:
      return ErrorKind::Timeout;
    case Failure::Kind::Overloaded:
      return ErrorKind::Overloaded;
    case Failure::Kind::EditRefused:
      return ErrorKind::EditFailed;
    case Failure::Kind::Collect:
      return ErrorKind::Milter;
  }
  return ErrorKind::Engine;
}

// Counts the message and its failures (sa_triage_messages_total, _errors_total).
void count_metrics(const Message& m, const Inspection& inspection, double seconds) {
  g_metrics->observe_message(inspection.evidence, seconds, m.buffer.size());
  if (inspection.failure) g_metrics->count_error(error_kind(inspection.failure->kind));
  if (m.buffer.too_large()) g_metrics->count_error(ErrorKind::TooLarge);
  if (!inspection.evidence.ledger_error.empty()) g_metrics->count_error(ErrorKind::Ledger);
  if (inspection.out_of_scope_claim) g_metrics->count_out_of_scope_claim();
}

// Inspects, applies the plan (or the on_error plan) and logs; never throws.
sfsistat finish_message(SMFICTX* ctx, Message& m) {
  const auto started = Clock::now();
  const Config& config = m.engine->config();
  note_queue_id(ctx, m);
  Inspection inspection =
      m.collect_failure
          ? m.engine->inspect_failure(m.buffer.raw_headers(), *m.collect_failure)
          : inspect_guarded(m.engine, m.buffer, std::chrono::milliseconds(config.timeout_ms));
  if (inspection.failure && inspection.failure->kind == Failure::Kind::Timeout) ++g_timeouts;

  LibmilterActions milter_actions(ctx, m.buffer);
  CountedActions actions(milter_actions, *g_metrics);
  ApplyResult applied = apply_edit_plan(inspection.plan, actions);
  if (!applied.ok && !inspection.failure) {
    inspection = m.engine->inspect_failure(
        m.buffer.raw_headers(), Failure{Failure::Kind::EditRefused, applied.failed_step});
    applied = apply_edit_plan(inspection.plan, actions);
    if (config.on_error == Config::OnError::Accept) applied.disposition = Disposition::Accept;
  }
  if (inspection.failure) ++g_failures;
  ++g_messages;

  const auto took = Clock::now() - started;
  count_metrics(m, inspection, std::chrono::duration<double>(took).count());
  long elapsed =
      static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  MessageRecord record{&m.buffer.envelope(), &inspection,
                       result_name(applied.disposition, inspection.plan), elapsed};
  log_line(inspection.failure ? LogLevel::Warning : LogLevel::Info,
           format_message_line(record, config));
  return to_status(applied.disposition);
}

sfsistat on_eom(SMFICTX* ctx) {
  Connection* c = connection(ctx);
  if (c == nullptr || c->start_failed) return SMFIS_TEMPFAIL;  // see on_envfrom
  if (!c->message) return SMFIS_ACCEPT;
  sfsistat status = SMFIS_ACCEPT;
  try {
    status = finish_message(ctx, *c->message);
  } catch (const std::exception& e) {
    g_metrics->count_error(ErrorKind::Engine);
    log_line(LogLevel::Error, std::string("end of message failed: ") + e.what());
    bool tempfail = c->message->engine->config().on_error == Config::OnError::Tempfail;
    status = tempfail ? SMFIS_TEMPFAIL : SMFIS_ACCEPT;
  }
  c->message.reset();
  return status;
}

sfsistat on_abort(SMFICTX* ctx) {
  if (Connection* c = connection(ctx)) c->message.reset();
  return SMFIS_CONTINUE;
}

sfsistat on_close(SMFICTX* ctx) {
  if (Connection* c = connection(ctx); c != nullptr && c->counted) g_metrics->connection_closed();
  delete connection(ctx);
  smfi_setpriv(ctx, nullptr);
  return SMFIS_CONTINUE;
}

}  // namespace

smfiDesc milter_description(EngineSlot& slot, MetricsRegistry& metrics, bool quiet_steps) {
  g_slot = &slot;
  g_metrics = &metrics;
  g_quiet_steps = quiet_steps;
  smfiDesc desc{};
  desc.xxfi_name = const_cast<char*>("sa-triage");
  desc.xxfi_version = SMFI_VERSION;
  desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
                    SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
  desc.xxfi_connect = on_connect;
  desc.xxfi_helo = on_helo;
  desc.xxfi_envfrom = on_envfrom;
  desc.xxfi_envrcpt = on_envrcpt;
  desc.xxfi_header = on_header;
  desc.xxfi_eoh = on_eoh;
  desc.xxfi_body = on_body;
  desc.xxfi_eom = on_eom;
  desc.xxfi_abort = on_abort;
  desc.xxfi_close = on_close;
  desc.xxfi_unknown = on_unknown;
  desc.xxfi_data = on_data;
  desc.xxfi_negotiate = on_negotiate;
  return desc;
}

int messages_in_flight() {
  std::lock_guard<std::mutex> lock(g_flight_mutex);
  return g_in_flight;
}

bool wait_for_messages_in_flight(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(g_flight_mutex);
  return g_flight_cv.wait_for(lock, limit, [] { return g_in_flight == 0; });
}

MilterCounters milter_counters() {
  return {g_messages.load(), g_failures.load(), g_timeouts.load()};
}

}  // namespace sa
