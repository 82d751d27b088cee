// A load scenario: per-worker setup (not timed) and one timed operation, repeated until time is up.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "load/http_connection.h"
#include "load/target.h"

namespace dexcc::bench {

class Worker {
 public:
  virtual ~Worker() = default;
  // Gets what the operation needs (tokens, say); false stops the run as misconfigured.
  virtual bool setup(HttpConnection&) { return true; }
  // One operation; false counts an error.
  virtual bool run_once(HttpConnection& conn) = 0;
};

// A fresh worker for scenario `name`, or null when there is no such scenario.
std::unique_ptr<Worker> make_worker(std::string_view name, const Target& target);
const std::vector<std::string>& scenario_names();

}  // namespace dexcc::bench
