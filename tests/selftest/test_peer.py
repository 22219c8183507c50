"""The media peer's address policy and the MOS estimate (pure functions)."""
from ceremony.selftest.peer import Policy
from ceremony.selftest.thresholds import mos

OFFER = "\r\n".join([
    "v=0", "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0",
    "a=candidate:2 1 udp 2122194687 192.0.2.2 50001 typ host generation 0",
    "a=candidate:3 1 udp 2122129151 0b7e3c1a-6c1f.local 50002 typ host generation 0",
    "a=candidate:4 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0",
    "a=mid:0", ""])


def test_the_peer_keeps_only_candidates_it_may_reach():
    kept = Policy("127.0.0.1", ["127.0.0.0/8"]).filter_sdp(OFFER)
    assert "127.0.0.1 50000" in kept and "127.0.0.1 9 typ host tcptype" in kept
    assert "192.0.2.2" not in kept and ".local" not in kept  # another network, an mDNS name
    assert "a=mid:0" in kept and "m=audio" in kept
    assert Policy().filter_sdp(OFFER).count("a=candidate") == 4  # no allow-list: every candidate


def test_dropping_udp_drops_every_udp_candidate():
    kept = Policy("127.0.0.1", ["127.0.0.0/8"], drop_udp=True).filter_sdp(OFFER)
    assert "udp" not in kept.lower().replace("udp/tls", "") and "tcptype active" in kept
    policy = Policy(drop_udp=True)
    assert policy.allows("127.0.0.1") and policy.drop_udp


def test_mos_falls_with_delay_jitter_and_loss():
    good = mos(20, 2, 0)
    assert 4.3 <= good <= 4.5
    assert mos(300, 2, 0) < good and mos(20, 60, 0) < good and mos(20, 2, 5) < good
    assert mos(20, 2, 10) < 4.0 < mos(20, 2, 0.5)
    assert mos(2000, 500, 50) == 1.0
