"""Two directors' clicks at the same instant (two tabs, a double click on a slow line)."""
import threading
from concurrent.futures import ThreadPoolExecutor

from ceremony.ceremonies.models import Ceremony
from ceremony.core.errors import Conflict
from ceremony.extensions import db as _db
from ceremony.program import operations, queries
from ceremony.program.models import ShowEvent
from ceremony.users.models import User

THREADS = 3


def _race(app, ceremony_id, user_id, action):
    barrier = threading.Barrier(THREADS)

    def one(_):
        with app.app_context():
            ceremony, user = _db.session.get(Ceremony, ceremony_id), _db.session.get(User, user_id)
            barrier.wait(timeout=10)
            try:
                action(ceremony, user)
                _db.session.commit()
                return "ok"
            except Conflict:
                _db.session.rollback()
                return "conflict"
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def test_start_pressed_three_times_at_once_starts_once(app, db, program, director, clock):
    clock.set(program.starts_at)
    ceremony_id, user_id = program.id, director.id
    db.session.remove()
    results = _race(app, ceremony_id, user_id, lambda c, u: operations.start_show(c, u, override="tổng duyệt"))
    assert sorted(results) == ["conflict", "conflict", "ok"], results
    assert [e.action for e in queries.show_log(ceremony_id)] == ["start"]


def test_next_pressed_three_times_at_once_moves_once(app, db, running, director):
    first = queries.get_show(running.id).current_segment_id
    ceremony_id, user_id = running.id, director.id
    db.session.remove()
    results = _race(app, ceremony_id, user_id,
                    lambda c, u: operations.next_segment(c, u, expected_current_id=first))
    assert results == ["ok"] * THREADS, results
    actions = [e.action for e in _db.session.scalars(_db.select(ShowEvent).where(ShowEvent.ceremony_id == ceremony_id))]
    assert actions.count("next") == 1, actions
