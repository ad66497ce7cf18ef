// html_text_test.cc - HTML bodies flattened to text for matching.
#include "core/html_text.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("tags dropped, block elements and br make lines", "[html]") {
  std::string html =
      "<html><head><title>t</title><style>p{color:red}</style></head><body>"
      "<p>SECURITY ACTION 自己宣言の手続きが完了しました。</p>"
      "<div>利用者番号:<b>12345678901</b></div>line a<br>line b<br/><br>after blank"
      "<table><tr><td>自己宣言ID</td><td>40000000001</td></tr></table></body></html>";
  CHECK(sa::html_to_text(html) ==
        "SECURITY ACTION 自己宣言の手続きが完了しました。\n"
        "利用者番号:12345678901\n"
        "line a\nline b\n\nafter blank\n"
        "自己宣言ID 40000000001");
}

TEST_CASE("scripts, styles and comments lose their content", "[html]") {
  CHECK(sa::html_to_text("a<script>var x = '<p>no</p>';</script>b<!-- <p>c</p> -->d"
                         "<STYLE type=\"text/css\">.x{}</STYLE>e") == "abde");
  CHECK(sa::html_to_text("a<script>never closed") == "a");
  CHECK(sa::html_to_text("a<!-- never closed") == "a");
}

TEST_CASE("entities are decoded", "[html]") {
  CHECK(sa::html_to_text("&lt;a&gt; &amp; &quot;q&quot; &apos;s&apos; &yen;100 &copy;") ==
        "<a> & \"q\" 's' ¥100 ©");
  CHECK(sa::html_to_text("&#12354;&#x3044;&#X3046; &#65306;") == "あいう ：");
  CHECK(sa::html_to_text("a&nbsp;b &unknown; & c &#0; &#xD800;") ==
        "a b &unknown; & c \xEF\xBF\xBD \xEF\xBF\xBD");
}

TEST_CASE("whitespace collapses but line structure stays", "[html]") {
  CHECK(sa::html_to_text("  a \n\t b  <p>  c  </p>\n\n<p>d</p>  ") == "a b\nc\nd");
  CHECK(sa::html_to_text("<pre>x  y\nz</pre>w") == "x  y\nz\nw");
  CHECK(sa::html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
  CHECK(sa::html_to_text("<a href=\"x>y\" title='>'>link</a>") == "link");
}

TEST_CASE("a head without a closing tag does not swallow the body", "[html]") {
  CHECK(sa::html_to_text("<head><head><p>body text</p>") == "body text");
}

TEST_CASE("pathological HTML stays linear", "[html]") {
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "<head>";
  many += "x";
  CHECK(sa::html_to_text(many) == "x");
  std::string lt(200000, '<');
  CHECK(sa::html_to_text(lt).size() == lt.size());
}
