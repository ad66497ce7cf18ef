#!/usr/bin/env python3
"""make_forwards.py - writes the inline-forward corpus: NNN-client-lang-format-charset.eml and
expected.tsv in this directory, read by tests/core/forward_corpus_test.cc.

Every message is synthetic: an applicant company (…@….example.co.jp) sends the grant office
(hojo@grant-office.example.jp) one of the two IPA SECURITY ACTION notices (wording from the seed
document) pasted INLINE the way one mail client in one UI language writes a forward or a reply:
separator line, header labels, date format, quoting, reply attribution, outer subject prefix.
Layouts were learned from public sources (see README.md in this directory); the messages, names,
companies and IDs are invented here.

expected.tsv columns (tab separated, UTF-8, one header line):
  file client lang verdict notice star declaration_id company original_from original_subject
  original_date style format charset
  - verdict: `consistent` for every genuine-looking notice (inline text is never verified),
    `none` for the negative fixtures (a question about a notice, prose mentioning an ID);
  - notice/star/declaration_id/company: what the pasted notice says ("" when it says nothing);
    company exactly as the notice writes it (㈱ stays ㈱; the test compares after NFKC);
  - original_from: the address only, lower case; original_subject: the notice's subject as
    written (for replies and reply-style forwards that paste no subject, the subject the outer
    Re:/FW: subject carries, without the prefix); original_date: the date as written in the
    pasted header or in the reply attribution, "" when the layout has none;
  - style: forward | reply | question | prose; format: plain | html; charset: the body's
    charset and transfer encoding (utf8-8bit, utf8-qp, utf8-b64, iso2022jp, iso2022jp-ext, sjis,
    cp932, eucjp).
The values are decided here, by construction; they are NOT produced by running the engine.

Deterministic: no clock, no randomness (choices are made from the fixture index); running it
twice gives identical bytes. Python 3 standard library only.

Usage: python3 tests/core/forwards/make_forwards.py [OUTPUT_DIR]   (default: this directory)
"""

import base64
import binascii
import datetime
import hashlib
import html
import os
import sys

GRANT_ADDR = "hojo@grant-office.example.jp"
GRANT_NAME = "補助金事務局"
IPA_ADDR = "security-action-info@ipa.go.jp"
IPA_NAME = "SECURITY ACTION事務局"

# ----------------------------------------------------------------------------- the notices
# Wording of both notices follows the seed document (shared/seed/000_199faa7ee789869f.txt).

SIGNATURE = [
    "独立行政法人情報処理推進機構 (IPA)",
    "セキュリティセンター",
    "SECURITY ACTION事務局",
    "Eメール: security-action-info@ipa.go.jp",
]


def declaration_subject(star, colon):
    return "【SECURITY ACTION】%s%s自己宣言完了のお知らせ" % ("一つ星" if star == 1 else "二つ星", colon)


ACCEPTED_SUBJECT = "【SECURITY ACTION】申込受理のご連絡"


def declaration_lines(company, person, user, decl, colon):
    return [
        company,
        "%s様" % person,
        "",
        "SECURITY ACTION 自己宣言の手続きが完了しました。",
        "利用者番号、自己宣言IDは下記のとおりです。",
        "",
        "利用者番号%s%s" % (colon, user),
        "※利用者番号はロゴマークダウンロードや登録情報変更の際に必要なログイン時に利用する情報です。",
        "紛失・漏洩などには十分にご注意いただき、大切に保管してください。",
        "",
        "自己宣言ID%s%s" % (colon, decl),
        "※自己宣言IDは担当者変更などを行う際に必要となります。",
        "",
        "ロゴマークをご使用いただけるようになるまで1～2週間かかります。",
        "ご使用いただけるようになりましたら改めてメールにてお知らせします。",
        "ご不明な点がございましたら、下記までメールにてご連絡ください。",
        "",
        "※このメールにお心当たりがない場合は、お手数ですが下記までメールにてご連絡いただけますようお願いいたします。",
        "※本メールの送信元は送信専用メールアドレスとなります、そのままご返信いただいても回答はできませんので、ご了承ください。",
        "",
    ] + SIGNATURE


def accepted_lines(company, person):
    return [
        company,
        "%s様" % person,
        "",
        "手続きが完了いたしました。",
        "ロゴマークのダウンロード手順をお知らせしますので、ご確認ください。",
        "",
        "【ロゴマークダウンロード手順】",
        "",
        "- SECURITY ACTION 自己宣言者サイトのTOPページからログインする。",
        "SECURITY ACTION 自己宣言者サイトTOPページ",
        "<https://security-shien.ipa.go.jp/security/index.html>",
        "- 左のメニューより[ロゴマークダウンロード]を選択し、ダウンロード画面を開く。",
        "- 赤枠の注意事項を確認後、[SECURITY ACTIONロゴマーク使用手順]と[SECURITY ACTIONロゴマーク使用ガイドライン]をクリックして内容を確認すると、[ダウンロード]ボタンが表示される。",
        "",
        "【SECURITY ACTIONの正しい表記と注意点】",
        "SECURITY ACTIONは、中小企業等の皆さま自らが情報セキュリティ対策に取り組むことを自己宣言される制度です。",
        "各企業等の情報セキュリティ対策状況をIPAが認定する、あるいは認証等を付与する制度ではありません。",
        "SECURITY ACTIONの取り組みにつき、ウェブサイト等において以下に示す<適切な例>を参考として記述ください。",
        "<不適切な例>のような記述をされますと第三者の誤解を招く可能性が懸念されますので、ご留意ください。",
        "",
        "<適切な例>",
        "「一つ星(二つ星)を宣言しました」",
        "<不適切な例>",
        "「一つ星(二つ星)の認定を受けました」",
        "「一つ星(二つ星)を取得しました」",
        "",
        "引き続きSECURITY ACTIONの取り組みをよろしくお願いたします。",
        "ご不明な点がございましたら、下記までメールにてご連絡ください。",
        "",
    ] + SIGNATURE


# ----------------------------------------------------------------------------- applicants

# (company as the notice writes it, person, applicant address). Forms: 株式会社…, …株式会社,
# 合同会社…, ㈱… / …㈱ (NEC row 13: not in JIS X 0208, so never in EUC-JP / strict Shift_JIS),
# full-width Latin letters, an ampersand (HTML entity), half-width kana (ESC ( I in ISO-2022-JP).
COMPANIES = [
    ("株式会社見本製作所", "山田 太郎", "soumu@mihon-seisakusho.example.co.jp"),
    ("見本物産株式会社", "佐藤 花子", "keiri@mihon-bussan.example.co.jp"),
    ("合同会社サンプルラボ", "鈴木 一郎", "info@sample-lab.example.co.jp"),
    ("㈱ダミー電機", "田中 美咲", "soumu@dummy-denki.example.co.jp"),
    ("テスト工業㈱", "高橋 健", "jimu@test-kogyo.example.co.jp"),
    ("株式会社ＡＢＣ商会", "伊藤 由美", "admin@abc-shokai.example.co.jp"),
    ("サンプル&パートナーズ株式会社", "渡辺 誠", "soumu@sample-partners.example.co.jp"),
    ("例示食品株式会社", "中村 愛", "somu@reiji-foods.example.co.jp"),
    ("合同会社みほんデザイン", "小林 翔", "hello@mihon-design.example.co.jp"),
    ("株式会社架空システムズ", "加藤 恵", "kanri@kaku-systems.example.co.jp"),
    ("㈱テスト建設", "吉田 大輔", "soumu@test-kensetsu.example.co.jp"),
    ("みほん運輸株式会社", "山本 由紀", "unyu@mihon-unyu.example.co.jp"),
    ("合同会社ダミーフーズ", "松本 直樹", "office@dummy-foods.example.co.jp"),
    ("株式会社サンプル医療器", "井上 春香", "soumu@sample-iryo.example.co.jp"),
    ("見本精機株式会社", "木村 拓也", "keiri@mihon-seiki.example.co.jp"),
    ("株式会社例示不動産", "林 真理子", "jimu@reiji-fudosan.example.co.jp"),
]
HALFWIDTH_COMPANY = ("ｻﾝﾌﾟﾙ商事株式会社", "斎藤 光", "soumu@sample-shoji.example.co.jp")

NON_JIS = "㈱①②③"  # characters only CP932 / CP50220 / UTF-8 can carry here


# ----------------------------------------------------------------------------- dates
# Original notices were "sent" at these times (JST). Only these months and weekdays occur,
# so the localized tables below list March, June, October, November and Monday-Thursday.

DATES = [
    datetime.datetime(2024, 3, 4, 10, 12, 33),
    datetime.datetime(2024, 6, 12, 14, 5, 9),
    datetime.datetime(2025, 10, 29, 9, 31, 48),
    datetime.datetime(2025, 11, 4, 16, 47, 2),
    datetime.datetime(2026, 3, 11, 11, 20, 15),
    datetime.datetime(2026, 6, 25, 8, 58, 40),
]
FORWARD_LAG = datetime.timedelta(days=2, hours=3, minutes=17)

MONTHS = {3: 0, 6: 1, 10: 2, 11: 3}

# lang: (nominative, genitive/partitive, abbreviation) for March, June, October, November
MONTH = {
    "en": (["March", "June", "October", "November"], None, ["Mar", "Jun", "Oct", "Nov"]),
    "de": (["März", "Juni", "Oktober", "November"], None, ["März", "Juni", "Okt.", "Nov."]),
    "fr": (["mars", "juin", "octobre", "novembre"], None, ["mars", "juin", "oct.", "nov."]),
    "es": (["marzo", "junio", "octubre", "noviembre"], None, ["mar", "jun", "oct", "nov"]),
    "it": (["marzo", "giugno", "ottobre", "novembre"], None, ["mar", "giu", "ott", "nov"]),
    "pt": (["março", "junho", "outubro", "novembro"], None, ["mar.", "jun.", "out.", "nov."]),
    "nl": (["maart", "juni", "oktober", "november"], None, ["mrt", "jun", "okt.", "nov."]),
    "sv": (["mars", "juni", "oktober", "november"], None, ["mars", "juni", "okt.", "nov."]),
    "da": (["marts", "juni", "oktober", "november"], None, ["mar.", "jun.", "okt.", "nov."]),
    "no": (["mars", "juni", "oktober", "november"], None, ["mar.", "jun.", "okt.", "nov."]),
    "fi": (["maaliskuu", "kesäkuu", "lokakuu", "marraskuu"],
           ["maaliskuuta", "kesäkuuta", "lokakuuta", "marraskuuta"],
           ["maalisk.", "kesäk.", "lokak.", "marrask."]),
    "pl": (["marzec", "czerwiec", "październik", "listopad"],
           ["marca", "czerwca", "października", "listopada"], ["mar", "cze", "paź", "lis"]),
    "cs": (["březen", "červen", "říjen", "listopad"], ["března", "června", "října", "listopadu"],
           ["bře", "čvn", "říj", "lis"]),
    "sk": (["marec", "jún", "október", "november"], ["marca", "júna", "októbra", "novembra"],
           ["mar", "jún", "okt", "nov"]),
    "hu": (["március", "június", "október", "november"], None, ["márc.", "jún.", "okt.", "nov."]),
    "ro": (["martie", "iunie", "octombrie", "noiembrie"], None, ["mar.", "iun.", "oct.", "nov."]),
    "hr": (["ožujak", "lipanj", "listopad", "studeni"],
           ["ožujka", "lipnja", "listopada", "studenoga"], ["ožu", "lip", "lis", "stu"]),
    "tr": (["Mart", "Haziran", "Ekim", "Kasım"], None, ["Mar", "Haz", "Eki", "Kas"]),
    "ru": (["март", "июнь", "октябрь", "ноябрь"], ["марта", "июня", "октября", "ноября"],
           ["мар.", "июн.", "окт.", "нояб."]),
    "uk": (["березень", "червень", "жовтень", "листопад"],
           ["березня", "червня", "жовтня", "листопада"], ["бер.", "черв.", "жовт.", "лист."]),
    "et": (["märts", "juuni", "oktoober", "november"], None, ["märts", "juuni", "okt", "nov"]),
}
MONTH["pt-BR"] = MONTH["pt"]

# lang: (full, abbreviation) for Monday..Thursday
WEEKDAY = {
    "en": (["Monday", "Tuesday", "Wednesday", "Thursday"], ["Mon", "Tue", "Wed", "Thu"]),
    "de": (["Montag", "Dienstag", "Mittwoch", "Donnerstag"], ["Mo.", "Di.", "Mi.", "Do."]),
    "fr": (["lundi", "mardi", "mercredi", "jeudi"], ["lun.", "mar.", "mer.", "jeu."]),
    "es": (["lunes", "martes", "miércoles", "jueves"], ["lun", "mar", "mié", "jue"]),
    "it": (["lunedì", "martedì", "mercoledì", "giovedì"], ["lun", "mar", "mer", "gio"]),
    "pt": (["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira"],
           ["segunda", "terça", "quarta", "quinta"]),
    "pt-BR": (["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira"],
              ["seg.", "ter.", "qua.", "qui."]),
    "nl": (["maandag", "dinsdag", "woensdag", "donderdag"], ["ma", "di", "wo", "do"]),
    "sv": (["måndag", "tisdag", "onsdag", "torsdag"], ["mån", "tis", "ons", "tors"]),
    "da": (["mandag", "tirsdag", "onsdag", "torsdag"], ["man.", "tirs.", "ons.", "tors."]),
    "no": (["mandag", "tirsdag", "onsdag", "torsdag"], ["man.", "tir.", "ons.", "tor."]),
    "fi": (["maanantai", "tiistai", "keskiviikko", "torstai"], ["ma", "ti", "ke", "to"]),
    "pl": (["poniedziałek", "wtorek", "środa", "czwartek"], ["pon.", "wt.", "śr.", "czw."]),
    "cs": (["pondělí", "úterý", "středa", "čtvrtek"], ["po", "út", "st", "čt"]),
    "sk": (["pondelok", "utorok", "streda", "štvrtok"], ["po", "ut", "st", "št"]),
    "hu": (["hétfő", "kedd", "szerda", "csütörtök"], ["H", "K", "Sze", "Cs"]),
    "ro": (["luni", "marți", "miercuri", "joi"], ["lun.", "mar.", "mie.", "joi"]),
    "hr": (["ponedjeljak", "utorak", "srijeda", "četvrtak"], ["pon", "uto", "sri", "čet"]),
    "tr": (["Pazartesi", "Salı", "Çarşamba", "Perşembe"], ["Pzt", "Sal", "Çar", "Per"]),
    "ru": (["понедельник", "вторник", "среда", "четверг"], ["пн", "вт", "ср", "чт"]),
    "uk": (["понеділок", "вівторок", "середа", "четвер"], ["пн", "вт", "ср", "чт"]),
    "et": (["esmaspäev", "teisipäev", "kolmapäev", "neljapäev"], ["E", "T", "K", "N"]),
}
FI_ESSIVE = ["maanantaina", "tiistaina", "keskiviikkona", "torstaina"]
JA_WD = "月火水木"
ZH_WD = "一二三四"
KO_WD = "월화수목"
EN_MON3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_WD3 = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class D:
    """The pieces of one date for the format strings: d m y H M S, h (12 h), ap (AM/PM),
    mn/mg/ma (month nominative/genitive/abbreviation), wf/wa (weekday full/abbreviation)."""

    def __init__(self, dt, lang):
        self.d, self.m, self.y = dt.day, dt.month, dt.year
        self.H, self.M, self.S = dt.hour, dt.minute, dt.second
        self.h = dt.hour % 12 or 12
        self.ap = "AM" if dt.hour < 12 else "PM"
        self.wd = dt.weekday()
        base = "pt" if lang == "pt-BR" else lang
        if base in MONTH:
            nom, gen, abbr = MONTH[base]
            i = MONTHS[dt.month]
            self.mn, self.mg, self.ma = nom[i], (gen or nom)[i], abbr[i]
        if lang in WEEKDAY:
            self.wf, self.wa = WEEKDAY[lang][0][self.wd], WEEKDAY[lang][1][self.wd]
        self.ja = JA_WD[self.wd]
        self.zh = ZH_WD[self.wd]
        self.ko = KO_WD[self.wd]
        self.zh_ap = "上午" if dt.hour < 12 else "下午"
        self.ko_ap = "오전" if dt.hour < 12 else "오후"
        self.fi_ess = FI_ESSIVE[self.wd]


def rfc2822(dt, pad=False):
    day = ("%02d" if pad else "%d") % dt.day
    return "%s, %s %s %d %02d:%02d:%02d +0900" % (EN_WD3[dt.weekday()], day, EN_MON3[dt.month - 1],
                                                 dt.year, dt.hour, dt.minute, dt.second)


def fmt_date(table, lang, dt):
    return table[lang](D(dt, lang))


# Gmail (web and apps): the header's Date line, learned from crisp-oss/email-forward-parser
# fixtures gmail_*_body.txt; ja/zh/ko as Gmail writes them in those UIs.
GMAIL_DATE = {
    "en": lambda x: "%s, %s %d, %d at %d:%02d %s" % (x.wa, x.ma, x.d, x.y, x.h, x.M, x.ap),
    "cs": lambda x: "%s %d. %d. %d v %d:%02d" % (x.wa, x.d, x.m, x.y, x.H, x.M),
    "da": lambda x: "%s %d. %s %d kl. %02d.%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "de": lambda x: "%s, %d. %s %d um %02d:%02d Uhr" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "es": lambda x: "%s, %d %s %d a las %d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "et": lambda x: "%s, %d. %s %d kell %02d:%02d" % (x.wa, x.d, x.mn, x.y, x.H, x.M),
    "fi": lambda x: "%s %d. %s %d klo %d.%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "fr": lambda x: "%s %d %s %d à %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "hr": lambda x: "%s, %d. %s %d. u %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "hu": lambda x: "%d. %s %d., %s, %d:%02d" % (x.y, x.ma, x.d, x.wa, x.H, x.M),
    "it": lambda x: "%s %d %s %d alle ore %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "nl": lambda x: "%s %d %s %d om %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "no": lambda x: "%s %d. %s %d kl. %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "pl": lambda x: "%s %d %s %d o %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "pt": lambda x: "%s, %02d/%02d/%d à(s) %02d:%02d" % (x.wa, x.d, x.m, x.y, x.H, x.M),
    "pt-BR": lambda x: "%s, %d de %s de %d às %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "ro": lambda x: "%s %d %s %d la %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "ru": lambda x: "%s, %d %s %d г. в %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "sk": lambda x: "%s %d. %d. %d o %d:%02d" % (x.wa, x.d, x.m, x.y, x.H, x.M),
    "sv": lambda x: "%s %d %s %d kl %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "tr": lambda x: "%d %s %d %s, %02d:%02d" % (x.d, x.ma, x.y, x.wa, x.H, x.M),
    "uk": lambda x: "%s, %d %s %d о %02d:%02d" % (x.wa, x.d, x.ma, x.y, x.H, x.M),
    "ja": lambda x: "%d年%d月%d日(%s) %d:%02d" % (x.y, x.m, x.d, x.ja, x.H, x.M),
    "zh-CN": lambda x: "%d年%d月%d日周%s %02d:%02d" % (x.y, x.m, x.d, x.zh, x.H, x.M),
    "zh-TW": lambda x: "%d年%d月%d日 週%s %s%d:%02d" % (x.y, x.m, x.d, x.zh, x.zh_ap, x.h, x.M),
    "ko": lambda x: "%d년 %d월 %d일 (%s) %s %d:%02d" % (x.y, x.m, x.d, x.ko, x.ko_ap, x.h, x.M),
}

# Apple Mail (macOS, iOS): the Date line, from crisp-oss fixtures apple_mail_*_body.txt.
APPLE_DATE = {
    "en": lambda x: "%d %s %d at %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "cs": lambda x: "%d. %s %d %d:%02d:%02d GMT+9" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "da": lambda x: "%d. %s %d kl. %02d.%02d.%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "de": lambda x: "%d. %s %d um %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "es": lambda x: "%d de %s de %d, %d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "fi": lambda x: "%d. %s %d klo %d.%02d.%02d UTC+9" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "fr": lambda x: "%d %s %d à %02d:%02d:%02d UTC+9" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "hr": lambda x: "%d. %s %d. u %02d:%02d:%02d JST" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "hu": lambda x: "%d. %s %d. %02d:%02d:%02d JST" % (x.y, x.mn, x.d, x.H, x.M, x.S),
    "it": lambda x: "%d %s %d %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "nl": lambda x: "%d %s %d om %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "no": lambda x: "%d. %s %d kl. %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "pl": lambda x: "%d %s %d o %02d:%02d:%02d JST" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "pt": lambda x: "%d de %s de %d, %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "pt-BR": lambda x: "%d de %s de %d, %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "ro": lambda x: "%d %s %d, %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "ru": lambda x: "%d %s %d г. в %02d:%02d:%02d GMT+9" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "sk": lambda x: "%d. %s %d, %02d:%02d:%02d GMT+9" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "sv": lambda x: "%d %s %d %02d:%02d:%02d JST" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "tr": lambda x: "%d %s %d %02d:%02d:%02d GMT+9" % (x.d, x.mn, x.y, x.H, x.M, x.S),
    "uk": lambda x: "%d %s %d р. о %02d:%02d:%02d GMT+9" % (x.d, x.mg, x.y, x.H, x.M, x.S),
    "ja": lambda x: "%d年%d月%d日 %d:%02d:%02d JST" % (x.y, x.m, x.d, x.H, x.M, x.S),
    "zh-CN": lambda x: "%d年%d月%d日 %s%d:%02d:%02d JST" % (x.y, x.m, x.d, x.zh_ap, x.h, x.M, x.S),
    "zh-TW": lambda x: "%d年%d月%d日 %s%d:%02d:%02d [JST]" % (x.y, x.m, x.d, x.zh_ap, x.h, x.M,
                                                            x.S),
    "ko": lambda x: "%d년 %d월 %d일 %s %d:%02d:%02d JST" % (x.y, x.m, x.d, x.ko_ap, x.h, x.M, x.S),
}

# Outlook desktop (classic) "Sent:" line; Outlook on the web uses the same strings.
OUTLOOK_DATE = {
    "en": lambda x: "%s, %s %d, %d %d:%02d %s" % (x.wf, x.mn, x.d, x.y, x.h, x.M, x.ap),
    "ja": lambda x: "%d年%d月%d日 %d:%02d" % (x.y, x.m, x.d, x.H, x.M),
    "zh-CN": lambda x: "%d年%d月%d日 %d:%02d" % (x.y, x.m, x.d, x.H, x.M),
    "zh-TW": lambda x: "%d年%d月%d日 %s %d:%02d" % (x.y, x.m, x.d, x.zh_ap, x.h, x.M),
    "ko": lambda x: "%d년 %d월 %d일 %s요일 %s %d:%02d" % (x.y, x.m, x.d, x.ko, x.ko_ap, x.h, x.M),
    "de": lambda x: "%s, %d. %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "fr": lambda x: "%s %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "es": lambda x: "%s, %d de %s de %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "it": lambda x: "%s %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "nl": lambda x: "%s %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "pt": lambda x: "%s, %d de %s de %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "pt-BR": lambda x: "%s, %d de %s de %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "sv": lambda x: "den %d %s %d %02d:%02d" % (x.d, x.mn, x.y, x.H, x.M),
    "da": lambda x: "%s den %d. %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "no": lambda x: "%s %d. %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "fi": lambda x: "%s %d. %s %d %d.%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "pl": lambda x: "%s, %d %s %d %02d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "cs": lambda x: "%s %d. %s %d %d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "ru": lambda x: "%s, %d %s %d г. %d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "tr": lambda x: "%d %s %d %s %02d:%02d" % (x.d, x.mn, x.y, x.wf, x.H, x.M),
    "hu": lambda x: "%d. %s %d., %s %d:%02d" % (x.y, x.mn, x.d, x.wf, x.H, x.M),
}

# New Outlook (Outlook 2019+ "new" layout, Outlook for Mac): the Date line, from crisp-oss
# fixtures new_outlook_2019_*_body.txt; ja/zh-CN/ko follow the classic Outlook strings.
NEW_OUTLOOK_DATE = {
    "cs": lambda x: "%s, %d. %s %d %d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "da": lambda x: "%s, %d. %s %d kl. %02d.%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "de": lambda x: "%s, %d. %s %d um %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "en": lambda x: "%s, %d %s %d at %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "es": lambda x: "%s, %d de %s de %d, %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "fi": lambda x: "%s, %d. %s %d klo %d.%02d" % (x.fi_ess, x.d, x.mg, x.y, x.H, x.M),
    "fr": lambda x: "%s, %d %s %d à %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "hu": lambda x: "%s, %d. %s %d. %02d:%02d" % (x.wf, x.y, x.mn, x.d, x.H, x.M),
    "it": lambda x: "%s, %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "nl": lambda x: "%s, %d %s %d om %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "no": lambda x: "%s, %d. %s %d kl. %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "pl": lambda x: "%s, %d %s %d o %02d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "pt": lambda x: "%s, %d de %s de %d, %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "pt-BR": lambda x: "%s, %d de %s de %d, %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "ru": lambda x: "%s, %d %s %d г. в %02d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "sk": lambda x: "%s, %d. %s %d, %02d:%02d" % (x.wf, x.d, x.mg, x.y, x.H, x.M),
    "sv": lambda x: "%s, %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "tr": lambda x: "%s, %d %s %d %02d:%02d" % (x.wf, x.d, x.mn, x.y, x.H, x.M),
    "ja": lambda x: "%d年%d月%d日 %s曜日 %d:%02d" % (x.y, x.m, x.d, x.ja, x.H, x.M),
    "zh-CN": lambda x: "%d年%d月%d日 星期%s %d:%02d" % (x.y, x.m, x.d, x.zh, x.H, x.M),
    "ko": lambda x: "%d년 %d월 %d일 %s요일 %s %d:%02d" % (x.y, x.m, x.d, x.ko, x.ko_ap, x.h, x.M),
}

# Yahoo Mail: the Sent line, from crisp-oss fixtures yahoo_*_body.txt (JST as GMT+9).
YAHOO_DATE = {
    "cs": lambda x: "%s %d. %s %d %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mg, x.y, x.H, x.M, x.S),
    "da": lambda x: "%s den %d. %s %d %02d.%02d.%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M,
                                                            x.S),
    "de": lambda x: "%s, %d. %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "en": lambda x: "%s, %s %d, %d, %02d:%02d:%02d %s GMT+9" % (x.wf, x.mn, x.d, x.y, x.h, x.M,
                                                              x.S, x.ap),
    "es": lambda x: "%s, %d de %s de %d %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M,
                                                               x.S),
    "fi": lambda x: "%s %d. %s %d klo %02d.%02d.%02d UTC+9" % (x.fi_ess, x.d, x.mg, x.y, x.H, x.M,
                                                             x.S),
    "fr": lambda x: "%s %d %s %d, %02d:%02d:%02d UTC+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "hu": lambda x: "%d. %s %d., %s %02d:%02d:%02d GMT+9" % (x.y, x.mn, x.d, x.wf, x.H, x.M, x.S),
    "it": lambda x: "%s %d %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "nl": lambda x: "%s %d %s %d %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "no": lambda x: "%s %d. %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "pl": lambda x: "%s, %d %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mg, x.y, x.H, x.M, x.S),
    "pt": lambda x: "%s, %d de %s de %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M,
                                                                x.S),
    "pt-BR": lambda x: "%s, %d de %s de %d %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H,
                                                                  x.M, x.S),
    "ro": lambda x: "%s, %d %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "ru": lambda x: "%s, %d %s %d г., %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mg, x.y, x.H, x.M,
                                                             x.S),
    "sk": lambda x: "%s %d. %s %d, %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mg, x.y, x.H, x.M, x.S),
    "sv": lambda x: "%s %d %s %d %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "tr": lambda x: "%d %s %d %s %02d:%02d:%02d GMT+9" % (x.d, x.mn, x.y, x.wf, x.H, x.M, x.S),
    "uk": lambda x: "%s, %d %s %d р., %02d:%02d:%02d GMT+9" % (x.wf, x.d, x.mg, x.y, x.H, x.M,
                                                             x.S),
}

# HubSpot: the Date line, from crisp-oss fixtures hubspot_*_body.txt.
HUBSPOT_DATE = {
    "de": lambda x: "%s, %d. %s %d, %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "en": lambda x: "%s, %s %d, %d, %d:%02d:%02d %s +0900" % (x.wf, x.mn, x.d, x.y, x.h, x.M, x.S,
                                                            x.ap),
    "es": lambda x: "%s, %d de %s de %d %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M,
                                                               x.S),
    "fi": lambda x: "%s %d. %s %d klo %02d.%02d.%02d +0900" % (x.wf, x.d, x.mg, x.y, x.H, x.M,
                                                             x.S),
    "fr": lambda x: "%s %d %s %d à %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "it": lambda x: "%s %d %s %d, %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "ja": lambda x: "%d年%d月%d日%s曜日 %02d:%02d:%02d +0900" % (x.y, x.m, x.d, x.ja, x.H, x.M,
                                                              x.S),
    "nl": lambda x: "%s %d %s %d %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
    "pl": lambda x: "%s, %d %s %d, %02d:%02d:%02d +0900" % (x.wf, x.d, x.mg, x.y, x.H, x.M, x.S),
    "pt-BR": lambda x: "%s, %d de %s de %d %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H,
                                                                  x.M, x.S),
    "sv": lambda x: "%s %d %s %d %02d:%02d:%02d +0900" % (x.wf, x.d, x.mn, x.y, x.H, x.M, x.S),
}


# ----------------------------------------------------------------------------- layouts
# A Layout says what a client puts between the applicant's own text and the notice. The
# header-label tables name their source in README.md ("crisp" = crisp-oss/email-forward-parser
# test fixtures, "tb-l10n" = thunderbird/thunderbird-l10n mime.properties/composeMsgs.properties).


class Layout:
    def __init__(self):
        self.outer = "Fwd: "      # prefix of the applicant's Subject
        self.pre = []             # lines between the cover note and the separator
        self.sep = None           # separator line
        self.sep_blank = 0        # blank lines after the separator
        self.headers = []         # (kind, label with its colon, value); kind: from/date/...
        self.hstyle = "space"     # space | tab (Thunderbird) | becky | oneline | oneline-spaced
        self.head_blank = 1       # blank lines between the label block and the notice
        self.after_headers = []   # lines right after the label block (Zoho, Becky!)
        self.attribution = []     # reply attribution lines (instead of separator + labels)
        self.quote_sep = ""       # prefix on the separator line(s)
        self.quote_head = ""      # prefix on label / attribution lines
        self.quote_body = ""      # prefix on the notice lines
        self.trailer = []         # lines after the notice
        self.html = None          # HTML renderer name; None: the client is plain text only here
        self.date = ""            # expected original_date (as written)
        self.mailer = None        # (header name, value) the client adds to the message


def label_line(label, value, hstyle):
    if hstyle == "tab":
        return "%s \t%s" % (label, value)
    if hstyle == "becky":
        return " %s%s" % (label.ljust(9), value)
    if label.endswith("："):
        return label + value
    return "%s %s" % (label, value)


def ipa_from(form, name=IPA_NAME, addr=IPA_ADDR):
    return {
        "name-addr": "%s <%s>" % (name, addr),
        "quoted": '"%s" <%s>' % (name, addr),
        "addr": addr,
        "angle": "<%s>" % addr,
        "mailto": "%s [mailto:%s]" % (name, addr),
        "mailto-angle": "%s <%s<mailto:%s>>" % (name, addr, addr),
    }[form]


class Ctx:
    """What a layout needs about one fixture."""

    def __init__(self, index, subject, dt, applicant, person):
        self.i = index
        self.subject = subject
        self.dt = dt
        self.to = applicant
        self.person = person
        self.applicant_from = "%s <%s>" % (person, applicant)
        self.addr = IPA_ADDR
        self.name = IPA_NAME


def std_headers(order, labels, values):
    """labels: kind -> label; values: kind -> value; order: kinds in the client's order."""
    return [(k, labels[k], values[k]) for k in order if k in labels and values.get(k) is not None]


# Apple Mail (macOS and iOS): the separator line and From, Subject, Date, To, Cc labels.
# crisp: every language below except ja (REFERENCE.md §2 and samples/) and zh-CN/zh-TW/ko
# (assumed from the macOS UI strings; not confirmed from a public source).
APPLE = {
    "en": ("Begin forwarded message:", "From:", "Subject:", "Date:", "To:", "Cc:"),
    "cs": ("Začátek přeposílané zprávy:", "Od:", "Předmět:", "Datum:", "Komu:", "Kopie:"),
    "da": ("Start på videresendt besked:", "Fra:", "Emne:", "Dato:", "Til:", "Cc:"),
    "de": ("Anfang der weitergeleiteten Nachricht:", "Von:", "Betreff:", "Datum:", "An:", "Kopie:"),
    "es": ("Inicio del mensaje reenviado:", "De:", "Asunto:", "Fecha:", "Para:", "Cc:"),
    "fi": ("Välitetty viesti alkaa:", "Lähettäjä:", "Aihe:", "Päivämäärä:", "Vastaanottaja:",
           "Kopio:"),
    "fr": ("Début du message réexpédié :", "De:", "Objet:", "Date:", "À:", "Cc:"),
    "hr": ("Započni proslijeđenu poruku:", "Šalje:", "Predmet:", "Datum:", "Prima:", "Cc:"),
    "hu": ("Továbbított levél kezdete:", "Feladó:", "Tárgy:", "Dátum:", "Címzett:", "Másolat:"),
    "it": ("Inizio messaggio inoltrato:", "Da:", "Oggetto:", "Data:", "A:", "Cc:"),
    "nl": ("Begin doorgestuurd bericht:", "Van:", "Onderwerp:", "Datum:", "Aan:", "Kopie:"),
    "no": ("Videresendt melding:", "Fra:", "Emne:", "Dato:", "Til:", "Kopi:"),
    "pl": ("Początek przekazywanej wiadomości:", "Od:", "Temat:", "Data:", "Do:", "Dw:"),
    "pt": ("Início da mensagem reencaminhada:", "De:", "Assunto:", "Data:", "Para:", "Cc:"),
    "pt-BR": ("Início da mensagem encaminhada:", "De:", "Assunto:", "Data:", "Para:", "Cc:"),
    "ro": ("Începe mesajul redirecționat:", "Expeditorul:", "Subiectul:", "Dată:",
           "Destinatarul:", "Cc:"),
    "ru": ("Начало переадресованного сообщения:", "Отправитель:", "Тема:", "Дата:", "Кому:",
           "Копия:"),
    "sk": ("Začiatok preposlanej správy:", "Od:", "Predmet:", "Dátum:", "Pre:", "Cc:"),
    "sv": ("Vidarebefordrat mejl:", "Från:", "Ämne:", "Datum:", "Till:", "Kopia:"),
    "tr": ("İleti başlangıcı:", "Kimden:", "Konu:", "Tarih:", "Kime:", "Bilgi:"),
    "uk": ("Початок листа, що пересилається:", "Від кого:", "Тема:", "Дата:", "Кому:", "Копія:"),
    "ja": ("転送されたメッセージ:", "差出人:", "件名:", "日付:", "宛先:", "Cc:"),
    "zh-CN": ("以下为转发的邮件：", "发件人:", "主题:", "日期:", "收件人:", "抄送:"),
    "zh-TW": ("以下為轉寄的郵件：", "寄件者:", "主旨:", "日期:", "收件者:", "副本:"),
    "ko": ("전달된 메일:", "보낸 사람:", "제목:", "날짜:", "받는 사람:", "참조:"),
}
APPLE_IOS_SEP = {"fr": "Début du message transféré :"}  # crisp (parser table: Apple Mail iOS)
IOS_SENT_FROM = {"ja": "iPhoneから送信", "en": "Sent from my iPhone", "fr": "Envoyé de mon iPhone",
                 "de": "Von meinem iPhone gesendet", "es": "Enviado desde mi iPhone",
                 "it": "Inviato da iPhone", "nl": "Verstuurd vanaf mijn iPhone",
                 "pt-BR": "Enviado do meu iPhone", "zh-CN": "发自我的iPhone",
                 "ko": "iPhone에서 보냄"}


def apple(lang, c, ios=False, quoted_all=False):
    sep, lf, ls, ld, lt, lc = APPLE[lang]
    if ios:
        sep = APPLE_IOS_SEP.get(lang, sep)
    L = Layout()
    L.date = fmt_date(APPLE_DATE, lang, c.dt)
    L.sep = sep
    L.sep_blank = 1
    vals = {"from": ipa_from("name-addr" if c.i % 3 else "quoted"), "subject": c.subject,
            "date": L.date, "to": c.to if c.i % 2 else "%s <%s>" % (c.person, c.to)}
    L.headers = std_headers(["from", "subject", "date", "to"],
                            {"from": lf, "subject": ls, "date": ld, "to": lt}, vals)
    if ios:
        L.pre = [IOS_SENT_FROM.get(lang, "Sent from my iPhone"), ""]
        L.quote_head = L.quote_body = "> "
        L.mailer = ("X-Mailer", "iPhone Mail (21E236)")
        L.html = "apple-ios"
    else:
        if quoted_all:
            L.quote_sep = L.quote_head = L.quote_body = "> "
        L.mailer = ("X-Mailer", "Apple Mail (2.3774.500.171.1.1)")
        L.html = "apple"
    return L


def apple_reply(lang, c, ios=False):
    L = Layout()
    L.outer = "Re: "
    x = D(c.dt, lang)
    if lang == "ja":
        L.date = "%d/%02d/%02d %d:%02d" % (x.y, x.m, x.d, x.H, x.M)
        L.attribution = ["%s、%s <%s>のメール:" % (L.date, c.name, c.addr)]
    else:
        L.date = "%d %s %d, at %02d:%02d" % (x.d, MONTH["en"][2][MONTHS[x.m]], x.y, x.H, x.M)
        L.attribution = ["On %s, %s <%s> wrote:" % (L.date, c.name, c.addr)]
    L.head_blank = 1
    L.quote_head = ""
    L.quote_body = "> "
    if ios:
        L.pre = [IOS_SENT_FROM.get(lang, "Sent from my iPhone"), ""]
        L.mailer = ("X-Mailer", "iPhone Mail (21E236)")
    else:
        L.mailer = ("X-Mailer", "Apple Mail (2.3774.500.171.1.1)")
    L.html = "apple-reply"
    return L


# Gmail: the separator is English in every UI language, only the From label is localized
# (crisp gmail_*_body.txt; REFERENCE.md §2); ja/zh-CN/zh-TW/ko From labels as those UIs write it.
GMAIL_FROM = {
    "en": "From:", "cs": "Od:", "da": "Fra:", "de": "Von:", "es": "De:", "et": "Saatja:",
    "fi": "Lähettäjä:", "fr": "De :", "hr": "Šalje:", "hu": "Feladó:", "it": "Da:", "nl": "Van:",
    "no": "Fra:", "pl": "Od:", "pt": "De:", "pt-BR": "De:", "ro": "De la:", "ru": "От:",
    "sk": "Od:", "sv": "Från:", "tr": "Gönderen:", "uk": "Від:", "ja": "差出人:",
    "zh-CN": "发件人:", "zh-TW": "寄件者:", "ko": "보낸사람:",
}
GMAIL_SEP = "---------- Forwarded message ---------"


def gmail(lang, c, app=None):
    L = Layout()
    L.date = fmt_date(GMAIL_DATE, lang, c.dt)
    L.sep = GMAIL_SEP
    vals = {"from": ipa_from("name-addr"), "date": L.date, "subject": c.subject,
            "to": "<%s>" % c.to}
    L.headers = std_headers(["from", "date", "subject", "to"],
                            {"from": GMAIL_FROM[lang], "date": "Date:", "subject": "Subject:",
                             "to": "To:"}, vals)
    L.html = "gmail"
    return L


# Gmail reply attributions (quoted body follows). en: crisp gmail_en_body_variant_4 (also the
# wrapped form); ja: the example; the others as Gmail writes them in those UIs.
GMAIL_REPLY = {
    "en": lambda d, n, a: "On %s %s <%s> wrote:" % (d, n, a),
    "de": lambda d, n, a: "Am %s schrieb %s <%s>:" % (d, n, a),
    "fr": lambda d, n, a: "Le %s, %s <%s> a écrit :" % (d, n, a),
    "es": lambda d, n, a: "El %s, %s (<%s>) escribió:" % (d, n, a),
    "pt-BR": lambda d, n, a: "Em %s, %s <%s> escreveu:" % (d, n, a),
    "it": lambda d, n, a: "Il giorno %s %s <%s> ha scritto:" % (d, n, a),
    "nl": lambda d, n, a: "Op %s schreef %s <%s>:" % (d, n, a),
    "sv": lambda d, n, a: "Den %s skrev %s <%s>:" % (d, n, a),
    "pl": lambda d, n, a: "%s %s <%s> napisał(a):" % (d, n, a),
    "ru": lambda d, n, a: "%s, %s <%s>:" % (d, n, a),
    "ja": lambda d, n, a: "%s %s <%s>:" % (d, n, a),
    "zh-CN": lambda d, n, a: "%s <%s> 于%s写道：" % (n, a, d),
    "zh-TW": lambda d, n, a: "%s <%s> 於 %s 寫道：" % (n, a, d),
    "ko": lambda d, n, a: "%s, %s <%s>님이 작성:" % (d, n, a),
}


def gmail_reply(lang, c, wrap=False):
    L = Layout()
    L.outer = "Re: "
    L.date = fmt_date(GMAIL_DATE, lang, c.dt)
    line = GMAIL_REPLY[lang](L.date, c.name, c.addr)
    if wrap and line.endswith(" wrote:"):
        L.attribution = [line[:-len(" wrote:")], "wrote:"]
    else:
        L.attribution = [line]
    L.quote_body = "> "
    L.html = "gmail-reply"
    return L


# Outlook desktop (2013-2021, classic): separator (plain-text compose), From/Sent/To/Cc/Subject.
# en: crisp outlook_2013_en_body.txt and REFERENCE.md §2; ja: REFERENCE.md §2; de/fr/es/it/nl/
# sv/da/pl/cs/ko/zh-CN label words: alfonsrv/mail-parser-reply constants.py; the rest and the
# separators other than en/de/da/ja: as Outlook writes them (not confirmed from a public source).
OUTLOOK = {
    "en": ("-----Original Message-----", "From:", "Sent:", "To:", "Cc:", "Subject:", "FW: "),
    "ja": ("-----元のメッセージ-----", "差出人:", "送信日時:", "宛先:", "CC:", "件名:", "FW: "),
    "zh-CN": ("-----邮件原件-----", "发件人:", "发送时间:", "收件人:", "抄送:", "主题:", "转发: "),
    "zh-TW": ("-----原始郵件-----", "寄件者:", "寄件日期:", "收件者:", "副本:", "主旨:", "轉寄: "),
    "ko": ("-----원본 메시지-----", "보낸 사람:", "보낸 날짜:", "받는 사람:", "참조:", "제목:", "전달: "),
    "de": ("-----Ursprüngliche Nachricht-----", "Von:", "Gesendet:", "An:", "Cc:", "Betreff:",
           "WG: "),
    "fr": ("-----Message d'origine-----", "De :", "Envoyé :", "À :", "Cc :", "Objet :", "TR: "),
    "es": ("-----Mensaje original-----", "De:", "Enviado el:", "Para:", "CC:", "Asunto:", "RV: "),
    "it": ("-----Messaggio originale-----", "Da:", "Inviato:", "A:", "Cc:", "Oggetto:", "I: "),
    "nl": ("-----Oorspronkelijk bericht-----", "Van:", "Verzonden:", "Aan:", "CC:", "Onderwerp:",
           "FW: "),
    "pt-BR": ("-----Mensagem original-----", "De:", "Enviada em:", "Para:", "Cc:", "Assunto:",
              "ENC: "),
    "pt": ("-----Mensagem original-----", "De:", "Enviado:", "Para:", "Cc:", "Assunto:", "FW: "),
    "sv": ("-----Ursprungligt meddelande-----", "Från:", "Skickat:", "Till:", "Kopia:", "Ämne:",
           "VB: "),
    "da": ("-----Oprindelig meddelelse-----", "Fra:", "Sendt:", "Til:", "Cc:", "Emne:", "VS: "),
    "no": ("-----Opprinnelig melding-----", "Fra:", "Sendt:", "Til:", "Kopi:", "Emne:", "VS: "),
    "fi": ("-----Alkuperäinen viesti-----", "Lähettäjä:", "Lähetetty:", "Vastaanottaja:",
           "Kopio:", "Aihe:", "VL: "),
    "pl": ("-----Wiadomość oryginalna-----", "Od:", "Wysłano:", "Do:", "DW:", "Temat:", "PD: "),
    "cs": ("-----Původní zpráva-----", "Od:", "Odesláno:", "Komu:", "Kopie:", "Předmět:", "FW: "),
    "ru": ("-----Исходное сообщение-----", "От:", "Отправлено:", "Кому:", "Копия:", "Тема:",
           "FW: "),
    "tr": ("-----Özgün İleti-----", "Kimden:", "Gönderildi:", "Kime:", "Bilgi:", "Konu:", "İLT: "),
    "hu": ("-----Eredeti üzenet-----", "Feladó:", "Elküldve:", "Címzett:", "Másolatot kap:",
           "Tárgy:", "FW: "),
}
OUTLOOK_REPLY_PREFIX = {"en": "RE: ", "ja": "RE: ", "de": "AW: "}


def outlook_desktop(lang, c, v2013=False, with_sep=True, reply=False):
    sep, lf, ls, lt, lc, lsub, outer = OUTLOOK[lang]
    L = Layout()
    L.outer = OUTLOOK_REPLY_PREFIX.get(lang, "RE: ") if reply else outer
    x = D(c.dt, lang)
    if v2013 and lang == "en":
        L.date = "%02d %s %d %02d:%02d" % (x.d, x.mn, x.y, x.H, x.M)
        frm = ipa_from("mailto")
    else:
        L.date = fmt_date(OUTLOOK_DATE, lang, c.dt)
        frm = ipa_from("name-addr")
    L.sep = sep if with_sep else None
    vals = {"from": frm, "date": L.date, "to": c.to, "subject": c.subject}
    L.headers = std_headers(["from", "date", "to", "subject"],
                            {"from": lf, "date": ls, "to": lt, "subject": lsub}, vals)
    L.mailer = ("X-Mailer", "Microsoft Outlook 16.0")
    L.html = "outlook"
    return L


# Outlook 2019 (Outlook for Mac) "reply style": a localized attribution line (starting with a
# byte order mark) and the notice indented four spaces; no pasted Subject, the outer subject is
# "FW: <notice subject>". crisp outlook_2019_*_body.txt (all 17 languages below).
OUTLOOK_2019 = {
    "cs": ("Dne {date}, {name} <{addr}> napsal(a):", "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "da": ('D. {date} skrev "{name}" <{addr}>:', "{d:02}/{m:02}/{y} {H:02}.{M:02}"),
    "de": ('Am {date} schrieb "{name}" <{addr}>:', "{d:02}/{m:02}/{y}, {H:02}:{M:02}"),
    "en": ('On {date}, "{name}" <{addr}> wrote:', "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "es": ('El {date}, "{name}" <{addr}> escribió:', "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "fi": ("{name} <{addr}> kirjoitti {date}:", "{d:02}/{m:02}/{y} {H:02}.{M:02}"),
    "fr": ("Le {date}, « {name} » <{addr}> a écrit :", "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "hu": ("{date} időpontban {name} ({addr}) ezt írta:", "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "it": ('Il giorno {date} "{name}" <{addr}> ha scritto:', "{d:02}/{m:02}/{y}, {H:02}:{M:02}"),
    "nl": ("Op {date} heeft {name} <{addr}> geschreven:", "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "no": ("{name} <{addr}> skrev følgende den {date}:", "{d:02}/{m:02}/{y}, {H:02}:{M:02}"),
    "pl": ("Dnia {date} użytkownik „{name}” <{addr}> napisał:", "{d:02}/{m:02}/{y}, {H:02}:{M:02}"),
    "pt": ('Em {date}, "{name}" <{addr}> escreveu:', "{d:02}/{m:02}/{yy:02}, {H:02}:{M:02}"),
    "ru": ('{date} пользователь "{name}" <{addr}> написал:', "{d:02}/{m:02}/{y}, {H:02}:{M:02}"),
    "sk": ("{date} používateľ {name} (<{addr}>) napísal:", "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "sv": ('Den {date} skrev "{name}" <{addr}> följande:', "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
    "tr": ('"{name}" <{addr}>, {date} tarihinde şunu yazdı:', "{d:02}/{m:02}/{y} {H:02}:{M:02}"),
}


def outlook_2019_reply_style(lang, c):
    fmt, dfmt = OUTLOOK_2019[lang]
    dt = c.dt
    L = Layout()
    L.outer = "FW: "
    L.date = dfmt.format(d=dt.day, m=dt.month, y=dt.year, yy=dt.year % 100, H=dt.hour,
                         M=dt.minute)
    line = fmt.format(date=L.date, name=c.name, addr=c.addr)
    L.attribution = [("" if lang == "tr" else "\ufeff") + line]
    L.quote_body = "    "
    L.mailer = ("User-Agent", "Microsoft-MacOutlook/16.54.21101001")
    return L


# New Outlook: no separator; From, Date, To, Cc, Subject, and the notice right after the
# Subject line (no blank line). crisp new_outlook_2019_*_body/subject.txt for the 18 languages
# with an outer prefix; ja/zh-CN/ko labels as the classic Outlook strings (not confirmed).
NEW_OUTLOOK = {
    "cs": ("Od:", "Datum:", "Komu:", "Kopie:", "Předmět:", "FW: "),
    "da": ("Fra:", "Dato:", "Til:", "Cc:", "Emne:", "VS: "),
    "de": ("Von:", "Datum:", "An:", "Cc:", "Betreff:", "WG: "),
    "en": ("From:", "Date:", "To:", "Cc:", "Subject:", "FW: "),
    "es": ("De:", "Fecha:", "Para:", "CC:", "Asunto:", "RV: "),
    "fi": ("Lähettäjä:", "Päivämäärä:", "Vastaanottaja:", "Kopio:", "Aihe:", "VL: "),
    "fr": ("De :", "Date :", "À :", "Cc :", "Objet :", "TR: "),
    "hu": ("Feladó:", "Dátum:", "Címzett:", "Másolatot kap:", "Tárgy:", "FW: "),
    "it": ("Da:", "Data:", "A:", "Cc:", "Oggetto:", "I: "),
    "nl": ("Van:", "Datum:", "Aan:", "CC:", "Onderwerp:", "FW: "),
    "no": ("Fra:", "Dato:", "Til:", "Kopi:", "Emne:", "Videresend: "),
    "pl": ("Od:", "Data:", "Do:", "DW:", "Temat:", "PD: "),
    "pt": ("De:", "Data:", "Para:", "CC:", "Assunto:", "FW: "),
    "pt-BR": ("De:", "Data:", "Para:", "Cc:", "Assunto:", "ENC: "),
    "ru": ("От:", "Дата:", "Кому:", "Копия:", "Тема:", "FW: "),
    "sk": ("Od:", "Dátum:", "Komu:", "Kópia:", "Predmet:", "FW: "),
    "sv": ("Från:", "Datum:", "Till:", "Kopia:", "Ämne:", "VB: "),
    "tr": ("Kimden:", "Tarih:", "Kime:", "Bilgi:", "Konu:", "İLT: "),
    "ja": ("差出人:", "日付:", "宛先:", "CC:", "件名:", "転送: "),
    "zh-CN": ("发件人:", "日期:", "收件人:", "抄送:", "主题:", "转发: "),
    "ko": ("보낸 사람:", "날짜:", "받는 사람:", "참조:", "제목:", "전달: "),
}


def new_outlook(lang, c):
    lf, ld, lt, lc, ls, outer = NEW_OUTLOOK[lang]
    L = Layout()
    L.outer = outer
    L.date = fmt_date(NEW_OUTLOOK_DATE, lang, c.dt)
    vals = {"from": ipa_from("name-addr"), "date": L.date, "to": "%s <%s>" % (c.to, c.to),
            "subject": c.subject}
    L.headers = std_headers(["from", "date", "to", "subject"],
                            {"from": lf, "date": ld, "to": lt, "subject": ls}, vals)
    L.head_blank = 0
    L.html = "new-outlook"
    return L


# Outlook on the web / Microsoft 365 and Outlook.com: a line of 32 underscores, then From, Sent,
# To, Cc, Subject. crisp outlook_live_*: English labels with a localized outer prefix in every
# language listed in OWA_PREFIX; ja labels and 32/40 underscores: REFERENCE.md §2; de/fr with
# localized labels use the classic Outlook strings above.
OWA_PREFIX = {"cs": "Fw: ", "da": "VS: ", "de": "WG: ", "en": "Fw: ", "es": "RV: ", "fr": "TR: ",
              "hr": "Fw: ", "hu": "Fw: ", "it": "I: ", "nl": "FW: ", "no": "Vs: ", "pl": "PD: ",
              "pt-BR": "ENC: ", "pt": "FW: ", "ro": "Redir.: ", "sk": "Fw: ", "sv": "VB: ",
              "ja": "FW: "}
OWA_EN_DATE = lambda x: "%s, %s %d, %d %02d:%02d" % (x.wf, x.mn, x.d, x.y, x.H, x.M)


def owa(lang, c, localized=False, underscores=32, bold=False, reply=False):
    L = Layout()
    L.outer = OWA_PREFIX.get(lang, "Fw: ")
    if reply:
        L.outer = "返信: " if lang == "ja" else "RE: "
    L.sep = "_" * underscores
    if lang == "ja" or localized:
        _, lf, ls, lt, lc, lsub, _ = OUTLOOK[lang]
        L.date = fmt_date(OUTLOOK_DATE, lang, c.dt)
    else:
        lf, ls, lt, lc, lsub = "From:", "Sent:", "To:", "Cc:", "Subject:"
        L.date = OWA_EN_DATE(D(c.dt, "en"))
    if bold:
        lf, ls, lt, lsub = ("*%s*" % x for x in (lf, ls, lt, lsub))
    vals = {"from": ipa_from("name-addr"), "date": L.date, "to": "%s <%s>" % (c.to, c.to),
            "subject": c.subject}
    L.headers = std_headers(["from", "date", "to", "subject"],
                            {"from": lf, "date": ls, "to": lt, "subject": lsub}, vals)
    L.html = "owa"
    return L


# Thunderbird: separator mailnews.forward_header_originalmessage (composeMsgs.properties) and
# header labels 1000/1007/1009/1012 (mime.properties) of thunderbird/thunderbird-l10n, each
# label followed by ": " and a TAB (crisp thunderbird_*_body.txt); Date is the original header.
THUNDERBIRD = {
    "en": ("-------- Forwarded Message --------", "Subject", "Date", "From", "To"),
    "ja": ("-------- Forwarded Message --------", "Subject", "Date", "From", "To"),
    "zh-CN": ("-------- 转发的消息 --------", "主题", "日期", "发件人", "收件人"),
    "zh-TW": ("-------- 轉寄郵件 --------", "主旨", "日期", "從", "到"),
    "ko": ("-------- 전달된 메시지 --------", "제목", "날짜", "보낸 사람", "받는 사람"),
    "et": ("-------- Edastatud kiri --------", "Teema", "Kuupäev", "Saatja", "Saaja"),
    "uk": ("-------- Переслане повідомлення --------", "Тема", "Дата", "Від", "Кому"),
    "pl": ("--- Treść przekazanej wiadomości ---", "Temat", "Data", "Nadawca", "Adresat"),
    "ro": ("-------- Mesaj redirecționat --------", "Subiect", "Dată", "de la", "Către"),
    "tr": ("-------- İletilen İleti --------", "Konu", "Tarih", "Kimden", "Kime"),
    "fr": ("-------- Message transféré --------", "Sujet ", "Date ", "De ", "Pour "),
    "it": ("-------- Messaggio Inoltrato --------", "Oggetto", "Data", "Mittente", "A"),
    "de": ("-------- Weitergeleitete Nachricht --------", "Betreff", "Datum", "Von", "An"),
    "cs": ("-------- Přeposlaná zpráva --------", "Předmět", "Datum", "Od", "Komu"),
    "da": ("-------- Videresendt meddelelse --------", "Emne", "Dato", "Fra", "Til"),
    "no": ("-------- Videresendt melding --------", "Emne", "Dato", "Fra", "Til"),
    "sv": ("-------- Vidarebefordrat meddelande --------", "Ämne", "Datum", "Från", "Till"),
    "fi": ("-------- Välitetty viesti / Fwd.Msg --------", "Aihe", "Päiväys", "Lähettäjä",
           "Vastaanottaja"),
    "hu": ("-------- Továbbított üzenet --------", "Tárgy", "Dátum", "Feladó", "Címzett"),
    "hr": ("-------- Proslijeđena poruka --------", "Naslov", "Datum", "Šalje", "Prima"),
    "sk": ("-------- Preposlaná správa --- Forwarded Message --------", "Predmet", "Dátum", "Od",
           "Pre"),
    "ru": ("-------- Перенаправленное сообщение --------", "Тема", "Дата", "От", "Кому"),
    "es": ("-------- Mensaje reenviado --------", "Asunto", "Fecha", "De", "Para"),
    "pt-BR": ("-------- Mensagem encaminhada --------", "Assunto", "Data", "De", "Para"),
    "pt": ("-------- Mensagem reencaminhada --------", "Assunto", "Data", "De", "Para"),
    "nl": ("-------- Doorgestuurd bericht --------", "Onderwerp", "Datum", "Van", "Aan"),
}
# mailnews.reply_header_ondateauthorwrote (tb-l10n): #1 author, #2 date, #3 time.
THUNDERBIRD_REPLY = {
    "en": ("On {date} {time}, {author} wrote:", "{m}/{d}/{yy}"),
    "ja": ("On {date} {time}, {author} wrote:", "{y}/{m:02}/{d:02}"),
    "de": ("Am {date} um {time} schrieb {author}:", "{d:02}.{m:02}.{yy:02}"),
}


def thunderbird(lang, c):
    sep, ls, ld, lf, lt = THUNDERBIRD[lang]
    L = Layout()
    L.sep = sep
    L.date = rfc2822(c.dt)
    vals = {"subject": c.subject, "date": L.date, "from": ipa_from("name-addr"), "to": c.to}
    L.headers = std_headers(["subject", "date", "from", "to"],
                            {"subject": ls + ":", "date": ld + ":", "from": lf + ":",
                             "to": lt + ":"}, vals)
    L.hstyle = "tab"
    L.head_blank = 3
    L.mailer = ("User-Agent", "Mozilla Thunderbird")
    L.html = "thunderbird"
    return L


def thunderbird_reply(lang, c):
    fmt, dfmt = THUNDERBIRD_REPLY[lang]
    dt = c.dt
    L = Layout()
    L.outer = "Re: "
    date = dfmt.format(d=dt.day, m=dt.month, y=dt.year, yy=dt.year % 100)
    time = "%d:%02d" % (dt.hour, dt.minute) if lang != "en" else "%d:%02d %s" % (
        dt.hour % 12 or 12, dt.minute, "AM" if dt.hour < 12 else "PM")
    # The date as written: from {date} to {time} in the attribution ("29.10.25 um 9:31").
    i, j = fmt.find("{date}"), fmt.find("{time}")
    L.date = (fmt[i:j + len("{time}")] if 0 <= i < j else "{date} {time}").format(
        date=date, time=time)
    # #1 is the author's name, or the address when the From has none: IPA's From is written
    # here as a bare address so that the attribution carries it.
    L.attribution = [fmt.format(date=date, time=time, author=c.addr)]
    L.head_blank = 0
    L.quote_body = "> "
    L.mailer = ("User-Agent", "Mozilla Thunderbird")
    return L


# Yahoo Mail: the whole pasted header on ONE line after "----- <separator> -----", labels
# From, To, Cc, Sent, Subject run together (crisp yahoo_*_body.txt for every language below).
YAHOO = {
    "cs": ("Přeposlaná zpráva", "Od:", "Komu:", "Kopie:", "Datum:", "Předmět:"),
    "da": ("Videresendt meddelelse", "Fra:", "Til:", "Cc:", "Sendt:", "Emne:"),
    "de": ("Weitergeleitete Nachricht", "Von:", "An:", "CC:", "Gesendet:", "Betreff:"),
    "en": ("Forwarded Message", "From:", "To:", "Cc:", "Sent:", "Subject:"),
    "es": ("Mensaje reenviado", "De:", "Para:", "CC:", "Enviado:", "Asunto:"),
    "fi": ("Edelleenlähetetty viesti", "Lähettäjä:", "Vastaanottaja:", "Kopio:", "Lähetetty:",
           "Aihe:"),
    "fr": ("Message transmis", "De :", "À :", "Cc :", "Envoyé :", "Objet :"),
    "hu": ("Továbbított üzenet", "Feladó:", "Címzett:", "Másolat:", "Elküldve:", "Tárgy:"),
    "it": ("Messaggio inoltrato", "Da:", "A:", "Cc:", "Inviato:", "Oggetto:"),
    "nl": ("Doorgestuurd bericht", "Van:", "Aan:", "Cc:", "Verzonden:", "Onderwerp:"),
    "no": ("Videresendt melding", "Fra:", "Til:", "Kopi:", "Sendt:", "Emne:"),
    "pl": ("Przekazana wiadomość", "Od:", "Do:", "Dw:", "Wysłano:", "Temat:"),
    "pt": ("Mensagem reencaminhada", "De:", "Para:", "Cc:", "Enviado:", "Assunto:"),
    "pt-BR": ("Mensagem encaminhada", "De:", "Para:", "Cc:", "Enviado:", "Assunto:"),
    "ro": ("Mesaj redirecționat", "De la:", "Către:", "Cc:", "Trimis:", "Subiect:"),
    "ru": ("Пересылаемое сообщение", "От:", "Кому:", "Копия:", "Отправлено:", "Тема:"),
    "sk": ("Preposlaná správa", "Od:", "Komu:", "Kópia:", "Odoslané:", "Predmet:"),
    "sv": ("Vidarebefordrat meddelande", "Från:", "Till:", "Kopia:", "Skickat:", "Ämne:"),
    "tr": ("İletilmiş Mesaj", "Kimden:", "Kime:", "Cc:", "Gönderilen:", "Konu:"),
    "uk": ("Перенаправлене повідомлення", "Від:", "Кому:", "Копія:", "Відправлено:", "Тема:"),
}


def yahoo(lang, c, spaced=False):
    sep, lf, lt, lc, ls, lsub = YAHOO[lang]
    L = Layout()
    L.outer = "Fw: "
    L.sep = "----- %s -----" % sep
    L.date = fmt_date(YAHOO_DATE, lang, c.dt)
    vals = {"from": ipa_from("name-addr"), "to": '"%s" <%s>' % (c.to, c.to), "date": L.date,
            "subject": c.subject}
    L.headers = std_headers(["from", "to", "date", "subject"],
                            {"from": lf, "to": lt, "date": ls, "subject": lsub}, vals)
    L.hstyle = "oneline-spaced" if spaced else "oneline"
    L.head_blank = 0
    L.mailer = ("X-Mailer", "WebService/1.1.22205 YMailNorrin")
    L.html = "yahoo"
    return L


def yahoo_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    L.date = fmt_date(YAHOO_DATE, "en", c.dt)
    L.attribution = ["  On %s, %s <%s> wrote:" % (L.date, c.name, c.addr)]
    L.head_blank = 1
    L.mailer = ("X-Mailer", "WebService/1.1.22205 YMailNorrin")
    return L


# Yahoo! JAPAN メール (not confirmed from a public source): a dashed separator and Japanese
# labels with full-width colons.
def yahoo_japan(lang, c):
    L = Layout()
    L.outer = "Fw: "
    x = D(c.dt, "ja")
    L.date = "%d/%d/%d(%s) %d:%02d" % (x.y, x.m, x.d, x.ja, x.H, x.M)
    L.sep = "----- Forwarded Message -----"
    vals = {"from": ipa_from("quoted"), "to": c.to, "date": L.date, "subject": c.subject}
    L.headers = std_headers(["from", "to", "date", "subject"],
                            {"from": "差出人：", "to": "宛先：", "date": "送信日時：",
                             "subject": "件名："}, vals)
    return L


# HubSpot: "---------- <separator> ---------", From, Date, Subject, To, Cc (crisp hubspot_*).
HUBSPOT = {
    "de": ("Weitergeleitete Nachricht", "Von:", "Datum:", "Betreff:", "An:"),
    "en": ("Forwarded message", "From:", "Date:", "Subject:", "To:"),
    "es": ("Mensaje reenviado", "De:", "Fecha:", "Asunto:", "A:"),
    "fi": ("Edelleenlähetetty viesti", "Lähettäjä:", "Päivämäärä:", "Aihe:", "Vastaanottaja:"),
    "fr": ("Message transféré", "De :", "Date :", "Objet :", "À :"),
    "it": ("Messaggio inoltrato", "Da:", "Data:", "Oggetto:", "A:"),
    "ja": ("メッセージを転送", "送信元：", "日付：", "件名：", "送信先："),
    "nl": ("Doorgestuurd bericht", "Van:", "Datum:", "Onderwerp:", "Aan:"),
    "pl": ("Wiadomość przesłana dalej", "Od:", "Data:", "Temat:", "Do:"),
    "pt-BR": ("Mensagem encaminhada", "De:", "Data:", "Assunto:", "Para:"),
    "sv": ("Vidarebefordrat meddelande", "Från:", "Datum:", "Ämne:", "Till:"),
}


def hubspot(lang, c):
    sep, lf, ld, ls, lt = HUBSPOT[lang]
    L = Layout()
    L.sep = "---------- %s ---------" % sep
    L.date = fmt_date(HUBSPOT_DATE, lang, c.dt)
    vals = {"from": ipa_from("name-addr"), "date": L.date, "subject": c.subject, "to": c.to}
    L.headers = std_headers(["from", "date", "subject", "to"],
                            {"from": lf, "date": ld, "subject": ls, "to": lt}, vals)
    L.html = "generic"
    return L


def hubspot_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    x = D(c.dt, "en")
    L.date = "%s, %s %d, %d at %d:%02d %s" % (x.wa, x.ma, x.d, x.y, x.h, x.M, x.ap)
    L.attribution = ["On %s, %s <%s> wrote:" % (L.date, c.name, c.addr)]
    L.head_blank = 0
    L.quote_body = ">"
    return L


# Missive: a label block, then the notice quoted with "> " (crisp missive_en_body*.txt).
def missive(lang, c, mailto=False):
    L = Layout()
    x = D(c.dt, "en")
    L.sep = "---------- Forwarded message ----------"
    L.date = "%s %d, %d at %d:%02d %s" % (x.mn, x.d, x.y, x.h, x.M, x.ap)
    vals = {"from": ipa_from("mailto-angle" if mailto else "name-addr"), "date": L.date,
            "to": "<%s<mailto:%s>>" % (c.to, c.to) if mailto else c.to, "subject": c.subject}
    L.headers = std_headers(["from", "date", "to", "subject"],
                            {"from": "From:", "date": "Date:", "to": "To:",
                             "subject": "Subject:"}, vals)
    L.quote_body = "> "
    L.html = "missive"
    return L


def missive_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    x = D(c.dt, "en")
    L.date = "%s %d, %d at %d:%02d %s" % (x.mn, x.d, x.y, x.h, x.M, x.ap)
    L.attribution = ["On %s, %s" % (L.date, c.name), "(%s) wrote:" % c.addr]
    L.head_blank = 0
    L.quote_body = "> "
    return L


# MailMate: "Forwarded message:", then the label block and the notice quoted (crisp mailmate_*).
def mailmate(lang, c):
    L = Layout()
    L.sep = "Forwarded message:"
    L.sep_blank = 1
    L.date = rfc2822(c.dt, pad=True)
    vals = {"from": ipa_from("name-addr"), "to": c.to, "subject": c.subject, "date": L.date}
    L.headers = std_headers(["from", "to", "subject", "date"],
                            {"from": "From:", "to": "To:", "subject": "Subject:",
                             "date": "Date:"}, vals)
    L.quote_head = L.quote_body = "> "
    L.mailer = ("X-Mailer", "MailMate (1.14r6015)")
    return L


# IONOS / 1&1 (Open-Xchange): everything quoted, "---------- Original Message ----------" and
# two quoted lines holding a no-break space before the notice (crisp ionos_one_and_one_*);
# de: the German strings of the same webmail (not confirmed from a public source).
def ionos(lang, c):
    L = Layout()
    x = D(c.dt, "en")
    if lang == "de":
        L.outer = "WG: "
        L.sep = "---------- Ursprüngliche Nachricht ----------"
        L.date = "%02d.%02d.%d %02d:%02d" % (x.d, x.m, x.y, x.H, x.M)
        labels = {"from": "Von:", "to": "An:", "date": "Datum:", "subject": "Betreff:"}
    else:
        L.sep = "---------- Original Message ----------"
        L.date = "%02d/%02d/%d %d:%02d %s JST" % (x.m, x.d, x.y, x.h, x.M, x.ap)
        labels = {"from": "From:", "to": "To:", "date": "Date:", "subject": "Subject:"}
    vals = {"from": ipa_from("name-addr"), "to": '"%s" <%s>' % (c.to, c.to), "date": L.date,
            "subject": c.subject}
    L.headers = std_headers(["from", "to", "date", "subject"], labels, vals)
    L.quote_sep = L.quote_head = L.quote_body = "> "
    L.head_blank = 0
    L.after_headers = ["\u00a0", "\u00a0"]
    L.mailer = ("X-Mailer", "Open-Xchange Mailer v7.10.6-Rev52")
    return L


# Zoho Mail: the label block between two "============ Forwarded message ============" lines,
# labels written "From : " (zoho HTML seen in public code; the plain form of the same), the
# English header in every UI language (assumed). Reply: "---- On <date> <from> wrote ----".
def zoho(lang, c):
    L = Layout()
    L.sep = "============ Forwarded message ============"
    L.date = rfc2822(c.dt, pad=True)
    vals = {"from": ipa_from("name-addr"), "to": "<%s>" % c.to, "date": L.date,
            "subject": c.subject}
    L.headers = std_headers(["from", "to", "date", "subject"],
                            {"from": "From :", "to": "To :", "date": "Date :",
                             "subject": "Subject :"}, vals)
    L.after_headers = [L.sep]
    L.mailer = ("User-Agent", "Zoho Mail")
    L.html = "zoho"
    return L


def zoho_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    L.date = rfc2822(c.dt, pad=True)
    L.attribution = ["---- On %s %s <%s> wrote ----" % (L.date, c.name, c.addr)]
    L.quote_body = "> "
    L.mailer = ("User-Agent", "Zoho Mail")
    return L


# Becky! Internet Mail: "Forwarded by", a long dashed "Original Message" line, labels indented
# one space and padded, a "----" line, the notice, "Original Message Ends"; reply: date line,
# "<from> wrote:" and "> " quoting. Default templates as seen in mail (not confirmed from a
# public source).
def becky(lang, c):
    L = Layout()
    L.outer = "Fw: "
    L.pre = ["Forwarded by %s" % c.applicant_from]
    L.sep = "----------------------- Original Message -----------------------"
    L.date = rfc2822(c.dt, pad=True)
    vals = {"from": ipa_from("name-addr"), "to": c.to, "date": L.date, "subject": c.subject}
    L.headers = std_headers(["from", "to", "date", "subject"],
                            {"from": "From:", "to": "To:", "date": "Date:",
                             "subject": "Subject:"}, vals)
    L.hstyle = "becky"
    L.after_headers = ["----"]
    L.trailer = ["", "--------------------- Original Message Ends --------------------"]
    L.mailer = ("X-Mailer", "Becky! ver. 2.81.05 [%s]" % ("ja" if lang == "ja" else "en"))
    return L


def becky_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    L.date = rfc2822(c.dt, pad=True)
    L.attribution = ["On %s" % L.date, "%s <%s> wrote:" % (c.name, c.addr)]
    L.quote_body = "> "
    L.mailer = ("X-Mailer", "Becky! ver. 2.81.05 [%s]" % ("ja" if lang == "ja" else "en"))
    return L


# Shuriken (JustSystems), not confirmed from a public source: a plain line of dashes above and
# below Japanese labels; reply: "<date>、<from> のメッセージ:".
def shuriken(lang, c):
    L = Layout()
    L.outer = "Fw: "
    x = D(c.dt, "ja")
    L.date = "%d/%02d/%02d (%s) %d:%02d" % (x.y, x.m, x.d, x.ja, x.H, x.M)
    L.sep = "-" * 50
    vals = {"from": ipa_from("name-addr"), "to": c.to, "subject": c.subject, "date": L.date}
    L.headers = std_headers(["from", "to", "subject", "date"],
                            {"from": "差出人:", "to": "宛先:", "subject": "件名:",
                             "date": "日時:"}, vals)
    L.after_headers = ["-" * 50]
    L.mailer = ("X-Mailer", "Shuriken 2019")
    return L


def shuriken_reply(lang, c):
    L = Layout()
    L.outer = "Re: "
    x = D(c.dt, "ja")
    L.date = "%d/%02d/%02d %d:%02d:%02d" % (x.y, x.m, x.d, x.H, x.M, x.S)
    L.attribution = ["%s、%s <%s> のメッセージ:" % (L.date, c.name, c.addr)]
    L.head_blank = 0
    L.quote_body = "> "
    L.mailer = ("X-Mailer", "Shuriken 2019")
    return L


# Active! mail (Qualitia webmail), not confirmed from a public source: "-------- Original
# Message --------" and From/To/Date/Subject (ja UI: 差出人/宛先/日付/件名).
def active_mail(lang, c):
    L = Layout()
    L.outer = "Fw: "
    L.sep = "-------- Original Message --------"
    L.date = rfc2822(c.dt)
    vals = {"from": ipa_from("quoted"), "to": c.to, "date": L.date, "subject": c.subject}
    labels = ({"from": "差出人:", "to": "宛先:", "date": "日付:", "subject": "件名:"}
              if lang == "ja" else
              {"from": "From:", "to": "To:", "date": "Date:", "subject": "Subject:"})
    L.headers = std_headers(["from", "to", "date", "subject"], labels, vals)
    L.mailer = ("X-Mailer", "Active! mail")
    return L


# ----------------------------------------------------------------------------- rendering


def quoted(prefix, line):
    if not prefix:
        return line
    if line == "":
        return prefix.rstrip()
    return prefix + line


def render_plain(L, cover, notice):
    out = list(cover) + [""] + list(L.pre)
    if L.hstyle.startswith("oneline"):
        glue = " " if L.hstyle == "oneline-spaced" else ""
        fields = glue.join(label_line(lab, val, "space") for _, lab, val in L.headers)
        out.append("   %s %s" % (L.sep, fields))
        out += [(" " if n == 0 else "") + line for n, line in enumerate(notice)]
        return out + list(L.trailer)
    if L.sep is not None:
        out.append(quoted(L.quote_sep, L.sep))
        out += [quoted(L.quote_sep, "")] * L.sep_blank
    for _, lab, val in L.headers:
        out.append(quoted(L.quote_head, label_line(lab, val, L.hstyle)))
    for line in L.attribution + L.after_headers:
        out.append(quoted(L.quote_head, line))
    blank = L.quote_body if L.quote_head == L.quote_body else L.quote_head
    out += [quoted(blank, "")] * L.head_blank
    out += [quoted(L.quote_body, line) for line in notice]
    return out + list(L.trailer)


def esc(s):
    return html.escape(s, quote=False)


def lines_html(lines):
    return "<br>\n".join(esc(x) for x in lines)


def mailbox_html(value):
    """'Name <a@b>' -> 'Name &lt;<a href="mailto:a@b">a@b</a>&gt;' (as webmail writes it)."""
    lt = value.rfind("<")
    if lt < 0 or not value.endswith(">") or "<mailto:" in value:
        return esc(value)
    addr = value[lt + 1:-1]
    return '%s&lt;<a href="mailto:%s">%s</a>&gt;' % (esc(value[:lt]), addr, addr)


def link_addr(text):
    """Escapes `text`, turning the IPA address in angle brackets into a mailto link."""
    return esc(text).replace("&lt;%s&gt;" % IPA_ADDR,
                             '&lt;<a href="mailto:%s">%s</a>&gt;' % (IPA_ADDR, IPA_ADDR))


def rows_html(L, fmt_row):
    return "\n".join(fmt_row(kind, lab, val) for kind, lab, val in L.headers)


def render_html(L, cover, notice, charset_label):
    cov = "<div>%s</div>\n" % lines_html(cover)
    body = "<div>%s<br>\n</div>\n" % lines_html(notice)
    style = L.html
    if style == "gmail":
        def row(kind, lab, val):
            if kind == "from":
                v = ('<strong class="gmail_sendername" dir="auto">%s</strong> <span dir="auto">'
                     '&lt;<a href="mailto:%s">%s</a>&gt;</span>' % (esc(IPA_NAME), IPA_ADDR,
                                                                   IPA_ADDR))
            else:
                v = mailbox_html(val)
            return "%s %s<br>" % (esc(lab), v)
        inner = ('<div dir="ltr">%s<br><div class="gmail_quote gmail_quote_container">\n'
                 '<div dir="ltr" class="gmail_attr">%s<br>\n%s\n</div><br><br>\n%s</div></div>\n'
                 % (cov, esc(L.sep), rows_html(L, row), body))
    elif style == "gmail-reply":
        inner = ('<div dir="ltr">%s</div><br><div class="gmail_quote gmail_quote_container">\n'
                 '<div dir="ltr" class="gmail_attr">%s<br></div>\n<blockquote class="gmail_quote"'
                 ' style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
                 'padding-left:1ex">\n%s</blockquote></div>\n'
                 % (cov, link_addr(" ".join(L.attribution)), body))
    elif style in ("apple", "apple-ios"):
        def row(kind, lab, val):
            return ('<div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; '
                    'margin-left: 0px;"><span style="font-family: -apple-system, Helvetica Neue;'
                    ' color:rgba(0, 0, 0, 1.0);"><b>%s </b></span><span style="font-family: '
                    '-apple-system, Helvetica Neue;">%s<br></span></div>' % (esc(lab),
                                                                            mailbox_html(val)))
        pre = "<div>%s</div>\n" % lines_html(L.pre[:1]) if L.pre else ""
        inner = ('%s%s<div><br><blockquote type="cite"><div>%s</div><br class="Apple-interchange-'
                 'newline">\n%s\n<br>\n%s</blockquote></div>\n'
                 % (cov, pre, esc(L.sep), rows_html(L, row), body))
    elif style == "apple-reply":
        pre = "<div>%s</div>\n" % lines_html(L.pre[:1]) if L.pre else ""
        inner = ('%s%s<div><br><blockquote type="cite"><div>%s</div><br class="Apple-interchange-'
                 'newline">\n%s</blockquote></div>\n'
                 % (cov, pre, link_addr(L.attribution[0]), body))
    elif style == "outlook":
        def row(kind, lab, val):
            return "<b>%s</b> %s<br>" % (esc(lab), esc(val))
        paras = "\n".join('<p class="MsoNormal">%s</p>' % (esc(x) if x else "&nbsp;")
                          for x in notice)
        inner = ('<div class="WordSection1">\n%s<p class="MsoNormal">&nbsp;</p>\n<div>\n<div '
                 'style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm">\n'
                 '<p class="MsoNormal">%s</p>\n</div>\n</div>\n<p class="MsoNormal">&nbsp;</p>'
                 '\n%s\n</div>\n' % ("\n".join('<p class="MsoNormal">%s</p>' % (esc(x) or "&nbsp;")
                                         for x in cover), rows_html(L, row), paras))
    elif style == "owa":
        def row(kind, lab, val):
            return "<b>%s</b> %s<br>" % (esc(lab.strip("*")), esc(val))
        inner = ('%s<div id="appendonsend"></div>\n<hr style="display:inline-block;width:98%%" '
                 'tabindex="-1">\n<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, '
                 'sans-serif" style="font-size:11pt" color="#000000">\n%s\n</font>\n<div>&nbsp;'
                 '</div>\n</div>\n%s' % (cov, rows_html(L, row), body))
    elif style == "new-outlook":
        def row(kind, lab, val):
            return "<b>%s </b>%s<br>" % (esc(lab), esc(val))
        inner = ('%s<div id="mail-editor-reference-message-container">\n<div class="ms-outlook-'
                 'mobile-reference-message skipProofing">\n%s\n<br>\n</div>\n%s</div>\n'
                 % (cov, rows_html(L, row), body))
    elif style == "thunderbird":
        def row(kind, lab, val):
            return ('<tr>\n<th valign="BASELINE" nowrap="nowrap" align="RIGHT">%s </th>\n'
                    '<td>%s</td>\n</tr>' % (esc(lab), mailbox_html(val)))
        inner = ('%s<br>\n<div class="moz-forward-container"><br>\n<br>\n%s\n<table class="moz-'
                 'email-headers-table" border="0" cellspacing="0" cellpadding="0">\n<tbody>\n%s\n'
                 '</tbody>\n</table>\n<br>\n<br>\n%s</div>\n'
                 % (cov, esc(L.sep), rows_html(L, row), body))
    elif style == "yahoo":
        def row(kind, lab, val):
            return "<div><b>%s</b> %s</div>" % (esc(lab), esc(val))
        inner = ('<div class="ydp1a2b3c4dyahoo-style-wrap">%s<div><br></div>\n<div id="yahoo_'
                 'quoted_1234567890" class="yahoo_quoted">\n<div style="font-family:\'Helvetica '
                 'Neue\', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;">\n<div>%s'
                 '</div>\n%s\n<div><br></div>\n<div><br></div>\n<div id="yiv1234567890">%s</div>\n'
                 '</div>\n</div>\n</div>\n' % (cov, esc(L.sep), rows_html(L, row), body))
    elif style == "zoho":
        def row(kind, lab, val):
            return "%s %s<br>" % (esc(lab), esc(val))
        inner = ('<div style="font-family: Verdana, Arial, Helvetica, sans-serif; font-size: '
                 '10pt;">%s<br><div id="Zm-_Id_-Sgn"></div><br>\n<div class="zmail_extra_hr" '
                 'style="border-top: 1px solid rgb(204, 204, 204); height: 0px;"></div>\n<div>%s'
                 '<br>\n%s\n%s<br><br>\n<blockquote style="border-left: 1px solid rgb(204, 204, '
                 '204); padding-left: 6px; margin: 0px 0px 0px 5px;">\n%s</blockquote></div>\n'
                 '</div>\n' % (cov, esc(L.sep), rows_html(L, row), esc(L.sep), body))
    elif style in ("generic", "missive"):
        def row(kind, lab, val):
            return "%s %s<br>" % (esc(lab), mailbox_html(val))
        note = ("<blockquote>\n%s</blockquote>\n" % body) if style == "missive" else body
        inner = "%s<br>\n<div>%s<br>\n%s\n</div>\n<br>\n%s" % (cov, esc(L.sep), rows_html(L, row),
                                                                note)
    elif style == "prose":
        inner = cov
    else:
        raise ValueError("no HTML renderer " + str(style))
    return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
            '</head>\n<body>\n%s</body>\n</html>\n' % (charset_label, inner))


# ----------------------------------------------------------------------------- charsets

# slug: (MIME charset label, Content-Transfer-Encoding)
CHARSETS = {
    "utf8-8bit": ("UTF-8", "8bit"),
    "utf8-qp": ("UTF-8", "quoted-printable"),
    "utf8-b64": ("UTF-8", "base64"),
    "iso2022jp": ("ISO-2022-JP", "7bit"),       # Python iso2022_jp (JIS X 0208 only)
    "iso2022jp-ext": ("ISO-2022-JP", "7bit"),   # Python iso2022_jp_ext: half-width kana ESC ( I
    "iso2022jp-ms": ("ISO-2022-JP", "7bit"),    # as Windows writes it (CP50220): ①㈱ in ESC $ B
    "sjis": ("Shift_JIS", "8bit"),              # Python shift_jis (JIS X 0208 only)
    "cp932": ("Windows-31J", "8bit"),
    "eucjp": ("EUC-JP", "8bit"),
}
JIS_X_0208_CODECS = {"iso2022jp": "iso2022_jp", "iso2022jp-ext": "iso2022_jp_ext",
                     "sjis": "shift_jis", "eucjp": "euc_jp"}


def sjis_to_jis(b1, b2):
    """A Shift_JIS double-byte pair to the JIS row/cell bytes it stands for."""
    row = (b1 - (0x70 if b1 < 0xA0 else 0xB0)) * 2 - (1 if b2 < 0x9F else 0)
    cell = b2 - (0x1F if b2 < 0x7F else 0x20 if b2 < 0x9F else 0x7E)
    return row, cell


def encode_cp50220(text):
    """ISO-2022-JP with the Microsoft extensions: every character goes through CP932; double-
    byte characters (NEC row 13 included) are written as JIS pairs inside ESC $ B, half-width
    kana inside ESC ( I. Python has no codec for this."""
    out = bytearray()
    mode = b"\x1b(B"
    for ch in text:
        b = ch.encode("cp932")
        if len(b) == 1 and b[0] < 0x80:
            want, payload = b"\x1b(B", b
        elif len(b) == 1:
            want, payload = b"\x1b(I", bytes([b[0] - 0x80])
        else:
            want, payload = b"\x1b$B", bytes(sjis_to_jis(b[0], b[1]))
        if want != mode:
            out += want
            mode = want
        out += payload
    if mode != b"\x1b(B":
        out += b"\x1b(B"
    return bytes(out)


def encode_text(text, slug):
    if slug.startswith("utf8"):
        return text.encode("utf-8")
    if slug == "iso2022jp-ms":
        return encode_cp50220(text)
    if slug == "cp932":
        return text.encode("cp932")
    # JIS X 0208 0x2141 is U+301C WAVE DASH for these codecs; CP932 writes U+FF5E for it.
    return text.replace("\uff5e", "\u301c").encode(JIS_X_0208_CODECS[slug])


def encodable(text, slug):
    try:
        encode_text(text, slug)
        return True
    except UnicodeError:
        return False


def encoded_words(text, slug):
    """RFC 2047 B-encoded words; Japanese legacy mail encodes its headers as ISO-2022-JP."""
    if all(ord(ch) < 0x80 for ch in text):
        return text
    jis = not slug.startswith("utf8") and encodable(text, "iso2022jp")
    label, chunk = ("ISO-2022-JP", 8) if jis else ("UTF-8", 12)
    words = []
    for n in range(0, len(text), chunk):
        part = text[n:n + chunk]
        raw = encode_text(part, "iso2022jp") if jis else part.encode("utf-8")
        words.append("=?%s?B?%s?=" % (label, base64.b64encode(raw).decode("ascii")))
    return "\n ".join(words)


def header_text(text, slug):
    """An unstructured header value: a leading ASCII prefix ("Fwd: ") stays literal."""
    n = 0
    while n < len(text) and ord(text[n]) < 0x80:
        n += 1
    cut = text.rfind(" ", 0, n) + 1 if n < len(text) else n
    return text[:cut] + encoded_words(text[cut:], slug) if cut < len(text) else text


def transfer_encode(raw, cte):
    if cte == "base64":
        s = base64.b64encode(raw).decode("ascii")
        return ("\n".join(s[n:n + 76] for n in range(0, len(s), 76)) + "\n").encode("ascii")
    if cte == "quoted-printable":
        return binascii.b2a_qp(raw) + b"\n"
    return raw


def digest(*parts):
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest(), 16)


# ----------------------------------------------------------------------------- the plan

ALL_LANGS = ["ja", "en", "zh-CN", "zh-TW", "ko", "de", "fr", "es", "it", "pt", "pt-BR", "nl", "sv",
             "da", "no", "fi", "pl", "cs", "sk", "hu", "ro", "hr", "tr", "ru", "uk", "et"]


def plan():
    """(client, lang, style, layout maker) for every positive fixture, in file order."""
    P = []

    def add(client, langs, maker, style="forward"):
        for lang in langs:
            P.append((client, lang, style, maker))

    apple_langs = [x for x in ALL_LANGS if x != "et"]
    add("apple-mail-macos", apple_langs, lambda l, c: apple(l, c, quoted_all=(c.i % 3 == 1)))
    add("apple-mail-ios", ["ja", "en", "fr", "de", "es", "it", "zh-CN", "ko", "pt-BR", "nl"],
        lambda l, c: apple(l, c, ios=True))
    add("apple-mail-macos", ["en", "ja"], apple_reply, "reply")
    add("apple-mail-ios", ["ja"], lambda l, c: apple_reply(l, c, ios=True), "reply")
    add("gmail-web", ALL_LANGS, gmail)
    add("gmail-android", ["ja", "en", "ko", "zh-TW", "de", "es", "pt-BR", "tr"], gmail)
    add("gmail-ios", ["ja", "en", "fr", "it", "ru", "pl", "zh-CN"], gmail)
    add("gmail-web", ["en", "ja", "de", "fr", "es", "zh-CN", "ko", "pt-BR", "it", "nl", "sv",
                      "pl", "ru", "zh-TW"], lambda l, c: gmail_reply(l, c, wrap=(c.i % 2 == 0)),
        "reply")
    add("outlook-desktop", ["en"], lambda l, c: outlook_desktop(l, c, v2013=True, with_sep=False))
    add("outlook-desktop", ["en", "ja", "ja", "zh-CN", "zh-TW", "ko", "de", "fr", "es", "it", "nl",
                            "pt-BR", "pt", "sv", "da", "no", "fi", "pl", "cs", "ru", "tr", "hu"],
        lambda l, c: outlook_desktop(l, c, with_sep=(c.i % 3 != 2)))
    add("outlook-desktop", ["en", "ja", "de"], lambda l, c: outlook_desktop(l, c, reply=True),
        "reply")
    add("outlook-2019-reply-style", sorted(OUTLOOK_2019), outlook_2019_reply_style)
    add("new-outlook", sorted(NEW_OUTLOOK), new_outlook)
    add("owa-365", ["en", "ja"], owa)
    add("owa-365", ["ja"], lambda l, c: owa(l, c, underscores=40))
    add("owa-365", ["de", "fr"], lambda l, c: owa(l, c, localized=True))
    add("owa-365", ["de", "es", "it", "nl", "pt-BR", "sv", "pl", "ro", "hr", "cs", "da", "no", "sk",
                    "hu"], owa)
    add("owa-365", ["ja"], lambda l, c: owa(l, c, reply=True), "reply")
    add("outlook-com", ["en", "ja", "fr", "es", "pt-BR"], owa)
    add("outlook-com", ["en"], lambda l, c: owa(l, c, bold=True))
    add("thunderbird", ALL_LANGS, thunderbird)
    add("thunderbird", ["en", "ja", "de"], thunderbird_reply, "reply")
    add("yahoo-mail", sorted(YAHOO), yahoo)
    add("yahoo-mail", ["en"], lambda l, c: yahoo(l, c, spaced=True))
    add("yahoo-mail", ["en"], yahoo_reply, "reply")
    add("yahoo-japan", ["ja"] * 4, yahoo_japan)
    add("hubspot", sorted(HUBSPOT), hubspot)
    add("hubspot", ["en"], hubspot_reply, "reply")
    add("missive", ["en"], missive)
    add("missive", ["en"], lambda l, c: missive(l, c, mailto=True))
    add("missive", ["en"], missive_reply, "reply")
    add("mailmate", ["en", "en", "ja"], mailmate)
    add("ionos", ["en", "en", "de"], ionos)
    add("zoho", ["en", "ja", "de"], zoho)
    add("zoho", ["en"], zoho_reply, "reply")
    add("becky", ["ja", "ja", "en"], becky)
    add("becky", ["ja", "en"], becky_reply, "reply")
    add("shuriken", ["ja", "ja"], shuriken)
    add("shuriken", ["ja"], shuriken_reply, "reply")
    add("active-mail", ["ja", "ja", "en"], active_mail)
    # Most applicants' PCs run a Japanese UI: a second round of the Japanese layouts, which is
    # also where the Japanese charsets come in.
    add("apple-mail-macos", ["ja"] * 3, lambda l, c: apple(l, c, quoted_all=(c.i % 2 == 0)))
    add("apple-mail-ios", ["ja"] * 2, lambda l, c: apple(l, c, ios=True))
    add("gmail-web", ["ja"] * 3, gmail)
    add("gmail-web", ["ja"], lambda l, c: gmail_reply(l, c), "reply")
    add("outlook-desktop", ["ja"] * 4, lambda l, c: outlook_desktop(l, c, with_sep=(c.i % 2 == 0)))
    add("owa-365", ["ja"] * 2, owa)
    add("new-outlook", ["ja"] * 2, new_outlook)
    add("outlook-com", ["ja"], owa)
    add("thunderbird", ["ja"] * 3, thunderbird)
    add("yahoo-japan", ["ja"] * 2, yahoo_japan)
    add("becky", ["ja"], becky)
    add("shuriken", ["ja"], shuriken)
    add("active-mail", ["ja"], active_mail)
    return P


JAPANESE_CLIENTS = {"becky", "shuriken", "active-mail", "yahoo-japan"}
ROTATIONS = {
    "japanese-client": ["iso2022jp", "cp932", "iso2022jp-ms", "sjis", "utf8-8bit",
                        "iso2022jp-ext"],
    "ja": ["iso2022jp", "utf8-qp", "cp932", "iso2022jp-ms", "sjis", "utf8-8bit", "eucjp",
           "iso2022jp", "utf8-b64", "cp932"],
    "en": ["utf8-8bit", "iso2022jp", "utf8-qp", "sjis", "utf8-b64", "cp932"],
    "other": ["utf8-8bit", "utf8-qp", "utf8-b64"],
}
HTML_CLIENTS_SKIP = {"outlook-2019-reply-style", "becky", "shuriken", "active-mail", "mailmate",
                     "yahoo-japan", "ionos"}


# Web services that always send UTF-8.
UTF8_CLIENTS = {"yahoo-mail", "hubspot", "missive", "mailmate", "ionos", "zoho", "gmail-android",
                "gmail-ios"}


def rotation_key(client, lang):
    if client in JAPANESE_CLIENTS:
        return "japanese-client"
    if client in UTF8_CLIENTS:
        return "other"
    return lang if lang in ("ja", "en") else "other"


def company_for(slug, index):
    if slug == "iso2022jp-ext":
        return HALFWIDTH_COMPANY
    if slug in ("iso2022jp", "sjis", "eucjp"):
        pool = [c for c in COMPANIES if not any(ch in NON_JIS for ch in c[0])]
    elif slug == "iso2022jp-ms":
        pool = [c for c in COMPANIES if "㈱" in c[0]]
    else:
        pool = COMPANIES
    return pool[index % len(pool)]


NOTICE_KINDS = ["decl1", "decl2", "accepted", "decl2", "decl1"]
NOTICE_WORDS = {"decl1": "一つ星の自己宣言完了のお知らせ", "decl2": "二つ星の自己宣言完了のお知らせ",
                "accepted": "申込受理のご連絡"}


def cover_lines(style, lang, company, person, kind, slug, index):
    family = person.split()[0]
    what = NOTICE_WORDS[kind]
    lines = ["ご担当者様", "", "%sの%sです。いつもお世話になっております。" % (company, family)]
    if slug == "iso2022jp-ms" or (index % 7 == 3 and slug in ("cp932", "utf8-8bit")):
        lines.append("①IPAから届いた%sを下記のとおりお送りします。" % what)
    elif style == "reply":
        lines.append("IPAからの%sに返信する形でお送りします。" % what)
    else:
        lines.append("IPAから届いた%sのメールを転送いたします。" % what)
    if lang not in ("ja", "zh-CN", "zh-TW", "ko") and index % 4 == 1:
        lines.append("(Forwarded from our office PC; the notice from IPA is below.)")
    lines += ["ご確認のほど、よろしくお願いいたします。", "", "%s %s" % (company, person)]
    return lines


class Fixture:
    pass


def make_fixture(n, client, lang, style, maker, group_pos, slug):
    """Fixture number `n`, the `group_pos`-th of its client, wanting charset `slug`."""
    f = Fixture()
    f.client, f.lang, f.style = client, lang, style
    kind = NOTICE_KINDS[n % len(NOTICE_KINDS)]
    company, person, applicant = company_for(slug, n * 5 + group_pos)
    dt = DATES[n % len(DATES)]
    colon_subject = "：" if n % 2 else ":"
    colon_body = "：" if (n // 2) % 2 else ":"
    if kind == "accepted":
        subject = ACCEPTED_SUBJECT
        notice = accepted_lines(company, person)
        f.notice, f.star, f.decl = "application-accepted", "", ""
    else:
        star = 1 if kind == "decl1" else 2
        subject = declaration_subject(star, colon_subject)
        decl = "4%010d" % (digest("decl", n) % 10 ** 10)
        user = "%011d" % (digest("user", n) % 10 ** 11)
        notice = declaration_lines(company, person, user, decl, colon_body)
        f.notice, f.star, f.decl = "declaration-complete", str(star), decl
    c = Ctx(n, subject, dt, applicant, person)
    L = maker(lang, c)
    f.fmt = "html" if (L.html and client not in HTML_CLIENTS_SKIP and group_pos % 4 == 2) else \
        "plain"
    cover = cover_lines(style, lang, company, person, kind, slug, n)
    if f.fmt == "html":
        text = render_html(L, cover, notice, CHARSETS[slug][0])
    else:
        text = "\n".join(render_plain(L, cover, notice)) + "\n"
    if not encodable(text, slug):  # e.g. accented letters, a BOM or NBSP: only UTF-8 holds them
        slug = "utf8-8bit" if slug in ("iso2022jp", "sjis", "eucjp", "iso2022jp-ext",
                                       "iso2022jp-ms", "cp932") else slug
    f.slug = slug
    f.company = company
    f.original_from = IPA_ADDR
    f.original_subject = subject
    f.original_date = L.date
    f.verdict = "consistent"
    f.message = assemble(n, client, lang, f.fmt, slug, text, L.outer + subject, person, applicant,
                         dt + FORWARD_LAG, L.mailer, client == "thunderbird")
    return f


# ----------------------------------------------------------------------------- negatives
# Mail that is NOT a notice: an applicant's question about a notice (a 【SECURITY ACTION】
# subject, no notice body; sometimes quoting the office's earlier mail) and plain prose that
# mentions 自己宣言ID. Expected verdict `none`.

OFFICE_QUOTE = ["補助金事務局です。", "申請にはSECURITY ACTIONの自己宣言IDが確認できる書類が必要です。",
                "IPAから届いたメールを転送していただく形でも結構です。"]


def question_lines(variant, company, person, decl):
    family = person.split()[0]
    if variant == "en":
        return ["Dear grant office,", "",
                "We declared SECURITY ACTION (one star) last week and received the IPA mail",
                "titled 自己宣言完了のお知らせ. Which number goes into the application form,",
                "利用者番号 or 自己宣言ID? We have not forwarded the mail itself yet.", "",
                "Best regards,", person, company]
    if variant == "accepted":
        return ["ご担当者様", "", "%sの%sです。" % (company, family),
                "IPAの「申込受理のご連絡」がまだ届いておりません。",
                "このメールが届くまで、補助金の申請は待つべきでしょうか。", "",
                "よろしくお願いいたします。"]
    if variant == "where":
        return ["ご担当者様", "", "%sの%sです。" % (company, family),
                "「自己宣言完了のお知らせ」のメールに自己宣言IDが書かれているとのことですが、",
                "申請書のどの欄に記入すればよいか教えていただけますでしょうか。",
                "メール自体の提出が必要な場合は、転送の方法もご教示ください。", "",
                "よろしくお願いいたします。"]
    return ["ご担当者様", "", "%sの%sです。" % (company, family),
            "SECURITY ACTIONの自己宣言を行い、IPAから「自己宣言完了のお知らせ」を受け取りました。",
            "申請書の自己宣言IDの欄には、このメールに記載の番号（%s）を記入すればよろしいでしょうか。"
            % decl, "", "よろしくお願いいたします。"]


def prose_lines(variant, company, person, decl):
    family = person.split()[0]
    if variant == "report":
        return ["ご担当者様", "", "%sの%sです。" % (company, family),
                "弊社は SECURITY ACTION 二つ星を宣言しました。", "自己宣言IDは %s です。" % decl,
                "必要書類は追って郵送いたします。", "", "よろしくお願いいたします。"]
    if variant == "list":
        return ["ご担当者様", "", "申請書類の不備のご指摘ありがとうございました。", "以下のとおり追記いたします。",
                "", "・事業者名：%s" % company, "・自己宣言ID：%s" % decl, "・担当者：%s" % person, "",
                "以上、よろしくお願いいたします。"]
    return ["ご担当者様", "", "%sの%sです。" % (company, family),
            "IT導入補助金の申請書類を提出いたします。",
            "なお、SECURITY ACTIONの自己宣言IDは%s、利用者番号は別途お知らせします。" % decl, "",
            "よろしくお願いいたします。"]


def negatives(start):
    """(client, lang, style, fmt, wanted charset, subject, body builder, layout) for each."""
    gmail_attr = "2024年3月1日(金) 9:00 %s <%s>:" % (GRANT_NAME, GRANT_ADDR)
    becky_attr = ["On Fri, 01 Mar 2024 09:00:00 +0900", "%s <%s> wrote:" % (GRANT_NAME, GRANT_ADDR)]
    S1 = "Re: 【SECURITY ACTION】一つ星:自己宣言完了のお知らせ について"
    S2 = "【SECURITY ACTION】二つ星：自己宣言完了のお知らせ について（質問）"
    S3 = "Re: 【SECURITY ACTION】申込受理のご連絡 について"
    # A question with the claim bracket but no notice title needs its reply prefix to be a
    # mention: without one it cannot be told from a phishing subject (suspicious).
    S4 = "Re: 【SECURITY ACTION】自己宣言IDの記載箇所について"
    specs = [
        ("gmail-web", "ja", "question", "plain", "utf8-qp", S1, "id", [gmail_attr]),
        ("outlook-desktop", "ja", "question", "plain", "iso2022jp", S2, "where", None),
        ("thunderbird", "ja", "question", "plain", "utf8-8bit", S1, "id", None),
        ("apple-mail-ios", "ja", "question", "plain", "utf8-b64", S3, "accepted", None),
        ("becky", "ja", "question", "plain", "iso2022jp", S1, "where", becky_attr),
        ("yahoo-japan", "ja", "question", "plain", "cp932", S4, "where", None),
        ("outlook-desktop", "en", "question", "plain", "utf8-8bit", S1, "en", None),
        ("gmail-web", "en", "question", "html", "utf8-qp", S1, "en", None),
        ("shuriken", "ja", "question", "plain", "sjis", S2, "id", None),
        ("outlook-desktop", "ja", "prose", "plain", "cp932", "補助金申請書類の提出について", "form",
         None),
        ("gmail-web", "ja", "prose", "html", "utf8-b64", "自己宣言IDのご連絡", "report", None),
        ("active-mail", "ja", "prose", "plain", "sjis", "Re: 申請書類の不備について", "list", None),
        ("gmail-web", "ja", "prose", "plain", "utf8-8bit", "Fwd: 自己宣言IDについて", "colleague",
         None),
        ("thunderbird", "en", "prose", "plain", "utf8-8bit", "SECURITY ACTION 宣言済みのご報告",
         "report", None),
        ("apple-mail-macos", "ja", "prose", "plain", "eucjp", "IT導入補助金 申請の件", "form",
         None),
    ]
    out = []
    for k, (client, lang, style, fmt, slug, subject, variant, quote) in enumerate(specs):
        n = start + k
        company, person, applicant = company_for(slug, n)
        decl = "4%010d" % (digest("prose", n) % 10 ** 10)
        if style == "question":
            lines = question_lines(variant, company, person, decl)
        elif variant == "colleague":
            L = gmail("ja", Ctx(n, "自己宣言IDについて", DATES[n % len(DATES)], applicant, person))
            L.headers[0] = ("from", "差出人:", "経理部 %s <keiri@%s>" % (person.split()[0],
                                                                     applicant.split("@")[1]))
            lines = render_plain(L, ["総務ご担当者様", "", "経理から届いた連絡を転送します。"],
                                 prose_lines("report", company, person, decl))
        else:
            lines = prose_lines(variant, company, person, decl)
        if quote:
            lines = lines + [""] + quote + [quoted("> ", x) for x in OFFICE_QUOTE]
        if fmt == "html":
            L = Layout()
            L.html = "prose"
            text = render_html(L, lines, [], CHARSETS[slug][0])
        else:
            text = "\n".join(lines) + "\n"
        assert encodable(text, slug), (n, slug)
        f = Fixture()
        f.client, f.lang, f.style, f.fmt, f.slug = client, lang, style, fmt, slug
        f.verdict, f.notice, f.star, f.decl, f.company = "none", "", "", "", ""
        f.original_from = f.original_subject = f.original_date = ""
        f.message = assemble(n, client, lang, fmt, slug, text, subject, person, applicant,
                             DATES[n % len(DATES)] + FORWARD_LAG, None, False)
        out.append(f)
    return out


# ----------------------------------------------------------------------------- assembly


def assemble(n, client, lang, fmt, slug, text, subject, person, applicant, date, mailer, flowed):
    label, cte = CHARSETS[slug]
    if slug == "cp932" and client in JAPANESE_CLIENTS:
        label = "Shift_JIS"  # Japanese Windows clients label CP932 bytes Shift_JIS
    domain = applicant.split("@")[1]
    qid = "%010X" % (digest("qid", n) % 16 ** 10)
    when = rfc2822(date, pad=True)
    ctype = 'text/%s; charset="%s"' % ("html" if fmt == "html" else "plain", label)
    if flowed and fmt == "plain":
        ctype += "; format=flowed"
    pairs = [
        ("Received", "from mail.%s (mail.%s [192.0.2.%d])\n\tby mx.grant-office.example.jp "
                     "(Postfix) with ESMTPS id %s\n\tfor <%s>; %s"
         % (domain, domain, n % 250 + 1, qid, GRANT_ADDR, when)),
        ("From", "%s <%s>" % (encoded_words(person, slug), applicant)),
        ("To", "%s <%s>" % (encoded_words(GRANT_NAME, slug), GRANT_ADDR)),
        ("Subject", header_text(subject, slug)),
        ("Date", when),
        ("Message-ID", "<fc%03d.%08x@%s>" % (n, digest("mid", n) % 16 ** 8, domain)),
    ]
    if mailer:
        pairs.append(mailer)
    pairs += [("MIME-Version", "1.0"), ("Content-Type", ctype),
              ("Content-Transfer-Encoding", cte)]
    head = "".join("%s: %s\n" % kv for kv in pairs).encode("ascii")
    return head + b"\n" + transfer_encode(encode_text(text, slug), cte)


# ----------------------------------------------------------------------------- main

MANIFEST_COLUMNS = ["file", "client", "lang", "verdict", "notice", "star", "declaration_id",
                    "company", "original_from", "original_subject", "original_date", "style",
                    "format", "charset"]


def build_all():
    fixtures = []
    used = {}
    position = {}
    for n, (client, lang, style, maker) in enumerate(plan(), start=1):
        key = rotation_key(client, lang)
        slug = ROTATIONS[key][used.get(key, 0) % len(ROTATIONS[key])]
        used[key] = used.get(key, 0) + 1
        pos = position.get(client, 0)
        position[client] = pos + 1
        fixtures.append(make_fixture(n, client, lang, style, maker, pos, slug))
    fixtures += negatives(len(fixtures) + 1)
    for n, f in enumerate(fixtures, start=1):
        f.file = "%03d-%s-%s-%s-%s.eml" % (n, f.client, f.lang, f.fmt, f.slug)
    return fixtures


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):  # files of an earlier run that may no longer exist
        if name.endswith(".eml") and name[:3].isdigit() and name[3] == "-":
            os.remove(os.path.join(out_dir, name))
    fixtures = build_all()
    rows = ["\t".join(MANIFEST_COLUMNS)]
    for f in fixtures:
        with open(os.path.join(out_dir, f.file), "wb") as out:
            out.write(f.message)
        values = [f.file, f.client, f.lang, f.verdict, f.notice, f.star, f.decl, f.company,
                  f.original_from, f.original_subject, f.original_date, f.style, f.fmt, f.slug]
        for v in values:
            assert "\t" not in v and "\n" not in v, (f.file, v)
        rows.append("\t".join(values))
    with open(os.path.join(out_dir, "expected.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(rows) + "\n")
    positives = sum(1 for f in fixtures if f.verdict != "none")
    print("wrote %d fixtures (%d positive, %d negative) and expected.tsv to %s"
          % (len(fixtures), positives, len(fixtures) - positives, out_dir))


if __name__ == "__main__":
    main()
