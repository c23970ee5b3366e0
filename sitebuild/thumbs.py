"""A figure's gallery thumbnail: a small raster of it, drawn by the run that drew the figure.

The child (``child.py``) calls ``thumbnail`` right after saving a figure as SVG (and again
after its dark recolouring), so the gallery page (``gallery.py``) shows 480-pixel WebP
images instead of the full SVG files, which the Output boxes keep.

Why WebP, lossy, quality 75: the figures' SVG run from 10 to 121 KB each; a lossless PNG of
the same 480 pixels was 27 to 71 KB on three of them, and a 256-colour PNG bands colour bars
and tints white grounds, while WebP at quality 75 keeps text and colour maps clean at 3 to
18 KB (9 KB the median), which keeps the gallery page (HTML and every light thumbnail) under
the 400 KB budget ``make bench`` holds non-concept pages to, and decodes in every browser
the site supports. Quality 80 was 12% larger; AVIF was a few KB smaller but slower to
encode.

Thumbnails are opaque: the light one on white (as the figures are shown), the dark one on
Material's slate ground (DARK_GROUND), so it sits on the page like its transparent SVG does.
Kept transparent, the dark ones averaged 20 KB, up to 36 KB (quality 80): WebP stores the
alpha channel losslessly, and a dark figure's ground and light text are all alpha.
"""

from __future__ import annotations

import io

THUMB_WIDTH = 240  # CSS pixels in the gallery: four to a row on a desktop, one or two on a phone
PIXEL_WIDTH = 2 * THUMB_WIDTH  # sharp on a 2x screen
QUALITY = 75
MAX_BYTES = 25_000  # each thumbnail's budget (the tests hold every one to it)
PAD_INCHES = 0.1  # matplotlib's default padding around a tight bounding box
# Material's slate scheme ground, --md-default-bg-color: hsla(225deg, 15%, 14%, 1)
DARK_GROUND = (30, 33, 41)


def thumbnail(figure, dark: bool = False) -> bytes:
    """``figure`` as a WebP image PIXEL_WIDTH pixels wide (its tight bounding box, as the SVG),
    on white, or on DARK_GROUND for a ``dark`` variant.

    Call it after the figure was drawn once (saved as SVG): its tight box is measured then.
    """
    from PIL import Image

    box = figure.get_tightbbox(figure.canvas.get_renderer())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PIXEL_WIDTH / (box.width + 2 * PAD_INCHES),
                   bbox_inches="tight", pad_inches=PAD_INCHES)
    drawn = Image.open(buffer).convert("RGBA")
    image = Image.new("RGBA", drawn.size, (*DARK_GROUND, 255) if dark else (255, 255, 255, 255))
    image = Image.alpha_composite(image, drawn).convert("RGB")
    if image.width != PIXEL_WIDTH:  # the box's rounding, a pixel or two
        height = max(1, round(image.height * PIXEL_WIDTH / image.width))
        image = image.resize((PIXEL_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=QUALITY, method=6)
    return out.getvalue()


def size(data: bytes) -> tuple[int, int]:
    """A thumbnail's width and height in pixels."""
    from PIL import Image

    return Image.open(io.BytesIO(data)).size
