"""The code people type at the gate: any case, spaces and dashes ignored, exactly once like the QR,
a helpful Vietnamese answer for a letter number, a typo or a revoked code; also offline."""
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from ceremony.attendance.models import CheckInMethod, DelegateCheckIn, GateScan, ScanResult
from ceremony.attendance.operations import redeem_checkin
from ceremony.attendance.queries import code_hash
from ceremony.ceremonies.models import Ceremony
from ceremony.extensions import db as _db
from ceremony.invitations import codes


def _typed(code: str) -> str:
    """As a gate clerk types it: lower case, the dash as a space."""
    return f"{code[:4].lower()} {code[4:].lower()}"


def test_typed_short_code_checks_in_exactly_once(db, invited):
    invitation = invited.invitations[0]
    first = redeem_checkin(invited.ceremony, _typed(invitation.short_code), "Cổng chính", "d1", "n1",
                           method=CheckInMethod.typed)
    assert first.result is ScanResult.welcome and first.delegate.id == invitation.delegate_id
    again = redeem_checkin(invited.ceremony, codes.grouped(invitation.short_code), "Cổng phụ", "d2", "n2",
                           method=CheckInMethod.typed)
    assert again.result is ScanResult.already and again.checkin.gate == "Cổng chính"
    # The QR of the same invitation is the same person: still exactly once.
    assert redeem_checkin(invited.ceremony, invitation.token, "Cổng VIP", "d3", "n3").result is ScanResult.already
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 1


def test_the_gate_explains_what_was_typed(client, db, invited, api_headers):
    headers = api_headers("checker")
    url = f"/api/v1/ceremonies/{invited.ceremony.id}/checkins"
    code = invited.invitations[2].short_code
    typo = code[:7] + next(c for c in codes.ALPHABET if c != code[7])

    def answer(text, nonce):
        body = client.post(url, json={"text": text, "gate": "A", "device": "d", "nonce": nonce, "method": "typed"},
                           headers=headers).get_json()
        return body["result"], body["reason"], body["message"]

    result, reason, message = answer("Số: 125/GM-UBND", "1")
    assert (result, reason) == ("unreadable", "letter_number")
    assert "số của Giấy mời" in message and "mã 8 ký tự in dưới mã QR" in message and "ABCD-EFGH" in message
    assert "Mã không hợp lệ" not in message
    assert answer("12", "2")[1] == "letter_number"
    result, reason, message = answer(typo.lower(), "3")
    assert (result, reason) == ("unreadable", "mistyped") and codes.grouped(typo) in message
    assert answer("ABCD-EF01", "4")[1] == "excluded_characters"
    other = codes.new_code(taken={i.short_code for i in invited.invitations})
    result, reason, message = answer(other, "5")
    assert (result, reason) == ("not_invited", "unknown_code") and codes.grouped(other) in message
    result, reason, message = answer(code.lower(), "6")
    assert (result, reason, message) == ("welcome", "", "")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 6


def test_offline_gate_list_carries_short_codes_and_uploads_them(client, db, invited, api_headers, clock):
    headers = api_headers("checker")
    items = []
    for site in ("51", "534", "21553"):
        body = client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/gate-list?site={site}", headers=headers).get_json()
        items += [dict(zip(body["fields"], row)) for row in body["items"]]
    # The list carries the hashes of the codes, never the codes
    assert {i["code_hash"] for i in items} == {code_hash(i.short_code) for i in invited.invitations}
    assert all(codes.is_valid(i.short_code) for i in invited.invitations)
    assert all(i["replaced_by"] is None for i in items)
    code = invited.invitations[3].short_code
    scans = [{"text": _typed(code), "gate": "A", "device": "off", "nonce": f"q{n}", "method": "typed",
              "scanned_at": clock.current.isoformat(), "local_result": "welcome" if n == 0 else "already"}
             for n in range(2)]
    body = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins/batch", json={"scans": scans},
                       headers=headers).get_json()
    assert [r["result"] for r in body["results"]] == ["welcome", "already"] and body["conflicts"] == 0


def test_the_same_typed_code_from_many_gates_at_once_checks_in_once(app, db, invited, backend):
    """Twelve gates type one code at the same instant (real concurrency on PostgreSQL)."""
    threads = 12
    ceremony_id, code = invited.ceremony.id, invited.invitations[1].short_code
    db.session.remove()
    barrier = threading.Barrier(threads)

    def one(i):
        with app.app_context():
            ceremony = _db.session.get(Ceremony, ceremony_id)
            typed = code.lower() if i % 2 else codes.grouped(code)
            barrier.wait(timeout=10)
            try:
                outcome = redeem_checkin(ceremony, typed, f"Cổng {i % 4}", f"gate-{i}", f"n-{i}",
                                         method=CheckInMethod.typed)
                _db.session.commit()
                return outcome.result
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, range(threads)))
    assert results.count(ScanResult.welcome) == 1, (backend, results)
    assert results.count(ScanResult.already) == threads - 1, (backend, results)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 1
