// time_zone.h - a time zone by name (ledger.time_zone): "Asia/Tokyo" from the tz database,
// or a fixed offset such as "+09:00" or "UTC". Times are written as ISO 8601 with the
// offset; a calendar date is read as the start of that day there. Asia/Tokyo is known even
// without tzdata (Japan has kept +09:00 without summer time since 1951). Uses GLib's
// GTimeZone; knows nothing of the ledger.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sa {

class TimeZone {
 public:
  // The zone called `name`; none when neither the tz database nor GLib knows it.
  static std::optional<TimeZone> find(std::string_view name);

  // e.g. 2025-04-01T09:30:00+09:00 ("" for a time GLib cannot represent).
  std::string iso8601(std::time_t t) const;

  // 00:00 of YYYY-MM-DD in this zone; none when `date` is not a real date so written.
  std::optional<std::time_t> start_of_day(std::string_view date) const;

  const std::string& name() const { return name_; }

 private:
  TimeZone(std::string name, std::shared_ptr<void> zone)
      : name_(std::move(name)), zone_(std::move(zone)) {}
  std::string name_;
  std::shared_ptr<void> zone_;  // a GTimeZone
};

}  // namespace sa
