from datetime import datetime, timezone

import pytest

from ceremony.core.time import UTCDateTime, as_utc, local


def test_naive_input_is_vietnam_time():
    assert as_utc(datetime(2024, 9, 27, 8, 0)) == datetime(2024, 9, 27, 1, 0, tzinfo=timezone.utc)
    assert local(datetime(2024, 9, 27, 1, 0, tzinfo=timezone.utc)).hour == 8


def test_utc_column_refuses_naive_values():
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2024, 1, 1), None)


def test_clock_fixture_moves_time(clock):
    from ceremony.core.time import now

    start = now()
    clock.advance(minutes=30)
    assert (now() - start).total_seconds() == 1800
