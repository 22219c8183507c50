"""Media peer capacity: N WebRTC loopbacks at once against `flask selftest media-peer` (aiortc).

    .venv/bin/python bench/selftest_peer.py [--clients 10 30] [--seconds 8]

Starts the peer in its own process on a free loopback port (offering 127.0.0.1 only), then opens N
aiortc clients at once from this process, each as the operator page does: an audio tone and a data
channel, the offer with all candidates, the answer through ``POST /offer``. Each client echoes a
timestamp over the data channel every 200 ms for ``--seconds``. Prints, per N: the offer → answer
time and the time to connect (median, p95), the data-channel echo RTT (median, p95), how many
connected, and the CPU seconds the peer process used. Everything stays on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import array
import asyncio
import fractions
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] if ordered else float("nan")


def _tone_track():
    from aiortc.mediastreams import AudioStreamTrack
    from av import AudioFrame

    rate, count = 48000, 960
    period = array.array("h", (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate // 40)))
    chunk = (period * (count // len(period) + 1))[:count].tobytes()  # 440 Hz fits 20 ms whole

    class Tone(AudioStreamTrack):
        """20 ms frames of a 440 Hz tone, as the page's oscillator sends."""

        def __init__(self):
            super().__init__()
            self.samples = 0

        async def recv(self):
            if self.samples:
                await asyncio.sleep(0.02)
            frame = AudioFrame(format="s16", layout="mono", samples=count)
            frame.planes[0].update(chunk)
            frame.sample_rate, frame.pts, frame.time_base = rate, self.samples, fractions.Fraction(1, rate)
            self.samples += count
            return frame

    return Tone()


async def one_client(url: str, seconds: float) -> dict:
    from aiortc import RTCPeerConnection, RTCSessionDescription

    pc = RTCPeerConnection()
    pc.addTrack(_tone_track())
    channel = pc.createDataChannel("probe")
    echoes: list[float] = []
    opened = asyncio.Event()
    channel.on("open", opened.set)
    channel.on("message", lambda m: echoes.append((time.perf_counter() - float(m)) * 1000))
    started = time.perf_counter()
    await pc.setLocalDescription(await pc.createOffer())
    body = json.dumps({"sdp": pc.localDescription.sdp, "type": "offer"}).encode()
    loop = asyncio.get_running_loop()

    def post():
        request = urllib.request.Request(f"{url}/offer", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    answer = await loop.run_in_executor(None, post)
    answered = time.perf_counter()
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    try:
        await asyncio.wait_for(opened.wait(), 15)
    except asyncio.TimeoutError:
        await pc.close()
        return {"connected": False, "answer_ms": (answered - started) * 1000}
    connected = time.perf_counter()
    end = connected + seconds
    while time.perf_counter() < end:
        channel.send(repr(time.perf_counter()))
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.3)
    await pc.close()
    return {"connected": True, "answer_ms": (answered - started) * 1000, "connect_ms": (connected - started) * 1000,
            "echoes": echoes}


async def run_round(url: str, clients: int, seconds: float) -> list[dict]:
    return await asyncio.gather(*(one_client(url, seconds) for _ in range(clients)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    from ceremony.selftest.peer import Policy, install

    install(Policy("127.0.0.1", ["127.0.0.0/8"]))  # the clients offer and answer loopback only, too
    port = _free_port()
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
    peer = subprocess.Popen([sys.executable, "-m", "ceremony.selftest.peer", "--port", str(port), "--ice-address",
                             "127.0.0.1", "--allow-remote", "127.0.0.0/8", "--max-seconds", "120"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        print(f"media peer pid {peer.pid} on {url}; {os.cpu_count()} cores")
        for clients in args.clients:
            cpu_before, wall = _cpu_seconds(peer.pid), time.perf_counter()
            results = asyncio.run(run_round(url, clients, args.seconds))
            cpu, wall = _cpu_seconds(peer.pid) - cpu_before, time.perf_counter() - wall
            ok = [r for r in results if r["connected"]]
            echoes = [e for r in ok for e in r["echoes"]]
            answers = [r["answer_ms"] for r in results]
            connects = [r["connect_ms"] for r in ok]
            print(f"{clients:3d} loopbacks: connected {len(ok)}/{clients}; offer→answer median "
                  f"{statistics.median(answers):.0f} ms, p95 {_p95(answers):.0f} ms; connect median "
                  f"{statistics.median(connects) if connects else float('nan'):.0f} ms, p95 {_p95(connects):.0f} ms; "
                  f"echo RTT median {statistics.median(echoes) if echoes else float('nan'):.1f} ms, p95 "
                  f"{_p95(echoes):.1f} ms ({len(echoes)} echoes); peer CPU {cpu:.1f} s over {wall:.1f} s")
    finally:
        peer.terminate()
        peer.wait(timeout=10)
        os.unlink(log.name)


if __name__ == "__main__":
    main()
