// milter_metrics_test.cc - the running daemon's /metrics and /healthz, scraped over real
// HTTP while it handles mail: counts by verdict, edits, connections, reloads; /healthz 503
// with the cause when Postfix could not use the socket (mode, directory, file gone).
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <thread>

#include "asio.h"
#include "milter_fixture.h"
#include "test_messages.h"

namespace sa::test {
namespace {

// GET `path` from 127.0.0.1:port; returns the whole response ("" when nothing answers).
std::string http_get(int port, const std::string& path) {
  try {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    std::string response;
    boost::system::error_code ec;
    char buf[4096];
    while (std::size_t n = socket.read_some(boost::asio::buffer(buf), ec)) response.append(buf, n);
    return response;
  } catch (const std::exception&) {
    return "";
  }
}

std::string scrape_when_up(int port, const std::string& path) {
  for (int i = 0; i < 100; ++i) {
    std::string r = http_get(port, path);
    if (!r.empty()) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

}  // namespace

TEST_CASE("the daemon counts what it did on /metrics and answers /healthz", "[milter][metrics]") {
  const int metrics_port = free_tcp_port();
  MilterUnderTest milter(
      [&](YAML::Node& c) { c["metrics"]["listen"] = "127.0.0.1:" + std::to_string(metrics_port); });
  CHECK(scrape_when_up(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);

  MilterClient client = milter.session();
  client.send_message("security-action-info@ipa.go.jp", {"hojokin@grant.example.lg.jp"},
                      direct_notice("X-SA-Triage-Verdict: verified\r\n"), "4M1");
  client.send_message("sato@mihon-kogyo.example.jp", {"hojokin@grant.example.lg.jp"},
                      ordinary_mail(), "4M2");
  const std::string during = http_get(metrics_port, "/metrics");
  CHECK(during.find("sa_triage_milter_connections 1") != std::string::npos);
  client.quit();

  const std::string text = http_get(metrics_port, "/metrics");
  CHECK(text.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(text.find("sa_triage_messages_total{verdict=\"consistent\",notice=\"declaration-"
                  "complete\",forward=\"direct\"} 1") != std::string::npos);
  CHECK(
      text.find("sa_triage_messages_total{verdict=\"none\",notice=\"none\",forward=\"none\"} 1") !=
      std::string::npos);
  CHECK(text.find("sa_triage_edits_total{kind=\"header_delete\"} 1") != std::string::npos);
  CHECK(text.find("sa_triage_processing_seconds_count 2") != std::string::npos);
  CHECK(text.find("mihon-kogyo") == std::string::npos);  // nothing from mail in labels

  // A refused reload is counted; the daemon stays healthy on its old config.
  write_config(YAML::Load("milter: {bogus: 1}"), milter.config_path());
  milter.daemon->signal(SIGHUP);
  CHECK(milter.daemon->wait_for_log("reload refused", std::chrono::seconds(5)));
  CHECK(http_get(metrics_port, "/metrics").find("sa_triage_reloads_total{result=\"failed\"} 1") !=
        std::string::npos);
  CHECK(http_get(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("evidence-looking mail to an address out of scope is counted", "[milter][metrics]") {
  const int metrics_port = free_tcp_port();
  MilterUnderTest milter([&](YAML::Node& c) {
    c["metrics"]["listen"] = "127.0.0.1:" + std::to_string(metrics_port);
    c["scope"]["recipients"].push_back("hojokin@grant.example.lg.jp");
  });
  CHECK(scrape_when_up(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);
  MilterClient client = milter.session();
  client.send_message("security-action-info@ipa.go.jp", {"kobe@grant.example.lg.jp"},
                      direct_notice(), "4O1");
  client.send_message("sato@mihon-kogyo.example.jp", {"kobe@grant.example.lg.jp"}, ordinary_mail(),
                      "4O2");
  client.quit();
  const std::string text = http_get(metrics_port, "/metrics");
  CHECK(text.find("sa_triage_out_of_scope_claims_total 1\n") != std::string::npos);
}

TEST_CASE("/healthz is 503 with the cause while Postfix could not use the socket",
          "[milter][metrics][health]") {
  // The socket's group is one the test process is not the owner for: Postfix's position.
  const group* nogroup = getgrnam("nogroup");
  REQUIRE(nogroup != nullptr);
  TempDir socket_dir;
  REQUIRE(chmod(socket_dir.path().c_str(), 0750) == 0);
  if (chown(socket_dir.path().c_str(), static_cast<uid_t>(-1), nogroup->gr_gid) != 0) {
    WARN("skipped: cannot give the socket directory to group nogroup (needs root)");
    return;
  }
  const std::string socket = socket_dir.path() + "/milter.sock";
  const int metrics_port = free_tcp_port();
  MilterUnderTest milter([&](YAML::Node& c) {
    c["milter"]["socket"] = "unix:" + socket;
    c["milter"]["socket_group"] = "nogroup";
    c["milter"]["socket_mode"] = "0660";
    c["metrics"]["listen"] = "127.0.0.1:" + std::to_string(metrics_port);
  });
  auto healthz = [&] { return http_get(metrics_port, "/healthz"); };
  REQUIRE(scrape_when_up(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);
  CHECK(healthz().find("\r\n\r\nok\n") != std::string::npos);

  // Mode 0600: every message would get 451 from Postfix.
  REQUIRE(chmod(socket.c_str(), 0600) == 0);
  std::string down = healthz();
  CHECK(down.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(down.find("unhealthy: socket unix:" + socket +
                  ": group nogroup has no read and write "
                  "access to " +
                  socket +
                  " (owner root:nogroup, mode 0600): Postfix cannot "
                  "connect") != std::string::npos);
  REQUIRE(chmod(socket.c_str(), 0660) == 0);
  CHECK(healthz().rfind("HTTP/1.1 200", 0) == 0);

  // A directory Postfix cannot enter.
  REQUIRE(chmod(socket_dir.path().c_str(), 0700) == 0);
  down = healthz();
  CHECK(down.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(down.find("group nogroup cannot enter " + socket_dir.path()) != std::string::npos);
  REQUIRE(chmod(socket_dir.path().c_str(), 0750) == 0);
  CHECK(healthz().rfind("HTTP/1.1 200", 0) == 0);

  // The probes were milter connections of their own: no message, no open connection counted.
  const std::string text = http_get(metrics_port, "/metrics");
  CHECK(text.find("sa_triage_milter_connections 0") != std::string::npos);
  CHECK(text.find("sa_triage_processing_seconds_count 0") != std::string::npos);
  CHECK(text.find("sa_triage_build_info{version=\"" SA_VERSION "\",milter_protocol=\"6\"}") !=
        std::string::npos);
  CHECK(text.find("process_open_fds ") != std::string::npos);

  // The socket file removed (a cleanup job, a second instance): nothing can connect.
  std::filesystem::remove(socket);
  down = healthz();
  CHECK(down.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(down.find("No such file or directory") != std::string::npos);
}

TEST_CASE("/healthz is 503 when another socket took the milter's path",
          "[milter][metrics][health]") {
  const int metrics_port = free_tcp_port();
  MilterUnderTest milter(
      [&](YAML::Node& c) { c["metrics"]["listen"] = "127.0.0.1:" + std::to_string(metrics_port); });
  REQUIRE(scrape_when_up(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);
  // Another process bound the path (a second instance started by hand, then stopped): Postfix
  // would talk to it, not to this milter.
  const std::string socket = milter.dir.path() + "/milter.sock";
  std::filesystem::rename(socket, socket + ".moved");
  {
    boost::asio::io_context io;
    boost::asio::local::stream_protocol::acceptor other(
        io, boost::asio::local::stream_protocol::endpoint(socket));
    std::string down = http_get(metrics_port, "/healthz");
    CHECK(down.rfind("HTTP/1.1 503", 0) == 0);
    CHECK(down.find("replaced by another file since the milter opened it") != std::string::npos);
  }
  std::filesystem::remove(socket);
  std::filesystem::rename(socket + ".moved", socket);
  CHECK(http_get(metrics_port, "/healthz").rfind("HTTP/1.1 200", 0) == 0);
}

}  // namespace sa::test
