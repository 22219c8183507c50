"""The speakers' echo check for real: Chromium's fake microphone plays a WAV file
(``--use-file-for-fake-audio-capture``), so the "microphone" hears exactly what the file holds.
A sine at the self-test's tone frequency is heard back and the speakers are marked measured and
good with no question to the operator; a sine at another frequency is not taken for the tone, and
the page falls back to asking the operator."""
from __future__ import annotations

import json
import math
import re
import struct
import wave
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
from tests.selftest.test_browser import (MEDIA_ARGS, _phone, _run_selftest, _step, peer, point,  # noqa: F401
                                         server)

pytestmark = pytest.mark.browser
SELFTEST_JS = Path(__file__).resolve().parents[2] / "static" / "selftest" / "selftest.js"
RATE = 48000


def _tone_hz() -> int:
    """The tone the page plays, read from selftest.js so the test follows the page."""
    return int(re.search(r"\bTONE = (\d+)", SELFTEST_JS.read_text()).group(1))


def _wav(path: Path, hz: float | None, quiet: float = 2.5, seconds: float = 8.0, amplitude: float = 0.3) -> str:
    """48 kHz mono 16-bit: ``quiet`` seconds of silence, then a sine at ``hz`` (silence when ``hz``
    is None). The file starts when the page opens the microphone; the page listens to the room
    for about 1.5 s first, then plays its tone for up to 2.4 s, so the tone comes back while the
    page plays it, as it would from real speakers (a tone already there before is not an echo)."""
    n, start = int(RATE * seconds), int(RATE * quiet)
    peak = int(32767 * amplitude)
    samples = [int(peak * math.sin(2 * math.pi * hz * i / RATE)) if hz and i >= start else 0 for i in range(n)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{n}h", *samples))
    return str(path)


@pytest.fixture
def hearing_browser(_playwright, tmp_path, request):
    """A Chromium whose microphone is the WAV file made from the test's parameter (a frequency)."""
    wav = _wav(tmp_path / "mic.wav", request.param)
    args = CHROMIUM_ARGS + MEDIA_ARGS + [f"--use-file-for-fake-audio-capture={wav}"]
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield browser
    browser.close()


def _selftest_speakers(server, browser, token):
    context, page = _phone(browser)
    page.goto(f"{server.url}/r/{token}")
    m = _run_selftest(page)
    return context, page, m


@pytest.mark.parametrize("hearing_browser", [_tone_hz()], indirect=True, ids=["tone"])
def test_the_tone_heard_by_the_microphone_marks_the_speakers_measured_and_good(server, hearing_browser, db, clock,
                                                                              ready_ceremony, point, peer):
    site, token = point
    context, page, m = _selftest_speakers(server, hearing_browser, token)
    print("tone in the microphone:", json.dumps(m, ensure_ascii=False))
    state, value, help_text = _step(page, "speakers")
    assert m["speakers_heard"] is True and "speakers_confirmed" not in m, m
    assert state == "ok" and value == "micro đã thu lại được âm thử" and not help_text, (state, value, help_text)
    assert not page.is_visible("#speaker-confirm")  # nobody is asked
    speakers = page.locator('fieldset[data-item="speakers"]')
    assert speakers.locator('input[value="ok"]').is_checked()
    assert speakers.locator(".auto-badge").inner_text() == "đo tự động"
    assert speakers.locator('input[name="is_measured_speakers"]').input_value() == "1"
    context.close()


@pytest.mark.parametrize("hearing_browser", [_tone_hz() * 0.6, None], indirect=True, ids=["other-tone", "silence"])
def test_a_microphone_that_does_not_hear_the_tone_asks_the_operator(server, hearing_browser, db, clock,
                                                                   ready_ceremony, point, peer):
    site, token = point
    context, page, m = _selftest_speakers(server, hearing_browser, token)
    print("no tone in the microphone:", json.dumps(m, ensure_ascii=False))
    state, _value, help_text = _step(page, "speakers")
    assert m["speakers_heard"] is False, m
    assert state == "running" and page.is_visible("#speaker-confirm"), (state, help_text)
    assert help_text == "Đã phát âm thử: hãy cho biết bên dưới bạn có nghe thấy không.", help_text
    speakers = page.locator('fieldset[data-item="speakers"]')
    assert speakers.locator(".measured").count() == 0  # nothing filled until the operator answers
    page.click('#speaker-confirm button[data-heard="no"]')
    assert _step(page, "speakers")[0] == "fail"
    assert speakers.locator('input[value="problem"]').is_checked()
    assert json.loads(page.input_value('input[name="measurements"]'))["speakers_confirmed"] is False
    context.close()
