"""The workbench in a real browser: headless Chromium driven by Selenium. Types a query, runs it
with Ctrl-Enter, reads the table, opens an entity, checks the drawing shows its neighbours,
clicks an edge and reads a source sentence; a syntax error is marked at its position.
Screenshots go to $KG_SCREENSHOT_DIR (the build folder in ctest)."""
import os
import shutil
import time
import unittest

from serve_harness import SAMPLES, Server, run_kg
import tempfile

REQUIRE = os.environ.get("KG_REQUIRE_BROWSER") == "1"
CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    webdriver = None

AVAILABLE = webdriver is not None and CHROMIUM and DRIVER


@unittest.skipIf(not AVAILABLE and not REQUIRE, "chromium, chromedriver or selenium is not installed")
class Workbench(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kg-browser-")
        cls.db = os.path.join(cls.tmp, "store.db")
        run_kg("load", "--db", cls.db, os.path.join(SAMPLES, "news", "article.nq"))
        cls.server = Server(cls.db, token=None)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1400"):
            options.add_argument(arg)
        cls.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        cls.wait = WebDriverWait(cls.driver, 30)
        cls.shots = os.environ.get("KG_SCREENSHOT_DIR", cls.tmp)
        os.makedirs(cls.shots, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open(self):
        self.driver.get(self.server.base + "/")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#prefixes span")))

    def type_query(self, text):
        # Empty the editor, then type as a person would (CodeMirror reads its hidden textarea).
        self.driver.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue('')")
        area = self.driver.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
        self.driver.find_element(By.CSS_SELECTOR, ".CodeMirror").click()
        area.send_keys(text)
        area.send_keys(Keys.CONTROL, Keys.ENTER)

    def test_query_entity_drawing_and_provenance(self):
        self.open()
        self.type_query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                        "SELECT ?e ?label WHERE { ?e rdfs:label ?label . FILTER(?label = \"Norvania\") }")
        cell = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.results tbody td a.iri")))
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
        self.assertEqual(len(rows), 1)
        self.assertEqual(cell.get_attribute("data-iri"), "http://kg.local/ns#e.Norvania")
        self.assertIn("Norvania", rows[0].text)
        self.driver.save_screenshot(os.path.join(self.shots, "workbench-query.png"))

        cell.click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph g.node")) >= 4)
        nodes = {n.get_attribute("data-iri") for n in self.driver.find_elements(By.CSS_SELECTOR, "#graph g.node")}
        for neighbour in ("e.signatories", "e.letter", "e.requests"):
            self.assertIn("http://kg.local/ns#" + neighbour, nodes)
        labels = self.driver.find_element(By.ID, "graph").text
        self.assertIn("Norvania", labels)
        time.sleep(1.5)  # let the layout settle for the picture

        edge = self.driver.find_element(
            By.CSS_SELECTOR, "#graph g.edge[data-key='http://kg.local/ns#e.signatories "
                             "http://kg.local/ns#r.asked http://kg.local/ns#e.Norvania'] text")
        self.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edge)
        source = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#provenance .source .sentence")))
        self.assertIn("The signatories asked Norvania to free at least 37 reporters", source.text)
        mark = source.find_element(By.TAG_NAME, "mark")
        self.assertTrue(mark.text.startswith("The signatories asked Norvania"), mark.text)
        self.assertIn("confidence 0.900", self.driver.find_element(By.ID, "provenance").text)
        self.assertIn("support: 1 source", self.driver.find_element(By.ID, "provenance").text)
        self.driver.save_screenshot(os.path.join(self.shots, "workbench-entity.png"))

    def test_syntax_error_is_marked_at_its_position(self):
        self.open()
        self.type_query("SELECT ?s WHERE {\n?s ?p ?o .\nFILTER(?s = ) }")
        error = self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#query-error")))
        self.wait.until(lambda d: "line 3" in d.find_element(By.ID, "query-error").text)
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, ".cm-error-at"))
        self.assertIn("column", error.text)

    def test_search_by_label(self):
        self.open()
        box = self.driver.find_element(By.ID, "search")
        box.send_keys("norva")
        item = self.wait.until(EC.element_to_be_clickable(
            (By.CSS_SELECTOR, "#search-results div[data-iri='http://kg.local/ns#e.Norvania']")))
        self.assertIn("Norvania", item.text)
        item.click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph g.node")) >= 4)


if __name__ == "__main__":
    unittest.main()
