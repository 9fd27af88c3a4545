#include "checks/logging/SensitiveDataCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/SensitiveSinks.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace attest::logging {
ATTEST_REGISTER_CHECK(SensitiveDataCheck, "logging/SensitiveData", "logging-sensitive-data");

// Log calls are found by checks/common/SensitiveSinks (many APIs, format strings and
// streams): the summaries follow their arguments; these are the linked findings' words.
ATTEST_REGISTER_SINKS({.rule = "logging-sensitive-data",
                       .predicate = "sensitive",
                       .message = "{api} writes {value} ({detail}){through} to the log: logs are kept, shipped and "
                                  "read far more widely than the value's own store (CWE-532); log that the value was "
                                  "present, its length or a masked form (mask()/redact()), never the value"});

namespace {
constexpr const char *kRule = "logging-sensitive-data";

bool inSystemHeader(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = sm.getExpansionLoc(node.getBeginLoc());
  return loc.isInvalid() || sm.isInSystemHeader(loc);
}

}  // namespace

void SensitiveDataCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName(
                   "::printf", "::puts", "::fprintf", "::fputs", "::fwrite", "::dprintf", "::syslog", "::fmt::print",
                   "::fmt::println", "::std::print", "::std::println", "::spdlog::trace", "::spdlog::debug",
                   "::spdlog::info", "::spdlog::warn", "::spdlog::error", "::spdlog::critical", "::spdlog::log"))))
          .bind("call"),
      this);
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("trace", "debug", "info", "warn", "error",
                                                                      "critical", "log"),
                                                           ofClass(hasName("::spdlog::logger")))))
                        .bind("call"),
                    this);
  // The project's own loggers (logCallSink decides which variadic functions are loggers).
  finder.addMatcher(callExpr(callee(functionDecl(isVariadic(), unless(isExpansionInSystemHeader())))).bind("call"),
                    this);
  finder.addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("<<")).bind("stream"), this);
}

void SensitiveDataCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call")) {
    if (!inSystemHeader(*call, ctx)) checkCall(*call, ctx);
  } else if (const auto *op = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>("stream")) {
    if (!inSystemHeader(*op, ctx)) checkStream(*op, ctx);
  }
}

void SensitiveDataCheck::checkCall(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (std::optional<SensitiveSink> sink = logCallSink(call, ctx))
    reportValues(call, sink->values, sink->api, sink->library, ctx);
}

void SensitiveDataCheck::checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  if (std::optional<SensitiveSink> sink = logStreamSink(op, ctx))
    reportValues(op, sink->values, sink->api, sink->library, ctx);
}

void SensitiveDataCheck::reportValues(const clang::Stmt &at, const std::vector<const clang::Expr *> &values,
                                      const std::string &sink, const std::string &library, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(at, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  for (const clang::Expr *value : values) {
    if (!value || llvm::isa<clang::StringLiteral>(value->IgnoreParenImpCasts())) continue;
    std::optional<SensitiveValue> found = sensitiveValueIn(value, body, kCredentialOrPii, ctx);
    if (!found) continue;
    bool pii = !(found->kinds & ~kPersonalData);
    std::string kind = describeKinds(found->kinds);
    std::string message = sink + " writes " + found->what + " (" + (pii ? "personal data" : "a " + kind) + ")";
    if (found->through) message += ", copied into '" + found->through->getNameAsString() + "',";
    message += " to the log: logs are kept, shipped and read far more widely than the value's own store "
               "(CWE-532); log that the value was present, its length or a masked form (mask()/redact()), "
               "never the value";
    if (Finding *finding = report(kRule, at, ctx, message, pii ? Level::Warning : Level::Error)) {
      finding->properties["library"] = library;
      finding->properties["sink"] = sink;
      finding->properties["dataKind"] = pii ? "personal data" : kind;
      if (found->decl) addRelated(*finding, *found->decl, ctx, "the sensitive value is declared here");
    }
    return;  // one finding per log statement
  }
}

}  // namespace attest::logging
