// The process environment as the config loader sees it: dex's $VAR expansion and DEX_* flags.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace dexcc::config {

// Looks up one environment variable; nullopt when unset. Injected so tests need no real env.
using Getenv = std::function<std::optional<std::string>(std::string_view)>;
Getenv process_getenv();

// Go's os.ExpandEnv: $NAME and ${NAME} (NAME = [A-Za-z0-9_]+, or one of the special one-character
// names *#$@!?- and 0-9); unset names expand to ""; "${}" and an unclosed "${" are dropped; a lone
// trailing '$' is kept.
std::string expand_env(std::string_view text, const Getenv& getenv);

// dex's expansion of a storage/signer/connector `config` block: every string value, recursively
// through objects and through arrays of strings and objects (arrays of arrays are left alone).
void expand_env_in_json(nlohmann::json& value, const Getenv& getenv);

// DEX_<FLAG> parsed as Go's strconv.ParseBool (1,t,T,TRUE,true,True,0,f,...); anything else keeps
// the default.
Features read_features(const Getenv& getenv);

}  // namespace dexcc::config
