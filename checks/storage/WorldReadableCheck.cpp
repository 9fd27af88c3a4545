#include "checks/storage/WorldReadableCheck.h"
#include "checks/common/AlgorithmName.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstdio>

using namespace clang::ast_matchers;

namespace attest::storage {
ATTEST_REGISTER_CHECK(WorldReadableCheck, "storage/WorldReadable", "storage-world-readable");

// Modes and masks wherever they come from (S_IWOTH is 02).
ATTEST_REGISTER_SINKS({.rule = "storage-world-readable",
                       .apis = {"chmod", "fchmod"},
                       .arg = 1,
                       .minArgs = 2,
                       .maxArgs = 2,
                       .predicate = "int: bits-any 02",
                       .what = "the mode",
                       .message = "{api} sets the mode {value}{through}, which lets every user on the host write "
                                  "the file: anyone can change or replace its contents; grant only the owner (0600, "
                                  "or 0700 for a directory)",
                       .level = "error"},
                      {.rule = "storage-world-readable",
                       .apis = {"umask"},
                       .arg = 0,
                       .minArgs = 1,
                       .maxArgs = 1,
                       .predicate = "int: bits-clear 02",
                       .what = "the mask",
                       .message = "{api} sets the mask {value}{through}, so files and directories created afterwards "
                                  "with the usual 0666/0777 are writable by every user; keep at least 022, or 077 "
                                  "for a process that writes secrets"});

namespace {
constexpr const char *kRule = "storage-world-readable";
constexpr int64_t kOtherWrite = 02, kOtherRead = 04, kGroupRead = 040, kGroupWrite = 020;
constexpr int64_t kOCreat = 0100, kOExcl = 0200, kOTmpfile = 020000000;

std::string octal(int64_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0%llo", static_cast<unsigned long long>(mode));
  return buf;
}

bool isPathWord(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("path", "file", "filename", "fname", "fn", "location", "loc", "dest", "out", true)
      .Cases("output", "fd", "fp", "stream", "os", "ofs", "name", "dir", "p", true)
      .Default(false);
}

// Why a path names a file that holds a secret, or empty: a key-file extension or a well-known
// credential file name, or a secret word in the file name or in the variable holding the path
// (`keyPath`, `tokenFile`, `cfg.secretFile`).
std::string secretFile(const clang::Expr *path, clang::ASTContext &ctx) {
  if (!path) return {};
  if (std::optional<AlgorithmName> text = resolveAlgorithmName(path, ctx)) {
    llvm::StringRef base = llvm::StringRef(text->text).rsplit('/').second;
    if (base.empty()) base = text->text;
    std::string lower = base.lower();
    llvm::StringRef name(lower);
    bool known = llvm::StringSwitch<bool>(name)
                     .Cases("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", ".pgpass", true)
                     .Cases(".git-credentials", "credentials", "shadow", ".htpasswd", ".env", true)
                     .Default(false);
    if (known) return "'" + text->text + "' is a credential file";
    auto [stem, ext] = name.rsplit('.');
    bool keyExt = llvm::StringSwitch<bool>(ext)
                      .Cases("key", "p12", "pfx", "jks", "keystore", "kdbx", "ppk", "p8", true)
                      .Default(false);
    if (keyExt && !ext.empty() && stem != name) return "'" + text->text + "' is a key file";
    std::string words;
    for (const std::string &w : identifierWords(stem)) words += (words.empty() ? "" : "_") + w;
    SensitiveMatch match = classifyName(words);
    if (match.kinds & kCredentialOrPii) return "the name '" + text->text + "' says it holds " + describeKinds(match.kinds);
    return {};
  }
  const clang::NamedDecl *decl = designatedDecl(path);
  if (!decl || !decl->getIdentifier()) return {};
  std::vector<std::string> words = identifierWords(decl->getName());
  while (words.size() > 1 && isPathWord(words.back())) words.pop_back();
  std::string joined;
  for (const std::string &w : words) joined += (joined.empty() ? "" : "_") + w;
  SensitiveMatch match = classifyName(joined);
  if (match.kinds & kCredentialOrPii)
    return "'" + decl->getNameAsString() + "' names a file that holds " + describeKinds(match.kinds);
  return {};
}

// A fixed path in a world-writable temporary directory.
std::optional<std::string> fixedTempPath(const clang::Expr *path, clang::ASTContext &ctx) {
  if (!path) return std::nullopt;
  std::optional<AlgorithmName> text = resolveAlgorithmName(path, ctx);
  if (!text) return std::nullopt;
  llvm::StringRef p(text->text);
  if (p.starts_with("/tmp/") || p.starts_with("/var/tmp/") || p.starts_with("/dev/shm/")) return text->text;
  return std::nullopt;
}

bool writesStdio(llvm::StringRef mode) { return mode.contains('w') || mode.contains('a') || mode.contains('+'); }

}  // namespace

void WorldReadableCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(
                                 "::open", "::open64", "::openat", "::openat64", "::creat", "::creat64", "::chmod",
                                 "::fchmod", "::fchmodat", "::umask", "::tmpnam", "::tmpnam_r", "::tempnam",
                                 "::mktemp", "::fopen", "::fopen64", "::std::filesystem::permissions"))))
                        .bind("call"),
                    this);
  // std::ofstream / std::fstream: constructor or open() with a path.
  finder.addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                                         ofClass(hasAnyName("::std::basic_ofstream", "::std::basic_fstream")))))
                        .bind("stream"),
                    this);
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("open"), ofClass(hasAnyName(
                                                               "::std::basic_ofstream", "::std::basic_fstream")))))
                        .bind("streamOpen"),
                    this);
}

void WorldReadableCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call")) {
    checkCall(*call, ctx);
  } else if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("stream")) {
    if (construct->getNumArgs() >= 1 && !construct->getConstructor()->isCopyOrMoveConstructor() &&
        !llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(0)))
      checkStream(*construct, construct->getArg(0), construct->getNumArgs() > 1 ? construct->getArg(1) : nullptr, ctx);
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("streamOpen")) {
    if (call->getNumArgs() >= 1) checkStream(*call, call->getArg(0), call->getNumArgs() > 1 ? call->getArg(1) : nullptr, ctx);
  }
}

void WorldReadableCheck::checkPermissions(const clang::CallExpr &call, const clang::Expr *path,
                                          const clang::Expr *modeArg, clang::ASTContext &ctx) {
  std::optional<IntValue> mode = resolveInt(modeArg, ctx);
  if (!mode) return;
  std::string function = calleeName(call).str() + "()";
  if (mode->value & kOtherWrite) {
    if (Finding *finding = report(kRule, call, ctx,
                                  function + " sets mode " + octal(mode->value) + ", which lets every user on the "
                                  "host write the file: anyone can change or replace its contents; grant only the "
                                  "owner (0600, or 0700 for a directory)",
                                  Level::Error)) {
      finding->properties["mode"] = octal(mode->value);
      if (llvm::isa_and_nonnull<clang::VarDecl>(mode->origin)) addRelated(*finding, *mode->origin, ctx, "the mode is defined here");
    }
    return;
  }
  if (!(mode->value & (kOtherRead | kGroupRead | kGroupWrite))) return;
  std::string why = secretFile(path, ctx);
  if (why.empty()) return;
  if (Finding *finding = report(kRule, call, ctx,
                                function + " sets mode " + octal(mode->value) + " on a secret file (" + why +
                                "): other users on the host can read it; use 0600 (owner only)")) {
    finding->properties["mode"] = octal(mode->value);
    if (llvm::isa_and_nonnull<clang::VarDecl>(mode->origin)) addRelated(*finding, *mode->origin, ctx, "the mode is defined here");
  }
}

void WorldReadableCheck::checkCall(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  std::string function = name.str() + "()";
  auto arg = [&](unsigned i) -> const clang::Expr * { return i < call.getNumArgs() ? call.getArg(i) : nullptr; };

  if (name == "tmpnam" || name == "tmpnam_r" || name == "tempnam" || name == "mktemp") {
    report(kRule, call, ctx,
           function + " makes a predictable temporary file name that another user can create first (a symlink or "
           "a file of their own) before this program opens it (CWE-377); use mkstemp(), tmpfile() or "
           "open(dir, O_TMPFILE | O_RDWR, 0600)");
    return;
  }
  if (name == "umask") {
    std::optional<IntValue> mask = resolveInt(arg(0), ctx);
    if (mask && !(mask->value & kOtherWrite))
      report(kRule, call, ctx,
             function + " sets the mask " + octal(mask->value) + ", so files and directories created afterwards "
             "with the usual 0666/0777 are writable by every user; keep at least 022, or 077 for a process that "
             "writes secrets");
    return;
  }
  if (name == "chmod") return checkPermissions(call, arg(0), arg(1), ctx);
  if (name == "fchmod") return checkPermissions(call, arg(0), arg(1), ctx);
  if (name == "fchmodat") return checkPermissions(call, arg(1), arg(2), ctx);
  if (name == "permissions" && call.getNumArgs() >= 2) {
    // std::filesystem::permissions(p, prms[, opts]): removing permissions is fine.
    if (call.getNumArgs() >= 3)
      if (std::optional<IntValue> opts = resolveInt(call.getArg(2), ctx); opts && (opts->value & 0x4))  // perm_options::remove
        return;
    return checkPermissions(call, arg(0), arg(1), ctx);
  }

  if (name == "open" || name == "open64" || name == "openat" || name == "openat64" || name == "creat" ||
      name == "creat64") {
    bool at = name.starts_with("openat");
    bool creat = name.starts_with("creat");
    const clang::Expr *path = arg(at ? 1 : 0);
    std::optional<IntValue> flags = creat ? IntValue{kOCreat | 01 /*O_WRONLY*/} : resolveInt(arg(at ? 2 : 1), ctx);
    const clang::Expr *modeArg = arg(creat ? 1 : at ? 3 : 2);
    if (!flags || !(flags->value & (kOCreat | kOTmpfile))) return;
    if (std::optional<std::string> temp = fixedTempPath(path, ctx); temp && !(flags->value & kOExcl)) {
      report(kRule, call, ctx,
             function + " creates the fixed path '" + *temp + "' in a shared temporary directory without O_EXCL: "
             "another user can create it first or plant a symlink there, and the program writes where they "
             "choose (CWE-377); use mkstemp() or O_CREAT | O_EXCL with an unpredictable name");
      return;
    }
    std::optional<IntValue> mode = resolveInt(modeArg, ctx);
    if (!mode || !(mode->value & (kOtherRead | kGroupRead))) return;
    std::string why = secretFile(path, ctx);
    if (why.empty()) return;
    if (Finding *finding = report(kRule, call, ctx,
                                  function + " creates a secret file (" + why + ") with mode " + octal(mode->value) +
                                  ": with the usual umask 022 it is readable by every user on the host; create it "
                                  "with 0600")) {
      finding->properties["mode"] = octal(mode->value);
      if (llvm::isa_and_nonnull<clang::VarDecl>(mode->origin)) addRelated(*finding, *mode->origin, ctx, "the mode is defined here");
    }
    return;
  }
  if (name == "fopen" || name == "fopen64") return checkStream(call, arg(0), arg(1), ctx);
}

// fopen(path, "w"), std::ofstream(path): created with 0666 & ~umask.
void WorldReadableCheck::checkStream(const clang::Expr &at, const clang::Expr *path, const clang::Expr *mode,
                                     clang::ASTContext &ctx) {
  bool stdio = llvm::isa<clang::CallExpr>(at) && !llvm::isa<clang::CXXMemberCallExpr>(at);
  if (stdio) {
    std::optional<AlgorithmName> m = resolveAlgorithmName(mode, ctx);
    if (!m || !writesStdio(m->text) || llvm::StringRef(m->text).contains('x')) return;
  } else if (mode) {
    // std::ios::in alone on an fstream does not create the file.
    if (std::optional<IntValue> openmode = resolveInt(mode, ctx)) {
      const clang::CXXRecordDecl *streamType = at.getType()->getAsCXXRecordDecl();
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&at)) streamType = member->getRecordDecl();
      bool isFstream = streamType && streamType->getName() == "basic_fstream";
      constexpr int64_t kOut = 1L << 4, kApp = 1L << 0, kTrunc = 1L << 5;  // libstdc++ _S_out, _S_app, _S_trunc
      if (isFstream && !(openmode->value & (kOut | kApp | kTrunc))) return;
    }
  }
  std::string what = stdio ? "fopen()" : "std::ofstream";
  if (std::optional<std::string> temp = fixedTempPath(path, ctx)) {
    report(kRule, at, ctx,
           what + " writes the fixed path '" + *temp + "' in a shared temporary directory: another user can create "
           "it first or plant a symlink there, and the program writes where they choose (CWE-377); use mkstemp() "
           "(or fopen mode \"wx\") with an unpredictable name");
    return;
  }
  std::string why = secretFile(path, ctx);
  if (why.empty()) return;
  // A process that tightens its umask (umask(077)), or a function that sets the mode
  // itself, is fine.
  bool tightened = false;
  for (const BoundNodes &nodes :
       match(callExpr(callee(functionDecl(hasAnyName("::umask", "::chmod", "::fchmod", "::std::filesystem::permissions"))))
                 .bind("c"),
             ctx)) {
    const auto *c = nodes.getNodeAs<clang::CallExpr>("c");
    if (calleeName(*c) == "umask") {
      if (std::optional<IntValue> m = resolveInt(c->getArg(0), ctx); m && (m->value & 077) == 077) tightened = true;
    } else if (enclosingFunctionDecl(*c, ctx) == enclosingFunctionDecl(at, ctx)) {
      tightened = true;
    }
  }
  if (tightened) return;
  report(kRule, at, ctx,
         what + " creates a secret file (" + why + ") with the default mode 0666 & ~umask, usually 0644: readable "
         "by every user on the host; create it with open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600) or set "
         "umask(077) first",
         Level::Note);
}

}  // namespace attest::storage
