// The three static overlays, sharing one StaticSet for lookup, listing and the read-only errors.
#include "storage/static.h"

#include <fmt/format.h>

#include <map>
#include <string>

#include "base/log.h"
#include "base/text.h"
#include "storage/forwarding.h"

namespace dexcc::storage {
namespace {

// Static records of one kind, by key, in config order. `kind` names them in dex's error texts
// ("static clients: read-only cannot update client").
template <class T>
class StaticSet {
 public:
  StaticSet(std::vector<T> items, std::string (*key)(const T&), std::string_view kind, std::string_view noun)
      : key_(key), kind_(kind), noun_(noun) {
    for (auto& item : items) {
      std::string k = key_(item);
      if (auto it = index_.find(k); it != index_.end()) {
        log::error(fmt::format("attempting to create static {} with the same ID", kind_), {{"id", k}});
        items_[it->second] = std::move(item);
        continue;
      }
      index_.emplace(std::move(k), items_.size());
      items_.push_back(std::move(item));
    }
  }

  bool contains(const std::string& key) const { return index_.contains(key); }

  // The static record under `key`, else whatever `stored` gives.
  template <class F>
  Result<T> get(const std::string& key, F&& stored) const {
    if (auto it = index_.find(key); it != index_.end()) return items_[it->second];
    return stored();
  }

  // Stored records not shadowed by a static one, then the static ones.
  Result<std::vector<T>> list(Result<std::vector<T>> stored) const {
    if (!stored) return stored;
    std::vector<T> out;
    for (auto& item : *stored) {
      if (!contains(key_(item))) out.push_back(std::move(item));
    }
    out.insert(out.end(), items_.begin(), items_.end());
    return out;
  }

  // Fails when `key` is static; otherwise runs `stored`.
  template <class F>
  Result<void> write(const std::string& key, std::string_view verb, F&& stored) const {
    if (contains(key)) {
      return fail(ErrorKind::kReadOnly, fmt::format("static {}: read-only cannot {} {}", kind_, verb, noun_));
    }
    return stored();
  }

 private:
  std::string (*key_)(const T&);
  std::string kind_;
  std::string noun_;
  std::vector<T> items_;
  std::map<std::string, size_t> index_;
};

std::string client_key(const Client& c) {
  return c.id;
}
std::string password_key(const Password& p) {
  return base::go_to_lower(p.email);
}
std::string connector_key(const Connector& c) {
  return c.id;
}

class StaticClients final : public ForwardingStorage {
 public:
  StaticClients(std::unique_ptr<Storage> inner, std::vector<Client> clients)
      : ForwardingStorage(std::move(inner)), set_(std::move(clients), client_key, "clients", "client") {}

  Result<Client> get_client(std::string_view id) override {
    return set_.get(std::string(id), [&] { return inner().get_client(id); });
  }
  Result<std::vector<Client>> list_clients() override { return set_.list(inner().list_clients()); }
  Result<void> create_client(const Client& c) override {
    return set_.write(c.id, "create", [&] { return inner().create_client(c); });
  }
  Result<void> update_client(std::string_view id, const Updater<Client>& fn) override {
    return set_.write(std::string(id), "update", [&] { return inner().update_client(id, fn); });
  }
  Result<void> delete_client(std::string_view id) override {
    return set_.write(std::string(id), "delete", [&] { return inner().delete_client(id); });
  }

 private:
  StaticSet<Client> set_;
};

class StaticPasswords final : public ForwardingStorage {
 public:
  StaticPasswords(std::unique_ptr<Storage> inner, std::vector<Password> passwords)
      : ForwardingStorage(std::move(inner)),
        set_(lowered(std::move(passwords)), password_key, "passwords", "password") {}

  Result<Password> get_password(std::string_view email) override {
    return set_.get(base::go_to_lower(email), [&] { return inner().get_password(email); });
  }
  Result<std::vector<Password>> list_passwords() override { return set_.list(inner().list_passwords()); }
  Result<void> create_password(const Password& p) override {
    return set_.write(base::go_to_lower(p.email), "create", [&] { return inner().create_password(p); });
  }
  Result<void> update_password(std::string_view email, const Updater<Password>& fn) override {
    return set_.write(base::go_to_lower(email), "update", [&] { return inner().update_password(email, fn); });
  }
  Result<void> delete_password(std::string_view email) override {
    return set_.write(base::go_to_lower(email), "delete", [&] { return inner().delete_password(email); });
  }

 private:
  static std::vector<Password> lowered(std::vector<Password> passwords) {
    for (auto& p : passwords) p.email = base::go_to_lower(p.email);
    return passwords;
  }

  StaticSet<Password> set_;
};

class StaticConnectors final : public ForwardingStorage {
 public:
  StaticConnectors(std::unique_ptr<Storage> inner, std::vector<Connector> connectors)
      : ForwardingStorage(std::move(inner)),
        set_(std::move(connectors), connector_key, "connectors", "connector") {}

  Result<Connector> get_connector(std::string_view id) override {
    return set_.get(std::string(id), [&] { return inner().get_connector(id); });
  }
  Result<std::vector<Connector>> list_connectors() override { return set_.list(inner().list_connectors()); }
  Result<void> create_connector(const Connector& c) override {
    return set_.write(c.id, "create", [&] { return inner().create_connector(c); });
  }
  Result<void> update_connector(std::string_view id, const Updater<Connector>& fn) override {
    return set_.write(std::string(id), "update", [&] { return inner().update_connector(id, fn); });
  }
  Result<void> delete_connector(std::string_view id) override {
    return set_.write(std::string(id), "delete", [&] { return inner().delete_connector(id); });
  }

 private:
  StaticSet<Connector> set_;
};

}  // namespace

std::unique_ptr<Storage> with_static_clients(std::unique_ptr<Storage> inner, std::vector<Client> clients) {
  return std::make_unique<StaticClients>(std::move(inner), std::move(clients));
}

std::unique_ptr<Storage> with_static_passwords(std::unique_ptr<Storage> inner,
                                               std::vector<Password> passwords) {
  return std::make_unique<StaticPasswords>(std::move(inner), std::move(passwords));
}

std::unique_ptr<Storage> with_static_connectors(std::unique_ptr<Storage> inner,
                                                std::vector<Connector> connectors) {
  return std::make_unique<StaticConnectors>(std::move(inner), std::move(connectors));
}

}  // namespace dexcc::storage
