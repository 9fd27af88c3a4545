#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/UserCode.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "checks/common/AstWalk.h"

using namespace clang::ast_matchers;

namespace attest {
namespace {
constexpr int kMaxDepth = 8;


bool isStdString(const clang::CXXRecordDecl *record) {
  if (!record || !record->isInStdNamespace()) return false;
  llvm::StringRef name = record->getName();
  return name == "basic_string" || name == "basic_string_view";
}

// Whether a global variable that is not const is still written only by its
// initializer: never assigned, incremented or decremented, its address never taken.
bool neverWrittenInTu(const clang::VarDecl &var, const clang::ASTContext &constCtx) {
  auto &ctx = const_cast<clang::ASTContext &>(constCtx);
  auto ref = ignoringParenImpCasts(declRefExpr(to(varDecl(equalsNode(&var)))));
  auto write = stmt(anyOf(binaryOperator(isAssignmentOperator(), hasLHS(ref)),
                          unaryOperator(hasAnyOperatorName("++", "--", "&"), hasUnaryOperand(ref))));
  return matchUserCode(traverse(clang::TK_AsIs, stmt(write)), ctx).empty();
}

// Whether passing an argument for `param` can change the caller's variable.
bool mayWriteThrough(clang::QualType param) {
  if (param.isNull()) return true;
  if (const auto *ref = param->getAs<clang::ReferenceType>()) return !ref->getPointeeType().isConstQualified();
  return false;  // by value (a pointer by value cannot change the caller's pointer)
}

// Whether this use of a variable only reads it.
bool readOnlyUse(const clang::DeclRefExpr &use, clang::ASTContext &ctx) {
  const clang::Stmt *child = &use;
  clang::DynTypedNodeList parents = ctx.getParents(use);
  for (int depth = 0; depth < 6 && !parents.empty(); ++depth) {
    const clang::Stmt *parent = parents[0].get<clang::Stmt>();
    if (!parent) return false;
    if (llvm::isa<clang::ParenExpr>(parent)) {
    } else if (const auto *cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
      switch (cast->getCastKind()) {
      case clang::CK_LValueToRValue: return true;
      case clang::CK_NoOp: if (cast->getType().isConstQualified()) return true; break;
      case clang::CK_ArrayToPointerDecay:
      case clang::CK_UncheckedDerivedToBase:
      case clang::CK_DerivedToBase: break;
      default: return false;
      }
    } else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
      const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
      return method && method->isConst();
    } else if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(parent)) {
      const auto *fn = op->getDirectCallee();
      if (!fn) return false;
      unsigned index = 0;
      while (index < op->getNumArgs() && op->getArg(index) != child) ++index;
      if (index == op->getNumArgs()) return false;
      if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(fn)) {
        if (index == 0) return method->isConst();
        --index;
      }
      return index < fn->getNumParams() && !mayWriteThrough(fn->getParamDecl(index)->getType());
    } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(parent)) {
      const auto *fn = call->getDirectCallee();
      if (!fn) return false;
      for (unsigned i = 0; i < call->getNumArgs(); ++i)
        if (call->getArg(i) == child)
          return i < fn->getNumParams() ? !mayWriteThrough(fn->getParamDecl(i)->getType())
                                        : !llvm::cast<clang::Expr>(child)->getType()->isRecordType();  // C varargs: a copy
      return false;
    } else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(parent)) {
      const auto *ctor = construct->getConstructor();
      for (unsigned i = 0; i < construct->getNumArgs(); ++i)
        if (construct->getArg(i) == child)
          return i < ctor->getNumParams() && !mayWriteThrough(ctor->getParamDecl(i)->getType());
      return false;
    } else {
      return false;
    }
    child = parent;
    parents = ctx.getParents(*parent);
  }
  return false;
}

// A local variable its function only reads after initialising it.
bool onlyReadLocally(const clang::VarDecl &var, const clang::ASTContext &constCtx) {
  auto &ctx = const_cast<clang::ASTContext &>(constCtx);
  const auto *fn = llvm::dyn_cast_or_null<clang::FunctionDecl>(var.getParentFunctionOrMethod());
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  if (!body) return false;
  for (const BoundNodes &nodes : match(findAll(declRefExpr(to(varDecl(equalsNode(&var)))).bind("use")), *body, ctx))
    if (!readOnlyUse(*nodes.getNodeAs<clang::DeclRefExpr>("use"), ctx)) return false;
  return true;
}

bool isStringLikeType(clang::QualType type) {
  if (type->isPointerType()) return type->getPointeeType()->isCharType();
  if (const auto *record = type->getAsCXXRecordDecl()) return isStdString(record);
  return false;
}

std::optional<StringValue> resolve(const clang::Expr *expr, const clang::ASTContext &ctx, int depth, bool prefix);

std::optional<StringValue> resolveVariable(const clang::VarDecl &var, const clang::ASTContext &ctx,
                                           int depth, bool prefix) {
  if (llvm::isa<clang::ParmVarDecl>(var)) return std::nullopt;
  clang::QualType type = var.getType();
  if (type.isVolatileQualified()) return std::nullopt;
  bool fixed = var.isConstexpr() || type.isConstant(ctx);
  if (!fixed) {
    // `std::string url = "http://..."; use(url.c_str());`, C's `const char *url = ...;`
    if (!isStringLikeType(type) || !var.getInit() || var.isStaticLocal()) return std::nullopt;
    if (var.isLocalVarDecl() ? !onlyReadLocally(var, ctx)
                             : !type->isPointerType() || !neverWrittenInTu(var, ctx))
      return std::nullopt;
  }
  const clang::VarDecl *definition = nullptr;
  const clang::Expr *init = var.getAnyInitializer(definition);
  if (!init) return std::nullopt;
  std::optional<StringValue> value = resolve(init, ctx, depth + 1, prefix);
  if (value) value->origin = &var;
  return value;
}

std::optional<StringValue> resolve(const clang::Expr *expr, const clang::ASTContext &ctx, int depth, bool prefix) {
  if (!expr || depth > kMaxDepth) return std::nullopt;
  expr = stripWrappers(expr);
  if (expr->isValueDependent() || expr->isTypeDependent() || expr->containsErrors())
    return std::nullopt;

  if (const auto *literal = llvm::dyn_cast<clang::StringLiteral>(expr)) {
    if (literal->getCharByteWidth() != 1) return std::nullopt;
    return StringValue{literal->getString().str(), true, nullptr};
  }
  if (const auto *udl = llvm::dyn_cast<clang::UserDefinedLiteral>(expr)) {
    if (udl->getLiteralOperatorKind() != clang::UserDefinedLiteral::LOK_String || udl->getNumArgs() < 1)
      return std::nullopt;
    return resolve(udl->getArg(0), ctx, depth + 1, false);
  }
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
    if (!isStdString(construct->getConstructor()->getParent())) return std::nullopt;
    std::vector<const clang::Expr *> args;
    for (const clang::Expr *arg : construct->arguments())
      if (!llvm::isa<clang::CXXDefaultArgExpr>(arg)) args.push_back(arg);
    if (args.size() == 1) return resolve(args[0], ctx, depth + 1, prefix);
    // std::string(pointer, count)
    if (args.size() == 2 && args[0]->getType()->isPointerType()) {
      std::optional<StringValue> text = resolve(args[0], ctx, depth + 1, false);
      clang::Expr::EvalResult count;
      if (!text || !args[1]->EvaluateAsInt(count, ctx) || !count.Val.isInt()) return std::nullopt;
      int64_t n = count.Val.getInt().getExtValue();
      if (n < 0 || static_cast<uint64_t>(n) > text->value.size()) return std::nullopt;
      text->value.resize(static_cast<size_t>(n));
      return text;
    }
    return std::nullopt;
  }
  if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
    if (op->getOperator() != clang::OO_Plus || op->getNumArgs() != 2) return std::nullopt;
    std::optional<StringValue> left = resolve(op->getArg(0), ctx, depth + 1, prefix);
    if (!left || !left->complete) return left;
    std::optional<StringValue> right = resolve(op->getArg(1), ctx, depth + 1, prefix);
    if (!right) {
      if (!prefix) return std::nullopt;
      left->complete = false;
      return left;
    }
    return StringValue{left->value + right->value, right->complete, left->origin ? left->origin : right->origin};
  }
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
    const clang::CXXMethodDecl *method = member->getMethodDecl();
    if (!method || !isStdString(method->getParent()) || member->getNumArgs() != 0) return std::nullopt;
    llvm::StringRef name = method->getName();
    if (name != "c_str" && name != "data") return std::nullopt;
    return resolve(member->getImplicitObjectArgument(), ctx, depth + 1, prefix);
  }
  if (const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(expr)) {
    bool which = false;
    if (cond->getCond()->isValueDependent() || !cond->getCond()->EvaluateAsBooleanCondition(which, ctx))
      return std::nullopt;
    return resolve(which ? cond->getTrueExpr() : cond->getFalseExpr(), ctx, depth + 1, prefix);
  }
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
    if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl()))
      return resolveVariable(*var, ctx, depth, prefix);
    return std::nullopt;
  }
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expr)) {  // static data member
    if (const auto *var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl()))
      return resolveVariable(*var, ctx, depth, prefix);
  }
  return std::nullopt;
}

void collect(const clang::Expr *expr, const clang::ASTContext &ctx, PossibleStrings &out, int depth) {
  if (!expr || depth > kMaxDepth) return;
  if (std::optional<StringValue> value = resolve(expr, ctx, 0, false)) {
    out.values.push_back(std::move(*value));
    return;
  }
  const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(stripWrappers(expr));
  if (!cond) return;
  size_t before = out.values.size();
  collect(cond->getTrueExpr(), ctx, out, depth + 1);
  collect(cond->getFalseExpr(), ctx, out, depth + 1);
  if (out.values.size() > before) out.runtimeChoice = true;
}
}  // namespace

std::optional<StringValue> resolveString(const clang::Expr *expr, const clang::ASTContext &ctx) {
  return resolve(expr, ctx, 0, false);
}

std::optional<StringValue> resolveStringPrefix(const clang::Expr *expr, const clang::ASTContext &ctx) {
  return resolve(expr, ctx, 0, true);
}

PossibleStrings possibleStrings(const clang::Expr *expr, const clang::ASTContext &ctx) {
  PossibleStrings out;
  collect(expr, ctx, out, 0);
  return out;
}

std::vector<ForwardedArgument> forwardedArguments(const clang::Expr *arg, clang::ASTContext &ctx) {
  std::vector<ForwardedArgument> out;
  if (!arg) return out;
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(stripWrappers(arg));
  const auto *param = ref ? llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl()) : nullptr;
  if (!param) return out;
  const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(param->getDeclContext());
  if (!fn || !fn->getBody() || fn->isTemplated() || llvm::isa<clang::CXXConstructorDecl>(fn) ||
      fn->isOverloadedOperator())
    return out;
  const clang::SourceManager &sm = ctx.getSourceManager();
  if (sm.isInSystemHeader(sm.getFileLoc(fn->getLocation()))) return out;
  // Straight through: the wrapper never changes the parameter before passing it on.
  auto paramRef = ignoringParenImpCasts(declRefExpr(to(parmVarDecl(equalsNode(param)))));
  if (!match(findAll(stmt(anyOf(binaryOperator(isAssignmentOperator(), hasLHS(paramRef)),
                                unaryOperator(hasAnyOperatorName("++", "--", "&"),
                                              hasUnaryOperand(paramRef))))
                         .bind("w")),
             *fn->getBody(), ctx)
           .empty())
    return out;
  unsigned index = param->getFunctionScopeIndex();
  const clang::FunctionDecl *canonical = fn->getCanonicalDecl();
  for (const BoundNodes &nodes :
       matchUserCode(traverse(clang::TK_AsIs,
                      callExpr(callee(functionDecl(hasName(fn->getName())))).bind("call")),
             ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("call");
    const clang::FunctionDecl *callee = call->getDirectCallee();
    if (!callee || callee->getCanonicalDecl() != canonical || llvm::isa<clang::CXXOperatorCallExpr>(call))
      continue;
    if (index >= call->getNumArgs() || llvm::isa<clang::CXXDefaultArgExpr>(call->getArg(index)))
      continue;
    out.push_back({call, call->getArg(index), fn});
  }
  return out;
}

std::vector<IntSite> intSites(const clang::Stmt &call, const clang::Expr *arg, clang::ASTContext &ctx) {
  if (!possibleInts(arg, ctx).values.empty()) return {{&call, arg, ""}};
  std::vector<IntSite> out;
  for (const ForwardedArgument &fwd : forwardedArguments(arg, ctx))
    out.push_back({fwd.call, fwd.arg, " (through " + fwd.wrapper->getNameAsString() + "())"});
  return out;
}

}  // namespace attest
