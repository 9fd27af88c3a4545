#!/usr/bin/env python3
"""Runs the run: steps of a composite GitHub Action as the runner does.

usage: run_action_steps.py ACTION_YML INPUTS_JSON WORKSPACE STEP_NAME...

Like the runner, it evaluates ${{ ... }} expressions textually in each step's run:
script and env: values (inputs.*, github.*, steps.<id>.outputs.*; any other expression
is an error, so a new one is not silently left unevaluated), gives each step a fresh
GITHUB_OUTPUT file and the GITHUB_ENV file, sets GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
RUNNER_TEMP, CI and GITHUB_ACTIONS, and runs `shell: bash` steps with
`bash --noprofile --norc -eo pipefail {0}` in the workspace. Prints JSON: for each step
its exit status, outputs and output text.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text, context):
    def value(match):
        expr = match.group(1)
        parts = expr.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return context["inputs"].get(parts[1], "")
        if parts[0] == "github" and len(parts) == 2:
            return context["github"][parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return context["steps"].get(parts[1], {}).get(parts[3], "")
        raise SystemExit("unsupported expression in a run: or env: value: " + expr)

    return EXPRESSION.sub(value, str(text))


def read_outputs(path):
    outputs = {}
    with open(path) as f:
        for line in f.read().splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                outputs[key] = value
    return outputs


def main():
    action_path, inputs_path, workspace, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(action_path) as f:
        action = yaml.safe_load(f)
    with open(inputs_path) as f:
        given = json.load(f)
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    inputs.update(given)
    action_dir = os.path.dirname(os.path.abspath(action_path))
    temp = tempfile.mkdtemp(prefix="runner-")
    env_file = os.path.join(temp, "github_env")
    open(env_file, "w").close()
    context = {"inputs": inputs, "github": {"action_path": action_dir, "workspace": workspace}, "steps": {}}
    report = []
    for step in action["runs"]["steps"]:
        if step.get("name") not in names or "run" not in step:
            continue
        output_file = os.path.join(temp, "output-%d" % len(report))
        open(output_file, "w").close()
        env = dict(os.environ)
        env.update(read_outputs(env_file))
        env.update({"GITHUB_ACTION_PATH": action_dir, "GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": temp,
                    "GITHUB_ENV": env_file, "GITHUB_OUTPUT": output_file, "CI": "true", "GITHUB_ACTIONS": "true"})
        for key, value in (step.get("env") or {}).items():
            env[key] = evaluate(value, context)
        script = os.path.join(temp, "step-%d.sh" % len(report))
        with open(script, "w") as f:
            f.write(evaluate(step["run"], context))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        outputs = read_outputs(output_file)
        if "id" in step:
            context["steps"][step["id"]] = outputs
        report.append({"name": step["name"], "status": done.returncode, "outputs": outputs,
                       "log": done.stdout.decode("utf-8", "replace")})
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
