"""Property-based tests (hypothesis): the importers and the token parsers never fail with anything
but the domain's own error, whatever bytes or text they are given."""
import csv
import io
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeSerializer

from ceremony.core.errors import InvalidInput
from ceremony.delegates.importing import Table, clean_row, read_csv, read_table, read_xlsx, table_from_json
from ceremony.invitations.tokens import InvalidToken, make_token, parse_token
from ceremony.readiness.tokens import SALT, InvalidSiteToken, site_token_row

SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HEADER_WORDS = st.sampled_from(["ho_ten", "Họ và tên", "ma_diem_cau", "Mã điểm cầu", "chuc_vu", "dien_thoai", "vip",
                                "gioi_tinh", "email", "", "x"])
CELLS = st.one_of(st.text(max_size=40), st.sampled_from(["534", "0905000001", "x", "Nữ", "=1+1", "\x00", "a" * 300]))


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _read_or_refuse(reader, *args):
    try:
        table = reader(*args)
    except InvalidInput as error:
        assert error.message and error.field
        return None
    assert isinstance(table, Table)
    for number, values in table.rows:
        clean_row(number, values)  # checking a row never raises either
    return table


@pytest.mark.sqlite_only
@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "", "a.txt", "a.pdf"]))
def test_any_bytes(app, data, name):
    _read_or_refuse(read_table, name, data)


@pytest.mark.sqlite_only
@SETTINGS
@given(header=st.lists(HEADER_WORDS, max_size=6), rows=st.lists(st.lists(CELLS, max_size=8), max_size=15))
def test_any_csv(app, header, rows):
    _read_or_refuse(read_csv, _csv([header, *rows]))


@pytest.mark.sqlite_only
@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_zip_like_bytes(app, data):
    _read_or_refuse(read_xlsx, b"PK\x03\x04" + data)


XLSX_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@pytest.mark.sqlite_only
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=st.lists(HEADER_WORDS, max_size=6),
       rows=st.lists(st.lists(st.one_of(XLSX_TEXT, st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                                        st.booleans(), st.none()), max_size=8), max_size=10))
def test_any_xlsx(app, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    _read_or_refuse(read_xlsx, out.getvalue())


@pytest.mark.sqlite_only
@SETTINGS
@given(records=st.lists(st.one_of(st.dictionaries(st.one_of(HEADER_WORDS, st.text(max_size=10)),
                                                  st.one_of(CELLS, st.integers(), st.booleans(), st.none(),
                                                            st.lists(st.integers(), max_size=2))),
                                  st.integers(), st.text(max_size=5)), max_size=10))
def test_any_json_rows(app, records):
    table = table_from_json(records)
    for number, values in table.rows:
        clean_row(number, values)


@pytest.mark.sqlite_only
@SETTINGS
@given(text=st.one_of(st.text(max_size=200), st.from_regex(r"c\d{1,12}\.[A-Za-z0-9_-]{20,24}\.[A-Za-z0-9_-]{8,12}"),
                      st.builds(lambda p, t: p + t, st.sampled_from(["https://x/i/", "/i/", " ", ""]),
                                st.text(max_size=60))))
def test_invitation_tokens(app, text):
    try:
        parsed = parse_token(text)
    except InvalidToken as error:
        assert error.field == "token"
    else:
        assert parsed.ceremony_id >= 0 and len(parsed.key) == 22


@pytest.mark.sqlite_only
@SETTINGS
@given(ceremony_id=st.integers(1, 10**9 - 1), prefix=st.sampled_from(["", "https://ceremony.test/i/", "  "]),
       suffix=st.sampled_from(["", "/", "?utm=1", "  "]))
def test_real_invitation_tokens_round_trip(app, ceremony_id, prefix, suffix):
    token, key = make_token(ceremony_id)
    parsed = parse_token(prefix + token + suffix)
    assert (parsed.token, parsed.ceremony_id, parsed.key) == (token, ceremony_id, key)


JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.sampled_from(["s", "n", "x"]), inner, max_size=3)),
                       max_leaves=6)


@SETTINGS
@given(text=st.text(max_size=120),
       signed=st.one_of(JSONISH, st.fixed_dictionaries({"s": st.one_of(st.integers(), st.text(max_size=5)),
                                                        "n": st.text(max_size=30)})))
@example(text="", signed={"s": 1, "n": "a\x00b"})  # a NUL reached PostgreSQL: a 500
@example(text="", signed={"s": 10**30, "n": "x" * 5000})
def test_operator_link_tokens(app, db, text, signed):
    """Junk, and even well-signed bodies of any shape (a leaked key), are refused as a bad link only."""
    forged = URLSafeSerializer(app.config["SECRET_KEY"], salt=SALT).dumps(signed)
    for candidate in (text, forged, forged + text):
        with pytest.raises(InvalidSiteToken):
            site_token_row(candidate)
        db.session.rollback()
    assert json.dumps(signed) is not None
