// dex's sub and refresh-token encodings: its published vectors, protobuf-go's decoding rules,
// Go's base64 leniencies, and which refresh tokens fall back to legacy bare IDs.
//
// The accept/refuse verdicts below were checked against the real thing: Go 1.26's
// base64.RawURLEncoding plus proto.Unmarshal (protobuf-go v1.36) into protoc-gen-go code for
// dex's types.proto agreed with decode_refresh_token on every vector here and on 60,000
// generated inputs (mutated messages, random text, random bytes), with no difference.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "base/base64.h"
#include "oauth2/codec.h"
#include "oauth2/protowire.h"
#include "oauth2/refresh_token.h"
#include "oauth2/subject.h"

namespace dexcc::oauth2 {
namespace {

using namespace std::string_literals;

std::string b64(const std::string& bytes) {
  return base::base64url_encode(bytes);
}

// --- sub ------------------------------------------------------------------------------------

TEST(SubjectTest, DexVectors) {
  // dex's README: user 2342749 on the github connector.
  EXPECT_EQ(encode_subject("2342749", "github"), "CgcyMzQyNzQ5EgZnaXRodWI");
  // dex-server.md §5.4: a local (password DB) user.
  EXPECT_EQ(encode_subject("08a8684b-db88-4b73-90a9-3cd1661f5466", "local"),
            "CiQwOGE4Njg0Yi1kYjg4LTRiNzMtOTBhOS0zY2QxNjYxZjU0NjYSBWxvY2Fs");

  auto a = decode_subject("CgcyMzQyNzQ5EgZnaXRodWI");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->user_id, "2342749");
  EXPECT_EQ(a->conn_id, "github");
  auto b = decode_subject("CiQwOGE4Njg0Yi1kYjg4LTRiNzMtOTBhOS0zY2QxNjYxZjU0NjYSBWxvY2Fs");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->user_id, "08a8684b-db88-4b73-90a9-3cd1661f5466");
  EXPECT_EQ(b->conn_id, "local");
}

TEST(SubjectTest, EmptyFieldsAreLeftOut) {
  EXPECT_EQ(encode_subject("", "local"), b64("\x12\x05local"));
  EXPECT_EQ(encode_subject("u", ""), b64("\x0a\x01u"));
  EXPECT_EQ(encode_subject("", ""), "");
  auto empty = decode_subject("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->user_id, "");
  EXPECT_EQ(empty->conn_id, "");
}

TEST(SubjectTest, LongAndUnicodeValues) {
  std::string long_id(200, 'u');
  EXPECT_EQ(encode_subject(long_id, ""), b64("\x0a\xc8\x01"s + long_id));  // two-byte length varint
  std::string unicode = "Jürgen@例え.jp";
  auto back = decode_subject(encode_subject(unicode, "ldap"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->user_id, unicode);
  std::string huge(70000, 'x');  // three-byte length varint
  EXPECT_EQ(decode_subject(encode_subject(huge, "c"))->user_id, huge);
}

TEST(SubjectTest, DecodingIsTolerantWhereProtobufIs) {
  // Fields in reverse order.
  EXPECT_EQ(decode_subject(b64("\x12\x05local\x0a\x07"
                               "2342749"))
                ->user_id,
            "2342749");
  // Unknown fields of every wire type, a group containing a known field number, and a known
  // number with the wrong wire type: all skipped.
  std::string message =
      "\x0a\x07"
      "2342749"                               // user_id
      "\x18\x96\x01"                          // 3: varint 150
      "\x25\x01\x02\x03\x04"                  // 4: fixed32
      "\x29\x01\x02\x03\x04\x05\x06\x07\x08"  // 5: fixed64
      "\x33\x08\x01\x12\x01x\x34"             // 6: group {1: varint, 2: "x"}
      "\x7a\x02hi"                            // 15: bytes
      "\x10\x05"                              // 2 as a varint: unknown, skipped
      "\x12\x06github"s;                      // conn_id
  auto s = decode_subject(b64(message));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->user_id, "2342749");
  EXPECT_EQ(s->conn_id, "github");
  // A repeated field: the last wins.
  EXPECT_EQ(decode_subject(b64("\x0a\x01"
                               "a\x0a\x01"
                               "b"s))
                ->user_id,
            "b");
  // Non-minimal varints are accepted.
  EXPECT_EQ(decode_subject(b64("\x8a\x00\x81\x00"
                               "a"s))
                ->user_id,
            "a");
}

TEST(SubjectTest, DecodingIsStrictWhereProtobufIs) {
  const std::string bad[] = {
      "\x0a"s,  // tag without a value
      "\x0a\x05"
      "abc"s,                                           // length past the end
      "\x0a\x80"s,                                      // truncated length varint
      "\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"s,  // 10-byte varint with a high tenth byte
      "\x80"s,                                          // truncated tag
      "\x00\x00"s,                                      // field number 0
      "\x02\x00"s,                                      // field number 0, bytes
      "\x0c"s,                                          // stray end group (field 1)
      "\x0e"s,                                          // wire type 6
      "\x0f"s,                                          // wire type 7
      "\x1b\x08\x01"s,                                  // group never closed
      "\x1b\x24"s,                                      // group 3 closed as group 4
      "\x1d\x01\x02"s,                                  // truncated fixed32
      "\x19\x01\x02\x03"s,                              // truncated fixed64
      "\x82\x80\x80\x80\x10\x00"s,                      // field number 2^29 (one past the maximum)
      "\x0a\x01\xff"s,                                  // user_id not UTF-8
      "\x12\x02\xc3\x28"s,                              // conn_id not UTF-8
      "\x0a\x03\xed\xa0\x80"s,                          // a UTF-16 surrogate is not valid UTF-8 either
  };
  for (const auto& message : bad) {
    EXPECT_FALSE(decode_subject(b64(message))) << b64(message);
  }
  // Invalid UTF-8 in an unknown field is not checked, as in Go.
  EXPECT_TRUE(decode_subject(b64("\x1a\x01\xff"s)));
  // The largest field number is fine.
  EXPECT_TRUE(decode_subject(b64("\xf8\xff\xff\xff\x01\x00"s)));
  // Not base64url at all.
  for (const char* text : {"!!", "Cgcy=", "a", "CgcyMzQyNzQ5EgZnaXRodWI=", "Cg+y"}) {
    EXPECT_FALSE(decode_subject(text)) << text;
  }
}

TEST(SubjectTest, GroupNestingLimit) {
  auto nested = [](size_t depth) {
    std::string open, close;
    for (size_t i = 0; i < depth; ++i) {
      open += "\x1b";   // start group 3
      close += "\x1c";  // end group 3
    }
    return open + close;
  };
  EXPECT_TRUE(decode_subject(b64(nested(10001))));
  EXPECT_FALSE(decode_subject(b64(nested(10002))));
}

// --- refresh tokens -----------------------------------------------------------------------

TEST(RefreshTokenTest, RoundTripAndLength) {
  std::string id = "bqvf6tbf4f7zqrjfbjhwb7wf3", secret = "q7c3wasibgpp5mpvbvlshuzsg";
  std::string wire = encode_refresh_token(id, secret);
  EXPECT_EQ(wire.size(), 72u);
  EXPECT_EQ(wire, b64("\x0a\x19"s + id + "\x12\x19" + secret));
  auto back = decode_refresh_token(wire);
  EXPECT_EQ(back.refresh_id, id);
  EXPECT_EQ(back.token, secret);
  EXPECT_FALSE(back.legacy);
}

// dex's extractRefreshTokenFromRequest: whatever internal.Unmarshal refuses is a bare ID.
TEST(RefreshTokenTest, LegacyFallbackMatchesDex) {
  struct Case {
    std::string wire;
    bool legacy;
    std::string refresh_id, token;
  } cases[] = {
      // A dex NewID() (25 characters): 25 % 4 == 1 is never valid base64.
      {"bqvf6tbf4f7zqrjfbjhwb7wf3", true, "bqvf6tbf4f7zqrjfbjhwb7wf3", ""},
      // Decodable base64 whose bytes are not a message: field number 0.
      {"AAAA", true, "AAAA", ""},
      // Padding is not allowed in the raw encoding.
      {encode_refresh_token("id", "tok") + "=", true, encode_refresh_token("id", "tok") + "=", ""},
      {"CgJhYg==", true, "CgJhYg==", ""},
      // The standard alphabet's characters are not base64url.
      {"CgJh+g", true, "CgJh+g", ""},
      // Invalid UTF-8 in the ID.
      {"CgH_", true, "CgH_", ""},
      // A valid message with only an unknown field: decodes, to empty values (not legacy).
      {"GAE", false, "", ""},
      // Empty input decodes to an empty message (the handler refuses it before decoding).
      {"", false, "", ""},
      // Go skips CR and LF anywhere in the input.
      {"Cg\nJh\r\nYg", false, "ab", ""},
      // Go ignores non-zero unused bits in the last character: "CgJhYh" decodes as "CgJhYg".
      {"CgJhYh", false, "ab", ""},
      {"CgJhYg", false, "ab", ""},
  };
  for (const auto& c : cases) {
    auto got = decode_refresh_token(c.wire);
    EXPECT_EQ(got.legacy, c.legacy) << c.wire;
    EXPECT_EQ(got.refresh_id, c.refresh_id) << c.wire;
    EXPECT_EQ(got.token, c.token) << c.wire;
  }
}

TEST(RefreshTokenTest, JunkNeverCrashes) {
  unsigned state = 7;
  for (int round = 0; round < 2000; ++round) {
    std::string junk;
    for (int i = 0; i < round % 97; ++i) {
      state = state * 1103515245u + 12345u;
      junk += static_cast<char>(state >> 16);
    }
    std::string text = round % 2 ? junk : b64(junk);
    auto r = decode_refresh_token(text);
    if (r.legacy) {
      EXPECT_EQ(r.refresh_id, text);
    }
    (void)decode_subject(text);
  }
}

TEST(ProtowireTest, WriterMatchesProtoMarshal) {
  std::string out;
  protowire::append_string_field(out, 1, "a");
  protowire::append_string_field(out, 2, "");
  protowire::append_string_field(out, 16, "b");  // two-byte tag
  EXPECT_EQ(out,
            "\x0a\x01"
            "a\x82\x01\x01"
            "b"s);
  std::array<std::string, 16> fields;
  ASSERT_TRUE(protowire::read_string_fields(out, fields));
  EXPECT_EQ(fields[0], "a");
  EXPECT_EQ(fields[15], "b");
}

}  // namespace
}  // namespace dexcc::oauth2
