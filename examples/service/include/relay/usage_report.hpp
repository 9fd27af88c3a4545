// Counters: the per-tenant usage goes to the billing collector once an hour, and the
// service's own metrics to the Prometheus Pushgateway sidecar.
#pragma once

#include <map>
#include <string>

namespace relay {

// channel -> notifications delivered since the last report
using Usage = std::map<std::string, unsigned long>;

void report_usage(const Usage &usage);
void push_metrics(const Usage &usage);

}  // namespace relay
