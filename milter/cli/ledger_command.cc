// ledger_command.cc - `sa-triage ledger export|applicants|purge`: reviewers' export of the
// evidence ledger as CSV (with a byte order mark unless --no-bom; --columns ja for Japanese
// headings) or JSON lines, filtered by --since (a date in ledger.time_zone) and --verdict;
// the same for the list of applicants with their notices ① and ② (applicants); and the
// admin's purge of rows past ledger.retention_days (or --days N). Reads the configured
// backend; a ledger this user may not read is reported as permission denied.
#include <iostream>
#include <optional>
#include <string>

#include "cli/applicant_export.h"
#include "cli/commands.h"
#include "cli/ledger_export.h"
#include "ledger/ledger_factory.h"

namespace sa::cli {
namespace {

constexpr const char* kUsage =
    "usage: sa-triage ledger export --format csv|json [--since YYYY-MM-DD] [--verdict V]"
    " [--no-bom] [--columns en|ja] [--config FILE]\n"
    "       sa-triage ledger applicants [--format csv|json] [--since YYYY-MM-DD] [--no-bom]"
    " [--columns en|ja] [--config FILE]\n"
    "       sa-triage ledger purge [--days N] [--config FILE]\n";

int usage_error(const std::string& why) {
  std::cerr << "sa-triage ledger: " << why << "\n" << kUsage;
  return 2;
}

}  // namespace

int run_ledger(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("missing subcommand (export, applicants or purge)");
  const std::string& action = args[0];
  const bool listing = action == "export" || action == "applicants";
  if (!listing && action != "purge") {
    return usage_error("unknown subcommand '" + action + "'");
  }
  std::string config_path = default_config_path();
  bool have_format = false;
  ExportOptions options;
  bool csv_only_option = false;  // --no-bom or --columns given
  std::string since;
  LedgerFilter filter;
  long days = -1;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--config" && has_value) {
      config_path = args[++i];
    } else if (listing && a == "--format" && has_value) {
      if (!parse_export_format(args[++i], options.format)) {
        return usage_error("--format must be csv or json, not '" + args[i] + "'");
      }
      have_format = true;
    } else if (listing && a == "--no-bom") {
      options.bom = false;
      csv_only_option = true;
    } else if (listing && a == "--columns" && has_value) {
      if (!parse_export_headings(args[++i], options.headings)) {
        return usage_error("--columns must be en or ja, not '" + args[i] + "'");
      }
      csv_only_option = true;
    } else if (listing && a == "--since" && has_value) {
      since = args[++i];
    } else if (action == "export" && a == "--verdict" && has_value) {
      Verdict v{};
      if (!parse_verdict(args[++i], v)) {
        return usage_error("--verdict must be consistent, verified, suspicious or error, not '" +
                           args[i] + "'");
      }
      filter.verdict = v;
    } else if (action == "purge" && a == "--days" && has_value) {
      const std::string& d = args[++i];
      if (d.empty() || d.size() > 5 || d.find_first_not_of("0123456789") != std::string::npos) {
        return usage_error("--days must be a number of days, not '" + d + "'");
      }
      days = std::stol(d);
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  if (action == "export" && !have_format) return usage_error("--format csv|json is required");
  if (csv_only_option && options.format != ExportFormat::Csv) {
    return usage_error("--no-bom and --columns are for --format csv");
  }
  try {
    const auto config = load_config(config_path);
    const std::optional<TimeZone> zone = TimeZone::find(config->ledger_time_zone);
    if (!zone) throw ConfigError(config_path + ": ledger.time_zone: unknown time zone");
    if (!since.empty()) {
      filter.since = zone->start_of_day(since);
      if (!filter.since) {
        return usage_error("--since must be a date YYYY-MM-DD, not '" + since + "'");
      }
    }
    const auto reader =
        open_ledger_reader(*config, listing ? LedgerAccess::Read : LedgerAccess::Purge);
    if (!reader) {
      std::cerr << "sa-triage ledger: ledger.backend is none in " << config_path << "\n";
      return 2;
    }
    if (action == "applicants") {
      const std::size_t n = export_applicants(*reader, filter, options, *zone, std::cout);
      std::cerr << "sa-triage ledger: listed " << n << " applicants\n";
      return std::cout ? 0 : 1;
    }
    if (action == "export") {
      const std::size_t n = export_rows(*reader, filter, options, *zone, std::cout);
      std::cerr << "sa-triage ledger: exported " << n << " rows\n";
      return std::cout ? 0 : 1;
    }
    const unsigned retention =
        days >= 0 ? static_cast<unsigned>(days) : config->ledger_retention_days;
    if (retention == 0) {
      std::cout << "retention is 0 days (keep forever): nothing purged\n";
      return 0;
    }
    const std::size_t n = reader->purge(retention);
    std::cout << "purged " << n << " rows older than " << retention << " days\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 2;
  } catch (const LedgerError& e) {
    std::cerr << "sa-triage: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sa::cli
