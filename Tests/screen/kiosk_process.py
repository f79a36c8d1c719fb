"""A `kiosk run` on the sim board for the screen's tests and benchmarks: its counter is the process's
standard input (a barcode or a scenario step per line), and it prints the screen's address at start."""
import os
import re
import subprocess
import tempfile
import threading
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREEN_LINE = re.compile(r"screen: http://127\.0\.0\.1:(\d+)/")


def kiosk_binary():
    for candidate in (os.environ.get("KIOSK_BINARY"), ".build/debug/kiosk", ".build/release/kiosk"):
        if candidate and os.access(os.path.join(REPOSITORY, candidate), os.X_OK):
            return os.path.join(REPOSITORY, candidate)
    raise RuntimeError("no kiosk binary: run `swift build` first")


class KioskProcess:
    """Starts `kiosk run` and waits until it prints the screen's port."""

    def __init__(self, data_dir=None, boards_dir=None, timeout_s=120):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="kiosk-screen-")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [kiosk_binary(), "run", "--board", "sim", "--data-dir", self.data_dir, "--screen-port", "0",
             "--boards-dir", boards_dir or os.path.join(REPOSITORY, "boards")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.output = []
        self._port = None
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        if not self._ready.wait(timeout_s) or self._port is None:
            self.stop()
            raise RuntimeError("kiosk run printed no screen address:\n" + "".join(self.output[-30:]))
        self.url = "http://127.0.0.1:%d/" % self._port

    def _read_output(self):
        for line in self.process.stdout:
            self.output.append(line)
            match = SCREEN_LINE.search(line)
            if match and self._port is None:
                self._port = int(match.group(1))
                self._ready.set()
        self._ready.set()

    def type_at_counter(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(10)
        self.process.stdin.close()
        if not self._reader.is_alive():
            self.process.stdout.close()
