// metrics_registry.h - the daemon's counters, gauges and processing-time histogram, and
// their Prometheus text rendering. Thread-safe: every count is a relaxed atomic, so milter
// threads count without locks. Label values come only from closed sets (verdict names,
// configured notice names, forward styles, the kinds below), never from mail text.
// Serves nothing: http_endpoint.h does that.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/evidence.h"
#include "core/verdict.h"

namespace sa {

// An edit the milter applied to a message (one per smfi_* call that succeeded).
enum class EditKind {
  HeaderDelete,
  HeaderAdd,
  Subject,
  RcptAdd,
  RcptDelete,
  Quarantine,
  Reject,
  Tempfail
};

std::string_view to_string(EditKind kind);

// A failure counted in sa_triage_errors_total{kind=...}.
enum class ErrorKind { Engine, Timeout, Overloaded, Ledger, EditFailed, TooLarge, Milter };

std::string_view to_string(ErrorKind kind);

class MetricsRegistry {
 public:
  // At most this many configured notice names get their own label value; later ones (and
  // names the registry was never told) count as notice="other".
  static constexpr std::size_t kMaxNotices = 32;
  // Upper bounds of the processing-time histogram, in seconds (+Inf is implied).
  static constexpr std::array<double, 13> kSecondsBuckets{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  explicit MetricsRegistry(const std::vector<std::string>& notice_names = {});
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Adds notice names not seen before (call at start and after each reload); names are never
  // removed, so their counters stay monotonic. "" and the reserved "none"/"other" are skipped.
  void add_notice_names(const std::vector<std::string>& names);

  // One message inspected: its verdict, notice and forward style, time spent and size.
  void observe_message(const Evidence& evidence, double seconds, std::size_t bytes);
  void count_error(ErrorKind kind);
  void count_edit(EditKind kind, std::uint64_t n = 1);
  // A message out of scope whose Subject claims a notice (Inspection::out_of_scope_claim).
  void count_out_of_scope_claim();
  void connection_opened();
  void connection_closed();
  // A config reload: counted; the last one's result and the time of the last successful load
  // (the start counts as one) are gauges.
  void reload(bool ok);
  void set_ledger_rows(long rows);
  // sa_triage_ledger_up: 1 while the ledger can be opened, 0 while it cannot; not rendered
  // when no ledger is configured (-1, the default).
  void set_ledger_up(int up);
  // sa_triage_build_info's labels; call once before the registry is served.
  void set_build_info(const std::string& version, const std::string& milter_protocol);

  // Everything above in Prometheus text exposition format 0.0.4.
  std::string render_prometheus() const;

 private:
  static constexpr std::size_t kVerdicts = 5;
  static constexpr std::size_t kForwards = 7;
  static constexpr std::size_t kNoticeSlots = kMaxNotices + 2;  // + "none", "other"
  static constexpr std::size_t kNoneSlot = kMaxNotices;
  static constexpr std::size_t kOtherSlot = kMaxNotices + 1;
  static constexpr std::size_t kEditKinds = 8;
  static constexpr std::size_t kErrorKinds = 7;

  std::size_t notice_slot(std::string_view notice) const;
  std::string_view notice_label(std::size_t slot) const;

  // Notice names: slots [0, notice_count_) are written once, then published by the count.
  std::mutex notice_mutex_;
  std::array<std::string, kMaxNotices> notice_names_;
  std::atomic<std::size_t> notice_count_{0};

  std::array<std::atomic<std::uint64_t>, kVerdicts * kNoticeSlots * kForwards> messages_{};
  std::array<std::atomic<std::uint64_t>, kErrorKinds> errors_{};
  std::array<std::atomic<std::uint64_t>, kEditKinds> edits_{};
  std::array<std::atomic<std::uint64_t>, kSecondsBuckets.size() + 1> seconds_buckets_{};
  std::atomic<double> seconds_sum_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> out_of_scope_claims_{0};
  std::atomic<std::int64_t> connections_{0};
  std::array<std::atomic<std::uint64_t>, 2> reloads_{};  // failed, ok
  std::atomic<long> ledger_rows_{0};
  std::atomic<int> ledger_up_{-1};
  std::atomic<bool> last_reload_ok_{true};
  std::atomic<std::int64_t> last_load_unix_{0};  // config loaded (start or reload)
  std::atomic<std::int64_t> start_unix_{0};      // process_start_time_seconds
  std::string build_version_;
  std::string build_protocol_;
};

}  // namespace sa
