"""The media peer: the server end of the self-test's WebRTC loopback, in its own small process.

The operator page sends an SDP offer through the API (``selfTestMediaOffer``); the app forwards it
here; this process answers with aiortc, echoes the browser's audio back and echoes data-channel
messages, so the browser can measure what a video call would get: whether UDP gets through, RTT,
jitter, packet loss. One asyncio loop, one tiny HTTP endpoint (``POST /offer``, ``GET /health``) on
127.0.0.1; every connection is closed after ``--max-seconds``.

Run it with ``flask selftest media-peer --port 8765`` (or ``python -m ceremony.selftest.peer``).
``--ice-address`` pins the address aiortc offers (the server's public address in production; a
test uses 127.0.0.1 with ``--allow-remote 127.0.0.0/8`` so no packet leaves the loopback), and
``--drop-udp`` drops every UDP datagram, as a firewall that blocks UDP would.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import logging
import re

log = logging.getLogger("ceremony.selftest.peer")
CANDIDATE = re.compile(r"^a=candidate:\S+ \d+ (\S+) \d+ (\S+) \d+ typ (\S+)", re.IGNORECASE)


class Policy:
    """Which addresses ICE may use, and whether UDP is dropped (a test of the blocked-UDP report)."""

    def __init__(self, ice_address: str | None = None, allow_remote: list[str] | None = None, drop_udp: bool = False):
        self.ice_address = ice_address
        self.networks = [ipaddress.ip_network(n, strict=False) for n in (allow_remote or [])]
        self.drop_udp = drop_udp

    def allows(self, host: str) -> bool:
        if not self.networks:
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:  # an mDNS name (….local): not resolvable inside an allow-list
            return False
        return any(address in network for network in self.networks)

    def filter_sdp(self, sdp: str) -> str:
        """Drop the remote candidates this peer may not reach (and every UDP one when UDP is dropped)."""
        kept = []
        for line in sdp.splitlines():
            match = CANDIDATE.match(line)
            if match:
                protocol, host, _kind = match.groups()
                if not self.allows(host) or (self.drop_udp and protocol.lower() == "udp"):
                    continue
            kept.append(line)
        return "\r\n".join(kept) + "\r\n"


def install(policy: Policy) -> None:
    """Bend aioice (this process only) to the policy: the offered address, and which datagrams count."""
    from aioice import ice

    if policy.ice_address:
        ice.get_host_addresses = lambda use_ipv4, use_ipv6: [policy.ice_address]
    original = ice.StunProtocol.datagram_received
    if getattr(original, "_policy", None) is policy:
        return

    def datagram_received(self, data, addr):
        if policy.drop_udp or not policy.allows(addr[0]):
            return  # as if a firewall had eaten it: no reply, no peer-reflexive candidate
        return original(self, data, addr)

    datagram_received._policy = policy
    ice.StunProtocol.datagram_received = datagram_received


class MediaPeer:
    """Answers offers; each peer connection echoes audio and data-channel messages, then closes."""

    def __init__(self, policy: Policy, max_seconds: float = 60.0, max_connections: int = 60):
        self.policy = policy
        self.max_seconds = max_seconds
        self.max_connections = max_connections  # 187 points test a few at a time; a flood is refused
        self.connections: set = set()

    async def answer(self, sdp: str, kind: str) -> dict:
        from aiortc import RTCPeerConnection, RTCSessionDescription
        from aiortc.contrib.media import MediaRelay

        if len(self.connections) >= self.max_connections:
            raise RuntimeError("busy: too many self-tests at once, try again in a minute")
        pc = RTCPeerConnection()
        relay = MediaRelay()
        self.connections.add(pc)

        @pc.on("datachannel")
        def on_datachannel(channel):
            @channel.on("message")
            def on_message(message):
                channel.send(message)  # the browser times the echo

        @pc.on("track")
        def on_track(track):
            if track.kind == "audio":
                pc.addTrack(relay.subscribe(track))  # the browser's tone comes back: jitter and loss

        @pc.on("connectionstatechange")
        async def on_state():
            log.info("peer connection %s", pc.connectionState)
            if pc.connectionState in ("failed", "closed"):
                await self.close(pc)

        asyncio.get_running_loop().call_later(self.max_seconds, lambda: asyncio.ensure_future(self.close(pc)))
        await pc.setRemoteDescription(RTCSessionDescription(sdp=self.policy.filter_sdp(sdp), type=kind))
        await pc.setLocalDescription(await pc.createAnswer())
        return {"sdp": pc.localDescription.sdp, "type": pc.localDescription.type, "drop_udp": self.policy.drop_udp}

    async def close(self, pc) -> None:
        if pc in self.connections:
            self.connections.discard(pc)
            await pc.close()


async def _handle(peer: MediaPeer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    status, body = 200, {}
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, path, _ = request_line.split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        length = int(headers.get("content-length") or 0)
        if length > 200_000:
            raise ValueError("offer too large")
        payload = await asyncio.wait_for(reader.readexactly(length), 10) if length else b""
        if method == "GET" and path == "/health":
            body = {"ok": True, "connections": len(peer.connections), "drop_udp": peer.policy.drop_udp}
        elif method == "POST" and path == "/offer":
            offer = json.loads(payload)
            body = await asyncio.wait_for(peer.answer(str(offer["sdp"]), str(offer.get("type", "offer"))), 20)
        else:
            status, body = 404, {"message": "not found"}
    except Exception as error:  # a bad offer is answered, never crashes the peer
        log.warning("bad request: %s", error)
        status, body = 400, {"message": f"bad offer: {error}"[:300]}
    data = json.dumps(body).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
    writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
    try:
        await writer.drain()
    finally:
        writer.close()


async def serve(host: str, port: int, policy: Policy, max_seconds: float = 60.0) -> None:
    install(policy)
    peer = MediaPeer(policy, max_seconds)
    server = await asyncio.start_server(lambda r, w: _handle(peer, r, w), host, port)
    log.info("media peer on http://%s:%s (ice address %s, drop UDP: %s)", host, port,
             policy.ice_address or "all", policy.drop_udp)
    print(f"media peer listening on http://{host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


def run(host: str = "127.0.0.1", port: int = 8765, ice_address: str | None = None,
        allow_remote: list[str] | None = None, drop_udp: bool = False, max_seconds: float = 60.0) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        asyncio.run(serve(host, port, Policy(ice_address, allow_remote, drop_udp), max_seconds))
    except KeyboardInterrupt:
        pass


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--ice-address", default=None)
    parser.add_argument("--allow-remote", action="append", default=None)
    parser.add_argument("--drop-udp", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    run(args.host, args.port, args.ice_address, args.allow_remote, args.drop_udp, args.max_seconds)


if __name__ == "__main__":
    main()
