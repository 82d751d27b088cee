// Root CA config forms: dex's file-path / base64 / PEM precedence and its error cases.
#include "http_client/root_ca.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/base64.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace dexcc::http_client {
namespace {

class RootCaTest : public ::testing::Test {
 protected:
  std::string write_file(const std::string& name, const std::string& contents) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << contents;
    return path;
  }

  testing::TempDir dir_;
  testing::TestCa first_{"first CA"};
  testing::TestCa second_{"second CA"};
};

TEST_F(RootCaTest, EntriesArePathsThenBase64ThenPem) {
  std::string path = write_file("ca.pem", first_.cert_pem());
  std::string base64 = base::base64_encode(second_.cert_pem());
  auto pem = root_cas_from_entries({path, "", base64, first_.cert_pem()});
  ASSERT_TRUE(pem) << pem.error().message;
  EXPECT_EQ(*pem, first_.cert_pem() + second_.cert_pem() + first_.cert_pem());
}

TEST_F(RootCaTest, Base64MayBeWrappedOverLines) {
  std::string base64 = base::base64_encode(first_.cert_pem());
  for (size_t at = 64; at < base64.size(); at += 65) base64.insert(at, "\n");
  auto pem = root_cas_from_entries({base64});
  ASSERT_TRUE(pem) << pem.error().message;
  EXPECT_EQ(*pem, first_.cert_pem());
}

TEST_F(RootCaTest, AnEntryWithoutCertificateNamesItsIndex) {
  auto pem = root_cas_from_entries({first_.cert_pem(), "", "not a certificate"});
  ASSERT_FALSE(pem);
  EXPECT_NE(pem.error().message.find("rootCAs.1 is not in PEM format"), std::string::npos)
      << pem.error().message;
  EXPECT_FALSE(root_cas_from_entries({write_file("empty.pem", "")}));
}

TEST_F(RootCaTest, FileFormNeedsAReadableFileWithCertificates) {
  auto pem = root_ca_from_file(write_file("ca.pem", first_.cert_pem()));
  ASSERT_TRUE(pem);
  EXPECT_EQ(*pem, first_.cert_pem());
  auto missing = root_ca_from_file((dir_ / "missing.pem").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("failed to read root-ca"), std::string::npos);
  auto junk = root_ca_from_file(write_file("junk.pem", "hello"));
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("no certs found in root CA file"), std::string::npos);
}

TEST_F(RootCaTest, HasCertificateSkipsOtherPemBlocks) {
  auto leaf = first_.issue_client("someone");
  EXPECT_TRUE(has_certificate(leaf.key_pem + leaf.cert_pem));
  EXPECT_FALSE(has_certificate(leaf.key_pem));
  EXPECT_FALSE(has_certificate(""));
}

}  // namespace
}  // namespace dexcc::http_client
