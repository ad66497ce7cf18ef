// time_zone_test.cc - ledger.time_zone: tz names and fixed offsets, ISO 8601 with offset,
// and a --since date read as the start of that day in the zone (only real dates).
#include "core/time_zone.h"

#include <catch2/catch.hpp>

#include "core/config.h"

using sa::TimeZone;

TEST_CASE("times are written with the zone's offset", "[time-zone]") {
  const auto tokyo = TimeZone::find("Asia/Tokyo");
  REQUIRE(tokyo);
  CHECK(tokyo->iso8601(1743467400) == "2025-04-01T09:30:00+09:00");
  CHECK(TimeZone::find("+09:00")->iso8601(1743467400) == "2025-04-01T09:30:00+09:00");
  CHECK(TimeZone::find("UTC")->iso8601(1743467400) == "2025-04-01T00:30:00+00:00");
  CHECK_FALSE(TimeZone::find("Mars/Olympus_Mons"));
  CHECK_FALSE(TimeZone::find(""));
}

TEST_CASE("a --since date is 00:00 of that day in the zone, and must be real", "[time-zone]") {
  const auto tokyo = TimeZone::find("Asia/Tokyo");
  REQUIRE(tokyo);
  CHECK(tokyo->start_of_day("2025-04-01") == std::optional<std::time_t>(1743433200));
  CHECK(TimeZone::find("UTC")->start_of_day("2025-04-01") ==
        std::optional<std::time_t>(1743465600));
  CHECK(tokyo->start_of_day("2024-02-29"));
  CHECK_FALSE(tokyo->start_of_day("2025-02-30"));
  CHECK_FALSE(tokyo->start_of_day("2025-13-01"));
  CHECK_FALSE(tokyo->start_of_day("2025-2-3"));
  CHECK_FALSE(tokyo->start_of_day("2025/02/03"));
  CHECK_FALSE(tokyo->start_of_day("yesterday"));
  CHECK_FALSE(tokyo->start_of_day(""));
}

TEST_CASE("ledger.time_zone is checked at load", "[time-zone][config]") {
  const std::string notices = "notices: [{ name: x, subject: 'x' }]\n";
  CHECK(sa::load_config_text(notices, "t.yaml")->ledger_time_zone == "Asia/Tokyo");
  CHECK(
      sa::load_config_text("ledger: { time_zone: UTC }\n" + notices, "t.yaml")->ledger_time_zone ==
      "UTC");
  try {
    sa::load_config_text("ledger: { time_zone: Tokyo }\n" + notices, "t.yaml");
    FAIL("accepted an unknown time zone");
  } catch (const sa::ConfigError& e) {
    CHECK(std::string(e.what()).rfind("t.yaml:1: ledger.time_zone: 'Tokyo' is not a time zone",
                                      0) == 0);
  }
}
