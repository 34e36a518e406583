"""Linux desktop integration files pass the standard validators and agree with each other and with the app.

The validators come from Debian packages (desktop-file-utils, appstream, shared-mime-info, libxml2-utils).
A test that needs a missing tool is skipped and says which package provides it; the content checks always
run.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vault_app

ROOT = Path(__file__).resolve().parents[3]
RES = ROOT / "resources"
APP_ID = "org.pdvault.PersonalDataVault"
DESKTOP = RES / f"{APP_ID}.desktop"
MIME_XML = RES / f"{APP_ID}.mime.xml"
METAINFO = RES / f"{APP_ID}.metainfo.xml"
HICOLOR = RES / "icons" / "hicolor"
RUNTIME_ICONS = ROOT / "vault_app" / "resources" / "icons"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The file types the app opens, with the extension each one uses.
FILE_TYPES = {
    "application/x-pdvault-request": "pdvreq",
    "application/x-pdvault-grant": "pdvgrant",
    "application/x-pdvault-receipt": "pdvreceipt",
    "application/x-pdvault-trust-list": "pdvtrust",
}
SCHEME = "x-scheme-handler/pdv"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package: {package})")
    return path


def run(*cmd: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60, check=False)


def desktop_entry(group: str = "Desktop Entry") -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    # keys are case-sensitive in .desktop files
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    cp.read(DESKTOP, encoding="utf-8")
    return cp[group]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (no image library needed)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    w, h = struct.unpack(">II", head[16:24])
    return int(w), int(h)


# -- validators ----------------------------------------------------------------------------------------------
def test_desktop_file_passes_desktop_file_validate() -> None:
    exe = tool("desktop-file-validate", "desktop-file-utils")
    r = run(exe, DESKTOP)
    # The validator exits 0 with hints; errors and warnings are what we refuse.
    bad = [ln for ln in r.stdout.splitlines() if "error:" in ln or "warning:" in ln]
    assert r.returncode == 0 and not bad, r.stdout + r.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    exe = tool("appstreamcli", "appstream")
    r = run(exe, "validate", "--no-net", METAINFO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not [ln for ln in r.stdout.splitlines() if ln.startswith(("E:", "W:"))], r.stdout


def test_installed_tree_passes_appstreamcli_validate_tree(tmp_path: Path) -> None:
    """Laid out as installed, the metainfo's launchable must find the desktop file and its icon."""
    exe = tool("appstreamcli", "appstream")
    share = tmp_path / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    shutil.copy(DESKTOP, share / "applications")
    shutil.copy(METAINFO, share / "metainfo")
    shutil.copytree(HICOLOR, share / "icons" / "hicolor")
    r = run(exe, "validate-tree", "--no-net", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not [ln for ln in r.stdout.splitlines() if ln.strip().startswith(("E:", "W:"))], r.stdout


def test_mime_xml_is_well_formed_for_xmllint() -> None:
    exe = tool("xmllint", "libxml2-utils")
    r = run(exe, "--noout", MIME_XML)
    assert r.returncode == 0, r.stderr


def test_update_mime_database_registers_the_three_types(tmp_path: Path) -> None:
    # update-mime-database silently ignores unknown elements, so we check what it produced, not only its exit.
    exe = tool("update-mime-database", "shared-mime-info")
    mime = tmp_path / "mime"
    (mime / "packages").mkdir(parents=True)
    shutil.copy(MIME_XML, mime / "packages")
    r = run(exe, mime)
    assert r.returncode == 0, r.stderr
    globs = (mime / "globs2").read_text(encoding="utf-8")
    subclasses = (mime / "subclasses").read_text(encoding="utf-8").splitlines()
    for mtype, ext in FILE_TYPES.items():
        assert f":{mtype}:*.{ext}" in globs
        assert f"{mtype} text/plain" in subclasses
        compiled = ET.parse(mime / f"{mtype}.xml").getroot()
        langs = {c.get(XML_LANG) for c in compiled.findall(f"{MIME_NS}comment")}
        assert {None, "zh_CN"} <= langs
    icons = dict(ln.split(":", 1) for ln in (mime / "icons").read_text(encoding="utf-8").splitlines() if ln)
    assert icons == {t: f"{APP_ID}-{t.removeprefix('application/x-pdvault-')}" for t in FILE_TYPES}


# -- content and consistency ---------------------------------------------------------------------------------
def test_desktop_entry_content() -> None:
    e = desktop_entry()
    assert e["Type"] == "Application"
    assert e["Exec"] == "pdvault %U"  # %U: several files or pdv: links at once
    assert e["Icon"] == APP_ID == vault_app.APP_ID
    assert e["Name"] == vault_app.APP_NAME
    for key in ("Name[zh_CN]", "Comment[zh_CN]", "Keywords", "Categories"):
        assert e.get(key), f"{key} missing"
    assert e["Terminal"] == "false"
    # X11 window matching: Qt sets the WM_CLASS instance to the program name (bundle and pip wrapper alike)
    assert e["StartupWMClass"] == "pdvault"
    assert e["Actions"] == "demo;"
    demo = desktop_entry("Desktop Action demo")
    assert demo["Exec"] == "pdvault --demo" and demo.get("Name[zh_CN]")


def test_desktop_mime_types_match_the_mime_xml() -> None:
    declared = {t.rstrip() for t in desktop_entry()["MimeType"].split(";") if t}
    root = ET.parse(MIME_XML).getroot()
    in_xml = {m.get("type") for m in root.findall(f"{MIME_NS}mime-type")}
    assert in_xml == set(FILE_TYPES)
    assert declared == set(FILE_TYPES) | {SCHEME}


def test_file_types_use_the_protocols_extensions() -> None:
    from vault_app.protocol import transport

    exts = {f".{e}" for e in FILE_TYPES.values()}
    assert exts <= set(transport.ALL_EXTENSIONS)
    # the ones the subject's app opens: requests, receipts (and deletion confirmations), trust lists
    assert {transport.EXT_REQUEST, transport.EXT_RECEIPT, transport.EXT_TRUST_LIST} <= exts
    assert transport.LINK_SCHEME == SCHEME.rsplit("/", 1)[1]


def test_mime_xml_content() -> None:
    root = ET.parse(MIME_XML).getroot()
    for m in root.findall(f"{MIME_NS}mime-type"):
        mtype = m.get("type")
        assert mtype is not None
        globs = [g.get("pattern") for g in m.findall(f"{MIME_NS}glob")]
        assert globs == [f"*.{FILE_TYPES[mtype]}"]
        assert [s.get("type") for s in m.findall(f"{MIME_NS}sub-class-of")] == ["text/plain"]
        comments = {c.get(XML_LANG): (c.text or "").strip() for c in m.findall(f"{MIME_NS}comment")}
        assert comments.get(None) and comments.get("zh_CN")


def test_metainfo_agrees_with_desktop_file_package_and_scripts() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("launchable") == DESKTOP.name
    assert {m.text for m in root.iter("mediatype")} == set(FILE_TYPES)
    assert root.find("content_rating") is not None
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    scripts = set(pyproject.get("scripts", {})) | set(pyproject.get("gui-scripts", {}))
    assert {b.text for b in root.iter("binary")} == scripts == {"pdvault", "pdvault-cli", "pdvault-org"}
    # The newest release listed is the version being shipped.
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == pyproject["version"] == vault_app.__version__
    assert releases[0].get("date")


def test_metainfo_screenshots_exist_in_docs() -> None:
    shots = [(img.text or "").rsplit("/", 1)[-1] for img in ET.parse(METAINFO).getroot().iter("image")]
    assert shots, "AppStream stores list screenshots; the metainfo must have some"
    folder = ROOT / "docs" / "screenshots"
    if not folder.is_dir():
        pytest.skip("docs/screenshots/ does not exist yet (the GUI's screenshots are not committed)")
    missing = [s for s in shots if not (folder / s).is_file()]
    assert not missing, f"metainfo screenshots without a file in docs/screenshots/: {missing}"


# -- icons ---------------------------------------------------------------------------------------------------
def test_app_icon_pngs_have_their_named_sizes_and_runtime_copies_match() -> None:
    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert (RUNTIME_ICONS / "app.svg").read_bytes() == svg.read_bytes()
    for n in APP_SIZES:
        png = HICOLOR / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (n, n)
        assert (RUNTIME_ICONS / f"app-{n}.png").read_bytes() == png.read_bytes()


def test_every_file_type_has_its_icon_named_with_the_app_id() -> None:
    # Flatpak exports only icons whose names start with the app ID, so the MIME XML names them explicitly.
    root = ET.parse(MIME_XML).getroot()
    for m in root.findall(f"{MIME_NS}mime-type"):
        icon = m.find(f"{MIME_NS}icon")
        assert icon is not None, f"{m.get('type')} names no icon"
        name = icon.get("name", "")
        assert name.startswith(f"{APP_ID}-")
        assert (HICOLOR / "scalable" / "mimetypes" / f"{name}.svg").is_file()
        for n in (16, 32, 48):
            assert png_size(HICOLOR / f"{n}x{n}" / "mimetypes" / f"{name}.png") == (n, n)


def test_windows_ico_holds_every_size_as_png() -> None:
    data = (ROOT / "packaging" / "icons" / "pdvault.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h, _, _, planes, bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        n = w or 256
        assert (w, planes, bpp) == (h, 1, 32)
        png = data[offset : offset + size]
        assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (n, n)
        sizes.add(n)
    assert sizes == {16, 24, 32, 48, 64, 128, 256}


def test_macos_icns_holds_png_elements_up_to_1024() -> None:
    data = (ROOT / "packaging" / "icons" / "pdvault.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found: dict[str, int] = {}
    pos = 8
    while pos < len(data):
        kind, length = data[pos : pos + 4].decode("ascii"), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        png = data[pos + 8 : pos + length]
        assert png.startswith(b"\x89PNG"), kind
        found[kind] = struct.unpack(">II", png[16:24])[0]
        pos += length
    assert pos == len(data)
    assert found == {
        "icp4": 16,
        "icp5": 32,
        "icp6": 64,
        "ic07": 128,
        "ic08": 256,
        "ic09": 512,
        "ic10": 1024,
        "ic11": 32,
        "ic12": 64,
        "ic13": 256,
        "ic14": 512,
    }
