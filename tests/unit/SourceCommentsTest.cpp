// core/SourceComments: where comments are. The C/C++ lexer is checked against
// Clang's own raw lexer (comments kept) on hand-written and generated text in every
// dialect, and the configuration formats on the constructs that hide a '#'.
#include "core/SourceComments.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace attest;

namespace {
std::vector<std::string> texts(std::string_view text, const std::vector<CommentSpan> &spans) {
  std::vector<std::string> out;
  for (const CommentSpan &s : spans) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}
std::vector<std::string> comments(std::string_view text, CommentSyntax syntax = CommentSyntax::CFamily) {
  return texts(text, findComments(text, syntax).spans);
}
std::vector<std::string> dialect(std::string_view text, CDialect d) { return texts(text, cDialectComments(text, d)); }
using Strings = std::vector<std::string>;

const CDialect kDialects[] = {{false, false, false}, {false, false, true}, {false, true, false}, {false, true, true},
                              {true, false, false},  {true, false, true},  {true, true, false},  {true, true, true}};

// Clang's raw lexer in the same dialect: raw strings are C++11, digit separators C++14
// (C23 without raw strings).
std::vector<CommentSpan> clangComments(const std::string &text, const CDialect &d) {
  clang::LangOptions lang;
  lang.LineComment = true;
  lang.CPlusPlus = lang.CPlusPlus11 = lang.RawStringLiterals = d.rawStrings;
  lang.CPlusPlus14 = d.rawStrings && d.digitSeparators;
  lang.C99 = lang.C11 = lang.C17 = !d.rawStrings;
  lang.C23 = !d.rawStrings && d.digitSeparators;
  lang.Trigraphs = d.trigraphs;
  clang::Lexer lexer(clang::SourceLocation(), lang, text.data(), text.data(), text.data() + text.size());
  lexer.SetCommentRetentionState(true);
  std::vector<CommentSpan> out;
  clang::Token token;
  for (int guard = 0; guard < 100000; ++guard) {
    lexer.LexFromRawLexer(token);
    if (token.is(clang::tok::eof)) break;
    if (token.is(clang::tok::comment)) {
      size_t begin = token.getLocation().getRawEncoding();
      out.push_back({begin, begin + token.getLength()});
    }
  }
  return out;
}
// Clang decides per character whether a UCN or non-ASCII character continues an
// identifier; the lexer's two readings must bracket it: one of them is Clang's.
bool sameAsClang(const std::string &text, CDialect d) {
  std::vector<CommentSpan> clang = clangComments(text, d);
  d.unicodeIdentifiers = true;
  if (cDialectComments(text, d) == clang) return true;
  d.unicodeIdentifiers = false;
  return cDialectComments(text, d) == clang;
}

}  // namespace

TEST(SourceComments, LineAndBlockComments) {
  EXPECT_EQ(comments("a(); // x\nb(); /* y\n z */ c();"), (Strings{"// x", "/* y\n z */"}));
  EXPECT_EQ(comments("/*/ still open */ x"), (Strings{"/*/ still open */"}));
  EXPECT_EQ(comments("x /* never closed\n// nor is this"), Strings{});
  EXPECT_EQ(comments("// a /* b */ c\n"), (Strings{"// a /* b */ c"}));
  EXPECT_EQ(comments("/* a // b */ c"), (Strings{"/* a // b */"}));
  EXPECT_EQ(comments("// crlf\r\nx"), (Strings{"// crlf"}));
  EXPECT_EQ(comments("// lone cr\rconst char *s = \"attest\";"), (Strings{"// lone cr"}));
}

TEST(SourceComments, LiteralsHideComments) {
  EXPECT_EQ(comments("s = \"http://host/x\"; // real"), (Strings{"// real"}));
  EXPECT_EQ(comments("s = \"a\\\" // not\"; t = 1;"), Strings{});
  EXPECT_EQ(comments("c = '\"'; // real"), (Strings{"// real"}));
  EXPECT_EQ(comments("c = '\\''; /* real */"), (Strings{"/* real */"}));
  EXPECT_EQ(comments("s = \"unterminated // not\nx(); // real"), (Strings{"// real"}));
  EXPECT_EQ(comments("s = u8\"//\" L\"/*\" u\"*/\" U'/'; // real"), (Strings{"// real"}));
  EXPECT_EQ(comments("s = \"a\" \"//b\"; // c"), (Strings{"// c"}));
}

TEST(SourceComments, RawStrings) {
  const char *spanning = "auto s = R\"(\n// not a comment\n)\"; // real\n";
  EXPECT_EQ(dialect(spanning, {true, true, false}), (Strings{"// real"}));
  EXPECT_EQ(comments(spanning), Strings{}) << "in C, R\"( is an identifier and a string: the views differ";
  EXPECT_EQ(dialect("R\"x(a)\" // no\n)x\"; // yes", {true, true, false}), (Strings{"// yes"}));
  EXPECT_EQ(dialect("u8R\"--(/*)--\" LR\"(//)\" uR\"(x)\" UR\"(y)\"; // yes", {true, true, false}), (Strings{"// yes"}));
  // A splice in the delimiter makes it invalid: Clang skips to the next quote.
  EXPECT_EQ(dialect("R\"a\\\n(x // no\n)a\\\n\" // yes", {true, true, false}), (Strings{"// yes"}));
  EXPECT_EQ(dialect("xR\"(\" // plain string, then a comment", {true, true, false}),
            (Strings{"// plain string, then a comment"}));
  EXPECT_EQ(dialect("R\"(never closed // no", {true, true, false}), Strings{});
}

TEST(SourceComments, SplicesTrigraphsDigitSeparators) {
  EXPECT_EQ(comments("// a \\\n still the comment\nx"), (Strings{"// a \\\n still the comment"}));
  EXPECT_EQ(comments("/\\\n/ spliced start\nx"), (Strings{"/\\\n/ spliced start"}));
  EXPECT_EQ(comments("/* a *\\\n/ x"), (Strings{"/* a *\\\n/"}));
  // ?\?/ is a backslash only with trigraphs: the comment is longer there, so it is
  // not the same comment in every dialect and does not count.
  EXPECT_EQ(dialect("// a ?\?/\nb", {true, true, true}), (Strings{"// a ?\?/\nb"}));
  EXPECT_EQ(comments("// a ?\?/\nb"), Strings{});
  // 1'2 is a number with digit separators and a character literal without.
  EXPECT_EQ(dialect("n = 1'2; s = \"x'; // c\";", {true, true, false}), Strings{});
  EXPECT_EQ(dialect("n = 1'2; s = \"x'; // c\";", {true, false, false}), (Strings{"// c\";"}));
  EXPECT_EQ(comments("n = 1'2; s = \"x'; // c\";"), Strings{}) << "a comment in one dialect only is none";
  EXPECT_EQ(comments("int n = 1'000'000; // millions"), (Strings{"// millions"}));
  // One separator leaves a character literal open to the line's end without them: a
  // suppression then goes on the line above.
  EXPECT_EQ(comments("int n = 10'000; // ten thousand"), Strings{});
}

TEST(SourceComments, HeaderNamesAndDiagnosticDirectives) {
  EXPECT_EQ(comments("#include <a//b.h>\nx(); // c"), (Strings{"// c"}));
  EXPECT_EQ(comments("  #  include_next <a/*b*/c.h> // c"), (Strings{"// c"}));
  EXPECT_EQ(comments("#if __has_include(<x// attest>) || 1\n#endif"), Strings{});
  EXPECT_EQ(comments("#include /* c1 */ <x//y> // c2"), (Strings{"/* c1 */", "// c2"}));
  EXPECT_EQ(comments("#error don't // use\nx // y"), (Strings{"// y"}));
  EXPECT_EQ(comments("a < b; // less than\n"), (Strings{"// less than"}));
  EXPECT_EQ(comments("#define X 1 // c\n"), (Strings{"// c"}));
}

TEST(SourceComments, SameAsClangRawLexerOnHandWrittenText) {
  const char *cases[] = {
      "int a; // c\n/* b */",
      "s = \"//\"; t = '/*'; // real",
      "auto r = R\"xy(// )x\" )xy\"; /* after */",
      "R\"abcdefghijklmnopq(x)abcdefghijklmnopq\" // too long a delimiter",
      "R\" (x) \" // a space in the delimiter",
      "R\"\"(x)\"\" // quote delimiter",
      "u8'a' L'b' U'c' u'd' // chars",
      "1'2'3 // separators\n.5e+1'a' // more",
      "0x1p-2'a // hex float",
      "x = a\\\n/\\\n/ spliced\ny",
      "/* a **/ b /***/ c /**/",
      "\"a\\\\\" // escaped backslash",
      "'\\\\' // escaped backslash char",
      "'' // empty char",
      "'abc // unterminated char\nnext // c",
      "a ?\?/\n// trigraph splice",
      "\"?\?/\" // c\" trigraph escape",
      "x \\\t \n// blanks before the newline of a splice",
      "\\u00e9'a' // ucn",
      "\\U0001F6000'1'; // an invalid ucn is a token of its own",
      "x\\U0001F600LR\"(//)\" // and ends an identifier",
      "1\\u00e9'a' // ucn in a number",
      "\"a\"_x'b' // ud-suffix",
      "\"a\"R\"(b)\" // raw after a string",
      "R\"a\\\n(x // no\n)a\\\n\" // invalid delimiter",
      "R\"x(a)\" // no\n)x\"; // yes",
      "// a\r// b\r\n// c\n\r// d",
  };
  for (const char *text : cases)
    for (const CDialect &d : kDialects)
      EXPECT_TRUE(sameAsClang(text, d)) << "dialect raw=" << d.rawStrings << " sep=" << d.digitSeparators << " tri=" << d.trigraphs << ": "
          << text;
}

// Generated text from the pieces that decide where comments are; no '#', '<' or
// identifiers the preprocessor treats specially, which the raw lexer does not know.
// Each text has identifier characters (e, \u00e9) or characters that are not (U+1F600,
// U+202E), so that one of the lexer's readings applies to the whole text.
TEST(SourceComments, SameAsClangRawLexerOnGeneratedText) {
  const std::vector<std::string> common = {
      "\"", "'", "/", "*", "\\", "\n", "\r", "\r\n", " ", "R", "u8", "L", "U", "(", ")", "x", "1", ".", "e", "+", "?",
      "?\?/", "\\\n", "//", "/*", "*/", "R\"x(", ")x\"", "_", "0'1", "\t", "?\?", "\"\"", "''", "a", "\\\\", "u8R\"",
      "LR\"(", "R\"(", ")\"", "0x", "p-", "$", "'a'", "\f", "\v", std::string(1, '\0')};
  const std::vector<std::string> valid = {"\xc3\xa9", "\\u00e9", "\\u{e9}"}, invalid = {"\\U0001F600", "\xe2\x80\xae"};
  std::mt19937 random(20261203);
  unsigned mismatches = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::vector<std::string> &unicode = i % 2 ? valid : invalid;
    std::string text;
    int length = 1 + random() % 30;
    for (int j = 0; j < length; ++j) {
      size_t k = random() % (common.size() + unicode.size());
      text += k < common.size() ? common[k] : unicode[k - common.size()];
    }
    for (const CDialect &d : kDialects)
      if (!sameAsClang(text, d) && ++mismatches <= 5)
        ADD_FAILURE() << "dialect raw=" << d.rawStrings << " sep=" << d.digitSeparators << " tri=" << d.trigraphs
                      << ": " << testing::PrintToString(text);
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(SourceComments, YamlCommentsOutsideScalars) {
  auto yaml = [](std::string_view text) { return comments(text, CommentSyntax::Yaml); };
  EXPECT_EQ(yaml("url: http://host/#frag # real\n"), (Strings{"# real"}));
  EXPECT_EQ(yaml("a: \"x # not\" # real\nb: 'y # not'\n"), (Strings{"# real"}));
  EXPECT_EQ(yaml("key: |\n  # not a comment: the block's text\n  more\nnext: 1 # real\n"), (Strings{"# real"}));
  EXPECT_EQ(yaml("key: >-\n  # folded text\n# real, at the left margin\n"), (Strings{"# real, at the left margin"}));
  EXPECT_EQ(yaml("# top\nlist: [a, \"b # no\"] # yes\r\n"), (Strings{"# top", "# yes"}));
  EXPECT_EQ(yaml("multi: \"line one\n  # still the string\n  end\"\n"), Strings{});
  EXPECT_TRUE(findComments("a: [unclosed\n# c\n", CommentSyntax::Yaml).unparsable);
}

TEST(SourceComments, TomlIniPropertiesDotenvDockerfile) {
  EXPECT_EQ(comments("url = \"http://h/#x\" # real\ns = 'a#b'\nm = \"\"\"\n# not\n\"\"\" # yes\nl = '''#no'''\n",
                     CommentSyntax::Toml),
            (Strings{"# real", "# yes"}));
  EXPECT_EQ(comments("esc = \"a\\\"#b\" # c\n", CommentSyntax::Toml), (Strings{"# c"}));
  EXPECT_EQ(comments("; one\n  # two\nurl = http://h/#three\nx = 1 ; four\n", CommentSyntax::Ini),
            (Strings{"; one", "# two"}));
  EXPECT_EQ(comments("# one\nkey = a \\\n  # part of the value\n! two\nk = v\\\\\n# three\n", CommentSyntax::Properties),
            (Strings{"# one", "! two", "# three"}));
  EXPECT_EQ(comments("# one\nA=b # two\nURL=http://h/#frag\nQ=\"x # no\" # three\nM=\"line\n# in the value\n\"\n",
                     CommentSyntax::DotEnv),
            (Strings{"# one", "# two", "# three"}));
  EXPECT_EQ(comments("# one\nRUN <<EOF\n# script text\nEOF\n  # two\nRUN echo a # not\n", CommentSyntax::Dockerfile),
            (Strings{"# one", "# two"}));
  EXPECT_EQ(comments("{\"a\": \"# no\"}", CommentSyntax::None), Strings{});
}

TEST(SourceComments, ConfigSyntaxByName) {
  EXPECT_EQ(configSyntax("/r/deploy/values.YAML"), CommentSyntax::Yaml);
  EXPECT_EQ(configSyntax("/r/.env.production"), CommentSyntax::DotEnv);
  EXPECT_EQ(configSyntax("/r/app.properties"), CommentSyntax::Properties);
  EXPECT_EQ(configSyntax("/r/Dockerfile"), CommentSyntax::Dockerfile);
  EXPECT_EQ(configSyntax("/r/settings.json"), CommentSyntax::None);
  EXPECT_EQ(configSyntax("/r/my.cnf"), CommentSyntax::Ini);
  EXPECT_EQ(configSyntax("/r/compile_commands.json"), std::nullopt);
  EXPECT_EQ(configSyntax("/r/src/main.cpp"), std::nullopt);
  EXPECT_EQ(commentSyntaxFor("/r/src/main.c"), CommentSyntax::CFamily);
}
