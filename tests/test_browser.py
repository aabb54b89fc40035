"""SysLab in a real browser: the classic Notebook that scripts/start.sh serves (scripts/notebook.sh:
Notebook 6.4 on Debian 12, nbclassic on Debian 13) serving a copy of notebooks/ on a loopback port,
driven by headless Chromium through Selenium.

The test runs every cell of the fork notebook (the tour until that exists) the way a student does,
then checks in the page what the student would see: every cell ran, no error output, a chart image
that decoded to a real size, an HTML table, and for the fork notebook the side-by-side table of a
%%fork cell. A screenshot goes to tests/artifacts/ whatever the outcome.

Needs the Debian packages chromium, chromium-driver and python3-selenium; skipped without them."""
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
NOTEBOOK_SERVER = ROOT / "scripts" / "notebook.sh"
# Bounds on waiting; a cell of the course notebooks takes seconds, the whole run well under these.
START_TIMEOUT, RUN_TIMEOUT = 60, 240

webdriver = pytest.importorskip("selenium.webdriver", reason="python3-selenium is not installed")
from selenium.webdriver.chrome.service import Service  # noqa: E402

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)


def target_notebook():
    fork = ROOT / "notebooks" / "01-fork.ipynb"
    return fork if fork.exists() else ROOT / "notebooks" / "00-tour.ipynb"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Jupyter Notebook on a free loopback port with a token, serving a copy of notebooks/ (the
    browser's autosave must not write into the repository). Yields its base URL and token."""
    root = tmp_path_factory.mktemp("served") / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), uuid.uuid4().hex
    log = open(tmp_path_factory.mktemp("log") / "notebook.log", "w+")
    proc = subprocess.Popen(
        ["bash", NOTEBOOK_SERVER, "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
         f"--notebook-dir={root}", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        # Jupyter's own config and runtime files go to the temporary folder: a user's config
        # (a password, another default kernel) must not change the test.
        env={**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_CONFIG_DIR": str(root.parent / "config"),
             "JUPYTER_RUNTIME_DIR": str(root.parent / "runtime")},
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"Jupyter Notebook did not start:\n{log.read()}")
            time.sleep(0.2)
    yield base, token
    proc.terminate()  # the server shuts its kernels down on SIGTERM
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


def wait_for(driver, script, timeout, what):
    """Polls a JavaScript expression until it is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script};")
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


# The page's state after a run, read in one script: per code cell its prompt, its source's first
# line and what its outputs hold.
CELLS = """
return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => {
  const out = c.output_area.element[0];
  return {
    prompt: c.input_prompt_number === undefined ? null : c.input_prompt_number,
    first_line: c.get_text().split('\\n')[0],
    empty: c.get_text().trim() === '',
    errors: Array.from(out.querySelectorAll('.output_error')).map(e => e.innerText.slice(0, 500)),
    tables: Array.from(out.querySelectorAll('.output_html table')).map(t => ({
      fork: t.classList.contains('syslab-fork'),
      rows: t.querySelectorAll('tr').length,
      columns: Math.max(0, ...Array.from(t.querySelectorAll('tr')).map(r => r.children.length)),
      text: t.innerText.slice(0, 2000)})),
    images: Array.from(out.querySelectorAll('.output_png img, .output_jpeg img, .output_svg svg'))
      .map(i => i.tagName === 'IMG' ? [i.complete ? i.naturalWidth : 0, i.complete ? i.naturalHeight : 0]
                                       : [i.getBoundingClientRect().width, i.getBoundingClientRect().height]),
  };
});
"""


def run_all_cells(driver, base, token, name):
    driver.get(f"{base}/notebooks/{name}?token={token}")
    wait_for(driver, "window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel "
                     "&& Jupyter.notebook.kernel.is_connected() && !Jupyter.notebook.kernel_busy",
             START_TIMEOUT, "the notebook page and its kernel")
    kernel = driver.execute_script("return Jupyter.notebook.kernel.name;")
    assert kernel == "syslab", f"the notebook opened with kernel {kernel!r}"
    # Start from a clean page: the committed notebook may carry outputs from an earlier run.
    driver.execute_script("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells();")
    # Done when no cell is queued or running and the kernel stays idle (outputs that trail the
    # last reply have then arrived).
    idle = ("document.querySelectorAll('.cell.running').length === 0 "
            "&& !Jupyter.notebook.kernel_busy")
    wait_for(driver, idle, RUN_TIMEOUT, "all cells to run")
    time.sleep(1)
    wait_for(driver, idle, RUN_TIMEOUT, "the kernel to stay idle")
    wait_for(driver, "Array.from(document.querySelectorAll('.output_area img')).every(i => i.complete)",
             30, "images to decode")
    return driver.execute_script(CELLS)


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    # Scroll the widest fork table (tty, pipe and file side by side), else the first chart, into
    # view: the screenshot then shows a rendered output, not just the top of the page.
    driver.execute_script("""
        const forks = Array.from(document.querySelectorAll('.output_area table.syslab-fork'))
            .sort((a, b) => b.rows[0].cells.length - a.rows[0].cells.length);
        const e = forks[0] || document.querySelector('.output_area img');
        if (e) e.scrollIntoView({block: 'center'});""")
    path = ARTIFACTS / f"browser-{Path(name).stem}.png"
    driver.save_screenshot(str(path))
    return path


def test_notebook_runs_and_renders_in_chromium(server, browser):
    base, token = server
    name = target_notebook().name
    try:
        cells = run_all_cells(browser, base, token, name)
    finally:
        shot = screenshot(browser, name)
    assert shot.stat().st_size > 0

    errors = [(c["first_line"], e) for c in cells for e in c["errors"]]
    assert not errors, f"error outputs in the page: {errors}"
    not_run = [c["first_line"] for c in cells if not c["empty"] and not isinstance(c["prompt"], int)]
    assert not not_run, f"cells without an execution count: {not_run}"

    images = [size for c in cells for size in c["images"]]
    assert any(w > 0 and h > 0 for w, h in images), f"no chart image with a size; images: {images}"
    tables = [t for c in cells for t in c["tables"]]
    assert any(t["rows"] >= 2 and t["columns"] >= 2 for t in tables), f"no HTML table; tables: {tables}"

    if name == "01-fork.ipynb":
        # %%fork --stdout=all shows the run on a terminal, a pipe and a file as columns of one table
        fork_tables = [t for c in cells if c["first_line"].startswith("%%fork") for t in c["tables"]]
        assert any(t["fork"] and t["columns"] >= 2 for t in fork_tables), \
            f"no side-by-side table under a %%fork cell; %%fork tables: {fork_tables}"
