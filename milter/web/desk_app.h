// desk_app.h - the desk as a function from a request to a response: authentication and the
// peer check first, then the route (GET /list, /applicant, /held, /export.csv, /login,
// /desk.css; POST /login, /logout, /held/release, /held/delete), CSRF on every POST after
// sign-in, security headers on every answer. Plain structs in and out, so the tests drive
// it without sockets; http_server.h is the Beast adapter in front of it.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/time_zone.h"
#include "web/desk.h"
#include "web/held_desk.h"
#include "web/reviewer_auth.h"
#include "web/url.h"

namespace sa::web {

struct HttpRequest {
  std::string method;                          // GET, HEAD, POST, ...
  std::string target;                          // as sent: "/list?verdict=suspicious"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string peer;  // the peer's address, "127.0.0.1"
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class DeskApp {
 public:
  // `held` may be null (no hold queue here: the 保留 page says so).
  DeskApp(const Config& config, DeskDatabase& db, const HeldDesk* held, ReviewerAuth& auth,
          std::ostream& log);

  HttpResponse handle(const HttpRequest& request);

  static constexpr std::size_t kPageSize = 50;
  static constexpr int kChartDays = 14;

 private:
  struct Call;
  HttpResponse route(const HttpRequest& request);
  HttpResponse sign_in(Call& call);
  HttpResponse sign_out(Call& call);
  HttpResponse list(Call& call);
  HttpResponse export_csv(Call& call);
  HttpResponse applicant(Call& call);
  HttpResponse held(Call& call);
  HttpResponse held_action(Call& call, bool release);

  const Config& config_;
  DeskDatabase& db_;
  const HeldDesk* held_;
  ReviewerAuth& auth_;
  std::ostream& log_;
  TimeZone zone_;
};

// The value of cookie `name` in a Cookie header, "" when absent.
std::string cookie_value(const std::string& header, const std::string& name);

}  // namespace sa::web
