// An audit of the source tree: no secret (client secret, token, PKCE verifier or challenge, nonce,
// HMAC, password or hash, device or user code, cookie) is compared with == or !=, which stops at
// the first differing byte; they go through base::constant_time_equal. Comparisons with constants
// (literals, enumerators, end(), npos, nullptr) tell nothing about a secret and are allowed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

// An operand is the run of characters next to the operator up to a space or another operator
// ("nonce->get<std::string>()", "claims.end()", "rules.nonce").
const std::regex kComparison(R"(([^\s!&|,;=?]+)\s*(==|!=)\s*([^\s&|,;?]+))");
const std::regex kSecretName(
    "secret|client_secret|token|refresh_token|access_token|id_token|obsolete_token|verifier|code_verifier|nonce|"
    "hmac|mac|password|hash|device_code|user_code|code_challenge|challenge|cookie");
const std::regex kConstantName("end|begin|npos|nullptr|size|k[A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9_]+");
const std::regex kStringLiteral(R"("([^"\\]|\\.)*")");
const std::regex kCharLiteral(R"('([^'\\]|\\.)')");

// The last name in an operand: "a->b.c()" is "c", "std::string_view::npos" is "npos".
std::string last_name(const std::string& operand) {
  static const std::regex name("[A-Za-z_][A-Za-z0-9_]*");
  std::string last;
  for (auto it = std::sregex_iterator(operand.begin(), operand.end(), name); it != std::sregex_iterator(); ++it) {
    last = it->str();
  }
  return last;
}

// The comparisons in one line of code that put a secret-named operand against a non-constant.
std::vector<std::string> secret_comparisons(std::string line) {
  std::vector<std::string> out;
  if (auto first = line.find_first_not_of(" \t"); first != std::string::npos && line.compare(first, 2, "//") == 0) {
    return out;
  }
  line = std::regex_replace(line, kStringLiteral, "\"\"");  // literals neither name nor hide operands
  line = std::regex_replace(line, kCharLiteral, "' '");
  if (auto comment = line.find(" // "); comment != std::string::npos) line.resize(comment);
  for (auto it = std::sregex_iterator(line.begin(), line.end(), kComparison); it != std::sregex_iterator(); ++it) {
    std::string a = last_name((*it)[1]), b = last_name((*it)[3]);
    bool secret = std::regex_match(a, kSecretName) || std::regex_match(b, kSecretName);
    // An operand without a name is a literal: a string, character or number.
    bool constant = a.empty() || b.empty() || std::regex_match(a, kConstantName) || std::regex_match(b, kConstantName);
    if (secret && !constant) out.push_back(it->str());
  }
  return out;
}

TEST(SecretComparisonAudit, TheScannerSeesSecretComparisons) {
  EXPECT_EQ(secret_comparisons("  if (client->secret != secret) return false;").size(), 1u);
  EXPECT_EQ(secret_comparisons("return stored.token == presented.token;").size(), 1u);
  EXPECT_EQ(secret_comparisons("if (claims[\"nonce\"] == rules.nonce) {").size(), 1u);
  EXPECT_EQ(secret_comparisons("if (!nonce->is_string() || nonce->get<std::string>() != rules.nonce) {").size(), 1u);
  EXPECT_EQ(secret_comparisons("bool same = a.code_verifier==b.code_verifier;").size(), 1u);
  EXPECT_TRUE(secret_comparisons("if (t->status == storage::kDeviceTokenPending) {").empty());
  EXPECT_TRUE(secret_comparisons("if (nonce == claims.end()) {").empty());
  EXPECT_TRUE(secret_comparisons("if (hash == std::string_view::npos) {").empty());
  EXPECT_TRUE(secret_comparisons("if (token == nullptr) {").empty());
  EXPECT_TRUE(secret_comparisons("if (secret == \"\") {").empty());
  EXPECT_TRUE(secret_comparisons("if (hash[2] == '$' && token != 0) {").empty());
  EXPECT_TRUE(secret_comparisons("  // if (client->secret != secret)").empty());
  EXPECT_TRUE(secret_comparisons("if (!base::constant_time_equal(client->secret, secret)) {").empty());
}

TEST(SecretComparisonAudit, NoSecretIsComparedWithEquals) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(DEXCC_SOURCE_TREE) / "src";
  ASSERT_TRUE(fs::exists(src)) << src;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    ++files;
    std::ifstream in(entry.path());
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      for (const auto& c : secret_comparisons(line)) {
        ADD_FAILURE() << entry.path().lexically_relative(src).string() << ":" << number << ": " << c
                      << " (use base::constant_time_equal)";
      }
    }
  }
  EXPECT_GT(files, 100);
}

}  // namespace
