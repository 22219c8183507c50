"""API shapes of the self-test: typed measurements (inside reportReadiness), thresholds, bridge details."""
import marshmallow as ma

from ceremony.selftest.models import MediaPath


def _float(low, high, description):
    return ma.fields.Float(allow_none=True, load_default=None, validate=ma.validate.Range(min=low, max=high),
                           allow_nan=False, metadata={"description": description})


class MeasurementSchema(ma.Schema):
    """What the operator page's self-test measured (every field optional)."""

    download_mbps = _float(0, 100000, "download throughput, Mbit/s")
    upload_mbps = _float(0, 100000, "upload throughput as the browser timed it, Mbit/s")
    server_upload_mbps = _float(0, 100000, "upload throughput as the server timed it, Mbit/s")
    rtt_ms = _float(0, 600000, "round-trip time to this service, median of the burst, ms")
    rtt_p95_ms = _float(0, 600000, "round-trip time, 95th percentile, ms")
    jitter_ms = _float(0, 600000, "mean difference of consecutive round trips, ms")
    loss_pct = _float(0, 100, "small requests of the burst that failed, %")
    clock_offset_ms = _float(-86400000 * 366, 86400000 * 366, "server clock minus the device clock, ms")
    media_path = ma.fields.Enum(MediaPath, by_value=True, allow_none=True, load_default=None,
                                metadata={"description": "how the WebRTC loopback connected"})
    media_rtt_ms = _float(0, 600000, "WebRTC round-trip time, ms")
    media_jitter_ms = _float(0, 600000, "WebRTC audio jitter, ms")
    media_loss_pct = _float(0, 100, "WebRTC packet loss, %")
    media_mos = _float(1, 5, "estimated MOS (E-model); computed from the three above when left out")
    camera_width = ma.fields.Integer(strict=True, allow_none=True, load_default=None, validate=ma.validate.Range(min=1, max=100000))
    camera_height = ma.fields.Integer(strict=True, allow_none=True, load_default=None, validate=ma.validate.Range(min=1, max=100000))
    camera_brightness = _float(0, 255, "mean luma of the picture (0–255)")
    camera_frozen = ma.fields.Boolean(allow_none=True, load_default=None)
    mic_level_db = _float(-200, 10, "loudest level heard, dBFS")
    mic_silent = ma.fields.Boolean(allow_none=True, load_default=None)
    speakers_heard = ma.fields.Boolean(allow_none=True, load_default=None,
                                       metadata={"description": "the test tone came back through the microphone"})
    speakers_confirmed = ma.fields.Boolean(allow_none=True, load_default=None,
                                           metadata={"description": "the operator heard the test tone"})
    user_agent = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))

    @ma.post_load
    def plain(self, data, **kwargs):
        if data.get("media_path") is not None:
            data["media_path"] = data["media_path"].value
        return {k: v for k, v in data.items() if v is not None and v != ""}


class MeasurementOutSchema(ma.Schema):
    download_mbps = ma.fields.Float(allow_none=True)
    upload_mbps = ma.fields.Float(allow_none=True)
    server_upload_mbps = ma.fields.Float(allow_none=True)
    rtt_ms = ma.fields.Float(allow_none=True)
    rtt_p95_ms = ma.fields.Float(allow_none=True)
    jitter_ms = ma.fields.Float(allow_none=True)
    loss_pct = ma.fields.Float(allow_none=True)
    clock_offset_ms = ma.fields.Float(allow_none=True)
    media_path = ma.fields.Function(lambda m: m.media_path.value if m.media_path else None)
    media_rtt_ms = ma.fields.Float(allow_none=True)
    media_jitter_ms = ma.fields.Float(allow_none=True)
    media_loss_pct = ma.fields.Float(allow_none=True)
    media_mos = ma.fields.Float(allow_none=True)
    camera_width = ma.fields.Integer(allow_none=True)
    camera_height = ma.fields.Integer(allow_none=True)
    camera_brightness = ma.fields.Float(allow_none=True)
    camera_frozen = ma.fields.Boolean(allow_none=True)
    mic_level_db = ma.fields.Float(allow_none=True)
    mic_silent = ma.fields.Boolean(allow_none=True)
    speakers_heard = ma.fields.Boolean(allow_none=True)
    speakers_confirmed = ma.fields.Boolean(allow_none=True)
    measured_at = ma.fields.DateTime()


class ThresholdsSchema(ma.Schema):
    ceremony_id = ma.fields.Integer(dump_only=True)
    min_download_mbps = ma.fields.Float(validate=ma.validate.Range(min=0, max=100000), allow_nan=False)
    min_upload_mbps = ma.fields.Float(validate=ma.validate.Range(min=0, max=100000), allow_nan=False)
    max_rtt_ms = ma.fields.Float(validate=ma.validate.Range(min=0, max=600000), allow_nan=False)
    max_clock_offset_ms = ma.fields.Float(validate=ma.validate.Range(min=0, max=3600000), allow_nan=False)
    max_jitter_ms = ma.fields.Float(validate=ma.validate.Range(min=0, max=600000), allow_nan=False)
    max_loss_pct = ma.fields.Float(validate=ma.validate.Range(min=0, max=100), allow_nan=False)
    updated_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class BridgeSchema(ma.Schema):
    site_id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    endpoint = ma.fields.String(validate=ma.validate.Length(max=500),
                                metadata={"description": "video-conference endpoint or room link"})
    backup_link = ma.fields.String(validate=ma.validate.Length(max=500))
    tech_contact = ma.fields.String(validate=ma.validate.Length(max=120))
    tech_phone = ma.fields.String(validate=ma.validate.Length(max=30))
    updated_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class PingArgs(ma.Schema):
    seq = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=100000))


class PingSchema(ma.Schema):
    seq = ma.fields.Integer()
    server_time_ms = ma.fields.Float(metadata={"description": "server clock, ms since the Unix epoch"})


class DownloadArgs(ma.Schema):
    size = ma.fields.Integer(load_default=65536, validate=ma.validate.Range(min=1, max=8 * 1024 * 1024),
                             metadata={"description": "bytes to send (at most 8 MiB)"})


class UploadSchema(ma.Schema):
    bytes = ma.fields.Integer()
    seconds = ma.fields.Float(metadata={"description": "how long the server took to receive the body"})
    server_mbps = ma.fields.Float(allow_none=True)


class SdpOfferArgs(ma.Schema):
    sdp = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100000))
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(["offer"]))


class SdpAnswerSchema(ma.Schema):
    sdp = ma.fields.String()
    type = ma.fields.String()
    drop_udp = ma.fields.Boolean(metadata={"description": "the peer is set to drop UDP (a test of the "
                                                          "blocked-UDP report)"})


class TrendSchema(ma.Schema):
    phase = ma.fields.String()
    phase_name = ma.fields.String()
    status = ma.fields.String()
    checkin_id = ma.fields.Integer()
    measured_at = ma.fields.String()
    download_mbps = ma.fields.Float(allow_none=True)
    upload_mbps = ma.fields.Float(allow_none=True)
    rtt_ms = ma.fields.Float(allow_none=True)
    jitter_ms = ma.fields.Float(allow_none=True)
    clock_offset_ms = ma.fields.Float(allow_none=True)
    media_path = ma.fields.String(allow_none=True)
    media_mos = ma.fields.Float(allow_none=True)
    media_loss_pct = ma.fields.Float(allow_none=True)
