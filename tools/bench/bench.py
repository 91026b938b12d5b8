#!/usr/bin/env python3
"""Measures drbook side by side with what it is compared to, and writes docs/benchmarks.md.

Every figure is a pair run in this one process: drbook against an anchor (Ansible, sha256sum,
a shell script, the process floor) or against itself on an input ten times smaller. The runs
of a pair alternate, so a busy machine slows both; the table gives medians and their ratio,
and whether the target holds. Nothing in docs/benchmarks.md is typed by hand: the prose comes
from tools/bench/benchmarks.md.in and the numbers from this run.

    tools/bench/bench.py [--build DIR] [--runs N] [--out FILE] [--only NAME...]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import gen_corpus
import gen_inputs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def measure(argv, cwd=None, env=None):
    """Wall and CPU seconds and peak resident memory (MB) of one run; fails on a crash."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        sys.exit(f"bench: {' '.join(argv)} died of signal {-code}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "code": code}


def paired(a, b, runs, before=None):
    """Runs `a` and `b` alternately `runs` times, after one unmeasured run of each (the page
    cache, the first touch of freshly written inputs); medians of each measure for both."""
    os.sync()  # inputs just written are not flushed while the pairs are measured
    for argv in (a, b):
        if before:
            before()
        measure(argv)
    results = ([], [])
    for _ in range(runs):
        for i, argv in enumerate((a, b)):
            if before:
                before()
            results[i].append(measure(argv))
    return tuple({k: statistics.median(r[k] for r in rs) for k in rs[0]} for rs in results)


class Table:
    """The rows of docs/benchmarks.md's results table."""

    def __init__(self):
        self.rows = []

    def add(self, figure, drbook, anchor, ratio, target, met):
        shown = "" if met is None else "yes" if met else "**no**"
        self.rows.append((figure, drbook, anchor, ratio, target, shown))
        print(f"{figure}: {drbook} vs {anchor} = {ratio} (target {target})", flush=True)

    def markdown(self):
        head = "| figure | drbook | compared with | ratio | target | met |\n|---|---|---|---|---|---|\n"
        return head + "".join("| " + " | ".join(row) + " |\n" for row in self.rows)


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


class Bench:
    def __init__(self, args, work):
        self.build = os.path.join(ROOT, args.build)  # an absolute --build is kept as it is
        self.runs = args.runs
        self.work = work
        self.table = Table()
        self.drbookc = os.path.join(self.build, "bin", "drbookc")
        self.drbook = os.path.join(self.build, "bin", "drbook")

    def path(self, name):
        return os.path.join(self.work, name)

    def check_imports(self):
        plain, imports = self.path("corpus"), self.path("corpus-imports")
        lines = gen_corpus.write(plain, 100_000, seed=1)
        gen_corpus.write(imports, 100_000, seed=1, imports=gen_inputs.STDLIB_IMPORTS)
        a, b = paired([self.drbookc, "check", imports], [self.drbookc, "check", plain], self.runs)
        ratio = a["cpu"] / b["cpu"]
        self.table.add("`drbookc check`, 100k lines in many files, each importing 4 stdlib modules",
                       ms(a["cpu"]) + " CPU", ms(b["cpu"]) + " without the imports",
                       f"{ratio:.2f}×", "≤ 1.1×", ratio <= 1.1)
        rate = lines / b["cpu"]
        self.table.add("`drbookc check` throughput, the same corpus without imports",
                       f"{rate / 1000:,.0f}k lines/s", "", "", "≥ 600k lines/s", rate >= 600_000)
        return lines, b["cpu"]

    def check_against_ansible(self, lines, drbook_cpu):
        if not shutil.which("ansible-playbook"):
            print("bench: ansible-playbook is not installed (Debian ansible-core); skipped")
            return
        play = self.path("play.yml")
        play_lines = gen_inputs.playbook(play, tasks=lines // 4)
        env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        runs = [measure(["ansible-playbook", "--syntax-check", play], env=env)
                for _ in range(max(1, self.runs // 2))]
        cpu = statistics.median(r["cpu"] for r in runs)
        theirs, ours = play_lines / cpu, lines / drbook_cpu
        self.table.add("syntax check throughput against Ansible's `--syntax-check`",
                       f"{ours / 1000:,.0f}k lines/s", f"{theirs / 1000:,.0f}k lines/s",
                       f"{ours / theirs:.1f}× faster", "faster", ours > theirs)

    def growth(self, figure, make, small, big, target=11.0):
        """`drbookc check` on an input and one ten times larger: time ratio, memory/source."""
        files = [make(self.path(f"{n}.drbook"), n) for n in (small, big)]
        a, b = paired([self.drbookc, "check", files[1]], [self.drbookc, "check", files[0]],
                      self.runs)
        ratio = a["cpu"] / b["cpu"]
        self.table.add(f"`drbookc check`, {figure}: {big:,} against {small:,}",
                       ms(a["cpu"]) + " CPU", ms(b["cpu"]) + " CPU", f"{ratio:.1f}×",
                       f"≤ {target:g}× for 10×", ratio <= target)
        size = os.path.getsize(files[1]) / 2**20
        self.table.add(f"peak memory of that check, {big:,} {figure}", f"{a['rss']:,.0f} MB",
                       f"{size:.1f} MB of source", f"{a['rss'] / size:.0f}×", "≤ 20× the source",
                       a["rss"] <= 20 * size)

    def verifier(self):
        tool = os.path.join(self.build, "bin", "drbook-bench-verify")
        out = {}
        for n in (100_000, 1_000_000):
            # The median of several processes: one process's best of three still moved with
            # what else the shared machine was doing.
            times = []
            for _ in range(max(3, self.runs)):
                text = subprocess.run([tool, str(n)], capture_output=True, text=True,
                                      check=True).stdout
                fields = text.split()
                times.append(float(fields[fields.index("cpu_seconds") + 1]))
            out[n] = statistics.median(times)
        ratio = out[1_000_000] / out[100_000]
        self.table.add("verifier, 1M-node step graph against 100k", ms(out[1_000_000]) + " CPU",
                       ms(out[100_000]) + " CPU", f"{ratio:.1f}×", "≤ 11×, 1M under 300 ms",
                       ratio <= 11 and out[1_000_000] < 0.3)

    def plan(self):
        files = [gen_inputs.do_steps(self.path(f"plan{n}.drbook"), n) for n in (10_000, 100_000)]
        a, b = paired([self.drbook, "plan", files[1], "--max-paths", "4"],
                      [self.drbook, "plan", files[0], "--max-paths", "4"], self.runs)
        ratio = a["cpu"] / b["cpu"]
        self.table.add("`drbook plan`, 100k steps against 10k", ms(a["cpu"]) + " CPU",
                       ms(b["cpu"]) + " CPU", f"{ratio:.1f}×", "≤ 11× for 10×, no crash",
                       ratio <= 11 and a["code"] == 0)

    def journal(self, items):
        """The proof of a run of gen_inputs.looped_steps over `items` items: the same plan
        whatever the journal's length."""
        runbook = gen_inputs.looped_steps(self.path("looped.drbook"))
        proof = self.path(f"proof{items}")
        subprocess.run([self.drbook, "run", runbook, "--proof-dir", proof, "--quiet",
                        "--param", "items=" + ",".join(str(i) for i in range(items))],
                       check=True, stdout=subprocess.DEVNULL)
        return proof

    def verify(self):
        # 20 and 64 items: 3,200 and 32,768 steps, a journal ten times longer, the same plan.
        proofs = {n: self.journal(n) for n in (20, 64)}
        big = proofs[64]
        events = sum(1 for _ in open(os.path.join(big, "events.jsonl")))
        a, b = paired([self.drbook, "verify", big, "--allow-unsigned"],
                      ["sha256sum", os.path.join(big, "events.jsonl")], self.runs)
        ratio = a["wall"] / b["wall"]
        self.table.add(f"`drbook verify`, {events:,}-event journal, against `sha256sum` of it",
                       ms(a["wall"]), ms(b["wall"]), f"{ratio:.0f}×", "≤ 5×", ratio <= 5)
        small = [measure([self.drbook, "verify", proofs[20], "--allow-unsigned"])
                 for _ in range(3)]
        rss = statistics.median(m["rss"] for m in small)
        growth = a["rss"] / rss
        self.table.add("peak memory of `drbook verify`, the same plan, 10× the journal",
                       f"{a['rss']:,.0f} MB", f"{rss:,.0f} MB", f"{growth:.2f}×",
                       "independent of length", growth <= 1.1)

    def run(self):
        steps = 1000
        runbook = gen_inputs.run_steps(self.path("steps.drbook"), steps)
        script = gen_inputs.shell_steps(self.path("steps.sh"), steps)
        proof = self.path("proof-run")
        a, b = paired([self.drbook, "run", runbook, "--proof-dir", proof, "--quiet"],
                      ["sh", script], self.runs, before=lambda: shutil.rmtree(proof, True))
        ratio = a["wall"] / b["wall"]
        self.table.add("`drbook run`, 1,000 × `true`, journal fsync'd, against `sh -c` each",
                       ms(a["wall"]), ms(b["wall"]), f"{ratio:.2f}×", "≤ 1.15×", ratio <= 1.15)
        c, d = paired([self.drbook, "run", runbook, "--proof-dir", proof, "--quiet", "--no-fsync"],
                      ["sh", script], self.runs, before=lambda: shutil.rmtree(proof, True))
        self.table.add("the same run without fsync (what durability costs)", ms(c["wall"]),
                       ms(d["wall"]), f"{c['wall'] / d['wall']:.2f}×", "", None)
        self.run_against_ansible(a["wall"] / steps)

    def run_against_ansible(self, per_step):
        if not shutil.which("ansible-playbook"):
            return
        tasks = 20
        play = self.path("run.yml")
        gen_inputs.playbook(play, tasks=tasks)
        env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        r = measure(["ansible-playbook", "-i", "localhost,", play], env=env)
        theirs = r["wall"] / tasks
        self.table.add("per step, against an Ansible task running `/bin/true` locally",
                       ms(per_step), ms(theirs), f"{theirs / per_step:.0f}× faster", "faster",
                       theirs > per_step)

    def parallel(self):
        """20 `must` steps in a `parallel`, each an HTTP probe the server answers after 1 s."""
        server = subprocess.Popen([sys.executable, os.path.join(HERE, "slow_server.py")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
            runbook = gen_inputs.parallel_probes(self.path("par.drbook"), 20)
            proof = self.path("proof-par")
            runs = []
            for _ in range(self.runs):
                shutil.rmtree(proof, True)
                runs.append(measure([self.drbook, "run", runbook, "--param", f"url={url}",
                                     "--proof-dir", proof, "--quiet"]))
        finally:
            server.kill()
        wall = statistics.median(r["wall"] for r in runs)
        self.table.add("20 probes of 1 s each in a `parallel`, wall", ms(wall),
                       "1,000 ms (one probe)", f"{wall:.2f}×", "≤ 1.5×", wall <= 1.5)

    def startup(self):
        casino = os.path.join(ROOT, "examples", "casino", "dr.drbook")
        a, b = paired([self.drbookc, "check", casino], ["/bin/true"], max(self.runs, 20))
        self.table.add("start-up: `drbookc check` on the casino example", ms(a["wall"]),
                       ms(b["wall"]) + " (`/bin/true`)", f"{a['wall'] / b['wall']:.0f}×",
                       "≤ 5 ms", a["wall"] <= 0.005)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "an unknown processor"


FIGURES = ["check", "growth", "verifier", "plan", "verify", "run", "parallel", "startup"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.environ.get("DRBOOK_BUILD_DIR", "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--only", nargs="*", choices=FIGURES, default=FIGURES)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="drbook-bench.") as work:
        b = Bench(args, work)
        if "check" in args.only:
            lines, cpu = b.check_imports()
            b.check_against_ansible(lines, cpu)
        if "growth" in args.only:
            b.growth("lines in one file", gen_inputs.run_steps, 10_000, 100_000)
            b.growth("`do` steps in one runbook", gen_inputs.do_steps, 100_000, 1_000_000)
        for name in ("verifier", "plan", "verify", "run", "parallel", "startup"):
            if name in args.only:
                getattr(b, name)()
    with open(os.path.join(HERE, "benchmarks.md.in")) as f:
        template = f.read()
    machine = f"{cpu_model()}, {os.cpu_count()} CPUs ({platform.machine()})"
    with open(args.out, "w") as f:
        f.write(template.replace("{{machine}}", machine)
                .replace("{{runs}}", str(args.runs))
                .replace("{{date}}", time.strftime("%Y-%m-%d"))
                .replace("{{table}}", b.table.markdown()))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
