"""A figure's dark variant, for Material's dark scheme: the same figure object, recoloured.

The child (``child.py``) saves each figure as it was drawn, then calls ``recolour`` and saves
it a second time. Greys (text, axes, ticks, grid, legend boxes) have their lightness flipped,
so black text becomes light on a dark ground; colours too dark to see on that ground are
lightened; colour-mapped data (images, scatter colours) keeps its colormap, and so do the
labels written on it (a heatmap's cell values), so a plot reads the same in both schemes.
The figure and axes backgrounds become transparent: the page shows through, as in the light
figures.
"""

from __future__ import annotations

from matplotlib.collections import Collection
from matplotlib.colors import to_rgba, to_rgba_array
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

GREY_SPREAD = 0.06  # a colour whose channels differ by less than this is a grey
DARKEST_GREY = 0.12  # white maps to this; black maps to DARKEST_GREY + GREY_RANGE
GREY_RANGE = 0.78
DIM = 0.3  # colours with a relative luminance under this are lightened
LIGHTEN = 0.35  # by mixing this much white in


def dark_colour(colour) -> tuple[float, float, float, float]:
    """The dark-scheme counterpart of one colour (any matplotlib colour spec)."""
    r, g, b, a = to_rgba(colour)
    if max(r, g, b) - min(r, g, b) < GREY_SPREAD:
        v = DARKEST_GREY + GREY_RANGE * (1 - (r + g + b) / 3)
        return (v, v, v, a)
    if 0.2126 * r + 0.7152 * g + 0.0722 * b < DIM:
        r, g, b = (c + (1 - c) * LIGHTEN for c in (r, g, b))
    return (r, g, b, a)


def _is_colour(value) -> bool:
    return not (isinstance(value, str) and value in ("none", "auto", "face"))


def _recolour_line(line: Line2D) -> None:
    line.set_color(dark_colour(line.get_color()))
    for get, set_ in ((line.get_markerfacecolor, line.set_markerfacecolor),
                      (line.get_markeredgecolor, line.set_markeredgecolor)):
        if _is_colour(get()):
            set_(dark_colour(get()))


def _recolour_collection(collection: Collection) -> None:
    colour_mapped = collection.get_array() is not None
    if not colour_mapped and len(collection.get_facecolor()):
        collection.set_facecolor([dark_colour(c) for c in to_rgba_array(collection.get_facecolor())])
    if len(collection.get_edgecolor()):
        collection.set_edgecolor([dark_colour(c) for c in to_rgba_array(collection.get_edgecolor())])


def _labels_colour_mapped_data(text: Text) -> bool:
    """A text placed among an axes' colour-mapped data (a heatmap's cell labels): its colour
    was chosen against the cells, which keep their colours, so it keeps its own."""
    axes = text.axes
    return axes is not None and text in axes.texts and (
        bool(axes.images) or any(c.get_array() is not None for c in axes.collections))


def recolour(figure) -> None:
    """Turn ``figure`` into its dark variant, in place."""
    for artist in figure.findobj():
        if isinstance(artist, Text) and _labels_colour_mapped_data(artist):
            continue
        if isinstance(artist, Text):
            artist.set_color(dark_colour(artist.get_color()))
            box = artist.get_bbox_patch()
            if box is not None:
                box.set_facecolor(dark_colour(box.get_facecolor()))
                box.set_edgecolor(dark_colour(box.get_edgecolor()))
        elif isinstance(artist, Line2D):
            _recolour_line(artist)
        elif isinstance(artist, Patch):
            artist.set_facecolor(dark_colour(artist.get_facecolor()))
            artist.set_edgecolor(dark_colour(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            _recolour_collection(artist)
    figure.patch.set_facecolor("none")
    for axes in figure.axes:
        axes.patch.set_facecolor("none")
