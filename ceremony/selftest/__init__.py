"""Self-test of a bridge point: measured network, media path, clock, camera, microphone, speakers;
per-ceremony thresholds; the point's bridge details (conference links, technical contact)."""
