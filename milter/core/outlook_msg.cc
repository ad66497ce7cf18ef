// outlook_msg.cc - .msg files through libgsf's GsfInfileMSOle: the storage layout of
// [MS-OXMSG] 2.2 (a property stream "__properties_version1.0" of fixed-size entries after a
// header of 32, 24 or 8 bytes; variable-length values in "__substg1.0_IIIITTTT" streams;
// attachments in "__attach_version1.0_#N" storages), read within outlook_msg.h's bounds.
#include "core/outlook_msg.h"

#include <gsf/gsf-infile-impl.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/mapi_message.h"
#include "core/mapi_values.h"
#include "core/ole2_bounds.h"

namespace sa {
namespace {

constexpr std::size_t kTopHeaderBytes = 32;
constexpr std::size_t kEmbeddedHeaderBytes = 24;
constexpr std::size_t kAttachmentHeaderBytes = 8;
constexpr std::size_t kPropertyEntryBytes = 16;
constexpr std::string_view kAttachmentPrefix = "__attach_version1.0_#";
constexpr const char* kPropertiesStream = "__properties_version1.0";

// libgsf's warnings and criticals about the file being read on this thread.
thread_local int libgsf_complaints = 0;

void count_complaint(const gchar*, GLogLevelFlags, const gchar*, gpointer) { ++libgsf_complaints; }

void init_libgsf() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    g_log_set_handler("libgsf:msole",
                      static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK & ~G_LOG_LEVEL_ERROR),
                      count_complaint, nullptr);
  });
}

// A GObject reference owned by a scope.
template <typename T>
class Owned {
 public:
  explicit Owned(T* p) : p_(p) {}
  ~Owned() {
    if (p_) g_object_unref(p_);
  }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  T* p_;
};

// The state of reading one .msg file; `parent` is the view the file was found in.
struct Reading {
  PartSearch& search;
  MessageView& parent;
  std::size_t reads = 0;
  bool damaged = false;
  bool too_many_streams = false;
  bool too_many_properties = false;
  bool too_many_attachments = false;
};

// A child of `dir` by name or index, through the GsfInfile class (gsf-infile-impl.h) with a
// GError of our own: gsf_infile_child_by_name/_by_index log a warning on failure instead.
GsfInput* child_named(GsfInfile* dir, const char* name, Reading& r) {
  GError* error = nullptr;
  GsfInput* child = GSF_INFILE_CLASS(G_OBJECT_GET_CLASS(dir))->child_by_name(dir, name, &error);
  if (error) {
    r.damaged = true;
    g_error_free(error);
    if (child) g_object_unref(child);
    return nullptr;
  }
  return child;
}

GsfInput* child_at(GsfInfile* dir, int index, Reading& r) {
  GError* error = nullptr;
  GsfInput* child = GSF_INFILE_CLASS(G_OBJECT_GET_CLASS(dir))->child_by_index(dir, index, &error);
  if (error) {
    r.damaged = true;
    g_error_free(error);
    if (child) g_object_unref(child);
    return nullptr;
  }
  return child;
}

bool is_storage(GsfInput* input) {
  return GSF_IS_INFILE(input) && gsf_infile_num_children(GSF_INFILE(input)) >= 0;
}

std::string substg_name(std::uint16_t id, std::uint16_t type) {
  char name[32];
  std::snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, type);
  return name;
}

// The bytes of the stream `name` in `dir`, within the per-file and per-message budgets.
std::optional<std::string> read_stream(GsfInfile* dir, const char* name, Reading& r) {
  Owned<GsfInput> child(child_named(dir, name, r));
  if (!child || is_storage(child.get())) return std::nullopt;
  if (++r.reads > kMaxMsgStreamReads) {
    r.too_many_streams = true;
    return std::nullopt;
  }
  const gsf_off_t size = gsf_input_size(child.get());
  if (size < 0 || static_cast<std::size_t>(size) > kMaxMsgBytes) {
    r.damaged = true;
    return std::nullopt;
  }
  const auto length = static_cast<std::size_t>(size);
  if (!r.search.spend(length, r.parent)) return std::nullopt;
  std::string out(length, '\0');
  if (length > 0 && !gsf_input_read(child.get(), length, reinterpret_cast<guint8*>(out.data()))) {
    r.damaged = true;
    return std::nullopt;
  }
  return out;
}

// The properties of one storage: a message, an embedded message or an attachment.
class MsgProperties final : public MapiProperties {
 public:
  MsgProperties(GsfInfile* dir, Reading& r) : dir_(dir), r_(r) {}

  // Reads the fixed-size entries after a header of `header_bytes`; false when there are
  // more than kMaxMsgProperties.
  bool load(std::size_t header_bytes) {
    const std::optional<std::string> stream = read_stream(dir_, kPropertiesStream, r_);
    if (!stream) return true;
    if (stream->size() < header_bytes) {
      r_.damaged = true;
      return true;
    }
    const std::size_t count = (stream->size() - header_bytes) / kPropertyEntryBytes;
    if (count > kMaxMsgProperties) return false;
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t at = header_bytes + i * kPropertyEntryBytes;
      fixed_.emplace(le32(*stream, at), le64(*stream, at + 8));
    }
    return true;
  }

  std::optional<std::string> unicode(std::uint16_t id) const override {
    std::optional<std::string> bytes = stream(id, mapi::kUnicode);
    if (!bytes) return std::nullopt;
    return utf16le_to_utf8(*bytes);
  }
  std::optional<std::string> string8(std::uint16_t id) const override {
    return stream(id, mapi::kString8);
  }
  std::optional<std::string> binary(std::uint16_t id) const override {
    return stream(id, mapi::kBinary);
  }
  std::optional<std::uint32_t> long_value(std::uint16_t id) const override {
    auto it = fixed_.find(tag(id, mapi::kLong));
    if (it == fixed_.end()) return std::nullopt;
    return static_cast<std::uint32_t>(it->second);
  }
  std::optional<std::uint64_t> systime(std::uint16_t id) const override {
    auto it = fixed_.find(tag(id, mapi::kSystime));
    if (it == fixed_.end()) return std::nullopt;
    return it->second;
  }

 private:
  static std::uint32_t tag(std::uint16_t id, std::uint16_t type) {
    return static_cast<std::uint32_t>(id) << 16 | type;
  }
  std::optional<std::string> stream(std::uint16_t id, std::uint16_t type) const {
    return read_stream(dir_, substg_name(id, type).c_str(), r_);
  }

  GsfInfile* dir_;
  Reading& r_;
  std::map<std::uint32_t, std::uint64_t> fixed_;  // tag -> the entry's 8-byte value
};

std::optional<MessageView> read_message(GsfInfile* dir, std::size_t header_bytes, int depth,
                                        Reading& r);

// One "__attach_version1.0_#N" storage of the message whose view is `view`.
void read_attachment(GsfInfile* storage, int depth, const std::string& charset, Reading& r,
                     MessageView& view) {
  MsgProperties props(storage, r);
  if (!props.load(kAttachmentHeaderBytes)) {
    r.too_many_properties = true;
    return;
  }
  if (props.long_value(mapi::kAttachMethod) == mapi::kAttachEmbeddedMessage) {
    Owned<GsfInput> inner(
        child_named(storage, substg_name(mapi::kAttachData, mapi::kObject).c_str(), r));
    if (inner && is_storage(inner.get())) {
      if (!r.search.admit(depth, view)) return;
      std::optional<MessageView> nested =
          read_message(GSF_INFILE(inner.get()), kEmbeddedHeaderBytes, depth, r);
      if (nested) view.attached.push_back(std::move(*nested));
      return;
    }
  }
  const std::optional<std::string> data = props.binary(mapi::kAttachData);
  if (!data) return;
  ContainedPart part;
  part.bytes = *data;
  part.filename = text_property(props, mapi::kAttachLongFilename, charset).value_or("");
  if (part.filename.empty()) {
    part.filename = text_property(props, mapi::kAttachFilename, charset).value_or("");
  }
  part.mime_type = text_property(props, mapi::kAttachMimeTag, charset).value_or("");
  r.search.search(part, depth, view);
}

void read_attachments(GsfInfile* dir, int depth, const std::string& charset, Reading& r,
                      MessageView& view) {
  const int count = gsf_infile_num_children(dir);
  std::size_t attachments = 0;
  for (int i = 0; i < count; ++i) {
    const char* name = gsf_infile_name_by_index(dir, i);
    if (!name || std::string_view(name).substr(0, kAttachmentPrefix.size()) != kAttachmentPrefix)
      continue;
    if (++attachments > kMaxMsgAttachments) {
      r.too_many_attachments = true;
      return;
    }
    Owned<GsfInput> child(child_at(dir, i, r));
    if (!child || !is_storage(child.get())) {
      r.damaged = true;
      continue;
    }
    read_attachment(GSF_INFILE(child.get()), depth + 1, charset, r, view);
  }
}

// The view of the message stored in `dir`; nullopt when it has too many properties.
std::optional<MessageView> read_message(GsfInfile* dir, std::size_t header_bytes, int depth,
                                        Reading& r) {
  MsgProperties props(dir, r);
  if (!props.load(header_bytes)) {
    r.too_many_properties = true;
    return std::nullopt;
  }
  MessageView view = mapi_message_view(props, Container::OutlookMsg, 0);
  read_attachments(dir, depth, string8_charset(props, 0), r, view);
  return view;
}

std::string refusal(Ole2Check check) {
  switch (check) {
    case Ole2Check::TooManyEntries:
      return "container=too-many-streams";
    case Ole2Check::Ok:
    case Ole2Check::NotOle2:
    case Ole2Check::Damaged:
      break;
  }
  return "container=unreadable";
}

}  // namespace

void attach_outlook_msg(std::string_view bytes, int depth, PartSearch& search,
                        MessageView& parent) {
  if (bytes.size() > kMaxMsgBytes) {
    search.note(parent, "container=too-large");
    return;
  }
  if (const Ole2Check check = check_ole2(bytes, kMaxMsgDirectoryEntries); check != Ole2Check::Ok) {
    search.note(parent, refusal(check));
    return;
  }
  init_libgsf();
  const int outer_complaints = libgsf_complaints;  // a .msg inside a .msg counts its own
  libgsf_complaints = 0;
  Owned<GsfInput> input(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                             static_cast<gsf_off_t>(bytes.size()), FALSE));
  GError* error = nullptr;
  Owned<GsfInfile> root(input ? gsf_infile_msole_new(input.get(), &error) : nullptr);
  g_clear_error(&error);
  Reading r{search, parent};
  std::optional<MessageView> view;
  if (root) view = read_message(root.get(), kTopHeaderBytes, depth, r);
  const bool complained = libgsf_complaints > 0;
  libgsf_complaints = outer_complaints;

  if (!root) {
    search.note(parent, "container=unreadable");
    return;
  }
  if (!view) {
    search.note(parent, "container=too-many-properties");
    return;
  }
  if (r.damaged || complained) search.note(*view, "container=damaged");
  if (r.too_many_streams) search.note(*view, "container=too-many-streams");
  if (r.too_many_properties) search.note(*view, "container=too-many-properties");
  if (r.too_many_attachments) search.note(*view, "container=too-many-attachments");
  parent.attached.push_back(std::move(*view));
}

}  // namespace sa
