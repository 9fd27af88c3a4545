#include "checks/common/TlsObjectUses.h"
#include "checks/common/UserCode.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <set>

using namespace clang::ast_matchers;

namespace attest {
namespace {

// The first parent of `node` that is not a cast, parenthesis or temporary wrapper, and
// the child of it on the way (so a caller can tell which operand it was).
clang::DynTypedNode climb(clang::DynTypedNode node, clang::ASTContext &ctx, const clang::Expr *&child) {
  child = node.get<clang::Expr>();
  for (int i = 0; i < 16; ++i) {
    auto parents = ctx.getParents(node);
    if (parents.empty()) return {};
    clang::DynTypedNode parent = parents[0];
    const auto *stmt = parent.get<clang::Stmt>();
    if (stmt && (llvm::isa<clang::CastExpr>(stmt) || llvm::isa<clang::ParenExpr>(stmt) ||
                 llvm::isa<clang::FullExpr>(stmt) || llvm::isa<clang::MaterializeTemporaryExpr>(stmt) ||
                 llvm::isa<clang::CXXBindTemporaryExpr>(stmt))) {
      child = llvm::cast<clang::Expr>(stmt);
      node = parent;
      continue;
    }
    return parent;
  }
  return {};
}

const clang::ValueDecl *namedDecl(const clang::Expr *e) {
  if (!e) return nullptr;
  e = e->IgnoreParenCasts();
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) return member->getMemberDecl();
  return nullptr;
}

bool inSystemHeader(const clang::Decl &decl, clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = sm.getFileLoc(decl.getLocation());
  return loc.isValid() && sm.isInSystemHeader(loc);
}

// Calls of the library whose result carries the object passed to them.
bool derivesObject(llvm::StringRef name) {
  return name == "SSL_new" || name == "wolfSSL_new" || name == "BIO_new_ssl_connect" || name == "BIO_new_ssl";
}

// A field that only this TU can touch: private or protected, of a C++ class whose
// declared methods are all defined here and which has no friends.
bool fieldKeptHere(const clang::FieldDecl &field, clang::ASTContext &ctx) {
  // A struct defined in the source file itself, not in a header: no other file sees its fields.
  const clang::SourceManager &sm = ctx.getSourceManager();
  if (sm.isInMainFile(sm.getFileLoc(field.getParent()->getLocation()))) return true;
  if (field.getAccess() == clang::AS_public || field.getAccess() == clang::AS_none) return false;
  const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(field.getParent());
  if (!record || !record->hasDefinition() || record->hasFriends()) return false;
  for (const clang::CXXMethodDecl *method : record->methods()) {
    if (method->isImplicit() || method->isDeleted() || method->isDefaulted()) continue;
    if (!method->hasBody()) return false;
  }
  return true;
}

class Escape {
public:
  explicit Escape(clang::ASTContext &ctx) : ctx_(ctx) {}

  bool decl(const clang::ValueDecl &d, int depth) {
    if (depth > 4) return true;
    if (!seen_.insert(&d).second) return false;
    if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(&d)) {
      if (!fieldKeptHere(*field, ctx_)) return true;
    } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&d)) {
      if (var->hasGlobalStorage() && !var->isStaticLocal() && var->isExternallyVisible()) return true;
      if (llvm::isa<clang::ParmVarDecl>(var) && depth == 0) return true;
      if (var->getType()->isReferenceType() && depth == 0) return true;
    } else {
      return true;
    }
    auto refersTo = anyOf(declRefExpr(to(equalsNode(&d))).bind("use"), memberExpr(member(equalsNode(&d))).bind("use"));
    for (const BoundNodes &nodes : matchUserCode(expr(refersTo), ctx_))
      if (use(*nodes.getNodeAs<clang::Expr>("use"), depth)) return true;
    return false;
  }

  // Whether the value of `e` (the object, its address, or an object made from it) leaves.
  bool use(const clang::Expr &e, int depth) {
    const clang::Expr *child = nullptr;
    clang::DynTypedNode parent = climb(clang::DynTypedNode::create(e), ctx_, child);
    if (const auto *var = parent.get<clang::VarDecl>()) return decl(*var, depth + 1);
    const auto *stmt = parent.get<clang::Stmt>();
    if (!stmt) return false;
    if (llvm::isa<clang::ReturnStmt>(stmt)) return true;
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(stmt))
      return unary->getOpcode() == clang::UO_AddrOf ? use(*unary, depth) : false;
    if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(stmt)) {
      if (binary->getOpcode() != clang::BO_Assign || binary->getRHS()->IgnoreParenCasts() != child->IgnoreParenCasts())
        return false;
      const clang::ValueDecl *target = namedDecl(binary->getLHS());
      return !target || decl(*target, depth + 1);
    }
    if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(stmt)) {
      const clang::CXXConstructorDecl *ctor = construct->getConstructor();
      if (!ctor || !inSystemHeader(*ctor, ctx_)) return true;
      if (construct->getType()->isReferenceType()) return false;
      if (ctor->isCopyOrMoveConstructor()) return use(*construct, depth);
      return use(*construct, depth);  // a stream built on the context
    }
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(stmt)) {
      if (call->getCallee()->IgnoreParenCasts() == child->IgnoreParenCasts()) return false;
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call))
        if (member->getImplicitObjectArgument() &&
            member->getImplicitObjectArgument()->IgnoreParenImpCasts() == child->IgnoreParenImpCasts())
          return false;  // a method of the object itself
      const clang::FunctionDecl *callee = call->getDirectCallee();
      if (!callee) return true;
      if (inSystemHeader(*callee, ctx_)) {
        if (callee->getIdentifier() && derivesObject(callee->getName())) return use(*call, depth);
        return false;
      }
      const clang::FunctionDecl *def = callee->getDefinition();
      if (!def || !def->hasBody()) return true;
      unsigned offset = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(def) ? 1 : 0;
      for (unsigned i = 0; i < call->getNumArgs(); ++i) {
        if (call->getArg(i)->IgnoreParenCasts() != child->IgnoreParenCasts()) continue;
        if (i < offset || i - offset >= def->getNumParams()) return true;
        return decl(*def->getParamDecl(i - offset), depth + 1);
      }
      return false;
    }
    if (llvm::isa<clang::InitListExpr>(stmt) || llvm::isa<clang::LambdaExpr>(stmt)) return true;
    return false;
  }

private:
  clang::ASTContext &ctx_;
  std::set<const clang::ValueDecl *> seen_;
};

}  // namespace

const clang::ValueDecl *storedInto(const clang::Expr &value, clang::ASTContext &ctx) {
  const clang::Expr *child = nullptr;
  clang::DynTypedNode parent = climb(clang::DynTypedNode::create(value), ctx, child);
  if (const auto *var = parent.get<clang::VarDecl>()) return var;
  if (const auto *init = parent.get<clang::CXXCtorInitializer>()) return init->getMember();
  if (const auto *binary = parent.get<clang::BinaryOperator>())
    if (binary->getOpcode() == clang::BO_Assign && binary->getRHS()->IgnoreParenCasts() == child->IgnoreParenCasts())
      return namedDecl(binary->getLHS());
  return nullptr;
}

bool reachableOutsideTu(const clang::ValueDecl &decl, clang::ASTContext &ctx) {
  return Escape(ctx).decl(decl, 0);
}

bool tuCallsAny(std::initializer_list<llvm::StringRef> names, clang::ASTContext &ctx,
                llvm::function_ref<bool(const clang::CallExpr &)> ignore) {
  for (const BoundNodes &nodes :
       matchUserCode(callExpr(callee(functionDecl(hasAnyName(llvm::ArrayRef<llvm::StringRef>(names))))).bind("call"), ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("call");
    if (!ignore || !ignore(*call)) return true;
  }
  return false;
}

}  // namespace attest

namespace attest {
namespace {
bool mentions(const clang::Expr *e, const clang::ValueDecl &object) {
  if (!e) return false;
  if (namedDecl(e) == &object) return true;
  for (const clang::Stmt *child : e->children())
    if (const auto *sub = llvm::dyn_cast_or_null<clang::Expr>(child); sub && mentions(sub, object)) return true;
  return false;
}

bool mayBeSameObjectAt(const clang::Expr &handle, const clang::ValueDecl &object, clang::ASTContext &ctx, int depth);

// A parameter may be the object when a call of its function in this TU passes it (or the
// function is called from elsewhere, or not at all here).
bool parameterMayBe(const clang::ParmVarDecl &param, const clang::ValueDecl &object, clang::ASTContext &ctx,
                    int depth) {
  const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(param.getDeclContext());
  if (!fn || depth > 3 || fn->isExternallyVisible()) return true;
  unsigned index = param.getFunctionScopeIndex();
  // Every mention of the function: a direct call, else its address taken (a callback),
  // which means calls we do not see.
  std::vector<const clang::CallExpr *> calls;
  for (const BoundNodes &nodes : matchUserCode(declRefExpr(to(functionDecl())).bind("ref"), ctx)) {
    const auto *ref = nodes.getNodeAs<clang::DeclRefExpr>("ref");
    if (ref->getDecl()->getCanonicalDecl() != fn->getCanonicalDecl()) continue;
    const clang::CallExpr *call = nullptr;
    for (const clang::DynTypedNode &parent : ctx.getParents(*ref))
      if (const auto *cast = parent.get<clang::ImplicitCastExpr>())
        for (const clang::DynTypedNode &grand : ctx.getParents(*cast))
          if (const auto *c = grand.get<clang::CallExpr>(); c && c->getCallee() == cast) call = c;
    if (!call) return true;
    calls.push_back(call);
  }
  if (calls.empty()) return true;
  for (const clang::CallExpr *call : calls) {
    if (index >= call->getNumArgs() || mayBeSameObjectAt(*call->getArg(index), object, ctx, depth + 1)) return true;
  }
  return false;
}

bool mayBeSameObjectAt(const clang::Expr &handle, const clang::ValueDecl &object, clang::ASTContext &ctx, int depth) {
  const clang::Expr *inner = handle.IgnoreParenCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(inner); unary && unary->getOpcode() == clang::UO_AddrOf)
    inner = unary->getSubExpr()->IgnoreParenCasts();
  const clang::ValueDecl *decl = namedDecl(inner);
  if (!decl || decl == &object) return true;
  if (const auto *param = llvm::dyn_cast<clang::ParmVarDecl>(decl)) return parameterMayBe(*param, object, ctx, depth);
  const auto *var = llvm::dyn_cast<clang::VarDecl>(decl);
  if (!var && !llvm::isa<clang::FieldDecl>(decl)) return true;
  if (var && var->getType()->isReferenceType()) return true;
  // What this variable or field is given anywhere in the TU.
  std::vector<const clang::Expr *> values;
  if (var && var->getAnyInitializer()) values.push_back(var->getAnyInitializer());
  auto refers = anyOf(declRefExpr(to(equalsNode(decl))), memberExpr(member(equalsNode(decl))));
  for (const BoundNodes &nodes :
       matchUserCode(binaryOperator(isAssignmentOperator(), hasLHS(ignoringParenImpCasts(refers)), hasRHS(expr().bind("rhs"))),
                     ctx))
    values.push_back(nodes.getNodeAs<clang::Expr>("rhs"));
  for (const BoundNodes &nodes :
       matchUserCode(cxxCtorInitializer(forField(equalsNode(decl)), withInitializer(expr().bind("init"))), ctx))
    values.push_back(nodes.getNodeAs<clang::Expr>("init"));
  // An out-parameter of the user's own code (make(&c)) is given a value we do not see; the
  // library's (gnutls_init(&s, ...)) makes a new object.
  auto libraryCall = callExpr(callee(functionDecl(isExpansionInSystemHeader())));
  bool record = llvm::isa<clang::RecordType>(decl->getType().getCanonicalType());
  if (!record &&
      !matchUserCode(unaryOperator(hasOperatorName("&"), hasUnaryOperand(ignoringParenImpCasts(refers)),
                                   unless(anyOf(hasParent(libraryCall), hasParent(implicitCastExpr(hasParent(libraryCall)))))),
                     ctx)
           .empty())
    return true;
  bool madeByLibrary =
      !record &&
      !matchUserCode(unaryOperator(hasOperatorName("&"), hasUnaryOperand(ignoringParenImpCasts(refers))), ctx).empty();
  if (values.empty()) return !madeByLibrary;
  for (const clang::Expr *value : values)
    if (mentions(value, object)) return true;
  return false;
}
}  // namespace

bool mayBeSameObject(const clang::Expr &handle, const clang::ValueDecl &object, clang::ASTContext &ctx) {
  return mayBeSameObjectAt(handle, object, ctx, 0);
}
}  // namespace attest

namespace attest {
bool connectedHere(const clang::ValueDecl &object, clang::ASTContext &ctx) {
  auto refers = [](const clang::ValueDecl *d) {
    return ignoringParenImpCasts(anyOf(declRefExpr(to(equalsNode(d))), memberExpr(member(equalsNode(d))),
                                       unaryOperator(hasOperatorName("&"), hasUnaryOperand(ignoringParenImpCasts(anyOf(
                                                                               declRefExpr(to(equalsNode(d))),
                                                                               memberExpr(member(equalsNode(d)))))))));
  };
  if (!matchUserCode(callExpr(callee(functionDecl(hasAnyName("::BIO_new_ssl_connect", "::gnutls_handshake"))),
                              hasArgument(0, refers(&object))),
                     ctx)
           .empty())
    return true;
  // An Asio stream built on the context, or the stream itself.
  if (const auto *record = object.getType().getNonReferenceType()->getAsCXXRecordDecl())
    if (record->getName() == "stream") return true;
  if (!matchUserCode(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::boost::asio::ssl::stream")))),
                                      hasAnyArgument(refers(&object))),
                     ctx)
           .empty())
    return true;
  // The object, the SSLs made from it, and where the file passes them: a variable or field
  // they are stored in, the parameter of a function defined here that is given them.
  std::vector<const clang::ValueDecl *> objects{&object};
  for (size_t i = 0; i < objects.size() && objects.size() < 24; ++i) {
    const clang::ValueDecl *o = objects[i];
    auto add = [&](const clang::ValueDecl *d) {
      if (d && std::find(objects.begin(), objects.end(), d) == objects.end()) objects.push_back(d);
    };
    for (const BoundNodes &nodes :
         matchUserCode(callExpr(callee(functionDecl(hasName("::SSL_new"))), hasArgument(0, refers(o))).bind("new"), ctx))
      add(storedInto(*nodes.getNodeAs<clang::CallExpr>("new"), ctx));
    for (const BoundNodes &nodes : matchUserCode(expr(refers(o)).bind("use"), ctx)) {
      const auto *use = nodes.getNodeAs<clang::Expr>("use");
      if (const clang::ValueDecl *into = storedInto(*use, ctx); into && into != o) add(into);
      const clang::Expr *child = nullptr;
      clang::DynTypedNode parent = climb(clang::DynTypedNode::create(*use), ctx, child);
      if (const auto *call = parent.get<clang::CallExpr>()) {
        const clang::FunctionDecl *callee = call->getDirectCallee();
        const clang::FunctionDecl *def = callee ? callee->getDefinition() : nullptr;
        if (def && def->hasBody() && !inSystemHeader(*def, ctx))
        for (unsigned a = 0; a < call->getNumArgs() && a < def->getNumParams(); ++a)
          if (call->getArg(a)->IgnoreParenCasts() == child->IgnoreParenCasts()) add(def->getParamDecl(a));
      }
    }
  }
  for (const clang::ValueDecl *o : objects)
    if (!matchUserCode(callExpr(callee(functionDecl(hasAnyName("::SSL_connect", "::SSL_do_handshake",
                                                               "::SSL_set_connect_state", "::SSL_read", "::SSL_write",
                                                               "::SSL_read_ex", "::SSL_write_ex"))),
                                hasArgument(0, refers(o))),
                       ctx)
             .empty())
      return true;
  return false;
}
}  // namespace attest
