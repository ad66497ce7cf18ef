// forward_clients_test.cc - find_inline_originals with the compiled-in layout table on the IPA
// notice forwarded or replied to by each client family in each UI language it ships: the
// separator, label and attribution words as the clients write them (Thunderbird's l10n
// files, the crisp-oss/email-forward-parser fixtures), one case per client x language.
// Each case must give exactly one original with the IPA sender, the notice's subject (its
// own, or the outer message's for a reply), the date and the notice body without labels.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/forward_inline.h"
#include "core/forward_layouts_loader.h"
#include "core/text_normalize.h"

namespace {

using sa::InlineOriginal;

const std::string kNotice = R"(株式会社サンプル
〇〇〇〇様

SECURITY ACTION 自己宣言の手続きが完了しました。
利用者番号、自己宣言IDは下記のとおりです。

利用者番号:99999999999
自己宣言ID:49999999999
※自己宣言IDは担当者変更などを行う際に必要となります。

独立行政法人情報処理推進機構 (IPA)
セキュリティセンター
SECURITY ACTION事務局
Eメール: security-action-info@ipa.go.jp
)";

const std::string kSubject = "【SECURITY ACTION】一つ星:自己宣言完了のお知らせ";
const std::string kAddr = "security-action-info@ipa.go.jp";
const std::string kName = "SECURITY ACTION事務局";
const std::string kFrom = kName + " <" + kAddr + ">";

// The originals in `text` (and its outer subject), normalised first as the engine does.
std::vector<InlineOriginal> originals(const std::string& text, std::string_view outer = "") {
  return sa::find_inline_originals(sa::normalize_for_matching(text), *sa::builtin_forward_layouts(),
                                   sa::normalize_for_matching(outer));
}

// Every line prefixed with "> " (empty lines with ">").
std::string quoted(const std::string& text, const std::string& prefix = "> ") {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    out += line.empty() ? prefix.substr(0, prefix.find_last_not_of(' ') + 1) : prefix + line;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

// The one original of `text`: from the IPA, with the notice's subject, `date`, the body.
void expect_notice(const std::string& text, const std::string& date,
                   std::string_view outer_subject = "", const std::string& client = "") {
  INFO("text:\n" << text);
  const auto found = originals(text, outer_subject);
  REQUIRE(found.size() == 1);
  const InlineOriginal& o = found[0];
  INFO("client " << o.client << " from [" << o.from << "] subject [" << o.subject << "] date ["
                 << o.date << "]");
  if (!client.empty()) CHECK(o.client == client);
  CHECK(o.from.find(kAddr) != std::string::npos);
  CHECK(o.subject == kSubject);
  CHECK(o.date == date);
  CHECK(o.body.rfind("株式会社サンプル\n", 0) == 0);
  CHECK(o.body.find("自己宣言ID:49999999999\n") != std::string::npos);
  CHECK(o.body.find("Eメール: security-action-info@ipa.go.jp\n") != std::string::npos);
  CHECK(o.body.find('>') == std::string::npos);
}

// The header labels one client writes in one UI language.
struct Labels {
  const char* language;
  const char* from;
  const char* date;
  const char* subject;
  const char* to;
};

}  // namespace

TEST_CASE("Gmail (web, Android, iOS): only From is translated", "[forward][gmail]") {
  const std::vector<std::pair<const char*, const char*>> from_labels = {
      {"en", "From"},     {"ja", "差出人"}, {"zh-CN", "发件人"}, {"zh-TW", "寄件者"},
      {"ko", "보낸사람"}, {"de", "Von"},    {"fr", "De"},        {"es", "De"},
      {"it", "Da"},       {"pt", "De"},     {"pt-BR", "De"},     {"nl", "Van"},
      {"sv", "Från"},     {"da", "Fra"},    {"no", "Fra"},       {"fi", "Lähettäjä"},
      {"pl", "Od"},       {"cs", "Od"},     {"sk", "Od"},        {"hu", "Feladó"},
      {"ro", "De la"},    {"hr", "Šalje"},  {"tr", "Gönderen"},  {"ru", "От"},
      {"uk", "Від"},      {"et", "Saatja"}};
  for (const auto& [language, from] : from_labels) {
    DYNAMIC_SECTION(language) {
      expect_notice("転送します。\n\n---------- Forwarded message ---------\n" + std::string(from) +
                        ": " + kName + " <" + kAddr +
                        ">\nDate: 2023年5月10日(水) 10:15\nSubject: " + kSubject +
                        "\nTo: <yamada@example.co.jp>\n\n\n" + kNotice,
                    "2023年5月10日(水) 10:15", "", "gmail");
    }
  }
}

TEST_CASE("Thunderbird: translated separator and labels, a TAB after each",
          "[forward][thunderbird]") {
  struct Case {
    const char* language;
    const char* separator;
    Labels labels;
  };
  const std::vector<Case> cases = {
      {"en", "Forwarded Message", {"en", "From", "Date", "Subject", "To"}},
      {"ja", "転送メッセージ", {"ja", "差出人", "日付", "件名", "宛先"}},
      {"zh-CN", "转发的消息", {"zh-CN", "发件人", "日期", "主题", "收件人"}},
      {"zh-TW", "轉寄郵件", {"zh-TW", "從", "日期", "主旨", "到"}},
      {"ko", "전달된 메시지", {"ko", "보낸 사람", "날짜", "제목", "받는 사람"}},
      {"de", "Weitergeleitete Nachricht", {"de", "Von", "Datum", "Betreff", "An"}},
      {"fr", "Message transféré", {"fr", "De", "Date", "Sujet", "Pour"}},
      {"es", "Mensaje reenviado", {"es", "De", "Fecha", "Asunto", "Para"}},
      {"it", "Messaggio Inoltrato", {"it", "Mittente", "Data", "Oggetto", "A"}},
      {"pt", "Mensagem reencaminhada", {"pt", "De", "Data", "Assunto", "Para"}},
      {"pt-BR", "Mensagem encaminhada", {"pt-BR", "De", "Data", "Assunto", "Para"}},
      {"nl", "Doorgestuurd bericht", {"nl", "Van", "Datum", "Onderwerp", "Aan"}},
      {"sv", "Vidarebefordrat meddelande", {"sv", "Från", "Datum", "Ämne", "Till"}},
      {"da", "Videresendt meddelelse", {"da", "Fra", "Dato", "Emne", "Til"}},
      {"no", "Videresendt melding", {"no", "Fra", "Dato", "Emne", "Til"}},
      {"fi", "Välitetty viesti / Fwd.Msg", {"fi", "Lähettäjä", "Päiväys", "Aihe", "Vastaanottaja"}},
      {"pl", "Treść przekazanej wiadomości", {"pl", "Nadawca", "Data", "Temat", "Adresat"}},
      {"cs", "Přeposlaná zpráva", {"cs", "Od", "Datum", "Předmět", "Komu"}},
      {"sk", "Preposlaná správa --- Forwarded Message", {"sk", "Od", "Dátum", "Predmet", "Pre"}},
      {"hu", "Továbbított üzenet", {"hu", "Feladó", "Dátum", "Tárgy", "Címzett"}},
      {"ro", "Mesaj redirecționat", {"ro", "de la", "Dată", "Subiect", "Către"}},
      {"hr", "Proslijeđena poruka", {"hr", "Šalje", "Datum", "Naslov", "Prima"}},
      {"tr", "İletilen İleti", {"tr", "Kimden", "Tarih", "Konu", "Kime"}},
      {"ru", "Перенаправленное сообщение", {"ru", "От", "Дата", "Тема", "Кому"}},
      {"uk", "Переслане повідомлення", {"uk", "Від", "Дата", "Тема", "Кому"}},
      {"et", "Edastatud kiri", {"et", "Saatja", "Kuupäev", "Teema", "Saaja"}},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.language) {
      const Labels& l = c.labels;
      const std::string text = "-------- " + std::string(c.separator) + " --------\n" + l.subject +
                               ": \t" + kSubject + "\n" + l.date +
                               ": \tWed, 10 May 2023 10:15:00 +0900\n" + l.from + ": \t" + kFrom +
                               "\n" + l.to + ": \tyamada@example.co.jp\n\n\n\n" + kNotice;
      expect_notice(text, "Wed, 10 May 2023 10:15:00 +0900", "", "thunderbird");
    }
  }
  SECTION("French labels with a space before the colon and Copie à") {
    expect_notice("-------- Message transféré --------\nSujet : \t" + kSubject +
                      "\nDate : \tWed, 10 May 2023 10:15:00 +0900\nDe : \t" + kFrom +
                      "\nPour : \tyamada@example.co.jp\nCopie à : \tsomu@example.co.jp\n\n" +
                      kNotice,
                  "Wed, 10 May 2023 10:15:00 +0900", "", "thunderbird");
  }
  SECTION("German Kopie (CC)") {
    expect_notice("-------- Weitergeleitete Nachricht --------\nBetreff: \t" + kSubject +
                      "\nDatum: \tWed, 10 May 2023 10:15:00 +0900\nVon: \t" + kFrom +
                      "\nAn: \tyamada@example.co.jp\nKopie (CC): \tsomu@example.co.jp\n\n" +
                      kNotice,
                  "Wed, 10 May 2023 10:15:00 +0900", "", "thunderbird");
  }
}

TEST_CASE("Apple Mail (macOS, iOS): the translated 'Begin forwarded message:' line",
          "[forward][apple-mail]") {
  struct Case {
    const char* separator;
    Labels labels;
  };
  const std::vector<Case> cases = {
      {"Begin forwarded message:", {"en", "From", "Date", "Subject", "To"}},
      {"転送されたメッセージ:", {"ja", "差出人", "日付", "件名", "宛先"}},
      {"以下是转发的邮件：", {"zh-CN", "发件人", "日期", "主题", "收件人"}},
      {"開始轉寄的郵件：", {"zh-TW", "寄件者", "日期", "主旨", "收件者"}},
      {"전달된 메일:", {"ko", "보낸 사람", "날짜", "제목", "받는 사람"}},
      {"Anfang der weitergeleiteten Nachricht:", {"de", "Von", "Datum", "Betreff", "An"}},
      {"Début du message réexpédié :", {"fr", "De", "Date", "Objet", "À"}},
      {"Début du message transféré :", {"fr", "De", "Date", "Objet", "À"}},
      {"Inicio del mensaje reenviado:", {"es", "De", "Fecha", "Asunto", "Para"}},
      {"Inizio messaggio inoltrato:", {"it", "Da", "Data", "Oggetto", "A"}},
      {"Início da mensagem reencaminhada:", {"pt", "De", "Data", "Assunto", "Para"}},
      {"Início da mensagem encaminhada:", {"pt-BR", "De", "Data", "Assunto", "Para"}},
      {"Begin doorgestuurd bericht:", {"nl", "Van", "Datum", "Onderwerp", "Aan"}},
      {"Vidarebefordrat mejl:", {"sv", "Från", "Datum", "Ämne", "Till"}},
      {"Start på videresendt besked:", {"da", "Fra", "Dato", "Emne", "Til"}},
      {"Videresendt melding:", {"no", "Fra", "Dato", "Emne", "Til"}},
      {"Välitetty viesti alkaa:", {"fi", "Lähettäjä", "Päivämäärä", "Aihe", "Vastaanottaja"}},
      {"Początek przekazywanej wiadomości:", {"pl", "Od", "Data", "Temat", "Do"}},
      {"Začátek přeposílané zprávy:", {"cs", "Od", "Datum", "Předmět", "Komu"}},
      {"Začiatok preposlanej správy:", {"sk", "Od", "Dátum", "Predmet", "Pre"}},
      {"Továbbított levél kezdete:", {"hu", "Feladó", "Dátum", "Tárgy", "Címzett"}},
      {"Începe mesajul redirecționat:", {"ro", "Expeditorul", "Dată", "Subiectul", "Destinatarul"}},
      {"Započni proslijeđenu poruku:", {"hr", "Šalje", "Datum", "Predmet", "Prima"}},
      {"İleti başlangıcı:", {"tr", "Kimden", "Tarih", "Konu", "Kime"}},
      {"Начало переадресованного сообщения:", {"ru", "Отправитель", "Дата", "Тема", "Кому"}},
      {"Початок листа, що пересилається:", {"uk", "Від кого", "Дата", "Тема", "Кому"}},
  };
  for (const Case& c : cases) {
    const Labels& l = c.labels;
    const std::string block = std::string(c.separator) + "\n\n" + l.from + ": " + kFrom + "\n" +
                              l.subject + ": " + kSubject + "\n" + l.date +
                              ": 2024年3月3日 午後7:38:07 GMT+9\n" + l.to +
                              ": yamada@example.co.jp\n\n" + kNotice;
    DYNAMIC_SECTION(l.language << " " << c.separator) {
      expect_notice("iPhoneから送信\n\n" + block, "2024年3月3日 午後7:38:07 GMT+9", "",
                    "apple-mail");
    }
    DYNAMIC_SECTION(l.language << " quoted, as macOS writes it") {
      expect_notice(quoted(block), "2024年3月3日 午後7:38:07 GMT+9", "", "quoted-apple-mail");
    }
  }
}

TEST_CASE("Outlook (2013-2021, new Outlook, OWA, Outlook.com): translated labels",
          "[forward][outlook]") {
  const std::vector<Labels> cases = {
      {"en", "From", "Sent", "Subject", "To"},
      {"ja", "差出人", "送信日時", "件名", "宛先"},
      {"zh-CN", "发件人", "发送时间", "主题", "收件人"},
      {"zh-TW", "寄件者", "寄件日期", "主旨", "收件者"},
      {"ko", "보낸 사람", "보낸 날짜", "제목", "받는 사람"},
      {"de", "Von", "Gesendet", "Betreff", "An"},
      {"fr", "De", "Envoyé", "Objet", "À"},
      {"es", "De", "Enviado el", "Asunto", "Para"},
      {"it", "Da", "Inviato", "Oggetto", "A"},
      {"pt", "De", "Enviado", "Assunto", "Para"},
      {"pt-BR", "De", "Enviado", "Assunto", "Para"},
      {"nl", "Van", "Verzonden", "Onderwerp", "Aan"},
      {"sv", "Från", "Skickat", "Ämne", "Till"},
      {"da", "Fra", "Sendt", "Emne", "Til"},
      {"no", "Fra", "Sendt", "Emne", "Til"},
      {"fi", "Lähettäjä", "Lähetetty", "Aihe", "Vastaanottaja"},
      {"pl", "Od", "Wysłane", "Temat", "Do"},
      {"cs", "Od", "Odesláno", "Předmět", "Komu"},
      {"sk", "Od", "Odoslané", "Predmet", "Komu"},
      {"hu", "Feladó", "Elküldve", "Tárgy", "Címzett"},
      {"ro", "De la", "Trimis", "Subiect", "Către"},
      {"hr", "Šalje", "Poslano", "Predmet", "Prima"},
      {"tr", "Kimden", "Gönderildi", "Konu", "Kime"},
      {"ru", "От", "Отправлено", "Тема", "Кому"},
      {"uk", "Від", "Надіслано", "Тема", "Кому"},
      {"et", "Saatja", "Saadetud", "Teema", "Adressaat"},
  };
  const std::string date = "2020年5月21日 16:15";
  for (const Labels& l : cases) {
    const std::string block = std::string(l.from) + ": " + kFrom + "\n" + l.date + ": " + date +
                              "\n" + l.to + ": 山田 太郎 <yamada@example.co.jp>\n" + l.subject +
                              ": " + kSubject + "\n";
    DYNAMIC_SECTION(l.language << " after a line of underscores (OWA, Outlook.com)") {
      expect_notice(
          "お世話になっております。\n\n________________________________\n" + block + "\n" + kNotice,
          date, "", "outlook");
    }
    DYNAMIC_SECTION(l.language << " with no separator and no blank line (new Outlook)") {
      expect_notice("お世話になっております。\n\n" + block + kNotice, date, "", "header-block");
    }
    DYNAMIC_SECTION(l.language << " bold labels from an HTML forward") {
      const std::string bold = "**" + std::string(l.from) + ":** " + kFrom + "\n**" + l.date +
                               ":** " + date + "\n**" + l.subject + ":** " + kSubject + "\n";
      expect_notice(bold + "\n" + kNotice, date, "", "header-block");
    }
  }
  SECTION("localized -----Original Message----- lines (Outlook desktop)") {
    for (const char* separator : {"-----Original Message-----",
                                  "-----元のメッセージ-----",
                                  "-----原始邮件-----",
                                  "-----原始郵件-----",
                                  "-----원본 메시지-----",
                                  "-----Ursprüngliche Nachricht-----",
                                  "-----Message d'origine-----",
                                  "-----Mensaje original-----",
                                  "-----Messaggio originale-----",
                                  "-----Mensagem original-----",
                                  "-----Oorspronkelijk bericht-----",
                                  "-----Ursprungligt meddelande-----",
                                  "-----Oprindelig meddelelse-----",
                                  "-----Opprinnelig melding-----",
                                  "-----Alkuperäinen viesti-----",
                                  "-----Oryginalna wiadomość-----",
                                  "-----Původní zpráva-----",
                                  "-----Pôvodná správa-----",
                                  "-----Eredeti üzenet-----",
                                  "-----Mesaj original-----",
                                  "-----Izvorna poruka-----",
                                  "-----Orijinal Mesaj-----",
                                  "-----Исходное сообщение-----",
                                  "-----Вихідне повідомлення-----"}) {
      INFO(separator);
      expect_notice(std::string(separator) + "\nFrom: " + kName + " [mailto:" + kAddr +
                        "]\nSent: Thursday, May 21, 2020 4:15 PM\nTo: yamada@example.co.jp\n" +
                        "Subject: " + kSubject + "\n\n" + kNotice,
                    "Thursday, May 21, 2020 4:15 PM", "", "outlook");
    }
  }
  SECTION("new Outlook, Hungarian: Másolatot kap between To and Subject") {
    expect_notice("Feladó: " + kFrom + "\nDátum: csütörtök, 2021. október 28. 12:46\nCímzett: " +
                      "yamada@example.co.jp\nMásolatot kap: somu@example.co.jp\nTárgy: " +
                      kSubject + "\n" + kNotice,
                  "csütörtök, 2021. október 28. 12:46", "", "header-block");
  }
}

TEST_CASE("Yahoo Mail: the whole header on the separator line", "[forward][yahoo]") {
  struct Case {
    const char* language;
    const char* separator;
    const char* from;
    const char* to;
    const char* sent;
    const char* subject;
    const char* date;  // as written, with a zone glued to the next label
  };
  const std::vector<Case> cases = {
      {"en", "Forwarded Message", "From", "To", "Sent", "Subject",
       "Tuesday, November 2, 2021, 09:26:50 AM GMT+1"},
      {"cs", "Přeposlaná zpráva", "Od", "Komu", "Datum", "Předmět",
       "úterý 2. listopadu 2021 09:26:50 SEČ"},
      {"da", "Videresendt meddelelse", "Fra", "Til", "Sendt", "Emne",
       "tirsdag den 2. november 2021 09.26.50 CET"},
      {"de", "Weitergeleitete Nachricht", "Von", "An", "Gesendet", "Betreff",
       "Dienstag, 2. November 2021, 09:26:50 MEZ"},
      {"es", "Mensaje reenviado", "De", "Para", "Enviado", "Asunto",
       "martes, 2 de noviembre de 2021 09:26:50 CET"},
      {"fi", "Edelleenlähetetty viesti", "Lähettäjä", "Vastaanottaja", "Lähetetty", "Aihe",
       "tiistaina 2. marraskuuta 2021 klo 09.26.50 UTC+1"},
      {"fr", "Message transmis", "De", "À", "Envoyé", "Objet",
       "mardi 2 novembre 2021, 09:26:50 UTC+1"},
      {"hu", "Továbbított üzenet", "Feladó", "Címzett", "Elküldve", "Tárgy",
       "2021. november 2., kedd 09:26:50 CET"},
      {"it", "Messaggio inoltrato", "Da", "A", "Inviato", "Oggetto",
       "martedì 2 novembre 2021, 09:26:50 CET"},
      {"nl", "Doorgestuurd bericht", "Van", "Aan", "Verzonden", "Onderwerp",
       "dinsdag 2 november 2021 09:26:50 CET"},
      {"no", "Videresendt melding", "Fra", "Til", "Sendt", "Emne",
       "tirsdag 2. november 2021, 09:26:50 CET"},
      {"pl", "Przekazana wiadomość", "Od", "Do", "Wysłano", "Temat",
       "wtorek, 2 listopada 2021, 09:26:50 CET"},
      {"pt-BR", "Mensagem encaminhada", "De", "Para", "Enviado", "Assunto",
       "terça-feira, 2 de novembro de 2021 09:26:50 GMT+1"},
      {"ro", "Mesaj redirecționat", "De la", "Către", "Trimis", "Subiect",
       "marți, 2 noiembrie 2021, 09:26:50 CET"},
      {"ru", "Пересылаемое сообщение", "От", "Кому", "Отправлено", "Тема",
       "вторник, 2 ноября 2021 г., 09:26:50 GMT+1"},
      {"sk", "Preposlaná správa", "Od", "Komu", "Odoslané", "Predmet",
       "utorok 2. novembra 2021, 09:26:50 SEČ"},
      {"sv", "Vidarebefordrat meddelande", "Från", "Till", "Skickat", "Ämne",
       "tisdag 2 november 2021 09:26:50 CET"},
      {"tr", "İletilmiş Mesaj", "Kimden", "Kime", "Gönderilen", "Konu",
       "2 Kasım 2021 Salı 09:26:50 GMT+1"},
      {"uk", "Перенаправлене повідомлення", "Від", "Кому", "Відправлено", "Тема",
       "вівторок, 2 листопада 2021 р., 09:26:50 GMT+1"},
      {"ja", "Original Message", "差出人", "宛先", "送信日時", "件名", "2021/11/2 09:26"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.language) {
      const std::string line = "   ----- " + std::string(c.separator) + " ----- " + c.from + ": " +
                               kFrom + c.to + ": \"yamada@example.co.jp\" <yamada@example.co.jp>" +
                               "Cc: 総務 <somu@example.co.jp>; 経理 <keiri@example.co.jp>" +
                               c.sent + ": " + c.date + c.subject + ": " + kSubject + "\n";
      expect_notice(line + kNotice, c.date, "", "yahoo");
    }
  }
  SECTION("French labels with a space before the colon") {
    expect_notice(
        "----- Message transmis ----- De : " + kFrom +
            "À : yamada@example.co.jp Envoyé : mardi 2 novembre 2021, 09:26:50 UTC+1Objet : " +
            kSubject + "\n" + kNotice,
        "mardi 2 novembre 2021, 09:26:50 UTC+1", "", "yahoo");
  }
  SECTION("Portuguese Yahoo writes Assunto without its colon: the outer subject is used") {
    const auto found =
        originals("----- Mensagem reencaminhada ----- De: " + kFrom +
                      "Para: yamada@example.co.jp Enviado: terça-feira, 2 de novembro de "
                      "2021, 09:26:50 CETAssunto " +
                      kSubject + "\n" + kNotice,
                  "Fwd: " + kSubject);
    REQUIRE(found.size() == 1);
    CHECK(found[0].from == kFrom);
    CHECK(found[0].subject == kSubject);
    CHECK_FALSE(found[0].subject_quoted);
  }
}

TEST_CASE("HubSpot, Missive, MailMate, IONOS, Zoho, Becky!, Japanese web mail",
          "[forward][webclients]") {
  SECTION("HubSpot (ja): メッセージを転送, full-width colons already ASCII after NFKC") {
    expect_notice("---------- メッセージを転送 ---------\n送信元:" + kFrom +
                      "\n日付:2022年9月19日月曜日 17:55:44 -0400\n件名:" + kSubject +
                      "\n送信先:yamada@example.co.jp\nCC:somu@example.co.jp\n\n" + kNotice,
                  "2022年9月19日月曜日 17:55:44 -0400", "", "jp-web");
  }
  for (const char* separator :
       {"Weitergeleitete Nachricht", "Mensaje reenviado", "Edelleenlähetetty viesti",
        "Message transféré", "Messaggio inoltrato", "Doorgestuurd bericht",
        "Wiadomość przesłana dalej", "Mensagem encaminhada", "Vidarebefordrat meddelande"}) {
    DYNAMIC_SECTION("HubSpot: ---------- " << separator << " ---------") {
      expect_notice("---------- " + std::string(separator) + " ---------\nFrom: " + kFrom +
                        "\nDate: Monday, September 19, 2022, 5:55:44 PM -0400\nSubject: " +
                        kSubject + "\nTo: yamada@example.co.jp\n\n" + kNotice,
                    "Monday, September 19, 2022, 5:55:44 PM -0400");
    }
  }
  SECTION("Missive: header block, then a '> ' quoted body") {
    expect_notice("---------- Forwarded message ----------\nFrom: " + kName + " <" + kAddr +
                      "<mailto:" + kAddr +
                      ">>\nDate: July 1, 2022 at 5:03 PM\nTo: yamada@example.co.jp\n" +
                      "Subject: " + kSubject + "\n\n" + quoted(kNotice) + "\n山田\n",
                  "July 1, 2022 at 5:03 PM", "", "gmail");
  }
  SECTION("MailMate: Forwarded message: and a quoted block") {
    expect_notice("Forwarded message:\n\n" +
                      quoted("From: " + kFrom + "\nTo: yamada@example.co.jp\nSubject: " + kSubject +
                             "\nDate: Wed, 27 Oct 2021 09:31:00 +0000\n\n" + kNotice),
                  "Wed, 27 Oct 2021 09:31:00 +0000", "", "quoted-mailmate");
  }
  SECTION("IONOS / 1&1: a quoted ---------- Original Message ---------- line") {
    expect_notice(quoted("---------- Original Message ----------\nFrom: " + kFrom +
                         "\nTo: \"yamada@example.co.jp\" <yamada@example.co.jp>\nDate: 02/10/2023 "
                         "4:52 PM EST\nSubject: " +
                         kSubject + "\n \n \n" + kNotice),
                  "02/10/2023 4:52 PM EST", "", "quoted-outlook");
  }
  SECTION("Zoho Mail: '=' rules before and after the header, 'From :' labels") {
    expect_notice("============ Forwarded message ============\nFrom : " + kFrom +
                      "\nTo : yamada@example.co.jp\nDate : Sun, 21 Nov 2021 18:06:25 +0900\n" +
                      "Subject : " + kSubject +
                      "\n============ Forwarded message ============\n\n" + kNotice,
                  "Sun, 21 Nov 2021 18:06:25 +0900", "", "zoho");
  }
  SECTION("Zoho Mail: its reply line between dashes") {
    for (const std::string& body : {quoted(kNotice), "\n" + kNotice}) {
      expect_notice("承知しました。\n\n---- On Sun, 21 Nov 2021 18:06:25 +0900 " + kFrom +
                        " wrote ----\n" + body,
                    "Sun, 21 Nov 2021 18:06:25 +0900", "Re: " + kSubject, "zoho");
    }
  }
  SECTION("Becky!: -------------------- Start of forwarded message --------------------") {
    expect_notice("-------------------- Start of forwarded message --------------------\nFrom: " +
                      kFrom + "\nTo: yamada@example.co.jp\nSubject: " + kSubject +
                      "\nDate: Wed, 10 May 2023 10:15:00 +0900\n\n" + kNotice +
                      "--------------------- Original Message Ends --------------------\n",
                  "Wed, 10 May 2023 10:15:00 +0900", "", "becky");
  }
}

TEST_CASE("Reply attributions: the quoted notice, the subject from the outer Re:",
          "[forward][reply]") {
  struct Case {
    const char* label;  // client and language
    std::string line;   // the attribution as the client writes it
    const char* date;   // what {date} captures ("" for none)
    const char* outer;  // the reply's subject
  };
  const std::string n = kName;
  const std::string a = kAddr;
  const std::vector<Case> cases = {
      // Gmail (web, Android, iOS)
      {"gmail en", "On Wed, May 10, 2023 at 10:15 AM " + n + " <" + a + "> wrote:",
       "Wed, May 10, 2023 at 10:15 AM", "Re: "},
      {"gmail ja", "2026年11月10日(火) 13:00 " + n + " <" + a + ">:", "2026年11月10日(火) 13:00",
       "Re: "},
      {"gmail zh-CN", n + " <" + a + "> 于2023年5月10日周三 10:15写道：", "2023年5月10日周三 10:15",
       "回复："},
      {"gmail zh-TW", n + " <" + a + "> 於 2023年5月10日 週三 上午10:15寫道：",
       "2023年5月10日 週三 上午10:15", "回覆: "},
      {"gmail ko", "2023년 5월 10일 (수) 오전 10:15, " + n + " <" + a + ">님이 작성:",
       "2023년 5월 10일 (수) 오전 10:15", "Re: "},
      {"gmail de", "Am Mi., 10. Mai 2023 um 10:15 Uhr schrieb " + n + " <" + a + ">:",
       "Mi., 10. Mai 2023 um 10:15 Uhr", "AW: "},
      {"gmail fr", "Le mer. 10 mai 2023 à 10:15, " + n + " <" + a + "> a écrit :",
       "mer. 10 mai 2023 à 10:15", "Re: "},
      {"gmail es", "El mié, 10 may 2023 a las 10:15, " + n + " (<" + a + ">) escribió:",
       "mié, 10 may 2023 a las 10:15", "RE: "},
      {"gmail it", "Il giorno mer 10 mag 2023 alle ore 10:15 " + n + " <" + a + "> ha scritto:",
       "mer 10 mag 2023 alle ore 10:15", "R: "},
      {"gmail pt", n + " <" + a + "> escreveu no dia quarta, 10/05/2023 à(s) 10:15:",
       "quarta, 10/05/2023 à(s) 10:15", "Re: "},
      {"gmail pt-BR", "Em qua., 10 de mai. de 2023 às 10:15, " + n + " <" + a + "> escreveu:",
       "qua., 10 de mai. de 2023 às 10:15", "RES: "},
      {"gmail nl", "Op wo 10 mei 2023 om 10:15 schreef " + n + " <" + a + ">:",
       "wo 10 mei 2023 om 10:15", "Antw: "},
      {"gmail sv", "Den ons 10 maj 2023 kl 10:15 skrev " + n + " <" + a + ">:",
       "ons 10 maj 2023 kl 10:15", "SV: "},
      {"gmail da", "Den ons. 10. maj 2023 kl. 10.15 skrev " + n + " <" + a + ">:",
       "ons. 10. maj 2023 kl. 10.15", "SV: "},
      {"gmail no", "ons. 10. mai 2023 kl. 10:15 skrev " + n + " <" + a + ">:",
       "ons. 10. mai 2023 kl. 10:15", "SV: "},
      {"gmail fi",
       "ke 10.5.2023 klo 10.15 " + n + " <" + a + "> kirjoitti:", "ke 10.5.2023 klo 10.15", "VS: "},
      {"gmail pl", "śr., 10 maj 2023 o 10:15 " + n + " <" + a + "> napisał(a):",
       "śr., 10 maj 2023 o 10:15", "Odp: "},
      {"gmail cs", "st 10. 5. 2023 v 10:15 odesílatel " + n + " <" + a + "> napsal:",
       "st 10. 5. 2023 v 10:15", "Re: "},
      {"gmail sk", "st 10. 5. 2023 o 10:15 " + n + " <" + a + "> napísal(a):",
       "st 10. 5. 2023 o 10:15", "Re: "},
      {"gmail hu", n + " <" + a + "> ezt írta (időpont: 2023. máj. 10., Sze, 10:15):",
       "2023. máj. 10., Sze, 10:15", "Vá: "},
      {"gmail hr", "sri, 10. svi 2023. u 10:15 " + n + " <" + a + "> napisao je:",
       "sri, 10. svi 2023. u 10:15", "Odg: "},
      {"gmail tr", n + " <" + a + ">, 10 May 2023 Çar, 10:15 tarihinde şunu yazdı:",
       "10 May 2023 Çar, 10:15", "YNT: "},
      {"gmail ru",
       "ср, 10 мая 2023 г. в 10:15, " + n + " <" + a + ">:", "ср, 10 мая 2023 г. в 10:15", "Re: "},
      {"gmail uk", "ср, 10 трав. 2023 р. о 10:15 " + n + " <" + a + "> пише:",
       "ср, 10 трав. 2023 р. о 10:15", "Re: "},
      {"gmail et", "K, 10. mai 2023 kell 10:15 " + n + " <" + a + "> kirjutas:",
       "K, 10. mai 2023 kell 10:15", "Re: "},
      // Outlook 2016-2021 desktop, "reply style" (the crisp fixtures' attribution lines)
      {"outlook en", "On 28/10/2021 12:46, \"" + n + "\" <" + a + "> wrote:", "28/10/2021 12:46",
       "RE: "},
      {"outlook cs", "Dne 28/10/2021 12:46, " + n + " <" + a + "> napsal(a):", "28/10/2021 12:46",
       "RE: "},
      {"outlook da", "D. 28/10/2021 12.46 skrev \"" + n + "\" <" + a + ">:", "28/10/2021 12.46",
       "SV: "},
      {"outlook de", "Am 28/10/2021, 12:46 schrieb \"" + n + "\" <" + a + ">:", "28/10/2021, 12:46",
       "AW: "},
      {"outlook es", "El 28/10/2021 12:46, \"" + n + "\" <" + a + "> escribió:", "28/10/2021 12:46",
       "RE: "},
      {"outlook fr", "Le 28/10/2021 12:46, « " + n + " » <" + a + "> a écrit :", "28/10/2021 12:46",
       "RE: "},
      {"outlook fi", n + " <" + a + "> kirjoitti 28/10/2021 12.46:", "28/10/2021 12.46", "VS: "},
      {"outlook hu",
       "28/10/2021 12:46 időpontban " + n + " (" + a + ") ezt írta:", "28/10/2021 12:46", "Vá: "},
      {"outlook it", "Il giorno 28/10/2021, 12:46 \"" + n + "\" <" + a + "> ha scritto:",
       "28/10/2021, 12:46", "R: "},
      {"outlook nl",
       "Op 28/10/2021 12:46 heeft " + n + " <" + a + "> geschreven:", "28/10/2021 12:46", "Antw: "},
      {"outlook no", n + " <" + a + "> skrev følgende den 28/10/2021, 12:46:", "28/10/2021, 12:46",
       "SV: "},
      {"outlook pl", "Dnia 28/10/2021, 12:46 użytkownik „" + n + "” <" + a + "> napisał:",
       "28/10/2021, 12:46", "Odp: "},
      {"outlook pt", "Em 28/10/21, 12:46, \"" + n + "\" <" + a + "> escreveu:", "28/10/21, 12:46",
       "RE: "},
      {"outlook ru", "28/10/2021, 12:46 пользователь \"" + n + "\" <" + a + "> написал:",
       "28/10/2021, 12:46", "RE: "},
      {"outlook sk",
       "28/10/2021 12:46 používateľ " + n + " (<" + a + ">) napísal:", "28/10/2021 12:46", "RE: "},
      {"outlook sv", "Den 28/10/2021 12:46 skrev \"" + n + "\" <" + a + "> följande:",
       "28/10/2021 12:46", "SV: "},
      {"outlook tr", "\"" + n + "\" <" + a + ">, 28/10/2021 12:46 tarihinde şunu yazdı:",
       "28/10/2021 12:46", "YNT: "},
      // Thunderbird (mailnews.reply_header_ondateauthorwrote of each locale)
      {"thunderbird en/ja", "On 2023/05/10 10:15, " + n + " <" + a + "> wrote:", "2023/05/10 10:15",
       "Re: "},
      {"thunderbird zh-CN", "在 2023/5/10 10:15, " + n + " <" + a + "> 写道:", "2023/5/10 10:15",
       "回复: "},
      {"thunderbird zh-TW", n + " <" + a + "> 於 2023/5/10 10:15 寫道:", "2023/5/10 10:15", "Re: "},
      {"thunderbird ko", "2023. 5. 10. 오전 10:15에 " + n + " <" + a + "> 이(가) 쓴 글:",
       "2023. 5. 10. 오전 10:15", "Re: "},
      {"thunderbird de", "Am 10.05.23 um 10:15 schrieb " + n + " <" + a + ">:", "10.05.23 um 10:15",
       "AW: "},
      {"thunderbird fr",
       "Le 10/05/2023 à 10:15, " + n + " <" + a + "> a écrit :", "10/05/2023 à 10:15", "Re: "},
      {"thunderbird es",
       "El 10/5/23 a las 10:15, " + n + " <" + a + "> escribió:", "10/5/23 a las 10:15", "Re: "},
      {"thunderbird it", "Il 10/05/23 10:15, " + n + " <" + a + "> ha scritto:", "10/05/23 10:15",
       "R: "},
      {"thunderbird pt",
       "Às 10:15 de 10/05/2023, " + n + " <" + a + "> escreveu:", "10:15 de 10/05/2023", "Re: "},
      {"thunderbird nl",
       "Op 10-05-2023 om 10:15 schreef " + n + " <" + a + ">:", "10-05-2023 om 10:15", "Re: "},
      {"thunderbird sv",
       "Den 2023-05-10 kl. 10:15, skrev " + n + " <" + a + ">:", "2023-05-10 kl. 10:15", "SV: "},
      {"thunderbird da",
       "Den 10.05.2023 kl. 10.15 skrev " + n + " <" + a + ">:", "10.05.2023 kl. 10.15", "SV: "},
      {"thunderbird no", "Den 10.05.2023 10:15, skrev " + n + " <" + a + ">:", "10.05.2023 10:15",
       "SV: "},
      {"thunderbird fi", n + " <" + a + "> kirjoitti 10.5.2023 klo 10.15:", "10.5.2023 klo 10.15",
       "VS: "},
      {"thunderbird pl",
       "W dniu 10.05.2023 o 10:15, " + n + " <" + a + "> pisze:", "10.05.2023 o 10:15", "Odp: "},
      {"thunderbird cs",
       "Dne 10. 05. 23 v 10:15 " + n + " <" + a + "> napsal(a):", "10. 05. 23 v 10:15", "Re: "},
      {"thunderbird sk",
       "Dňa 10. 5. 2023 o 10:15 " + n + " <" + a + "> napísal(a):", "10. 5. 2023 o 10:15", "Re: "},
      {"thunderbird hu", "2023. 05. 10. 10:15 keltezéssel, " + n + " <" + a + "> írta:",
       "2023. 05. 10. 10:15", "Re: "},
      {"thunderbird ro", "La 10.05.2023 10:15, " + n + " <" + a + "> a scris:", "10.05.2023 10:15",
       "Re: "},
      {"thunderbird hr",
       "10. 05. 2023. u 10:15, " + n + " <" + a + "> piše:", "10. 05. 2023. u 10:15", "Odg: "},
      {"thunderbird tr",
       "10.05.2023 10:15 tarihinde " + n + " <" + a + "> yazdı:", "10.05.2023 10:15", "YNT: "},
      {"thunderbird ru", "10.05.2023 10:15, " + n + " <" + a + "> пишет:", "10.05.2023 10:15",
       "Re: "},
      {"thunderbird uk", "10.05.23 10:15, " + n + " <" + a + ">:", "10.05.23 10:15", "Re: "},
      {"thunderbird et", "10.05.2023 10:15 " + n + " <" + a + "> kirjutas:", "10.05.2023 10:15",
       "Re: "},
      // Apple Mail (macOS, iOS)
      {"apple-mail en",
       "On May 10, 2023, at 10:15, " + n + " <" + a + "> wrote:", "May 10, 2023, at 10:15", "Re: "},
      {"apple-mail ja", "2023/05/10 10:15、" + n + " <" + a + ">のメール:", "2023/05/10 10:15",
       "Re: "},
      {"apple-mail de",
       "Am 10.05.2023 um 10:15 schrieb " + n + " <" + a + ">:", "10.05.2023 um 10:15", "AW: "},
      {"apple-mail it", "Il giorno 10 mag 2023, alle ore 10:15, " + n + " <" + a + "> ha scritto:",
       "10 mag 2023, alle ore 10:15", "Re: "},
      {"apple-mail nl",
       "Op 10 mei 2023 om 10:15 heeft " + n + " <" + a + "> het volgende geschreven:",
       "10 mei 2023 om 10:15", "Re: "},
      {"apple-mail sv",
       "10 maj 2023 kl. 10:15 skrev " + n + " <" + a + ">:", "10 maj 2023 kl. 10:15", "SV: "},
      {"apple-mail ru", "10 мая 2023 г., в 10:15, " + n + " <" + a + "> написал(а):",
       "10 мая 2023 г., в 10:15", "Re: "},
      {"apple-mail zh-CN", "2023年5月10日 10:15，" + n + " <" + a + "> 写道：",
       "2023年5月10日 10:15", "回复："},
      {"apple-mail ko",
       "2023. 5. 10. 오전 10:15, " + n + " <" + a + "> 작성:", "2023. 5. 10. 오전 10:15", "Re: "},
      // Japanese clients
      {"jp-mail ja", "2026/11/10 13:00、" + n + " <" + a + "> のメッセージ:", "2026/11/10 13:00",
       "返信: "},
      {"jp-mail ja, no date", n + " <" + a + "> のメッセージ:", "", "Re: "},
      {"edmax / becky ja, one line", n + " <" + a + "> wrote:", "", "Re: "},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.label << " quoted with '> '") {
      expect_notice("承知しました。\n\n" + c.line + "\n" + quoted(kNotice) + "\n", c.date,
                    std::string(c.outer) + kSubject);
    }
    DYNAMIC_SECTION(c.label << " flattened from HTML (no quoting)") {
      expect_notice("承知しました。\n\n" + c.line + "\n\n" + kNotice, c.date,
                    std::string(c.outer) + kSubject);
    }
  }
  SECTION("Gmail wraps a long attribution: 'wrote:' alone on the next line") {
    expect_notice("On Wed, May 10, 2023 at 10:15 AM " + kName + " <" + kAddr + ">\nwrote:\n\n" +
                      quoted(kNotice),
                  "Wed, May 10, 2023 at 10:15 AM", "Re: " + kSubject);
  }
  SECTION("Becky!: the date on one line, the sender on the next") {
    expect_notice("On Wed, 10 May 2023 10:15:00 +0900\n" + kName + " <" + kAddr + "> wrote:\n\n" +
                      quoted(kNotice),
                  "Wed, 10 May 2023 10:15:00 +0900", "Re[2]: " + kSubject);
  }
  SECTION("Missive: the sender wrapped, the address in parentheses") {
    expect_notice(
        "On July 19, 2022 at 3:36 PM, " + kName + "\n(" + kAddr + ") wrote:\n" + quoted(kNotice),
        "July 19, 2022 at 3:36 PM", "Re: " + kSubject);
  }
  SECTION("Outlook 2016-2021 starts its reply line with a byte order mark") {
    expect_notice("\xEF\xBB\xBFOn 28/10/2021 12:46, \"" + kName + "\" <" + kAddr + "> wrote:\n\n" +
                      quoted(kNotice),
                  "28/10/2021 12:46", "RE: " + kSubject);
  }
  SECTION("Outlook reply style: the body indented by four spaces") {
    std::string body;
    for (std::size_t pos = 0; pos < kNotice.size();) {
      const std::size_t nl = kNotice.find('\n', pos);
      const std::string line = kNotice.substr(pos, nl - pos);
      body += line.empty() ? "\n" : "    " + line + "\n";
      pos = nl + 1;
    }
    const auto found =
        originals("On 28/10/2021 12:46, \"" + kName + "\" <" + kAddr + "> wrote:\n\n" + body,
                  "RE: " + kSubject);
    REQUIRE(found.size() == 1);
    CHECK(found[0].subject == kSubject);
    CHECK(found[0].body.find("自己宣言ID:49999999999") != std::string::npos);
  }
  SECTION("the outer subject's prefixes all go, a quote's own subject is kept") {
    const auto found = originals("On 2023/05/10 10:15, " + kFrom + " wrote:\n" + quoted(kNotice),
                                 "Re: Fwd: AW[2]: 返信: " + kSubject);
    REQUIRE(found.size() == 1);
    CHECK(found[0].subject == kSubject);
    CHECK_FALSE(found[0].subject_quoted);
  }
}

TEST_CASE("Reply look-alikes are not originals", "[forward][reply]") {
  SECTION("an attribution with nothing after it") {
    CHECK(originals("On Wed, May 10, 2023 at 10:15 AM " + kFrom + " wrote:\n").empty());
  }
  SECTION("prose ending in a colon") {
    CHECK(originals("以下のとおりです:\n\n" + kNotice).empty());
    CHECK(originals("As my colleague wrote:\n\n" + kNotice).empty());
  }
  SECTION("a reply quoting a forward gives the forward, not an empty reply") {
    const std::string forward = "---------- Forwarded message ---------\nFrom: " + kFrom +
                                "\nDate: 2023年5月10日(水) 10:15\nSubject: " + kSubject + "\n\n" +
                                kNotice;
    const auto found = originals(
        "On Thu, May 11, 2023 at 9:00 AM 山田 <yamada@example.co.jp> wrote:\n" + quoted(forward),
        "Re: Fwd: " + kSubject);
    REQUIRE(found.size() == 1);
    CHECK(found[0].client == "quoted-gmail");
    CHECK(found[0].subject_quoted);
  }
}
