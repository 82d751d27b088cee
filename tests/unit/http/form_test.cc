// Tests for net/url-compatible escaping, ParseQuery and Values.Encode.
#include "http/form.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace dexcc::http {
namespace {

TEST(Form, QueryEscapeLikeGo) {
  EXPECT_EQ(query_escape("a b&c=d/é~-._"), "a+b%26c%3Dd%2F%C3%A9~-._");
  EXPECT_EQ(query_escape("http://127.0.0.1:5555/callback"), "http%3A%2F%2F127.0.0.1%3A5555%2Fcallback");
}

TEST(Form, PathEscapeLikeGo) {
  EXPECT_EQ(path_escape("a/b c;d,e?f:g@h&i=j+k$l"), "a%2Fb%20c%3Bd%2Ce%3Ff:g@h&i=j+k$l");
}

TEST(Form, Unescape) {
  EXPECT_EQ(query_unescape("a+b%20c").value(), "a b c");
  EXPECT_EQ(path_unescape("a+b%20c").value(), "a+b c");
  EXPECT_FALSE(query_unescape("%zz").has_value());
  EXPECT_FALSE(query_unescape("%4").has_value());
  EXPECT_FALSE(query_unescape("%").has_value());
}

TEST(Form, ParseQueryKeepsOrderAndRepeats) {
  auto p = parse_query("b=2&a=1&b=3&empty=&flag&&x=%2Fy");
  ASSERT_FALSE(p.error);
  EXPECT_EQ(p.values.get("b"), "2");
  EXPECT_EQ(p.values.all("b")->size(), 2u);
  EXPECT_EQ(p.values.get("empty"), "");
  EXPECT_TRUE(p.values.has("flag"));
  EXPECT_EQ(p.values.get("x"), "/y");
  EXPECT_EQ(p.values.encode(), "a=1&b=2&b=3&empty=&flag=&x=%2Fy");
}

TEST(Form, ParseQueryErrorsLikeGo) {
  auto semi = parse_query("a=1;b=2&c=3");
  EXPECT_EQ(semi.error, "invalid semicolon separator in query");
  EXPECT_EQ(semi.values.get("c"), "3");
  auto bad = parse_query("a=%zz&b=2");
  EXPECT_TRUE(bad.error.has_value());
  EXPECT_FALSE(bad.values.has("a"));
  EXPECT_EQ(bad.values.get("b"), "2");
}

// "k0=&k1=&..." with `count` distinct keys, or "a=&a=&..." with one key `count` times.
std::string parameters(size_t count, bool distinct_keys) {
  std::string query;
  for (size_t i = 0; i < count; ++i) {
    if (i) query += '&';
    query += distinct_keys ? "k" + std::to_string(i) + "=" : "a=";
  }
  return query;
}

TEST(Form, ParseQueryTakesUpToTheParameterLimit) {
  for (bool distinct : {true, false}) {
    auto at_limit = parse_query(parameters(kMaxParameters, distinct));
    EXPECT_FALSE(at_limit.error) << distinct;
    EXPECT_FALSE(at_limit.too_many_parameters);
    EXPECT_EQ(at_limit.parameters, kMaxParameters);
    EXPECT_EQ(at_limit.values.entries().size(), distinct ? kMaxParameters : 1);

    auto over = parse_query(parameters(kMaxParameters + 1, distinct) + "&last=1");
    EXPECT_TRUE(over.too_many_parameters) << distinct;
    EXPECT_EQ(over.error, kTooManyParameters);
    EXPECT_EQ(over.parameters, kMaxParameters);
    EXPECT_FALSE(over.values.has("last"));  // parsing stopped at the first one too many
    EXPECT_EQ(distinct ? over.values.entries().size() : over.values.all("a")->size(), kMaxParameters);
  }
}

TEST(Form, ParameterLimitMessageNamesTheLimit) {
  EXPECT_NE(std::string(kTooManyParameters).find(std::to_string(kMaxParameters)), std::string::npos);
}

TEST(Form, ParameterLimitCountsMalformedPiecesButNotEmptyOnes) {
  EXPECT_FALSE(parse_query(parameters(kMaxParameters, true) + "&&&").too_many_parameters);
  auto malformed = parse_query(parameters(kMaxParameters - 1, true) + "&x=%zz&y=1");
  EXPECT_TRUE(malformed.too_many_parameters);
  EXPECT_EQ(malformed.error, "invalid URL escape in query");  // Go's rule: the first error is reported
  EXPECT_TRUE(parse_query("a=1&b=2&c=3", 2).too_many_parameters);
  EXPECT_FALSE(parse_query("a=1&b=2", 2).too_many_parameters);
}

// The same operations on Values and on a plain list of keys searched one by one must agree, on
// both sides of the size from which Values looks keys up through its index (16 keys): with 24
// possible keys, a quarter of the steps removing and half adding, the count hovers around it.
TEST(Form, ValuesAgreeWithALinearModelAcrossTheIndexThreshold) {
  using Model = std::vector<std::pair<std::string, std::vector<std::string>>>;
  auto find = [](Model& m, const std::string& k) {
    return std::find_if(m.begin(), m.end(), [&](const auto& e) { return e.first == k; });
  };
  std::mt19937 random(22);
  for (int key_space : {4, 24, 60}) {
    Values values;
    Model model;
    for (int step = 0; step < 4000; ++step) {
      std::string key = "k" + std::to_string(random() % key_space);
      std::string value = std::to_string(step);
      switch (random() % 4) {
        case 0: {
          values.remove(key);
          if (auto it = find(model, key); it != model.end()) model.erase(it);
          break;
        }
        case 1: {
          values.set(key, value);
          if (auto it = find(model, key); it != model.end()) model.erase(it);
          model.emplace_back(key, std::vector<std::string>{value});
          break;
        }
        default: {
          values.add(key, value);
          if (auto it = find(model, key); it != model.end()) {
            it->second.push_back(value);
          } else {
            model.emplace_back(key, std::vector<std::string>{value});
          }
        }
      }
      ASSERT_EQ(values.entries(), model) << "key space " << key_space << ", step " << step;
      for (int k = 0; k < key_space; ++k) {
        std::string probe = "k" + std::to_string(k);
        auto it = find(model, probe);
        ASSERT_EQ(values.has(probe), it != model.end()) << probe;
        if (it != model.end()) {
          ASSERT_EQ(values.get(probe), it->second.front());
        }
      }
    }
    Values copy = values;
    copy.add("new", "1");
    EXPECT_EQ(copy.get("new"), "1");
    EXPECT_FALSE(values.has("new"));
  }
}

TEST(Form, AppendKeepsFirstSeenOrderWithManyKeys) {
  Values a = parse_query(parameters(40, true)).values;
  Values b = parse_query("k39=x&z=1&k0=y").values;
  a.append(b);
  EXPECT_EQ(a.entries().back().first, "z");
  EXPECT_EQ(a.all("k39")->size(), 2u);
  EXPECT_EQ(a.all("k0")->back(), "y");
  EXPECT_EQ(a.entries().size(), 41u);
}

}  // namespace
}  // namespace dexcc::http
