#!/usr/bin/env python3
"""Runs the script: of jobs of a GitLab CI template as a runner does, in one workspace.

usage: run_gitlab_job.py TEMPLATE_YML WORKSPACE JOB [JOB...] [-- NAME=VALUE...]

Each JOB is resolved as GitLab resolves `extends:` (hashes merged key by key, anything
else replaced by the child's), given its `variables:` (then the NAME=VALUE overrides, e.g.
ATTEST= the binary under test), CI and GITLAB_CI, and its `script:` lines run in one
`bash -eo pipefail` in WORKSPACE, as the shell executor does. A `parallel: N` job runs N
times, with CI_NODE_INDEX 1..N and CI_NODE_TOTAL N. `before_script:` is not run (it
installs and builds attest). The jobs share the workspace, as artifacts passed through
`needs:` would. Prints JSON: for each run its job, status, output, and each
artifacts:reports: entry with whether its file exists.
"""
import glob
import json
import os
import subprocess
import sys

import yaml


def merge(parent, child):
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve(template, name, seen=()):
    if name in seen:
        raise SystemExit("extends: cycle at " + name)
    job = template[name]
    parents = job.get("extends", [])
    parents = [parents] if isinstance(parents, str) else parents
    resolved = {}
    for parent in parents:
        resolved = merge(resolved, resolve(template, parent, seen + (name,)))
    return merge(resolved, {k: v for k, v in job.items() if k != "extends"})


def run(job, workspace, overrides, index=None, total=None):
    env = dict(os.environ)
    env.update({key: str(value) for key, value in (job.get("variables") or {}).items()})
    env.update(overrides)
    env.update({"CI": "true", "GITLAB_CI": "true"})
    if index is not None:
        env.update({"CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(total)})
    script = "\n".join(job["script"]) + "\n"
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workspace, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    artifacts = job.get("artifacts") or {}
    reports = {kind: {"file": path, "exists": os.path.exists(os.path.join(workspace, path))}
               for kind, path in (artifacts.get("reports") or {}).items()}
    paths = {pattern: sorted(glob.glob(os.path.join(workspace, pattern))) for pattern in artifacts.get("paths") or []}
    return {"status": done.returncode, "log": done.stdout.decode("utf-8", "replace"), "reports": reports,
            "paths": paths, "when": job.get("when", "on_success")}


def main():
    args = sys.argv[1:]
    overrides = {}
    if "--" in args:
        at = args.index("--")
        overrides = dict(item.split("=", 1) for item in args[at + 1:])
        args = args[:at]
    template_path, workspace, names = args[0], args[1], args[2:]
    with open(template_path) as f:
        template = yaml.safe_load(f)
    report = []
    for name in names:
        job = resolve(template, name)
        total = job.get("parallel")
        for index in range(1, total + 1) if total else [None]:
            result = run(job, workspace, overrides, index, total)
            result["job"] = name if index is None else "%s %d/%d" % (name, index, total)
            report.append(result)
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
