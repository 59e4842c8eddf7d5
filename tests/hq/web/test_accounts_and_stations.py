"""Signing in, accounts, the audit trail and the station pages, in a real browser."""

from __future__ import annotations

import datetime as dt
import http.client
import urllib.error
import urllib.parse
import urllib.request

from station_app.hq.audit import recent_events
from station_app.hq.stations import add_station, get_station, station_for_token
from tests.hq.batches import new_station
from tests.hq.web.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    VIEWER,
    VIEWER_PASSWORD,
    WALL,
    Browser,
    Hq,
)


def _post(hq: Hq, path: str, fields: dict[str, str], cookie: str) -> int:
    request = urllib.request.Request(
        hq.url + path,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Cookie": f"hq_session={cookie}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_an_admin_registers_a_station_edits_it_and_manages_its_token(
    browser: Browser, hq: Hq
) -> None:
    browser.open("/stations")
    assert browser.path.startswith("/login")  # nothing without signing in
    assert "登录" in browser.text("h1")  # Chinese by default
    browser.shot("login")
    browser.fill("#name", ADMIN)
    browser.fill("#password", ADMIN_PASSWORD)
    browser.submit("#sign-in")
    assert browser.path == "/stations"  # where it was going
    assert "尚未登记" in browser.text("#stations")  # no station yet, said in Chinese

    key = new_station("HF-LY-0001")
    browser.open("/stations/new")
    browser.fill("#code", "hf-ly-0001")
    browser.fill("#name", "龙岗驿站")
    browser.fill("#district", "龙岗区")
    browser.fill("#address", "龙岗大道 1 号")
    browser.fill("#opening_hours", "07:00-19:00")
    browser.find("input[name=closed_7]").click()
    browser.fill("#key_text", key.key_file)
    browser.shot("register")
    browser.submit("#save")
    token = browser.text("#token")
    assert station_for_token(hq.db, token) == "HF-LY-0001"  # the token shown is the real one
    browser.shot("token")

    browser.open("/stations")
    assert browser.table("#stations")[0][:3] == ["HF-LY-0001", "龙岗驿站", "龙岗区"]
    browser.open("/stations/HF-LY-0001/edit")
    browser.fill("#district", "龙华区")
    browser.submit("#save")
    assert browser.path == "/stations/HF-LY-0001"
    history = browser.table("#revisions")
    assert history[0][1:] == [ADMIN, "所属区域", "龙岗区", "龙华区"]
    stored = get_station(hq.db, "HF-LY-0001")
    assert stored is not None
    assert (stored.district, stored.closed_weekdays) == ("龙华区", "7")

    browser.submit("#issue-token")
    new_token = browser.text("#token")
    assert station_for_token(hq.db, new_token) == "HF-LY-0001"
    assert station_for_token(hq.db, token) is None  # the old one stopped working
    browser.open("/stations/HF-LY-0001")
    browser.submit("#revoke-token")
    assert station_for_token(hq.db, new_token) is None
    browser.submit("#toggle-active")
    assert "停止服务" in browser.text("main")
    browser.shot("station")

    browser.open("/audit")
    actions = [row[2] for row in browser.table("#audit")]
    assert actions[:6] == [
        "station.deactivate",
        "token.revoke",
        "token.rotate",
        "station.edit",
        "station.add",
        "signin",
    ]
    browser.shot("audit")
    browser.shot("audit", WALL)


def test_wrong_passwords_lock_the_name_and_every_try_is_in_the_audit_trail(
    browser: Browser, hq: Hq
) -> None:
    for _ in range(5):
        browser.sign_in(ADMIN, "not the password")
        assert browser.text("#problem") == "名称或密码错误。"
    browser.sign_in(ADMIN, ADMIN_PASSWORD)  # the right one, too late
    assert "锁定" in browser.text("#problem")
    assert browser.path.startswith("/login")
    hq.clock.advance(dt.timedelta(minutes=2))
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    assert browser.path == "/"
    actions = [event.action for event in recent_events(hq.db)]
    assert actions[:7] == ["signin", "signin.locked", *["signin.failed"] * 5]


def test_a_form_without_the_session_csrf_token_is_refused(browser: Browser, hq: Hq) -> None:
    key = new_station("HF-LY-0001")
    add_station(
        hq.db,
        key.code,
        name="龙岗驿站",
        district="龙岗区",
        key_text=key.key_file,
        now=hq.clock.now(),
    )
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    session = browser.cookie("hq_session")
    assert session
    # What another site's page could make the browser send: the cookie, no token.
    assert _post(hq, "/stations/HF-LY-0001/active", {"active": "0"}, session) == 403
    assert _post(hq, "/stations/HF-LY-0001/active", {"active": "0", "csrf": "x"}, session) == 403
    station = get_station(hq.db, "HF-LY-0001")
    assert station is not None and station.active
    # The same form from the page itself goes through.
    browser.open("/stations/HF-LY-0001")
    browser.submit("#toggle-active")
    station = get_station(hq.db, "HF-LY-0001")
    assert station is not None and not station.active


def test_a_district_viewer_sees_only_their_district(browser: Browser, hq: Hq) -> None:
    for code, district in (("HF-LG-0001", "龙岗区"), ("HF-FT-0001", "福田区")):
        key = new_station(code)
        add_station(
            hq.db,
            code,
            name=f"{district}驿站",
            district=district,
            key_text=key.key_file,
            now=hq.clock.now(),
        )
    browser.sign_in(VIEWER, VIEWER_PASSWORD)
    browser.open("/stations")
    assert [row[0] for row in browser.table("#stations")] == ["HF-LG-0001"]
    assert not browser.all("#register")  # registering is for admins
    browser.open("/stations/HF-FT-0001")
    assert "没有这个驿站" in browser.text("#refusal")
    browser.open("/users")
    assert browser.text("#refusal")
    csv = (
        urllib.request.urlopen(
            urllib.request.Request(
                hq.url + "/stations.csv",
                headers={"Cookie": f"hq_session={browser.cookie('hq_session')}"},
            ),
            timeout=10,
        )
        .read()
        .decode("utf-8-sig")
    )
    assert "HF-LG-0001" in csv and "HF-FT-0001" not in csv


def test_english_is_one_click_away(browser: Browser, hq: Hq) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open("/stations")
    browser.find("a[lang=en]").click()
    browser.wait_ready()
    assert browser.text("h1") == "Stations"
    assert browser.path == "/stations"
    browser.open("/")
    assert browser.text("h1") == "Overview"
    browser.shot("overview-english")
    browser.shot("stations-english")


def _sign_in_over_http(hq: Hq, headers: dict[str, str]) -> str:
    """Sign in with a plain HTTP client (no browser): the session cookie's Set-Cookie."""
    address = urllib.parse.urlsplit(hq.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request("GET", "/login")
        answer = connection.getresponse()
        page = answer.read().decode()
        login_cookie = answer.getheader("set-cookie", "").split(";")[0]
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        body = urllib.parse.urlencode(
            {"csrf": csrf, "name": ADMIN, "password": ADMIN_PASSWORD, "next": "/"}
        )
        connection.request(
            "POST",
            "/login",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": login_cookie,
                **headers,
            },
        )
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 303
        return next(
            value
            for name, value in answer.getheaders()
            if name.lower() == "set-cookie" and value.startswith("hq_session=")
        )
    finally:
        connection.close()


def test_the_session_cookie_is_httponly_strict_and_secure_behind_a_tls_proxy(hq: Hq) -> None:
    plain = _sign_in_over_http(hq, {})
    assert "HttpOnly" in plain and "SameSite=strict" in plain and "Secure" not in plain
    proxied = _sign_in_over_http(hq, {"X-Forwarded-Proto": "https"})
    assert "HttpOnly" in proxied and "Secure" in proxied


def test_a_session_expires_after_a_working_day(browser: Browser, hq: Hq) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open("/audit")
    assert browser.path == "/audit"
    hq.clock.advance(dt.timedelta(hours=13))
    browser.open("/audit")
    assert browser.path.startswith("/login")
