"""The peer of `scripts/bench receipt`: python-escpos (PyPI) encoding the benchmark's receipt.

Encodes the same receipt as Sources/KioskBench/ReceiptBenchmark.swift — a header, three Chinese item
lines, an EAN-13, a QR code, a cut — into bytes in memory with python-escpos's Dummy printer, RECEIPTS
times in a timed loop, and prints one line: `receipts N seconds S bytes B hex H`, B and H being one
receipt's byte count and bytes. python-escpos has no `FS &` Chinese mode: its text encoder writes the
Chinese in a GB2312-compatible code page, which printers sold in China read in their default mode.

    escpos_receipt.py RECEIPTS
"""

import contextlib
import os
import sys
import time
import unicodedata

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

COLUMNS = 32
HEADER = "幸福村电商服务站"
SUBHEADER = "单号 0001 2026-11-23 08:30"
ITEMS = [("核桃 2kg", "￥36.00"), ("五常大米 5kg", "￥45.00"), ("土鸡蛋 30枚", "￥27.00")]
EAN13 = "6931318609132"
QR_PAYLOAD = "https://zhan.example.cn/r/0001"


def columns(text):
    """Printer columns: a wide (Chinese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def two_columns(left, right):
    gap = max(COLUMNS - columns(left) - columns(right), 1)
    return left + " " * gap + right


def encode(printer):
    printer.clear()
    printer.hw("INIT")
    printer.set(align="center", bold=True, double_width=True, double_height=True)
    printer.textln(HEADER)
    printer.set(normal_textsize=True, bold=False)
    printer.textln(SUBHEADER)
    printer.set(align="left")
    for name, price in ITEMS:
        printer.textln(two_columns(name, price))
    printer.barcode(EAN13, "EAN13", height=80, width=2, pos="BELOW", align_ct=True)
    printer.set(align="center")
    printer.qr(QR_PAYLOAD, ec=QR_ECLEVEL_M, size=6, native=True)
    printer.set(align="left")
    printer.cut(mode="PART")
    return printer.output


def main():
    receipts = int(sys.argv[1])
    printer = Dummy()
    total_bytes = 0
    # barcode() announces "Using hardware barcode renderer" on stdout each time: keep it off the pipe.
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        start = time.perf_counter()
        for _ in range(receipts):
            total_bytes += len(encode(printer))
        seconds = time.perf_counter() - start
        one = encode(printer)
    assert total_bytes == receipts * len(one)
    print(f"receipts {receipts} seconds {seconds:.6f} bytes {len(one)} hex {one.hex()}")


if __name__ == "__main__":
    main()
