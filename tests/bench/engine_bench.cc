// engine_bench.cc - single-thread throughput of sa::Engine::examine over .eml files (by
// default the golden samples): messages/s, MB/s, mean and p99 time per message, for all
// messages and for 'typical' ones (<= 20 KB). Plain std::chrono; it asserts nothing, and
// does not measure the milter protocol or Postfix (see REFERENCE.md §5 for those).
//
// Usage: sa-triage-bench [--config FILE] [--seconds N] [DIR_OR_EML...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/engine.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kTypicalBytes = 20 * 1024;

struct Sample {
  std::string name;
  std::string bytes;
};

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The samples directory of the source tree this benchmark was built from.
fs::path default_samples_dir() { return fs::path(SA_SAMPLES_DIR); }

void add_path(const fs::path& path, std::vector<Sample>& out) {
  if (fs::is_directory(path)) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".eml") found.push_back(entry);
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) out.push_back({f.filename().string(), file_bytes(f)});
  } else if (fs::is_regular_file(path)) {
    out.push_back({path.filename().string(), file_bytes(path)});
  } else {
    std::cerr << "sa-triage-bench: no such file or directory: " << path << "\n";
  }
}

struct Summary {
  std::size_t messages = 0;
  std::size_t bytes = 0;
  double seconds = 0;  // sum of per-message times
  double p99_us = 0;
};

Summary summarize(std::vector<double>& micros, std::size_t bytes) {
  Summary s;
  s.messages = micros.size();
  s.bytes = bytes;
  for (double us : micros) s.seconds += us / 1e6;
  if (!micros.empty()) {
    const std::size_t k = std::min(micros.size() - 1, micros.size() * 99 / 100);
    std::nth_element(micros.begin(), micros.begin() + static_cast<std::ptrdiff_t>(k), micros.end());
    s.p99_us = micros[k];
  }
  return s;
}

void print_line(const char* label, const Summary& s) {
  if (s.messages == 0 || s.seconds <= 0) {
    std::printf("%-9s no messages\n", label);
    return;
  }
  std::printf("%-9s %9.0f msg/s  %8.2f MB/s  mean %8.1f us  p99 %8.1f us  (%zu runs)\n", label,
              static_cast<double>(s.messages) / s.seconds,
              static_cast<double>(s.bytes) / 1e6 / s.seconds, s.seconds * 1e6 / s.messages,
              s.p99_us, s.messages);
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path = sa::default_config_path();
  double budget_seconds = 3.0;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (arg == "--seconds" && i + 1 < argc) {
      budget_seconds = std::max(0.1, std::atof(argv[++i]));
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: sa-triage-bench [--config FILE] [--seconds N] [DIR_OR_EML...]\n";
      return 0;
    } else {
      inputs.emplace_back(arg);
    }
  }
  if (inputs.empty()) inputs.push_back(default_samples_dir());

  std::shared_ptr<const sa::Config> config;
  try {
    config = sa::load_config(config_path);
  } catch (const std::exception& e) {
    std::cerr << "sa-triage-bench: " << e.what() << "\n";
    return 2;
  }
  const sa::Engine engine(config);

  std::vector<Sample> samples;
  for (const auto& path : inputs) add_path(path, samples);
  if (samples.empty()) {
    std::cerr << "sa-triage-bench: no .eml files\n";
    return 2;
  }
  std::size_t total_bytes = 0;
  std::size_t typical_count = 0;
  for (const auto& s : samples) {
    total_bytes += s.bytes.size();
    if (s.bytes.size() <= kTypicalBytes) ++typical_count;
  }

  std::size_t sink = 0;  // keeps the optimiser from dropping the work
  for (const auto& s : samples) sink += engine.examine(s.bytes).reasons.size();  // warm-up

  std::vector<double> all_us, typical_us;
  std::vector<double> per_sample_us(samples.size(), 0.0);
  std::size_t all_bytes = 0, typical_bytes = 0;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(budget_seconds);
  do {
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const Sample& s = samples[i];
      const auto t0 = Clock::now();
      sink += engine.examine(s.bytes).reasons.size();
      const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
      per_sample_us[i] += us;
      all_us.push_back(us);
      all_bytes += s.bytes.size();
      if (s.bytes.size() <= kTypicalBytes) {
        typical_us.push_back(us);
        typical_bytes += s.bytes.size();
      }
    }
  } while (Clock::now() < deadline);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();

  std::cout << "reproduce:";
  for (int i = 0; i < argc; ++i) std::cout << " " << argv[i];
  if (argc == 1) std::cout << " " << inputs.front().string();
  std::cout << " --config " << config_path << "\n";
#ifndef NDEBUG
  std::cout << "note: assertions enabled (not a Release build); numbers are pessimistic\n";
#endif
  std::printf(
      "samples: %zu files, mean size %.1f KB, %zu typical (<= %zu KB); %.2f s on 1 thread\n",
      samples.size(), static_cast<double>(total_bytes) / samples.size() / 1024.0, typical_count,
      kTypicalBytes / 1024, wall);
  print_line("all", summarize(all_us, all_bytes));
  print_line("typical", summarize(typical_us, typical_bytes));

  const double rounds = static_cast<double>(all_us.size() / samples.size());
  std::vector<std::size_t> order(samples.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return per_sample_us[a] > per_sample_us[b]; });
  for (std::size_t k = 0; k < std::min<std::size_t>(3, order.size()); ++k) {
    const Sample& s = samples[order[k]];
    std::printf("slowest   %8.1f us  %7.1f KB  %s\n", per_sample_us[order[k]] / rounds,
                static_cast<double>(s.bytes.size()) / 1024.0, s.name.c_str());
  }
  return sink == static_cast<std::size_t>(-1) ? 1 : 0;
}
