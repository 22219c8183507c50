"""Log-in throttling per account and per address, and no timing difference for unknown accounts."""
from unittest import mock

from werkzeug import security


def _try(client, email, password, address="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_an_account_locks_after_five_failures_then_unlocks(client, make_user, clock):
    user = make_user()
    for _ in range(5):
        assert _try(client, user.email, "wrong-horse").status_code == 200
    locked = _try(client, user.email, "correct-horse", "10.9.9.9")  # even the right one, from elsewhere
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.get_data(as_text=True)
    assert locked.headers["Retry-After"] == str(15 * 60)
    clock.advance(minutes=14)
    assert _try(client, user.email, "correct-horse").status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert _try(client, user.email, "correct-horse").status_code == 302


def test_an_address_locks_after_many_accounts(client, make_user, clock):
    user = make_user()
    for i in range(30):
        _try(client, f"guess{i}@example.vn", "x", "10.0.0.7")
    assert _try(client, user.email, "correct-horse", "10.0.0.7").status_code == 429
    assert _try(client, user.email, "correct-horse", "10.0.0.8").status_code == 302


def test_success_forgives_the_account(client, make_user, clock):
    user = make_user()
    for _ in range(4):
        _try(client, user.email, "wrong-horse")
    assert _try(client, user.email, "correct-horse").status_code == 302
    client.post("/logout")
    for _ in range(4):
        _try(client, user.email, "wrong-horse")
    assert _try(client, user.email, "correct-horse").status_code == 302


def test_unknown_and_known_accounts_cost_one_password_check_each(client, make_user, clock):
    user = make_user()
    with mock.patch("werkzeug.security.check_password_hash", wraps=security.check_password_hash) as known:
        with mock.patch("ceremony.users.models.check_password_hash", known), \
                mock.patch("ceremony.users.operations.check_password_hash", known):
            _try(client, user.email, "wrong-horse")
            assert known.call_count == 1
            _try(client, "nobody@example.vn", "wrong-horse")
            assert known.call_count == 2
            # the dummy hash uses the same method (so the same cost) as real ones
            hashes = [call.args[0].split("$")[0] for call in known.call_args_list]
            assert hashes[0] == hashes[1]
