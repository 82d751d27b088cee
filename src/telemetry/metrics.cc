// Counter and histogram families rendered in the Prometheus text exposition format.
#include "telemetry/metrics.h"

#include <fmt/format.h>

#include <cmath>

namespace dexcc::telemetry {
namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void append_header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string format_value(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

void append_sample(std::string& out, const std::string& name, const std::vector<std::string>& label_names,
                   const Labels& labels, double value, const std::string& extra_label,
                   const std::string& extra_value) {
  out += name;
  if (!label_names.empty() || !extra_label.empty()) {
    out += '{';
    bool first = true;
    for (size_t i = 0; i < label_names.size(); ++i) {
      if (!first) out += ',';
      first = false;
      out += fmt::format("{}=\"{}\"", label_names[i], escape_label(i < labels.size() ? labels[i] : ""));
    }
    if (!extra_label.empty()) {
      if (!first) out += ',';
      out += fmt::format("{}=\"{}\"", extra_label, extra_value);
    }
    out += '}';
  }
  out += ' ';
  out += format_value(value);
  out += '\n';
}

CounterFamily::CounterFamily(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

CounterFamily::Series* CounterFamily::series(const Labels& labels) {
  std::lock_guard lock(mu_);
  return &values_.try_emplace(labels).first->second;
}

double CounterFamily::value(const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second.value.load(std::memory_order_relaxed);
}

void CounterFamily::render(std::string& out) const {
  append_header(out, name_, help_, "counter");
  std::lock_guard lock(mu_);
  for (const auto& [labels, s] : values_) {
    append_sample(out, name_, label_names_, labels, s.value.load(std::memory_order_relaxed));
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                                 std::vector<double> buckets)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), buckets_(std::move(buckets)) {}

HistogramFamily::Series* HistogramFamily::series(const Labels& labels) {
  std::lock_guard lock(mu_);
  return &series_.try_emplace(labels, buckets_).first->second;
}

void HistogramFamily::Series::observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

void HistogramFamily::render(std::string& out) const {
  append_header(out, name_, help_, "histogram");
  std::lock_guard lock(mu_);
  for (const auto& [labels, s] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < buckets_.size(); ++i) {
      cumulative += s.counts_[i].load(std::memory_order_relaxed);
      append_sample(out, name_ + "_bucket", label_names_, labels, static_cast<double>(cumulative), "le",
                    format_value(buckets_[i]));
    }
    cumulative += s.counts_.back().load(std::memory_order_relaxed);
    append_sample(out, name_ + "_bucket", label_names_, labels, static_cast<double>(cumulative), "le", "+Inf");
    append_sample(out, name_ + "_sum", label_names_, labels, s.sum_.load(std::memory_order_relaxed));
    append_sample(out, name_ + "_count", label_names_, labels, static_cast<double>(cumulative));
  }
}

void Registry::add(std::shared_ptr<Collector> collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& c : collectors_) c->render(out);
  return out;
}

}  // namespace dexcc::telemetry
