// Where logging-sensitive-data and storage-cleartext-sensitive-write look for a
// sensitive value: which calls and `<<` chains write to a log or to a file, and which
// of their operands are what is written. One place for both the local checks
// (checks/logging/SensitiveDataCheck, checks/storage/CleartextSensitiveWriteCheck) and
// the link step's summaries (checks/flow/SummaryCheck, issue 10).
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

// What storage-cleartext-sensitive-write reports in a file: bare key material is left
// out (a key file is expected to hold a key; its permissions are storage-world-readable's).
constexpr unsigned kStoredSensitiveKinds = 1u << 0 | 1u << 1 | 1u << 3 | 1u << 4 | 1u << 5;

struct SensitiveSink {
  std::string api;      // as messages name it: "syslog()", "fprintf(stderr)", "std::ofstream <<"
  std::string library;  // the log's library ("libc", "spdlog", "iostream"...); empty for file writes
  std::vector<const clang::Expr *> values;  // what is written
};

// A call that writes to a log: printf/puts, syslog, dprintf(1|2), fprintf/fputs/fwrite
// to stdout/stderr, fmt::print/std::print to the console, spdlog, and the project's own
// loggers (a function named for logging that takes a format string: its arguments from the
// format on are what is written).
std::optional<SensitiveSink> logCallSink(const clang::CallExpr &call, clang::ASTContext &ctx);
// The outermost `<<` of a chain into std::cout/cerr/clog, glog's LOG() or Boost.Log.
std::optional<SensitiveSink> logStreamSink(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx);

// A call that writes to a file: fwrite/fprintf/fputs/fwprintf/fputws to a FILE * that is
// not the console, a pipe or a memory stream; write/pwrite/dprintf to a descriptor this
// function opened on a file; std::ofstream::write.
std::optional<SensitiveSink> fileWriteCallSink(const clang::CallExpr &call, clang::ASTContext &ctx);
// The outermost `<<` of a chain into a std::ofstream / std::fstream.
std::optional<SensitiveSink> fileStreamSink(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx);

}  // namespace attest
