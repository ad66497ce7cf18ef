// desk_sql.cc - the SQL of desk_sql.h. The time column is "time" (quoted: a keyword in
// PostgreSQL); PostgreSQL compares it with to_timestamp() and returns it as epoch seconds.
#include "web/desk_sql.h"

namespace sa::web {

std::string SqlBuilder::placeholder(SqlQuery& q, std::string value, bool integer) const {
  q.params.push_back({std::move(value), integer});
  const std::string n = std::to_string(q.params.size());
  if (dialect_ == Dialect::Sqlite) return "?" + n;
  return "$" + n + (integer ? "::bigint" : "::text");
}

std::string SqlBuilder::time_value(SqlQuery& q, std::int64_t t) const {
  const std::string p = placeholder(q, std::to_string(t), true);
  return dialect_ == Dialect::Sqlite ? p : "to_timestamp(" + p + ")";
}

std::string SqlBuilder::select_rows() const {
  const char* time =
      dialect_ == Dialect::Sqlite ? "\"time\"" : "extract(epoch from \"time\")::bigint";
  return std::string("SELECT id, ") + time +
         ", queue_id, message_id, envelope_sender, applicant_domain, declaration_id, notice,"
         " star, verdict, company, forward, seen, auth, reasons, programme, requirement,"
         " applicant_key FROM evidence";
}

SqlQuery SqlBuilder::page(const DeskFilter& f, const TimeRange& range,
                          const std::optional<Cursor>& from, bool newest_first,
                          std::size_t limit) const {
  SqlQuery q;
  std::string where;
  auto add = [&](const std::string& condition) {
    where += (where.empty() ? " WHERE " : " AND ") + condition;
  };
  if (f.verdict) add("verdict = " + placeholder(q, std::string(to_string(*f.verdict)), false));
  if (!f.notice.empty()) add("notice = " + placeholder(q, f.notice, false));
  if (f.star >= 0) add("star = " + placeholder(q, std::to_string(f.star), true));
  if (!f.programme.empty()) add("programme = " + placeholder(q, f.programme, false));
  if (!f.requirement.empty()) add("requirement = " + placeholder(q, f.requirement, false));
  if (f.duplicates) add("seen = 'other-applicant'");
  if (!f.company.empty()) {  // the folded company: the applicant key's part after the tab
    const std::string p = placeholder(q, f.company, false);
    add(dialect_ == Dialect::Sqlite
            ? "instr(substr(applicant_key, instr(applicant_key, char(9)) + 1), " + p + ") > 0"
            : "strpos(split_part(applicant_key, chr(9), 2), " + p + ") > 0");
  }
  if (!f.declaration_id.empty()) add("declaration_id = " + placeholder(q, f.declaration_id, false));
  if (range.since) add("\"time\" >= " + time_value(q, *range.since));
  if (range.until) add("\"time\" < " + time_value(q, *range.until));
  if (from) {
    add(std::string("(\"time\", id) ") + (newest_first ? "<" : ">") + " (" +
        time_value(q, from->time) + ", " + placeholder(q, std::to_string(from->id), true) + ")");
  }
  const char* dir = newest_first ? " DESC" : " ASC";
  q.text = select_rows() + where + " ORDER BY \"time\"" + dir + ", id" + dir + " LIMIT " +
           std::to_string(limit);
  return q;
}

SqlQuery SqlBuilder::applicant(const std::string& key, std::size_t limit) const {
  SqlQuery q;
  q.text = select_rows() + " WHERE applicant_key = " + placeholder(q, key, false) +
           " ORDER BY \"time\", id LIMIT " + std::to_string(limit);
  return q;
}

SqlQuery SqlBuilder::other_applicants(const std::vector<std::string>& ids,
                                      const std::string& domain, std::size_t limit) const {
  SqlQuery q;
  std::string in;
  for (const auto& id : ids) in += (in.empty() ? "" : ", ") + placeholder(q, id, false);
  if (in.empty()) in = "NULL";
  q.text = select_rows() + " WHERE declaration_id IN (" + in +
           ") AND lower(applicant_domain) <> lower(" + placeholder(q, domain, false) +
           ") ORDER BY \"time\", id LIMIT " + std::to_string(limit);
  return q;
}

SqlQuery SqlBuilder::verdict_counts(std::time_t since, std::time_t until) const {
  SqlQuery q;
  q.text = "SELECT verdict, count(*) FROM evidence WHERE \"time\" >= " + time_value(q, since) +
           " AND \"time\" < " + time_value(q, until) + " GROUP BY verdict";
  return q;
}

}  // namespace sa::web
