// mime_tree.cc - raw message bytes to a MessageView with GMime 3. GMime does the MIME
// structure and transfer decoding only: header values go through our decode_rfc2047 and
// bodies through decode_to_utf8, because GMime's own charset conversion garbles the
// CP50220-style ISO-2022-JP that Japanese mail really carries. Embedded messages
// (message/rfc822, or any part whose file name ends in .eml) become nested MessageViews
// whose `raw` is the original bytes where GMime tells us where they are; Outlook's .msg
// files and winmail.dat go to the container readers (container_part.h), which hand what they
// carry back to this walk. It does not look for notices or forwards, and never throws:
// problems are recorded on the view.
#include "core/mime_tree.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/base64_scan.h"
#include "core/charset.h"
#include "core/container_part.h"
#include "core/html_text.h"
#include "core/structure_budget.h"
#include "core/text_normalize.h"

namespace sa {
namespace {

constexpr std::size_t kMaxLabelInProblem = 40;
constexpr std::size_t kMaxPrintoutParts = 8;  // per message, whatever the nesting

// GObject reference owned by a scope.
template <typename T>
class GRef {
 public:
  explicit GRef(T* p) : p_(p) {}
  ~GRef() {
    if (p_) g_object_unref(p_);
  }
  GRef(const GRef&) = delete;
  GRef& operator=(const GRef&) = delete;
  T* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  T* p_;
};

void add_problem(MessageView& view, std::string problem) {
  if (std::find(view.problems.begin(), view.problems.end(), problem) == view.problems.end()) {
    view.problems.push_back(std::move(problem));
  }
}

// State shared by the whole walk over one input.
struct Walk {
  const ParseLimits& limits;
  MessageView* top = nullptr;
  std::size_t parts = 0;
  std::size_t container_bytes = 0;  // copied out of Outlook containers (container_part.h)
  std::size_t printouts = 0;        // PDF and image attachments kept
  std::string_view top_source;      // the bytes given to parse_message
  // Boundaries of the multiparts around the part being visited, in the buffer being parsed.
  std::vector<std::string> boundaries;

  void limit_hit(MessageView& view, const std::string& problem) {
    add_problem(view, problem);
    if (top != &view) add_problem(*top, problem);
  }
};

// Removes line breaks of folded header lines and surrounding whitespace; the text between
// line breaks is copied in runs.
std::string unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  auto append_without_cr = [&out](std::string_view line) {
    for (std::size_t cr = line.find('\r'); cr != std::string_view::npos; cr = line.find('\r')) {
      out.append(line.data(), cr);
      line.remove_prefix(cr + 1);
    }
    out.append(line);
  };
  std::size_t from = 0;
  for (std::size_t lf = raw.find('\n'); lf != std::string_view::npos; lf = raw.find('\n', from)) {
    append_without_cr(raw.substr(from, lf - from));
    from = lf + 1;
  }
  append_without_cr(raw.substr(from));
  const std::size_t e = out.find_last_not_of(" \t");
  if (e == std::string::npos) return {};
  out.resize(e + 1);
  out.erase(0, out.find_first_not_of(" \t"));
  return out;
}

void append_header(GMimeHeader* h, MessageView& view) {
  HeaderField f;
  const char* name = g_mime_header_get_name(h);
  const char* raw = g_mime_header_get_raw_value(h);
  f.name = name ? name : "";
  f.raw_value = unfold(raw ? raw : "");
  // Printable ASCII with no encoded word (Received, DKIM-Signature, Message-ID, most of a
  // header section) is its own decoded, control-free value: one check instead of two copies.
  const bool plain = std::all_of(f.raw_value.begin(), f.raw_value.end(),
                                 [](char c) { return c >= 0x20 && c < 0x7F; }) &&
                     f.raw_value.find("=?") == std::string::npos;
  f.value = plain ? f.raw_value : strip_controls(decode_rfc2047(f.raw_value), false);
  view.headers.push_back(std::move(f));
}

// GMime keeps a message's Content-* headers on its body part: merge both lists back into
// message order by stream offset.
void fill_headers(GMimeMessage* message, MessageView& view) {
  std::vector<std::pair<gint64, GMimeHeader*>> all;
  auto collect = [&all](GMimeObject* object) {
    GMimeHeaderList* list = object ? g_mime_object_get_header_list(object) : nullptr;
    int count = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < count; ++i) {
      GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
      if (h) all.emplace_back(g_mime_header_get_offset(h), h);
    }
  };
  collect(GMIME_OBJECT(message));
  std::size_t own = all.size();
  GMimeObject* body = g_mime_message_get_mime_part(message);
  if (body) collect(body);
  if (all.size() > own) {
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      gint64 x = a.first < 0 ? INT64_MAX : a.first;
      gint64 y = b.first < 0 ? INT64_MAX : b.first;
      return x < y;
    });
  }
  view.headers.reserve(all.size());
  for (const auto& [offset, h] : all) append_header(h, view);
}

void append_text(MessageView& view, std::string&& utf8) {
  if (utf8.empty()) return;
  if (view.text.empty() && utf8.find('\r') == std::string::npos) {
    view.text = std::move(utf8);  // the common single-part body: no copy
    return;
  }
  if (!view.text.empty() && view.text.back() != '\n') view.text.push_back('\n');
  view.text.reserve(view.text.size() + utf8.size());
  // CR and CRLF become LF; the runs between them are copied whole.
  std::size_t from = 0;
  for (std::size_t cr = utf8.find('\r'); cr != std::string::npos; cr = utf8.find('\r', from)) {
    view.text.append(utf8, from, cr - from);
    view.text.push_back('\n');
    from = cr + 1;
    if (from < utf8.size() && utf8[from] == '\n') ++from;
  }
  view.text.append(utf8, from, std::string::npos);
}

// True when the still-encoded base64 content ends in a partial quantum.
bool base64_truncated(GMimeDataWrapper* wrapper) {
  GMimeStream* stream = g_mime_data_wrapper_get_stream(wrapper);
  if (!stream) return false;
  g_mime_stream_reset(stream);
  std::size_t sextets = 0;
  unsigned char buf[16384];
  ssize_t n = 0;
  while ((n = g_mime_stream_read(stream, reinterpret_cast<char*>(buf), sizeof buf)) > 0) {
    sextets += count_base64_chars(buf, static_cast<std::size_t>(n));
  }
  g_mime_stream_reset(stream);
  return sextets % 4 != 0;
}

// Notes "truncated-base64" on the view when the part is base64 ending in a partial quantum.
void note_truncated_base64(GMimePart* part, GMimeDataWrapper* wrapper, MessageView& view) {
  if (g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64 &&
      base64_truncated(wrapper)) {
    add_problem(view, "truncated-base64");
  }
}

// The part's content after transfer decoding (no charset conversion), held in GMime's
// memory stream so a large body is not copied once more.
class PartContent {
 public:
  PartContent(GMimePart* part, MessageView& view) : mem_(g_mime_stream_mem_new()) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return;
    note_truncated_base64(part, wrapper, view);
    g_mime_data_wrapper_write_to_stream(wrapper, mem_.get());
    GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem_.get()));
    if (array && array->len > 0) {
      bytes_ = std::string_view(reinterpret_cast<const char*>(array->data), array->len);
    }
  }
  std::string_view bytes() const { return bytes_; }

 private:
  GRef<GMimeStream> mem_;
  std::string_view bytes_;
};

std::string decode_body(std::string_view bytes, GMimeObject* object, MessageView& view) {
  const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
  std::string_view label = charset ? charset : "";
  DecodedText d = decode_to_utf8(bytes, label);
  if (d.unknown_charset) {
    std::string clean;
    for (char c : label.substr(0, kMaxLabelInProblem)) {
      if (c > 0x20 && c < 0x7F) clean.push_back(c);
    }
    add_problem(view, "charset-unknown=" + clean);
  }
  if (d.lossy) add_problem(view, "decode-lossy");
  return std::move(d.utf8);
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  return ct && g_mime_content_type_is_type(ct, type, subtype);
}

void visit(GMimeObject* object, std::string_view source, std::size_t range_end, int depth,
           Walk& walk, MessageView& view);

// Builds the view of a parsed message; `source` is the buffer GMime parsed (offsets refer
// to it) and range_end the end of this message within it.
std::size_t gmime_entities(GMimeObject* object);

void build_view(GMimeMessage* message, std::string_view source, std::size_t range_end, int depth,
                Walk& walk, MessageView& view) {
  fill_headers(message, view);
  GMimeObject* body = g_mime_message_get_mime_part(message);
  view.entities = body ? gmime_entities(body) : 1;
  if (body) visit(body, source, range_end, depth, walk, view);
}

// True when `line` (no line break) is a delimiter or close delimiter of `boundary`, by
// exactly RFC 2046's rule: "--" boundary ["--"] *LWSP.
bool is_delimiter_line(std::string_view line, std::string_view boundary) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() < boundary.size() + 2 || line.substr(0, 2) != "--" ||
      line.substr(2, boundary.size()) != boundary)
    return false;
  std::string_view rest = line.substr(2 + boundary.size());
  if (rest.substr(0, 2) == "--") rest.remove_prefix(2);
  return rest.find_first_not_of(" \t") == std::string_view::npos;
}

// Position of the line break before the first delimiter line of any of `boundaries` at or
// after `from`, or s.size(). The same rule as strict_reading.cc, so that the bytes handed
// to DKIM and the bytes the fields are read from end at the same place.
std::size_t find_delimiter(std::string_view s, const std::vector<std::string>& boundaries,
                           std::size_t from) {
  for (std::size_t at = s.find('\n', from); at != std::string_view::npos;
       at = s.find('\n', at + 1)) {
    if (at + 3 > s.size() || s[at + 1] != '-' || s[at + 2] != '-') continue;
    std::size_t eol = s.find('\n', at + 1);
    std::string_view line = s.substr(at + 1, (eol == s.npos ? s.size() : eol) - at - 1);
    for (const auto& b : boundaries) {
      if (!b.empty() && is_delimiter_line(line, b)) return at;
    }
  }
  return s.size();
}

// Entities of GMime's tree under `object`, counted as strict_reading.h counts them.
std::size_t gmime_entities(GMimeObject* object) {
  if (!object) return 0;
  if (GMIME_IS_MULTIPART(object)) {
    std::size_t n = 1;
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    for (int i = 0, count = g_mime_multipart_get_count(multipart); i < count; ++i) {
      n += gmime_entities(g_mime_multipart_get_part(multipart, i));
    }
    return n;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    return 1 + (inner ? gmime_entities(g_mime_message_get_mime_part(inner)) : 0);
  }
  return 1;
}

// The original bytes of an embedded message: from its first header to the boundary that
// closes its part, or GMime's re-serialisation when offsets are unavailable.
std::string embedded_raw(GMimeMessage* message, std::string_view source, std::size_t range_end,
                         const std::vector<std::string>& boundaries) {
  gint64 start = -1;
  for (GMimeObject* object : {GMIME_OBJECT(message), g_mime_message_get_mime_part(message)}) {
    GMimeHeaderList* list = object ? g_mime_object_get_header_list(object) : nullptr;
    GMimeHeader* first = list ? g_mime_header_list_get_header_at(list, 0) : nullptr;
    gint64 offset = first ? g_mime_header_get_offset(first) : -1;
    if (offset >= 0 && (start < 0 || offset < start)) start = offset;
  }
  if (start >= 0 && static_cast<std::size_t>(start) < range_end && range_end <= source.size()) {
    std::size_t begin = static_cast<std::size_t>(start);
    std::size_t end = range_end;
    if (!boundaries.empty()) {
      std::size_t found = find_delimiter(source.substr(0, range_end), boundaries, begin);
      if (found < range_end) {
        end = found;
        if (end > begin && source[end - 1] == '\r') --end;
      }
    }
    return std::string(source.substr(begin, end - begin));
  }
  GRef<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  if (!bytes) return {};
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// A GMime memory stream over bytes it neither owns nor copies (the parser only reads them;
// a 25 MB message is not held twice). `bytes` must outlive the stream and everything GMime
// builds from it: declare this before the parser and the message.
class BorrowedStream {
 public:
  explicit BorrowedStream(std::string_view bytes)
      : array_(bytes.empty()
                   ? g_byte_array_new()
                   : g_byte_array_new_take(
                         reinterpret_cast<guint8*>(const_cast<char*>(bytes.data())), bytes.size())),
        stream_(g_mime_stream_mem_new_with_byte_array(array_)) {
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream_), FALSE);
  }
  ~BorrowedStream() {
    g_object_unref(stream_);
    gsize len = 0;
    g_byte_array_steal(array_, &len);  // hands the bytes back without freeing them
    g_byte_array_unref(array_);
  }
  BorrowedStream(const BorrowedStream&) = delete;
  BorrowedStream& operator=(const BorrowedStream&) = delete;
  GMimeStream* get() const { return stream_; }

 private:
  GByteArray* array_;
  GMimeStream* stream_;
};

// Parses the bytes of `stream` as a message with this thread's parser. A parser made for each
// message allocated its ~4 KiB buffer every time (and that large request made glibc's malloc
// consolidate the small chunks the previous message had freed); one parser per thread,
// re-initialised with g_mime_parser_init_with_stream, does not. The parser lets go of
// `stream` before this returns, so it never holds borrowed bytes past their owner.
GMimeMessage* construct_message(GMimeStream* stream) {
  struct ThreadParser {
    GMimeStream* idle = g_mime_stream_mem_new();
    GMimeParser* parser = g_mime_parser_new_with_stream(idle);
    ~ThreadParser() {
      g_object_unref(parser);
      g_object_unref(idle);
    }
  };
  thread_local ThreadParser mine;
  g_mime_parser_init_with_stream(mine.parser, stream);
  g_mime_parser_set_format(mine.parser, GMIME_FORMAT_MESSAGE);
  GMimeMessage* message = g_mime_parser_construct_message(mine.parser, nullptr);
  g_mime_parser_init_with_stream(mine.parser, mine.idle);
  return message;
}

bool has_from_or_subject(const MessageView& v) {
  return v.header("From") != nullptr || v.header("Subject") != nullptr;
}

// Parses `child.raw` as a message into `child`; false when it is not one.
bool parse_into(MessageView& child, int depth, Walk& walk) {
  const BorrowedStream stream(child.raw);
  GRef<GMimeMessage> message(construct_message(stream.get()));
  if (!message) return false;
  std::vector<std::string> outer = std::move(walk.boundaries);
  walk.boundaries.clear();
  build_view(message.get(), child.raw, child.raw.size(), depth, walk, child);
  walk.boundaries = std::move(outer);
  return true;
}

// The walk as Outlook's container readers see it: what they carry is searched here, within
// the limits of the whole message.
class WalkSearch final : public PartSearch {
 public:
  explicit WalkSearch(Walk& walk) : walk_(walk) {}

  bool admit(int depth, MessageView& view) override {
    if (depth > walk_.limits.max_depth) {
      walk_.limit_hit(view, "depth-limit");
      return false;
    }
    if (++walk_.parts > walk_.limits.max_parts) {
      walk_.limit_hit(view, "parts-limit");
      return false;
    }
    return true;
  }
  bool spend(std::size_t bytes, MessageView& view) override {
    if (bytes > kMaxContainerBytesPerMessage - walk_.container_bytes) {
      walk_.limit_hit(view, "container=too-large");
      return false;
    }
    walk_.container_bytes += bytes;
    return true;
  }
  void note(MessageView& view, const std::string& problem) override {
    walk_.limit_hit(view, problem);
  }
  void search(const ContainedPart& part, int depth, MessageView& into) override {
    const Container kind = container_kind(part.filename, part.mime_type);
    const bool message = kind == Container::None && holds_message(part.filename, part.mime_type);
    if ((kind == Container::None && !message) || !admit(depth, into)) return;
    if (kind != Container::None) {
      attach_container(kind, part.bytes, depth, *this, into);
      return;
    }
    MessageView child;
    child.raw.assign(part.bytes);
    if (parse_into(child, depth, walk_) && has_from_or_subject(child)) {
      into.attached.push_back(std::move(child));
    }
  }

 private:
  Walk& walk_;
};

// An embedded message: GMime's view of it within the parent, and its bytes cut out once by
// embedded_raw (original_reading.h parses those again on their own when it matters).
void visit_message_part(GMimeMessagePart* part, std::string_view source, std::size_t range_end,
                        int depth, Walk& walk, MessageView& view) {
  GMimeMessage* message = g_mime_message_part_get_message(part);
  if (!message) return;
  if (depth + 1 > walk.limits.max_depth) {
    walk.limit_hit(view, "depth-limit");
    return;
  }
  MessageView child;
  child.raw = embedded_raw(message, source, range_end, walk.boundaries);
  child.enclosing = walk.boundaries;
  child.standalone = false;
  build_view(message, source, range_end, depth + 1, walk, child);
  view.attached.push_back(std::move(child));
}

// "type/subtype" of a part, lower case.
std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  const char* type = ct ? g_mime_content_type_get_media_type(ct) : nullptr;
  const char* subtype = ct ? g_mime_content_type_get_media_subtype(ct) : nullptr;
  std::string out = std::string(type ? type : "") + "/" + (subtype ? subtype : "");
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// A PDF or PNG/JPEG part, by its type or its file name; false for anything else.
bool printout_kind(std::string_view filename, const std::string& type, PrintoutPart::Kind& kind) {
  if (type == "application/pdf" || ascii_iends_with(filename, ".pdf")) {
    kind = PrintoutPart::Kind::Pdf;
    return true;
  }
  if (type == "image/png" || type == "image/jpeg" || type == "image/jpg" ||
      ascii_iends_with(filename, ".png") || ascii_iends_with(filename, ".jpg") ||
      ascii_iends_with(filename, ".jpeg")) {
    kind = PrintoutPart::Kind::Image;
    return true;
  }
  return false;
}

// Points `kept.encoded` at the part's still-encoded content when GMime reads it straight
// from `source` (a substream of the memory stream over those very bytes), so nothing is
// decoded or copied until a printout is read. False when the content lives anywhere else.
bool defer_content(GMimePart* part, std::string_view source, PrintoutPart& kept) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  GMimeStream* stream = wrapper ? g_mime_data_wrapper_get_stream(wrapper) : nullptr;
  if (!stream || !GMIME_IS_STREAM_MEM(stream) || source.empty()) return false;
  const GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (!array || reinterpret_cast<const char*>(array->data) != source.data() ||
      array->len != source.size()) {
    return false;
  }
  const auto size = static_cast<gint64>(source.size());
  const gint64 start = stream->bound_start;
  const gint64 end = stream->bound_end < 0 ? size : stream->bound_end;
  if (start < 0 || start > end || end > size) return false;
  kept.deferred = true;
  kept.encoded =
      source.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
  kept.transfer = static_cast<int>(g_mime_data_wrapper_get_encoding(wrapper));
  return true;
}

// Keeps a PDF or image part for the printout readers; false when it is not one.
bool keep_printout(GMimePart* part, std::string_view filename, Walk& walk, MessageView& view) {
  PrintoutPart kept;
  if (!printout_kind(filename, mime_type_of(GMIME_OBJECT(part)), kept.kind)) return false;
  const std::size_t limit = kept.kind == PrintoutPart::Kind::Pdf ? walk.limits.keep_pdf_bytes
                                                                 : walk.limits.keep_image_bytes;
  if (limit == 0) return false;
  if (++walk.printouts > kMaxPrintoutParts) {
    walk.limit_hit(view, "printout=count-limit");
    return true;
  }
  kept.limit = limit;
  if (walk.limits.defer_printouts && defer_content(part, walk.top_source, kept)) {
    note_truncated_base64(part, g_mime_part_get_content(part), view);  // as PartContent does
    view.printouts.push_back(std::move(kept));
    return true;
  }
  const PartContent content(part, view);
  if (content.bytes().size() > limit) {
    kept.too_large = true;
  } else {
    kept.bytes.assign(content.bytes());
  }
  view.printouts.push_back(std::move(kept));
  return true;
}

void visit_leaf(GMimePart* part, int depth, Walk& walk, MessageView& view) {
  GMimeObject* object = GMIME_OBJECT(part);
  const char* filename = g_mime_part_get_filename(part);
  if (keep_printout(part, filename ? filename : "", walk, view)) return;
  if (const Container kind = container_kind(filename ? filename : "", mime_type_of(object));
      kind != Container::None) {
    if (depth + 1 > walk.limits.max_depth) {
      walk.limit_hit(view, "depth-limit");
      return;
    }
    WalkSearch search(walk);
    attach_container(kind, PartContent(part, view).bytes(), depth + 1, search, view);
    return;
  }
  // GMime leaves a message/rfc822 with a base64 or quoted-printable body as a plain part.
  if ((filename && ascii_iends_with(filename, ".eml")) || is_type(object, "message", "rfc822")) {
    if (depth + 1 > walk.limits.max_depth) {
      walk.limit_hit(view, "depth-limit");
      return;
    }
    MessageView child;
    child.raw.assign(PartContent(part, view).bytes());
    const GMimeContentEncoding encoding = g_mime_part_get_content_encoding(part);
    const bool identity =
        encoding == GMIME_CONTENT_ENCODING_DEFAULT || encoding == GMIME_CONTENT_ENCODING_7BIT ||
        encoding == GMIME_CONTENT_ENCODING_8BIT || encoding == GMIME_CONTENT_ENCODING_BINARY;
    if (identity) child.enclosing = walk.boundaries;
    if (parse_into(child, depth + 1, walk) && has_from_or_subject(child)) {
      view.attached.push_back(std::move(child));
    }
    return;
  }
  bool plain = is_type(object, "text", "plain");
  bool html = is_type(object, "text", "html");
  if (!plain && !html) return;
  if (html) {
    const char* disposition = g_mime_object_get_disposition(object);
    if (disposition && ascii_iequals(disposition, "attachment")) return;
  }
  std::string utf8;
  {
    PartContent content(part, view);
    utf8 = decode_body(content.bytes(), object, view);
  }
  append_text(view, html ? html_to_text(utf8) : std::move(utf8));
}

void visit(GMimeObject* object, std::string_view source, std::size_t range_end, int depth,
           Walk& walk, MessageView& view) {
  if (++walk.parts > walk.limits.max_parts) {
    walk.limit_hit(view, "parts-limit");
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    visit_message_part(GMIME_MESSAGE_PART(object), source, range_end, depth, walk, view);
    return;
  }
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    const char* boundary = g_mime_multipart_get_boundary(multipart);
    walk.boundaries.emplace_back(boundary ? boundary : "");
    struct Pop {
      std::vector<std::string>& b;
      ~Pop() { b.pop_back(); }
    } pop{walk.boundaries};
    if (is_type(object, "multipart", "alternative") && count > 0) {
      // One alternative only: the first text/plain, else the last (richest) one.
      GMimeObject* chosen = g_mime_multipart_get_part(multipart, count - 1);
      for (int i = 0; i < count; ++i) {
        GMimeObject* child = g_mime_multipart_get_part(multipart, i);
        if (GMIME_IS_PART(child) && is_type(child, "text", "plain")) {
          chosen = child;
          break;
        }
      }
      visit(chosen, source, range_end, depth, walk, view);
      return;
    }
    for (int i = 0; i < count; ++i) {
      GMimeObject* child = g_mime_multipart_get_part(multipart, i);
      if (GMIME_IS_MESSAGE_PART(child)) {
        if (++walk.parts > walk.limits.max_parts) {
          walk.limit_hit(view, "parts-limit");
          return;
        }
        visit_message_part(GMIME_MESSAGE_PART(child), source, range_end, depth, walk, view);
      } else {
        visit(child, source, range_end, depth, walk, view);
      }
      if (walk.parts > walk.limits.max_parts) return;
    }
    return;
  }
  if (GMIME_IS_PART(object)) visit_leaf(GMIME_PART(object), depth, walk, view);
}

}  // namespace

const HeaderField* MessageView::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (ascii_iequals(h.name, name)) return &h;
  }
  return nullptr;
}

std::string MessageView::header_value(std::string_view name) const {
  const HeaderField* h = header(name);
  return h ? h->value : std::string();
}

bool printout_content(const PrintoutPart& part, std::string& scratch, std::string_view& content) {
  if (!part.deferred) {
    content = part.bytes;
    return !part.too_large;
  }
  const auto encoding = static_cast<GMimeContentEncoding>(part.transfer);
  if (encoding != GMIME_CONTENT_ENCODING_BASE64 &&
      encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
      encoding != GMIME_CONTENT_ENCODING_UUENCODE) {
    content = part.encoded;  // 7bit, 8bit, binary: GMime writes the bytes as they are
    return part.encoded.size() <= part.limit;
  }
  // The decoder GMime's data wrapper runs (g_mime_encoding_*), in chunks, so that a part far
  // over the limit is given up on early.
  constexpr std::size_t kChunk = 64 * 1024;
  GMimeEncoding state;
  g_mime_encoding_init_decode(&state, encoding);
  scratch.clear();
  const std::string_view in = part.encoded;
  for (std::size_t at = 0; at < in.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, in.size() - at);
    const std::size_t old = scratch.size();
    scratch.resize(old + g_mime_encoding_outlen(&state, n));
    scratch.resize(old + g_mime_encoding_step(&state, in.data() + at, n, scratch.data() + old));
    if (scratch.size() > part.limit) return false;
  }
  const std::size_t old = scratch.size();
  scratch.resize(old + g_mime_encoding_outlen(&state, 0));
  scratch.resize(old + g_mime_encoding_flush(&state, nullptr, 0, scratch.data() + old));
  if (scratch.size() > part.limit) return false;
  content = scratch;
  return true;
}

void mime_init() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

MessageView parse_message(std::string_view raw, const ParseLimits& limits, RawCopy copy) {
  MessageView view;
  if (copy == RawCopy::Now) view.raw.assign(raw);
  Walk walk{limits, &view, 0, 0, 0, raw, {}};
  if (raw.empty()) {
    add_problem(view, "not-a-message");
    return view;
  }
  // GMime builds every part and field before the walk can count them (structure_budget.h).
  if (std::string why = structure_over_budget(raw, StructureBudget{limits.max_parts});
      !why.empty()) {
    add_problem(view, std::move(why));
    return view;
  }
  const BorrowedStream stream(raw);
  GRef<GMimeMessage> message(construct_message(stream.get()));
  if (!message) {
    add_problem(view, "not-a-message");
    return view;
  }
  build_view(message.get(), raw, raw.size(), 0, walk, view);
  if (view.headers.empty()) add_problem(view, "not-a-message");
  return view;
}

}  // namespace sa
