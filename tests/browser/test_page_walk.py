"""Walk every page of the demo as each kind of user would, in a real Chromium, and fail on what a
Vietnamese official would stumble on: a page that scrolls sideways on a phone, an English word in the
Vietnamese UI, a script error in the console, a character the page's fonts may not have (an emoji
or symbol instead of an SVG icon).

The walk starts from each user's home page and follows every same-site link that answers HTML, one
page per route shape (``/ceremonies/3/sites/41`` and ``/ceremonies/3/sites/42`` are one shape), in
Vietnamese at phone width (390 × 844: every check) and in English at desktop width (1366 × 768: layout
and console). Text in ``code``, ``kbd`` and ``samp`` elements (file formats, tokens) is data, not UI. Set ``CEREMONY_SCREENSHOTS`` to a folder to keep a screenshot of every page for a human look.
"""
from __future__ import annotations

import html
import os
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from tests.browser_support import log_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CEREMONY_SCREENSHOTS")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
PER_SHAPE = 1
MAX_PAGES = 160

# A Vietnamese syllable written without marks: onset, one to three vowels, coda. An ASCII word that
# is not one of these is a foreign word ("check", "source", "bandwidth").
SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")
# Words Vietnamese offices write as they are: units, brands, file kinds, borrowed technical words.
ALLOWED = {
    "mbit", "kbit", "gbit", "ms", "email", "e-mail", "zalo", "online", "offline", "internet", "wifi", "wi-fi",
    "qr", "pdf", "xlsx", "csv", "ics", "api", "sms", "url", "link", "web", "ioc", "vnpt", "viettel", "mobifone",
    "ubnd", "hđnd", "id", "token", "ok", "led", "camera", "micro", "video", "audio", "tab", "app", "zoom",
    "webex", "teams", "clip", "webhook", "chatbot", "webrtc", "g-quảng", "c-quảng", "english", "gmt", "utc", "ict", "dx", "it",
}
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

# What a page may show as text: Vietnamese Latin, common punctuation and the few symbols every text
# font of an office PC or phone has (WGL4). Anything else (✓, ⚑, ⏲, emoji, braille) falls back to an
# emoji font or a box: icons are SVG files shipped with the app (static/icons, ``icon()``).
GLYPH_RANGES = [
    (0x20, 0x7E), (0xA0, 0xFF),  # ASCII, Latin-1 (× · « » ° ±)
    (0x102, 0x103), (0x110, 0x111), (0x128, 0x129), (0x168, 0x169), (0x1A0, 0x1A1), (0x1AF, 0x1B0),  # Ă Đ Ĩ Ũ Ơ Ư
    (0x1EA0, 0x1EF9),  # Vietnamese letters with two marks (ạ … ỹ)
    (0x300, 0x301), (0x303, 0x303), (0x309, 0x309), (0x323, 0x323),  # the five tone marks, decomposed
    (0x2000, 0x200B), (0x202F, 0x202F), (0x2060, 0x2060),  # spaces (Intl writes U+202F in "8:05 AM")
    (0x2010, 0x2015), (0x2018, 0x201F), (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2030),  # ‐ – — ‘ ” † • … ‰
    (0x2032, 0x2033), (0x2039, 0x203A), (0x20AB, 0x20AC), (0x2116, 0x2116), (0x2122, 0x2122),  # ′ ″ ‹ › ₫ € № ™
    (0x2190, 0x2195),  # ← ↑ → ↓ ↔ ↕
    (0x2212, 0x2212), (0x2248, 0x2248), (0x2260, 0x2260), (0x2264, 0x2265),  # − ≈ ≠ ≤ ≥
]


def unrenderable(text: str) -> list[str]:
    """The characters of ``text`` outside :data:`GLYPH_RANGES` (whitespace aside), each once, as 'X U+XXXX'."""
    bad = {c for c in text if c not in "\n\r\t" and not any(lo <= ord(c) <= hi for lo, hi in GLYPH_RANGES)}
    return [f"{c} U+{ord(c):04X}" for c in sorted(bad)]


def foreign_words(text: str) -> list[str]:
    """ASCII words of ``text`` that cannot be Vietnamese, outside the allow-list and all-caps acronyms."""
    found = []
    for line in text.splitlines():
        if "@" in line or "://" in line:  # e-mail addresses and links are data
            continue
        for word in WORD.findall(line):
            if not word.isascii() or word.isupper() or len(word) < 3:
                continue
            lower = word.lower()
            if lower in ALLOWED or all(SYLLABLE.match(part) for part in lower.split("-")):
                continue
            found.append(word)
    return found


def shape_of(path: str) -> str:
    return re.sub(r"/[0-9]+(?=/|$)", "/<id>", re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/<token>", path))


class Walk:
    """One user's walk: pages seen, and the problems found on them."""

    def __init__(self, browser, base: str, label: str):
        self.browser, self.base, self.label = browser, base, label
        self.problems: list[str] = []
        self.seen_shapes: dict[str, int] = {}
        self.visited: set[str] = set()

    def context(self, viewport, locale="vi-VN", storage=None):
        return self.browser.new_context(viewport=viewport, locale=locale, storage_state=storage,
                                        is_mobile=viewport is PHONE, has_touch=viewport is PHONE)

    def crawl(self, page, start_paths: list[str]) -> list[str]:
        """Every HTML page reachable from ``start_paths`` (bounded by shape), as paths."""
        queue, pages = list(start_paths), []
        while queue and len(pages) < MAX_PAGES:
            path = queue.pop(0)
            shape = shape_of(urlsplit(path).path)
            if path in self.visited or self.seen_shapes.get(shape, 0) >= PER_SHAPE:
                continue
            self.visited.add(path)
            response = page.request.get(self.base + path, max_redirects=0)
            if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
                continue
            self.seen_shapes[shape] = self.seen_shapes.get(shape, 0) + 1
            pages.append(path)
            for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', response.text()):
                link = urlsplit(urljoin(self.base + path, html.unescape(href)))
                if link.netloc != urlsplit(self.base).netloc or "lang=" in link.query or link.path in (
                        "/logout", "/static") or link.path.startswith("/static/"):
                    continue
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
        return pages

    def check(self, page, path: str, variant: str) -> None:
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(self.base + path, wait_until="load")
        page.wait_for_timeout(150)  # scripts that fill the page on load
        where = f"{self.label} {variant} {path}"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
            self.problems.append(f"{where}: scrolls sideways by {overflow}px ({', '.join(wide)})")
        if variant.startswith("vi"):
            text = unicodedata.normalize("NFC", page.evaluate("""() => {
                const copy = document.body.cloneNode(true);
                copy.querySelectorAll('code, kbd, samp, .code, script, style, template').forEach(e => e.remove());
                document.body.appendChild(copy);  // innerText needs a rendered element
                copy.style.position = 'absolute';
                const text = copy.innerText;
                copy.remove();
                return text;
            }"""))
            title = page.title()
            words = sorted(set(foreign_words(text + "\n" + title)))
            if words:
                self.problems.append(f"{where}: English in the Vietnamese page: {', '.join(words[:12])}")
        # Every character the page shows, in both languages: its text, title, placeholders, button
        # values and CSS-generated ::before/::after content.
        shown = page.evaluate("""() => {
            const parts = [document.body.innerText, document.title];
            document.querySelectorAll('[placeholder], input[type=submit], input[type=button]').forEach(e =>
                parts.push(e.getAttribute('placeholder') || '', e.type === 'submit' || e.type === 'button' ? e.value : ''));
            document.querySelectorAll('body *').forEach(e => ['::before', '::after'].forEach(p => {
                const c = getComputedStyle(e, p).content;
                if (c && c !== 'none' && c !== 'normal' && c.startsWith('"')) parts.push(c);
            }));
            return parts.join('\\n');
        }""")
        glyphs = unrenderable(unicodedata.normalize("NFC", shown))
        if glyphs:
            self.problems.append(f"{where}: characters outside the page fonts (use an SVG icon): {', '.join(glyphs)}")
        for error in errors:
            self.problems.append(f"{where}: console error: {error[:200]}")
        if SHOTS:
            name = re.sub(r"[^A-Za-z0-9]+", "_", f"{self.label}_{variant}_{path}")[:120]
            page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)

    def run(self, start_paths: list[str], login_email: str | None = None) -> None:
        context = self.context(DESKTOP)
        page = context.new_page()
        if login_email:
            log_in(page, self.base, login_email, "ceremony-demo")
        storage = context.storage_state()
        pages = self.crawl(page, start_paths)
        context.close()
        assert pages, f"{self.label}: the walk found no page from {start_paths}"
        for variant, viewport, locale in (("vi/phone", PHONE, "vi-VN"), ("en/desktop", DESKTOP, "en-US")):
            context = self.context(viewport, locale, storage)
            page = context.new_page()
            if locale.startswith("en"):
                page.goto(self.base + pages[0] + ("&" if "?" in pages[0] else "?") + "lang=en")
            else:
                page.goto(self.base + pages[0] + ("&" if "?" in pages[0] else "?") + "lang=vi")
            for path in pages:
                self.check(page, path, variant)
            context.close()


def test_foreign_word_detector():
    assert foreign_words("check bandwidth — source web") == ["check", "bandwidth", "source"]
    assert foreign_words("Đã nhận báo cáo của điểm cầu xa Nghia Hanh, tin nhan ok, 25,0 Mbit/s") == []
    assert foreign_words("UBND tỉnh Quảng Ngãi; IOC; a@b.vn") == []


def test_glyph_detector():
    assert unrenderable("Đã nhận báo cáo — 25,0 Mbit/s · ↓1.234,5 ≤ 4,0 “Ỷ ỹ ơ ư” … 8:05\u202fAM № 3 × 2") == []
    assert unrenderable("✓ Có mặt ⚑ ⏲ ⠿ 😀 ✓") == ["⏲ U+23F2", "⚑ U+2691", "✓ U+2713", "⠿ U+283F", "😀 U+1F600"]


USERS = (  # (who, login e-mail or None for a link, how they come in: "site-link" / "invitation" / "/")
    ("organizer", "organizer@ceremony.local", "/"),
    ("operator", "ducpho@ceremony.local", "/"),
    ("gate", "gate@ceremony.local", "/"),
    ("operator-link", None, "site-link"),
    ("delegate", None, "invitation"),
)


@pytest.mark.parametrize("label,email,start", USERS, ids=[user[0] for user in USERS])
def test_every_page_reads_right_on_phone_and_desktop(label, email, start, browser, live_server, demo, db):
    """One user's walk (one test each, so the walks spread over the test processes)."""
    from ceremony.invitations.models import Invitation
    from ceremony.readiness.tokens import issue_site_token
    from ceremony.sites.models import Site

    if start == "site-link":
        site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == demo[-1].id, Site.code == "534"))
        start = f"/r/{issue_site_token(site)}"
    elif start == "invitation":
        start = f"/i/{db.session.scalar(sa.select(Invitation).order_by(Invitation.id).limit(1)).token}"
    db.session.commit()
    walk = Walk(browser, live_server.url, label)
    walk.run([start], email)
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)
