// metrics_registry.cc - counting (lock-free relaxed atomics) and the Prometheus text
// rendering of the daemon's metrics. Series with three labels appear once counted; the small
// closed families (errors, edits, reloads) are always rendered, zeros included.
#include "metrics/metrics_registry.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

#include "metrics/process_stats.h"

namespace sa {

namespace {

constexpr std::array<Verdict, 5> kAllVerdicts{Verdict::None, Verdict::Consistent, Verdict::Verified,
                                              Verdict::Suspicious, Verdict::Error};
constexpr std::array<ForwardStyle, 8> kAllForwards{
    ForwardStyle::None,       ForwardStyle::Direct,  ForwardStyle::Redirect,
    ForwardStyle::Attachment, ForwardStyle::Inline,  ForwardStyle::AttachmentMsg,
    ForwardStyle::Tnef,       ForwardStyle::Printout};
constexpr std::array<EditKind, 8> kAllEdits{
    EditKind::HeaderDelete, EditKind::HeaderAdd,  EditKind::Subject, EditKind::RcptAdd,
    EditKind::RcptDelete,   EditKind::Quarantine, EditKind::Reject,  EditKind::Tempfail};
constexpr std::array<ErrorKind, 7> kAllErrors{
    ErrorKind::Engine,     ErrorKind::Timeout,  ErrorKind::Overloaded, ErrorKind::Ledger,
    ErrorKind::EditFailed, ErrorKind::TooLarge, ErrorKind::Milter};

// A label value between double quotes, with \, " and newline escaped.
std::string quoted_label(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

// A sample value as Prometheus reads it: shortest round-trip form (plain decimals when
// `fixed`, as bucket bounds are written by convention), +Inf/-Inf/NaN spelled out.
std::string number(double value, bool fixed = false) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[400];  // fixed notation of DBL_MAX needs 309 digits
  auto result = fixed
                    ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                    : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string number(std::uint64_t value) { return std::to_string(value); }
std::string number(std::int64_t value) { return std::to_string(value); }

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels,
            const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

std::string label(std::string_view name, std::string_view value) {
  return std::string(name) + "=" + quoted_label(value);
}

}  // namespace

std::string_view to_string(EditKind kind) {
  switch (kind) {
    case EditKind::HeaderDelete:
      return "header_delete";
    case EditKind::HeaderAdd:
      return "header_add";
    case EditKind::Subject:
      return "subject";
    case EditKind::RcptAdd:
      return "rcpt_add";
    case EditKind::RcptDelete:
      return "rcpt_delete";
    case EditKind::Quarantine:
      return "quarantine";
    case EditKind::Reject:
      return "reject";
    case EditKind::Tempfail:
      return "tempfail";
  }
  return "header_add";
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Engine:
      return "engine";
    case ErrorKind::Timeout:
      return "timeout";
    case ErrorKind::Overloaded:
      return "overloaded";
    case ErrorKind::Ledger:
      return "ledger";
    case ErrorKind::EditFailed:
      return "edit_failed";
    case ErrorKind::TooLarge:
      return "too_large";
    case ErrorKind::Milter:
      return "milter";
  }
  return "engine";
}

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

MetricsRegistry::MetricsRegistry(const std::vector<std::string>& notice_names) {
  add_notice_names(notice_names);
  start_unix_ = unix_now();
  last_load_unix_ = start_unix_.load();
}

void MetricsRegistry::add_notice_names(const std::vector<std::string>& names) {
  std::lock_guard lock(notice_mutex_);
  std::size_t count = notice_count_.load(std::memory_order_relaxed);
  for (const std::string& name : names) {
    if (count == kMaxNotices) break;
    if (name.empty() || name == "none" || name == "other") continue;
    if (std::find(notice_names_.begin(), notice_names_.begin() + count, name) !=
        notice_names_.begin() + count) {
      continue;
    }
    notice_names_[count] = name;
    notice_count_.store(++count, std::memory_order_release);
  }
}

std::size_t MetricsRegistry::notice_slot(std::string_view notice) const {
  if (notice.empty()) return kNoneSlot;
  std::size_t count = notice_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count; ++i) {
    if (notice_names_[i] == notice) return i;
  }
  return kOtherSlot;
}

std::string_view MetricsRegistry::notice_label(std::size_t slot) const {
  if (slot == kNoneSlot) return "none";
  if (slot == kOtherSlot) return "other";
  return notice_names_[slot];
}

void MetricsRegistry::observe_message(const Evidence& evidence, double seconds, std::size_t bytes) {
  auto verdict = static_cast<std::size_t>(evidence.verdict);
  auto forward = static_cast<std::size_t>(evidence.forward);
  if (verdict >= kVerdicts) verdict = static_cast<std::size_t>(Verdict::Error);
  if (forward >= kForwards) forward = static_cast<std::size_t>(ForwardStyle::None);
  std::size_t cell = (verdict * kNoticeSlots + notice_slot(evidence.notice)) * kForwards + forward;
  messages_[cell].fetch_add(1, std::memory_order_relaxed);

  if (!(seconds >= 0) || std::isinf(seconds)) seconds = 0;  // NaN, negative, inf: unmeasured
  std::size_t bucket = std::lower_bound(kSecondsBuckets.begin(), kSecondsBuckets.end(), seconds) -
                       kSecondsBuckets.begin();
  seconds_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  seconds_sum_.fetch_add(seconds, std::memory_order_relaxed);
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
}

void MetricsRegistry::count_error(ErrorKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  if (i < kErrorKinds) errors_[i].fetch_add(1, std::memory_order_relaxed);
}

void MetricsRegistry::count_edit(EditKind kind, std::uint64_t n) {
  auto i = static_cast<std::size_t>(kind);
  if (i < kEditKinds) edits_[i].fetch_add(n, std::memory_order_relaxed);
}

void MetricsRegistry::count_out_of_scope_claim() {
  out_of_scope_claims_.fetch_add(1, std::memory_order_relaxed);
}

void MetricsRegistry::connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }

void MetricsRegistry::connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }

void MetricsRegistry::reload(bool ok) {
  reloads_[ok ? 1 : 0].fetch_add(1, std::memory_order_relaxed);
  last_reload_ok_.store(ok, std::memory_order_relaxed);
  if (ok) last_load_unix_.store(unix_now(), std::memory_order_relaxed);
}

void MetricsRegistry::set_ledger_up(int up) { ledger_up_.store(up, std::memory_order_relaxed); }

void MetricsRegistry::set_build_info(const std::string& version,
                                     const std::string& milter_protocol) {
  build_version_ = version;
  build_protocol_ = milter_protocol;
}

void MetricsRegistry::set_ledger_rows(long rows) {
  ledger_rows_.store(rows, std::memory_order_relaxed);
}

std::string MetricsRegistry::render_prometheus() const {
  std::string out;
  out.reserve(4096);

  family(out, "sa_triage_messages_total", "counter",
         "Messages inspected, by verdict, matched notice and forward style.");
  for (std::size_t v = 0; v < kVerdicts; ++v) {
    for (std::size_t n = 0; n < kNoticeSlots; ++n) {
      for (std::size_t f = 0; f < kForwards; ++f) {
        std::uint64_t value =
            messages_[(v * kNoticeSlots + n) * kForwards + f].load(std::memory_order_relaxed);
        if (value == 0) continue;
        std::string labels = label("verdict", to_string(kAllVerdicts[v])) + "," +
                             label("notice", notice_label(n)) + "," +
                             label("forward", to_string(kAllForwards[f]));
        sample(out, "sa_triage_messages_total", labels, number(value));
      }
    }
  }

  family(out, "sa_triage_errors_total", "counter",
         "Failures by kind (engine, timeout, overloaded, ledger, edit_failed, too_large, milter).");
  for (ErrorKind kind : kAllErrors) {
    sample(out, "sa_triage_errors_total", label("kind", to_string(kind)),
           number(errors_[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed)));
  }

  family(out, "sa_triage_edits_total", "counter",
         "Message edits applied through the MTA, by kind.");
  for (EditKind kind : kAllEdits) {
    sample(out, "sa_triage_edits_total", label("kind", to_string(kind)),
           number(edits_[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed)));
  }

  family(out, "sa_triage_processing_seconds", "histogram",
         "Time spent inspecting one message (engine and edit plan), in seconds.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= kSecondsBuckets.size(); ++i) {
    cumulative += seconds_buckets_[i].load(std::memory_order_relaxed);
    double bound = i < kSecondsBuckets.size() ? kSecondsBuckets[i] : INFINITY;
    sample(out, "sa_triage_processing_seconds_bucket", label("le", number(bound, true)),
           number(cumulative));
  }
  sample(out, "sa_triage_processing_seconds_sum", "",
         number(seconds_sum_.load(std::memory_order_relaxed)));
  sample(out, "sa_triage_processing_seconds_count", "", number(cumulative));

  family(out, "sa_triage_message_bytes_total", "counter", "Bytes of messages inspected.");
  sample(out, "sa_triage_message_bytes_total", "", number(bytes_.load(std::memory_order_relaxed)));

  family(out, "sa_triage_out_of_scope_claims_total", "counter",
         "Messages to no address of scope.recipients whose Subject claims a notice (not judged).");
  sample(out, "sa_triage_out_of_scope_claims_total", "",
         number(out_of_scope_claims_.load(std::memory_order_relaxed)));

  family(out, "sa_triage_milter_connections", "gauge", "Milter connections open now.");
  sample(out, "sa_triage_milter_connections", "",
         number(connections_.load(std::memory_order_relaxed)));

  family(out, "sa_triage_reloads_total", "counter", "Config reloads, by result.");
  sample(out, "sa_triage_reloads_total", label("result", "ok"),
         number(reloads_[1].load(std::memory_order_relaxed)));
  sample(out, "sa_triage_reloads_total", label("result", "failed"),
         number(reloads_[0].load(std::memory_order_relaxed)));

  family(out, "sa_triage_ledger_rows", "gauge", "Rows in the evidence ledger.");
  sample(out, "sa_triage_ledger_rows", "",
         number(static_cast<std::int64_t>(ledger_rows_.load(std::memory_order_relaxed))));

  if (const int up = ledger_up_.load(std::memory_order_relaxed); up >= 0) {
    family(out, "sa_triage_ledger_up", "gauge",
           "1 while the evidence ledger can be opened, 0 while it cannot.");
    sample(out, "sa_triage_ledger_up", "", number(static_cast<std::int64_t>(up)));
  }

  family(out, "sa_triage_config_last_reload_successful", "gauge",
         "1 when the last config reload succeeded (or none was tried), 0 when it was refused.");
  sample(out, "sa_triage_config_last_reload_successful", "",
         number(static_cast<std::int64_t>(last_reload_ok_.load(std::memory_order_relaxed))));
  family(out, "sa_triage_config_last_reload_success_timestamp_seconds", "gauge",
         "Unix time the config in service was loaded (start or reload).");
  sample(out, "sa_triage_config_last_reload_success_timestamp_seconds", "",
         number(last_load_unix_.load(std::memory_order_relaxed)));

  family(out, "sa_triage_build_info", "gauge", "Always 1; the labels name the build.");
  sample(out, "sa_triage_build_info",
         label("version", build_version_) + "," + label("milter_protocol", build_protocol_), "1");

  const ProcessStats process = read_process_stats();
  family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  sample(out, "process_resident_memory_bytes", "", number(process.resident_bytes));
  family(out, "process_open_fds", "gauge", "Open file descriptors.");
  sample(out, "process_open_fds", "", number(process.open_fds));
  family(out, "process_max_fds", "gauge", "Limit of open file descriptors.");
  sample(out, "process_max_fds", "", number(process.max_fds));
  family(out, "process_start_time_seconds", "gauge", "Unix time the process started.");
  sample(out, "process_start_time_seconds", "", number(start_unix_.load()));
  return out;
}

}  // namespace sa
