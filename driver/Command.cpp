#include "driver/Command.h"
#include "core/InputFile.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Options.h"
#include "clang/Driver/Tool.h"
#include "clang/Driver/ToolChain.h"
#include "llvm/Option/Arg.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace attest {
namespace {

namespace opts = clang::driver::options;

// attest's own clang, next to its resource directory (<prefix>/lib/clang/N ->
// <prefix>/bin/clang). The driver looks for helper programs and a GCC installation
// relative to argv[0]: the entry's compiler path (often inside the scanned tree) is never
// used for that.
std::string driverPath(bool cxx) {
  llvm::SmallString<256> prefix(ATTEST_CLANG_RESOURCE_DIR);
  for (int i = 0; i < 3; ++i) llvm::sys::path::remove_filename(prefix);
  llvm::sys::path::append(prefix, "bin", cxx ? "clang++" : "clang");
  return std::string(prefix);
}

// Response files, expanded here rather than by the driver: only regular files, a bounded
// size and depth, relative to the entry's directory.
struct Expanded {
  std::vector<std::string> args;
  std::vector<bool> fromFile;  // the token came from a response file (its text may be anything)
};

void expandInto(const std::vector<std::string> &in, bool fromFile, const std::string &directory, int depth,
                Expanded &out, std::vector<DroppedFlag> &dropped) {
  for (const std::string &arg : in) {
    if (arg.size() < 2 || arg[0] != '@') {
      out.args.push_back(arg);
      out.fromFile.push_back(fromFile);
      continue;
    }
    llvm::SmallString<256> path(arg.substr(1));
    if (llvm::sys::path::is_relative(path)) llvm::sys::fs::make_absolute(directory, path);
    std::string error;
    std::optional<std::string> text;
    if (depth >= 4 || out.args.size() > 100000) error = "nested too deeply";
    else text = readInputFile(std::string(path), kMaxResponseFileBytes, error);
    if (!text) {
      dropped.push_back({fromFile ? "@response-file" : arg, "unreadable response file: " + error});
      continue;
    }
    llvm::BumpPtrAllocator allocator;
    llvm::StringSaver saver(allocator);
    llvm::SmallVector<const char *, 64> tokens;
    llvm::cl::TokenizeGNUCommandLine(*text, saver, tokens);
    expandInto(std::vector<std::string>(tokens.begin(), tokens.end()), true, directory, depth + 1, out, dropped);
  }
}

// -f options that change what the parser accepts or what the preprocessor defines,
// without their "-f"/"-fno-" prefix. Everything else under -f is codegen, diagnostics
// output or a file to read or write, and is dropped.
const std::set<std::string> &languageFOptions() {
  static const std::set<std::string> names = {
      "exceptions", "cxx-exceptions", "rtti", "rtti-data", "ms-extensions", "ms-compatibility",
      "ms-compatibility-version=", "ms-volatile", "delayed-template-parsing", "blocks", "openmp", "openmp=",
      "openmp-simd", "openmp-version=", "signed-char", "unsigned-char", "short-wchar", "char8_t", "coroutines",
      "gnu-keywords", "gnu89-inline", "gnu-inline-asm", "asm", "asm-blocks", "declspec", "dollars-in-identifiers",
      "trigraphs", "operator-names", "builtin", "builtin-", "freestanding", "hosted", "common", "PIC", "pic", "PIE",
      "pie", "fast-math", "finite-math-only", "math-errno", "honor-infinities", "honor-nans", "associative-math",
      "reciprocal-math", "signed-zeros", "trapping-math", "unsafe-math-optimizations", "stack-protector",
      "stack-protector-all", "stack-protector-strong", "stack-protector-explicit", "template-depth=",
      "constexpr-depth=", "constexpr-steps=", "bracket-depth=", "access-control", "threadsafe-statics",
      "sized-deallocation", "aligned-allocation", "aligned-new=", "aligned-new", "digraphs",
      "double-square-bracket-attributes", "elide-constructors", "lax-vector-conversions",
      "lax-vector-conversions=", "altivec", "zvector", "pascal-strings", "borland-extensions", "wrapv", "trapv",
      "short-enums", "pack-struct=", "max-type-align=", "inline", "cf-protection=", "cf-protection", "gnuc-version=",
      "clang-abi-compat=", "strict-flex-arrays=", "relaxed-template-template-args", "c++-static-destructors",
      "c++-static-destructors=", "new-infallible", "assume-sane-operator-new", "deprecated-macro",
      "apple-pragma-pack", "xl-pragma-pack", "experimental-library", "fixed-point", "gnu-extensions"};
  return names;
}

bool keepFOption(llvm::StringRef name) {
  name.consume_front("f");
  name.consume_front("no-");
  return languageFOptions().count(name.str()) > 0;
}

bool isCodeGenerationOnly(llvm::StringRef name) {
  for (llvm::StringRef prefix : {"mfunction-return", "mindirect-branch", "mharden-sls", "mstack-protector-guard",
                                 "mrecord-mcount", "mfentry", "mnop-mcount", "mcmodel", "mno-red-zone", "mred-zone",
                                 "mretpoline", "mspeculative-load-hardening", "mskip-rax-setup", "mtune"})
    if (name.starts_with(prefix)) return true;
  return false;
}

// Why a known flag that is not kept is dropped, for the notification.
std::string dropReason(const llvm::opt::Option &opt) {
  llvm::StringRef name = opt.getName();
  unsigned id = opt.getID();
  if (id == opts::OPT_Xclang || id == opts::OPT_mllvm || id == opts::OPT_Wp_COMMA || id == opts::OPT_Wa_COMMA ||
      id == opts::OPT_Wl_COMMA || id == opts::OPT_Xpreprocessor || name.starts_with("X"))
    return "passes flags to a tool inside the compiler";
  if (name.contains("plugin") || name == "load") return "loads a plugin";
  if (name.starts_with("config") || name == "no-default-config") return "loads a config file";
  if (name.starts_with("resource-dir")) return "would replace attest's built-in headers";
  if (id == opts::OPT_B || name.ends_with("arch-tool=") || name.starts_with("ccc-") || name == "offload-arch=" ||
      name.starts_with("fopenmp-target") || name.starts_with("offload") || name.starts_with("cuda") ||
      name.starts_with("rocm") || name.starts_with("hip"))
    return "runs or locates a program";
  if (opt.matches(opts::OPT_M_Group) || name.contains("file") || name.contains("dir") || name.contains("path") ||
      name.contains("list") || name.starts_with("fprofile") || name.contains("save-temps") ||
      name.contains("time-trace") || name.contains("serialize") || name.starts_with("fxray") || name.starts_with("fmodule") || name.starts_with("include-pch") ||
      name.starts_with("ivfsoverlay"))
    return "reads or writes a file the parse does not need";
  return "not needed for a syntax-only parse";
}

// Whether `arg` is kept; otherwise `reason` says why not ("" drops it silently).
bool keep(const llvm::opt::Arg &arg, const llvm::opt::ArgList &args, const std::string &directory,
          std::string &reason) {
  const llvm::opt::Option &opt = arg.getOption();
  unsigned id = opt.getID();
  llvm::StringRef value = arg.getNumValues() ? arg.getValue() : "";
  switch (id) {
  case opts::OPT_D: case opts::OPT_U: case opts::OPT_I: case opts::OPT_isystem: case opts::OPT_iquote:
  case opts::OPT_idirafter: case opts::OPT_isysroot: case opts::OPT__sysroot_EQ: case opts::OPT_cxx_isystem:
  case opts::OPT_iprefix: case opts::OPT_iwithprefix: case opts::OPT_iwithprefixbefore:
  case opts::OPT_iwithsysroot: case opts::OPT_isystem_after: case opts::OPT_iframework: case opts::OPT_F:
  case opts::OPT_std_EQ: case opts::OPT_ansi: case opts::OPT_target: case opts::OPT_pthread: case opts::OPT_w:
  case opts::OPT_stdlib_EQ: case opts::OPT_undef: case opts::OPT_gcc_toolchain: case opts::OPT_gcc_install_dir_EQ:
  case opts::OPT_pedantic:
    return true;
  case opts::OPT_include: case opts::OPT_imacros: {
    // Reading a header is parsing; reading a FIFO or a device is not.
    llvm::SmallString<256> path(value);
    if (llvm::sys::path::is_relative(path)) llvm::sys::fs::make_absolute(directory, path);
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(path, status) && !llvm::sys::fs::is_regular_file(status)) {
      reason = "names something that is not a regular file";
      return false;
    }
    return true;
  }
  case opts::OPT_x:
    return true;  // CUDA and HIP are refused before this
  case opts::OPT_UNKNOWN:
    reason = "unknown to clang";
    return false;
  case opts::OPT_INPUT: case opts::OPT_o: case opts::OPT__DASH_DASH: case opts::OPT_driver_mode:
    return false;  // the TU's file is appended; the mode is in argv[0]
  default:
    break;
  }
  if (opt.matches(opts::OPT_Action_Group)) return false;  // -c, -S, -E: attest only parses
  // Not the whole include-path group: it holds -fmodules-cache-path=, -ivfsoverlay, -include-pch.
  if (id == opts::OPT_nostdinc || id == opts::OPT_nostdincxx || id == opts::OPT_nostdlibinc ||
      id == opts::OPT_nobuiltininc || id == opts::OPT_I_ || id == opts::OPT_system_header_prefix ||
      id == opts::OPT_no_system_header_prefix)
    return true;
  if (opt.matches(opts::OPT_O_Group)) return true;  // __OPTIMIZE__, __OPTIMIZE_SIZE__, __FAST_MATH__
  if (opt.matches(opts::OPT_W_Group)) {
    // -Werror turns warnings into errors, which count as a failed parse.
    const std::string w = arg.getAsString(args);  // owned: getAsString returns a temporary
    if (llvm::StringRef(w).starts_with("-Werror") || w == "-Wfatal-errors") {
      reason = "turns warnings into errors";
      return false;
    }
    return true;
  }
  // Code-generation hardening and layout (-mfunction-return=thunk, -mindirect-branch-register,
  // -mstack-protector-guard=, -mcmodel=): no macro and no semantic depends on them, and
  // GCC's values (-mfunction-return=thunk) are errors for clang that would fail the parse.
  if (opt.matches(opts::OPT_m_Group) && isCodeGenerationOnly(opt.getName())) {
    reason = "not needed for a syntax-only parse";
    return false;
  }
  if (opt.matches(opts::OPT_m_Group) && !opt.matches(opts::OPT_clang_ignored_m_Group)) {
    // "native" asks the host: for a GPU target that runs amdgpu-arch or nvptx-arch.
    if (value == "native") {
      reason = "runs or locates a program";
      return false;
    }
    if (!opt.getName().contains("bitcode")) return true;
  }
  if (opt.matches(opts::OPT_f_Group) && keepFOption(opt.getName())) return true;
  reason = dropReason(opt);
  return false;
}

// How a dropped flag is named: the option's spelling without its value (a value may be a
// path), or the whole text of an unknown flag that the entry itself spelled.
std::string flagName(const llvm::opt::Arg &arg, const llvm::opt::ArgList &args, bool fromFile) {
  const llvm::opt::Option &opt = arg.getOption();
  if (opt.getID() == opts::OPT_UNKNOWN) {
    if (fromFile) return "an unknown flag in a response file";
    std::string text = arg.getAsString(args);
    return text.size() > 80 ? text.substr(0, 80) + "..." : text;
  }
  if (opt.matches(opts::OPT_W_Group)) {
    const std::string w = arg.getAsString(args);
    return llvm::StringRef(w).starts_with("-Werror") ? "-Werror" : "-Wfatal-errors";
  }
  // As the user wrote it: -g1, not the -gline-tables-only it is an alias of.
  std::string spelling = (arg.getAlias() ? arg.getAlias() : &arg)->getSpelling().str();
  if (opt.matches(opts::OPT_m_Group) && arg.getNumValues() && llvm::StringRef(arg.getValue()) == "native")
    spelling += "native";
  return spelling;
}

struct DriverError {
  std::string text;
  std::vector<std::string> args;  // the diagnostic's string arguments (flags it names)
};

class CollectErrors : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    DriverError error;
    llvm::SmallString<128> text;
    info.FormatDiagnostic(text);
    error.text = std::string(text);
    for (unsigned i = 0; i < info.getNumArgs(); ++i) {
      if (info.getArgKind(i) == clang::DiagnosticsEngine::ak_std_string) error.args.push_back(info.getArgStdStr(i));
      else if (info.getArgKind(i) == clang::DiagnosticsEngine::ak_c_string) error.args.push_back(info.getArgCStr(i));
    }
    errors.push_back(std::move(error));
  }
  std::vector<DriverError> errors;
};

// Builds the driver's plan for `argv` (nothing is executed) and checks that it is the one
// syntax-only front-end job. Returns "" when it is, else the reason; driver errors go to
// `errors`.
std::string checkPlan(const std::vector<std::string> &argv, const std::string &directory,
                      std::vector<DriverError> &errors) {
  CollectErrors consumer;
  llvm::IntrusiveRefCntPtr<clang::DiagnosticIDs> ids(new clang::DiagnosticIDs());
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> options(new clang::DiagnosticOptions());
  clang::DiagnosticsEngine diags(ids, options, &consumer, /*ShouldOwnClient=*/false);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs(llvm::vfs::createPhysicalFileSystem().release());
  fs->setCurrentWorkingDirectory(directory);
  clang::driver::Driver driver(argv[0], llvm::sys::getDefaultTargetTriple(), diags, "attest", fs);
  driver.setCheckInputsExist(false);
  std::vector<const char *> cargs;
  for (const std::string &a : argv) cargs.push_back(a.c_str());
  std::unique_ptr<clang::driver::Compilation> compilation(driver.BuildCompilation(cargs));
  errors = std::move(consumer.errors);
  if (!compilation) return "the compiler driver could not plan this command";
  if (!errors.empty()) return "the compiler driver rejected the command: " + errors.front().text;
  const clang::driver::JobList &jobs = compilation->getJobs();
  if (jobs.size() != 1) return "the compiler driver would run " + std::to_string(jobs.size()) + " jobs, not one parse";
  const clang::driver::Command &job = *jobs.begin();
  const llvm::opt::ArgStringList &jobArgs = job.getArguments();
  bool syntaxOnly = std::any_of(jobArgs.begin(), jobArgs.end(), [](const char *a) { return llvm::StringRef(a) == "-fsyntax-only"; });
  if (llvm::StringRef(job.getCreator().getName()) != "clang" || jobArgs.empty() ||
      llvm::StringRef(jobArgs[0]) != "-cc1" || !syntaxOnly)
    return std::string("the compiler driver would run '") + job.getCreator().getName() + "', not a parse";
  return "";
}

// The plan depends on the flags and the file's type, not on which file: entries of one
// target share it, so it is computed once per distinct command (the driver takes ~5 ms).
std::string checkPlanCached(const std::vector<std::string> &argv, const std::string &directory,
                            std::vector<DriverError> &errors) {
  struct Plan {
    std::string problem;
    std::vector<DriverError> errors;
  };
  static std::mutex mutex;
  static std::map<std::string, Plan> plans;
  std::string key = directory + '\0' + llvm::sys::path::extension(argv.back()).str();
  for (size_t i = 0; i + 1 < argv.size(); ++i) key += '\0' + argv[i];
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = plans.find(key); it != plans.end()) {
      errors = it->second.errors;
      return it->second.problem;
    }
  }
  std::string problem = checkPlan(argv, directory, errors);
  std::lock_guard<std::mutex> lock(mutex);
  if (plans.size() > 4096) plans.clear();
  plans[key] = {problem, errors};
  return problem;
}

bool isGpuLanguage(llvm::StringRef language) {
  return language.starts_with("cuda") || language.starts_with("hip");
}

bool isRisky(const std::string &reason) {
  return reason != "unknown to clang" && reason != "not needed for a syntax-only parse" &&
         reason != "turns warnings into errors" && reason != "not supported for this target" &&
         reason != "is missing its value";
}

SanitizedCommand sanitizeArguments(const std::vector<std::string> &argv, const std::string &file,
                                   const std::string &directory) {
  SanitizedCommand out;
  if (argv.empty()) {
    out.refusal = "the compile command is empty";
    return out;
  }
  Expanded expanded;
  expandInto(std::vector<std::string>(argv.begin() + 1, argv.end()), false, directory, 0, expanded, out.dropped);
  for (const std::string &arg : expanded.args)
    if (arg == "-cc1" || arg == "-cc1as") {
      out.refusal = "the entry is clang's internal " + arg + " command line, not a compiler driver command";
      return out;
    }

  clang::driver::ParsedClangName name = clang::driver::ToolChain::getTargetAndModeFromProgramName(argv[0]);
  bool cxx = name.DriverMode && llvm::StringRef(name.DriverMode) == "--driver-mode=g++";
  if (name.DriverMode && !cxx && llvm::StringRef(name.DriverMode) != "--driver-mode=gcc") {
    out.refusal = std::string("compiler mode '") + name.DriverMode + "' is not supported";
    return out;
  }

  std::vector<const char *> cargs;
  for (const std::string &a : expanded.args) cargs.push_back(a.c_str());
  unsigned missingIndex = 0, missingCount = 0;
  const llvm::opt::OptTable &table = clang::driver::getDriverOptTable();
  llvm::opt::InputArgList args =
      table.ParseArgs(cargs, missingIndex, missingCount, llvm::opt::Visibility(opts::ClangOption));
  if (missingCount) out.dropped.push_back({expanded.fromFile[missingIndex] ? "a flag in a response file" : expanded.args[missingIndex], "is missing its value"});

  bool haveTarget = false;
  std::vector<std::string> kept;
  std::vector<std::pair<std::string, std::string>> keptNames;  // (spelling, text) per kept flag, for driver errors
  std::vector<size_t> keptStart;
  for (const llvm::opt::Arg *arg : args) {
    unsigned id = arg->getOption().getID();
    if (id == opts::OPT_driver_mode) {
      llvm::StringRef mode = arg->getValue();
      if (mode != "g++" && mode != "gcc") {
        out.refusal = "compiler mode '--driver-mode=" + mode.str() + "' is not supported";
        return out;
      }
      cxx = mode == "g++";
    }
    if (id == opts::OPT_x && isGpuLanguage(arg->getValue())) {
      out.refusal = "CUDA and HIP translation units are not scanned (they need a GPU toolchain)";
      return out;
    }
    std::string reason;
    if (!keep(*arg, args, directory, reason)) {
      if (!reason.empty()) out.dropped.push_back({flagName(*arg, args, expanded.fromFile[arg->getIndex()]), reason});
      continue;
    }
    haveTarget |= id == opts::OPT_target;
    llvm::opt::ArgStringList rendered;
    arg->render(args, rendered);
    keptStart.push_back(kept.size());
    kept.insert(kept.end(), rendered.begin(), rendered.end());
    keptNames.push_back({arg->getSpelling().str(), arg->getAsString(args)});
  }
  llvm::StringRef extension = llvm::sys::path::extension(file);
  if (extension == ".cu" || extension == ".hip") {
    out.refusal = "CUDA and HIP translation units are not scanned (they need a GPU toolchain)";
    return out;
  }

  // A flag the driver rejects for this target (GCC's -mabi= on x86) is dropped like an
  // unknown one; any other driver error, or a plan that is not one parse, refuses the entry.
  std::vector<bool> removed(keptNames.size(), false);
  for (int round = 0; round < 8; ++round) {
    std::vector<std::string> command = {driverPath(cxx), "--no-default-config"};
    if (!haveTarget && name.TargetIsValid) command.push_back("--target=" + name.TargetPrefix);
    for (size_t i = 0; i < keptNames.size(); ++i) {
      if (removed[i]) continue;
      size_t end = i + 1 < keptStart.size() ? keptStart[i + 1] : kept.size();
      command.insert(command.end(), kept.begin() + keptStart[i], kept.begin() + end);
    }
    command.push_back("-fsyntax-only");
    command.push_back(file);
    std::vector<DriverError> errors;
    std::string problem = checkPlanCached(command, directory, errors);
    if (problem.empty()) {
      out.arguments = std::move(command);
      return out;
    }
    bool dropped = false;
    for (const DriverError &error : errors)
      for (size_t i = 0; i < keptNames.size(); ++i)
        if (!removed[i] && std::find_if(error.args.begin(), error.args.end(), [&](const std::string &a) {
                             return a == keptNames[i].first || a == keptNames[i].second;
                           }) != error.args.end()) {
          removed[i] = true;
          dropped = true;
          out.dropped.push_back({keptNames[i].first, "not supported for this target"});
        }
    if (!dropped) {
      out.refusal = problem;
      return out;
    }
  }
  out.refusal = "the compiler driver kept rejecting the command";
  return out;
}

}  // namespace

SanitizedCommand sanitizeCommand(const std::vector<std::string> &argv, const std::string &file,
                                 const std::string &directory) {
  SanitizedCommand out = sanitizeArguments(argv, file, directory);
  for (DroppedFlag &flag : out.dropped) flag.risky = isRisky(flag.reason);
  return out;
}

}  // namespace attest
