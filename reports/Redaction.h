// Secrets never reach an output. Checks register every secret value they flag;
// after the scan, every text of every finding and notification is scrubbed of them.
#pragma once
#include "reports/Finding.h"

#include <set>
#include <string>
#include <string_view>

namespace attest {

// What is shown instead of a secret: the first 4 characters and an ellipsis for a
// long token (enough to recognise its kind, e.g. "ghp_…"), nothing of a short value.
std::string maskSecret(std::string_view secret);

// Replaces every occurrence of every secret (longest first) in the findings'
// messages, snippets, related locations and properties, and in notifications.
void scrubSecrets(std::vector<Finding> &findings, std::vector<Notification> &notifications,
                  const std::set<std::string> &secrets);

// HMAC-SHA-256(key, secret) in hex, so two findings of one secret can be correlated
// without a digest that a dictionary could reverse. Empty when `key` is empty.
std::string secretDigest(std::string_view secret, std::string_view key);

}  // namespace attest
