// time_zone.cc - TimeZone over GLib's GTimeZone and GDateTime.
#include "core/time_zone.h"

#include <glib.h>

namespace sa {
namespace {

GTimeZone* zone_of(const std::shared_ptr<void>& zone) {
  return static_cast<GTimeZone*>(zone.get());
}

bool digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

std::optional<TimeZone> TimeZone::find(std::string_view name) {
  const std::string n(name);
  GTimeZone* zone = n.empty() ? nullptr : g_time_zone_new_identifier(n.c_str());
  if (zone == nullptr && n == "Asia/Tokyo") zone = g_time_zone_new_identifier("+09:00");
  if (zone == nullptr) return std::nullopt;
  return TimeZone(n, std::shared_ptr<void>(
                         zone, [](void* z) { g_time_zone_unref(static_cast<GTimeZone*>(z)); }));
}

std::string TimeZone::iso8601(std::time_t t) const {
  GDateTime* utc = g_date_time_new_from_unix_utc(static_cast<gint64>(t));
  if (utc == nullptr) return "";
  GDateTime* local = g_date_time_to_timezone(utc, zone_of(zone_));
  g_date_time_unref(utc);
  if (local == nullptr) return "";
  gchar* text = g_date_time_format(local, "%Y-%m-%dT%H:%M:%S%:z");
  g_date_time_unref(local);
  std::string out = text ? text : "";
  g_free(text);
  return out;
}

std::optional<std::time_t> TimeZone::start_of_day(std::string_view date) const {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  const std::string_view y = date.substr(0, 4), m = date.substr(5, 2), d = date.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  const int year = std::stoi(std::string(y)), month = std::stoi(std::string(m)),
            day = std::stoi(std::string(d));
  // GLib refuses 2025-02-30 (it does not roll it into March).
  GDateTime* start = g_date_time_new(zone_of(zone_), year, month, day, 0, 0, 0);
  if (start == nullptr) return std::nullopt;
  const gint64 t = g_date_time_to_unix(start);
  g_date_time_unref(start);
  return static_cast<std::time_t>(t);
}

}  // namespace sa
