// The one front-end invocation attest runs for a compile database entry.
//
// A compile database may be written by an attacker, and the Clang driver does much more
// than parse: it runs helper programs (amdgpu-arch, nvptx-arch, anything under -B),
// writes dependency files and diagnostics logs, loads config files and plugins, and
// passes anything at all to the front end with -Xclang. So attest does not hand the
// entry to the driver. It keeps only the flag classes that shape the parse (language and
// standard, target, defines, include paths, warnings, an allow-list of -f and -m
// options), drops everything else and says which flags it dropped, never loads a config
// file, and refuses an entry whose driver plan would be anything but the one syntax-only
// front-end job.
#pragma once
#include <string>
#include <vector>

namespace attest {

struct DroppedFlag {
  std::string flag;    // as named to the user: "-fconserve-stack", "-MF", "-Xclang"
  std::string reason;  // "unknown to clang", "reads or writes a file the parse does not need", ...
  bool risky = false;  // it would run, load or write something, or steer the compiler's internals
};

struct SanitizedCommand {
  std::vector<std::string> arguments;  // argv, compiler first, the file last; empty if refused
  std::vector<DroppedFlag> dropped;    // in command-line order, one per dropped flag
  std::string refusal;                 // non-empty: do not scan this entry, and why
};

// `argv` is the entry's command line (compiler first), `file` the TU's absolute path and
// `directory` the entry's working directory (response files and -include are resolved
// against it). Pure apart from reading response files and what the driver reads to plan
// (it inspects the plan; it executes nothing).
SanitizedCommand sanitizeCommand(const std::vector<std::string> &argv, const std::string &file,
                                 const std::string &directory);

}  // namespace attest
