"""The operator's screen in a real headless Chromium, against `kiosk run` on the sim board: the page
loads, a scan at the counter shows its line, a cash payment typed on the touch pad shows the change and
the closed order, paper out shows the held receipt; at 800x480 and 1024x600, with screenshots saved.

Run by scripts/test-screen (one process, one browser)."""
import os
import sys
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import headless_chromium, set_viewport  # noqa: E402
from kiosk_process import REPOSITORY, KioskProcess  # noqa: E402

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
        return WebDriverWait(self.driver, timeout_s).until(lambda _: condition(), message=what)

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def touch(self, selector):
        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def shot(self, size, name):
        path = os.path.join(ARTEFACTS, "%dx%d-%s.png" % (size[0], size[1], name))
        self.assertTrue(self.driver.save_screenshot(path), path)

    def check_layout(self, size):
        """Every button is at least 48 px each way and inside the screen; nothing scrolls sideways."""
        layout = self.driver.execute_script("""
            const boxes = [...document.querySelectorAll('button')].map(b => b.getBoundingClientRect());
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

    def run_counter(self, size):
        kiosk = KioskProcess()
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
            line = self.driver.find_element(By.CSS_SELECTOR, "#lines li")
            self.assertIn(SOAP[1], line.text)
            self.assertIn(SOAP[2], line.text)
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
            self.assertEqual(self.driver.find_element(By.ID, "held").get_attribute("data-reason"), "paper-out")
            self.assertIn("缺纸", self.text("held"))
            printer = self.driver.find_element(By.CSS_SELECTOR, '.device[data-role="printer"]')
            self.assertIn("bad", printer.get_attribute("class"))
            self.check_layout(size)
            self.shot(size, "4-paper-out")

            kiosk.type_at_counter("paper in")
            self.wait_for(lambda: not self.driver.find_element(By.ID, "held").is_displayed(),
                          "the held-receipt message stayed after paper was loaded")

            self.driver.get(kiosk.url + "customer")
            self.wait_for(lambda: self.driver.find_element(By.TAG_NAME, "body").get_attribute("data-rendered") == "yes",
                          "the customer display never showed the state")
            self.assertEqual(self.text("customer-total"), SALT[2])
            self.shot(size, "5-customer")
        finally:
            kiosk.stop()

    def test_counter_at_800x480(self):
        self.run_counter((800, 480))

    def test_counter_at_1024x600(self):
        self.run_counter((1024, 600))


if __name__ == "__main__":
    unittest.main(verbosity=2)
