#include "checks/common/SecretValue.h"
#include "checks/common/LocalFlow.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include "checks/common/AstWalk.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

using namespace clang::ast_matchers;

namespace attest {
namespace {
constexpr int kMaxDepth = 10;
// Values are read through std::initializer_list too (`std::string{...}`).
constexpr Strip kThroughLists{.initializerList = true};


bool inSystemHeader(const clang::Decl &decl, const clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  return sm.isInSystemHeader(sm.getFileLoc(decl.getLocation()));
}

// How a copy function writes into its first argument.
enum class CopyMode { Replace, Append, Format, Fill };
struct CopyFunction {
  CopyMode mode;
  unsigned source;  // source (or format) argument
  int count = -1;   // byte count argument (memcpy, strncpy), -1 none
};
std::optional<CopyFunction> copyFunction(llvm::StringRef name) {
  using M = CopyMode;
  return llvm::StringSwitch<std::optional<CopyFunction>>(name)
      .Cases("strcpy", "wcscpy", "stpcpy", "lstrcpyA", "lstrcpyW", "lstrcpy", "_mbscpy", CopyFunction{M::Replace, 1})
      .Cases("strncpy", "wcsncpy", "strlcpy", "wcslcpy", CopyFunction{M::Replace, 1, 2})
      .Cases("strcpy_s", "wcscpy_s", "StringCchCopyA", "StringCchCopyW", "StringCbCopyA", "StringCbCopyW",
             CopyFunction{M::Replace, 2})
      .Cases("strcat", "wcscat", "lstrcatA", "lstrcatW", CopyFunction{M::Append, 1})
      .Cases("strncat", "wcsncat", "strlcat", "wcslcat", CopyFunction{M::Append, 1, 2})
      .Cases("strcat_s", "wcscat_s", "StringCchCatA", "StringCchCatW", CopyFunction{M::Append, 2})
      .Cases("memcpy", "memmove", "CopyMemory", "RtlCopyMemory", "wmemcpy", CopyFunction{M::Replace, 1, 2})
      .Cases("memcpy_s", "memmove_s", CopyFunction{M::Replace, 2, 3})
      .Cases("sprintf", "wsprintfA", "wsprintfW", CopyFunction{M::Format, 1})
      .Cases("snprintf", "swprintf", "_snprintf", "StringCchPrintfA", "StringCchPrintfW", CopyFunction{M::Format, 2})
      .Case("sprintf_s", CopyFunction{M::Format, 2})
      .Case("memset", CopyFunction{M::Fill, 1, 2})
      .Default(std::nullopt);
}

bool isStringMethodWrite(llvm::StringRef name, CopyMode &mode) {
  if (name == "assign") mode = CopyMode::Replace;
  else if (name == "append") mode = CopyMode::Append;
  else return false;
  return true;
}

bool isReadOnlyMethod(const clang::CXXMethodDecl &method) {
  if (method.isConst()) return true;
  if (!method.getIdentifier()) return false;
  llvm::StringRef name = method.getName();
  return name == "c_str" || name == "size" || name == "length" || name == "empty" || name == "data";
}

// Whether a parameter of type `type` lets the callee change what `arg` refers to.
bool parameterMayWrite(clang::QualType type) {
  type = type.getNonReferenceType().getCanonicalType();
  if (const auto *ref = llvm::dyn_cast<clang::ReferenceType>(type.getTypePtr()))
    return !ref->getPointeeType().isConstQualified();
  if (type->isPointerType()) return !type->getPointeeType().isConstQualified();
  return false;
}

bool argumentMayWrite(const clang::Expr *call, unsigned index, const clang::FunctionDecl *callee,
                      const clang::Expr *arg) {
  if (!callee) return true;
  unsigned offset = 0;
  // A member operator's first argument is the object.
  if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(call)) {
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(callee)) {
      if (index == 0) return !method->isConst();
      offset = 1;
    }
    (void)op;
  }
  unsigned param = index - offset;
  if (param < callee->getNumParams()) {
    clang::QualType type = callee->getParamDecl(param)->getType();
    if (type->isLValueReferenceType()) return !type.getNonReferenceType().isConstQualified();
    return parameterMayWrite(type);
  }
  // A variadic argument: written only by the scanf family (printf, curl_easy_setopt,
  // redisCommand and syslog read theirs).
  bool scans = callee->getIdentifier() && callee->getName().contains("scanf");
  return scans && parameterMayWrite(arg->getType());
}

// Whether the use `ref` of a variable may change it, other than by a write the
// resolver understands (those are excluded by the caller).
bool useMayWrite(const clang::DeclRefExpr &ref, clang::ASTContext &ctx, const clang::CallExpr *sinkCall = nullptr) {
  const clang::Stmt *current = &ref;
  bool addressed = false;  // the variable's address (or an array's decay) travels on
  if (ref.getType()->isArrayType()) addressed = true;
  for (int depth = 0; depth < 16; ++depth) {
    clang::DynTypedNodeList parents = ctx.getParents(*current);
    if (parents.empty()) return false;
    const clang::DynTypedNode &parent = parents[0];
    if (const auto *var = parent.get<clang::VarDecl>()) {
      // An alias: `char *p = buf;`, `std::string &r = s;`.
      clang::QualType type = var->getType();
      if (type->isReferenceType()) return !type.getNonReferenceType().isConstQualified();
      if (addressed && type->isPointerType()) return !type->getPointeeType().isConstQualified();
      return false;
    }
    const auto *stmt = parent.get<clang::Stmt>();
    if (!stmt) return false;
    if (const auto *cast = llvm::dyn_cast<clang::ImplicitCastExpr>(stmt)) {
      if (cast->getCastKind() == clang::CK_LValueToRValue) return false;
      if (cast->getCastKind() == clang::CK_ArrayToPointerDecay) addressed = true;
    } else if (const auto *cast = llvm::dyn_cast<clang::ExplicitCastExpr>(stmt)) {
      (void)cast;
    } else if (llvm::isa<clang::ParenExpr>(stmt)) {
    } else if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(stmt)) {
      if (unary->isIncrementDecrementOp()) return true;
      if (unary->getOpcode() == clang::UO_AddrOf) addressed = true;
      else if (unary->getOpcode() != clang::UO_Deref) return false;
    } else if (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(stmt)) {
      if (subscript->getIdx() == current) return false;
      addressed = false;  // an element: written only by an assignment to it
    } else if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(stmt)) {
      if (binary->isAssignmentOp() && binary->getLHS() == current) return true;
      if (!binary->isAdditiveOp()) return false;  // pointer arithmetic keeps the address
    } else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(stmt)) {
      clang::DynTypedNodeList above = ctx.getParents(*member);
      if (const auto *call = above.empty() ? nullptr : above[0].get<clang::CXXMemberCallExpr>()) {
        const clang::CXXMethodDecl *method = call->getMethodDecl();
        if (!method) return true;
        if (method->isConst()) return false;
        // v.data() / &v[0]: the buffer's address travels on; where it goes decides.
        if (method->getIdentifier() && (method->getName() == "data" || method->getName() == "begin")) {
          current = call;
          addressed = true;
          continue;
        }
        return !isReadOnlyMethod(*method);
      }
      addressed = false;  // a field: written by an assignment to it
    } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(stmt)) {
      if (call == sinkCall) return false;
      for (unsigned i = 0; i < call->getNumArgs(); ++i)
        if (call->getArg(i) == current)
          return (addressed || call->getArg(i)->isLValue()) &&
                 argumentMayWrite(call, i, call->getDirectCallee(), call->getArg(i));
      return !call->getDirectCallee();  // called through the variable
    } else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(stmt)) {
      for (unsigned i = 0; i < construct->getNumArgs(); ++i)
        if (construct->getArg(i) == current) {
          const clang::CXXConstructorDecl *ctor = construct->getConstructor();
          if (i < ctor->getNumParams()) {
            clang::QualType type = ctor->getParamDecl(i)->getType();
            if (type->isLValueReferenceType()) return !type.getNonReferenceType().isConstQualified();
            return addressed && parameterMayWrite(type);
          }
        }
      return false;
    } else {
      return false;
    }
    current = stmt;
  }
  return false;
}

struct Write {
  const clang::Expr *at;  // for ordering
  CopyMode mode;
  const clang::CallExpr *call = nullptr;  // copy function, when one
  const clang::Expr *value = nullptr;     // assignment/append operand
  std::optional<CopyFunction> copy;
};

const clang::DeclRefExpr *refTo(const clang::Expr *expr, const clang::VarDecl &var) {
  const clang::Expr *e = stripWrappers(expr, kThroughLists);
  // &buf[0], buf.data() are the buffer too.
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary && unary->getOpcode() == clang::UO_AddrOf)
    if (const auto *sub = llvm::dyn_cast<clang::ArraySubscriptExpr>(stripWrappers(unary->getSubExpr(), kThroughLists)))
      e = stripWrappers(sub->getBase(), kThroughLists);
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(e))
    if (call->getMethodDecl() && call->getMethodDecl()->getIdentifier() && call->getMethodDecl()->getName() == "data")
      e = stripWrappers(call->getImplicitObjectArgument(), kThroughLists);
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e);
  return ref && ref->getDecl() == &var ? ref : nullptr;
}


std::string narrow(const clang::StringLiteral &literal) {
  if (literal.getCharByteWidth() == 1) return literal.getString().str();
  std::string out;
  for (unsigned i = 0; i < literal.getLength(); ++i) {
    uint32_t unit = literal.getCodeUnit(i);
    out.push_back(unit < 0x80 ? static_cast<char>(unit) : '?');
  }
  return out;
}

class Resolver {
public:
  Resolver(clang::ASTContext &ctx, const clang::CallExpr *sinkCall) : ctx_(ctx), sinkCall_(sinkCall) {}

  std::optional<ConstantBytes> resolve(const clang::Expr *expr, int depth) {
    if (!expr || depth > kMaxDepth) return std::nullopt;
    expr = stripWrappers(expr, kThroughLists);
    if (expr->isValueDependent() || expr->isTypeDependent() || expr->containsErrors()) return std::nullopt;

    if (const auto *literal = llvm::dyn_cast<clang::StringLiteral>(expr)) {
      ConstantBytes out;
      out.value = narrow(*literal);
      out.wide = literal->getCharByteWidth() != 1;
      out.sources.push_back(literal);
      return out;
    }
    if (const auto *udl = llvm::dyn_cast<clang::UserDefinedLiteral>(expr)) {
      if (udl->getLiteralOperatorKind() != clang::UserDefinedLiteral::LOK_String || udl->getNumArgs() < 1)
        return std::nullopt;
      return resolve(udl->getArg(0), depth + 1);
    }
    if (const auto *list = llvm::dyn_cast<clang::InitListExpr>(expr)) return initList(*list, depth);
    if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
      std::vector<const clang::Expr *> args;
      for (const clang::Expr *arg : construct->arguments())
        if (!llvm::isa<clang::CXXDefaultArgExpr>(arg)) args.push_back(arg);
      if (args.size() == 1) return resolve(args[0], depth + 1);
      if (args.size() == 2 && args[0]->getType()->isPointerType() && args[1]->getType()->isIntegerType()) {
        std::optional<ConstantBytes> text = resolve(args[0], depth + 1);
        clang::Expr::EvalResult count;
        if (!text || args[1]->isValueDependent() || !args[1]->EvaluateAsInt(count, ctx_)) return std::nullopt;
        int64_t n = count.Val.getInt().getExtValue();
        if (n < 0 || static_cast<uint64_t>(n) > text->value.size()) return std::nullopt;
        text->value.resize(static_cast<size_t>(n));
        return text;
      }
      return std::nullopt;
    }
    if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
      if (op->getOperator() != clang::OO_Plus || op->getNumArgs() != 2) return std::nullopt;
      std::optional<ConstantBytes> left = resolve(op->getArg(0), depth + 1);
      if (!left) return std::nullopt;
      std::optional<ConstantBytes> right = resolve(op->getArg(1), depth + 1);
      if (!right) return std::nullopt;
      return concat(std::move(*left), std::move(*right));
    }
    if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
      const clang::CXXMethodDecl *method = member->getMethodDecl();
      if (method && method->getIdentifier() && member->getNumArgs() == 0) {
        llvm::StringRef name = method->getName();
        if (name == "c_str" || name == "data" || name == "toStdString" || name == "constData" ||
            name == "toUtf8" || name == "toLatin1" || name == "str")
          return resolve(member->getImplicitObjectArgument(), depth + 1);
      }
      return helperCall(*member, depth);
    }
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(expr)) return helperCall(*call, depth);
    if (const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(expr)) {
      bool which = false;
      if (cond->getCond()->isValueDependent() || !cond->getCond()->EvaluateAsBooleanCondition(which, ctx_))
        return std::nullopt;
      return resolve(which ? cond->getTrueExpr() : cond->getFalseExpr(), depth + 1);
    }
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(expr)) {
      // &key[0]
      if (unary->getOpcode() == clang::UO_AddrOf)
        if (const auto *sub =
                llvm::dyn_cast<clang::ArraySubscriptExpr>(stripWrappers(unary->getSubExpr(), kThroughLists))) {
          clang::Expr::EvalResult index;
          if (!sub->getIdx()->isValueDependent() && sub->getIdx()->EvaluateAsInt(index, ctx_) &&
              index.Val.getInt().getExtValue() == 0)
            return resolve(sub->getBase(), depth + 1);
        }
      return std::nullopt;
    }
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) return variable(*var, depth);
      return std::nullopt;
    }
    if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl()))  // static member
        return variable(*var, depth);
      if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl())) return fieldOfConstant(*member, *field, depth);
    }
    return std::nullopt;
  }

  std::vector<std::optional<ConstantBytes>> stringArray(const clang::Expr *expr) {
    std::vector<std::optional<ConstantBytes>> out;
    const clang::Expr *e = stripWrappers(expr, kThroughLists);
    const clang::InitListExpr *list = llvm::dyn_cast<clang::InitListExpr>(e);
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e))
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl()))
        if (var->getType()->isArrayType() && !llvm::isa<clang::ParmVarDecl>(var) && constantVariable(*var))
          if (const clang::Expr *init = var->getAnyInitializer())
            list = llvm::dyn_cast<clang::InitListExpr>(stripWrappers(init, kThroughLists));
    if (!list) return out;
    for (const clang::Expr *init : list->inits()) out.push_back(resolve(init, 1));
    return out;
  }

private:
  static ConstantBytes concat(ConstantBytes left, ConstantBytes right) {
    left.value += right.value;
    left.sources.insert(left.sources.end(), right.sources.begin(), right.sources.end());
    if (!left.origin) left.origin = right.origin;
    if (!left.helper) left.helper = right.helper;
    left.wide |= right.wide;
    if (left.via.empty()) left.via = right.via;
    return left;
  }

  std::optional<ConstantBytes> initList(const clang::InitListExpr &list, int depth) {
    if (list.getType()->isRecordType()) {
      // std::array<uint8_t, 16> k = {{...}}: the one member is the array; `k{}` is zeros.
      const clang::RecordDecl *record = list.getType()->getAsRecordDecl();
      bool stdArray = record && record->isInStdNamespace() && record->getIdentifier() && record->getName() == "array";
      if (stdArray && (list.getNumInits() == 0 || llvm::isa<clang::ImplicitValueInitExpr>(list.getInit(0)))) {
        ConstantBytes zeros;
        zeros.fromIntegers = true;
        zeros.value.assign(static_cast<size_t>(ctx_.getTypeSizeInChars(list.getType()).getQuantity()), '\0');
        zeros.sources.push_back(&list);
        return zeros;
      }
      if (list.getNumInits() == 1) return resolve(list.getInit(0), depth + 1);
      return std::nullopt;
    }
    if (list.getNumInits() == 1) {
      const clang::Expr *only = stripWrappers(list.getInit(0), kThroughLists);
      if (llvm::isa<clang::StringLiteral>(only) || llvm::isa<clang::InitListExpr>(only)) return resolve(only, depth + 1);
    }
    ConstantBytes out;
    out.fromIntegers = true;
    for (const clang::Expr *init : list.inits()) {
      clang::Expr::EvalResult value;
      if (init->isValueDependent() || !init->EvaluateAsInt(value, ctx_)) return std::nullopt;
      out.value.push_back(static_cast<char>(value.Val.getInt().getExtValue() & 0xff));
    }
    if (const auto *array = ctx_.getAsConstantArrayType(list.getType())) {
      uint64_t size = array->getSize().getZExtValue();
      if (size > out.value.size() && size <= 4096) out.value.resize(size, '\0');
    }
    out.sources.push_back(&list);
    return out;
  }

  // A variable that holds its initializer for good: const, constexpr, or never written
  // anywhere in the TU (globals) / in its function (locals are resolved by localFlow).
  bool constantVariable(const clang::VarDecl &var) {
    clang::QualType type = var.getType();
    if (type.isVolatileQualified()) return false;
    if (var.isConstexpr() || type.isConstant(ctx_)) return true;
    if (const auto *array = ctx_.getAsArrayType(type); array && array->getElementType().isConstQualified()) return true;
    auto cached = neverWritten_.find(&var);
    if (cached != neverWritten_.end()) return cached->second;
    bool result = true;
    for (const BoundNodes &nodes :
         match(traverse(clang::TK_AsIs, declRefExpr(to(varDecl(equalsNode(&var)))).bind("ref")), ctx_))
      if (useMayWrite(*nodes.getNodeAs<clang::DeclRefExpr>("ref"), ctx_, sinkCall_)) {
        result = false;
        break;
      }
    neverWritten_[&var] = result;
    return result;
  }

  std::optional<ConstantBytes> variable(const clang::VarDecl &var, int depth) {
    if (llvm::isa<clang::ParmVarDecl>(var)) return std::nullopt;
    std::optional<ConstantBytes> out;
    if (var.isLocalVarDecl() && !var.getType().isConstant(ctx_) && !var.isConstexpr()) {
      out = localFlow(var, depth);
    } else {
      if (!constantVariable(var)) return std::nullopt;
      const clang::VarDecl *definition = nullptr;
      const clang::Expr *init = var.getAnyInitializer(definition);
      if (!init) return std::nullopt;
      out = resolve(init, depth + 1);
    }
    if (out && !out->origin) out->origin = &var;
    return out;
  }

  std::optional<ConstantBytes> fieldOfConstant(const clang::MemberExpr &member, const clang::FieldDecl &field, int depth) {
    if (member.isArrow()) return std::nullopt;
    const auto *base = llvm::dyn_cast<clang::DeclRefExpr>(stripWrappers(member.getBase(), kThroughLists));
    const auto *var = base ? llvm::dyn_cast<clang::VarDecl>(base->getDecl()) : nullptr;
    if (!var || llvm::isa<clang::ParmVarDecl>(var) || !constantVariable(*var)) return std::nullopt;
    const auto *list =
        llvm::dyn_cast_or_null<clang::InitListExpr>(stripWrappers(var->getAnyInitializer(), kThroughLists));
    if (!list || field.getFieldIndex() >= list->getNumInits()) return std::nullopt;
    if (const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(field.getParent()); record && record->getNumBases())
      return std::nullopt;
    std::optional<ConstantBytes> out = resolve(list->getInit(field.getFieldIndex()), depth + 1);
    if (out && !out->origin) out->origin = var;
    return out;
  }

  // A local whose every write in its function is a constant.
  std::optional<ConstantBytes> localFlow(const clang::VarDecl &var, int depth) {
    const auto *fn = llvm::dyn_cast_or_null<clang::FunctionDecl>(var.getParentFunctionOrMethod());
    const clang::Stmt *body = fn ? fn->getBody() : nullptr;
    if (!body) return std::nullopt;
    if (flowing_.count(&var)) return std::nullopt;  // a cycle
    std::vector<Write> writes;
    std::set<const clang::DeclRefExpr *> understood;
    bool unknown = false;
    forEachStmt(body, [&](const clang::Stmt &stmt) {
      if (unknown) return;
      if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) {
        if (op->getOpcode() == clang::BO_Assign)
          if (const clang::DeclRefExpr *ref = refTo(op->getLHS(), var);
              ref && stripWrappers(op->getLHS(), kThroughLists) == ref) {
            writes.push_back({op, CopyMode::Replace, nullptr, op->getRHS(), std::nullopt});
            understood.insert(ref);
          }
      } else if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt)) {
        if ((op->getOperator() == clang::OO_Equal || op->getOperator() == clang::OO_PlusEqual) && op->getNumArgs() == 2)
          if (const clang::DeclRefExpr *ref = refTo(op->getArg(0), var)) {
            writes.push_back({op, op->getOperator() == clang::OO_Equal ? CopyMode::Replace : CopyMode::Append, nullptr,
                              op->getArg(1), std::nullopt});
            understood.insert(ref);
          }
      } else if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
        CopyMode mode;
        if (call->getNumArgs() == 1 && isStringMethodWrite(calleeName(*call), mode))
          if (const clang::DeclRefExpr *ref = refTo(call->getImplicitObjectArgument(), var)) {
            writes.push_back({call, mode, nullptr, call->getArg(0), std::nullopt});
            understood.insert(ref);
          }
      } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt)) {
        if (call->getNumArgs() >= 2)
          if (std::optional<CopyFunction> copy = copyFunction(calleeName(*call)))
            if (const clang::DeclRefExpr *ref = refTo(call->getArg(0), var)) {
              writes.push_back({call, copy->mode, call, nullptr, copy});
              understood.insert(ref);
            }
      }
    });
    forEachStmt(body, [&](const clang::Stmt &stmt) {
      if (unknown) return;
      if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(&stmt))
        if (ref->getDecl() == &var && !understood.count(ref) && useMayWrite(*ref, ctx_, sinkCall_)) unknown = true;
    });
    if (unknown) return std::nullopt;
    const clang::SourceManager &sm = ctx_.getSourceManager();
    std::sort(writes.begin(), writes.end(), [&](const Write &a, const Write &b) {
      return sm.isBeforeInTranslationUnit(a.at->getBeginLoc(), b.at->getBeginLoc());
    });
    flowing_.insert(&var);
    std::optional<ConstantBytes> state;
    if (const clang::Expr *init = var.getInit()) {
      state = resolve(init, depth + 1);
      if (!state) {
        // `std::string s;` / `char buf[64];` start empty; anything else is unknown.
        const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(stripWrappers(init, kThroughLists));
        if (!construct || construct->getNumArgs() != 0) {
          flowing_.erase(&var);
          return std::nullopt;
        }
        state = ConstantBytes{};
      }
    }
    std::string how;
    for (const Write &w : writes) {
      std::optional<ConstantBytes> value = writeValue(w, depth);
      if (!value) {
        flowing_.erase(&var);
        return std::nullopt;
      }
      bool initialZeros = state && state->value.find_first_not_of('\0') == std::string::npos;
      if (w.mode == CopyMode::Append && state && !initialZeros) state = concat(std::move(*state), std::move(*value));
      else state = std::move(value);
      if (w.call && how.empty()) how = "copied with " + calleeName(*w.call).str() + "() into `" + var.getName().str() + "`";
      else if (!w.call && how.empty()) how = "assigned to `" + var.getName().str() + "`";
    }
    flowing_.erase(&var);
    if (!state || (state->sources.empty() && state->value.empty())) return std::nullopt;
    if (!writes.empty() && state->via.empty()) state->via = how;
    return state;
  }

  std::optional<ConstantBytes> writeValue(const Write &w, int depth) {
    if (!w.call) return resolve(w.value, depth + 1);
    const CopyFunction &copy = *w.copy;
    const clang::CallExpr &call = *w.call;
    if (copy.source >= call.getNumArgs()) return std::nullopt;
    auto intArg = [&](int index) -> std::optional<int64_t> {
      if (index < 0 || static_cast<unsigned>(index) >= call.getNumArgs()) return std::nullopt;
      clang::Expr::EvalResult r;
      const clang::Expr *arg = call.getArg(index);
      if (arg->isValueDependent() || !arg->EvaluateAsInt(r, ctx_)) return std::nullopt;
      return r.Val.getInt().getExtValue();
    };
    if (copy.mode == CopyMode::Fill) {
      std::optional<int64_t> byte = intArg(copy.source), count = intArg(copy.count);
      if (!byte || !count || *count < 0 || *count > 4096) return std::nullopt;
      ConstantBytes out;
      out.fromIntegers = true;
      out.value.assign(static_cast<size_t>(*count), static_cast<char>(*byte & 0xff));
      return out;
    }
    if (copy.mode == CopyMode::Format) {
      std::optional<ConstantBytes> format = resolve(call.getArg(copy.source), depth + 1);
      if (!format) return std::nullopt;
      ConstantBytes out;
      out.wide = format->wide;
      unsigned next = copy.source + 1;
      const std::string &f = format->value;
      for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%') {
          out.value.push_back(f[i]);
          continue;
        }
        if (i + 1 < f.size() && f[i + 1] == '%') {
          out.value.push_back('%');
          ++i;
          continue;
        }
        size_t j = i + 1;
        if (j < f.size() && (f[j] == 'l' || f[j] == 'h')) ++j;
        if (j >= f.size() || (f[j] != 's' && f[j] != 'S') || next >= call.getNumArgs()) return std::nullopt;
        std::optional<ConstantBytes> arg = resolve(call.getArg(next++), depth + 1);
        if (!arg) return std::nullopt;
        out = concat(std::move(out), std::move(*arg));
        i = j;
      }
      if (out.sources.empty()) out.sources = format->sources;
      return out;
    }
    std::optional<ConstantBytes> source = resolve(call.getArg(copy.source), depth + 1);
    if (!source) return std::nullopt;
    if (std::optional<int64_t> count = intArg(copy.count); count && *count >= 0 &&
                                                           static_cast<size_t>(*count) < source->value.size())
      source->value.resize(static_cast<size_t>(*count));
    return source;
  }

  // One level of the TU's own helpers: every `return` gives the same constant.
  std::optional<ConstantBytes> helperCall(const clang::CallExpr &call, int depth) {
    if (inHelper_) return std::nullopt;
    const clang::FunctionDecl *callee = call.getDirectCallee();
    if (!callee) return std::nullopt;
    const clang::FunctionDecl *definition = nullptr;
    if (!callee->hasBody(definition) || !definition || inSystemHeader(*definition, ctx_) || definition->isVariadic() ||
        definition->isTemplated())
      return std::nullopt;
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(definition); method && method->isVirtual())
      return std::nullopt;
    std::vector<const clang::ReturnStmt *> returns;
    forEachStmt(definition->getBody(), [&](const clang::Stmt &stmt) {
      if (llvm::isa<clang::LambdaExpr>(stmt)) return;
      if (const auto *ret = llvm::dyn_cast<clang::ReturnStmt>(&stmt)) returns.push_back(ret);
    });
    if (returns.empty()) return std::nullopt;
    inHelper_ = true;
    std::optional<ConstantBytes> result;
    for (const clang::ReturnStmt *ret : returns) {
      std::optional<ConstantBytes> value = resolve(ret->getRetValue(), depth + 1);
      if (!value || (result && result->value != value->value)) {
        result.reset();
        break;
      }
      if (!result) result = std::move(value);
    }
    inHelper_ = false;
    if (result) {
      result->helper = definition;
      result->via = "returned by " + definition->getNameAsString() + "()";
    }
    return result;
  }

  clang::ASTContext &ctx_;
  const clang::CallExpr *sinkCall_ = nullptr;
  bool inHelper_ = false;
  std::map<const clang::VarDecl *, bool> neverWritten_;
  std::set<const clang::VarDecl *> flowing_;
};
}  // namespace

std::optional<ConstantBytes> resolveConstantBytes(const clang::Expr *expr, clang::ASTContext &ctx,
                                                  const clang::CallExpr *sinkCall) {
  Resolver resolver(ctx, sinkCall);
  return resolver.resolve(expr, 0);
}

std::vector<std::optional<ConstantBytes>> resolveStringArray(const clang::Expr *expr, clang::ASTContext &ctx) {
  Resolver resolver(ctx, nullptr);
  return resolver.stringArray(expr);
}

std::string literalText(const clang::StringLiteral &literal) { return narrow(literal); }

std::vector<std::string> spelledPieces(const clang::StringLiteral &literal, const clang::ASTContext &ctx) {
  std::vector<std::string> pieces;
  const clang::SourceManager &sm = ctx.getSourceManager();
  for (unsigned i = 0; i < literal.getNumConcatenated(); ++i) {
    clang::SourceLocation loc = sm.getSpellingLoc(literal.getStrTokenLoc(i));
    llvm::SmallVector<char, 128> buffer;
    bool invalid = false;
    llvm::StringRef token = clang::Lexer::getSpelling(loc, buffer, sm, ctx.getLangOpts(), &invalid);
    if (invalid) continue;
    size_t quote = token.find('"');
    if (quote == llvm::StringRef::npos) continue;
    llvm::StringRef prefix = token.take_front(quote);
    llvm::StringRef body = token.drop_front(quote + 1);
    if (prefix.contains('R')) {
      size_t open = body.find('(');
      if (open == llvm::StringRef::npos) continue;
      llvm::StringRef delimiter = body.take_front(open);
      body = body.drop_front(open + 1);
      std::string close = ")" + delimiter.str() + "\"";
      if (body.ends_with(close)) body = body.drop_back(close.size());
    } else if (body.ends_with("\"")) {
      body = body.drop_back();
    }
    pieces.push_back(body.str());
  }
  return pieces;
}

}  // namespace attest

namespace attest {
namespace {
size_t utf8Length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// Code units a code point takes in a literal whose units are `width` bytes wide.
size_t unitsOf(uint32_t cp, unsigned width) {
  if (width == 1) return utf8Length(cp);
  if (width == 2) return cp >= 0x10000 ? 2 : 1;
  return 1;
}

// The code point of the UTF-8 sequence at `text[i]`, advancing `i`; an invalid byte is one.
uint32_t decodeUtf8(llvm::StringRef text, size_t &i) {
  unsigned char c = text[i];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > text.size()) len = 1;
  uint32_t cp = len == 1 ? c : c & (0x7f >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  i += len;
  return cp;
}

// Where each code unit of a non-raw token's value starts in its spelling; false for
// what this does not decode (\N{name}).
bool mapEscapes(llvm::StringRef body, unsigned width, std::vector<size_t> &starts) {
  for (size_t i = 0; i < body.size();) {
    size_t start = i;
    if (body[i] != '\\') {
      uint32_t cp = width == 1 ? (++i, 0u) : decodeUtf8(body, i);
      starts.insert(starts.end(), width == 1 ? 1 : unitsOf(cp, width), start);
      continue;
    }
    if (i + 1 >= body.size()) return false;
    char e = body[++i];
    ++i;
    auto digits = [&](auto isDigit, size_t max) {
      size_t n = 0;
      uint32_t value = 0;
      while (i < body.size() && n < max && isDigit(body[i])) {
        value = value * (max == 3 ? 8 : 16) + llvm::hexDigitValue(body[i]);
        ++i, ++n;
      }
      return value;
    };
    if (e == 'x' || e == 'o') {
      if (i < body.size() && body[i] == '{') {
        size_t close = body.find('}', i);
        if (close == llvm::StringRef::npos) return false;
        i = close + 1;
      } else {
        digits([](char c) { return llvm::isHexDigit(c); }, SIZE_MAX);
      }
      starts.push_back(start);
    } else if (e >= '0' && e <= '7') {
      --i;
      digits([](char c) { return c >= '0' && c <= '7'; }, 3);
      starts.push_back(start);
    } else if (e == 'u' || e == 'U') {
      uint32_t cp = 0;
      if (i < body.size() && body[i] == '{') {
        size_t close = body.find('}', i);
        if (close == llvm::StringRef::npos) return false;
        body.slice(i + 1, close).getAsInteger(16, cp);
        i = close + 1;
      } else {
        cp = digits([](char c) { return llvm::isHexDigit(c); }, e == 'u' ? 4 : 8);
      }
      starts.insert(starts.end(), unitsOf(cp, width), start);
    } else if (e == 'N') {
      return false;
    } else {
      starts.push_back(start);  // \n \t \\ \" ...
    }
  }
  return true;
}
}  // namespace

std::vector<SpelledToken> spelledTokens(const clang::StringLiteral &literal, const clang::ASTContext &ctx) {
  std::vector<SpelledToken> tokens;
  const clang::SourceManager &sm = ctx.getSourceManager();
  unsigned width = literal.getCharByteWidth();
  size_t units = 0;
  bool mapped = true;
  for (unsigned i = 0; i < literal.getNumConcatenated(); ++i) {
    clang::SourceLocation loc = sm.getSpellingLoc(literal.getStrTokenLoc(i));
    llvm::SmallVector<char, 128> buffer;
    bool invalid = false;
    llvm::StringRef token = clang::Lexer::getSpelling(loc, buffer, sm, ctx.getLangOpts(), &invalid);
    size_t quote = token.find('"');
    if (invalid || quote == llvm::StringRef::npos) {
      mapped = false;
      continue;
    }
    SpelledToken t;
    llvm::StringRef prefix = token.take_front(quote), body = token.drop_front(quote + 1);
    size_t bodyOffset = quote + 1;
    bool raw = prefix.contains('R');
    if (raw) {
      size_t open = body.find('(');
      if (open == llvm::StringRef::npos) continue;
      std::string close = ")" + body.take_front(open).str() + "\"";
      bodyOffset += open + 1;
      body = body.drop_front(open + 1);
      if (body.ends_with(close)) body = body.drop_back(close.size());
    } else if (body.ends_with("\"")) {
      body = body.drop_back();
    }
    t.spelling = body.str();
    if (raw) {
      for (size_t k = 0; k < body.size();) {
        size_t start = k;
        uint32_t cp = width == 1 ? (++k, 0u) : decodeUtf8(body, k);
        t.unitStart.insert(t.unitStart.end(), width == 1 ? 1 : unitsOf(cp, width), start);
      }
    } else if (!mapEscapes(body, width, t.unitStart)) {
      mapped = false;
    }
    units += t.unitStart.size();
    t.unitStart.push_back(body.size());
    // The file holds the token as spelled (no line splice inside): ranges across tokens
    // can then be cut from the buffer.
    bool bad = false;
    const char *data = sm.getCharacterData(loc, &bad);
    if (!bad && llvm::StringRef(data, token.size()) == token) {
      t.raw = data + bodyOffset;
      t.file = sm.getFileID(loc);
    }
    tokens.push_back(std::move(t));
  }
  if (!mapped || units != literal.getLength())
    for (SpelledToken &t : tokens) t.unitStart.clear();  // not mapped: callers take whole tokens
  return tokens;
}

std::vector<std::string> spellingsOf(const clang::StringLiteral &literal, const clang::ASTContext &ctx, size_t begin,
                                     size_t end) {
  std::vector<std::string> out;
  std::vector<SpelledToken> tokens = spelledTokens(literal, ctx);
  size_t offset = 0;  // of the current token's first unit in the literal's value
  const char *first = nullptr, *last = nullptr;
  clang::FileID file;
  bool contiguous = true;  // every token of the range in one buffer, in order
  for (const SpelledToken &t : tokens) {
    if (t.unitStart.empty()) {  // unmapped: the whole of every token
      out.push_back(t.spelling);
      continue;
    }
    size_t units = t.unitStart.size() - 1;
    size_t lo = std::max(begin, offset), hi = std::min(end, offset + units);
    if (lo < hi) {
      size_t from = t.unitStart[lo - offset], to = t.unitStart[hi - offset];
      out.push_back(t.spelling.substr(from, to - from));
      if (!t.raw || (first && (t.file != file || t.raw + from < last))) contiguous = false;
      if (t.raw && !first) {
        first = t.raw + from;
        file = t.file;
      }
      if (t.raw) last = t.raw + to;
    }
    offset += units;
  }
  // Across tokens, as the file shows it: `"ghp_" "abc..."` with its quotes and spaces.
  if (contiguous && first && last > first && static_cast<size_t>(last - first) < (1u << 16))
    out.emplace_back(first, last - first);
  return out;
}

}  // namespace attest
