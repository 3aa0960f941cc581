"""The driver of Scripts/cluster-demo (read its header): rounds of three ingest hosts on one
PostgreSQL catalog, one fault each, and the checks after each round."""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

lectern, work, url, quick, rounds, seed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", int(
    sys.argv[5]), int(sys.argv[6])
rng = random.Random(seed)
LEASE = "6秒"
LEASE_SECONDS = 6
HOSTS = ["h1", "h2", "h3"]
violations = []
apart = []  # near-duplicate pairs worked on different hosts and linked
base_db = url.rsplit("/", 1)[0]


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def psql(db_url, sql):
    return subprocess.run(["psql", db_url, "-qtAc", sql], capture_output=True, text=True, check=True).stdout.strip()


def ns(host):
    return ["ip", "netns", "exec", "lt-" + host]


def run(args, host=None, library=None, check=False):
    env = dict(os.environ, LECTERN_HOST=host or "desk")
    env.pop("LECTERN_NOW", None)
    cmd = (ns(host) if host else []) + [lectern] + args + (["--library", library] if library else [])
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=check)


# The uploads: every fixture video and broken file, the copy-evidence lectures, distinct
# lectures made from one clip, and exact copies of some under other names.
uploads = os.path.join(work, "uploads")
os.makedirs(uploads)
sources = [("Fixtures/media", f) for f in sorted(os.listdir("Fixtures/media"))]
sources += [("Fixtures/broken", f) for f in sorted(os.listdir("Fixtures/broken"))]
sources += [("Fixtures/copies", f) for f in sorted(os.listdir("Fixtures/copies"))]
sources += [("Fixtures/uploads", f) for f in sorted(os.listdir("Fixtures/uploads")) if not f.endswith(".xlsx")]
if quick:
    sources = [s for s in sources if s[1] in (
        "original.mp4", "copy_reencoded.mp4", "length_3m00s.mp4", "no_audio.mp4", "empty.mp4", "truncated.mp4",
        "text_renamed.mp4", "lecture.mp4", "screen_filmed.mp4", "桃源县-李明-一月一课.mp4")]
# The near-duplicate pairs first: the first jobs go to different hosts as they start.
pairs = [("lecture.mp4", "screen_filmed.mp4"), ("original.mp4", "copy_reencoded.mp4")]
first = [name for pair in pairs for name in pair]
sources.sort(key=lambda s: (first.index(s[1]) if s[1] in first else len(first), s))
files = []
for folder, name in sources:
    shutil.copy(os.path.join(folder, name), os.path.join(uploads, name))
    files.append(os.path.join(uploads, name))
clip = open("Fixtures/media/length_3m00s.mp4", "rb").read()
for i in range(8 if quick else 30):
    path = os.path.join(uploads, f"春华镇-讲师{i}-第{i}讲.mp4")
    with open(path, "wb") as f:
        f.write(clip + f"lectern-{i}".encode())
    files.append(path)
for i in range(2 if quick else 4):  # the same content under another name
    path = os.path.join(uploads, f"重复上传{i}.mp4")
    shutil.copy(files[-1 - i], path)
    files.append(path)
with open(os.path.join(uploads, "说明.txt"), "w") as f:  # a document: said to be skipped
    f.write("上传说明")
probe = run(["probe", "--json"] + files)
readable = {json.loads(l)["file"] for l in probe.stdout.splitlines() if "error" not in json.loads(l)}
expected_shas = {sha(f) for f in files if f in readable}
print(f"uploads: {len(files)} files, {len(readable)} readable, {len(expected_shas)} distinct readable contents, "
      f"{len(files) - len(readable)} unreadable", flush=True)


def new_library(tag):
    db = f"demo_{tag}"
    psql(url, f"DROP DATABASE IF EXISTS {db}")
    psql(url, f"CREATE DATABASE {db}")
    library = os.path.join(work, f"library-{tag}")
    run(["init", "--catalog", f"{base_db}/{db}"], library=library, check=True)
    return library, f"{base_db}/{db}"


def enqueue(library):
    # Most from h1; the last third again from h2: the same files queued from two hosts.
    run(["ingest", "--enqueue-only"] + files, host="h1", library=library, check=True)
    run(["ingest", "--enqueue-only"] + files[-len(files) // 3:], host="h2", library=library, check=True)


def start_work(host, library, jobs=1):
    env = dict(os.environ, LECTERN_HOST=host)
    log = open(os.path.join(work, f"{os.path.basename(library)}-{host}.log"), "a")
    return subprocess.Popen(ns(host) + [lectern, "work", "--until-empty", "--jobs", str(jobs), "--lease", LEASE,
                                        "--json", "--library", library], env=env, stdout=log, stderr=log,
                            start_new_session=True)


def holding(db, host):
    return psql(db, f"SELECT COUNT(*) FROM ingestJob WHERE host = '{host}' AND state = 'running'") != "0"


def wait_for(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def check(tag, library, db):
    def bad(what):
        violations.append(f"{tag}: {what}")
        print(f"  VIOLATION: {what}", flush=True)

    states = dict(l.split("|") for l in psql(db, "SELECT state, COUNT(*) FROM ingestJob GROUP BY state").splitlines())
    if set(states) - {"done", "failed"}:
        bad(f"jobs left: {states}")
    shas = psql(db, "SELECT sha256 FROM version").splitlines()
    if len(shas) != len(set(shas)):
        bad("a sha256 catalogued twice")
    if set(shas) != expected_shas:
        bad(f"catalogued {len(set(shas))} contents, expected {len(expected_shas)}")
    events = psql(db, "SELECT versionId, COUNT(*) FROM auditEvent WHERE action = 'ingest' GROUP BY versionId")
    per_version = dict(l.split("|") for l in events.splitlines())
    if len(per_version) != len(shas) or any(n != "1" for n in per_version.values()):
        bad("not exactly one ingest event per version")
    if run(["audit", "verify"], library=library).returncode != 0:
        bad("audit verify failed")
    c = run(["check"], library=library)
    if c.returncode != 0:
        bad(f"check failed: {c.stdout[-300:]}{c.stderr[-300:]}")
    run(["sweep", "--grace", "0秒"], library=library)
    after = run(["check", "--json"], library=library)
    left = [json.loads(l) for l in after.stdout.splitlines() if '"kind"' in l]
    if left:
        bad(f"after sweep: {left[:3]}")
    tmp = os.listdir(os.path.join(library, "tmp"))
    if tmp:
        bad(f"scratch left in tmp/: {tmp}")
    for a, b in pairs:
        if not any(os.path.basename(f) == a for f in files):
            continue
        rows = psql(db, f"""SELECT j.host, j.lectureId FROM ingestJob j WHERE j.state = 'done'
                            AND j.outcome = 'ingested' AND j.path IN ('{uploads}/{a}', '{uploads}/{b}')""")
        got = [l.split("|") for l in rows.splitlines()]
        if len(got) != 2:
            bad(f"the pair {a}, {b}: {got}")
            continue
        (ha, la), (hb, lb) = got
        linked = psql(db, f"""SELECT COUNT(*) FROM nearDuplicate WHERE (lectureId = {la} AND otherLectureId = {lb})
                              OR (lectureId = {lb} AND otherLectureId = {la})""")
        if linked == "0":
            bad(f"near-duplicates {a} (#{la}, {ha}) and {b} (#{lb}, {hb}) not linked")
        if linked != "0" and ha != hb:
            apart.append((tag, a, b))
        print(f"  pair {a} on {ha}, {b} on {hb}: {'linked' if linked != '0' else 'NOT linked'}", flush=True)
    lost = sum(open(os.path.join(work, f)).read().count("租约已过期") for f in os.listdir(work)
               if f.startswith(os.path.basename(library)) and f.endswith(".log"))
    print(f"  jobs {states}; {len(shas)} versions; late commits refused: {lost}", flush=True)


def plain_ingest_killed(r, library, db):
    """h1 ingests everything with a plain `lectern ingest` (its uploads are jobs it holds) and is
    killed mid-batch; h2 queues the last third again; h2 and h3 take over, once h1's lease has
    run out, what it had not finished."""
    env = dict(os.environ, LECTERN_HOST="h1")
    log = open(os.path.join(work, f"{os.path.basename(library)}-h1.log"), "a")
    ingest = subprocess.Popen(ns("h1") + [lectern, "ingest", "--jobs", "1", "--lease", LEASE, "--json"] + files
                              + ["--library", library], env=env, stdout=log, stderr=log, start_new_session=True)
    wait_for(lambda: psql(db, "SELECT COUNT(*) FROM ingestJob WHERE state = 'done'") != "0", 120)
    time.sleep(rng.uniform(0.0, 1.0))
    os.kill(ingest.pid, signal.SIGKILL)  # the supervisor only: its workers follow
    ingest.wait()
    held = psql(db, "SELECT COUNT(*) FROM ingestJob WHERE host = 'h1' AND state = 'running'")
    done = psql(db, "SELECT COUNT(*) FROM ingestJob WHERE state <> 'running'")
    print(f"round {r + 1}: kill -9 of h1's plain ingest after {done} of its files; {held} left for the others",
          flush=True)
    if held == "0":
        violations.append(f"r{r + 1}: h1's ingest finished before it was killed: nothing was taken over")
    run(["ingest", "--enqueue-only"] + files[-len(files) // 3:], host="h2", library=library, check=True)
    return {h: start_work(h, library) for h in HOSTS[1:]}


faults = ["kill9", "linkdown", "pgcrash", "ingestkill"]
plan = faults if quick else [faults[i % len(faults)] for i in range(rounds)]
for r, fault in enumerate(plan):
    tag = f"r{r + 1}"
    library, db = new_library(tag)
    started = time.monotonic()
    if fault == "ingestkill":
        procs = plain_ingest_killed(r, library, db)
    else:
        enqueue(library)
        procs = {h: start_work(h, library) for h in HOSTS}
    victim = rng.choice(HOSTS)
    if fault == "kill9":
        wait_for(lambda: holding(db, victim), 60)
        delay = rng.uniform(0.0, 0.6)
        time.sleep(delay)
        os.kill(procs[victim].pid, signal.SIGKILL)  # the supervisor only: its workers follow
        procs[victim].wait()
        print(f"round {r + 1}: kill -9 of {victim}'s supervisor {delay:.2f} s after its claim", flush=True)
        time.sleep(LEASE_SECONDS / 2)
        procs[victim] = start_work(victim, library)
    elif fault == "linkdown":
        wait_for(lambda: holding(db, victim), 60)
        time.sleep(rng.uniform(0.0, 0.3))
        subprocess.run(ns(victim) + ["ip", "link", "set", f"lt-p{victim[1]}", "down"], check=True)
        down = LEASE_SECONDS + 4
        print(f"round {r + 1}: {victim}'s link down for {down} s (lease {LEASE_SECONDS} s)", flush=True)
        time.sleep(down)
        subprocess.run(ns(victim) + ["ip", "link", "set", f"lt-p{victim[1]}", "up"], check=True)
    elif fault == "pgcrash":
        wait_for(lambda: psql(db, "SELECT COUNT(*) FROM ingestJob WHERE state = 'done'") != "0", 60)
        time.sleep(rng.uniform(0.0, 1.0))
        subprocess.run(["Scripts/pg-server", "crash", os.path.join(work, "pg")], check=True)
        print(f"round {r + 1}: the server stopped (immediate) mid-batch, restarted after 3 s", flush=True)
        time.sleep(3)
        subprocess.run(["Scripts/pg-server", "start", os.path.join(work, "pg")], check=True, capture_output=True)
    for h, p in procs.items():
        try:
            p.wait(timeout=300)
        except subprocess.TimeoutExpired:
            p.kill()
            violations.append(f"{tag}: {h} did not finish")
    print(f"  round {r + 1} took {time.monotonic() - started:.1f} s", flush=True)
    check(tag, library, db)

# The same uploads in a one-host SQLite library: the same (sha256, title, status, findings).
lite = os.path.join(work, "library-sqlite")
run(["init"], library=lite, check=True)
run(["ingest", "--jobs", "2"] + files, library=lite)


def listing(library):
    out = {}
    for l in run(["list", "--json", "--limit", "1000"], library=library).stdout.splitlines():
        o = json.loads(l)
        detail = json.loads(run(["show", str(o["id"]), "--json"], library=library).stdout)
        v = detail["versions"][0]
        findings = json.loads(v["findings"]) if isinstance(v["findings"], str) else v["findings"]
        out[v["sha256"]] = (o["title"], o["status"], sorted(f["rule"] for f in findings))
    return out


a, b = listing(lite), listing(os.path.join(work, "library-r1"))
if a != b:
    diff = {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
    violations.append(f"SQLite and PostgreSQL libraries differ: {list(diff.items())[:3]}")
print(f"one-host SQLite library: {len(a)} lectures; the same (sha256, title, status, findings) as round 1's: "
      f"{'yes' if a == b else 'NO'}", flush=True)

if not quick:
    # Throughput: 1, 2 and 3 hosts on the same uploads; files per second, and per core-second used.
    def busy():
        with open("/proc/stat") as f:
            parts = [int(x) for x in f.readline().split()[1:]]
        return (sum(parts) - parts[3] - parts[4]) / os.sysconf("SC_CLK_TCK")
    for n in (1, 2, 3):
        library, db = new_library(f"t{n}")
        run(["ingest", "--enqueue-only"] + files, host="h1", library=library, check=True)
        t0, c0 = time.monotonic(), busy()
        procs = [start_work(h, library, jobs=1) for h in HOSTS[:n]]
        for p in procs:
            p.wait()
        wall, cpu = time.monotonic() - t0, busy() - c0
        done = int(psql(db, "SELECT COUNT(*) FROM ingestJob WHERE state IN ('done', 'failed')"))
        print(f"throughput, {n} host(s): {done} files in {wall:.1f} s = {done / wall:.2f} files/s; "
              f"{cpu:.1f} core-seconds = {done / cpu:.2f} files per core-second", flush=True)

if not apart:
    violations.append("no near-duplicate pair was worked on two different hosts: the link across hosts is untested")
print(f"near-duplicate pairs linked across hosts: {len(apart)}")
print(f"{len(plan)} rounds, {len(violations)} violations")
for v in violations:
    print("  " + v)
sys.exit(1 if violations else 0)
