"""Server-drawn charts: SVG escapes its text; PNG is a real image with Vietnamese labels."""
import io

from PIL import Image

from ceremony.core.charts import BarChart, png, svg


def test_svg_escapes_and_marks_targets():
    chart = BarChart("Theo huyện <b>", ["Huyện Lý Sơn", "A & B"], [16, 3], [14, 7])
    out = svg(chart)
    assert out.startswith("<svg") and "&lt;b&gt;" in out and "A &amp; B" in out and "<b>" not in out
    assert out.count("<line") == 2 and 'data-value="16"' in out


def test_png_is_an_image():
    data = png(BarChart("Lượt hướng dẫn theo kỹ năng", ["Dịch vụ công trực tuyến"], [1381]))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size[0] == 1600
