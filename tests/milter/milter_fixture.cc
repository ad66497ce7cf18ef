// milter_fixture.cc - the running-daemon fixture and reply look-ups.
#include "milter_fixture.h"

namespace sa::test {

MilterUnderTest::MilterUnderTest(const std::function<void(YAML::Node&)>& edit, bool tcp) {
  if (tcp) {
    port = free_tcp_port();
    socket_spec = "inet:" + std::to_string(port) + "@127.0.0.1";
  } else {
    socket_spec = "unix:" + dir.path() + "/milter.sock";
  }
  YAML::Node config = test_config(socket_spec);
  if (edit) edit(config);
  write_config(config, config_path());
  daemon = std::make_unique<MilterDaemon>(config_path(), dir.path() + "/milter.log");
}

MilterClient MilterUnderTest::session() {
  MilterClient client = port != 0 ? MilterClient::tcp("127.0.0.1", port)
                                  : MilterClient::unix_socket(dir.path() + "/milter.sock");
  client.negotiate();
  client.connect("mx.example.jp", "192.0.2.25", 40000);
  client.helo("mx.example.jp");
  return client;
}

std::vector<MilterReply> replies_with(const std::vector<MilterReply>& replies, char code,
                                      const std::string& name) {
  std::vector<MilterReply> out;
  for (const auto& r : replies) {
    if (r.code == code && (name.empty() || r.name == name)) out.push_back(r);
  }
  return out;
}

std::string added(const std::vector<MilterReply>& replies, const std::string& name) {
  auto adds = replies_with(replies, 'h', name);
  return adds.empty() ? std::string() : adds.front().value;
}

}  // namespace sa::test
