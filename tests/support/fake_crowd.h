// FakeCrowd: an Atlassian Crowd stand-in on loopback for connector tests. It answers the
// usermanagement/1 REST resources dex calls (session, user, nested groups) as Crowd's REST API
// documentation describes them: HTTP Basic application authentication ("Application failed to
// authenticate"), 201 sessions, 400 {reason, message} refusals, 404 USER_NOT_FOUND. The test gives
// the users and may remove or deactivate them mid-test; every request is recorded.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "support/fake_upstream.h"

namespace dexcc::testing {

struct CrowdUser {
  std::string key;
  std::string name;
  std::string password;
  std::string email;
  bool active = true;
  std::vector<std::string> groups;  // nested membership, as /user/group/nested lists it
};

class FakeCrowd {
 public:
  // Only the application `app_name` with `app_password` may call.
  FakeCrowd(std::string app_name, std::string app_password, std::vector<CrowdUser> users);

  // http://127.0.0.1:<port>/crowd, the connector's baseURL.
  std::string base_url() const { return upstream_.url("/crowd"); }

  void remove_user(const std::string& name);
  void set_active(const std::string& name, bool active);
  // From now on every request is answered with `status` and an HTML error page (0: normal service).
  void fail_with(int status);
  // From now on every request is held for `delay` before its answer (0: answered at once), as a
  // hung Crowd would; the hold is cut short when the fake stops.
  void hang(std::chrono::milliseconds delay);
  // Refuse the application as Crowd does when the caller's address is not allowed (403).
  void forbid_application(bool forbid);

  std::vector<ReceivedRequest> requests() const;

 private:
  FakeResponse answer(const ReceivedRequest& request);
  FakeResponse create_session(const ReceivedRequest& request, bool validate_password);
  const CrowdUser* find(const std::string& name) const;

  mutable std::mutex mutex_;
  std::string app_name_, app_password_;
  std::vector<CrowdUser> users_;
  int fail_status_ = 0;
  std::chrono::milliseconds hang_{0};
  bool forbidden_ = false;
  int next_token_ = 1;
  FakeUpstream upstream_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
