// fuzz_milter_session.cc - libFuzzer target: the daemon's real xxfi_* callbacks (from
// milter_description) driven by an arbitrary sequence of callbacks on two connections, with
// libmilter's smfi_* context calls replaced by a fake MTA defined here (the executable's
// definitions take precedence over libmilter.so's). No sockets, no libmilter protocol.
//
// Input: operations are read from the END of the input (one byte each, plus a length byte
// for body chunks); header lines, SMTP arguments and body chunks are read from the FRONT, so a
// sample .eml seed is delivered in order. Checked:
//  - every header value the daemon hands the MTA is safe (ASCII, no CR, LF only as a fold);
//  - after an accepted message's edits, no header the MTA received with the prefix
//    (X-SA-Triage-) is left: forged verdicts never reach the reviewers;
//  - a whole session ("deliver") gives the same edits and disposition as the engine and
//    apply_edit_plan on the same message assembled in one piece, whatever the body chunking,
//    and MessageBuffer assembles the same raw message for any chunk split.
#include <libmilter/mfapi.h>
#include <strings.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/edit_applier.h"
#include "daemon/engine_slot.h"
#include "daemon/libmilter_actions.h"
#include "daemon/message_buffer.h"
#include "daemon/milter_callbacks.h"
#include "fuzz_checks.h"

namespace {

// The MTA side of one connection, as the fake smfi_* calls see it.
struct FakeContext {
  void* priv = nullptr;
  bool in_message = false;  // between a MAIL FROM and end of message, abort or close
  std::vector<std::pair<std::string, std::string>> headers;  // as the MTA holds them
  std::vector<std::string> edits;
  int refuse_edit = -1;  // the edit with this number (from 0) fails, as a refusing MTA's would
  int edit_count = 0;
};

FakeContext& fake(SMFICTX* ctx) { return *reinterpret_cast<FakeContext*>(ctx); }
SMFICTX* as_ctx(FakeContext& c) { return reinterpret_cast<SMFICTX*>(&c); }

int record_edit(SMFICTX* ctx, std::string edit) {
  FakeContext& c = fake(ctx);
  const bool refused = c.edit_count++ == c.refuse_edit;
  c.edits.push_back(refused ? "refused " + edit : std::move(edit));
  return refused ? MI_FAILURE : MI_SUCCESS;
}

std::string text(const char* s) { return s == nullptr ? std::string("(null)") : std::string(s); }

}  // namespace

// The fake MTA: libmilter's per-context calls as used by milter_callbacks.cc and
// libmilter_actions.cc.
extern "C" {
void* smfi_getpriv(SMFICTX* ctx) { return fake(ctx).priv; }
int smfi_setpriv(SMFICTX* ctx, void* priv) {
  fake(ctx).priv = priv;
  return MI_SUCCESS;
}
char* smfi_getsymval(SMFICTX*, char* name) {
  static char queue_id[] = "FUZZQ1";
  return std::string_view(name) == "{i}" ? queue_id : nullptr;
}
int smfi_setsymlist(SMFICTX*, int, char*) { return MI_SUCCESS; }
int smfi_addheader(SMFICTX* ctx, char* name, char* value) {
  sa::fuzz::abort_on_problem(sa::fuzz::header_name_problem("smfi_addheader", text(name)));
  sa::fuzz::abort_on_problem(sa::fuzz::header_value_problem("smfi_addheader", text(value)));
  return record_edit(ctx, "add " + text(name) + ": " + text(value));
}
int smfi_chgheader(SMFICTX* ctx, char* name, int index, char* value) {
  sa::fuzz::abort_on_problem(sa::fuzz::header_name_problem("smfi_chgheader", text(name)));
  if (index < 1) sa::fuzz::abort_on_problem("smfi_chgheader: index below 1");
  if (value != nullptr) {
    sa::fuzz::abort_on_problem(sa::fuzz::header_value_problem("smfi_chgheader", value));
  }
  const int result =
      record_edit(ctx, "chg " + text(name) + " " + std::to_string(index) + ": " + text(value));
  // The MTA's copy: the index-th field of that name (case-insensitive) is deleted or changed.
  auto& headers = fake(ctx).headers;
  int seen = 0;
  for (auto it = headers.begin(); result == MI_SUCCESS && it != headers.end(); ++it) {
    if (strcasecmp(it->first.c_str(), name) != 0 || ++seen != index) continue;
    if (value == nullptr) {
      headers.erase(it);
    } else {
      it->second = value;
    }
    break;
  }
  return result;
}
int smfi_addrcpt(SMFICTX* ctx, char* rcpt) { return record_edit(ctx, "+rcpt " + text(rcpt)); }
int smfi_delrcpt(SMFICTX* ctx, char* rcpt) { return record_edit(ctx, "-rcpt " + text(rcpt)); }
int smfi_quarantine(SMFICTX* ctx, char* reason) {
  if (reason == nullptr || std::string_view(reason).size() > 100) {
    sa::fuzz::abort_on_problem("smfi_quarantine: reason missing or over 100 bytes");
  }
  return record_edit(ctx, "quarantine " + text(reason));
}
int smfi_setreply(SMFICTX* ctx, char* code, char* xcode, char* message) {
  const std::string c = text(code);
  if (c.size() != 3 || (c[0] != '4' && c[0] != '5')) {
    sa::fuzz::abort_on_problem("smfi_setreply: bad code " + c);
  }
  if (message != nullptr && std::string_view(message).find_first_of("\r\n") != std::string::npos) {
    sa::fuzz::abort_on_problem("smfi_setreply: line end in the reply text");
  }
  return record_edit(ctx, "reply " + c + " " + text(xcode) + " " + text(message));
}
}  // extern "C"

namespace {

// The input, read from both ends.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return data_.empty(); }
  unsigned tail_byte() {
    if (data_.empty()) return 0;
    const auto b = static_cast<unsigned char>(data_.back());
    data_.remove_suffix(1);
    return b;
  }
  std::string_view front(std::size_t n) {
    n = std::min(n, data_.size());
    std::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }
  // One line from the front, without its line end.
  std::string front_line() {
    std::size_t nl = data_.find('\n');
    std::string_view line = front(nl == std::string_view::npos ? data_.size() : nl + 1);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return std::string(line);
  }
  // One header field from the front (with its continuation lines), split as the MTA sends it:
  // the name, and the value after ": " with inner line ends kept. False at the blank line that
  // ends the header section (consumed), at a line that is not a field (left for the body, as
  // Postfix does) or at the end of the input. A name is printable ASCII up to the colon.
  bool front_header(std::string& name, std::string& value) {
    if (data_.empty() || data_[0] == '\n' || data_.starts_with("\r\n")) {
      front(data_.starts_with("\r\n") ? 2 : 1);
      return false;
    }
    std::size_t name_end = 0;
    while (name_end < data_.size() && data_[name_end] > 0x20 && data_[name_end] < 0x7f &&
           data_[name_end] != ':') {
      ++name_end;
    }
    if (name_end == 0 || name_end == data_.size() || data_[name_end] != ':') return false;
    std::size_t end = 0;
    while (true) {
      std::size_t nl = data_.find('\n', end);
      end = nl == std::string_view::npos ? data_.size() : nl + 1;
      if (end >= data_.size() || (data_[end] != ' ' && data_[end] != '\t')) break;
    }
    std::string_view field = front(end);
    while (!field.empty() && (field.back() == '\n' || field.back() == '\r')) field.remove_suffix(1);
    std::size_t colon = field.find(':');
    name = std::string(field.substr(0, colon));
    std::string_view v = colon == std::string_view::npos ? "" : field.substr(colon + 1);
    if (v.starts_with(' ')) v.remove_prefix(1);
    value = std::string(v);
    return true;
  }
  std::size_t size() const { return data_.size(); }

 private:
  std::string_view data_;
};

// The engines a reload can install: the shipped config, and one with a 2 KB size cap (so the
// too-large path runs), the Subject tag on and on_error tempfail.
std::shared_ptr<const sa::Engine> engine(int which) {
  static const std::shared_ptr<const sa::Engine> engines[2] = {
      std::make_shared<const sa::Engine>(sa::load_config(SA_CONFIG_FILE)), [] {
        auto config = std::make_shared<sa::Config>(*sa::load_config(SA_CONFIG_FILE));
        config->max_message_bytes = 2048;
        config->subject_tag = true;
        config->on_error = sa::Config::OnError::Tempfail;
        return std::make_shared<const sa::Engine>(config);
      }()};
  return engines[which];
}

sa::EngineSlot g_slot;
int g_installed = 0;  // which engine() is in the slot

const smfiDesc& callbacks() {
  static const smfiDesc desc = [] {
    static sa::MetricsRegistry metrics;
    g_slot.install({engine(0), nullptr});
    return sa::milter_description(g_slot, metrics);
  }();
  return desc;
}

void install(int which) {
  g_installed = which;
  g_slot.install({engine(which), nullptr});  // no ledger: nothing written, no Seen header
}

// After the edits of an accepted message: no field the MTA received with the prefix is left.
void check_no_forged_left(const FakeContext& c) {
  const std::string& prefix = engine(0)->config().header_prefix;
  for (const auto& [name, value] : c.headers) {
    if (strncasecmp(name.c_str(), prefix.c_str(), prefix.size()) == 0) {
      sa::fuzz::abort_on_problem("received header " + name + " survived the edits");
    }
  }
}

// C strings as libmilter passes them (a NUL ends them, as on the wire).
struct Args {
  std::string value;
  char* argv[2];
  explicit Args(std::string v) : value(std::move(v)) { argv[0] = value.data(), argv[1] = nullptr; }
};

// The callbacks, with the fake MTA's view of the message kept alongside.
void start_message(const smfiDesc& d, FakeContext& c, const std::string& mail_from) {
  Args from(mail_from);
  c.in_message = d.xxfi_envfrom(as_ctx(c), from.argv) == SMFIS_CONTINUE;
  c.headers.clear();
}

void header(const smfiDesc& d, FakeContext& c, std::string& name, std::string& value) {
  d.xxfi_header(as_ctx(c), name.data(), value.data());
  if (c.in_message) c.headers.emplace_back(name.c_str(), value.c_str());
}

sfsistat end_message(const smfiDesc& d, FakeContext& c) {
  c.edits.clear();
  c.edit_count = 0;
  const bool checked = c.in_message && c.refuse_edit < 0;
  const sfsistat status = d.xxfi_eom(as_ctx(c));
  if (checked && status == SMFIS_ACCEPT) check_no_forged_left(c);
  c.in_message = false;
  c.headers.clear();
  return status;
}

void leave_message(FakeContext& c) {
  c.in_message = false;
  c.headers.clear();
}

constexpr const char* kSender = "<forwarder@sample.example.jp>";
constexpr const char* kRecipient = "<hojokin@grant.example.lg.jp>";

// A whole transaction on `ctx` with the rest of the front as the message, its body cut into
// chunks whose sizes come from the tail; then the same message in one piece through the engine
// and apply_edit_plan must give the same edits.
void deliver(const smfiDesc& d, FakeContext& c, Input& in) {
  SMFICTX* ctx = as_ctx(c);
  const sa::Engine& message_engine = *engine(g_installed);  // the one envfrom takes
  start_message(d, c, kSender);
  Args rcpt(kRecipient);
  d.xxfi_envrcpt(ctx, rcpt.argv);
  d.xxfi_data(ctx);
  const sa::Config& config = message_engine.config();
  sa::MessageBuffer whole(config.max_message_bytes, config.header_prefix);
  sa::MessageBuffer chunked(config.max_message_bytes, config.header_prefix);
  for (sa::MessageBuffer* b : {&whole, &chunked}) {
    b->set_sender(kSender);
    b->add_recipient(kRecipient);
    b->set_queue_id("FUZZQ1");
  }
  std::string name, value;
  while (in.front_header(name, value)) {
    header(d, c, name, value);
    // What libmilter delivers: C strings.
    std::string n(name.c_str()), v(value.c_str());
    whole.add_header(n, v);
    chunked.add_header(n, v);
  }
  d.xxfi_eoh(ctx);
  std::string body;
  const unsigned cuts = in.tail_byte() % 8;
  for (unsigned i = 0; i <= cuts; ++i) {
    std::size_t n = i == cuts ? in.size() : (in.tail_byte() * 37u) % 2048u;
    std::string_view chunk = in.front(n);
    std::string copy(chunk);
    d.xxfi_body(ctx, reinterpret_cast<unsigned char*>(copy.data()), copy.size());
    chunked.add_body(chunk);
    body.append(chunk);
  }
  whole.add_body(body);
  if (whole.raw_message() != chunked.raw_message() || whole.too_large() != chunked.too_large()) {
    sa::fuzz::abort_on_problem("MessageBuffer: raw message depends on the body chunking");
  }
  const bool refusing = c.refuse_edit >= 0;
  const sfsistat status = end_message(d, c);

  if (refusing) return;  // the on_error path: no single-piece twin to compare with
  FakeContext twin;
  sa::LibmilterActions actions(as_ctx(twin), whole);
  const sa::Inspection inspection =
      whole.too_large() ? message_engine.inspect_too_large(whole.raw_headers(), whole.envelope())
                        : message_engine.inspect(whole.raw_message(), whole.envelope());
  const sa::ApplyResult applied = sa::apply_edit_plan(inspection.plan, actions);
  const sfsistat expected = applied.disposition == sa::Disposition::Reject     ? SMFIS_REJECT
                            : applied.disposition == sa::Disposition::Tempfail ? SMFIS_TEMPFAIL
                                                                               : SMFIS_ACCEPT;
  if (twin.edits != c.edits || expected != status) {
    std::string diff = "session edits differ from the one-piece message's:\n";
    for (const auto& e : c.edits) diff += "  session: " + e + "\n";
    for (const auto& e : twin.edits) diff += "  one-piece: " + e + "\n";
    diff += "  status " + std::to_string(status) + " vs " + std::to_string(expected);
    sa::fuzz::abort_on_problem(diff);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const smfiDesc& d = callbacks();
  install(0);
  FakeContext contexts[2];
  Input in(data, size);
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const unsigned op = in.tail_byte();
    FakeContext& c = contexts[(op >> 7) & 1];
    SMFICTX* ctx = as_ctx(c);
    switch (op % 16) {
      case 0: {
        Args host("client.example.jp");
        d.xxfi_connect(ctx, host.argv[0], nullptr);
        break;
      }
      case 1: {
        Args helo(in.front_line());
        d.xxfi_helo(ctx, helo.argv[0]);
        break;
      }
      case 2:
        start_message(d, c, in.front_line());
        break;
      case 3: {
        Args rcpt(op & 0x40 ? in.front_line() : std::string(kRecipient));
        d.xxfi_envrcpt(ctx, rcpt.argv);
        break;
      }
      case 4:
        d.xxfi_data(ctx);
        break;
      case 5:
      case 6: {
        std::string name, value;
        if (in.front_header(name, value)) header(d, c, name, value);
        break;
      }
      case 7:
        d.xxfi_eoh(ctx);
        break;
      case 8:
      case 9: {
        std::string chunk(in.front((in.tail_byte() * 29u) % 4096u));
        d.xxfi_body(ctx, reinterpret_cast<unsigned char*>(chunk.data()), chunk.size());
        break;
      }
      case 10:  // '\n': a sample .eml (ending in a line end) is delivered whole first
        deliver(d, c, in);
        break;
      case 11:
        d.xxfi_abort(ctx);
        leave_message(c);
        break;
      case 12:
        d.xxfi_close(ctx);
        leave_message(c);
        break;
      case 13: {
        std::string cmd = in.front_line();
        d.xxfi_unknown(ctx, cmd.c_str());
        break;
      }
      case 14:  // a refusing MTA, or a config reload (messages in flight keep their engine)
        if (op & 0x40) {
          c.refuse_edit = static_cast<int>(in.tail_byte() % 8) - 1;
        } else {
          install(g_installed ^ 1);
        }
        break;
      default:
        end_message(d, c);
        break;
    }
  }
  for (FakeContext& c : contexts) d.xxfi_close(as_ctx(c));
  return 0;
}
