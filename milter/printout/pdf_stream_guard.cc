// pdf_stream_guard.cc - inflates every "stream ... " of a PDF with zlib, layer by layer (a
// stream whose inflated bytes are again a zlib stream is inflated again, as a chain of
// FlateDecode filters would be), counting the innermost output against the budget, and scans
// raw and inflated bytes for filter names whose expansion it does not measure. A stream whose
// chain starts with ASCIIHex or ASCII85 is decoded from that text first; an ASCII filter
// after a Flate one is refused.
#include "printout/pdf_stream_guard.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "printout/pdf_content_budget.h"

namespace sa {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxLayers = 4;  // FlateDecode applied more often than this: refused
constexpr std::size_t kMaxName = 64;

const std::string kTooLarge = "printout=pdf-inflated-too-large";
const std::string kFilter = "printout=pdf-filter-refused";

bool zlib_header(unsigned char cmf, unsigned char flg) {
  return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

bool name_char(unsigned char c) {
  return c > 0x20 && c < 0x7F && c != '/' && c != '[' && c != ']' && c != '<' && c != '>' &&
         c != '(' && c != ')' && c != '{' && c != '}' && c != '%';
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ascii_filter(const std::string& name) {
  return name == "ASCIIHexDecode" || name == "ASCII85Decode" || name == "AHx" || name == "A85";
}

// ASCIIHexDecode / ASCII85Decode of a stream's text up to its end marker (">" / "~>"), white
// space ignored. Both shrink (2:1, 5:4), so the output is no larger than the input.
std::string ascii_decoded(const std::string& filter, const unsigned char* p, std::size_t n) {
  std::string out;
  if (filter == "ASCIIHexDecode" || filter == "AHx") {
    int high = -1;
    for (std::size_t i = 0; i < n && p[i] != '>'; ++i) {
      const int v = hex_value(p[i]);
      if (v < 0) continue;
      if (high < 0) {
        high = v;
      } else {
        out.push_back(static_cast<char>(high * 16 + v));
        high = -1;
      }
    }
    if (high >= 0) out.push_back(static_cast<char>(high * 16));
    return out;
  }
  std::uint32_t group = 0;
  int count = 0;
  for (std::size_t i = 0; i < n && p[i] != '~'; ++i) {
    const unsigned char c = p[i];
    if (c == 'z' && count == 0) {
      out.append(4, '\0');
      continue;
    }
    if (c < '!' || c > 'u') continue;
    group = group * 85 + (c - '!');
    if (++count == 5) {
      for (int k = 3; k >= 0; --k) out.push_back(static_cast<char>((group >> (8 * k)) & 0xFF));
      group = 0;
      count = 0;
    }
  }
  if (count > 1) {
    for (int k = count; k < 5; ++k) group = group * 85 + 84;
    for (int k = 3; k > 3 - (count - 1); --k) {
      out.push_back(static_cast<char>((group >> (8 * k)) & 0xFF));
    }
  }
  return out;
}

// LZW and RunLength expand by a factor this file does not measure; Fl, LZW and RL are the
// inline-image abbreviations (an inline image's data is decoded by poppler inside a page).
bool refused_name(const std::string& name) {
  return name == "LZWDecode" || name == "RunLengthDecode" || name == "LZW" || name == "RL" ||
         name == "Fl";
}

class Guard {
 public:
  explicit Guard(std::size_t max) : max_(max) {}

  // Scans `bytes` for refused filter names: a name that is the value of a /Filter or /F key,
  // or an item of the array that is (binary stream data holds "/RL" by chance, never
  // "/F /RL"). A name cut at the end of one call is finished by the next.
  void scan_names(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n && problem_.empty(); ++i) {
      const unsigned char c = p[i];
      if (in_name_) {
        if (name_char(c) && raw_name_.size() < kMaxName) {
          raw_name_.push_back(static_cast<char>(c));
          continue;
        }
        end_name();
      }
      if (c == '/') {
        in_name_ = true;
        raw_name_.clear();
      } else if (c == '[' && after_filter_key_) {
        in_filter_array_ = true;
        filters_.clear();
      } else if (c == ']') {
        in_filter_array_ = false;
      } else if (c > 0x20) {
        after_filter_key_ = false;
      }
    }
  }

  void finish_names() {
    if (in_name_) end_name();
  }

  // Inflates the stream starting at `data`; returns the raw bytes it consumed. A stream
  // whose filter chain (the last /Filter scanned) starts with an ASCII filter is decoded
  // from that text first ([/ASCII85Decode /FlateDecode], as ReportLab writes).
  std::size_t stream(const unsigned char* data, std::size_t size) {
    layers_.clear();
    after_filter_key_ = in_filter_array_ = false;
    form_stream_ = form_pending_;
    form_pending_ = false;
    std::vector<std::string> filters;
    filters.swap(filters_);
    if (!filters.empty() && ascii_filter(filters[0])) {
      const std::string text = ascii_decoded(filters[0], data, size);
      const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
      if (text.size() >= 2 && zlib_header(bytes[0], bytes[1])) {
        inflate_all(bytes, text.size());
      } else {
        count_content(bytes, text.size());
      }
      layers_.clear();
      end_content();
      return 0;  // the caller finds "endstream" after the text
    }
    if (size < 2 || !zlib_header(data[0], data[1])) return 0;
    const std::size_t consumed = inflate_all(data, size);
    end_content();
    return consumed;
  }

  // The bytes of a stream that is no zlib stream (an uncompressed content stream, say).
  void raw_stream(const unsigned char* p, std::size_t n) {
    count_content(p, n);
    end_content();
    form_stream_ = false;
  }

  const std::string& problem() const { return problem_; }

 private:
  std::size_t inflate_all(const unsigned char* data, std::size_t size) {
    if (!open_layer()) return 0;
    std::size_t fed = 0;
    while (fed < size && problem_.empty() && !layers_[0]->done) {
      const std::size_t n = std::min(kChunk, size - fed);
      inflate_into(0, data + fed, n);
      fed += n;
    }
    const std::size_t consumed = layers_[0]->z.total_in;
    finish_names();
    layers_.clear();
    after_filter_key_ = in_filter_array_ = false;
    filters_.clear();
    return consumed;
  }

  struct Layer {
    z_stream z{};
    bool open = false;
    bool done = false;
    bool decided = false;  // whether its output is itself zlib has been looked at
    bool nested = false;
    std::array<unsigned char, kChunk> out{};
    ~Layer() {
      if (open) inflateEnd(&z);
    }
  };

  bool open_layer() {
    if (layers_.size() >= kMaxLayers) {
      problem_ = kFilter;
      return false;
    }
    auto layer = std::make_unique<Layer>();
    if (inflateInit(&layer->z) != Z_OK) return false;
    layer->open = true;
    layers_.push_back(std::move(layer));
    return true;
  }

  void end_name() {
    in_name_ = false;
    std::string name;
    for (std::size_t i = 0; i < raw_name_.size(); ++i) {
      const int hi = i + 2 < raw_name_.size() && raw_name_[i] == '#'
                         ? hex_value(static_cast<unsigned char>(raw_name_[i + 1]))
                         : -1;
      const int lo = hi >= 0 ? hex_value(static_cast<unsigned char>(raw_name_[i + 2])) : -1;
      if (hi >= 0 && lo >= 0) {
        name.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else {
        name.push_back(raw_name_[i]);
      }
    }
    if ((after_filter_key_ || in_filter_array_) && refused_name(name)) problem_ = kFilter;
    if (after_filter_key_ || in_filter_array_) {
      if (after_filter_key_ && !in_filter_array_) filters_.clear();
      // An ASCII filter applied to what a Flate one produced hides a zlib stream inside text
      // this does not decode layer by layer (a red-team bomb: [/FlateDecode
      // /ASCIIHexDecode /FlateDecode], 512 MiB from 5.6 KB): refused.
      const bool after_flate =
          std::find(filters_.begin(), filters_.end(), "FlateDecode") != filters_.end() ||
          std::find(filters_.begin(), filters_.end(), "Fl") != filters_.end();
      if (ascii_filter(name) && after_flate) problem_ = kFilter;
      if (filters_.size() < 8) filters_.push_back(name);
    }
    if (after_subtype_ && name == "Form") form_pending_ = true;
    after_subtype_ = name == "Subtype";
    after_filter_key_ = !in_filter_array_ && (name == "Filter" || name == "F");
  }

  // Output of layer `level`: into the next layer when it is zlib again, else counted.
  void emit(std::size_t level, const unsigned char* p, std::size_t n) {
    Layer& layer = *layers_[level];
    if (!layer.decided) {
      layer.decided = true;
      layer.nested = n >= 2 && zlib_header(p[0], p[1]);
      if (layer.nested && !open_layer()) return;
    }
    if (layer.nested) {
      inflate_into(level + 1, p, n);
      return;
    }
    if (n > max_ - total_) {
      problem_ = kTooLarge;
      return;
    }
    total_ += n;
    scan_names(p, n);
    count_content(p, n);
  }

  void count_content(const unsigned char* p, std::size_t n) {
    content_.feed(p, n, form_stream_);
    if (problem_.empty()) problem_ = content_.problem();
  }
  void end_content() {
    content_.end_stream();
    if (problem_.empty()) problem_ = content_.problem();
  }

  void inflate_into(std::size_t level, const unsigned char* p, std::size_t n) {
    Layer& layer = *layers_[level];
    if (layer.done) return;
    layer.z.next_in = const_cast<Bytef*>(p);
    layer.z.avail_in = static_cast<uInt>(n);
    while (problem_.empty()) {
      layer.z.next_out = layer.out.data();
      layer.z.avail_out = static_cast<uInt>(layer.out.size());
      const int rc = inflate(&layer.z, Z_NO_FLUSH);
      const std::size_t produced = layer.out.size() - layer.z.avail_out;
      if (produced > 0) emit(level, layer.out.data(), produced);
      if (rc != Z_OK) {
        if (rc != Z_BUF_ERROR) layer.done = true;
        break;
      }
      if (layer.z.avail_in == 0 && layer.z.avail_out != 0) break;
    }
  }

  std::size_t max_;
  std::size_t total_ = 0;
  std::string problem_;
  std::vector<std::unique_ptr<Layer>> layers_;
  bool in_name_ = false;
  std::string raw_name_;
  bool after_filter_key_ = false;     // the last name was /Filter or /F
  bool in_filter_array_ = false;      // inside the [...] that followed it
  std::vector<std::string> filters_;  // the filter chain last named, for the next stream
  ContentCounter content_;            // what the decoded streams ask poppler to draw
  bool after_subtype_ = false;        // the last name was /Subtype
  bool form_pending_ = false;         // /Subtype /Form seen since the last stream
  bool form_stream_ = false;          // the stream being read is a Form XObject
};

}  // namespace

std::string pdf_stream_problem(std::string_view pdf, std::size_t max_inflated) {
  Guard guard(max_inflated);
  const auto* bytes = reinterpret_cast<const unsigned char*>(pdf.data());
  // Raw bytes outside streams are scanned for names; each stream is inflated (and its output
  // scanned) or, when it is no zlib stream, skipped to its "endstream".
  std::size_t segment = 0;  // start of the raw bytes not yet scanned
  std::size_t search = 0;
  while (guard.problem().empty()) {
    const std::size_t at = pdf.find("stream", search);
    if (at == std::string_view::npos) break;
    search = at + 6;
    if (at >= 3 && pdf.substr(at - 3, 3) == "end") continue;
    std::size_t start = search;
    if (start < pdf.size() && pdf[start] == '\r') ++start;
    if (start < pdf.size() && pdf[start] == '\n') ++start;
    if (start == search || start >= pdf.size()) continue;  // "stream" is not followed by a line end
    guard.scan_names(bytes + segment, at - segment);
    guard.finish_names();
    const std::size_t consumed = guard.stream(bytes + start, pdf.size() - start);
    const std::size_t end = pdf.find("endstream", start + consumed);
    if (end == std::string_view::npos) return guard.problem();
    if (consumed == 0 && guard.problem().empty()) guard.raw_stream(bytes + start, end - start);
    segment = search = end + 9;
  }
  if (guard.problem().empty() && segment < pdf.size()) {
    guard.scan_names(bytes + segment, pdf.size() - segment);
    guard.finish_names();
  }
  return guard.problem();
}

}  // namespace sa
