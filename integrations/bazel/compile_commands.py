#!/usr/bin/env python3
"""Writes compile_commands.json for a Bazel workspace from Bazel's own action graph.

usage: compile_commands.py [--aquery FILE] [--execroot DIR] [-o compile_commands.json] [TARGETS]

Bazel has no compilation database, but `bazel aquery` prints every C/C++ compile action
with its exact command line. This runs

    bazel aquery 'mnemonic("CppCompile", deps(TARGETS))' --output=jsonproto

(TARGETS defaults to //...) and `bazel info execution_root`, or reads a saved aquery output
(--aquery) and the execution root given with --execroot, and writes one entry per action:
the action's arguments, run in the execution root, for the file after -c. Then:

    python3 compile_commands.py -o build/compile_commands.json
    attest scan -p build
"""
import argparse
import json
import os
import subprocess
import sys


def entries(aquery, execroot):
    out = []
    for action in aquery.get("actions", []):
        if action.get("mnemonic") not in ("CppCompile", "ObjcCompile"):
            continue
        arguments = [str(a) for a in action.get("arguments", [])]
        if "-c" not in arguments or arguments.index("-c") + 1 >= len(arguments):
            continue
        source = arguments[arguments.index("-c") + 1]
        out.append({"directory": execroot, "file": source, "arguments": arguments})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="?", default="//...")
    parser.add_argument("--aquery", help="a saved `bazel aquery --output=jsonproto` output")
    parser.add_argument("--execroot", help="the execution root (default: `bazel info execution_root`)")
    parser.add_argument("-o", "--output", default="compile_commands.json")
    args = parser.parse_args()
    if args.aquery:
        with open(args.aquery) as f:
            aquery = json.load(f)
    else:
        # The query is one argument, never a shell string: a target pattern cannot run anything.
        query = 'mnemonic("CppCompile", deps(%s))' % args.targets
        aquery = json.loads(subprocess.run(["bazel", "aquery", query, "--output=jsonproto"], check=True,
                                           stdout=subprocess.PIPE).stdout)
    execroot = args.execroot or subprocess.run(["bazel", "info", "execution_root"], check=True,
                                               stdout=subprocess.PIPE, text=True).stdout.strip()
    found = entries(aquery, os.path.abspath(execroot))
    with open(args.output, "w") as f:
        json.dump(found, f, indent=1)
    print("compile_commands.py: %d compile action(s) -> %s" % (len(found), args.output), file=sys.stderr)
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
