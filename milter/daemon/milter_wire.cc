// milter_wire.cc - milter packet framing and field parsing (see milter_wire.h).
#include "daemon/milter_wire.h"

#include <algorithm>
#include <cstring>

namespace sa::wire {

std::size_t PacketReader::wanted() const {
  const std::size_t held = used_ - start_;
  const std::optional<std::uint32_t> length =
      get_u32(std::string_view(buffer_.get() + start_, held), 0);
  if (!length || *length == 0 || *length > kMaxPacket || 4 + *length <= held) return kReadChunk;
  return 4 + *length - held;
}

char* PacketReader::read_area(std::size_t want) {
  if (start_ == used_) {  // nothing held: packets handed out before are no longer referenced
    start_ = used_ = 0;
    if (capacity_ > std::max(kReadChunk, want)) {
      buffer_.reset();
      capacity_ = 0;
    }
  }
  if (capacity_ - used_ < want && start_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + start_, used_ - start_);
    used_ -= start_;
    start_ = 0;
  }
  if (capacity_ - used_ < want) {
    const std::size_t size = std::max(used_ + want, kReadChunk);
    std::unique_ptr<char[]> bigger(new char[size]);
    if (used_ > 0) std::memcpy(bigger.get(), buffer_.get(), used_);
    buffer_ = std::move(bigger);
    capacity_ = size;
  }
  return buffer_.get() + used_;
}

void PacketReader::commit(std::size_t n) { used_ += n; }

void PacketReader::append(std::string_view bytes) {
  char* area = read_area(bytes.size());
  if (!bytes.empty()) std::memcpy(area, bytes.data(), bytes.size());
  commit(bytes.size());
}

std::optional<Packet> PacketReader::next() {
  if (failed_ || used_ - start_ < 4) return std::nullopt;
  const std::optional<std::uint32_t> length =
      get_u32(std::string_view(buffer_.get() + start_, used_ - start_), 0);
  if (*length == 0 || *length > kMaxPacket) {
    failed_ = true;
    return std::nullopt;
  }
  if (used_ - start_ - 4 < *length) return std::nullopt;
  Packet p;
  p.command = buffer_[start_ + 4];
  p.data = std::string_view(buffer_.get() + start_ + 5, *length - 1);
  start_ += 4 + *length;
  return p;
}

void put_u32(std::string& out, std::uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(bytes, 4);
}

void put_packet(std::string& out, char command, std::string_view data) {
  put_u32(out, static_cast<std::uint32_t>(data.size() + 1));
  out.push_back(command);
  out.append(data);
}

std::vector<std::string_view> split_strings(std::string_view data) {
  std::vector<std::string_view> parts;
  while (!data.empty()) {
    const std::size_t nul = data.find('\0');
    if (nul == std::string_view::npos) {
      parts.push_back(data);
      break;
    }
    parts.push_back(data.substr(0, nul));
    data.remove_prefix(nul + 1);
  }
  return parts;
}

std::optional<std::uint32_t> get_u32(std::string_view data, std::size_t at) {
  if (at > data.size() || data.size() - at < 4) return std::nullopt;
  auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + i]));
  };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

std::optional<Offer> parse_offer(std::string_view data) {
  auto version = get_u32(data, 0);
  auto actions = get_u32(data, 4);
  auto protocol = get_u32(data, 8);
  if (!version || !actions || !protocol) return std::nullopt;
  return Offer{*version, *actions, *protocol};
}

void put_negotiation(std::string& out, const Negotiation& n) {
  std::string data;
  put_u32(data, n.version);
  put_u32(data, n.actions);
  put_u32(data, n.protocol);
  for (const auto& [stage, names] : n.macros) {
    put_u32(data, stage);
    data += names;
    data += '\0';
  }
  put_packet(out, kNegotiate, data);
}

std::optional<MacroSet> parse_macros(std::string_view data) {
  if (data.empty()) return std::nullopt;
  MacroSet set;
  set.stage = data[0];
  std::vector<std::string_view> parts = split_strings(data.substr(1));
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
    set.values.emplace_back(std::string(parts[i]), std::string(parts[i + 1]));
  }
  return set;
}

}  // namespace sa::wire
