#include "checks/crypto/InsecureRandomCheck.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <functional>
#include <map>
#include <set>

using namespace clang::ast_matchers;

namespace attest::crypto {
ATTEST_REGISTER_CHECK(InsecureRandomCheck, "crypto/InsecureRandom", "crypto-insecure-random");

namespace {
constexpr const char *kRule = "crypto-insecure-random";
constexpr int kMaxHops = 3;  // local variables followed from one source

bool isEngineTemplate(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("std::mersenne_twister_engine", "std::linear_congruential_engine", "std::subtract_with_carry_engine", true)
      .Cases("std::discard_block_engine", "std::independent_bits_engine", "std::shuffle_order_engine", true)
      .Cases("boost::random::mersenne_twister_engine", "boost::random::linear_congruential_engine", true)
      .Cases("boost::random::rand48", "boost::random::lagged_fibonacci_engine", "boost::random::ranlux", true)
      .Default(false);
}

// A predictable engine type (through references, cv and typedefs); libc++ and the
// libstdc++ ABI namespaces are folded into std::.
bool isEngineType(clang::QualType type) {
  type = type.getNonReferenceType().getCanonicalType();
  const auto *spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
  if (!spec) return false;
  std::string name = spec->getSpecializedTemplate()->getQualifiedNameAsString();
  llvm::StringRef n(name);
  if (n.consume_front("std::__1::") || n.consume_front("std::__cxx11::")) name = "std::" + n.str();
  return isEngineTemplate(name);
}

std::string typeAsWritten(const clang::Expr &expr, clang::ASTContext &ctx) {
  clang::PrintingPolicy policy(ctx.getLangOpts());
  policy.SuppressTagKeyword = true;
  return expr.IgnoreImpCasts()->getType().getNonReferenceType().getUnqualifiedType().getAsString(policy);
}

bool isCopyInto(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat", "sprintf", "snprintf", true)
      .Cases("wcscpy", "wcsncpy", "swprintf", "stpcpy", "strlcpy", "memcpy_s", "sprintf_s", "CopyMemory", true)
      .Default(false);
}

bool isAppendMethod(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("append", "push_back", "emplace_back", "insert", "assign", "write", "put", "emplace", true)
      .Default(false);
}

// Crypto APIs whose parameter names do not say "key"/"iv"/"salt" but take secret entropy.
bool isEntropyInput(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("RAND_seed", "RAND_add", "RAND_priv_bytes_ex", "gcry_random_add_bytes", true)
      .Default(false);
}

// Member names that say nothing on their own: `session.id`, `reset.code` take the
// object's name.
bool isGenericMember(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("id", "value", "val", "data", "bytes", "buf", "buffer", "str", "text", true)
      .Cases("code", "hex", "raw", "digits", true)
      .Default(false);
}

struct Sink {
  std::string description;               // "the variable 'sessionToken' (a session identifier)"
  const clang::NamedDecl *decl = nullptr;
  std::vector<std::string> via;          // local variables on the way
};

const clang::Expr *stripped(const clang::Expr *e) { return e->IgnoreParenImpCasts(); }

// What a written-to expression names, and whether that is security-relevant:
// `token`, `token[i]`, `s.nonce`, `session.id`.
std::optional<Sink> sensitiveTarget(const clang::Expr *target) {
  const clang::NamedDecl *decl = designatedDecl(target);
  if (!decl) return std::nullopt;
  SensitiveMatch match = classifyDecl(*decl);
  if (!(match.kinds & kSecurityValue)) {
    const auto *member = llvm::dyn_cast<clang::MemberExpr>(stripped(target));
    if (member && member->getMemberDecl()->getIdentifier() && isGenericMember(member->getMemberDecl()->getName()))
      match = classifyExpr(member->getBase());
    if (!(match.kinds & kSecurityValue)) return std::nullopt;
    Sink sink;
    sink.decl = decl;
    sink.description = "'" + designatedDecl(member->getBase())->getNameAsString() + "." +
                       decl->getNameAsString() + "' (" + describeKinds(match.kinds) + ")";
    return sink;
  }
  Sink sink;
  sink.decl = decl;
  const char *what = llvm::isa<clang::FieldDecl>(decl) ? "the field" : llvm::isa<clang::ParmVarDecl>(decl) ? "the parameter" : "the variable";
  sink.description = std::string(what) + " '" + decl->getNameAsString() + "' (" + describeKinds(match.kinds) + ")";
  return sink;
}

class Flow {
public:
  Flow(clang::ASTContext &ctx) : ctx_(ctx) {}

  // Follows the value of `start` up its expression and into what it is written to.
  std::optional<Sink> follow(const clang::Expr &start, int hops) {
    const clang::Stmt *cur = &start;
    for (int steps = 0; steps < 64; ++steps) {
      clang::DynTypedNodeList parents = ctx_.getParents(*cur);
      if (parents.empty()) return std::nullopt;
      const clang::DynTypedNode &parent = parents[0];
      if (const auto *var = parent.get<clang::VarDecl>()) return written(var, nullptr, hops);
      if (const auto *init = parent.get<clang::CXXCtorInitializer>()) {
        if (clang::FieldDecl *field = init->getMember()) return written(field, nullptr, hops);
        return std::nullopt;
      }
      if (parent.get<clang::ReturnStmt>()) return returned(*cur, hops);
      const auto *p = parent.get<clang::Expr>();
      if (!p) return std::nullopt;
      if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(p)) {
        if (op->isAssignmentOp()) {
          if (op->getRHS() != cur) return std::nullopt;
          return written(nullptr, op->getLHS(), hops);
        }
        if (op->isComparisonOp() || op->isLogicalOp()) return std::nullopt;  // a decision, not a value
        cur = p;
        continue;
      }
      if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(p)) {
        clang::OverloadedOperatorKind kind = op->getOperator();
        bool isArg0 = op->getNumArgs() > 0 && op->getArg(0) == cur;
        if (op->isAssignmentOp() || kind == clang::OO_LessLess) {
          if (isArg0) return std::nullopt;
          return written(nullptr, op->getArg(0), hops);
        }
        if (kind == clang::OO_Call) {  // dist(gen) is a source itself; a functor taking it: unknown
          if (!isArg0) return std::nullopt;
        }
        if (kind == clang::OO_EqualEqual || kind == clang::OO_ExclaimEqual || kind == clang::OO_Less ||
            kind == clang::OO_Greater || kind == clang::OO_LessEqual || kind == clang::OO_GreaterEqual)
          return std::nullopt;
        cur = p;
        continue;
      }
      if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(p)) {
        if (call->getImplicitObjectArgument() == cur || stripped(call->getImplicitObjectArgument()) == cur) {
          cur = p;  // std::to_string(rand()).substr(0, 8)
          continue;
        }
        if (isAppendMethod(calleeName(*call))) return written(nullptr, call->getImplicitObjectArgument(), hops);
        if (std::optional<Sink> sink = parameterSink(*call, *cur)) return sink;
        cur = p;
        continue;
      }
      if (const auto *call = llvm::dyn_cast<clang::CallExpr>(p)) {
        if (call->getCallee() == cur) return std::nullopt;
        llvm::StringRef name = calleeName(*call);
        unsigned index = argIndex(*call, *cur);
        if (isCopyInto(name) && index >= 1 && call->getNumArgs() >= 1) return written(nullptr, call->getArg(0), hops);
        if (isEntropyInput(name)) {
          Sink sink;
          sink.description = "the entropy input of " + name.str() + "()";
          return sink;
        }
        if (std::optional<Sink> sink = parameterSink(*call, *cur)) return sink;
        if (call->getType()->isVoidType()) return std::nullopt;
        cur = p;
        continue;
      }
      if (llvm::isa<clang::ParenExpr, clang::CastExpr, clang::UnaryOperator, clang::AbstractConditionalOperator,
                    clang::ArraySubscriptExpr, clang::MemberExpr, clang::MaterializeTemporaryExpr,
                    clang::CXXBindTemporaryExpr, clang::ExprWithCleanups, clang::CXXConstructExpr,
                    clang::InitListExpr, clang::CXXStdInitializerListExpr, clang::ImplicitValueInitExpr>(p)) {
        if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(p))
          if (unary->getOpcode() == clang::UO_LNot) return std::nullopt;
        if (const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(p))
          if (cond->getCond() == cur) return std::nullopt;
        cur = p;
        continue;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }

  // Functions found returning a predictable value (without a security name).
  std::set<const clang::FunctionDecl *> wrappers;
  // Whether a function that returns the value becomes a source for its callers: not for
  // the clock (`time_t now() { return time(NULL); }` is a clock, not a generator).
  bool recordWrappers = true;

private:
  unsigned argIndex(const clang::CallExpr &call, const clang::Stmt &arg) {
    for (unsigned i = 0; i < call.getNumArgs(); ++i)
      if (call.getArg(i) == &arg) return i;
    return ~0u;
  }

  std::optional<Sink> parameterSink(const clang::CallExpr &call, const clang::Stmt &arg) {
    const clang::FunctionDecl *fn = call.getDirectCallee();
    unsigned index = argIndex(call, arg);
    if (!fn || index == ~0u) return std::nullopt;
    if (llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(fn)) {
      if (index == 0) return std::nullopt;
      --index;
    }
    if (index >= fn->getNumParams()) return std::nullopt;
    const clang::ParmVarDecl *param = fn->getParamDecl(index);
    SensitiveMatch match = classifyDecl(*param);
    if (!(match.kinds & kSecurityValue)) return std::nullopt;
    Sink sink;
    sink.decl = param;
    sink.description = "the parameter '" + param->getNameAsString() + "' of " + fn->getNameAsString() + "() (" +
                       describeKinds(match.kinds) + ")";
    return sink;
  }

  // The lambda expression whose body holds `node` (any parent path).
  const clang::LambdaExpr *enclosingLambda(const clang::Stmt &node) {
    std::vector<clang::DynTypedNode> frontier = {clang::DynTypedNode::create(node)};
    for (int depth = 0; depth < 64 && !frontier.empty(); ++depth) {
      std::vector<clang::DynTypedNode> next;
      for (const clang::DynTypedNode &n : frontier)
        for (const clang::DynTypedNode &parent : ctx_.getParents(n)) {
          if (const auto *lambda = parent.get<clang::LambdaExpr>()) return lambda;
          next.push_back(parent);
        }
      frontier = std::move(next);
    }
    return nullptr;
  }

  std::optional<Sink> returned(const clang::Stmt &value, int hops) {
    const clang::FunctionDecl *fn = enclosingFunctionDecl(value, ctx_);
    if (!fn) return std::nullopt;
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(fn); method && method->getParent()->isLambda()) {
      // std::generate(token.begin(), token.end(), [&] { return alphabet[dist(gen)]; })
      const clang::LambdaExpr *lambda = enclosingLambda(value);
      if (!lambda) return std::nullopt;
      const clang::Stmt *cur = lambda;
      for (int i = 0; i < 6; ++i) {
        clang::DynTypedNodeList parents = ctx_.getParents(*cur);
        if (parents.empty()) return std::nullopt;
        const auto *call = parents[0].get<clang::CallExpr>();
        if (call) {
          llvm::StringRef name = calleeName(*call);
          if ((name == "generate" || name == "generate_n") && call->getNumArgs() >= 1)
            return written(nullptr, call->getArg(0), hops);
          return std::nullopt;
        }
        cur = parents[0].get<clang::Stmt>();
        if (!cur) return std::nullopt;
      }
      return std::nullopt;
    }
    SensitiveMatch match = fn->getIdentifier() ? classifyName(fn->getName()) : SensitiveMatch{};
    if (match.kinds & kSecurityValue) {
      Sink sink;
      sink.decl = fn;
      sink.description = "the return value of " + fn->getNameAsString() + "() (" + describeKinds(match.kinds) + ")";
      return sink;
    }
    if (!fn->isMain() && recordWrappers) wrappers.insert(fn->getCanonicalDecl());
    return std::nullopt;
  }

  // The value is written into `decl` (a declaration's initializer) or into `target`.
  std::optional<Sink> written(const clang::NamedDecl *decl, const clang::Expr *target, int hops) {
    if (target) {
      if (std::optional<Sink> sink = sensitiveTarget(target)) return sink;
      decl = designatedDecl(target);
    } else if (decl) {
      SensitiveMatch match = classifyDecl(*decl);
      if (match.kinds & kSecurityValue) {
        Sink sink;
        sink.decl = decl;
        const char *what = llvm::isa<clang::FieldDecl>(decl) ? "the field" : "the variable";
        sink.description = std::string(what) + " '" + decl->getNameAsString() + "' (" + describeKinds(match.kinds) + ")";
        return sink;
      }
    }
    // `for (auto &b : iv) b = rand();` writes into the range.
    if (const auto *var = llvm::dyn_cast_or_null<clang::VarDecl>(decl); var && var->getType()->isReferenceType())
      if (const clang::CXXForRangeStmt *loop = rangeLoopOf(*var))
        return written(nullptr, loop->getRangeInit(), hops);
    // A local variable without a security name: follow where it is read.
    if (!decl || !isLocalVariable(*decl) || hops <= 0 || !body_ || !visited_.insert(decl).second)
      return std::nullopt;
    const auto *var = llvm::cast<clang::VarDecl>(decl);
    std::optional<Sink> found;
    forEachRef(body_, *var, [&](const clang::DeclRefExpr &ref) {
      if (found || isWrite(ref)) return;
      if (std::optional<Sink> sink = follow(ref, hops - 1)) {
        sink->via.insert(sink->via.begin(), var->getNameAsString());
        found = sink;
      }
    });
    return found;
  }

public:
  // Starts a new source: the function body its locals are followed in.
  void startSource(const clang::Expr &source) {
    visited_.clear();
    const clang::FunctionDecl *fn = enclosingFunctionDecl(source, ctx_);
    body_ = fn ? fn->getBody() : nullptr;
  }

private:
  const clang::CXXForRangeStmt *rangeLoopOf(const clang::VarDecl &var) {
    for (const clang::DynTypedNode &parent : ctx_.getParents(var))
      if (const auto *declStmt = parent.get<clang::DeclStmt>())
        for (const clang::DynTypedNode &grand : ctx_.getParents(*declStmt))
          if (const auto *loop = grand.get<clang::CXXForRangeStmt>(); loop && loop->getLoopVariable() == &var)
            return loop;
    return nullptr;
  }

  template <class Fn> void forEachRef(const clang::Stmt *stmt, const clang::VarDecl &var, Fn &&fn) {
    if (!stmt) return;
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt); ref && ref->getDecl() == &var) fn(*ref);
    for (const clang::Stmt *child : stmt->children()) forEachRef(child, var, fn);
  }

  bool isWrite(const clang::DeclRefExpr &ref) {
    clang::DynTypedNodeList parents = ctx_.getParents(ref);
    const clang::Stmt *cur = &ref;
    while (!parents.empty()) {
      const auto *p = parents[0].get<clang::Expr>();
      if (!p) return false;
      if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(p))
        return op->isAssignmentOp() && op->getLHS()->IgnoreParenImpCasts() == cur;
      if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(p))
        return (op->isAssignmentOp() || op->getOperator() == clang::OO_LessLess) && op->getNumArgs() > 0 &&
               op->getArg(0)->IgnoreParenImpCasts() == cur;
      if (!llvm::isa<clang::ImplicitCastExpr, clang::ParenExpr>(p)) return false;
      cur = p;
      parents = ctx_.getParents(*p);
    }
    return false;
  }

  llvm::SmallPtrSet<const clang::NamedDecl *, 8> visited_;
  const clang::Stmt *body_ = nullptr;
  clang::ASTContext &ctx_;
};

}  // namespace

void InsecureRandomCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::rand", "::random", "::drand48", "::erand48",
                                                            "::lrand48", "::nrand48", "::mrand48", "::jrand48",
                                                            "::rand_r", "::std::rand"))))
                        .bind("source"),
                    this);
  // The clock and the process id: guessable to the second, and pids are few.
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::time", "::clock", "::getpid", "::getppid",
                                                            "::gethrtime", "::GetTickCount", "::GetTickCount64",
                                                            "::GetCurrentProcessId", "::std::time"))))
                        .bind("clock"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::RAND_pseudo_bytes")))).bind("pseudo"), this);
  finder.addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("()")).bind("call"), this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::srand", "::srandom", "::srand48", "::std::srand"))),
                             argumentCountIs(1))
                        .bind("seed"),
                    this);
}

void InsecureRandomCheck::check(const MatchFinder::MatchResult &result) {
  ctx_ = result.Context;
  // Engines called inside the standard library (std::shuffle) are not the user's choice.
  for (const auto &[id, node] : result.Nodes.getMap())
    if (const auto *stmt = node.get<clang::Stmt>())
      if (result.Context->getSourceManager().isInSystemHeader(
              result.Context->getSourceManager().getFileLoc(stmt->getBeginLoc())))
        return;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("source")) {
    sources_.push_back({call, calleeName(*call).str() + "()"});
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("clock")) {
    // time(&t) writes its value through the pointer too; the returned value is followed.
    sources_.push_back({call, calleeName(*call).str() + "()", /*clock=*/true});
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("pseudo")) {
    std::string message = "RAND_pseudo_bytes() is deprecated and its bytes are not guaranteed to be "
                          "unpredictable (before OpenSSL 1.1.0 they may be predictable when the pool is not seeded); "
                          "use RAND_bytes() and check its return value";
    if (Finding *finding = report(kRule, *call, *result.Context, message, Level::Warning))
      finding->properties["generator"] = "RAND_pseudo_bytes()";
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>("call")) {
    if (call->getNumArgs() == 0) return;
    // gen() on a predictable engine, or dist(gen) with one.
    if (isEngineType(call->getArg(0)->getType())) {
      sources_.push_back({call, typeAsWritten(*call->getArg(0), *result.Context)});
      return;
    }
    for (unsigned i = 1; i < call->getNumArgs(); ++i)
      if (isEngineType(call->getArg(i)->getType())) {
        sources_.push_back({call, typeAsWritten(*call->getArg(i), *result.Context)});
        return;
      }
  } else if (const auto *seed = result.Nodes.getNodeAs<clang::CallExpr>("seed")) {
    // srand(time(nullptr)), srand(time(0) ^ getpid()), srand((unsigned)clock()).
    std::function<bool(const clang::Stmt *)> clockBased = [&](const clang::Stmt *s) {
      if (!s) return false;
      if (const auto *call = llvm::dyn_cast<clang::CallExpr>(s)) {
        llvm::StringRef name = calleeName(*call);
        if (name == "time" || name == "clock" || name == "getpid" || name == "gettimeofday") return true;
      }
      for (const clang::Stmt *child : s->children())
        if (clockBased(child)) return true;
      return false;
    };
    if (clockBased(seed->getArg(0))) timeSeeds_.push_back(seed);
  }
}

void InsecureRandomCheck::onEndOfTranslationUnit() {
  if (!ctx_ || sources_.empty()) {
    sources_.clear();
    timeSeeds_.clear();
    return;
  }
  clang::ASTContext &ctx = *ctx_;
  Flow flow(ctx);
  // "; it is also seeded from the clock (srand(time(...)) at line 12)..." for the generator that seed feeds.
  auto seedNote = [&](llvm::StringRef generator) -> std::string {
    for (const clang::CallExpr *seed : timeSeeds_) {
      llvm::StringRef name = calleeName(*seed);
      bool feeds = (name == "srand" && generator == "rand()") || (name == "srandom" && generator == "random()") ||
                   (name == "srand48" && generator.ends_with("rand48()"));
      if (!feeds) continue;
      const clang::SourceManager &sm = ctx.getSourceManager();
      unsigned line = sm.getSpellingLineNumber(sm.getFileLoc(seed->getBeginLoc()));
      return "; it is also seeded from the clock (" + name.str() + "(time(...)) at line " + std::to_string(line) +
             "), so its whole sequence can be guessed";
    }
    return "";
  };

  auto trace = [&](const clang::Expr &source) -> std::optional<Sink> {
    flow.startSource(source);
    return flow.follow(source, kMaxHops);
  };

  auto emit = [&](const clang::Expr &at, const std::string &generator, const Sink &sink, bool clock) {
    std::string via;
    if (!sink.via.empty()) {
      via = " (through ";
      for (size_t i = 0; i < sink.via.size(); ++i) via += (i ? ", '" : "'") + sink.via[i] + "'";
      via += ")";
    }
    bool engine = generator.find("()") == std::string::npos;
    std::string message;
    if (clock)
      message = "the value of " + generator + " (the clock or the process id, which an attacker can guess within "
                "a few tries) reaches " + sink.description + via +
                ": it is no secret and no nonce; use a CSPRNG (RAND_bytes, getrandom, BCryptGenRandom)";
    else
      message = (engine ? "a value from " + generator + ", a predictable pseudo-random engine," :
                          generator + " is a predictable pseudo-random generator and its value") +
                " reaches " + sink.description + via +
                ": an attacker who sees a few outputs can reconstruct the state and predict the value; "
                "use a CSPRNG (RAND_bytes, getrandom, BCryptGenRandom, or std::random_device directly)" +
                (engine ? "" : seedNote(generator));
    if (Finding *finding = report(kRule, at, ctx, message)) {
      finding->properties["generator"] = generator;
      if (sink.decl) addRelated(*finding, *sink.decl, ctx, "the security-relevant value is declared here");
    }
  };

  std::set<const clang::Expr *> reported;
  for (const Source &source : sources_) {
    flow.recordWrappers = !source.clock;
    if (std::optional<Sink> sink = trace(*source.expr)) {
      emit(*source.expr, source.generator, *sink, source.clock);
      reported.insert(source.expr);
    }
  }
  // One level of wrappers: `int randomIndex(int n) { return rand() % n; }` makes its calls sources.
  if (!flow.wrappers.empty()) {
    std::set<const clang::FunctionDecl *> wrappers = flow.wrappers;
    for (const clang::FunctionDecl *wrapper : wrappers) {
      for (const BoundNodes &nodes :
           match(callExpr(callee(functionDecl(equalsNode(wrapper)))).bind("c"), ctx)) {
        const auto *call = nodes.getNodeAs<clang::CallExpr>("c");
        if (std::optional<Sink> sink = trace(*call))
          emit(*call, wrapper->getNameAsString() + "() (which returns a predictable pseudo-random value)", *sink,
               false);
      }
    }
  }
  sources_.clear();
  timeSeeds_.clear();
}

}  // namespace attest::crypto
