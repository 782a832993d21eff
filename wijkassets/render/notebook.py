"""Show maps and figures inside a notebook without internet.

folium's own notebook display links Leaflet and friends from public CDNs, so in a workshop without internet the
cell stays empty. :func:`show_map` renders the same self-contained page that :func:`wijkassets.render.web.save_map`
writes (every script, style and icon inlined) into an ``<iframe srcdoc=...>``, so nothing is loaded from outside.
"""

from __future__ import annotations

import html
import os
from typing import Any


def show_map(m: Any, *, height: int = 640) -> Any:
    """Return an IPython HTML object that shows map ``m`` offline (the last line of a cell displays it).

    Parameters
    ----------
    m
        A map from :func:`wijkassets.render.web.strengths_map` or :func:`~wijkassets.render.web.side_by_side_map`.
    height
        Height of the map in the notebook, in pixels.
    """
    import warnings

    from IPython.display import HTML

    from wijkassets.render.web import to_html

    page = to_html(m, self_contained=True)
    frame = (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;border:0" '
        'sandbox="allow-scripts allow-popups"></iframe>'
    )
    with warnings.catch_warnings():
        # IPython suggests IFrame(src=...), which needs a file or server; srcdoc keeps the notebook self-contained.
        warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")
        return HTML(frame)


def show_image(path: str | os.PathLike[str], *, width: int = 800) -> Any:
    """Return an IPython Image of a PNG that wijkassets wrote (a walk page, a chart)."""
    from IPython.display import Image

    return Image(filename=os.fspath(path), width=width)
