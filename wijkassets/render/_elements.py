"""folium elements of the web maps: areas, asset markers, links, labels, legend, title, credits.

Every piece of text reaches the page in one of two ways, both safe for text a resident typed:
HTML built in Python from :func:`wijkassets.render._text.esc`-escaped values, or plain text that the page
sets with ``textContent`` (area names and figures in tooltips and labels); both handed to JavaScript as JSON
(with ``<``, ``>``, ``&``, ``'`` and ``$`` written as ``\\uXXXX`` so it can neither end the script nor
look like code). folium's own ``Popup``, ``Tooltip`` and ``GeoJsonPopup`` are not used: they pass text on as HTML
unescaped (and ``Popup`` needs jQuery, which the offline pages do not carry).
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import Element, MacroElement
from folium.template import Template

from wijkassets.render import style


def js_json(value: Any) -> str:
    """Return ``value`` as JSON that is safe inside a ``<script>`` element."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("$", "\\u0024")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class Script(MacroElement):
    """Run a piece of JavaScript; ``{parent}`` and ``{map}`` in ``code`` name the parent layer and its map."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{{ this.code_for_render() }}
{% endmacro %}"""
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "WijkassetsScript"
        self.code = code

    def code_for_render(self) -> str:
        """Return the code with the parent's and the map's JavaScript names filled in."""
        parent = self._parent
        if parent is None:
            raise RuntimeError("Script must be added to a map or layer before it is rendered.")
        map_: Any = parent
        while map_ is not None and type(map_).__name__ != "Map":
            map_ = getattr(map_, "_parent", None)
        return self.code.replace("{parent}", parent.get_name()).replace(
            "{map}", (map_ or parent).get_name()
        )


def css_element() -> Element:
    """Return the stylesheet of the wijkassets maps (system fonts only, nothing loaded)."""
    return Element("<style>" + CSS + "</style>")


CSS = f"""
.leaflet-container {{ background: {style.BACKGROUND_COLOUR};
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 14px; color: {style.TEXT_COLOUR}; }}
.wa-box {{ background: rgba(255,255,255,0.94); border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,0.35);
  padding: 8px 11px; line-height: 1.35; max-width: 330px; }}
.wa-title h1 {{ font-size: 19px; margin: 0 0 2px 0; font-weight: 700; }}
.wa-title p {{ margin: 0; font-size: 13px; color: #444; }}
.wa-legend h2 {{ font-size: 14px; margin: 0 0 6px 0; font-weight: 700; }}
.wa-legend .wa-row {{ display: flex; align-items: center; gap: 7px; margin: 3px 0; }}
.wa-legend .wa-row svg {{ flex: none; }}
.wa-legend .wa-count {{ color: #555; font-variant-numeric: tabular-nums; }}
.wa-legend .wa-desc {{ display: block; font-size: 11.5px; color: #555; }}
.wa-legend .wa-swatch {{ flex: none; width: 22px; height: 14px; border: 1px solid #777; }}
.wa-legend .wa-note, .wa-legend .wa-sources {{ font-size: 11.5px; color: #444; margin-top: 6px; }}
.wa-legend .wa-sources {{ border-top: 1px solid #ccc; padding-top: 5px; }}
.wa-legend details.wa-sources summary {{ cursor: pointer; }}
.wa-legend details.wa-sources[open] {{ max-height: 40vh; overflow-y: auto; }}
.wa-legend.wa-collapsed .wa-body {{ display: none; }}
.wa-legend button.wa-toggle {{ float: right; border: 0; background: none; font-size: 13px; cursor: pointer;
  color: #333; padding: 0 0 0 8px; }}
.wa-private, .wa-title p.wa-private {{ background: #b30000; color: #fff; font-weight: 700; padding: 6px 10px;
  border-radius: 4px; margin-top: 6px; }}
.wa-asset {{ background: none; border: 0; }}
.wa-asset svg {{ display: block; filter: drop-shadow(0 1px 1.5px rgba(0,0,0,0.55)); }}
.wa-label {{ background: none; border: 0; white-space: nowrap; pointer-events: none; }}
.wa-label span {{ display: inline-block; transform: translate(-50%, -50%); font-size: 12px; font-weight: 600;
  color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }}
.wa-labels-hidden .wa-label {{ display: none; }}
.wa-popup h3 {{ font-size: 15px; margin: 0 0 3px 0; }}
.wa-popup .wa-cat {{ display: flex; align-items: center; gap: 5px; color: #333; margin-bottom: 5px; }}
.wa-popup p {{ margin: 4px 0; }}
.wa-popup .wa-tag {{ display: inline-block; background: #eee; border-radius: 3px; padding: 0 5px; margin: 1px;
  font-size: 12px; }}
.wa-popup table {{ font-size: 12px; border-collapse: collapse; margin-top: 5px; }}
.wa-popup th {{ text-align: left; font-weight: 600; padding-right: 8px; vertical-align: top; }}
.wa-popup .wa-private {{ font-size: 11px; padding: 2px 6px; margin-top: 5px; }}
.wa-tip b {{ font-weight: 700; }}
.leaflet-control-layers-overlays label span {{ display: inline-flex; align-items: center; gap: 4px; }}
.leaflet-control-layers {{ font-size: 13px; }}
.leaflet-control-attribution {{ font-size: 11px; max-width: 48vw; }}
@media (max-width: 560px) {{
  .wa-title h1 {{ font-size: 16px; }} .wa-title p {{ display: none; }} .wa-title p.wa-private {{ display: block; }}
  .leaflet-control-attribution {{ max-width: 100vw; font-size: 9px; }}
}}
@media print {{ .leaflet-control-zoom, .leaflet-control-layers, .wa-toggle {{ display: none; }} }}
.wa-dual .leaflet-control-attribution {{ max-width: 20vw; }}
"""


class Control(MacroElement):
    """A Leaflet control with fixed HTML (built from escaped text) at a corner of the map."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var control = L.control({position: {{ this.position|tojson }}});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
    div.innerHTML = {{ this.html_json }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var button = div.querySelector('button.wa-toggle');
    if (button) {
      var set = function (collapsed) {
        div.classList.toggle('wa-collapsed', collapsed);
        button.textContent = collapsed ? button.dataset.show : button.dataset.hide;
        button.setAttribute('aria-expanded', collapsed ? 'false' : 'true');
      };
      button.addEventListener('click', function () { set(!div.classList.contains('wa-collapsed')); });
      /* on a phone the legend starts folded, so the map is visible */
      if ({{ this._parent.get_name() }}.getSize().x < 560) { set(true); }
    }
    return div;
  };
  control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(
        self, html: str, *, position: str = "bottomleft", css_class: str = "wa-box"
    ) -> None:
        super().__init__()
        self._name = "WijkassetsControl"
        self.position = position
        self.css_class = css_class
        self.html_json = js_json(html)


def areas_script(
    features: dict[str, Any] | None,
    *,
    fill: bool,
    label_min_zoom: int | None,
    weight: float = 1.2,
    fills: list[str] | None = None,
    shared: str | None = None,
) -> str:
    """Return JavaScript drawing area outlines (or a choropleth) with hover tooltips and optional labels.

    ``features`` is the compact data of :func:`wijkassets.render.web._features`: per area its outline
    (``g``: polygons of delta-coded rings in 1e-5 degree), name (``n``), code (``c``), tooltip figures (``v``,
    one string or null per line of ``l`` = ``[text before, bold, text after]``), optionally the focus areas
    (``f``, drawn lighter) and label points (``p``). ``fills`` gives a colour per area for a choropleth. With
    ``shared`` (a JavaScript name), ``features`` is stored under that name, and a later call with
    ``features=None`` and the same name draws the same areas again (the second pane of the side-by-side map),
    so the page carries the outlines once.

    The page stays light and quick: tooltips and labels are built from the values with ``textContent`` (never
    parsed as HTML) only when shown; one set of listeners on the group serves every area; the labels are made
    once the map is zoomed in far enough, for the areas in view; and the areas are drawn once, after the map
    has its final view (see :func:`fit_script`), not first at a provisional view and then again.
    """
    if features is None and shared is None:
        raise ValueError("areas_script needs features or the name of shared ones")
    data = (
        ("window." + shared + " = " if shared else "") + js_json(features)
        if features is not None
        else "window." + str(shared)
    )
    colours = sorted(set(fills or []))
    index = {c: i for i, c in enumerate(colours)}
    labels_js = (
        """
  var pts = data.p;
  if (pts) {
    if (!map.getPane('wa-labels')) {
      map.createPane('wa-labels');
      map.getPane('wa-labels').style.zIndex = 450;  /* above areas and lines, below markers */
      map.getPane('wa-labels').style.pointerEvents = 'none';
    }
    var labels = L.layerGroup().addTo(group), made = {};
    var update = function () {
      var hidden = map.getZoom() < """
        + str(label_min_zoom)
        + """;
      map.getContainer().classList.toggle('wa-labels-hidden', hidden);
      if (hidden) { return; }
      var view = map.getBounds().pad(0.25);
      for (var i = 0; i < pts.length; i++) {
        if (made[i] || !data.n[i]) { continue; }
        var at = L.latLng(pts[i][1] / 1e5, pts[i][0] / 1e5);
        if (!view.contains(at)) { continue; }
        made[i] = true;
        var span = document.createElement('span');
        span.textContent = data.n[i];
        L.marker(at, {icon: L.divIcon({className: 'wa-label', html: span, iconSize: null}),
                      interactive: false, keyboard: false, pane: 'wa-labels'}).addTo(labels);
      }
    };
    map.on('zoomend moveend', update);
    update();
  }
"""
        if label_min_zoom is not None
        else ""
    )
    return (
        DRAW_QUEUE
        + """(function () {
  var data = """
        + data
        + """;
  var colours = """
        + js_json(colours)
        + """, fills = """
        + js_json([index[c] for c in (fills or [])])
        + """;
  var fill = """
        + ("true" if fill else "false")
        + """, focus = {};
  (data.f || []).forEach(function (i) { focus[i] = true; });
  if (!data.ll) {  /* decode the outlines once; both panes share them */
    var ring = function (a) {
      var out = new Array(a.length / 2), x = 0, y = 0;
      for (var j = 0; j < a.length; j += 2) { x += a[j]; y += a[j + 1]; out[j / 2] = new L.LatLng(y / 1e5, x / 1e5); }
      return out;
    };
    data.ll = data.g.map(function (polys) {
      var p = polys.map(function (rings) { return rings.map(ring); });
      return p.length === 1 ? p[0] : p;
    });
  }
  var base = function (i) {
    return {color: '"""
        + style.OUTLINE_COLOUR
        + """', weight: """
        + str(weight)
        + """, opacity: 0.9,
            fill: true, fillColor: fill ? colours[fills[i]] : '#ffffff',
            fillOpacity: fill ? 0.85 : (focus[i] ? 0.8 : 0.25)};
  };
  var tip = function (layer) {
    var i = layer._wa, out = document.createDocumentFragment();
    var add = function (tag, text) {
      var el = tag ? document.createElement(tag) : document.createTextNode(text);
      if (tag) { el.textContent = text; }
      out.appendChild(el);
    };
    add('b', data.n[i]);
    if (data.c[i]) { add(null, ' '); add('small', data.c[i]); }
    data.l.forEach(function (line, j) {
      var v = data.v[i][j];
      if (v === null || v === undefined) { return; }
      out.appendChild(document.createElement('br'));
      if (line[0]) { add(null, line[0]); }
      add(line[1] ? 'b' : null, v);
      if (line[2]) { add(null, line[2]); }
    });
    return out;
  };
  var map = {map}, group = {parent};
  var draw = function () {
    var areas = L.featureGroup(), list = [];
    for (var i = 0; i < data.ll.length; i++) {
      if (!data.g[i].length) { continue; }
      var l = L.polygon(data.ll[i], base(i));
      l._wa = i;
      list.push(l);
      areas.addLayer(l);
    }
    areas.bindTooltip(tip, {sticky: true, className: 'wa-tip'});
    /* Leaflet marks every area of the group as described by the open tooltip; only the one under the mouse is */
    var describe = areas._setAriaDescribedByOnLayer;
    areas._setAriaDescribedByOnLayer = function (l) {
      if (this._tooltip && l === this._tooltip._source) { describe.call(this, l); }
    };
    areas.on('mouseover', function (e) { e.layer.setStyle({weight: 3, color: '#000'}); });
    areas.on('mouseout', function (e) { e.layer.setStyle(base(e.layer._wa)); });
    areas.addTo(group);
    /* Leaflet leaves the drawing a fraction of a pixel off after a view is set at a fractional zoom (blurred
       outlines) until the next move; put it back on whole pixels, as a move does */
    setTimeout(function () {
      var r = map._renderer;
      if (r && r._container && r._bounds && !map._animatingZoom) { L.DomUtil.setPosition(r._container, r._bounds.min); }
    }, 0);
    /* lines and outlines drawn before (links, asset areas) stay on top of the areas, as in the legend */
    var parent = list.length && list[0]._path && list[0]._path.parentNode;
    if (parent && parent.childNodes.length > list.length) {
      for (var k = list.length - 1; k >= 0; k--) { list[k].bringToBack(); }
    }
"""
        + labels_js
        + """  };
  /* draw once the map has its final view (fit_script / follow_script run the queue); a map without them
     draws right after this script */
  (map._wa_later = map._wa_later || []).push(draw);
  setTimeout(function () { L.wijkassetsDraw(map); }, 0);
})();"""
    )


def markers_script(rows: list[list[Any]], category: str) -> str:
    """Return JavaScript adding one marker per asset of ``category`` to the parent layer.

    ``rows`` are ``[lat, lon, popup_html, tooltip_html, id, plain_name, [dx, dy]]``; the HTML parts already
    escaped, ``plain_name`` is set as an attribute (never parsed as HTML), ``[dx, dy]`` shifts the symbol by
    that many pixels (markers sharing one spot are fanned out).
    """
    st = style.category_style(category)
    icon = style.svg_symbol(category, size=26)
    return (
        """(function () {
  var html = """
        + js_json(icon)
        + """;
  """
        + js_json(rows)
        + """.forEach(function (a) {
    var dx = a[6][0], dy = a[6][1];
    var icon = L.divIcon({className: 'wa-asset wa-cat-"""
        + st.key
        + """', html: html,
                          iconSize: [26, 26], iconAnchor: [13 - dx, 13 - dy],
                          popupAnchor: [dx, dy - 11], tooltipAnchor: [dx + 12, dy]});
    var m = L.marker([a[0], a[1]], {icon: icon, riseOnHover: true});
    m.bindPopup(a[2], {maxWidth: 320, className: 'wa-popup-wrap'});
    m.bindTooltip(a[3], {direction: 'right', className: 'wa-tip'});
    m.on('add', function () {
      var el = m.getElement();
      if (el) { el.setAttribute('data-asset-id', a[4]); el.setAttribute('aria-label', a[5]); }
    });
    m.addTo({parent});
  });
})();"""
    )


def shapes_script(geometries: list[dict[str, Any]], category: str) -> str:
    """Return JavaScript drawing the outlines of area-shaped assets (GeoJSON geometries) in their colour."""
    colour = style.category_style(category).colour
    return (
        "L.geoJSON({type: 'GeometryCollection', geometries: "
        + js_json(geometries)
        + "}, {interactive: false, style: {color: '"
        + colour
        + "', weight: 2, opacity: 0.9, fillColor: '"
        + colour
        + "', fillOpacity: 0.25}}).addTo({parent});"
    )


def links_script(rows: list[list[Any]]) -> str:
    """Return JavaScript drawing dashed lines between linked assets; rows are ``[[lat, lon], [lat, lon], tip]``."""
    return (
        """(function () {
  """
        + js_json(rows)
        + """.forEach(function (r) {
    L.polyline([r[0], r[1]], {color: '"""
        + style.LINK_COLOUR
        + """', weight: 2.5, opacity: 0.85, dashArray: '6 5'})
      .bindTooltip(r[2], {sticky: true, className: 'wa-tip'}).addTo({parent});
  });
})();"""
    )


def collapse_on_phone_script(control: str) -> str:
    """Return JavaScript that folds the layer switch ``control`` (a JavaScript name) on a narrow screen."""
    return (
        "if ({map}.getSize().x < 560) { "
        + control
        + ".options.collapsed = true; "
        + control
        + ".remove(); "
        + control
        + ".addTo({map}); }"
    )


def attribution_script(html: str) -> str:
    """Return JavaScript adding ``html`` (escaped) to the map's attribution line."""
    return "{map}.attributionControl.addAttribution(" + js_json(html) + ");"


def scale_script() -> str:
    """Return JavaScript adding a metric scale bar (no miles and feet on a Dutch map)."""
    return "L.control.scale({imperial: false, maxWidth: 160}).addTo({map});"


DRAW_QUEUE = """
if (!L.wijkassetsDraw) {
  L.wijkassetsDraw = function (map) {
    var later = map._wa_later || [];
    map._wa_later = [];
    later.forEach(function (f) { f(); });
  };
}
"""


def fit_script(bounds: list[list[float]], *, max_zoom: int = 17) -> str:
    """Return JavaScript fitting the map to ``[[south, west], [north, east]]`` beside its boxes.

    The legend (bottom left), the title and the layer switch (top right) take room: on a wide window the areas
    are fitted between them, on a narrow one (a pane of the side-by-side map, a phone) above the legend.
    """
    return (
        DRAW_QUEUE
        + """(function () {
  var map = {map};
  var box = function (selector) {
    var el = map.getContainer().querySelector(selector);
    return el ? {w: el.offsetWidth, h: el.offsetHeight} : {w: 0, h: 0};
  };
  var fit = function () {
    var size = map.getSize();
    if (!size.x || !size.y) { return false; }
    var legend = box('.wa-legend'), title = box('.wa-title'), layers = box('.leaflet-control-layers');
    var options = {animate: false, maxZoom: """
        + str(max_zoom)
        + """};
    if (size.x >= 1000) {
      options.paddingTopLeft = [legend.w + 20, 20];
      options.paddingBottomRight = [Math.max(title.w, layers.w) + 20, 20];
    } else {
      options.paddingTopLeft = [20, title.h + 20];
      options.paddingBottomRight = [20, Math.min(legend.h + 20, size.y / 2)];
    }
    map.fitBounds("""
        + js_json(bounds)
        + """, options);
    return true;
  };
  // A page inside a notebook (iframe) can run this before it has a size: fit again once it has one.
  if (!fit()) {
    var fitted = false;
    var retry = function () { if (!fitted) { map.invalidateSize(); fitted = fit(); } };
    window.addEventListener('load', retry);
    if (window.ResizeObserver) { new ResizeObserver(retry).observe(map.getContainer()); }
  }
  L.wijkassetsDraw(map);  // the areas, drawn once at this view
})();"""
    )


def follow_script(leader: str) -> str:
    """Return JavaScript giving the map the view of map ``leader`` (a JavaScript name), then drawing its areas."""
    return (
        DRAW_QUEUE
        + "{map}.setView("
        + leader
        + ".getCenter(), "
        + leader
        + ".getZoom(), {animate: false});\nL.wijkassetsDraw({map});"
    )
