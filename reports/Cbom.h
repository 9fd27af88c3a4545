// The cryptography inventory: every algorithm, key size, TLS protocol version and
// cipher configuration the scanned code selects (weak or not), written as a CycloneDX
// 1.6 Cryptography Bill of Materials (`attest scan --cbom FILE`). Plain data, no Clang.
//
// Checks record a CryptoAsset where they recognise an algorithm (checks/Check.h,
// Check::recordAsset); the driver carries them like findings (result cache included);
// buildCbom() canonicalises names ("aes_256_gcm", "AES-256-GCM", L"AES" + 256-bit key,
// "CALG_SHA_256", "GCRY_MD_SHA256" are one vocabulary), merges occurrences and writes
// components sorted by (asset type, name) with stable bom-refs. Keys and other secrets
// are never an asset's value: only algorithm names, sizes, versions and cipher lists.
#pragma once

#include "core/CryptoAsset.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace attest {


struct CbomOptions {
  std::string sourceRoot;  // occurrence paths are relative to it (as in the SARIF)
  std::string toolVersion;
};

// The CycloneDX 1.6 document. Deterministic: same assets (in any order, with
// duplicates from headers seen by several TUs) give the same bytes.
nlohmann::json buildCbom(const std::vector<CryptoAsset> &assets, const CbomOptions &options);

// Replaces every occurrence of every secret in the assets' texts (as core/Redaction.h
// does for findings): a cipher list or name is never a key, but nothing is assumed.
void scrubAssets(std::vector<CryptoAsset> &assets, const std::set<std::string> &secrets);
class SecretScrubber;
void scrubAssets(std::vector<CryptoAsset> &assets, const SecretScrubber &scrubber);

// The cache's form of an asset (driver/ResultCache.cpp).
nlohmann::json cryptoAssetToJson(const CryptoAsset &asset);
std::optional<CryptoAsset> cryptoAssetFromJson(const nlohmann::json &j);

}  // namespace attest
