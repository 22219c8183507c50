"""The campaign's charts, from its progress data: SVG on the page, PNG in the dossier."""
from __future__ import annotations

from ceremony.core.charts import BarChart


def by_district(data: dict) -> BarChart:
    rows = data["by_district"]
    return BarChart("Người dân được hướng dẫn theo huyện (so với chỉ tiêu)", [r["name"] for r in rows],
                    [r["guided"] for r in rows], [r["target"] for r in rows])


def by_skill(data: dict) -> BarChart:
    rows = data["by_skill"]
    return BarChart("Lượt hướng dẫn theo kỹ năng", [r["label"] for r in rows], [r["guided"] for r in rows])


def by_level(data: dict) -> BarChart:
    rows = data["by_level"]
    return BarChart("Theo cấp của Tổ Công nghệ số cộng đồng", [r["label"] for r in rows],
                    [r["guided"] for r in rows], [r["target"] for r in rows])


def by_commune(data: dict) -> BarChart:
    rows = data["by_commune"]
    return BarChart("Người dân được hướng dẫn theo xã (so với chỉ tiêu)", [r["name"] for r in rows],
                    [r["guided"] for r in rows], [r["target"] for r in rows])


def page_charts(data: dict) -> list[BarChart]:
    """District, level and skill; a district operator (no district rows but communes) sees communes."""
    first = by_district(data) if len(data["by_district"]) > 1 or not data["by_commune"] else by_commune(data)
    return [c for c in (first, by_level(data), by_skill(data)) if c.labels]
