// main.cc - sa-triage-web, the reviewers' desk: reads the config, opens the ledger read-only
// and the hold queue, and serves the pages on web.listen until SIGTERM. Also
// `--hash-password`, which reads a password on standard input and prints its Argon2id hash
// for the reviewer file. Everything else is in the library (desk_app.h and below).
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>

#include "web/desk_app.h"
#include "web/desk_database.h"
#include "web/http_server.h"

namespace {

constexpr const char* kUsage =
    "usage: sa-triage-web [--config FILE] [--listen HOST:PORT] [--postfix-config DIR]\n"
    "                     [--port-file FILE]\n"
    "       sa-triage-web --hash-password     (reads the password on standard input)\n";

int hash_password_command() {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::cerr << "password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (password.empty()) {
    std::cerr << "sa-triage-web: empty password\n";
    return 2;
  }
  std::cout << sa::web::hash_password(password) << "\n";
  sodium_memzero(password.data(), password.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path = sa::default_config_path();
  std::string listen, postfix_dir, port_file;
  bool hash = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--config" && has_value) {
      config_path = argv[++i];
    } else if (a == "--listen" && has_value) {
      listen = argv[++i];
    } else if ((a == "--postfix-config" || a == "-c") && has_value) {
      postfix_dir = argv[++i];
    } else if (a == "--port-file" && has_value) {
      port_file = argv[++i];
    } else if (a == "--hash-password") {
      hash = true;
    } else {
      std::cerr << "sa-triage-web: unexpected argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  try {
    if (hash) return hash_password_command();
    const auto config = sa::load_config(config_path);
    if (listen.empty()) listen = config->web_listen;
    auto db = sa::web::open_desk_database(*config);
    const sa::web::HeldDesk held(postfix_dir, config->header_prefix, std::clog);
    sa::web::ReviewerAuth auth(*config);
    sa::web::DeskApp app(*config, *db, &held, auth, std::clog);
    sa::web::DeskServer server(listen,
                               [&app](const sa::web::HttpRequest& r) { return app.handle(r); });
    std::clog << "sa-triage-web: serving the desk on port " << server.port() << " of " << listen
              << " (web.auth "
              << (config->web_auth == sa::Config::WebAuth::Loopback   ? "loopback"
                  : config->web_auth == sa::Config::WebAuth::Password ? "password"
                                                                      : "proxy")
              << ")" << std::endl;
    if (!port_file.empty()) {
      std::ofstream(port_file + ".tmp") << server.port() << "\n";
      std::rename((port_file + ".tmp").c_str(), port_file.c_str());
    }
    server.run();
    return 0;
  } catch (const sa::ConfigError& e) {
    std::cerr << "sa-triage-web: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sa-triage-web: " << e.what() << "\n";
    return 1;
  }
}
