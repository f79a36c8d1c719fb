"""The operator's screen in a real headless Chromium, against `kiosk run` on the sim board: the page
loads, a scan at the counter shows its line, a cash payment typed on the touch pad shows the change and
the closed order, paper out shows the held receipt, the customer display shows the payment-code prompt
and then a payment QR (扫码付) that zbarimg reads from the screenshot; then each desk's page with one touch each (a parcel's
carrier picked, a produce lot bought, a bill looked up and collected, the drawer counted and the day
closed, the technician's figures); at 800x480 and 1024x600, with screenshots saved, and the kiosk stops
without logging an error.

Run by scripts/test-screen (one process, one browser)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import headless_chromium, set_viewport  # noqa: E402
from kiosk_process import REPOSITORY, KioskProcess, kiosk_binary  # noqa: E402

ARTEFACTS = os.environ.get("KIOSK_TEST_ARTEFACTS", os.path.join(REPOSITORY, ".build", "test-artefacts", "screen"))
# From boards/sim/catalog.csv: 雕牌洗衣粉1.5kg at ￥18.60 and 中盐加碘精制盐400g at ￥3.50.
SOAP = ("6916018159088", "雕牌洗衣粉1.5kg", "￥18.60")
SALT = ("6931318609132", "中盐加碘精制盐400g", "￥3.50")


class ScreenTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTEFACTS, exist_ok=True)
        cls.driver = headless_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def wait_for(self, condition, what, timeout_s=15):
        # The page redraws on every state the kiosk pushes, so an element found a moment ago may be gone.
        return WebDriverWait(self.driver, timeout_s, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda _: condition(), message=what)

    def fresh(self, read):
        """`read()` again when the page redrew the element under it."""
        for _ in range(20):
            try:
                return read()
            except StaleElementReferenceException:
                continue
        return read()

    def text(self, element_id):
        return self.fresh(lambda: self.driver.find_element(By.ID, element_id).text)

    def touch(self, selector):
        self.fresh(lambda: self.driver.find_element(By.CSS_SELECTOR, selector).click())

    def shot(self, size, name):
        path = os.path.join(ARTEFACTS, "%dx%d-%s.png" % (size[0], size[1], name))
        self.assertTrue(self.driver.save_screenshot(path), path)

    def check_layout(self, size):
        """Every button shown is at least 48 px each way and inside the screen; nothing scrolls sideways."""
        layout = self.driver.execute_script("""
            const boxes = [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null)
              .map(b => b.getBoundingClientRect());
            return {
              smallest: Math.min(...boxes.map(b => Math.min(b.width, b.height))),
              outside: boxes.filter(b => b.bottom > innerHeight + 0.5 || b.right > innerWidth + 0.5).length,
              wide: document.documentElement.scrollWidth > innerWidth,
              viewport: [innerWidth, innerHeight],
            };""")
        self.assertEqual(layout["viewport"], list(size))
        self.assertGreaterEqual(layout["smallest"], 48)
        self.assertEqual(layout["outside"], 0, "buttons off screen at %s" % (size,))
        self.assertFalse(layout["wide"])

    @staticmethod
    def enrolled_data_dir():
        """A data directory enrolled with a county hub nobody answers at: the journal waits to be uploaded."""
        data_dir = tempfile.mkdtemp(prefix="kiosk-screen-")
        key_file = os.path.join(data_dir, "hub-key")
        with open(key_file, "w") as key:
            key.write("ab" * 32 + "\n")
        subprocess.run([kiosk_binary(), "enrol", "--data-dir", data_dir, "--hub", "http://127.0.0.1:9",
                        "--station", "SIM-0001", "--key-file", key_file], check=True, capture_output=True)
        os.remove(key_file)
        return data_dir

    def run_counter(self, size):
        kiosk = KioskProcess(data_dir=self.enrolled_data_dir())
        try:
            set_viewport(self.driver, *size)
            self.driver.get(kiosk.url)
            self.wait_for(lambda: self.driver.find_element(By.TAG_NAME, "body").get_attribute("data-rendered") == "yes",
                          "the page never showed the station's state")
            self.assertEqual(self.text("station"), "SIM-0001")
            self.check_layout(size)
            self.shot(size, "1-loaded")

            kiosk.type_at_counter(SOAP[0])
            self.wait_for(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, "#lines li")) == 1, "no line for the scan")
            line = self.fresh(lambda: self.driver.find_element(By.CSS_SELECTOR, "#lines li").text)
            self.assertIn(SOAP[1], line)
            self.assertIn(SOAP[2], line)
            self.assertEqual(self.text("total"), SOAP[2])
            self.shot(size, "2-scanned")

            for key in ("2", "0"):
                self.touch('button[data-key="%s"]' % key)
            self.wait_for(lambda: self.text("entry") == "20", "the pad's digits never reached the keypad entry")
            self.touch("#cash")
            self.wait_for(lambda: self.text("change") == "￥1.40", "no change shown for ￥20.00 on ￥18.60")
            self.wait_for(lambda: self.driver.find_element(By.ID, "phase").get_attribute("data-phase") == "closed",
                          "the paid order never closed")
            self.shot(size, "3-paid-cash")

            kiosk.type_at_counter("paper out")
            kiosk.type_at_counter(SALT[0])
            self.wait_for(lambda: SALT[1] in self.text("lines"), "no line for the second scan")
            self.assertNotIn(SOAP[1], self.text("lines"))
            self.touch("#cash")
            self.wait_for(lambda: self.driver.find_element(By.ID, "held").is_displayed(), "no held-receipt message")
            self.assertEqual(self.attribute("#held", "data-reason"), "paper-out")
            self.assertIn("缺纸", self.text("held"))
            self.assertIn("bad", self.attribute('.device[data-role="printer"]', "class"))
            self.check_layout(size)
            self.shot(size, "4-paper-out")

            kiosk.type_at_counter("paper in")
            self.wait_for(lambda: not self.driver.find_element(By.ID, "held").is_displayed(),
                          "the held-receipt message stayed after paper was loaded")

            self.driver.get(kiosk.url + "customer")
            self.wait_for(lambda: self.driver.find_element(By.TAG_NAME, "body").get_attribute("data-rendered") == "yes",
                          "the customer display never showed the state")
            self.assertEqual(self.text("customer-total"), SALT[2])
            kiosk.type_at_counter(SOAP[0])
            kiosk.type_at_counter("#PAY-CODE")
            self.wait_for(lambda: self.attribute("#customer-note", "class") == "prompt", "no payment-code prompt")
            self.assertEqual(self.text("customer-total"), SOAP[2])
            self.assertIn("付款码", self.text("customer-note"))
            self.shot(size, "5-customer")
            kiosk.type_at_counter("#CANCEL")

            kiosk.type_at_counter(SOAP[0])
            kiosk.type_at_counter("#QR-WECHAT")
            self.wait_for(lambda: self.driver.find_element(By.ID, "customer-qr").is_displayed(), "no payment QR shown")
            self.assertEqual(self.text("customer-qr-prompt"), "请用微信扫码支付")
            self.assertEqual(self.text("customer-qr-amount"), SOAP[2])
            self.shot(size, "6-customer-qr")
            self.assertTrue(self.scanned_qr(size, "6-customer-qr").startswith("https://qr.sim.kiosk/wechat/"))
            # Closes the QR at the simulated provider (unless the simulated customer paid it), then the order.
            kiosk.type_at_counter("#CANCEL")
            self.wait_for(lambda: not self.driver.find_element(By.ID, "customer-qr").is_displayed(),
                          "the QR stayed after it was closed")
            kiosk.type_at_counter("#CANCEL")

            self.driver.get(kiosk.url)
            self.wait_for(lambda: self.attribute("body", "data-rendered") == "yes", "the page did not come back")
            self.run_desks(kiosk, size)
        finally:
            kiosk.stop()
        log = "".join(kiosk.output)
        self.assertNotIn("CancellationError", log)
        self.assertNotIn("Waiting on child channel", log)

    @staticmethod
    def scanned_qr(size, name):
        """What zbarimg (Debian's zbar-tools, as a customer's phone would) reads in a saved screenshot."""
        path = os.path.join(ARTEFACTS, "%dx%d-%s.png" % (size[0], size[1], name))
        zbarimg = shutil.which("zbarimg") or "/usr/bin/zbarimg"
        return subprocess.run([zbarimg, "--raw", "-q", path], capture_output=True, text=True).stdout.strip()

    def attribute(self, selector, name):
        return self.fresh(lambda: self.driver.find_element(By.CSS_SELECTOR, selector).get_attribute(name))

    def message_code(self):
        return self.attribute("#message", "data-code")

    def open_page(self, size, view):
        self.touch('#tabs button[data-view="%s"]' % view)
        self.wait_for(lambda: self.attribute("body", "data-view") == view, "the %s page never opened" % view)

    def pad(self, view, digits):
        for digit in digits:
            self.touch('#view-%s [data-digit="%s"]' % (view, digit))

    def run_desks(self, kiosk, size):
        # Parcels: a waybill the desk does not know waits for its carrier, picked by touch.
        self.open_page(size, "parcels")
        self.wait_for(lambda: self.attribute("#parcel-modes", "data-mode") == "arrival", "the desk did not take the scanner")
        kiosk.type_at_counter("7700112233445")  # STO: 13 digits from 77
        self.wait_for(lambda: self.message_code() == "PARCEL_ARRIVED", "the STO parcel was not put on the shelf")
        kiosk.type_at_counter("5550001112223")  # no carrier numbers its waybills so
        self.wait_for(lambda: self.driver.find_element(By.ID, "parcel-carrier").is_displayed(), "no carrier to pick")
        self.check_layout(size)
        self.shot(size, "6-parcels-carrier")
        self.touch("#carriers button:first-child")
        self.wait_for(lambda: self.message_code() == "PARCEL_ARRIVED" and self.text("parcels-on-shelf") == "2",
                      "the parcel with the picked carrier was not put on the shelf")

        # Produce: the farmer and the scale at the counter console, the grade and the payout by touch.
        kiosk.type_at_counter("farmer 王秀英 13812345678 石门村")
        kiosk.type_at_counter("scale 2000")
        self.open_page(size, "produce")
        self.wait_for(lambda: self.text("produce-weight") == "2.000kg", "the scale's weight is not shown")
        self.touch('#grades button[data-grade="苹果/一级"]')
        self.wait_for(lambda: self.text("produce-amount") == "￥9.00", "no amount for 2 kg at ￥4.50/kg")
        self.check_layout(size)
        self.shot(size, "7-produce")
        self.touch('[data-do="produce-cash"]')
        self.wait_for(lambda: self.message_code() == "PRODUCE_BOUGHT" and self.text("produce-today") == "1",
                      "the lot was not bought")
        # The pad for a farmer's Alipay login fits the screen; the sim board's payee needs none and says so.
        self.touch('[data-do="produce-login-open"]')
        self.check_layout(size)
        self.pad("produce", "13812345678")
        self.shot(size, "7b-produce-login")
        self.assertEqual(self.text("produce-entry"), "13812345678")
        self.touch('[data-do="produce-login-ok"]')
        self.wait_for(lambda: self.message_code() == "PRODUCE_LOGIN_REFUSED", "the login was not answered")
        self.assertFalse(self.driver.find_element(By.ID, "produce-login").is_displayed())

        # Bills: look the account up, then the bill goes on the counter and is paid in cash.
        self.open_page(size, "bills")
        self.touch('#billers button[data-biller="sgcc"]')
        self.pad("bills", "3301234567")
        self.touch('[data-do="bill-lookup"]')
        self.wait_for(lambda: "￥" in self.text("bill-lookup"), "the biller's answer is not shown")
        self.check_layout(size)
        self.shot(size, "8-bills")
        self.touch('[data-do="bill-open"]')
        self.wait_for(lambda: self.attribute("body", "data-view") == "counter" and len(self.driver.find_elements(
            By.CSS_SELECTOR, "#lines li")) == 1, "the bill did not go on the counter")
        self.touch("#cash")
        self.wait_for(lambda: self.attribute("#phase", "data-phase") == "closed", "the bill's order was not paid")

        # Day close: 2 × 10 yuan counted blind, recorded, then the Z.
        self.open_page(size, "day")
        self.pad("day", "2")
        self.touch('#denominations button[data-fen="1000"]')
        self.assertEqual(self.text("day-total"), "￥20.00")
        self.check_layout(size)
        self.shot(size, "9-day-count")
        self.touch('[data-do="day-count"]')
        self.wait_for(lambda: self.message_code() == "DAY_COUNTED" and self.text("day-counted") == "￥20.00",
                      "the count was not recorded")
        self.touch('[data-do="day-close"]')
        self.wait_for(lambda: self.message_code() == "DAY_CLOSED", "the day was not closed")

        # The technician's page: the figures, and the printer tried again.
        self.open_page(size, "technician")
        self.wait_for(lambda: self.driver.find_elements(By.CSS_SELECTOR, '#figures tr[data-key="journal"]'),
                      "no technician figures")
        self.touch('[data-do="retry-printer"]')
        figures = self.fresh(lambda: {row.get_attribute("data-key"): row.find_element(By.TAG_NAME, "td").text
                                      for row in self.driver.find_elements(By.CSS_SELECTOR, "#figures tr")})
        self.assertGreater(int(figures["journal"]), 5)
        self.assertEqual(figures["held-receipts"], "0")
        self.assertRegex(figures["schema"], r"^\d+ · v\d+_")
        # The hub cannot be reached: the header and the figures say how much waits.
        self.assertRegex(figures["uplink"], r"^待上传 \d+ 条")
        self.wait_for(lambda: int(self.attribute("#uplink", "data-backlog") or 0) > 5 and
                      self.text("uplink").startswith("待上传"), "the header does not show the upload waiting")
        self.check_layout(size)
        self.shot(size, "10-technician")

    def test_counter_at_800x480(self):
        self.run_counter((800, 480))

    def test_counter_at_1024x600(self):
        self.run_counter((1024, 600))


if __name__ == "__main__":
    unittest.main(verbosity=2)
