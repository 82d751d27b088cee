// Conformance: static clients, passwords and connectors shadow stored ones and are read-only (§7.9).
#include <algorithm>

#include "storage/conformance.h"
#include "storage/static.h"

namespace dexcc::storage::testing {
namespace {

using K = ErrorKind;

template <class T>
std::vector<std::string> ids(const std::vector<T>& v, std::string (*key)(const T&)) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(key(x));
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(StorageConformance, StaticClients) {
  Client stored = sample_client();
  stored.id = "stored";
  Client shadowed = sample_client();
  shadowed.id = "shared";
  shadowed.name = "from storage";
  ASSERT_STORAGE_OK(s().create_client(stored));
  ASSERT_STORAGE_OK(s().create_client(shadowed));

  Client static1 = sample_client();
  static1.id = "shared";
  static1.name = "from config";
  Client static2 = sample_client();
  static2.id = "static-only";
  wrap([&](std::unique_ptr<Storage> inner) {
    return with_static_clients(std::move(inner), {static1, static2});
  });

  EXPECT_EQ(s().get_client("shared")->name, "from config");
  EXPECT_EQ(*s().get_client("static-only"), static2);
  EXPECT_EQ(*s().get_client("stored"), stored);
  EXPECT_STORAGE_ERROR(s().get_client("missing"), K::kNotFound);

  auto list = s().list_clients();
  ASSERT_STORAGE_OK(list);
  EXPECT_EQ(ids<Client>(*list, [](const Client& c) { return c.id; }),
            (std::vector<std::string>{"shared", "static-only", "stored"}));
  for (const auto& c : *list) {
    if (c.id == "shared") {
      EXPECT_EQ(c.name, "from config");
    }
  }

  EXPECT_STORAGE_ERROR(s().create_client(static2), K::kReadOnly);
  auto update = s().update_client("shared", [](Client c) -> Result<Client> { return c; });
  EXPECT_STORAGE_ERROR(update, K::kReadOnly);
  EXPECT_EQ(update.error().message, "static clients: read-only cannot update client");
  EXPECT_STORAGE_ERROR(s().delete_client("static-only"), K::kReadOnly);

  // Non-static clients still go to storage.
  Client fresh = sample_client();
  ASSERT_STORAGE_OK(s().create_client(fresh));
  ASSERT_STORAGE_OK(s().update_client(fresh.id, [](Client c) -> Result<Client> {
    c.name = "updated";
    return c;
  }));
  EXPECT_EQ(s().get_client(fresh.id)->name, "updated");
  ASSERT_STORAGE_OK(s().delete_client(fresh.id));
  ASSERT_STORAGE_OK(s().delete_client("stored"));
}

TEST_P(StorageConformance, StaticPasswords) {
  Password stored = sample_password("stored@example.com");
  ASSERT_STORAGE_OK(s().create_password(stored));
  Password static1 = sample_password("Admin@Example.com");
  static1.user_id = "08a8684b-db88-4b73-90a9-3cd1661f5466";
  wrap([&](std::unique_ptr<Storage> inner) { return with_static_passwords(std::move(inner), {static1}); });

  auto got = s().get_password("ADMIN@example.COM");
  ASSERT_STORAGE_OK(got);
  EXPECT_EQ(got->user_id, static1.user_id);
  EXPECT_EQ(got->email, "admin@example.com");
  EXPECT_EQ(*s().get_password("stored@example.com"), stored);

  auto list = s().list_passwords();
  ASSERT_STORAGE_OK(list);
  EXPECT_EQ(ids<Password>(*list, [](const Password& p) { return p.email; }),
            (std::vector<std::string>{"admin@example.com", "stored@example.com"}));

  EXPECT_STORAGE_ERROR(s().create_password(sample_password("admin@EXAMPLE.com")), K::kReadOnly);
  EXPECT_STORAGE_ERROR(
      s().update_password("Admin@example.com", [](Password p) -> Result<Password> { return p; }),
      K::kReadOnly);
  EXPECT_STORAGE_ERROR(s().delete_password("admin@example.com"), K::kReadOnly);
  ASSERT_STORAGE_OK(s().delete_password("STORED@example.com"));
}

TEST_P(StorageConformance, StaticConnectors) {
  Connector stored = sample_connector("github");
  ASSERT_STORAGE_OK(s().create_connector(stored));
  Connector local{"local", "local", "Email", "", ""};
  wrap([&](std::unique_ptr<Storage> inner) { return with_static_connectors(std::move(inner), {local}); });

  EXPECT_EQ(*s().get_connector("local"), local);
  EXPECT_EQ(comparable(*s().get_connector("github")), comparable(stored));
  auto list = s().list_connectors();
  ASSERT_STORAGE_OK(list);
  EXPECT_EQ(ids<Connector>(*list, [](const Connector& c) { return c.id; }),
            (std::vector<std::string>{"github", "local"}));
  EXPECT_STORAGE_ERROR(s().create_connector(local), K::kReadOnly);
  EXPECT_STORAGE_ERROR(s().update_connector("local", [](Connector c) -> Result<Connector> { return c; }),
                       K::kReadOnly);
  EXPECT_STORAGE_ERROR(s().delete_connector("local"), K::kReadOnly);
  ASSERT_STORAGE_OK(s().delete_connector("github"));
}

// The overlays stack, as dex's serve command stacks them, and leave other entities alone.
TEST_P(StorageConformance, StaticOverlaysStack) {
  wrap([&](std::unique_ptr<Storage> inner) {
    auto a = with_static_clients(std::move(inner), {sample_client()});
    auto b = with_static_passwords(std::move(a), {sample_password()});
    return with_static_connectors(std::move(b), {sample_connector()});
  });
  EXPECT_EQ(s().list_clients()->size(), 1u);
  EXPECT_EQ(s().list_passwords()->size(), 1u);
  EXPECT_EQ(s().list_connectors()->size(), 1u);
  RefreshToken r = sample_refresh_token();
  ASSERT_STORAGE_OK(s().create_refresh_token(r));
  EXPECT_EQ(*s().get_refresh_token(r.id), r);
}

}  // namespace
}  // namespace dexcc::storage::testing
