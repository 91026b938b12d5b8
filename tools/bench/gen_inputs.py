"""The generated inputs of tools/bench/bench.py besides the corpus: long runbooks, the shell
script and Ansible playbooks they are compared with. Each writer returns what it wrote."""

STDLIB_IMPORTS = ("std.dr", "std.k8s", "std.compose", "std.postgres")

_HEAD = ('runbook steps "Many steps" {\n  param dir: path = "."\n'
         '  probe done: file "{dir}" expect exists timeout 5s\n')
_TAIL = "  }\n  validation { must done }\n}\n"


def _steps(path, n, step, declarations=""):
    with open(path, "w") as f:
        f.write(_HEAD + declarations + "  recovery {\n")
        f.writelines(step for _ in range(n))
        f.write(_TAIL)
    return path


def do_steps(path, n):
    """A runbook of `n` `do` steps of one action: one line each."""
    return _steps(path, n, "    do step\n", '  action step "One step" { run "true" timeout 5s }\n')


def run_steps(path, n):
    """A runbook of `n` `run "true"` steps, as a shell script would have them."""
    return _steps(path, n, '    run "true" timeout 5s\n')


def looped_steps(path, bound=64, command="true"):
    """A runbook whose journal grows with a list parameter while its plan stays the same: two
    nested loops over `items` (at most `bound` elements) around 8 `do` steps of an action that
    runs `command`; 64 items run 32,768 steps."""
    body = "".join("        do step\n" for _ in range(8))
    loops = "    each a in items {\n      each b in items {\n" + body + "      }\n    }\n"
    with open(path, "w") as f:
        f.write(_HEAD.replace("{\n", f"{{\n  param items: list<int> max {bound}\n", 1)
                + f'  action step "One step" {{ run "{command}" timeout 5s }}\n'
                + "  recovery {\n" + loops + _TAIL)
    return path


def shell_steps(path, n):
    """The same commands as a shell script starts them, each with `sh -c`."""
    with open(path, "w") as f:
        f.writelines("/bin/sh -c 'true' || exit 1\n" for _ in range(n))
    return path


def playbook(path, tasks):
    """An Ansible playbook of `tasks` command tasks on localhost; returns its line count."""
    lines = ["- hosts: localhost", "  connection: local", "  gather_facts: false", "  tasks:"]
    for i in range(tasks):
        lines += [f"    - name: step {i}", "      ansible.builtin.command: /bin/true"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def parallel_probes(path, n):
    """A runbook whose validation is `n` `must` steps in a `parallel`, one HTTP probe each."""
    lines = ['runbook par "Parallel probes" {', "  param url: url"]
    lines += [f'  probe s{i}: http GET "{{url}}/slow?{i}" expect status == 200 timeout 5s'
              for i in range(n)]
    lines += ["  validation {", "    parallel {", *(f"      must s{i}" for i in range(n)),
              "    }", "  }", "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path
