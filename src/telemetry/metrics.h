// Prometheus metrics: labelled counters and histograms, a registry, and the text exposition format.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace dexcc::telemetry {

using Labels = std::vector<std::string>;  // values, in the order of the family's label names

class Collector {
 public:
  virtual ~Collector() = default;
  // Appends "# HELP", "# TYPE" and sample lines.
  virtual void render(std::string& out) const = 0;
};

// Series are created under the family's lock and never removed, so a caller may keep the pointer
// series() returns and update it without any lock (the values are atomic).
class CounterFamily : public Collector {
 public:
  struct Series {
    std::atomic<double> value{0};
  };
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  Series* series(const Labels& labels);
  void inc(const Labels& labels, double by = 1) { series(labels)->value.fetch_add(by, std::memory_order_relaxed); }
  double value(const Labels& labels) const;
  void render(std::string& out) const override;

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<Labels, Series> values_;
};

class HistogramFamily : public Collector {
 public:
  class Series {
   public:
    explicit Series(const std::vector<double>& bounds) : bounds_(bounds), counts_(bounds.size() + 1) {}
    void observe(double value);

   private:
    friend class HistogramFamily;
    const std::vector<double>& bounds_;
    // Per bucket, not cumulative; the last is above every bound. The total count is their sum, so
    // a scrape never sees "_count" disagree with the "+Inf" bucket.
    std::vector<std::atomic<uint64_t>> counts_;
    std::atomic<double> sum_{0};
  };
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> buckets);
  Series* series(const Labels& labels);
  void observe(const Labels& labels, double value) { series(labels)->observe(value); }
  void render(std::string& out) const override;

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::vector<double> buckets_;
  mutable std::mutex mu_;
  std::map<Labels, Series> series_;
};

// A collector whose samples are computed at scrape time (process metrics, build info).
class FunctionCollector : public Collector {
 public:
  explicit FunctionCollector(std::function<void(std::string&)> render) : render_(std::move(render)) {}
  void render(std::string& out) const override { render_(out); }

 private:
  std::function<void(std::string&)> render_;
};

class Registry {
 public:
  void add(std::shared_ptr<Collector> collector);
  // The whole registry in the Prometheus text format (version 0.0.4).
  std::string render() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Collector>> collectors_;
};

// Formats a sample value as Prometheus clients do ("1", "0.25", "+Inf").
std::string format_value(double v);
// `name{a="x",b="y"} value\n`, escaping label values.
void append_sample(std::string& out, const std::string& name, const std::vector<std::string>& label_names,
                   const Labels& labels, double value, const std::string& extra_label = {},
                   const std::string& extra_value = {});

}  // namespace dexcc::telemetry
