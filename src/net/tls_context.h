// ReloadableTlsContext: a TLS listener's OpenSSL context, built from its certificate and key files
// with dex's protocol versions and cipher suites, and built again from the files on reload (SIGHUP).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <string>

#include "net/server.h"

namespace dexcc::net {

class ReloadableTlsContext {
 public:
  // Throws std::runtime_error naming the file that does not load.
  ReloadableTlsContext(std::string listener_name, TlsSettings settings);

  // The context a new connection is opened with. The connection keeps it for its life: a reload
  // replaces the listener's context, and the old one must live as long as the connections using it.
  std::shared_ptr<boost::asio::ssl::context> current() const;
  // Reads the files again; throws (keeping the current context) when they do not load.
  void reload();
  const std::string& listener_name() const { return listener_name_; }

 private:
  std::string listener_name_;
  TlsSettings settings_;
  mutable std::mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> current_;
};

}  // namespace dexcc::net
