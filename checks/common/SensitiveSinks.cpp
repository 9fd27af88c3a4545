#include "checks/common/SensitiveSinks.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/Attr.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

namespace attest {
namespace {

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
const clang::CallExpr *asCall(const clang::Expr *e) {
  return e ? llvm::dyn_cast<clang::CallExpr>(e->IgnoreImplicit()->IgnoreParenImpCasts()) : nullptr;
}

// Where a FILE * or descriptor expression comes from: the expression itself and,
// for a local variable, everything written into it.
std::vector<const clang::Expr *> sourcesOf(const clang::Expr *handle, const clang::Stmt *body) {
  std::vector<const clang::Expr *> out = {handle};
  const clang::NamedDecl *decl = designatedDecl(handle);
  if (decl && body && isLocalVariable(*decl))
    for (const clang::Expr *value : valuesWrittenTo(*llvm::cast<clang::ValueDecl>(decl), *body)) out.push_back(value);
  return out;
}

// A FILE * that is a file: not the console, a pipe or a memory stream.
bool isFileStream(const clang::Expr *file, const clang::Stmt *body) {
  if (!file) return false;
  for (const clang::Expr *source : sourcesOf(file, body)) {
    if (!standardFileName(source).empty()) return false;
    if (const clang::CallExpr *call = asCall(source)) {
      llvm::StringRef name = calleeName(*call);
      if (name == "popen" || name == "fmemopen" || name == "open_memstream" || name == "open_wmemstream")
        return false;
    }
  }
  return true;
}

// A descriptor this function opened on a file.
bool isFileDescriptor(const clang::Expr *fd, const clang::Stmt *body, clang::ASTContext &ctx) {
  if (!fd) return false;
  if (resolveInt(fd, ctx)) return false;  // 1, 2, STDERR_FILENO: the console
  for (const clang::Expr *source : sourcesOf(fd, body))
    if (const clang::CallExpr *call = asCall(source)) {
      bool opens = llvm::StringSwitch<bool>(calleeName(*call))
                       .Cases("open", "open64", "openat", "openat64", "creat", "creat64", true)
                       .Cases("mkstemp", "mkostemp", "mkstemps", "mkostemps", true)
                       .Default(false);
      if (opens) return true;
    }
  return false;
}

// std::ofstream / std::fstream (not std::ostream: that may be the console).
bool isFileStreamType(clang::QualType type) {
  const clang::CXXRecordDecl *cls = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!cls || !cls->isInStdNamespace() || !cls->getIdentifier()) return false;
  return cls->getName() == "basic_ofstream" || cls->getName() == "basic_fstream";
}

// The format parameter's index of a project's own logger: a function declared in the
// project (not a system header) whose name has a log word (`log__printf`, `log_error`,
// `LogWarn`, `ngx_log_error`, `mosquitto_log_printf`) and that takes a format string, by
// its printf/syslog format attribute or as a `const char *fmt`/`format` parameter before
// `...` (a `va_list` logger's arguments are not seen here). `log(x)` (no format), `login` and `catalog_add` (no log word) are not loggers.
std::optional<unsigned> projectLoggerFormat(const clang::FunctionDecl &fn, const clang::ASTContext &ctx) {
  if (!fn.isVariadic() || !fn.getIdentifier() || ctx.getSourceManager().isInSystemHeader(fn.getLocation()))
    return std::nullopt;
  std::vector<std::string> words = identifierWords(fn.getName());
  bool logWord = std::any_of(words.begin(), words.end(), [](const std::string &w) {
    return llvm::StringSwitch<bool>(w)
        .Cases("log", "logf", "logger", "logmsg", "logprintf", "logprint", "logmessage", "syslog", true)
        .Default(false);
  });
  if (!logWord) return std::nullopt;
  if (const auto *format = fn.getAttr<clang::FormatAttr>()) {
    unsigned index = static_cast<unsigned>(format->getFormatIdx()) - 1;  // 1-based, `this` counts
    if (llvm::isa<clang::CXXMethodDecl>(fn) && !llvm::cast<clang::CXXMethodDecl>(fn).isStatic()) --index;
    if (index < fn.getNumParams()) return index;
  }
  if (fn.getNumParams() == 0) return std::nullopt;
  const clang::ParmVarDecl *last = fn.getParamDecl(fn.getNumParams() - 1);
  bool named = last->getIdentifier() && llvm::StringSwitch<bool>(last->getName().lower())
                                            .Cases("fmt", "format", "msg", "message", "formatstr", "fmtstr", true)
                                            .Default(false);
  clang::QualType type = last->getType();
  bool text = type->isPointerType() && type->getPointeeType()->isCharType();
  if (named && text) return fn.getNumParams() - 1;
  return std::nullopt;
}

static_assert(kStoredSensitiveKinds == (kPassword | kSecret | kSession | kOneTimeCode | kPersonalData));
}  // namespace

std::optional<SensitiveSink> logCallSink(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  const clang::FunctionDecl *fn = call.getDirectCallee();
  if (!fn || name.empty()) return std::nullopt;
  std::string qualified = fn->getQualifiedNameAsString();
  auto arg = [&](unsigned i) -> const clang::Expr * { return i < call.getNumArgs() ? call.getArg(i) : nullptr; };
  auto sink = [](std::string api, std::string library, std::vector<const clang::Expr *> values) {
    return std::optional<SensitiveSink>(SensitiveSink{std::move(api), std::move(library), std::move(values)});
  };
  if (std::optional<unsigned> format = projectLoggerFormat(*fn, ctx))
    return sink(name.str() + "()", "project", argsFrom(call, *format));
  if (llvm::isa<clang::CXXMemberCallExpr>(call)) {
    const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(fn);
    bool level = llvm::StringSwitch<bool>(name)
                     .Cases("trace", "debug", "info", "warn", "error", "critical", "log", true)
                     .Default(false);
    if (!method || !level || method->getParent()->getQualifiedNameAsString() != "spdlog::logger") return std::nullopt;
    return sink("logger->" + name.str() + "()", "spdlog", argsFrom(call, 0));
  }
  if (llvm::StringRef(qualified).starts_with("spdlog::")) {
    bool level = llvm::StringSwitch<bool>(name)
                     .Cases("trace", "debug", "info", "warn", "error", "critical", "log", true)
                     .Default(false);
    if (!level || qualified != "spdlog::" + name.str()) return std::nullopt;
    return sink("spdlog::" + name.str() + "()", "spdlog", argsFrom(call, 0));
  }
  if (name == "print" || name == "println") {
    if (qualified != "fmt::" + name.str() && qualified != "std::" + name.str()) return std::nullopt;
    std::string lib = llvm::StringRef(qualified).starts_with("fmt::") ? "fmt" : "std";
    if (isFilePointer(arg(0))) {
      std::string file = standardFileName(arg(0));
      if (file.empty()) return std::nullopt;  // a file, not the console
      return sink(lib + "::" + name.str() + "(" + file + ")", lib, argsFrom(call, 1));
    }
    // fmt::print(std::cerr, ...) and the ostream overloads.
    if (arg(0) && arg(0)->getType()->getAsCXXRecordDecl() &&
        arg(0)->getType()->getAsCXXRecordDecl()->getName().contains("ostream")) {
      std::string stream = standardStreamName(arg(0));
      if (stream.empty()) return std::nullopt;
      return sink(lib + "::" + name.str() + "(" + stream + ")", lib, argsFrom(call, 1));
    }
    return sink(lib + "::" + name.str() + "()", lib, argsFrom(call, 0));
  }
  if (!fn->getDeclContext()->getRedeclContext()->isTranslationUnit() && qualified != "std::" + name.str())
    return std::nullopt;  // the C library's functions (also as std::printf)
  if (name == "printf" || name == "puts") return sink(name.str() + "()", "libc", argsFrom(call, 0));
  if (name == "syslog") return sink("syslog()", "libc", argsFrom(call, 1));
  if (name == "dprintf") {
    std::optional<IntValue> fd = resolveInt(arg(0), ctx);
    if (!fd || (fd->value != 1 && fd->value != 2)) return std::nullopt;
    return sink(std::string("dprintf(") + (fd->value == 1 ? "STDOUT" : "STDERR") + ")", "libc", argsFrom(call, 1));
  }
  if (name != "fprintf" && name != "fputs" && name != "fwrite") return std::nullopt;
  // fprintf(f, ...), fputs(s, f), fwrite(p, size, n, f): only the console is a log here;
  // a file is storage-cleartext-sensitive-write's.
  unsigned fileArg = name == "fprintf" ? 0 : name == "fputs" ? 1 : 3;
  std::string file = standardFileName(arg(fileArg));
  if (file.empty()) return std::nullopt;
  std::vector<const clang::Expr *> values;
  if (name == "fwrite") values = {arg(0)};
  else values = argsFrom(call, 0, fileArg);
  return sink(name.str() + "(" + file + ")", "libc", values);
}

std::optional<SensitiveSink> logStreamSink(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  std::optional<StreamChain> chain = streamChainOf(op, ctx);
  if (!chain || !chain->outermost) return std::nullopt;
  auto [api, library] = logStream(chain->root);
  if (api.empty()) return std::nullopt;
  return SensitiveSink{api, library, chain->operands};
}

std::optional<SensitiveSink> fileWriteCallSink(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  auto arg = [&](unsigned i) -> const clang::Expr * { return i < call.getNumArgs() ? call.getArg(i) : nullptr; };
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    // std::ofstream::write
    const clang::CXXMethodDecl *method = member->getMethodDecl();
    const clang::Expr *object = member->getImplicitObjectArgument();
    if (!method || name != "write" || method->getParent()->getQualifiedNameAsString() != "std::basic_ostream" ||
        !object || !isFileStreamType(object->IgnoreImplicit()->IgnoreParenImpCasts()->getType()) ||
        call.getNumArgs() < 1)
      return std::nullopt;
    return SensitiveSink{"std::ofstream::write()", "", {call.getArg(0)}};
  }
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (!callee || !callee->getDeclContext()->getRedeclContext()->isTranslationUnit()) return std::nullopt;
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  if (name == "write" || name == "pwrite" || name == "pwrite64" || name == "dprintf") {
    if (!isFileDescriptor(arg(0), body, ctx)) return std::nullopt;
    std::vector<const clang::Expr *> values = name == "dprintf" ? argsFrom(call, 1) : std::vector{arg(1)};
    return SensitiveSink{name.str() + "()", "", values};
  }
  bool file = llvm::StringSwitch<bool>(name).Cases("fwrite", "fprintf", "fputs", "fwprintf", "fputws", true).Default(false);
  if (!file) return std::nullopt;
  unsigned fileArg = name == "fwrite" ? 3 : (name == "fputs" || name == "fputws") ? 1 : 0;
  if (!isFileStream(arg(fileArg), body)) return std::nullopt;
  std::vector<const clang::Expr *> values = name == "fwrite" ? std::vector{arg(0)} : argsFrom(call, 0, fileArg);
  return SensitiveSink{name.str() + "()", "", values};
}

std::optional<SensitiveSink> fileStreamSink(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  std::optional<StreamChain> chain = streamChainOf(op, ctx);
  if (!chain || !chain->outermost || !isFileStreamType(chain->root->getType())) return std::nullopt;
  return SensitiveSink{"std::ofstream <<", "", chain->operands};
}

}  // namespace attest
