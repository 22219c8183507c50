"""What is timed in a ceremony, so moving its date can say what moved (old → new).

Domains store their times as offsets from ``Ceremony.starts_at`` (``*_offset_minutes``), so a new
date moves them by itself; they register here what to list (``timed``), what to redo after a move
(``after_move``) and what every new ceremony gets (``on_create``). ``core`` imports no domain:
domains call the ``register_*`` functions when their ``operations`` module is imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable


@dataclass(frozen=True)
class TimedItem:
    key: str           # stable within the ceremony, e.g. "readiness:t30:opens"
    label: str         # what the organizer reads, e.g. "Kiểm tra T-30 phút (mở)"
    at: datetime


@dataclass(frozen=True)
class Move:
    key: str
    label: str
    old: datetime
    new: datetime


_timed: dict[str, Callable] = {}
_after_move: dict[str, Callable] = {}
_on_create: dict[str, Callable] = {}


def register_timed(name: str, provider: Callable) -> None:
    """``provider(ceremony) -> list[TimedItem]``: the domain's timed things of a ceremony."""
    _timed[name] = provider


def register_after_move(name: str, hook: Callable) -> None:
    """``hook(ceremony)``: called after the start moved (e.g. reopen a window now in the future)."""
    _after_move[name] = hook


def register_on_create(name: str, hook: Callable) -> None:
    """``hook(ceremony)``: called for every new ceremony (e.g. the default readiness windows)."""
    _on_create[name] = hook


def snapshot(ceremony) -> dict[str, TimedItem]:
    items: dict[str, TimedItem] = {}
    for name in sorted(_timed):
        for item in _timed[name](ceremony):
            items[item.key] = item
    return items


def moves(before: dict[str, TimedItem], after: dict[str, TimedItem]) -> list[Move]:
    """What changed instant between two snapshots, in the order of the new times."""
    moved = [Move(key, item.label, before[key].at, item.at) for key, item in after.items()
             if key in before and before[key].at != item.at]
    return sorted(moved, key=lambda m: (m.new, m.key))


def ceremony_moved(ceremony) -> None:
    for name in sorted(_after_move):
        _after_move[name](ceremony)


def ceremony_created(ceremony) -> None:
    for name in sorted(_on_create):
        _on_create[name](ceremony)
