// desk_app.cc - routing, authentication order and the security headers of desk_app.h.
#include "web/desk_app.h"

#include <algorithm>
#include <sstream>

#include "core/ascii.h"
#include "core/text_controls.h"
#include "web/desk_pages.h"
#include "web/url.h"

namespace sa::web {
namespace {

std::string header(const HttpRequest& r, const std::string& name) {
  const auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

HttpResponse text(int status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = body + "\n";
  return r;
}

HttpResponse redirect(const std::string& to) {
  HttpResponse r;
  r.status = 303;
  r.headers.emplace_back("Location", to);
  return r;
}

HttpResponse html(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// A local path to go back to: "/..." but not "//host" (no open redirect).
std::string safe_back(const std::string& back) {
  if (back.size() < 1 || back[0] != '/' ||
      (back.size() > 1 && (back[1] == '/' || back[1] == '\\'))) {
    return "/list";
  }
  for (unsigned char c : back) {
    if (c < 0x20 || c == 0x7F) return "/list";
  }
  return back;
}

// The host part of an Origin header ("https://desk.example:8443" -> "desk.example:8443").
std::string origin_host(const std::string& origin) {
  const std::size_t scheme = origin.find("://");
  return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

std::string lowered(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

void secure(HttpResponse& r) {
  r.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
      "frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

std::string cookie_value(const std::string& h, const std::string& name) {
  std::size_t at = 0;
  while (at < h.size()) {
    while (at < h.size() && (h[at] == ' ' || h[at] == ';')) ++at;
    const std::size_t end = std::min(h.find(';', at), h.size());
    const std::string pair = h.substr(at, end - at);
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    at = end + 1;
  }
  return "";
}

DeskApp::DeskApp(const Config& config, DeskDatabase& db, const HeldDesk* held, ReviewerAuth& auth,
                 std::ostream& log)
    : config_(config),
      db_(db),
      held_(held),
      auth_(auth),
      log_(log),
      zone_(*TimeZone::find(config.ledger_time_zone)) {}

// The request as every route sees it.
struct DeskApp::Call {
  const HttpRequest& req;
  const Target& target;
  const QueryParams& form;  // a POST's fields
  Frame& frame;
  const Reviewer* who = nullptr;  // null before sign-in
};

HttpResponse DeskApp::handle(const HttpRequest& req) {
  HttpResponse r = route(req);
  secure(r);
  if (req.method == "HEAD") r.body.clear();
  return r;
}

HttpResponse DeskApp::route(const HttpRequest& req) {
  if (!auth_.peer_allowed(req.peer)) {
    return text(403, "sa-triage-web: this address may not use the desk (web.auth)");
  }
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (!get && req.method != "POST") return text(405, "method not allowed");
  const auto target = parse_target(req.target);
  if (!target) return text(400, "bad request target");
  const std::string& path = target->path;
  const QueryParams form = req.method == "POST" ? parse_form(req.body) : QueryParams{};

  Frame frame;
  frame.lang = cookie_value(header(req, "cookie"), "sa_lang") == "en" ? Lang::En : Lang::Ja;
  frame.self = req.target.size() > 500 ? "/list" : req.target;
  Call call{req, *target, form, frame};

  if (get && path == "/desk.css") {
    HttpResponse css;
    css.content_type = "text/css; charset=utf-8";
    css.body = desk_css();
    return css;
  }
  if (get && path == "/lang") {
    HttpResponse to = redirect(safe_back(param(target->query, "back")));
    const std::string lang = param(target->query, "to") == "en" ? "en" : "ja";
    to.headers.emplace_back(
        "Set-Cookie", "sa_lang=" + lang + "; Path=/; Max-Age=31536000; Secure; SameSite=Strict");
    return to;
  }
  if (req.method == "POST") {
    // Browsers send Origin on every POST; a form from another site has another one.
    const std::string origin = header(req, "origin");
    if (!origin.empty() && origin != "null" && origin_host(origin) != header(req, "host")) {
      return text(403, "cross-site request refused");
    }
    if (header(req, "content-type").rfind("application/x-www-form-urlencoded", 0) != 0) {
      return text(415, "forms only");
    }
  }
  if (path == "/login" && auth_.mode() == Config::WebAuth::Password) return sign_in(call);

  std::optional<Reviewer> who;
  if (auth_.mode() == Config::WebAuth::Proxy) {
    who = auth_.identify("", header(req, lowered(config_.web_proxy_user_header)),
                         header(req, lowered(config_.web_proxy_groups_header)));
  } else {
    who = auth_.identify(cookie_value(header(req, "cookie"), ReviewerAuth::kCookie), "", "");
  }
  if (!who) {
    if (auth_.mode() == Config::WebAuth::Password && get) return redirect("/login");
    return text(auth_.mode() == Config::WebAuth::Password ? 403 : 401, "sign in first");
  }
  call.who = &*who;
  frame.reviewer = who->name;
  frame.signed_in = auth_.mode() == Config::WebAuth::Password;
  frame.csrf = auth_.csrf_token(*who);
  if (req.method == "POST" && !auth_.csrf_valid(*who, param(form, "csrf"))) {
    log_ << "sa-triage-web: POST " << line_safe(path, '?', false, 200)
         << " without a valid CSRF token from " << req.peer << std::endl;
    return text(403, "missing or wrong CSRF token: reload the page and try again");
  }
  try {
    if (get && path == "/") return redirect("/list");
    if (get && path == "/list") return list(call);
    if (get && path == "/export.csv") return export_csv(call);
    if (get && path == "/applicant") return applicant(call);
    if (get && path == "/held") return held(call);
    if (req.method == "POST" && path == "/logout") return sign_out(call);
    if (req.method == "POST" && (path == "/held/release" || path == "/held/delete")) {
      return held_action(call, path == "/held/release");
    }
    return text(404, "not found");
  } catch (const LedgerError& e) {
    frame.title = tr(frame.lang, "台帳を読めません", "The ledger cannot be read");
    log_ << "sa-triage-web: " << line_safe(e.what(), '?', false) << std::endl;
    return html(503, render_error(frame, e.what()));
  }
}

HttpResponse DeskApp::sign_in(Call& c) {
  c.frame.title = tr(c.frame.lang, "サインイン", "Sign in");
  if (c.req.method != "POST") return html(200, render_login(c.frame, false));
  const std::string name = param(c.form, "name");
  bool throttled = false;
  const auto session = auth_.sign_in(name, param(c.form, "password"), c.req.peer, throttled);
  if (throttled) {
    log_ << "sa-triage-web: sign-in from " << c.req.peer << " refused: too many failures"
         << std::endl;
    return text(429, "too many failed sign-ins from this address: wait ten minutes");
  }
  if (!session) {
    log_ << "sa-triage-web: sign-in refused for " << line_safe(name, '?', false, 64) << " from "
         << c.req.peer << std::endl;
    return html(403, render_login(c.frame, true));
  }
  log_ << "sa-triage-web: " << line_safe(name, '?', false, 64) << " signed in from " << c.req.peer
       << std::endl;
  HttpResponse in = redirect("/list");
  in.headers.emplace_back("Set-Cookie", std::string(ReviewerAuth::kCookie) + "=" + *session +
                                            "; Path=/; Max-Age=28800; Secure; HttpOnly; "
                                            "SameSite=Strict");
  return in;
}

HttpResponse DeskApp::sign_out(Call& c) {
  auth_.sign_out(c.who->session);
  HttpResponse out = redirect(auth_.mode() == Config::WebAuth::Password ? "/login" : "/list");
  out.headers.emplace_back("Set-Cookie", std::string(ReviewerAuth::kCookie) +
                                             "=; Path=/; Max-Age=0; Secure; HttpOnly; "
                                             "SameSite=Strict");
  return out;
}

HttpResponse DeskApp::list(Call& c) {
  Desk desk(db_, zone_);
  ListView view;
  view.filter = parse_desk_filter(c.target.query, view.problems);
  for (const auto& n : config_.notices) view.notices.push_back(n.name);
  for (const auto& p : config_.programmes) {
    if (!p.programme.empty() && std::find(view.programmes.begin(), view.programmes.end(),
                                          p.programme) == view.programmes.end()) {
      view.programmes.push_back(p.programme);
    }
  }
  view.page = desk.page(view.filter, parse_page_position(c.target.query), kPageSize);
  view.chart = desk.per_day(desk.day_of(std::time(nullptr)), kChartDays);
  c.frame.title = tr(c.frame.lang, "一覧", "Evidence");
  return html(200, render_list(c.frame, view, desk, zone_));
}

HttpResponse DeskApp::export_csv(Call& c) {
  Desk desk(db_, zone_);
  std::vector<std::string> problems;
  const DeskFilter filter = parse_desk_filter(c.target.query, problems);
  ExportOptions options;
  options.bom = param(c.target.query, "bom") != "0";
  options.headings =
      param(c.target.query, "columns") == "ja" ? ExportHeadings::Japanese : ExportHeadings::English;
  std::ostringstream out;
  desk.export_csv(filter, options, out);
  HttpResponse csv;
  csv.content_type = "text/csv; charset=utf-8";
  csv.headers.emplace_back("Content-Disposition", "attachment; filename=\"sa-triage-ledger.csv\"");
  csv.body = out.str();
  return csv;
}

HttpResponse DeskApp::applicant(Call& c) {
  Desk desk(db_, zone_);
  c.frame.title = tr(c.frame.lang, "申請者", "Applicant");
  return html(200, render_applicant(c.frame, desk.applicant(param(c.target.query, "key")), zone_));
}

HttpResponse DeskApp::held(Call& c) {
  const Lang lang = c.frame.lang;
  c.frame.title = tr(lang, "保留", "Held");
  HeldView view;
  view.may_release = auth_.may_release(*c.who);
  const std::string done = param(c.target.query, "done");
  const std::string qid = param(c.target.query, "qid");
  if (cli::PostfixQueue::valid_queue_id(qid) && (done == "released" || done == "deleted")) {
    view.notice = (done == "released" ? tr(lang, "解放しました: ", "Released: ")
                                      : tr(lang, "削除しました: ", "Deleted: ")) +
                  qid;
  }
  if (held_ == nullptr) {
    view.error = tr(lang, "保留キューはこのホストでは読めません。", "No hold queue on this host.");
  } else {
    try {
      view.held = held_->list();
    } catch (const cli::PostfixError& e) {
      view.error = e.what();
    }
  }
  return html(200, render_held(c.frame, view, std::time(nullptr)));
}

HttpResponse DeskApp::held_action(Call& c, bool release) {
  if (!auth_.may_release(*c.who)) {
    log_ << "sa-triage-web: "
         << (c.who->name.empty() ? "anonymous" : line_safe(c.who->name, '?', false, 64))
         << " may not " << line_safe(c.target.path, '?', false, 200) << " (web.release_group)"
         << std::endl;
    return text(403, "releasing and deleting needs a reviewer of web.release_group");
  }
  const std::string qid = param(c.form, "qid");
  if (!cli::PostfixQueue::valid_queue_id(qid)) return text(400, "not a queue id");
  if (held_ == nullptr) return text(503, "no hold queue on this host");
  try {
    held_->act(release ? HeldDesk::Action::Release : HeldDesk::Action::Remove, qid, c.who->name);
  } catch (const cli::PostfixError& e) {
    c.frame.title = tr(c.frame.lang, "保留", "Held");
    return html(409, render_error(c.frame, e.what()));
  }
  return redirect(std::string("/held?done=") + (release ? "released" : "deleted") + "&qid=" + qid);
}

}  // namespace sa::web
