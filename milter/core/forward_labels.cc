// forward_labels.cc - tables of forward separator phrases and header labels, and the
// single-line parsers that use them. No knowledge of blocks, quoting or bodies.
#include "core/forward_labels.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/ascii.h"

namespace sa {
namespace {

struct LabelName {
  std::string_view name;
  HeaderLabel label;
};

// Labels as clients write them. ASCII letters compare case-insensitively; other
// letters exactly, so capitalised forms are listed as clients write them.
constexpr std::array kLabels{
    // From
    LabelName{"From", HeaderLabel::From},
    LabelName{"差出人", HeaderLabel::From},
    LabelName{"送信者", HeaderLabel::From},
    LabelName{"送信元", HeaderLabel::From},
    LabelName{"Von", HeaderLabel::From},
    LabelName{"De", HeaderLabel::From},
    LabelName{"Da", HeaderLabel::From},
    LabelName{"Van", HeaderLabel::From},
    LabelName{"Från", HeaderLabel::From},
    LabelName{"Fra", HeaderLabel::From},
    LabelName{"Od", HeaderLabel::From},
    LabelName{"От", HeaderLabel::From},
    LabelName{"Expéditeur", HeaderLabel::From},
    LabelName{"Remitente", HeaderLabel::From},
    LabelName{"Absender", HeaderLabel::From},
    LabelName{"发件人", HeaderLabel::From},
    LabelName{"寄件者", HeaderLabel::From},
    LabelName{"寄件人", HeaderLabel::From},
    LabelName{"보낸 사람", HeaderLabel::From},
    LabelName{"보낸사람", HeaderLabel::From},
    // Date
    LabelName{"Date", HeaderLabel::Date},
    LabelName{"Sent", HeaderLabel::Date},
    LabelName{"送信日時", HeaderLabel::Date},
    LabelName{"日付", HeaderLabel::Date},
    LabelName{"日時", HeaderLabel::Date},
    LabelName{"送信日", HeaderLabel::Date},
    LabelName{"Datum", HeaderLabel::Date},
    LabelName{"Gesendet", HeaderLabel::Date},
    LabelName{"Fecha", HeaderLabel::Date},
    LabelName{"Enviado", HeaderLabel::Date},
    LabelName{"Data", HeaderLabel::Date},
    LabelName{"Inviato", HeaderLabel::Date},
    LabelName{"Envoyé", HeaderLabel::Date},
    LabelName{"Verzonden", HeaderLabel::Date},
    LabelName{"Skickat", HeaderLabel::Date},
    LabelName{"Sendt", HeaderLabel::Date},
    LabelName{"Дата", HeaderLabel::Date},
    LabelName{"Отправлено", HeaderLabel::Date},
    LabelName{"日期", HeaderLabel::Date},
    LabelName{"发送时间", HeaderLabel::Date},
    LabelName{"發送時間", HeaderLabel::Date},
    LabelName{"날짜", HeaderLabel::Date},
    LabelName{"보낸 날짜", HeaderLabel::Date},
    // Subject
    LabelName{"Subject", HeaderLabel::Subject},
    LabelName{"件名", HeaderLabel::Subject},
    LabelName{"題名", HeaderLabel::Subject},
    LabelName{"Betreff", HeaderLabel::Subject},
    LabelName{"Objet", HeaderLabel::Subject},
    LabelName{"Asunto", HeaderLabel::Subject},
    LabelName{"Oggetto", HeaderLabel::Subject},
    LabelName{"Assunto", HeaderLabel::Subject},
    LabelName{"Onderwerp", HeaderLabel::Subject},
    LabelName{"Ämne", HeaderLabel::Subject},
    LabelName{"Emne", HeaderLabel::Subject},
    LabelName{"Temat", HeaderLabel::Subject},
    LabelName{"Тема", HeaderLabel::Subject},
    LabelName{"主题", HeaderLabel::Subject},
    LabelName{"主旨", HeaderLabel::Subject},
    LabelName{"제목", HeaderLabel::Subject},
    // To
    LabelName{"To", HeaderLabel::To},
    LabelName{"宛先", HeaderLabel::To},
    LabelName{"送信先", HeaderLabel::To},
    LabelName{"An", HeaderLabel::To},
    LabelName{"À", HeaderLabel::To},
    LabelName{"A", HeaderLabel::To},
    LabelName{"Para", HeaderLabel::To},
    LabelName{"Aan", HeaderLabel::To},
    LabelName{"Till", HeaderLabel::To},
    LabelName{"Til", HeaderLabel::To},
    LabelName{"Do", HeaderLabel::To},
    LabelName{"Кому", HeaderLabel::To},
    LabelName{"收件人", HeaderLabel::To},
    LabelName{"收件者", HeaderLabel::To},
    LabelName{"받는 사람", HeaderLabel::To},
    LabelName{"받는사람", HeaderLabel::To},
    // Cc and Bcc
    LabelName{"Cc", HeaderLabel::Cc},
    LabelName{"Bcc", HeaderLabel::Cc},
    LabelName{"Kopie", HeaderLabel::Cc},
    LabelName{"Copie", HeaderLabel::Cc},
    LabelName{"Copia", HeaderLabel::Cc},
    LabelName{"Cópia", HeaderLabel::Cc},
    LabelName{"Kopia", HeaderLabel::Cc},
    LabelName{"Копия", HeaderLabel::Cc},
    LabelName{"抄送", HeaderLabel::Cc},
    LabelName{"副本", HeaderLabel::Cc},
    LabelName{"참조", HeaderLabel::Cc},
    // Other lines found inside forward header blocks
    LabelName{"Reply-To", HeaderLabel::Other},
    LabelName{"返信先", HeaderLabel::Other},
    LabelName{"Importance", HeaderLabel::Other},
    LabelName{"重要度", HeaderLabel::Other},
    LabelName{"Attachments", HeaderLabel::Other},
    LabelName{"添付ファイル", HeaderLabel::Other},
};

struct SeparatorPhrase {
  std::string_view phrase;
  SeparatorLine kind;
};

// Words between the dashes of a dashed separator line.
constexpr std::array kDashedPhrases{
    SeparatorPhrase{"Forwarded message", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"転送されたメッセージ", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Weitergeleitete Nachricht", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Message transféré", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Mensaje reenviado", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Messaggio inoltrato", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Mensagem encaminhada", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"Doorgestuurd bericht", SeparatorLine::ForwardedMessage},
    SeparatorPhrase{"転送メッセージ", SeparatorLine::ThunderbirdForwarded},
    SeparatorPhrase{"Original Message", SeparatorLine::OriginalMessage},
    SeparatorPhrase{"元のメッセージ", SeparatorLine::OriginalMessage},
    SeparatorPhrase{"Ursprüngliche Nachricht", SeparatorLine::OriginalMessage},
    SeparatorPhrase{"Message d'origine", SeparatorLine::OriginalMessage},
    SeparatorPhrase{"Mensaje original", SeparatorLine::OriginalMessage},
    SeparatorPhrase{"メッセージを転送", SeparatorLine::JapaneseWebForward},
};

// Whole-line separators (a trailing colon is optional).
constexpr std::array kIntroPhrases{
    SeparatorPhrase{"Begin forwarded message", SeparatorLine::BeginForwarded},
    SeparatorPhrase{"転送されたメッセージ", SeparatorLine::BeginForwarded},
};

constexpr std::size_t kMaxLabelBytes = 48;
constexpr std::size_t kMinUnderscores = 20;

// For each (lower-cased) first byte, a bit per label length (mod 64): most words that end
// in a colon are rejected here without walking kLabels.
constexpr std::array<std::uint64_t, 256> kLabelShapes = [] {
  std::array<std::uint64_t, 256> shapes{};
  for (const LabelName& l : kLabels) {
    shapes[static_cast<unsigned char>(ascii_lower(l.name.front()))] |= std::uint64_t{1}
                                                                       << (l.name.size() % 64);
  }
  return shapes;
}();

bool may_be_label(std::string_view name) {
  return (kLabelShapes[static_cast<unsigned char>(ascii_lower(name.front()))] >>
          (name.size() % 64)) &
         1;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Removes up to two '*' (a bold mark) from the front or back.
std::string_view strip_leading_stars(std::string_view s) {
  for (int i = 0; i < 2 && !s.empty() && s.front() == '*'; ++i) s.remove_prefix(1);
  return s;
}
std::string_view strip_trailing_stars(std::string_view s) {
  for (int i = 0; i < 2 && !s.empty() && s.back() == '*'; ++i) s.remove_suffix(1);
  return s;
}

// "*Name* <addr>" -> "Name <addr>", "**x**" -> "x": removes a leading bold mark and
// the first matching closing mark.
std::string strip_bold(std::string_view v) {
  std::size_t stars = 0;
  while (stars < 2 && stars < v.size() && v[stars] == '*') ++stars;
  if (stars == 0) return std::string(v);
  const std::string_view mark = v.substr(0, stars);
  const std::size_t close = v.find(mark, stars);
  std::string out;
  if (close == std::string_view::npos) {
    out = std::string(trim(strip_trailing_stars(v.substr(stars))));
  } else {
    out.reserve(v.size());
    out.append(v.substr(stars, close - stars));
    out.append(v.substr(close + stars));
  }
  const std::string_view t = trim(out);
  return std::string(t);
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

bool parse_label_line(std::string_view content, LabelLine& out) {
  std::string_view s = strip_leading_stars(trim(content));
  const std::size_t colon = s.substr(0, kMaxLabelBytes + 6).find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view name = trim(strip_trailing_stars(trim(s.substr(0, colon))));
  if (name.empty() || name.size() > kMaxLabelBytes || !may_be_label(name)) return false;
  const LabelName* found = nullptr;
  for (const LabelName& l : kLabels) {
    if (ascii_iequals(l.name, name)) {
      found = &l;
      break;
    }
  }
  if (found == nullptr) return false;
  std::string_view rest = strip_leading_stars(s.substr(colon + 1));
  bool tab = false;
  while (!rest.empty() && is_space(rest.front())) {
    tab = tab || rest.front() == '\t';
    rest.remove_prefix(1);
  }
  out.label = found->label;
  out.ascii_label = is_ascii(name);
  out.tab_after_colon = tab;
  out.value = strip_bold(trim(rest));
  return true;
}

SeparatorLine classify_separator(std::string_view content) {
  std::string_view s = trim(content);
  if (s.empty()) return SeparatorLine::None;
  const char first = s.front();
  if (first != '-' && first != '_' && first != '*' && first != 'B' && first != 'b' &&
      static_cast<unsigned char>(first) < 0x80) {
    return SeparatorLine::None;
  }
  if (first == '_') {
    if (s.size() < kMinUnderscores) return SeparatorLine::None;
    for (char c : s) {
      if (c != '_') return SeparatorLine::None;
    }
    return SeparatorLine::Underscores;
  }
  if (first == '-') {
    std::size_t lead = 0;
    while (lead < s.size() && s[lead] == '-') ++lead;
    std::size_t trail = 0;
    while (trail < s.size() - lead && s[s.size() - 1 - trail] == '-') ++trail;
    if (lead < 2 || trail < 2) return SeparatorLine::None;
    const std::string_view phrase = trim(s.substr(lead, s.size() - lead - trail));
    for (const SeparatorPhrase& p : kDashedPhrases) {
      if (!ascii_iequals(p.phrase, phrase)) continue;
      if (p.kind == SeparatorLine::ForwardedMessage && phrase == "Forwarded Message") {
        return SeparatorLine::ThunderbirdForwarded;
      }
      return p.kind;
    }
    return SeparatorLine::None;
  }
  s = trim(strip_trailing_stars(strip_leading_stars(s)));
  if (!s.empty() && s.back() == ':') s = trim(s.substr(0, s.size() - 1));
  for (const SeparatorPhrase& p : kIntroPhrases) {
    if (ascii_iequals(p.phrase, s)) return p.kind;
  }
  return SeparatorLine::None;
}

}  // namespace sa
