// triage_handler.cc - the milter steps of sa-triage. The steps that can only continue
// (connect, MAIL, RCPT, headers, body) are negotiated without replies, and those nothing is
// read from (HELO, DATA, end of headers, unknown commands) are not sent at all, saving a
// packet or a round trip each; over TCP too, where milter_server.cc keeps the ACKs the MTA's
// back-to-back writes wait for immediate (REFERENCE.md §5).
// Steps never throw: a failure while collecting is remembered and handled by the on_error
// policy at end of message.
#include "daemon/triage_handler.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/counted_actions.h"
#include "daemon/daemon_log.h"
#include "daemon/edit_applier.h"
#include "daemon/guarded_inspection.h"
#include "daemon/message_buffer.h"
#include "daemon/message_log.h"
#include "daemon/recipients_as_given.h"

namespace sa {
namespace {

using Clock = std::chrono::steady_clock;

// The steps that may go without a reply: each of them can only continue. MAIL too: a
// message that cannot be started (no memory) is tempfailed at end of message.
constexpr std::uint32_t kQuietSteps = wire::kNoReplyConnect | wire::kNoReplyHelo |
                                      wire::kNoReplyMail | wire::kNoReplyRcpt | wire::kNoReplyData |
                                      wire::kNoReplyUnknown | wire::kNoReplyHeader |
                                      wire::kNoReplyEndOfHeaders | wire::kNoReplyBody;
// The steps the MTA need not send at all on a unix socket: nothing is read from them (the
// queue ID is taken at end of message too).
constexpr std::uint32_t kSkippedSteps =
    wire::kNoHelo | wire::kNoUnknown | wire::kNoData | wire::kNoEndOfHeaders;

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
void count_metrics(MetricsRegistry& metrics, const Message& m, const Inspection& inspection,
                   double seconds) {
  metrics.observe_message(inspection.evidence, seconds, m.buffer.size());
  if (inspection.failure) metrics.count_error(error_kind(inspection.failure->kind));
  if (m.buffer.too_large()) metrics.count_error(ErrorKind::TooLarge);
  if (!inspection.evidence.ledger_error.empty()) metrics.count_error(ErrorKind::Ledger);
  if (inspection.out_of_scope_claim) metrics.count_out_of_scope_claim();
}

// One MTA connection.
class TriageHandler : public MailHandler {
 public:
  explicit TriageHandler(const TriageContext& context) : context_(context) {}
  ~TriageHandler() override { close(); }

  wire::Negotiation negotiate(const wire::Offer& offer) override {
    wire::Negotiation n;
    n.actions = wire::kActAddHeaders | wire::kActChangeHeaders | wire::kActAddRecipient |
                wire::kActDeleteRecipient | wire::kActQuarantine | wire::kActSetSymbolList;
    // The quiet steps go without replies and the unread ones are not sent.
    n.protocol = offer.protocol & (kQuietSteps | kSkippedSteps);
    n.macros = {{wire::kStageEndOfHeaders, "{i}"}, {wire::kStageEndOfMessage, "{i}"}};
    return n;
  }

  void connect() override { count_connection(); }

  // A message that cannot be started is tempfailed: here when MAIL is answered, else (MAIL
  // negotiated without a reply) at end of message, which sees start_failed.
  StepStatus mail(const std::vector<std::string_view>& args) override {
    count_connection();
    try {
      message_.reset();
      start_failed_ = false;
      message_.emplace(context_.slot.current());
      if (!args.empty()) message_->buffer.set_sender(args[0]);
    } catch (const std::exception& e) {
      log_line(LogLevel::Error, std::string("cannot start message: ") + e.what());
      message_.reset();
      start_failed_ = true;
      return StepStatus::Tempfail;
    }
    return StepStatus::Continue;
  }

  void rcpt(const std::vector<std::string_view>& args) override {
    with_message([&](Message& m) {
      if (!args.empty()) m.buffer.add_recipient(args[0]);
    });
  }

  void data(const MacroValues& macros) override {
    with_message([&](Message& m) { note_queue_id(macros, m); });
  }

  void header(std::string_view name, std::string_view value) override {
    with_message([&](Message& m) { m.buffer.add_header(name, value); });
  }

  void end_of_headers(const MacroValues& macros) override {
    with_message([&](Message& m) { note_queue_id(macros, m); });
  }

  void body(std::string_view chunk) override {
    with_message([&](Message& m) { m.buffer.add_body(chunk); });
  }

  Disposition end_of_message(const MacroValues& macros, MilterActions& actions) override {
    if (start_failed_) return Disposition::Tempfail;  // see mail()
    if (!message_) return Disposition::Accept;
    Disposition disposition = Disposition::Accept;
    try {
      disposition = finish_message(macros, *message_, actions);
    } catch (const std::exception& e) {
      context_.metrics.count_error(ErrorKind::Engine);
      log_line(LogLevel::Error, std::string("end of message failed: ") + e.what());
      bool tempfail = message_->engine->config().on_error == Config::OnError::Tempfail;
      disposition = tempfail ? Disposition::Tempfail : Disposition::Accept;
    }
    message_.reset();
    return disposition;
  }

  void abort() override { message_.reset(); }

  void close() override {
    message_.reset();
    if (counted_) context_.metrics.connection_closed();
    counted_ = false;
    start_failed_ = false;
  }

 private:
  // Counted in sa_triage_connections once the MTA uses the connection (negotiation alone is
  // no MTA connection: /healthz probes negotiate and close).
  void count_connection() {
    if (counted_) return;
    counted_ = true;
    context_.metrics.connection_opened();
  }

  // Runs `step` on the message in flight; a throw is remembered as a collect failure.
  template <typename Step>
  void with_message(Step step) {
    if (!message_) return;
    try {
      step(*message_);
    } catch (const std::exception& e) {
      if (!message_->collect_failure) {
        message_->collect_failure = Failure{Failure::Kind::Collect, e.what()};
      }
    }
  }

  static void note_queue_id(const MacroValues& macros, Message& m) {
    if (!m.buffer.envelope().queue_id.empty()) return;
    std::string id = macros.get("{i}");
    if (id.empty()) id = macros.get("i");
    if (!id.empty()) m.buffer.set_queue_id(id);
  }

  // Inspects, applies the plan (or the on_error plan) and logs.
  Disposition finish_message(const MacroValues& macros, Message& m, MilterActions& protocol) {
    const auto started = Clock::now();
    const Config& config = m.engine->config();
    note_queue_id(macros, m);
    Inspection inspection =
        m.collect_failure
            ? m.engine->inspect_failure(m.buffer.raw_headers(), *m.collect_failure)
            : inspect_guarded(m.engine, m.buffer, std::chrono::milliseconds(config.timeout_ms));
    if (inspection.failure && inspection.failure->kind == Failure::Kind::Timeout) ++g_timeouts;

    RecipientsAsGiven as_given(protocol, m.buffer);
    CountedActions actions(as_given, context_.metrics);
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
    count_metrics(context_.metrics, m, inspection, std::chrono::duration<double>(took).count());
    long elapsed =
        static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
    MessageRecord record{&m.buffer.envelope(), &inspection,
                         result_name(applied.disposition, inspection.plan), elapsed};
    log_line(inspection.failure ? LogLevel::Warning : LogLevel::Info,
             format_message_line(record, config));
    return applied.disposition;
  }

  const TriageContext& context_;
  std::optional<Message> message_;
  bool counted_ = false;
  bool start_failed_ = false;  // the message of this transaction could not be started
};

}  // namespace

std::unique_ptr<MailHandler> make_triage_handler(const TriageContext& context) {
  return std::make_unique<TriageHandler>(context);
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
