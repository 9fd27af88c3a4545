#include "checks/logging/SensitiveDataCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace attest::logging {
ATTEST_REGISTER_CHECK(SensitiveDataCheck, "logging/SensitiveData", "logging-sensitive-data");

namespace {
constexpr const char *kRule = "logging-sensitive-data";

bool inSystemHeader(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = sm.getExpansionLoc(node.getBeginLoc());
  return loc.isInvalid() || sm.isInSystemHeader(loc);
}

std::vector<const clang::Expr *> argsFrom(const clang::CallExpr &call, unsigned first, unsigned skip = ~0u) {
  std::vector<const clang::Expr *> out;
  for (unsigned i = first; i < call.getNumArgs(); ++i)
    if (i != skip) out.push_back(call.getArg(i));
  return out;
}

bool isFilePointer(const clang::Expr *arg) {
  if (!arg) return false;
  clang::QualType type = arg->IgnoreParenImpCasts()->getType();
  if (!type->isPointerType()) return false;
  clang::QualType pointee = type->getPointeeType().getUnqualifiedType();
  std::string name = pointee.getAsString();
  return name == "FILE" || name == "struct _IO_FILE" || name == "_IO_FILE";
}

// A stream chain's root that is a log: the console streams, glog's LogMessage
// stream, a Boost.Log record stream.
std::pair<std::string, std::string> logStream(const clang::Expr *root) {
  if (std::string name = standardStreamName(root); !name.empty()) return {name, "iostream"};
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(root)) {
    const clang::CXXMethodDecl *method = member->getMethodDecl();
    const clang::CXXRecordDecl *cls = member->getRecordDecl();
    if (method && method->getIdentifier() && method->getName() == "stream" && cls &&
        llvm::StringRef(cls->getQualifiedNameAsString()).starts_with("google::"))
      return {"LOG() <<", "glog"};
  }
  clang::QualType type = root->getType().getNonReferenceType();
  if (const clang::CXXRecordDecl *cls = type->getAsCXXRecordDecl())
    if (llvm::StringRef(cls->getQualifiedNameAsString()).starts_with("boost::log::")) return {"BOOST_LOG <<", "boost-log"};
  return {};
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
  llvm::StringRef name = calleeName(call);
  auto arg = [&](unsigned i) -> const clang::Expr * { return i < call.getNumArgs() ? call.getArg(i) : nullptr; };
  if (llvm::isa<clang::CXXMemberCallExpr>(call)) {
    reportValues(call, argsFrom(call, 0), "logger->" + name.str() + "()", "spdlog", ctx);
    return;
  }
  const clang::FunctionDecl *fn = call.getDirectCallee();
  std::string qualified = fn ? fn->getQualifiedNameAsString() : std::string();
  if (llvm::StringRef(qualified).starts_with("spdlog::")) {
    reportValues(call, argsFrom(call, 0), "spdlog::" + name.str() + "()", "spdlog", ctx);
    return;
  }
  if (name == "print" || name == "println") {
    std::string lib = llvm::StringRef(qualified).starts_with("fmt::") ? "fmt" : "std";
    if (isFilePointer(arg(0))) {
      std::string file = standardFileName(arg(0));
      if (file.empty()) return;  // a file, not the console
      reportValues(call, argsFrom(call, 1), lib + "::" + name.str() + "(" + file + ")", lib, ctx);
      return;
    }
    // fmt::print(std::cerr, ...) and the ostream overloads.
    if (arg(0) && arg(0)->getType()->getAsCXXRecordDecl() &&
        arg(0)->getType()->getAsCXXRecordDecl()->getName().contains("ostream")) {
      std::string stream = standardStreamName(arg(0));
      if (stream.empty()) return;
      reportValues(call, argsFrom(call, 1), lib + "::" + name.str() + "(" + stream + ")", lib, ctx);
      return;
    }
    reportValues(call, argsFrom(call, 0), lib + "::" + name.str() + "()", lib, ctx);
    return;
  }
  if (name == "printf" || name == "puts") {
    reportValues(call, argsFrom(call, 0), name.str() + "()", "libc", ctx);
    return;
  }
  if (name == "syslog") {
    reportValues(call, argsFrom(call, 1), "syslog()", "libc", ctx);
    return;
  }
  if (name == "dprintf") {
    std::optional<IntValue> fd = resolveInt(arg(0), ctx);
    if (!fd || (fd->value != 1 && fd->value != 2)) return;
    reportValues(call, argsFrom(call, 1), std::string("dprintf(") + (fd->value == 1 ? "STDOUT" : "STDERR") + ")",
                 "libc", ctx);
    return;
  }
  // fprintf(f, ...), fputs(s, f), fwrite(p, size, n, f): only the console is a log here;
  // a file is storage-cleartext-sensitive-write's.
  unsigned fileArg = name == "fprintf" ? 0 : name == "fputs" ? 1 : 3;
  std::string file = standardFileName(arg(fileArg));
  if (file.empty()) return;
  std::vector<const clang::Expr *> values;
  if (name == "fwrite") values = {arg(0)};
  else values = argsFrom(call, 0, fileArg);
  reportValues(call, values, name.str() + "(" + file + ")", "libc", ctx);
}

void SensitiveDataCheck::checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  std::optional<StreamChain> chain = streamChainOf(op, ctx);
  if (!chain || !chain->outermost) return;
  auto [sink, library] = logStream(chain->root);
  if (sink.empty()) return;
  reportValues(op, chain->operands, sink, library, ctx);
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
