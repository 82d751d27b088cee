// What the dex-compatibility tests share: reading a dex fixture dump and spelling fixture times.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "storage/entities.h"

namespace dexcc::storage::testing {

// The SQL of tests/storage/fixtures/<name> (e.g. "dex-v2.45.1-postgres.sql").
inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(DEXCC_STORAGE_FIXTURES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A UTC time as the fixtures write it, down to microseconds.
inline Time fixture_time(int y, unsigned mo, unsigned d, int h, int mi, int s, int64_t us = 0) {
  using namespace std::chrono;
  return Time(sys_days(year(y) / mo / d)) + hours(h) + minutes(mi) + seconds(s) + microseconds(us);
}

}  // namespace dexcc::storage::testing
