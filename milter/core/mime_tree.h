// mime_tree.h - parse raw RFC 5322 bytes (GMime 3) into a MessageView: decoded headers,
// the readable body text, and every embedded original message (message/rfc822 or *.eml;
// Outlook .msg files and winmail.dat through the readers behind container_part.h), and,
// when asked, the PDF and image attachments that may be printouts.
// It decodes charsets and transfer encodings; it does not look for notices or forwards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

struct HeaderField {
  std::string name;       // as received, e.g. "Subject"
  std::string raw_value;  // unfolded raw value, RFC 2047 words still encoded
  std::string value;      // decoded to UTF-8 (RFC 2047, Japanese charsets), control chars removed
};

// The Outlook container a view was read from (docs/outlook-containers.md). OutlookMsg: an
// Outlook message item - a .msg file, or a message embedded in a .msg or a winmail.dat -
// attached like an original. Tnef: a winmail.dat, the message that carries it. None: MIME.
enum class Container { None, OutlookMsg, Tnef };

// A PDF or image attachment (application/pdf, image/png, image/jpeg, or such a file name),
// kept for the printout readers (printout_check.h) when ParseLimits asks for its kind. A
// part larger than ParseLimits allows keeps no bytes and says so.
struct PrintoutPart {
  enum class Kind { Pdf, Image } kind = Kind::Pdf;
  std::string bytes;  // after transfer decoding (empty when deferred)
  bool too_large = false;
  // With ParseLimits::defer_printouts, where GMime reads the part straight from the bytes
  // given to parse_message: the content as it stands there, still transfer-encoded
  // (`transfer`: GMime's GMimeContentEncoding), decoded only when the printout is read
  // (printout_content). A view into those bytes, which must outlive the reading.
  bool deferred = false;
  std::string_view encoded;
  int transfer = 0;
  std::size_t limit = 0;  // the size it may have after decoding (ParseLimits' keep_*_bytes)
};

// A kept part's content after transfer decoding: its `bytes`, or its `encoded` content decoded
// now into `scratch` (stopping once it passes the limit). False when it is larger than its
// limit: a printout too large to read.
bool printout_content(const PrintoutPart& part, std::string& scratch, std::string_view& content);

struct MessageView {
  std::vector<HeaderField> headers;  // in message order
  // Body text in UTF-8: text/plain parts in order; an HTML part converted to text when a
  // multipart/alternative has no plain alternative (or the body is HTML only). Line ends: LF.
  std::string text;
  // The exact bytes of this message (top level: the input; embedded: cut from the parent
  // by exactly RFC 2046's delimiter rule, or the part's content after transfer decoding).
  // Used by DKIM/S-MIME verification.
  std::string raw;
  std::vector<MessageView> attached;  // embedded originals in document order
  // Machine-readable notes on what could not be decoded, e.g. "charset-unknown=x-foo",
  // "depth-limit", "parts-limit", "not-a-message".
  std::vector<std::string> problems;
  // MIME entities of GMime's tree of this message, counted as strict_reading.h counts
  // them, so that a second reading of `raw` can be compared with this one.
  std::size_t entities = 0;
  // Boundaries of the multiparts around `raw` in the bytes it was cut from (empty at the
  // top level and for a transfer-decoded .eml part).
  std::vector<std::string> enclosing;
  // False when GMime parsed this message inside its parent's stream (message/rfc822):
  // original_reading.h then parses `raw` again on its own before fields are trusted.
  bool standalone = true;
  // Not None for a view read from an Outlook .msg file or a winmail.dat: its headers and text
  // come from MAPI properties, `raw` is empty (there are no MIME bytes to verify) and
  // `attached` holds what the container carries. Such a view is never verified.
  Container container = Container::None;
  // PDF and image attachments of this message (not of the messages attached to it).
  std::vector<PrintoutPart> printouts;

  // First header with this name (ASCII case-insensitive), or nullptr.
  const HeaderField* header(std::string_view name) const;
  // Decoded value of the first header with this name, or "".
  std::string header_value(std::string_view name) const;
};

struct ParseLimits {
  int max_depth = 8;                 // nesting of embedded messages
  std::size_t max_parts = 1000;      // MIME parts visited in the whole tree
  std::size_t keep_pdf_bytes = 0;    // PDF attachments up to this size kept; 0: none
  std::size_t keep_image_bytes = 0;  // PNG and JPEG attachments likewise
  // Keep those attachments undecoded, as views into the bytes given to parse_message
  // (PrintoutPart::encoded): set by a caller that keeps the bytes alive while it reads the
  // printouts, so that fifty messages with a PDF each do not each hold a decoded copy.
  bool defer_printouts = false;
};

// Never throws on bad input: problems are recorded in MessageView::problems.
// Requires sa::mime_init() to have run once in the process.
// RawCopy::Later leaves the top view's `raw` empty (the caller fills it when it needs the
// bytes), so a large message is not held twice while it is read.
enum class RawCopy { Now, Later };
MessageView parse_message(std::string_view raw, const ParseLimits& limits,
                          RawCopy copy = RawCopy::Now);

// Process-wide GMime initialisation; idempotent and thread-safe.
void mime_init();

}  // namespace sa
