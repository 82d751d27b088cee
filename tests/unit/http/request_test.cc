// Tests for request-target splitting and Go's ParseForm merge of body and query.
#include "http/request.h"

#include <gtest/gtest.h>

namespace dexcc::http {
namespace {

TEST(Request, SplitsTargets) {
  std::string path, query;
  ASSERT_TRUE(split_target("/dex/auth?client_id=a&x=%2F", path, query));
  EXPECT_EQ(path, "/dex/auth");
  EXPECT_EQ(query, "client_id=a&x=%2F");
  ASSERT_TRUE(split_target("http://h:1/dex/token", path, query));
  EXPECT_EQ(path, "/dex/token");
  EXPECT_EQ(query, "");
  EXPECT_FALSE(split_target("*", path, query));
  EXPECT_FALSE(split_target("", path, query));
}

TEST(Request, FormMergesBodyFirstThenQuery) {
  Request r;
  r.method = "POST";
  r.query = "a=query&q=1";
  r.body = "a=body&b=2";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  const auto& f = r.form();
  EXPECT_FALSE(f.error);
  EXPECT_EQ(f.values.get("a"), "body");
  EXPECT_EQ(f.values.all("a")->size(), 2u);
  EXPECT_EQ(f.values.get("q"), "1");
  EXPECT_EQ(f.post_values.get("b"), "2");
  EXPECT_FALSE(f.post_values.has("q"));
}

TEST(Request, BodyIgnoredForGetAndOtherContentTypes) {
  Request r;
  r.method = "GET";
  r.body = "a=1";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_FALSE(r.form().values.has("a"));
  Request j;
  j.method = "POST";
  j.body = "a=1";
  j.headers.set("Content-Type", "application/json");
  EXPECT_FALSE(j.form().values.has("a"));
}

TEST(Request, FormErrorReported) {
  Request r;
  r.method = "POST";
  r.body = "a=%zz";
  r.headers.set("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_TRUE(r.form().error.has_value());
}

}  // namespace
}  // namespace dexcc::http
