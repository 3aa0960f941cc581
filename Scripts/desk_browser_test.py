"""The web desk as a reviewer uses it, in a real Chromium (Debian's chromium + chromium-driver,
driven by selenium): log in, open the queue, open a lecture, play the video and seek, slip on
the rubric and retry, approve; then check with the command line that the catalog's status and audit log
changed; then the county's administrator ticks the month's education films and saves the list,
and the monthly summary shows the branches' 一课一片一实践. Run by Scripts/browser-test; `--screenshots DIR` keeps the queue and lecture pages."""
import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LECTERN = os.environ.get("LECTERN_BIN", os.path.join(ROOT, ".build/debug/lectern"))
PASSWORD = "审核员的密码2026"


def lectern(*args, stdin=None, check=True):
    r = subprocess.run([LECTERN, *args], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if check and r.returncode != 0:
        sys.exit(f"browser-test: lectern {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, server, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"browser-test: lectern serve exited ({server.returncode}): {server.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("browser-test: lectern serve did not start listening")


def text_of(driver, css):
    """The element's text, or "" while the page is being replaced (no element, or a stale one)."""
    try:
        return driver.find_element(By.CSS_SELECTOR, css).text
    except Exception:
        return ""


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"  ok  {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshots", help="folder for desk-queue.png and desk-lecture.png")
    parser.add_argument("--library", help="only take the screenshots, of this library (e.g. demo-county/library)")
    parser.add_argument("--user", help="with --library: an admin of it, whose password this sets")
    parser.add_argument("--lecture", help="with --library: the lecture to show")
    args = parser.parse_args()
    if args.library:
        return screenshots_only(args)

    work = tempfile.mkdtemp(prefix="lectern-browser-")
    lib = os.path.join(work, "library")
    common = ["--library", lib]
    lectern("init", *common)
    lectern("org", "import", "Fixtures/organisations.csv", *common)
    lectern("ingest", "Fixtures/uploads", "--manifest", "Fixtures/uploads/清单.xlsx", *common, check=False)
    lectures = [json.loads(line) for line in lectern("list", "--json", *common).stdout.splitlines()]
    pending = [l for l in lectures if l["status"] == "pending"]
    if not pending:
        sys.exit("browser-test: the sample uploads gave no pending lecture")
    target = pending[0]
    lectern("user", "add", "张主任", "--role", "admin", *common)
    lectern("user", "add", "李审核", "--role", "reviewer", "--org", "桃源县", "--as", "张主任", *common)
    lectern("user", "passwd", "李审核", "--as", "张主任", *common, stdin=PASSWORD + "\n")
    lectern("user", "passwd", "张主任", "--as", "张主任", *common, stdin=PASSWORD + "\n")
    # An education film, catalogued from its folder and approved: the month's list offers it.
    films = os.path.join(work, "上传", "教育片")
    os.makedirs(films)
    subprocess.run(["cp", os.path.join(ROOT, "Fixtures/media/length_20m00s.mp4"), os.path.join(films, "解码中部崛起.mp4")], check=True)
    lectern("ingest", films, "--as", "张主任", *common)
    film = next(l for l in (json.loads(line) for line in lectern("list", "--json", *common).stdout.splitlines())
                if l.get("kind") == "film")
    lectern("review", "approve", str(film["id"]), "--as", "张主任", *common)
    # The lecture's script copies two paragraphs of a speech the centre then loads as a reference.
    lectern("attach", str(target["id"]), "Fixtures/scripts/家风建设讲稿-摘抄.txt", "--as", "张主任", *common)
    lectern("reference", "add", "Fixtures/scripts/参考资料-基层党建讲话.txt", "--title", "关于加强基层党组织建设的几点意见",
            "--as", "张主任", *common)

    try:
        with desk(common) as (base, driver):
            wait = WebDriverWait(driver, 30)

            print("browser-test: a reviewer's morning in Chromium")
            driver.get(base + "/queue")
            check("/login" in driver.current_url, "without a session the queue leads to the login page")
            driver.find_element(By.NAME, "name").send_keys("李审核")
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
            wait.until(EC.url_contains("/queue"))
            card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"a.title[href='/lectures/{target['id']}']")))
            check(target["title"] in card.text, f"the queue shows #{target['id']} {target['title']}")
            poster_ok = driver.execute_script(
                "const i = document.querySelector('.card img'); return i && i.complete && i.naturalWidth > 0;")
            check(poster_ok, "its poster thumbnail loaded")
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(args.screenshots, "desk-queue.png"))

            card.click()
            wait.until(EC.presence_of_element_located((By.ID, "player")))
            metadata = driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const v = document.getElementById('player');
                if (v.readyState >= 1) { done(v.duration); return; }
                v.addEventListener('loadedmetadata', () => done(v.duration));
                v.addEventListener('error', () => done(-1));
                setTimeout(() => done(-2), 20000);
            """)
            check(metadata and metadata > 100, f"the player read the video's length ({metadata:.1f} s)")
            played = driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const v = document.getElementById('player');
                v.muted = true;
                v.play().then(() => setTimeout(() => done(v.currentTime), 1500)).catch(e => done('play failed: ' + e));
            """)
            check(isinstance(played, (int, float)) and played > 0, f"it plays (currentTime {played})")
            seeked = driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const v = document.getElementById('player');
                v.addEventListener('seeked', () => setTimeout(() => done([v.currentTime, v.readyState]), 500), {once: true});
                v.currentTime = 120;
                setTimeout(() => done([v.currentTime, v.readyState, 'timeout']), 20000);
            """)
            check(len(seeked) == 2 and seeked[0] >= 119.5 and seeked[1] >= 2,
                  f"seeking to 2:00 works (currentTime {seeked[0]:.2f}, readyState {seeked[1]})")
            driver.execute_script("document.getElementById('player').pause();")
            if args.screenshots:
                driver.save_screenshot(os.path.join(args.screenshots, "desk-lecture.png"))

            # The copied passage, side by side: this lecture's words in the left cell, the reference's in the right.
            match = driver.find_element(By.CSS_SELECTOR, ".script-match")
            check("参考资料《关于加强基层党组织建设的几点意见》" in match.text, f"the finding is shown: {match.text[:60]}")
            cells = match.find_elements(By.CSS_SELECTOR, ".passages tbody tr:first-child td")
            check(len(cells) == 2, f"a passage row has two cells ({len(cells)})")
            left, right = cells[0].rect, cells[1].rect
            check(left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2,
                  f"the two sides stand side by side ({left['x']:.0f}+{left['width']:.0f} | {right['x']:.0f})")
            check("要选好配强带头人" in cells[0].text and "要选好配强带头人" in cells[1].text, "both cells hold the passage")
            if args.screenshots:
                driver.execute_script("arguments[0].scrollIntoView();", match)
                match.screenshot(os.path.join(args.screenshots, "desk-script-match.png"))

            # A slip first: three of the four scores. The desk says what is missing beside the
            # rubric, in the form's words, and keeps what was typed; the reviewer adds the fourth.
            for name, score in [("content", "9"), ("form", "8"), ("language", "9")]:
                driver.find_element(By.CSS_SELECTOR, f"#approve-form input[name={name}]").send_keys(score)
            driver.find_element(By.CSS_SELECTOR, "#approve-form input[name=note]").send_keys("联系实际，讲得好")
            driver.find_element(By.ID, "approve").click()
            error = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#approve-form .field-error")))
            check("评分请四项都填（还缺效果）" in error.text, f"the rubric says what is missing: {error.text}")
            kept = [driver.find_element(By.CSS_SELECTOR, f"#approve-form input[name={n}]").get_attribute("value")
                    for n in ["content", "form", "language", "note"]]
            check(kept == ["9", "8", "9", "联系实际，讲得好"], f"what was typed is still there: {kept}")
            check(json.loads(lectern("show", str(target["id"]), "--json", *common).stdout)["lecture"]["status"]
                  == "pending", "nothing was decided")
            driver.find_element(By.CSS_SELECTOR, "#approve-form input[name=effect]").send_keys("8")
            driver.find_element(By.ID, "approve").click()
            wait.until(EC.url_contains("done=approve"))
            check("/decide" not in driver.current_url, "after the decision the browser was sent on (no form to resubmit)")
            done = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.done")))
            check("已通过" in done.text, f"the page shows the result at once: {done.text}")
            status = driver.find_element(By.ID, "status").text
            check(status == "已通过", "the status badge reads 已通过")

            shown = json.loads(lectern("show", str(target["id"]), "--json", *common).stdout)
            check(shown["lecture"]["status"] == "approved", "the catalog has the lecture approved")
            last = shown["history"][-1]
            check(last["action"] == "approve" and last["actor"] == "李审核",
                  f"the audit log's last event: {last['action']} by {last['actor']}")
            check("评分 内容9 形式8 语言9 效果8" in last["note"], f"with the rubric: {last['note']}")
            check(lectern("audit", "verify", "--as", "张主任", *common).returncode == 0, "the audit chain verifies")

            print("browser-test: the month's films, planned in Chromium")
            driver.find_element(By.CSS_SELECTOR, "form.who button").click()
            wait.until(EC.url_contains("/login"))
            log_in(driver, base, "张主任", PASSWORD)
            driver.get(base + "/films?month=2026-12")
            box = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"input[name='film[]'][value='{film['id']}']")))
            check(not box.is_selected(), "the approved film is offered, not yet on the list")
            box.click()
            driver.find_element(By.CSS_SELECTOR, "form[method=post][action='/films'] button[type=submit]").click()
            saved = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")))
            check("已保存：本月清单 1 部" in saved.text, f"the desk says it was saved: {saved.text}")
            planned = [json.loads(line)["id"] for line in lectern("films", "list", "2026-12", "--json", *common).stdout.splitlines()]
            check(planned == [film["id"]], f"the catalog has December's list: {planned}")
            driver.find_element(By.LINK_TEXT, "观看预告（可打印，或复制到微信）").click()
            wait.until(EC.title_contains("观看预告"))
            check("《解码中部崛起》" in driver.page_source, "the notice names the film")
            driver.get(base + "/reports/monthly")
            check("一月一课一片一实践完成情况" in driver.page_source, "the monthly summary opens with the month's duty")

            print("browser-test: the panel scores and a branch orders, in Chromium")
            driver.get(base + f"/lectures/{target['id']}")
            driver.find_element(By.XPATH, "//section[@id='panel']//summary[text()='评分']").click()
            for name, score in [("content", "10"), ("form", "9"), ("language", "9"), ("effect", "8")]:
                driver.find_element(By.CSS_SELECTOR, f"#score-form input[name={name}]").send_keys(score)
            driver.find_element(By.CSS_SELECTOR, "#score-form input[name=comment]").send_keys("贴近群众")
            driver.find_element(By.ID, "score").click()
            # The page before the score already says 「1 人评」: wait for the one after it.
            summary = wait.until(lambda d: (lambda t: t if "2 人评" in t else False)(text_of(d, "p.score-summary")))
            check("8.8 分（2 人评，8.5–9.0）" in summary, f"the panel's mean and spread: {summary}")
            check(not driver.find_elements(By.ID, "score-form"), "a reviewer who scored is not offered the form again")
            driver.find_element(By.XPATH, "//section[@id='panel']//summary[text()='点单']").click()
            driver.find_element(By.ID, "order").click()
            ordered = []
            for _ in range(100):  # the POST and its redirect, at the browser's pace
                ordered = [json.loads(line) for line in lectern("order", "list", "--json", *common).stdout.splitlines()]
                if ordered:
                    break
                time.sleep(0.1)
            check(len(ordered) == 1 and ordered[0]["lectureId"] == target["id"], f"the catalog has the order: {ordered}")
            print("browser-test: passed")
    finally:
        subprocess.run(["rm", "-rf", work])


@contextlib.contextmanager
def desk(common):
    """`lectern serve` on a free port and a headless Chromium; both stopped afterwards."""
    port = free_port()
    server = subprocess.Popen([LECTERN, "serve", "--port", str(port), *common], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = None
    try:
        wait_for_port(port, server)
        driver = browser()
        yield f"http://127.0.0.1:{port}", driver
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                 "--autoplay-policy=no-user-gesture-required", "--lang=zh-CN"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def log_in(driver, base, user, password):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "name").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
    WebDriverWait(driver, 30).until(EC.url_contains("/queue"))


def screenshots_only(args):
    """The README's pictures, of a library with real content (Scripts/demo-county's)."""
    common = ["--library", args.library]
    lectern("user", "passwd", args.user, "--as", args.user, *common, stdin=PASSWORD + "\n")
    with desk(common) as (base, driver):
        log_in(driver, base, args.user, PASSWORD)
        os.makedirs(args.screenshots, exist_ok=True)
        driver.save_screenshot(os.path.join(args.screenshots, "desk-queue.png"))
        driver.get(f"{base}/lectures/{args.lecture}")
        time.sleep(1)
        driver.save_screenshot(os.path.join(args.screenshots, "desk-lecture.png"))
        driver.execute_script("window.scrollTo(0, document.querySelector('.near-list, .actions').offsetTop - 60);")
        time.sleep(0.5)
        driver.save_screenshot(os.path.join(args.screenshots, "desk-evidence.png"))
        print(f"screenshots in {args.screenshots}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        sys.exit(f"browser-test: FAILED: {failure}")
