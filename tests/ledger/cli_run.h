// cli_run.h - runs the sa-triage command line (SA_TRIAGE_BIN) with arguments, for the ledger
// command tests: its exit status and standard output (standard error is dropped).
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace sa::test {

struct Run {
  int status = -1;
  std::string out;
};

inline Run run(const std::string& args) {
  Run r;
  FILE* p = ::popen((std::string(SA_TRIAGE_BIN) + " " + args + " 2>/dev/null").c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace sa::test
