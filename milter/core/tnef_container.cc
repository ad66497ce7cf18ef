// tnef_container.cc - TNEF through libytnef (see tnef_container.h). libytnef is given only
// streams tnef_bounds.cc accepted, and freed with TNEFFree whatever happens.
#include "core/tnef_container.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "core/charset.h"
#include "core/mapi_message.h"
#include "core/mapi_values.h"
#include "core/text_normalize.h"
#include "core/tnef_bounds.h"

// libytnef's headers are C without extern "C", and define BYTE, WORD, DWORD and every PR_*
// name as macros: included last.
extern "C" {
#include <ytnef.h>
}

namespace sa {
namespace {

constexpr std::size_t kIidBytes = 16;  // an embedded object's IID before its data
constexpr std::string_view kTnefSignature = "\x78\x9F\x3E\x22";

std::string_view bytes_of(const variableLength& v) {
  if (!v.data || v.size <= 0) return {};
  return {reinterpret_cast<const char*>(v.data), static_cast<std::size_t>(v.size)};
}

// A MAPIProps block that libytnef parsed.
class TnefProperties final : public MapiProperties {
 public:
  explicit TnefProperties(MAPIProps* props) : props_(props) {}

  std::optional<std::string> unicode(std::uint16_t id) const override {
    const variableLength* v = find(id, mapi::kUnicode);
    if (!v) return std::nullopt;
    if (!v->data || v->size <= 0) return std::string();
    // libytnef replaced the UTF-16 by its own UTF-8 (no surrogate pairs), NUL-terminated in
    // a buffer of 3 * size / 2 + 1 bytes; `size` is still the UTF-16 length.
    const std::size_t capacity = 3 * static_cast<std::size_t>(v->size) / 2 + 1;
    const auto* text = reinterpret_cast<const char*>(v->data);
    return decode_to_utf8(std::string_view(text, strnlen(text, capacity)), "utf-8").utf8;
  }
  std::optional<std::string> string8(std::uint16_t id) const override {
    return copy(find(id, mapi::kString8));
  }
  std::optional<std::string> binary(std::uint16_t id) const override {
    return copy(find(id, mapi::kBinary));
  }
  std::optional<std::uint32_t> long_value(std::uint16_t id) const override {
    const variableLength* v = find(id, mapi::kLong);
    if (!v || !v->data || v->size < 4) return std::nullopt;
    std::uint32_t value = 0;
    std::memcpy(&value, v->data, sizeof value);  // libytnef stores it in host order
    return value;
  }
  std::optional<std::uint64_t> systime(std::uint16_t id) const override {
    const variableLength* v = find(id, mapi::kSystime);
    if (!v || !v->data || v->size < 8) return std::nullopt;
    std::uint64_t value = 0;
    std::memcpy(&value, v->data, sizeof value);
    return value;
  }
  const variableLength* find(std::uint16_t id, std::uint16_t type) const {
    variableLength* v = MAPIFindProperty(props_, PROP_TAG(type, id));
    return v == MAPI_UNDEFINED ? nullptr : v;
  }

 private:
  static std::optional<std::string> copy(const variableLength* v) {
    if (!v) return std::nullopt;
    return std::string(bytes_of(*v));
  }

  MAPIProps* props_;
};

// Frees what libytnef allocated, on every path.
class ParsedTnef {
 public:
  ParsedTnef() {
    TNEFInitialize(&tnef_);
    tnef_.Debug = 0;
  }
  ~ParsedTnef() { TNEFFree(&tnef_); }
  ParsedTnef(const ParsedTnef&) = delete;
  ParsedTnef& operator=(const ParsedTnef&) = delete;
  // libytnef reads the memory and never writes it.
  bool parse(std::string_view bytes) {
    return TNEFParseMemory(const_cast<BYTE*>(reinterpret_cast<const BYTE*>(bytes.data())),
                           static_cast<long>(bytes.size()), &tnef_) == 0;
  }
  TNEFStruct& get() { return tnef_; }

 private:
  TNEFStruct tnef_;
};

std::uint32_t oem_codepage(const TNEFStruct& tnef) {
  const std::string_view cp = bytes_of(tnef.CodePage);
  return cp.size() >= 4 ? le32(cp, 0) : 0;
}

// attSubject and attBody for what attMAPIProps lacks.
void fill_from_attributes(const TNEFStruct& tnef, bool subject_attribute,
                          const std::string& charset, MessageView& view) {
  if (subject_attribute && !view.header("Subject")) {
    const std::string subject =
        strip_controls(decode_to_utf8(bytes_of(tnef.subject), charset).utf8, false);
    if (!subject.empty()) view.headers.push_back({"Subject", subject, subject});
  }
  if (view.text.empty() && tnef.body.size > 0) {
    view.text = message_text(decode_to_utf8(bytes_of(tnef.body), charset).utf8);
    std::erase(view.problems, "container=no-text");
  }
}

void read_tnef(std::string_view bytes, int depth, Container kind, PartSearch& search,
               MessageView& parent);

// One attachment of the TNEF whose view is `view`. An embedded message (ATTACH_EMBEDDED_MSG)
// is a TNEF stream of its own: an attached Outlook message, read here at `depth`.
void search_attachment(Attachment& a, int depth, const std::string& charset, PartSearch& search,
                       MessageView& view) {
  TnefProperties props(&a.MAPI);
  ContainedPart part;
  part.filename = text_property(props, mapi::kAttachLongFilename, charset).value_or("");
  if (part.filename.empty()) {
    part.filename = text_property(props, mapi::kAttachFilename, charset).value_or("");
  }
  if (part.filename.empty()) part.filename = decode_to_utf8(bytes_of(a.Title), charset).utf8;
  while (!part.filename.empty() && part.filename.back() == '\0') part.filename.pop_back();
  part.mime_type = text_property(props, mapi::kAttachMimeTag, charset).value_or("");
  std::optional<std::string> binary;
  const variableLength* object = props.find(mapi::kAttachData, mapi::kObject);
  if (object && bytes_of(*object).size() > kIidBytes) {
    part.bytes = bytes_of(*object).substr(kIidBytes);
    if (part.bytes.substr(0, kTnefSignature.size()) == kTnefSignature) {
      if (search.admit(depth, view)) {
        read_tnef(part.bytes, depth, Container::OutlookMsg, search, view);
      }
      return;
    }
  } else if (!bytes_of(a.FileData).empty()) {
    part.bytes = bytes_of(a.FileData);
  } else if ((binary = props.binary(mapi::kAttachData))) {
    part.bytes = *binary;
  } else {
    return;
  }
  search.search(part, depth, view);
}

std::string refusal(TnefCheck check) {
  switch (check) {
    case TnefCheck::TooLarge:
      return "container=too-large";
    case TnefCheck::TooManyEntries:
      return "container=too-many-streams";
    case TnefCheck::Ok:
    case TnefCheck::NotTnef:
    case TnefCheck::Damaged:
      break;
  }
  return "container=unreadable";
}

// Reads one TNEF stream as a view of `kind` and appends it to parent.attached.
void read_tnef(std::string_view bytes, int depth, Container kind, PartSearch& search,
               MessageView& parent) {
  const TnefShape shape = check_tnef(bytes);
  if (shape.check != TnefCheck::Ok) {
    search.note(parent, refusal(shape.check));
    return;
  }
  if (!search.spend(bytes.size(), parent)) return;  // libytnef copies every attribute
  ParsedTnef parsed;
  if (!parsed.parse(bytes)) {
    search.note(parent, "container=unreadable");
    return;
  }
  TNEFStruct& tnef = parsed.get();
  const std::uint32_t codepage = oem_codepage(tnef);
  TnefProperties props(&tnef.MapiProperties);
  MessageView view = mapi_message_view(props, kind, codepage);
  const std::string charset = string8_charset(props, codepage);
  fill_from_attributes(tnef, shape.subject_attribute, charset, view);
  for (Attachment* a = tnef.starting_attach.next; a; a = a->next) {
    search_attachment(*a, depth + 1, charset, search, view);
  }
  parent.attached.push_back(std::move(view));
}

}  // namespace

void attach_tnef(std::string_view bytes, int depth, PartSearch& search, MessageView& parent) {
  read_tnef(bytes, depth, Container::Tnef, search, parent);
}

}  // namespace sa
