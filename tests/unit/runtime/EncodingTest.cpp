//===- EncodingTest.cpp - Hex, base64, SHA-256, timestamps, canonical JSON -===//
#include "drbook/proof/Encoding.h"
#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/proof/Digest.h"
#include "drbook/proof/Timestamp.h"

#include "RuntimeTestSupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sys/stat.h>

using namespace drbook;
using namespace std::chrono;

namespace {

TEST(Encoding, HexRoundTripAndErrors) {
  EXPECT_EQ(hexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  llvm::Expected<std::string> back = hexDecode("0001ABff");
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(*back, std::string("\x00\x01\xab\xff", 4));
  llvm::Expected<std::string> odd = hexDecode("abc");
  ASSERT_FALSE(odd);
  EXPECT_NE(llvm::toString(odd.takeError()).find("odd"), std::string::npos);
  llvm::Expected<std::string> bad = hexDecode("zz");
  ASSERT_FALSE(bad);
  llvm::consumeError(bad.takeError());
}

TEST(Encoding, Base64RoundTripBothAlphabets) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64Encode("\xfb\xff"), "+/8=");
  for (const char *text : {"+/8=", "-_8=", "-_8", "+/8"}) {
    llvm::Expected<std::string> decoded = base64Decode(text);
    ASSERT_TRUE(bool(decoded)) << text;
    EXPECT_EQ(*decoded, "\xfb\xff") << text;
  }
  for (const char *bad : {"Zg=", "Z", "Zm9v!mFy", "Zh==", "Zm9v YmFy"}) {
    llvm::Expected<std::string> decoded = base64Decode(bad);
    EXPECT_FALSE(decoded) << bad;
    if (!decoded)
      llvm::consumeError(decoded.takeError());
  }
}

TEST(Digest, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 pieces;
  pieces.update("a");
  pieces.update("bc");
  EXPECT_EQ(pieces.finishHex(), sha256Hex("abc"));
  EXPECT_TRUE(isSha256Hex(sha256Hex("x")));
  EXPECT_FALSE(isSha256Hex("ABC"));
}

TEST(Digest, FileDigestMatchesAndMissingFileIsAnError) {
  test::TempDir dir;
  std::string big(200000, 'q');
  std::ofstream(dir.file("f")) << big;
  llvm::Expected<std::string> digest = sha256File(dir.file("f"));
  ASSERT_TRUE(bool(digest));
  EXPECT_EQ(*digest, sha256Hex(big));
  llvm::Expected<std::string> missing = sha256File(dir.file("none"));
  ASSERT_FALSE(missing);
  EXPECT_NE(llvm::toString(missing.takeError()).find(dir.file("none")), std::string::npos);
}

TEST(Timestamp, FormatsUtcWithMilliseconds) {
  SystemTime t = SystemTime(milliseconds(1700000000123LL));
  EXPECT_EQ(formatTimestamp(t), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(formatTimestamp(SystemTime(milliseconds(0))), "1970-01-01T00:00:00.000Z");
}

TEST(Timestamp, ParsesRfc3339Variants) {
  SystemTime expected = SystemTime(milliseconds(1700000000123LL));
  for (const char *text : {"2023-11-14T22:13:20.123Z", "2023-11-14t22:13:20.123z",
                           "2023-11-14 22:13:20.123Z", "2023-11-15T00:13:20.123+02:00",
                           "2023-11-14T21:13:20.123-0100", "2023-11-14T22:13:20.123000Z"}) {
    std::optional<SystemTime> parsed = parseTimestamp(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(duration_cast<milliseconds>(*parsed - expected).count(), 0) << text;
  }
  EXPECT_EQ(formatTimestamp(*parseTimestamp(formatTimestamp(expected))), formatTimestamp(expected));
  for (const char *bad :
       {"", "2023-11-14", "2023-11-14T22:13:20", "2023-13-01T00:00:00Z", "2023-02-30T00:00:00Z",
        "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20Zjunk", "yesterday",
        // Beyond what the nanosecond clock holds: a journal's edited year must not overflow.
        "3027-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z"})
    EXPECT_FALSE(parseTimestamp(bad).has_value()) << bad;
  EXPECT_TRUE(parseTimestamp("2024-02-29T00:00:00Z").has_value());
  EXPECT_TRUE(parseTimestamp("2261-12-31T23:59:59Z").has_value());
}

TEST(CanonicalJson, SortedKeysNoSpaces) {
  nlohmann::json value = {{"b", 1}, {"a", {{"d", true}, {"c", nullptr}}}, {"A", "x y"}};
  EXPECT_EQ(canonicalJson(value), "{\"A\":\"x y\",\"a\":{\"c\":null,\"d\":true},\"b\":1}");
  EXPECT_EQ(canonicalJson(*parseJson(" { \"b\" : 1 , \"a\" : [ 1 , 2 ] } ")),
            "{\"a\":[1,2],\"b\":1}");
}

TEST(CanonicalJson, InvalidUtf8DoesNotThrow) {
  nlohmann::json value = std::string("bad \xff byte");
  std::string text = canonicalJson(value);
  EXPECT_EQ(text, "\"bad \xEF\xBF\xBD byte\"");
  EXPECT_FALSE(parseJson("{\"a\":").has_value());
  EXPECT_FALSE(parseJson("").has_value());
}

// canonicalJson writes the common values itself; whatever it writes must be the bytes
// nlohmann's own dump() gives, which every proof written so far was hashed over.
TEST(CanonicalJson, WritesExactlyWhatNlohmannDumps) {
  nlohmann::json value = {
      {"plain", "abc"},
      {"escapes", "q\"b\\n\nt\tr\rb\bf\f\x01\x1f\x7f"},
      {"utf8", "caf\xc3\xa9 \xe2\x9c\x93"},
      {"bad utf8", "x\xff\xc3y\xe2\x9c"},
      {"k\"ey\n", {1, -2, uint64_t(18446744073709551615u), int64_t(-9223372036854775807 - 1)}},
      {"floats", {0.0, -0.5, 1.0, 1e100, 3.141592653589793, 1e-7}},
      {"empty", {{"a", nlohmann::json::array()}, {"b", nlohmann::json::object()}, {"c", ""}}},
      {"\xc3\xa9", {true, false, nullptr}}};
  EXPECT_EQ(canonicalJson(value),
            value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  for (const auto &item : value.items())
    EXPECT_EQ(canonicalJson(item.value()),
              item.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << item.key();
}

TEST(CanonicalJson, ObjectWriterWritesWhatTheTreeDumps) {
  std::string out;
  {
    CanonicalObject o(out);
    o.boolean("a", true);
    o.integer("b", -42);
    o.null("c");
    o.strings("d", std::vector<std::string>{"x", "q\"\n", "caf\xc3\xa9", "bad\xff"},
              [](const std::string &s) { return llvm::StringRef(s); });
    o.stringOrNull("e", "");
    o.stringOrNull("f", "\x01");
    appendCanonicalJson({{"z", 1}, {"k", nlohmann::json::array()}}, o.key("g"));
    CanonicalObject inner(o.key("h"));
    inner.string("k\"ey", "v");
  }
  nlohmann::json tree = {{"a", true},
                         {"b", -42},
                         {"c", nullptr},
                         {"d", {"x", "q\"\n", "caf\xc3\xa9", "bad\xff"}},
                         {"e", nullptr},
                         {"f", "\x01"},
                         {"g", {{"z", 1}, {"k", nlohmann::json::array()}}},
                         {"h", {{"k\"ey", "v"}}}};
  EXPECT_EQ(out, canonicalJson(tree));
}

TEST(CanonicalJson, MembersAreFoundWithoutReadingTheOthers) {
  // Brackets, quotes and escapes inside skipped strings, a skipped member nested far deeper
  // than parseJson allows, and keys after it.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string text = "{\"a\":\"}{[\\\"\",\"b\":[\"]\",{\"c\":1}],\"deep\":" + deep +
                     ",\"keep\" : {\"x\":[1,2]} ,\"n\":12}\n";
  std::optional<nlohmann::json> kept = parseJsonMembers(text, {"keep", "n", "absent"});
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->dump(), R"({"keep":{"x":[1,2]},"n":12})");
  // Not shaped as an object, or a kept member that is not JSON: nothing.
  for (const char *bad : {"[1]", "{\"keep\":1", "{\"keep\":1}x", "{\"a\":\"open}", "{keep:1}",
                          "{\"keep\":[1,}", "{\"a\" 1}", ""})
    EXPECT_FALSE(parseJsonMembers(bad, {"keep"}).has_value()) << bad;
  // A kept member nested too deep is refused, not parsed recursively.
  EXPECT_FALSE(parseJsonMembers("{\"keep\":" + deep + "}", {"keep"}).has_value());
  // A skipped member that is not JSON is the caller's to find by comparing the whole text.
  EXPECT_TRUE(parseJsonMembers("{\"a\":[nonsense],\"keep\":1}", {"keep"}).has_value());
}

TEST(CanonicalJson, HostileNestingIsRejectedNotACrash) {
  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_FALSE(parseJson(deep).has_value());
  std::string limit = std::string(MaxJsonDepth, '[') + std::string(MaxJsonDepth, ']');
  std::optional<nlohmann::json> atLimit = parseJson(limit);
  ASSERT_TRUE(atLimit.has_value());
  EXPECT_EQ(canonicalJson(*atLimit), limit);
  // Brackets inside strings do not count.
  std::string quoted = "{\"a\":\"" + std::string(5000, '[') + "\\\"\"}";
  EXPECT_TRUE(parseJson(quoted).has_value());
}

/// A random JSON value with strings of every kind of byte a canonical writer must handle.
nlohmann::json randomValue(std::mt19937 &rng, unsigned depth) {
  // A NUL is added apart: a C string cannot hold one.
  static const char *pieces[] = {"a",
                                 "Z",
                                 " ",
                                 "\"",
                                 "\\",
                                 "/",
                                 "\x01",
                                 "\x1f",
                                 "\n",
                                 "\t",
                                 "\b",
                                 "\x7f",
                                 "\xc3\xa9",
                                 "\xe2\x80\xa8",
                                 "\xf0\x9f\x94\xa5",
                                 "{",
                                 "]",
                                 ":",
                                 ","};
  auto text = [&] {
    std::string out;
    for (unsigned n = rng() % 6; n > 0; --n)
      out += rng() % 7 == 0 ? std::string(1, '\0') : pieces[rng() % std::size(pieces)];
    return out;
  };
  switch (depth > 3 ? rng() % 5 : rng() % 7) {
  case 0:
    return text();
  case 1:
    return static_cast<int64_t>(rng() % 2 ? -(int64_t(rng()) << 31) : INT64_MIN);
  case 2:
    return rng() % 2 ? uint64_t(rng()) * 1000003 : UINT64_MAX;
  case 3:
    return rng() % 2 == 0;
  case 4:
    return nullptr;
  case 5: {
    nlohmann::json object = nlohmann::json::object();
    for (unsigned n = rng() % 5; n > 0; --n)
      object[text()] = randomValue(rng, depth + 1);
    return object;
  }
  default: {
    nlohmann::json array = nlohmann::json::array();
    for (unsigned n = rng() % 4; n > 0; --n)
      array.push_back(randomValue(rng, depth + 1));
    return array;
  }
  }
}

TEST(CanonicalJson, StrictReaderAcceptsExactlyCanonicalText) {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    nlohmann::json value = randomValue(rng, 0);
    std::string text = canonicalJson(value);
    std::optional<nlohmann::json> read = parseCanonicalJson(text);
    ASSERT_TRUE(read.has_value()) << text;
    EXPECT_EQ(*read, value) << text;
    // Whatever a mutant the strict reader accepts is canonical and means what parseJson reads.
    for (int m = 0; m < 8; ++m) {
      std::string mutant = text;
      size_t at = rng() % (mutant.size() + 1);
      static const char bytes[] = " \"\\,:{}[]0-1.eu\x80\xff";
      char byte = bytes[rng() % (sizeof bytes - 1)];
      switch (rng() % 3) {
      case 0:
        mutant.insert(at, 1, byte);
        break;
      case 1:
        if (at < mutant.size())
          mutant.erase(at, 1);
        break;
      default:
        if (at < mutant.size())
          mutant[at] = byte;
      }
      std::optional<nlohmann::json> strict = parseCanonicalJson(mutant);
      if (!strict)
        continue;
      std::optional<nlohmann::json> general = parseJson(mutant);
      ASSERT_TRUE(general.has_value()) << mutant;
      EXPECT_EQ(*strict, *general) << mutant;
      EXPECT_EQ(canonicalJson(*strict), mutant);
    }
  }
}

TEST(CanonicalJson, StrictReaderRefusesOtherSpellings) {
  for (const char *text : {R"({"b":1,"a":2})",
                           R"({"a":1,"a":2})",
                           R"({"a": 1})",
                           " 1",
                           "1 ",
                           "1\n",
                           R"("\/")",
                           R"("\u0041")",
                           R"("\u000a")",
                           R"("\u001F")",
                           R"("\u00e9")",
                           "-0",
                           "01",
                           "-01",
                           "1.0",
                           "1e2",
                           "1E2",
                           "18446744073709551616",
                           "-9223372036854775809",
                           "\"\xff\"",
                           "\"\xed\xa0\x80\"",
                           "\"\x01\"",
                           "\"\xc3\"",
                           "tru",
                           "nul",
                           "[1,]",
                           "{\"a\":1,}",
                           "[",
                           "",
                           "\"open"})
    EXPECT_FALSE(parseCanonicalJson(text).has_value()) << text;
  for (const char *text :
       {R"("\u001f")", R"("\u0000")", R"("\b\f\n\r\t\"\\")", "-9223372036854775808",
        "18446744073709551615", "\"\xc3\xa9\x7f\"", R"({"":[],"a":{},"b":[null,true,false]})"}) {
    std::optional<nlohmann::json> read = parseCanonicalJson(text);
    ASSERT_TRUE(read.has_value()) << text;
    EXPECT_EQ(canonicalJson(*read), text);
  }
  // Nesting beyond MaxJsonDepth is refused without recursing into it.
  EXPECT_FALSE(parseCanonicalJson(std::string(200000, '[') + std::string(200000, ']')));
  std::string limit = std::string(MaxJsonDepth, '[') + std::string(MaxJsonDepth, ']');
  EXPECT_TRUE(parseCanonicalJson(limit).has_value());
}

TEST(Files, PrivateDirectoriesAndDurableWrites) {
  test::TempDir dir;
  std::string nested = dir.file("a/b/c");
  ASSERT_FALSE(bool(ensurePrivateDirectory(nested)));
  struct stat info;
  ASSERT_EQ(::stat(nested.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  std::string path = nested + "/file";
  ASSERT_FALSE(bool(writeFileDurably(path, "one")));
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_FALSE(bool(writeFileDurably(path, "two")));
  EXPECT_EQ(*readWholeFile(path), "two");
  llvm::Error exclusive = writeFileDurably(path, "three", 0600, /*exclusive=*/true);
  ASSERT_TRUE(bool(exclusive));
  EXPECT_NE(llvm::toString(std::move(exclusive)).find("refusing to overwrite"), std::string::npos);
  EXPECT_EQ(*readWholeFile(path), "two");
  llvm::Error notDir = ensurePrivateDirectory(path);
  ASSERT_TRUE(bool(notDir));
  EXPECT_NE(llvm::toString(std::move(notDir)).find("not a directory"), std::string::npos);
}

} // namespace
