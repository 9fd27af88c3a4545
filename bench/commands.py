#!/usr/bin/env python3
"""Prints, per TU of a compile_commands.json, the database's own command turned into
`clang-19 -fsyntax-only` (output and dependency flags removed), run in its directory."""
import json, shlex, sys

DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP = {"-c", "-MD", "-MMD", "-M", "-MM"}
WRAPPERS = {"ccache", "sccache", "distcc", "icecc"}  # meson and CMake put these first

for entry in json.load(open(sys.argv[1])):
    args = entry.get("arguments") or shlex.split(entry["command"])
    while len(args) > 1 and args[0].rsplit("/", 1)[-1] in WRAPPERS:
        args = args[1:]
    out, skip = ["clang-19" if not args[0].endswith("++") else "clang++-19"], False
    out[0] = "clang++-19" if any(a.endswith(("++", "g++")) for a in args[:1]) else "clang-19"
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in DROP_WITH_VALUE:
            skip = True
            continue
        if a in DROP:
            continue
        out.append(a)
    out.append("-fsyntax-only")
    print("cd " + shlex.quote(entry["directory"]) + " && " + " ".join(shlex.quote(a) for a in out))
