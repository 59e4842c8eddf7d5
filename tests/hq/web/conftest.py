"""The dashboard under a real uvicorn server, driven by Debian's Chromium (headless) through
its WebDriver, on SQLite and on PostgreSQL (``hq_url``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from station_app.clock import FrozenClock
from station_app.hq.accounts import HqRole, add_user
from station_app.hq.app import create_app
from station_app.hq.db import HqDatabase
from tests.clock_support import frozen_clock
from tests.services.sync_support import served

ADMIN = "总部管理员"
ADMIN_PASSWORD = "correct horse battery"
VIEWER = "龙岗查看员"
VIEWER_PASSWORD = "longgang-viewer-pw"
LAPTOP = (1366, 768)
WALL = (2560, 1440)


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip(
            "Chromium or its driver is missing (apt-get install chromium chromium-driver; "
            "`bash scripts/dev.sh test` installs them)"
        )
    return browser, driver


@pytest.fixture(scope="session")
def chromium() -> Iterator[WebDriver]:
    """One headless Chromium for the whole run; each test starts with no cookies."""
    browser, driver = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # as root in a container there is no user namespace to sandbox in
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=zh-CN",
        f"--window-size={LAPTOP[0]},{LAPTOP[1]}",
    ):
        options.add_argument(argument)
    # The browser runs in the real time: under libfaketime (the test command's runs on other
    # dates) Chromium does not start. Nothing it shows depends on its clock: the pages are
    # made on the server, on the test's clock.
    real_time = {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
    }
    chrome = webdriver.Chrome(service=Service(driver, env=real_time), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


@dataclass
class Hq:
    """HQ's database, its clock and the dashboard's address."""

    db: HqDatabase
    clock: FrozenClock
    url: str


@pytest.fixture
def hq(hq_url: str) -> Iterator[Hq]:
    """A served HQ with one admin and one district viewer (龙岗区)."""
    db = HqDatabase.open(hq_url)
    clock = frozen_clock()
    add_user(
        db,
        ADMIN,
        role=HqRole.ADMIN,
        district="",
        password=ADMIN_PASSWORD,
        by="test",
        now=clock.now(),
    )
    add_user(
        db,
        VIEWER,
        role=HqRole.VIEWER,
        district="龙岗区",
        password=VIEWER_PASSWORD,
        by="test",
        now=clock.now(),
    )
    try:
        with served(create_app(db, clock=clock)) as url:
            yield Hq(db, clock, url)
    finally:
        db.close()


class Browser:
    """The test's view of Chromium: open a page, wait for what a person would wait for."""

    def __init__(self, driver: WebDriver, base: str, shots: Path) -> None:
        self.driver, self.base, self.shots = driver, base, shots

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)
        self.wait_ready()

    def wait_ready(self) -> None:
        WebDriverWait(self.driver, 15).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    def find(self, css: str) -> WebElement:
        return WebDriverWait(self.driver, 15).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css))
        )

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        return self.find(css).text

    def fill(self, css: str, value: str) -> None:
        def typed(driver: WebDriver) -> bool:
            field = driver.find_element(By.CSS_SELECTOR, css)
            field.clear()
            field.send_keys(value)
            return bool(field.get_attribute("value") == value)

        # A page just loaded may still swap its nodes (autofocus): try again on a stale one.
        WebDriverWait(
            self.driver, 15, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
        ).until(typed)

    def submit(self, css: str) -> None:
        """Click a submit button and wait for the next page to load."""
        button = self.find(css)
        # A mark on the current document: the next one will not have it.
        self.driver.execute_script("window.stationOldPage = true")
        button.click()
        WebDriverWait(self.driver, 15, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return !window.stationOldPage && document.readyState === 'complete'"
            )
        )

    def sign_in(self, name: str, password: str) -> None:
        self.open("/login")
        self.fill("#name", name)
        self.fill("#password", password)
        self.submit("#sign-in")

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.base)

    def cookie(self, name: str) -> str:
        found = self.driver.get_cookie(name)
        return str(found["value"]) if found else ""

    def table(self, css: str) -> list[list[str]]:
        """A table's body as the text of its cells."""
        return [
            [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in self.all(f"{css} tbody tr")
        ]

    def shot(self, name: str, size: tuple[int, int] = LAPTOP) -> Path:
        """What the window shows at ``size`` (the top of the page), saved as a PNG."""
        self.driver.set_window_size(*size)
        self.wait_fonts()
        path = self.shots / f"{name}-{size[0]}x{size[1]}.png"
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(*LAPTOP)
        return path

    def wait_fonts(self) -> None:
        WebDriverWait(self.driver, 15).until(
            lambda d: d.execute_script("return document.fonts.status") == "loaded"
        )


@pytest.fixture
def browser(chromium: WebDriver, hq: Hq, tmp_path: Path) -> Iterator[Browser]:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    chromium.set_window_size(*LAPTOP)
    chromium.get(hq.url + "/api/v1/health")
    chromium.delete_all_cookies()
    yield Browser(chromium, hq.url, shots)
    chromium.delete_all_cookies()
