// test_messages.cc - the inline messages of test_messages.h.
#include "test_messages.h"

namespace sa::test {

std::string direct_notice(const std::string& extra_headers, const std::string& from_domain) {
  return "Received: from mx." + from_domain + " (mx." + from_domain +
         " [192.0.2.10])\r\n"
         "\tby mx.grant.example.lg.jp (Postfix) with ESMTPS id 4TqA1B2C3D\r\n"
         "From: SECURITY ACTION事務局 <security-action-info@" +
         from_domain +
         ">\r\n"
         "To: hojokin@grant.example.lg.jp\r\n"
         "Subject: 【SECURITY ACTION】二つ星:自己宣言完了のお知らせ\r\n" +
         extra_headers +
         "Date: Mon, 04 Mar 2024 10:12:00 +0900\r\n"
         "Message-ID: <n1@" +
         from_domain +
         ">\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=\"utf-8\"\r\n"
         "Content-Transfer-Encoding: 8bit\r\n"
         "\r\n"
         "見本工業株式会社\r\n"
         "佐藤 次郎様\r\n"
         "\r\n"
         "SECURITY ACTION 自己宣言の手続きが完了しました。\r\n"
         "利用者番号、自己宣言IDは下記のとおりです。\r\n"
         "\r\n"
         "利用者番号:99999910002\r\n"
         "\r\n"
         "自己宣言ID:49999910002\r\n"
         "\r\n"
         "独立行政法人情報処理推進機構\r\n"
         "SECURITY ACTION事務局\r\n";
}

std::string ordinary_mail(const std::string& extra_headers) {
  return "From: Sato <sato@mihon-kogyo.example.jp>\r\n"
         "To: hojokin@grant.example.lg.jp\r\n"
         "Subject: 補助金申請書類の送付\r\n" +
         extra_headers +
         "Date: Tue, 05 Mar 2024 09:00:00 +0900\r\n"
         "Message-ID: <o1@mihon-kogyo.example.jp>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=\"utf-8\"\r\n"
         "\r\n"
         "ご担当者様\r\n"
         "申請書類を添付いたします。よろしくお願いいたします。\r\n";
}

}  // namespace sa::test
