// Tests for the connection cap's fit to the open-file limit, shared among the listeners.
#include "net/admission.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace dexcc::net {
namespace {

// Lowers the soft open-file limit for one test and puts it back.
class SoftOpenFileLimit {
 public:
  explicit SoftOpenFileLimit(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lowered = saved_;
    lowered.rlim_cur = soft;
    ok_ = setrlimit(RLIMIT_NOFILE, &lowered) == 0;
  }
  ~SoftOpenFileLimit() { setrlimit(RLIMIT_NOFILE, &saved_); }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST(FitToOpenFileLimit, EveryListenersCapTogetherFitsTheLimitLessTheRest) {
  SoftOpenFileLimit limit(1280);  // 1024 usable after the 256 kept for the rest of the process
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(fit_to_open_file_limit(4096, 1), 1024u);
  EXPECT_EQ(fit_to_open_file_limit(4096, 2), 512u);
  EXPECT_EQ(fit_to_open_file_limit(300, 3), 300u);  // fits as configured
  EXPECT_EQ(fit_to_open_file_limit(4096, 0), 4096u);
}

}  // namespace
}  // namespace dexcc::net
