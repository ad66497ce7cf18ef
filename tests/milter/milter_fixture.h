// milter_fixture.h - one running sa-triage-milter with a test config on a temp unix socket
// (or TCP), plus helpers to open a negotiated session and look through reply lists.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "milter_client.h"
#include "milter_daemon.h"

namespace sa::test {

struct MilterUnderTest {
  // `edit` changes the test config before the daemon starts; `tcp` listens on 127.0.0.1.
  explicit MilterUnderTest(const std::function<void(YAML::Node&)>& edit = {}, bool tcp = false);

  // A connection that has negotiated and sent CONNECT and HELO.
  MilterClient session();
  std::string config_path() const { return dir.path() + "/sa-triage.yaml"; }

  TempDir dir;
  std::string socket_spec;
  int port = 0;
  std::unique_ptr<MilterDaemon> daemon;
};

// Replies with this code (and header name, when given).
std::vector<MilterReply> replies_with(const std::vector<MilterReply>& replies, char code,
                                      const std::string& name = "");
// The value of the added header `name`, "" when not added.
std::string added(const std::vector<MilterReply>& replies, const std::string& name);

}  // namespace sa::test
