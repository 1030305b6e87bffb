#!/usr/bin/env python3
"""Issue 16's attacks, rerun at a reduced scale against a built skillgap binary.

    python3 tests/faults_attacks.py [path/to/skillgap]   (default: target/debug/skillgap)

Prints one line of figures per attack and exits 1 if any promise broke. Uses only the
standard library; the disk-full attack needs root (a small tmpfs), the clock attack
needs `faketime` and `tmux`: each says "skipped" with the reason when it cannot run.
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/skillgap"))
HOSTILE = "\u202e\u2066\u0085\u009b\u009c\u009d\u007f\u200e\u200f\u061c"
broken = []


def run(data, args, stdin="", stdout=subprocess.PIPE):
    return subprocess.run([BIN, *args], input=stdin.encode(), stdout=stdout, stderr=subprocess.PIPE,
                          env={**os.environ, "SKILLGAP_HOME": data, "NO_COLOR": "1"}, cwd=data)


def files(data):
    return {name: open(os.path.join(data, name), "rb").read() for name in sorted(os.listdir(data))
            if os.path.isfile(os.path.join(data, name))}


def history_db(data, answers=6):
    run(data, ["quiz", "--plain", "--count", str(answers), "--seed", "1"], "\n" * answers)
    run(data, ["quiz", "--plain", "--count", str(answers), "--seed", "2"], "\n" * answers)
    return open(os.path.join(data, "skillgap.db"), "rb").read()


def database_attack(rng, original, cases):
    refusals = changed = leftovers = split = 0
    for damaged in cases(original):
        with tempfile.TemporaryDirectory() as data:
            open(os.path.join(data, "skillgap.db"), "wb").write(damaged)
            verdicts = {}
            for args, stdin in [(["history"], ""), (["export"], ""),
                                (["quiz", "--plain", "--count", "2", "--seed", "3"], "\n\n")]:
                before = files(data)
                out = run(data, args, stdin)
                # export reads a damaged file read-only (a rescue) and says so; history and
                # quiz refuse it with exit 1.
                refused = b"damaged" in out.stderr and (out.returncode != 0 or args[0] == "export")
                verdicts[args[0]] = refused
                if refused:
                    refusals += 1
                    after = files(data)
                    if after.get("skillgap.db") != before.get("skillgap.db"):
                        changed += 1
                    if set(after) - set(before) - {"skillgap.db-clean"}:
                        leftovers += 1
            # history refusing while quiz writes the same file is the split the issue found.
            if verdicts["history"] and not verdicts["quiz"]:
                split += 1
    return refusals, changed, leftovers, split


def flips(rng, count):
    def cases(original):
        for _ in range(count):
            data = bytearray(original)
            at = rng.randrange(100, len(data))
            data[at] ^= 1 << rng.randrange(8)
            yield bytes(data)
    return cases


def truncations(count):
    def cases(original):
        for k in range(1, count + 1):
            yield original[: len(original) * k // (count + 1)]
        yield original[:-100]
    return cases


def json_attack():
    with tempfile.TemporaryDirectory() as data:
        history_db(data, 3)
        db = sqlite3.connect(os.path.join(data, "skillgap.db"))
        db.execute("UPDATE answers SET category = category || ?, question_id = question_id || ?,"
                   " response_json = json_object('type','short','text','typed' || ?)", (HOSTILE,) * 3)
        db.execute("UPDATE sessions SET profile = 'p' || ?", (HOSTILE,))
        db.commit()
        db.close()
        run(data, ["export", "--name", "Ann", "-o", "ann.json"])
        writers = [["export"], ["export", "--format", "json"], ["export", "--name", "Bob"],
                   ["history", "--format", "json"], ["report", "--format", "json"],
                   ["class", "--format", "json", "ann.json"]]
        raw = outputs = 0
        for args in writers:
            out = run(data, args).stdout.decode("utf-8", "replace")
            outputs += 1
            raw += sum(out.count(c) for c in HOSTILE)
        return outputs, raw


def pipe_attack(rounds):
    commands = [["completions", s] for s in ["bash", "zsh", "fish", "powershell", "elvish"]] + [
        ["--help"], ["history"], ["history", "--format", "json"], ["report"], ["export"],
        ["export", "--format", "csv"], ["pack", "list"], ["pack", "stats", "backend"],
        ["profile", "show"], ["class", "ann.json"]]
    panics = runs = 0
    with tempfile.TemporaryDirectory() as data:
        history_db(data, 3)
        run(data, ["export", "--name", "Ann", "-o", "ann.json"])
        for _ in range(rounds):
            for args in commands:
                read, write = os.pipe()
                os.close(read)
                out = subprocess.run([BIN, *args], stdout=write, stderr=subprocess.PIPE,
                                     env={**os.environ, "SKILLGAP_HOME": data}, cwd=data)
                os.close(write)
                runs += 1
                if out.returncode == 101 or b"panicked" in out.stderr:
                    panics += 1
    return len(commands), runs, panics


def disk_full_attack():
    if os.geteuid() != 0 or not shutil.which("mount"):
        return None
    mount = tempfile.mkdtemp()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", mount],
                      stderr=subprocess.DEVNULL).returncode != 0:
        os.rmdir(mount)
        return None
    results = []
    try:
        for free_kb in [200, 100, 60, 40, 20, 8, 2]:
            data = os.path.join(mount, "d")
            shutil.rmtree(data, ignore_errors=True)
            for name in os.listdir(mount):
                if name != "d":
                    os.remove(os.path.join(mount, name))
            os.mkdir(data)
            run(data, ["quiz", "--plain", "--count", "3", "--seed", "1"], "\n\n\n")
            stat = os.statvfs(mount)
            fill = stat.f_bavail * stat.f_frsize - free_kb * 1024
            if fill > 0:
                with open(os.path.join(mount, "fill"), "wb") as f:
                    try:
                        f.write(b"\0" * fill)
                    except OSError:
                        pass
            before = open(os.path.join(data, "skillgap.db"), "rb").read()
            out = run(data, ["quiz", "--plain", "--count", "3", "--seed", "2"], "\n\n\n")
            message = out.stderr.decode()
            os.remove(os.path.join(mount, "fill")) if os.path.exists(os.path.join(mount, "fill")) else None
            con = sqlite3.connect(os.path.join(data, "skillgap.db"))
            empty = con.execute("SELECT count(*) FROM sessions s WHERE NOT EXISTS"
                                " (SELECT 1 FROM answers a WHERE a.session_id = s.id)").fetchone()[0]
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.close()
            named = out.returncode == 0 or "disk is full" in message
            results.append((free_kb, out.returncode, named, empty, ok))
    finally:
        subprocess.run(["umount", mount])
        os.rmdir(mount)
    return results


def kill_attack(rounds):
    intact = empties = 0
    for i in range(rounds):
        with tempfile.TemporaryDirectory() as data:
            proc = subprocess.Popen([BIN, "quiz", "--plain", "--count", "50", "--seed", str(i)],
                                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env={**os.environ, "SKILLGAP_HOME": data}, cwd=data)
            try:
                for _ in range(i % 5):
                    proc.stdin.write(b"\n")
                    proc.stdin.flush()
                time.sleep(0.05 * (i % 4))
            except BrokenPipeError:
                pass
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            db = os.path.join(data, "skillgap.db")
            if not os.path.exists(db):
                intact += 1
                continue
            con = sqlite3.connect(db)
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = con.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sessions'").fetchone()[0]
            empty = con.execute("SELECT count(*) FROM sessions s WHERE NOT EXISTS"
                                " (SELECT 1 FROM answers a WHERE a.session_id = s.id)").fetchone()[0] if tables else 0
            con.close()
            intact += ok
            empties += empty
    return intact, empties


def clock_attack():
    if not (shutil.which("faketime") and shutil.which("tmux")):
        return None
    outcomes = {}
    for how in ["TERM", "HUP", "INT", "close"]:
        with tempfile.TemporaryDirectory() as data:
            copy = os.path.join(data, "skillgap-under-test")
            shutil.copy(BIN, copy)
            session = f"faults{os.getpid()}{how}"
            subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                            f"SKILLGAP_HOME={data} faketime '+0 days' {copy}; sleep 30"])
            time.sleep(3)
            pids = subprocess.run(["pgrep", "-f", f"^{copy}$"], capture_output=True, text=True).stdout.split()
            if not pids:
                outcomes[how] = "did not start"
                subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
                continue
            pid = int(pids[0])
            if how == "close":
                subprocess.run(["tmux", "kill-session", "-t", session])
            else:
                os.kill(pid, getattr(signal, "SIG" + how))
            outcomes[how] = "still running after 10 s"
            for tenth in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    outcomes[how] = f"ended in {tenth / 10:.1f} s"
                    break
                time.sleep(0.1)
            else:
                os.kill(pid, signal.SIGKILL)
            subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    return outcomes


def main():
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as data:
        original = history_db(data)
    refusals, changed, leftovers, split = database_attack(rng, original, flips(rng, 100))
    print(f"byte flips: 100 files, {refusals} refusals, {changed} refused-but-changed, "
          f"{leftovers} with journal files left, {split} where history refused but quiz wrote")
    broken.extend(["flip: changed"] * changed + ["flip: leftovers"] * leftovers + ["flip: split"] * split)
    refusals, changed, leftovers, split = database_attack(rng, original, truncations(18))
    print(f"truncations: 19 files (18 cuts + 100 bytes off the end), {refusals} refusals of 57 runs, "
          f"{changed} refused-but-changed, {leftovers} with journal files left, {split} split")
    broken.extend(["cut: changed"] * changed + ["cut: leftovers"] * leftovers + ["cut: split"] * split)
    if refusals != 57:
        broken.append("cut: a truncated file was used")

    outputs, raw = json_attack()
    print(f"JSON character check: {outputs} JSON writers, {raw} raw hostile characters")
    if raw:
        broken.append("json")

    commands, runs, panics = pipe_attack(3)
    print(f"broken pipes: {commands} commands x 3 = {runs} runs, {panics} panics")
    if panics:
        broken.append("pipes")

    intact, empties = kill_attack(20)
    print(f"SIGKILL mid-quiz: 20 runs, {intact} intact, {empties} empty sessions left")
    if intact != 20 or empties:
        broken.append("kill")

    disk = disk_full_attack()
    if disk is None:
        print("disk full: skipped (needs root and a tmpfs mount)")
    else:
        for free_kb, code, named, empty, ok in disk:
            print(f"disk full, {free_kb} KB free: exit {code}, cause named {named}, "
                  f"{empty} empty sessions, integrity {ok}")
            if not named or empty or ok != "ok":
                broken.append(f"disk {free_kb}")

    clock = clock_attack()
    if clock is None:
        print("shifted clock: skipped (needs faketime and tmux)")
    else:
        print("shifted clock (faketime +0 days): " + ", ".join(f"{k}: {v}" for k, v in clock.items()))
        broken.extend(f"clock {k}" for k, v in clock.items() if not v.startswith("ended"))

    print("all promises held" if not broken else f"BROKEN: {sorted(set(broken))}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
