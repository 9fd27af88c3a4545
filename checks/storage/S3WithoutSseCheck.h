// storage-s3-without-sse: an AWS SDK for C++ S3 upload whose request does not ask for
// server-side encryption (CWE-311). A Aws::S3 (or Aws::S3Crt) Model::PutObjectRequest,
// CreateMultipartUploadRequest or CopyObjectRequest sent with S3Client::PutObject,
// CreateMultipartUpload or CopyObject (and their Async / Callable forms) is reported
// when neither SetServerSideEncryption/WithServerSideEncryption, SetSSEKMSKeyId/
// WithSSEKMSKeyId nor an SSE-C customer key (SetSSECustomerAlgorithm/SetSSECustomerKey)
// is applied to that request: on a local variable anywhere in the sending function,
// or in the With...() chain of a temporary. A request that comes from elsewhere (a
// parameter, a field, a factory's result) or that is handed to another function by
// reference first (which may set the encryption) is not reported.
#pragma once
#include "checks/Check.h"

namespace attest::storage {
class S3WithoutSseCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
};
}  // namespace attest::storage
