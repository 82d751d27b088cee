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

// The parameter limit holds for the body and the query together, as one request.
TEST(Request, ParameterLimitCoversBodyAndQueryTogether) {
  auto request = [](size_t in_body, size_t in_query) {
    Request r;
    r.method = "POST";
    r.headers.set("Content-Type", "application/x-www-form-urlencoded");
    for (size_t i = 0; i < in_body; ++i) r.body += "b" + std::to_string(i) + "=1&";
    for (size_t i = 0; i < in_query; ++i) r.query += "q" + std::to_string(i) + "=1&";
    return r;
  };
  auto at_limit = request(600, kMaxParameters - 600);
  EXPECT_FALSE(at_limit.form().error);
  EXPECT_FALSE(at_limit.form().too_many_parameters);
  EXPECT_EQ(at_limit.form().values.entries().size(), kMaxParameters);

  auto one_over = request(600, kMaxParameters - 599);
  EXPECT_TRUE(one_over.form().too_many_parameters);
  EXPECT_EQ(one_over.form().error, kTooManyParameters);

  auto body_over = request(kMaxParameters + 1, 1);
  EXPECT_TRUE(body_over.form().too_many_parameters);
  EXPECT_EQ(body_over.form().post_values.entries().size(), kMaxParameters);
  EXPECT_FALSE(body_over.form().values.has("q0"));
}

}  // namespace
}  // namespace dexcc::http
