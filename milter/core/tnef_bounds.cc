// tnef_bounds.cc - TNEF framing and MAPI blocks checked the way libytnef 2.0's TNEFParse,
// its attribute handlers and TNEFFillMapi read them (lib/ytnef.c), with our caps on top.
#include "core/tnef_bounds.h"

#include <cstdint>
#include <set>

#include "core/mapi_values.h"

namespace sa {
namespace {

constexpr std::uint32_t kSignature = 0x223E9F78;
constexpr std::size_t kAttributeHeaderBytes = 9;  // level, id, length
constexpr std::size_t kChecksumBytes = 2;
constexpr std::size_t kDateBytes = 14;  // libytnef's dtr: seven WORDs

// Attribute ids (ATT(type, id)) with a handler in libytnef that can fail or allocate.
constexpr std::uint32_t kAttFrom = 0x00008000;
constexpr std::uint32_t kAttSubject = 0x00018004;
constexpr std::uint32_t kAttDateSent = 0x00038005;
constexpr std::uint32_t kAttDateReceived = 0x00038006;
constexpr std::uint32_t kAttBody = 0x0002800C;
constexpr std::uint32_t kAttAttachData = 0x0006800F;
constexpr std::uint32_t kAttAttachTitle = 0x00018010;
constexpr std::uint32_t kAttAttachMetaFile = 0x00068011;
constexpr std::uint32_t kAttAttachCreateDate = 0x00038012;
constexpr std::uint32_t kAttAttachModifyDate = 0x00038013;
constexpr std::uint32_t kAttDateModified = 0x00038020;
constexpr std::uint32_t kAttAttachRenddata = 0x00069002;
constexpr std::uint32_t kAttMapiProps = 0x00069003;
constexpr std::uint32_t kAttRecipTable = 0x00069004;
constexpr std::uint32_t kAttAttachment = 0x00069005;
constexpr std::uint32_t kAttTnefVersion = 0x00089006;
constexpr std::uint32_t kAttOriginalMessageClass = 0x00070006;
constexpr std::uint32_t kAttSentFor = 0x00060001;
constexpr std::uint32_t kAttDateStart = 0x00030006;
constexpr std::uint32_t kAttDateEnd = 0x00030007;

// libytnef's limits (PREALLOCCHECK) on what it copies.
constexpr std::uint32_t kMaxShortText = 100;  // from, subject, title, message class
constexpr std::uint32_t kMaxBody = 100000;
constexpr std::uint32_t kMaxIcon = 10000;
constexpr std::uint32_t kMaxMapiCount = 1000;  // properties, values, names of a block
constexpr std::uint32_t kMaxMapiValue = 524288;

bool attachment_level(std::uint32_t id) {
  return id == kAttAttachData || id == kAttAttachTitle || id == kAttAttachMetaFile ||
         id == kAttAttachCreateDate || id == kAttAttachModifyDate || id == kAttAttachment;
}

bool is_date(std::uint32_t id) {
  return id == kAttDateSent || id == kAttDateReceived || id == kAttDateModified ||
         id == kAttDateStart || id == kAttDateEnd || id == kAttAttachCreateDate ||
         id == kAttAttachModifyDate;
}

bool subject_property(std::uint32_t prop_id) {
  // PR_SUBJECT, PR_SUBJECT_IPM, PR_ORIGINAL_SUBJECT, PR_NORMALIZED_SUBJECT,
  // PR_CONVERSATION_TOPIC: libytnef copies the first it meets into its `subject`.
  return prop_id == 0x0037 || prop_id == 0x0038 || prop_id == 0x0049 || prop_id == 0x0E1D ||
         prop_id == 0x0070;
}

std::uint64_t padded(std::uint64_t n) { return n + (n % 4 ? 4 - n % 4 : 0); }

// One MAPI block as TNEFFillMapi reads it. `subject_set` mirrors libytnef's
// subject.size != 0; `values` counts property values against kMaxTnefPropertyValues.
class MapiBlock {
 public:
  MapiBlock(std::string_view data, bool& subject_set, std::size_t& values)
      : d_(data), subject_set_(subject_set), values_(values) {}

  TnefCheck check() {
    std::uint32_t count = 0;
    if (!word(count)) return TnefCheck::Damaged;
    if (count == 0 || count > kMaxMapiCount) return TnefCheck::Damaged;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (const TnefCheck c = property(); c != TnefCheck::Ok) return c;
    }
    return at_ == d_.size() ? TnefCheck::Ok : TnefCheck::Damaged;
  }

 private:
  // SIZECHECK: `n` more bytes fit (the position may already be past the end).
  bool fits(std::uint64_t n) const { return at_ + n <= d_.size(); }
  bool word(std::uint32_t& out) {
    if (!fits(4)) return false;
    out = le32(d_, static_cast<std::size_t>(at_));
    at_ += 4;
    return true;
  }

  TnefCheck property() {
    std::uint32_t tag = 0;
    if (!word(tag)) return TnefCheck::Damaged;
    if ((tag >> 16) >= 0x8000) {  // a named property: GUID, kind, then names or an id
      if (!fits(16)) return TnefCheck::Damaged;
      at_ += 16;
      std::uint32_t names = 0;
      if (!word(names)) return TnefCheck::Damaged;
      if (names > 0) {
        if (names > kMaxMapiCount) return TnefCheck::Damaged;
        for (; names > 0; --names) {
          std::uint32_t length = 0;
          if (!word(length) || length == 0 || length > kMaxShortText || !fits(length)) {
            return TnefCheck::Damaged;
          }
          at_ += padded(length);
        }
      } else {
        std::uint32_t id = 0;
        if (!word(id)) return TnefCheck::Damaged;
        tag = (id << 16) | (tag & 0xFFFF);
      }
    }
    std::uint32_t type = tag & 0xFFFF;
    std::uint32_t count = 1;
    const bool multi = (type & 0x1000) != 0;
    if (multi) {
      type -= 0x1000;
      if (!word(count)) return TnefCheck::Damaged;
    }
    if (count == 0 || count > kMaxMapiCount) return TnefCheck::Damaged;
    values_ += count;
    if (values_ > kMaxTnefPropertyValues) return TnefCheck::TooManyEntries;
    for (std::uint32_t v = 0; v < count; ++v) {
      std::uint64_t size = 0;
      if (!value(type, multi, size)) return TnefCheck::Damaged;
      if (subject_property(tag >> 16) && !subject_set_) {
        if (size == 0 || size > kMaxShortText) return TnefCheck::Damaged;
        subject_set_ = true;
      }
    }
    return TnefCheck::Ok;
  }

  // One value of `type`; `size` is what libytnef records as its size.
  bool value(std::uint32_t type, bool multi, std::uint64_t& size) {
    switch (type) {
      case 0x0102:    // PT_BINARY
      case 0x000D:    // PT_OBJECT
      case 0x001E:    // PT_STRING8
      case 0x001F: {  // PT_UNICODE
        std::uint32_t length = 0;
        if (!multi && !word(length)) return false;  // the count of values, always 1
        if (!word(length)) return false;
        if (length != 0 && (!fits(length) || length > kMaxMapiValue)) return false;
        at_ += padded(length);
        size = length;
        return true;
      }
      case 0x0002:  // PT_I2: two bytes read, four skipped
        size = 2;
        if (!fits(2)) return false;
        at_ += 4;
        return true;
      case 0x0003:  // PT_LONG
      case 0x0004:  // PT_R4
      case 0x0006:  // PT_CURRENCY
      case 0x0007:  // PT_APPTIME
      case 0x000A:  // PT_ERROR
      case 0x000B:  // PT_BOOLEAN
        size = 4;
        break;
      case 0x0005:  // PT_DOUBLE
      case 0x0014:  // PT_I8
      case 0x0040:  // PT_SYSTIME
        size = 8;
        break;
      case 0x0048:  // PT_CLSID
        size = 16;
        break;
      default:
        return false;
    }
    if (!fits(size)) return false;
    at_ += size;
    return true;
  }

  std::string_view d_;
  bool& subject_set_;
  std::size_t& values_;
  std::uint64_t at_ = 0;
};

// TNEFSentFor: pairs of a WORD length and that many bytes, to the end.
bool sent_for_fits(std::string_view data) {
  std::size_t at = 0;
  while (at < data.size()) {
    for (int i = 0; i < 2; ++i) {
      if (at + 2 > data.size()) return false;
      const std::size_t length = le16(data, at);
      at += 2;
      if (at + length > data.size()) return false;
      at += length;
    }
  }
  return true;
}

// What one attribute's handler in libytnef needs of its data.
TnefCheck attribute_fits(std::uint32_t id, std::string_view data, bool& subject_set,
                         std::size_t& values) {
  const std::size_t n = data.size();
  if (id == kAttFrom || id == kAttSubject || id == kAttAttachTitle ||
      id == kAttOriginalMessageClass) {
    if (n > kMaxShortText) return TnefCheck::Damaged;
    if (id == kAttSubject) subject_set = true;
  } else if (id == kAttBody) {
    if (n > kMaxBody) return TnefCheck::Damaged;
  } else if (id == kAttAttachMetaFile) {
    if (n > kMaxIcon) return TnefCheck::Damaged;
  } else if (id == kAttTnefVersion) {
    if (n != 4) return TnefCheck::Damaged;
  } else if (id == kAttRecipTable) {
    if (n < 4) return TnefCheck::Damaged;
  } else if (id == kAttSentFor) {
    if (!sent_for_fits(data)) return TnefCheck::Damaged;
  } else if (is_date(id)) {
    if (n < kDateBytes) return TnefCheck::Damaged;
  } else if (id == kAttMapiProps || id == kAttAttachment) {
    return MapiBlock(data, subject_set, values).check();
  }
  return TnefCheck::Ok;
}

std::uint16_t checksum(std::string_view data) {
  std::uint16_t sum = 0;
  for (unsigned char c : data) sum = static_cast<std::uint16_t>(sum + c);
  return sum;
}

}  // namespace

TnefShape check_tnef(std::string_view bytes) {
  TnefShape shape;
  auto refuse = [&shape](TnefCheck c) {
    shape.check = c;
    return shape;
  };
  if (bytes.size() < 4 || le32(bytes, 0) != kSignature) return refuse(TnefCheck::NotTnef);
  if (bytes.size() > kMaxTnefBytes) return refuse(TnefCheck::TooLarge);
  if (bytes.size() < 6) return refuse(TnefCheck::Damaged);
  std::size_t at = 6;  // signature and key
  std::size_t attributes = 0;
  std::size_t attachments = 0;
  std::size_t values = 0;
  bool subject_set = false;  // libytnef's subject.size != 0
  std::set<std::uint32_t> message_seen;
  std::set<std::uint32_t> attachment_seen;
  // A last header cut short ends libytnef's loop quietly, as it ends ours.
  while (bytes.size() - at >= kAttributeHeaderBytes) {
    const std::uint32_t id = le32(bytes, at + 1);
    const std::size_t length = le32(bytes, at + 5);
    at += kAttributeHeaderBytes;
    if (++attributes > kMaxTnefAttributes) return refuse(TnefCheck::TooManyEntries);
    if (length == 0 || length > bytes.size() - at || bytes.size() - at - length < kChecksumBytes) {
      return refuse(TnefCheck::Damaged);
    }
    const std::string_view data = bytes.substr(at, length);
    at += length;
    if (checksum(data) != le16(bytes, at)) return refuse(TnefCheck::Damaged);
    at += kChecksumBytes;
    if (id == kAttAttachRenddata) {
      if (++attachments > kMaxTnefAttachments) return refuse(TnefCheck::TooManyEntries);
      attachment_seen.clear();
    }
    if (attachment_level(id) && attachments == 0) return refuse(TnefCheck::Damaged);
    std::set<std::uint32_t>& seen =
        attachment_level(id) || id == kAttAttachRenddata ? attachment_seen : message_seen;
    if (!seen.insert(id).second) return refuse(TnefCheck::Damaged);
    if (const TnefCheck c = attribute_fits(id, data, subject_set, values); c != TnefCheck::Ok) {
      return refuse(c);
    }
    if (id == kAttSubject) shape.subject_attribute = true;
  }
  return shape;
}

}  // namespace sa
