// fuzz_checks.h - the code paths the libFuzzer targets drive and the invariants they check,
// shared with tests/core/fuzz_regressions_test.cc so a saved input replays through exactly the
// same calls in the normal g++ build. Each check returns "" or a description of the broken
// invariant; it never aborts (the fuzz target aborts, the Catch2 test reports).
// Needs SA_CONFIG_FILE (the shipped config) defined by the build. No milter protocol here.
#pragma once

#include <glib.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>

#include "../core/normalize_reference.h"
#include "core/charset.h"
#include "core/config.h"
#include "core/edit_plan.h"
#include "core/engine.h"
#include "core/html_text.h"
#include "core/text_normalize.h"

namespace sa::fuzz {

// The engine with the shipped config, no authenticator and no ledger (deterministic).
inline const Engine& shipped_engine() {
  static const Engine engine(load_config(SA_CONFIG_FILE));
  return engine;
}

inline Envelope fuzz_envelope() {
  Envelope e;
  e.sender = "forwarder@sample.example.jp";
  e.recipients = {"hojokin@grant.example.lg.jp"};
  e.queue_id = "FUZZ0001";
  return e;
}

// A header value the milter hands to the MTA: ASCII, no CR, NUL or other control bytes
// except TAB, and LF only as a fold (followed by space or TAB, never last).
inline std::string header_value_problem(std::string_view what, std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) return std::string(what) + ": non-ASCII byte";
    if (c == '\r') return std::string(what) + ": CR";
    if (c == '\n') {
      if (i + 1 >= value.size() || (value[i + 1] != ' ' && value[i + 1] != '\t')) {
        return std::string(what) + ": LF not followed by space or TAB";
      }
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return std::string(what) + ": control byte";
    }
  }
  return "";
}

inline std::string header_name_problem(std::string_view what, std::string_view name) {
  if (name.empty()) return std::string(what) + ": empty header name";
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == ':') return std::string(what) + ": bad header name";
  }
  return "";
}

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The EditPlan invariants: safe adds and Subject, deletes last-first per name (names compared
// case-insensitively, as the MTA does), indices from 1.
inline std::string plan_problem(const EditPlan& plan) {
  for (const HeaderAdd& a : plan.adds) {
    std::string p = header_name_problem("add " + a.name, a.name);
    if (p.empty()) p = header_value_problem("add " + a.name, a.value);
    if (!p.empty()) return p;
  }
  if (plan.new_subject) {
    std::string p = header_value_problem("new Subject", *plan.new_subject);
    if (!p.empty()) return p;
  }
  std::map<std::string, int> last_index;
  for (const HeaderDelete& d : plan.deletes) {
    if (d.index < 1) return "delete " + d.name + ": index below 1";
    const std::string key = lower_ascii(d.name);
    auto it = last_index.find(key);
    if (it != last_index.end() && d.index >= it->second) {
      return "delete " + d.name + ": index " + std::to_string(d.index) + " after " +
             std::to_string(it->second) + " (not descending)";
    }
    last_index[key] = d.index;
  }
  return "";
}

// fuzz_engine: the raw bytes as a whole message, and their header section as a too-large one.
inline std::string engine_input(std::string_view data) {
  const Engine& engine = shipped_engine();
  const Envelope envelope = fuzz_envelope();
  Inspection full = engine.inspect(data, envelope);
  std::string p = plan_problem(full.plan);
  if (!p.empty()) return "inspect: " + p;
  std::size_t end = data.find("\n\n");
  std::size_t crlf = data.find("\r\n\r\n");
  if (crlf != std::string_view::npos && (end == std::string_view::npos || crlf < end)) end = crlf;
  std::string_view headers = end == std::string_view::npos ? data : data.substr(0, end + 2);
  Inspection too_large = engine.inspect_too_large(headers, envelope);
  p = plan_problem(too_large.plan);
  if (!p.empty()) return "inspect_too_large: " + p;
  return "";
}

// UTF-8 by g_utf8_validate, which refuses NUL; U+0000 is valid UTF-8, so each run between
// NULs is checked on its own.
inline bool valid_utf8(std::string_view s) {
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t nul = s.find('\0', start);
    if (nul == std::string_view::npos) nul = s.size();
    if (!g_utf8_validate(s.data() + start, static_cast<gssize>(nul - start), nullptr)) return false;
    start = nul + 1;
  }
  return true;
}

// fuzz_charset: first byte picks the label, the rest is the payload (for selector 6 the label
// is the payload's first line).
inline std::string charset_input(std::string_view data) {
  static const char* const kLabels[] = {"ISO-2022-JP", "CP932", "EUC-JP",    "UTF-8",
                                        "x-unknown",   "",      "shift_jis", "iso-2022-jp-3"};
  if (data.empty()) return "";
  const auto selector = static_cast<unsigned char>(data[0]) % 9;
  std::string_view payload = data.substr(1);
  std::string label;
  if (selector < 8) {
    label = kLabels[selector];
  } else {
    std::size_t nl = payload.find('\n');
    if (nl == std::string_view::npos) nl = payload.size();
    label = std::string(payload.substr(0, nl));
    payload = payload.substr(nl == payload.size() ? nl : nl + 1);
  }
  DecodedText decoded = decode_to_utf8(payload, label);
  if (!valid_utf8(decoded.utf8)) return "decode_to_utf8(" + label + "): invalid UTF-8";
  std::string words = decode_rfc2047(payload);
  if (!valid_utf8(words)) return "decode_rfc2047: invalid UTF-8";
  std::string norm = normalize_for_matching(payload);
  if (!valid_utf8(norm)) return "normalize_for_matching: invalid UTF-8";
  if (!valid_utf8(normalize_for_matching(decoded.utf8))) {
    return "normalize_for_matching(decoded): invalid UTF-8";
  }
  // Differential: segment-by-segment NFKC must give what GLib gives for the whole text.
  if (norm != reference::normalize_for_matching(payload)) {
    return "normalize_for_matching differs from the reference (pre-pass + whole-text NFKC)";
  }
  if (normalize_for_matching(decoded.utf8) != reference::normalize_for_matching(decoded.utf8)) {
    return "normalize_for_matching(decoded) differs from the reference";
  }
  if (!valid_utf8(strip_controls(payload, true))) return "strip_controls: invalid UTF-8";
  // html_to_text is given decoded UTF-8 by the MIME parser; on raw bytes it must only not fail.
  (void)html_to_text(payload);
  if (!valid_utf8(html_to_text(decoded.utf8))) return "html_to_text(decoded): invalid UTF-8";
  return "";
}

// fuzz_config: only ConfigError may leave the loader; a config that loads must give an engine
// that inspects a small forwarded notice without throwing and with a safe plan.
inline std::string config_input(std::string_view data) {
  std::shared_ptr<const Config> config;
  try {
    config = load_config_text(std::string(data), "fuzz.yaml");
  } catch (const ConfigError&) {
    return "";
  } catch (const std::exception& e) {
    return std::string("load_config_text let ") + typeid(e).name() + " escape: " + e.what();
  } catch (...) {
    return "load_config_text let a non-std exception escape";
  }
  static const std::string kMessage =
      "From: forwarder@sample.example.jp\r\nTo: hojokin@grant.example.lg.jp\r\n"
      "Subject: Fwd: =?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR?=\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
      "---------- Forwarded message ---------\r\n"
      "From: SECURITY ACTION <security-action-info@ipa.go.jp>\r\n"
      "Subject: \xe3\x80\x90SECURITY ACTION\xe3\x80\x91\r\n\r\n"
      "\xe8\x87\xaa\xe5\xb7\xb1\xe5\xae\xa3\xe8\xa8\x80ID:41234567890\r\n";
  try {
    Engine engine(config);
    std::string p = plan_problem(engine.inspect(kMessage, fuzz_envelope()).plan);
    if (!p.empty()) return "engine with fuzzed config: " + p;
  } catch (const std::exception& e) {
    return std::string("engine with fuzzed config threw: ") + e.what();
  }
  return "";
}

// For the fuzz targets only: a broken invariant becomes a crash libFuzzer saves.
inline void abort_on_problem(const std::string& problem) {
  if (problem.empty()) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", problem.c_str());
  std::abort();
}

}  // namespace sa::fuzz
