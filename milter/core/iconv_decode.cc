// iconv_decode.cc - glibc iconv "X -> UTF-8" with our own error recovery. glibc stops at an
// undecodable sequence and leaves the input pointer at its first byte; how far to skip is the
// encoding's structure (byte_structure.cc), so a bad pair costs one U+FFFD and its trail byte is
// never read as the next character. Charsets that byte_structure.cc does not know are probed
// once per descriptor: if every byte converts on its own, the charset is single-byte.
#include "core/iconv_decode.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_structure.h"

namespace sa {
namespace {

const iconv_t kNoDescriptor = reinterpret_cast<iconv_t>(-1);
const std::size_t kIconvError = static_cast<std::size_t>(-1);

// True when each of the 256 bytes, converted alone from the initial state, gives at least one
// character or an "invalid" error: no byte starts a longer sequence or changes a shift state.
bool is_single_byte(iconv_t cd) {
  char out[64];
  for (int b = 0; b < 256; ++b) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char byte = static_cast<char>(b);
    char* inp = &byte;
    std::size_t inleft = 1;
    char* outp = out;
    std::size_t outleft = sizeof out;
    if (iconv(cd, &inp, &inleft, &outp, &outleft) == kIconvError) {
      if (errno == EILSEQ) continue;
      return false;
    }
    if (iconv(cd, nullptr, nullptr, &outp, &outleft) == kIconvError || outp == out) return false;
  }
  return true;
}

// Thread-local cache of descriptors "X -> UTF-8" with the structure of X, bounded in size
// because labels come from untrusted mail.
class IconvCache {
 public:
  struct Entry {
    std::string name;
    iconv_t cd;
    ByteStructure structure;
  };
  ~IconvCache() {
    for (auto& e : entries_) iconv_close(e.cd);
  }
  // A reset descriptor for `from`, or nullptr when iconv does not know it. Valid until the next
  // call; its descriptor stays open through the next call too, as eviction takes the least
  // recently used entry.
  const Entry* get(const std::string& from) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->name == from) {
        std::rotate(it, it + 1, entries_.end());
        iconv(entries_.back().cd, nullptr, nullptr, nullptr, nullptr);
        return &entries_.back();
      }
    }
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    if (cd == kNoDescriptor) return nullptr;
    ByteStructure structure = structure_of(from);
    if (structure == ByteStructure::Stateful && is_single_byte(cd)) {
      structure = ByteStructure::Single;
    }
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (entries_.size() >= kMaxEntries) {
      iconv_close(entries_.front().cd);
      entries_.erase(entries_.begin());
    }
    entries_.push_back({from, cd, structure});
    return &entries_.back();
  }

 private:
  static constexpr std::size_t kMaxEntries = 16;
  std::vector<Entry> entries_;
};

IconvCache& iconv_cache() {
  thread_local IconvCache cache;
  return cache;
}

bool multi_byte(ByteStructure s) {
  return s == ByteStructure::ShiftJis || s == ByteStructure::Euc || s == ByteStructure::EucTw ||
         s == ByteStructure::DoubleByte || s == ByteStructure::Gb18030;
}

// glibc reads the bytes 80-9F of EUC-JP, eucJP-ms, EUC-KR, GBK and Big5 as C1 control
// characters. No mail text is written with C1 controls and Python's codecs reject those bytes:
// each is damage, one U+FFFD. No multi-byte cell maps to U+0080-U+009F, so in the UTF-8 from
// `from` on they can only have come from such a byte.
std::size_t replace_c1_controls(std::string& out, std::size_t from) {
  auto c1_at = [&](std::size_t i) {
    return out[i] == '\xC2' && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9F;
  };
  std::size_t i = from;
  while (i < out.size() && !c1_at(i)) ++i;
  if (i == out.size()) return 0;
  std::size_t n = 0;
  std::string fixed(out, 0, i);
  for (; i < out.size(); ++i) {
    if (c1_at(i)) {
      fixed.append(kReplacementChar);
      ++n;
      ++i;
    } else {
      fixed.push_back(out[i]);
    }
  }
  out.swap(fixed);
  return n;
}

// Appends `bytes` converted by `from` when they are exactly one or more whole characters of it.
bool convert_whole(const std::string& from, std::string_view bytes, std::string& out) {
  const IconvCache::Entry* entry = iconv_cache().get(from);
  if (entry == nullptr) return false;
  char buf[64];
  char* inp = const_cast<char*>(bytes.data());
  std::size_t inleft = bytes.size();
  char* outp = buf;
  std::size_t outleft = sizeof buf;
  if (iconv(entry->cd, &inp, &inleft, &outp, &outleft) == kIconvError || inleft != 0 ||
      iconv(entry->cd, nullptr, nullptr, &outp, &outleft) == kIconvError || outp == buf) {
    return false;
  }
  out.append(buf, static_cast<std::size_t>(outp - buf));
  return true;
}

}  // namespace

std::size_t iconv_decode(const std::string& from, std::string_view in, std::string& out,
                         const std::string& fallback) {
  const IconvCache::Entry* entry = iconv_cache().get(from);
  if (entry == nullptr) return kUnknownCharset;
  iconv_t cd = entry->cd;
  const ByteStructure structure = entry->structure;
  std::size_t errors = 0;
  std::size_t pos = 0;  // input consumed
  const std::size_t start = out.size();
  std::size_t used = start;
  out.resize(used + in.size() * 2 + 16);
  // Room for `n` more bytes after `used`, growing the buffer geometrically and never
  // shrinking it: resizing down and up again after every bad character zero-filled the rest
  // of the buffer each time (quadratic: a 1 MB part of broken Shift_JIS took 10 s).
  auto room = [&](std::size_t n) {
    if (out.size() - used < n) out.resize(used + std::max(n, out.size() - start) + 16);
  };
  auto put = [&](std::string_view bytes) {
    room(bytes.size());
    std::copy(bytes.begin(), bytes.end(), out.begin() + static_cast<std::ptrdiff_t>(used));
    used += bytes.size();
  };
  auto replace = [&] {
    put(kReplacementChar);
    ++errors;
  };
  while (true) {
    const bool flushing = pos == in.size();  // all input consumed: back to the initial state
    char* inp = const_cast<char*>(in.data()) + pos;
    std::size_t inleft = in.size() - pos;
    char* outp = out.data() + used;
    std::size_t outleft = out.size() - used;
    std::size_t r = flushing ? iconv(cd, nullptr, nullptr, &outp, &outleft)
                             : iconv(cd, &inp, &inleft, &outp, &outleft);
    const int err = errno;
    pos = in.size() - inleft;
    used = static_cast<std::size_t>(outp - out.data());
    if (r != kIconvError) {
      if (flushing) break;
      continue;
    }
    if (err == E2BIG) {
      room(out.size() - start + 16);
      continue;
    }
    if (flushing) {  // a shift state left incomplete
      replace();
      break;
    }
    // EILSEQ: a character that does not decode; EINVAL: the input ends inside one, or so glibc
    // says when fewer bytes are left than the lead byte announces (GB18030 E2 38 then '/').
    std::size_t n = broken_char_len(structure, in, pos);
    if (!fallback.empty() && err == EILSEQ) {
      std::string converted;
      if (convert_whole(fallback, in.substr(pos, n), converted)) {
        put(converted);
        pos += n;
        continue;
      }
    }
    pos += n;
    replace();
  }
  out.resize(used);
  if (multi_byte(structure)) errors += replace_c1_controls(out, start);
  return errors;
}

}  // namespace sa
