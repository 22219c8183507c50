"""Turn measured figures into ready / problem against a ceremony's thresholds (pure functions).

The notes are Vietnamese: they are stored in the check-in and read by the province as data.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULTS = {"min_download_mbps": 4.0, "min_upload_mbps": 2.0, "max_rtt_ms": 150.0,
            "max_clock_offset_ms": 500.0, "max_jitter_ms": 30.0, "max_loss_pct": 1.0}
TOO_DARK = 40.0          # mean luma (0–255) under which a picture is too dark to broadcast
SILENT_DBFS = -60.0      # a microphone whose loudest moment stays under this heard nothing


@dataclass(frozen=True)
class Limits:
    min_download_mbps: float = DEFAULTS["min_download_mbps"]
    min_upload_mbps: float = DEFAULTS["min_upload_mbps"]
    max_rtt_ms: float = DEFAULTS["max_rtt_ms"]
    max_clock_offset_ms: float = DEFAULTS["max_clock_offset_ms"]
    max_jitter_ms: float = DEFAULTS["max_jitter_ms"]
    max_loss_pct: float = DEFAULTS["max_loss_pct"]

    @classmethod
    def of(cls, row) -> Limits:
        return cls(**{k: getattr(row, k) for k in DEFAULTS}) if row is not None else cls()


def _num(value: float) -> str:
    """1.5 → '1,5' (Vietnamese decimal comma)."""
    text = f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"
    return text.replace(".", ",")


def mos(rtt_ms: float, jitter_ms: float, loss_pct: float) -> float:
    """Estimated MOS of a voice call from RTT, jitter and loss: the usual E-model simplification
    (effective latency = one-way delay + 2 × jitter + 10 ms codec; R = 93.2 − delay and loss
    impairments; ITU-T G.107 R → MOS)."""
    effective = rtt_ms / 2 + 2 * jitter_ms + 10.0
    r = 93.2 - (effective / 40 if effective < 160 else (effective - 120) / 10) - 2.5 * loss_pct
    r = max(0.0, min(100.0, r))
    return round(1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r), 2) if r > 0 else 1.0


def network_problems(m: dict, limits: Limits) -> list[str]:
    """What the network figures miss (empty: good enough for the bridge)."""
    out = []
    if m.get("download_mbps") is not None and m["download_mbps"] < limits.min_download_mbps:
        out.append(f"Tải xuống {_num(m['download_mbps'])} Mbit/s < {_num(limits.min_download_mbps)} Mbit/s")
    if m.get("upload_mbps") is not None and m["upload_mbps"] < limits.min_upload_mbps:
        out.append(f"Tải lên {_num(m['upload_mbps'])} Mbit/s < {_num(limits.min_upload_mbps)} Mbit/s")
    if m.get("rtt_ms") is not None and m["rtt_ms"] > limits.max_rtt_ms:
        out.append(f"Độ trễ {_num(m['rtt_ms'])} ms > {_num(limits.max_rtt_ms)} ms")
    # The jitter of HTTP round trips is only shown (it carries the server's own work); the jitter
    # threshold judges the media path, where a video call feels it.
    if m.get("loss_pct") is not None and m["loss_pct"] > limits.max_loss_pct:
        out.append(f"Mất gói {_num(m['loss_pct'])} % > {_num(limits.max_loss_pct)} %")
    path = m.get("media_path")
    if path in ("tcp", "relay", "blocked"):
        out.append("Đường UDP bị chặn: hình và tiếng chỉ đi được qua TCP/máy chủ chuyển tiếp"
                   if path != "blocked" else "Đường UDP bị chặn: cuộc gọi video không kết nối trực tiếp được")
    if m.get("media_jitter_ms") is not None and m["media_jitter_ms"] > limits.max_jitter_ms:
        out.append(f"Dao động đường hình/tiếng {_num(m['media_jitter_ms'])} ms > {_num(limits.max_jitter_ms)} ms")
    if m.get("media_loss_pct") is not None and m["media_loss_pct"] > limits.max_loss_pct:
        out.append(f"Mất gói đường hình/tiếng {_num(m['media_loss_pct'])} % > {_num(limits.max_loss_pct)} %")
    return out


def clock_problems(m: dict, limits: Limits) -> list[str]:
    offset = m.get("clock_offset_ms")
    if offset is not None and abs(offset) > limits.max_clock_offset_ms:
        return [f"Đồng hồ máy lệch {_num(abs(offset))} ms > {_num(limits.max_clock_offset_ms)} ms so với máy chủ"]
    return []


def camera_problems(m: dict) -> list[str]:
    out = []
    if m.get("camera_frozen"):
        out.append("Hình camera bị đứng")
    if m.get("camera_brightness") is not None and m["camera_brightness"] < TOO_DARK:
        out.append("Hình camera quá tối")
    return out


def microphone_problems(m: dict) -> list[str]:
    if m.get("mic_silent") or (m.get("mic_level_db") is not None and m["mic_level_db"] < SILENT_DBFS):
        return ["Micro không thu được âm thanh"]
    return []


def speaker_problems(m: dict) -> list[str]:
    if m.get("speakers_heard") is False and m.get("speakers_confirmed") is False:
        return ["Loa: không nghe thấy âm thử"]
    return []
