"""Figures for the operator's screen (no assertions): how soon the screen is ready after `kiosk run` starts
with a 100,000-product catalog, and how long a scan at the counter takes to show in Chromium.

Prints `name value` pairs last: ready_ws_ms (start to the first state over the WebSocket),
ready_page_ms (start to the page rendered in Chromium), scan_to_screen_p50_ms, _p99_ms, _max_ms."""
import base64
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import headless_chromium, set_viewport  # noqa: E402
from kiosk_process import KioskProcess, kiosk_binary  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PRODUCTS = int(os.environ.get("KIOSK_BENCH_PRODUCTS", "100000"))
SCANS = int(os.environ.get("KIOSK_BENCH_SCANS", "300"))
LINES_PER_ORDER = 60  # under the sim board's 64


def ean13(body12):
    digits = [int(c) for c in body12]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return body12 + str((10 - total % 10) % 10)


def write_catalog(path, count):
    with open(path, "w", encoding="utf-8") as out:
        out.write("barcode,name,unit,price_fen,category,stock\n")
        for index in range(count):
            out.write("%s,测试商品%06d,个,%d,测试,100\n" % (ean13("69%010d" % index), index, 100 + index % 5000))


def first_state_over_websocket(port, timeout_s=60):
    """Opens /state with a bare RFC 6455 handshake and returns when the first frame arrives."""
    deadline = time.monotonic() + timeout_s
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as connection:
        key = base64.b64encode(os.urandom(16)).decode()
        connection.sendall(("GET /state HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(4096)
        if b" 101 " not in received.split(b"\r\n", 1)[0]:
            raise RuntimeError("no WebSocket upgrade: %r" % received[:200])
        rest = received.split(b"\r\n\r\n", 1)[1]
        while not rest and time.monotonic() < deadline:
            rest = connection.recv(4096)
        return bool(rest)


def main():
    work = tempfile.mkdtemp(prefix="kiosk-bench-screen-")
    catalog = os.path.join(work, "catalog.csv")
    data_dir = os.path.join(work, "data")
    write_catalog(catalog, PRODUCTS)
    subprocess.run([kiosk_binary(), "catalog", "import", "--data-dir", data_dir, catalog], check=True,
                   stdout=subprocess.DEVNULL)
    print("catalog: %d products imported into %s" % (PRODUCTS, data_dir))

    started = time.monotonic()
    kiosk = KioskProcess(data_dir=data_dir)
    first_state_over_websocket(int(kiosk.url.rsplit(":", 1)[1].strip("/")))
    ready_ws_ms = (time.monotonic() - started) * 1000
    kiosk.stop()

    driver = headless_chromium()
    try:
        set_viewport(driver, 800, 480)
        started = time.monotonic()
        kiosk = KioskProcess(data_dir=data_dir)
        driver.get(kiosk.url)
        WebDriverWait(driver, 60, poll_frequency=0.005).until(
            lambda d: d.execute_script("return document.body.dataset.rendered === 'yes'"))
        ready_page_ms = (time.monotonic() - started) * 1000

        driver.execute_script("""
            window.renders = [];
            new MutationObserver(() => window.renders.push(performance.timeOrigin + performance.now()))
              .observe(document.getElementById('total'), {childList: true, characterData: true, subtree: true});""")
        latencies = []
        for scan in range(SCANS):
            if scan and scan % LINES_PER_ORDER == 0:
                kiosk.type_at_counter("#CANCEL")
                WebDriverWait(driver, 10, poll_frequency=0.005).until(
                    lambda d: d.execute_script("return document.getElementById('phase').dataset.phase") == "cancelled")
            before = driver.execute_script("return window.renders.length")
            sent_ms = time.time() * 1000
            kiosk.type_at_counter(ean13("69%010d" % ((scan * 7919) % PRODUCTS)))
            WebDriverWait(driver, 10, poll_frequency=0.002).until(
                lambda d: d.execute_script("return window.renders.length") > before)
            latencies.append(driver.execute_script("return window.renders[arguments[0]]", before) - sent_ms)
        kiosk.stop()
    finally:
        driver.quit()

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print("products %d" % PRODUCTS)
    print("scans %d" % len(latencies))
    print("ready_ws_ms %.0f" % ready_ws_ms)
    print("ready_page_ms %.0f" % ready_page_ms)
    print("scan_to_screen_p50_ms %.1f" % statistics.median(latencies))
    print("scan_to_screen_p99_ms %.1f" % p99)
    print("scan_to_screen_max_ms %.1f" % latencies[-1])


if __name__ == "__main__":
    main()
