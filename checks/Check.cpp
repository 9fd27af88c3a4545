#include "checks/Check.h"
#include "checks/common/DeadCode.h"
#include "core/SourceText.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace attest {

std::vector<CheckFactory> &checkRegistry() {
  static std::vector<CheckFactory> registry;
  return registry;
}

namespace {
constexpr size_t kMaxContextBytes = 2000;

std::string absolutePath(const clang::SourceManager &sm, clang::FileID fid) {
  auto entry = sm.getFileEntryRefForID(fid);
  if (!entry) return {};
  llvm::StringRef real = entry->getFileEntry().tryGetRealPathName();
  llvm::SmallString<256> path(real.empty() ? entry->getName() : real);
  llvm::sys::fs::make_absolute(path);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

const clang::FunctionDecl *enclosingFunction(const clang::Stmt &node, clang::ASTContext &ctx) {
  clang::DynTypedNodeList parents = ctx.getParents(node);
  for (int depth = 0; depth < 256 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (const auto *fn = parent.get<clang::FunctionDecl>()) return fn;
    parents = ctx.getParents(parent);
  }
  return nullptr;
}
}  // namespace

std::optional<Location> locate(clang::SourceRange range, const clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation begin = sm.getFileLoc(range.getBegin());
  clang::SourceLocation end = sm.getFileLoc(range.getEnd());
  if (begin.isInvalid() || sm.isInSystemHeader(begin)) return std::nullopt;
  clang::FileID fid = sm.getFileID(begin);
  if (end.isInvalid() || sm.getFileID(end) != fid || sm.isBeforeInTranslationUnit(end, begin))
    end = begin;
  end = clang::Lexer::getLocForEndOfToken(end, 0, sm, ctx.getLangOpts());
  if (end.isInvalid()) end = begin;

  Location loc;
  loc.file = absolutePath(sm, fid);
  if (loc.file.empty()) return std::nullopt;
  bool invalid = false;
  llvm::StringRef buffer = sm.getBufferData(fid, &invalid);
  if (invalid) return std::nullopt;
  unsigned beginOffset = sm.getFileOffset(begin), endOffset = sm.getFileOffset(end);
  loc.startLine = sm.getLineNumber(fid, beginOffset);
  loc.startColumn = sm.getColumnNumber(fid, beginOffset);
  loc.endLine = sm.getLineNumber(fid, endOffset);
  loc.endColumn = sm.getColumnNumber(fid, endOffset);

  size_t lineStart = buffer.rfind('\n', beginOffset ? beginOffset - 1 : 0);
  lineStart = (lineStart == llvm::StringRef::npos || beginOffset == 0) ? 0 : lineStart + 1;
  if (beginOffset > 0 && buffer[beginOffset - 1] == '\n') lineStart = beginOffset;
  size_t lineEnd = buffer.find('\n', endOffset > 0 ? endOffset - (endOffset > beginOffset) : 0);
  if (lineEnd == llvm::StringRef::npos) lineEnd = buffer.size();
  if (lineEnd < endOffset) lineEnd = endOffset;
  llvm::StringRef context = buffer.slice(lineStart, lineEnd).rtrim("\r");
  llvm::StringRef firstLine = context.take_until([](char c) { return c == '\n'; });
  llvm::StringRef lastLine = context.rsplit('\n').second.empty() && !context.contains('\n')
                                 ? context
                                 : context.rsplit('\n').second;
  loc.startColumnUtf16 = utf16Column(firstLine, loc.startColumn);
  loc.endColumnUtf16 = utf16Column(lastLine.rtrim("\r"), loc.endColumn);
  loc.contextText = sanitizeUtf8(context.take_front(kMaxContextBytes));
  loc.regionText = sanitizeUtf8(buffer.slice(beginOffset, endOffset).take_front(kMaxContextBytes));
  return loc;
}

bool isIntegerToken(llvm::StringRef text, unsigned value) {
  text = text.rtrim("uUlL");
  unsigned parsed = 0;
  return !text.empty() && llvm::isDigit(text.front()) && !text.getAsInteger(0, parsed) && parsed == value;
}

std::optional<Fix> argumentFix(const clang::Stmt &call, const clang::Expr &argument,
                               const std::function<bool(llvm::StringRef)> &accepts, std::string inserted,
                               std::string description, const clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  const clang::Expr *value = argument.IgnoreParenImpCasts();
  clang::SourceLocation begin = sm.getFileLoc(value->getBeginLoc());
  if (begin.isInvalid() || begin != sm.getFileLoc(value->getEndLoc()) || sm.isInSystemHeader(begin)) return std::nullopt;
  clang::FileID fid = sm.getFileID(begin);
  if (fid != sm.getFileID(sm.getFileLoc(call.getBeginLoc()))) return std::nullopt;
  bool invalid = false;
  llvm::StringRef buffer = sm.getBufferData(fid, &invalid);
  if (invalid) return std::nullopt;
  unsigned offset = sm.getFileOffset(begin);
  unsigned length = clang::Lexer::MeasureTokenLength(begin, sm, ctx.getLangOpts());
  llvm::StringRef text = buffer.substr(offset, length);
  if (length == 0 || !accepts(text)) return std::nullopt;
  std::optional<Location> loc = locate(clang::SourceRange(begin, begin), ctx);
  if (!loc || loc->regionText != text) return std::nullopt;
  Fix fix;
  fix.description = std::move(description);
  fix.replacements.push_back({std::move(*loc), offset, length, std::move(inserted)});
  return fix;
}

std::string sourceText(const clang::Stmt &node, const clang::ASTContext &ctx, size_t limit) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::CharSourceRange range = clang::CharSourceRange::getTokenRange(
      sm.getFileLoc(node.getBeginLoc()), sm.getFileLoc(node.getEndLoc()));
  std::string text = clang::Lexer::getSourceText(range, sm, ctx.getLangOpts()).str();
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return sanitizeUtf8(text);
}

Finding *Check::report(std::string_view ruleId, const clang::Stmt &node, clang::ASTContext &ctx,
                       std::string message, std::optional<Level> level) {
  std::optional<Location> loc = locate(node.getSourceRange(), ctx);
  if (!loc) return nullptr;
  // Behind a constant flag that is never true (static const bool kAllowInsecure = false):
  // never runs, so never reported, whichever check found it.
  if (inDeadBranch(node, ctx)) return nullptr;
  Finding finding;
  finding.ruleId = std::string(ruleId);
  const Rule *rule = builtinCatalog().find(ruleId);
  finding.level = level ? *level : rule ? rule->level : Level::Warning;
  finding.location = std::move(*loc);
  finding.message = std::move(message);
  finding.guards = externFlagGuards(node, ctx);
  if (const clang::FunctionDecl *fn = enclosingFunction(node, ctx))
    finding.function = fn->getQualifiedNameAsString();
  sink_.findings.push_back(std::move(finding));
  return &sink_.findings.back();
}

Finding *Check::reportArgument(std::string_view ruleId, const clang::Stmt &call, const clang::Expr &argument,
                               clang::ASTContext &ctx, std::string message, std::optional<Level> level) {
  Finding *finding = report(ruleId, call, ctx, std::move(message), level);
  if (!finding) return nullptr;
  // Only within the call's file: a value spelt in a header stays reported at the call.
  if (std::optional<Location> loc = locate(argument.getSourceRange(), ctx); loc && loc->file == finding->location.file) {
    if (loc->startLine != finding->location.startLine) finding->callLine = finding->location.startLine;
    finding->location = std::move(*loc);
  }
  return finding;
}

void Check::addRelated(Finding &finding, const clang::Decl &decl, clang::ASTContext &ctx,
                       std::string message) {
  if (std::optional<Location> loc = locate(decl.getLocation(), ctx))
    finding.related.push_back({std::move(*loc), std::move(message)});
}

}  // namespace attest
