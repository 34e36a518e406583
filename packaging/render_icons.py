"""Renders the application icon and the MIME-type icons from their SVG sources into every PNG size we ship.

Run after changing an SVG (the outputs are committed, so builds do not need this step):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py          # write
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py --check  # exit 1 if any is stale

Sources and outputs:
- resources/icons/hicolor/scalable/apps/org.pdvault.PersonalDataVault.svg (hand-drawn, the one true source)
  -> resources/icons/hicolor/<N>x<N>/apps/org.pdvault.PersonalDataVault.png   (desktop integration) ->
  vault_app/resources/icons/app.svg and app-<N>.png                           (loaded at run time)
- the MIME-type icons are generated here from one template (a page with the shield and a coloured badge),
  so the three stay consistent:
  resources/icons/hicolor/scalable/mimetypes/org.pdvault.PersonalDataVault-*.svg and their 16..256 px PNGs.
  They carry the app ID as prefix (named in the MIME XML's <icon> element) because Flatpak only exports
  icons whose names start with the app ID.

- packaging/icons/pdvault.ico (Windows, 16..256 px) and packaging/icons/pdvault.icns (macOS, 16..1024 px)
  for the PyInstaller spec, both built from the same renders (PNG entries, which both formats allow), so
  the Windows and macOS builds need neither Pillow nor iconutil.

Rendering uses Qt's own SVG renderer (QtSvg) into a QImage, offscreen: no Inkscape or rsvg needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.pdvault.PersonalDataVault"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
APP_SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
RUNTIME_DIR = ROOT / "vault_app" / "resources" / "icons"
PLATFORM_DIR = ROOT / "packaging" / "icons"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, with their pixel size (the @2x types hold the doubled size).
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)

# icon name -> (badge colour, badge glyph as SVG path data drawn in white on a 24x24 badge centred at 0,0)
MIME_TYPES: dict[str, tuple[str, str]] = {
    # a request arrives: an arrow pointing down, into the vault
    f"{APP_ID}-request": ("#c77c00", "M0 -7 V4 M-5 -1 L0 5 L5 -1"),
    # a grant was given: a check mark
    f"{APP_ID}-grant": ("#2e7d32", "M-6 0 L-2 5 L6 -5"),
    # a receipt records a use: two lines, like a ticket
    f"{APP_ID}-receipt": ("#546e7a", "M-6 -3 H6 M-6 3 H6"),
    # a certifier's trust list: a star, the certifier's mark
    f"{APP_ID}-trust-list": (
        "#6a1b9a",
        "M0 -6 L1.6 -1.8 L6.2 -1.5 L2.7 1.4 L3.8 5.8 L0 3.3 L-3.8 5.8 L-2.7 1.4 L-6.2 -1.5 L-1.6 -1.8 Z",
    ),
}

MIME_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Personal Data Vault file icon ({name}); made by packaging/render_icons.py: edit the template there. -->
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <path d="M12 3 H40 L54 17 V61 H12 Z" fill="#fafafa" stroke="#7a8794" stroke-width="2"
        stroke-linejoin="round"/>
  <path d="M40 3 V17 H54" fill="#dfe5ea" stroke="#7a8794" stroke-width="2" stroke-linejoin="round"/>
  <path d="M33 19 L47 23.5 V33 C47 41 41.5 46.5 33 50 C24.5 46.5 19 41 19 33 V23.5 Z" fill="#2b6ea6"/>
  <circle cx="33" cy="31" r="4.2" fill="#ffffff"/>
  <path d="M31 33 L29.5 42 H36.5 L35 33 Z" fill="#ffffff"/>
  <g transform="translate(46 49)">
    <circle r="12" fill="{colour}" stroke="#ffffff" stroke-width="2"/>
    <path d="{glyph}" fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round"
          stroke-linejoin="round"/>
  </g>
</svg>
"""


def mime_svg(name: str) -> str:
    colour, glyph = MIME_TYPES[name]
    return MIME_TEMPLATE.format(name=name, colour=colour, glyph=glyph)


def _qt() -> object:
    # Imported lazily so that `--help` works without Qt, and offscreen so that no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def render_png(svg_bytes: bytes, size: int) -> bytes:
    """The SVG drawn into a transparent size x size image, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_bytes))
    if not renderer.isValid():
        raise SystemExit("render_icons: the SVG did not parse")
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # Straight (non-premultiplied) alpha is what PNG stores; converting first keeps edge pixels exact.
    img = img.convertToFormat(QImage.Format.Format_ARGB32)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
        raise SystemExit("render_icons: could not encode a PNG")
    buf.close()
    return bytes(data.data())


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (the PNG-in-ICO form Windows has read since Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for n in sizes:
        data = pngs[n]
        # width/height 0 means 256; 0 colours, 1 plane, 32 bits per pixel
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG elements, as Apple's iconutil writes it."""
    body = b"".join(t.encode("ascii") + struct.pack(">I", 8 + len(pngs[n])) + pngs[n] for t, n in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def planned_outputs() -> dict[Path, bytes]:
    """Every file this script owns, with the bytes it should hold."""
    _qt()
    out: dict[Path, bytes] = {}
    app_svg = APP_SVG.read_bytes()
    out[RUNTIME_DIR / "app.svg"] = app_svg
    all_sizes = set(APP_SIZES) | set(ICO_SIZES) | {n for _, n in ICNS_TYPES}
    renders = {n: render_png(app_svg, n) for n in sorted(all_sizes)}
    for n in APP_SIZES:
        out[HICOLOR / f"{n}x{n}" / "apps" / f"{APP_ID}.png"] = renders[n]
        out[RUNTIME_DIR / f"app-{n}.png"] = renders[n]
    out[PLATFORM_DIR / "pdvault.ico"] = build_ico({n: renders[n] for n in ICO_SIZES})
    out[PLATFORM_DIR / "pdvault.icns"] = build_icns(renders)
    for name in MIME_TYPES:
        svg = mime_svg(name).encode("utf-8")
        out[HICOLOR / "scalable" / "mimetypes" / f"{name}.svg"] = svg
        for n in MIME_SIZES:
            out[HICOLOR / f"{n}x{n}" / "mimetypes" / f"{name}.png"] = render_png(svg, n)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if a committed file is stale")
    args = ap.parse_args(argv)
    stale = []
    for path, data in planned_outputs().items():
        current = path.read_bytes() if path.exists() else None
        if current == data:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if args.check:
        for p in stale:
            print(f"stale: {p}")
        print("icons up to date" if not stale else f"{len(stale)} icon file(s) need `render_icons.py`")
        return 1 if stale else 0
    print(f"wrote {len(stale)} file(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
