// write_failed: dex's one way of answering a storage write that did not happen.
#include <fmt/format.h>

#include "api/handlers.h"
#include "base/log.h"

namespace dexcc::api {

Outcome write_failed(const storage::Error& error, storage::ErrorKind soft,
                     const std::function<void()>& set_flag, std::string_view action) {
  if (error.kind == soft) {
    set_flag();
    return {};
  }
  log::error(fmt::format("api: failed to {}", action), {{"err", error.message}});
  return base::fail(fmt::format("{}: {}", action, error.message));
}

}  // namespace dexcc::api
