// End-to-end: dexcc killed with SIGKILL while it writes to SQLite loses nothing it acknowledged,
// and the database opens again. Also: a damaged database file is refused at start with one line.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "http/form.h"
#include "support/dexcc_instance.h"

namespace dexcc::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kConfig[] = R"(storage:
  type: sqlite3
  config:
    file: {{DIR}}/dex.db
staticClients:
- id: app
  secret: s3cr3t
  name: App
  redirectURIs: ['http://127.0.0.1:1/cb']
connectors:
- type: mockCallback
  id: mock
  name: Mock
)";

std::string state_of(const std::string& location) {
  auto q = location.find('?');
  return std::string(http::parse_query(location.substr(q + 1)).values.get("state"));
}

TEST(E2ECrash, AcknowledgedWritesSurviveSigkill) {
  auto dir = std::make_shared<TempDir>();
  std::vector<std::string> acknowledged;
  {
    DexccInstance dex(InstanceOptions{.config_body = kConfig, .dir = dir});
    ASSERT_TRUE(dex.started()) << dex.process().output();
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&] {
        while (!stop) {
          // Each 302 means an auth request was stored before the answer was sent.
          auto r = dex.get("/auth/mock?client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&response_type=code"
                           "&scope=openid&state=x");
          if (!r || r->status != 302) continue;
          std::lock_guard lock(mu);
          acknowledged.push_back(state_of(r->header("location")));
        }
      });
    }
    std::this_thread::sleep_for(1500ms);
    dex.process().signal(SIGKILL);
    EXPECT_EQ(dex.process().wait(5s), 128 + SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_GT(acknowledged.size(), 20u);

  DexccInstance again(InstanceOptions{.config_body = kConfig, .dir = dir});
  ASSERT_TRUE(again.started()) << again.process().output();
  size_t found = 0;
  for (const auto& id : acknowledged) {
    // The mock connector's callback finds the stored request and moves on to the approval page.
    auto r = again.get("/callback?state=" + id);
    ASSERT_TRUE(r);
    if (r->status == 303) ++found;
  }
  EXPECT_EQ(found, acknowledged.size());
}

TEST(E2ECrash, DamagedDatabaseIsRefusedWithOneLine) {
  TempDir dir;
  std::ofstream(dir / "dex.db") << std::string(8192, 'x');
  std::ofstream(dir / "c.yaml") << "issuer: http://127.0.0.1:1/dex\nweb: {http: '127.0.0.1:0'}\nstorage:\n  type: sqlite3\n"
                                   "  config:\n    file: "
                                << (dir / "dex.db").string() << "\nconnectors:\n- {type: mockCallback, id: m, name: M}\n";
  Process p({dexcc_binary(), "serve", (dir / "c.yaml").string()}, dir / "out.log");
  EXPECT_EQ(p.wait(10s), 2);
  std::string out = p.output();
  EXPECT_NE(out.find("storage:"), std::string::npos) << out;
  EXPECT_EQ(out.find("Segmentation"), std::string::npos);
}

}  // namespace
}  // namespace dexcc::testing
