"""The desktop app's entry point explains a missing screen or missing X11 libraries instead of letting Qt
abort."""

from __future__ import annotations

import subprocess
import sys

import vault_app.app as app


def test_no_screen_is_explained():
    msg = app.display_problem({}, "linux")
    assert msg is not None and "no screen" in msg and "pdvault-cli" in msg


def test_missing_x11_libraries_are_named_with_their_packages(monkeypatch):
    monkeypatch.setattr(
        app, "_loadable", lambda soname: soname not in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    )
    msg = app.display_problem({"DISPLAY": ":0"}, "linux")
    assert msg is not None and "libxcb-icccm4 libxcb-keysyms1" in msg and "sudo apt install" in msg


def test_nothing_to_say_when_qt_can_show_windows(monkeypatch):
    monkeypatch.setattr(app, "_loadable", lambda soname: True)
    assert app.display_problem({"DISPLAY": ":0"}, "linux") is None
    assert app.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert (
        app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    )  # an explicit choice is Qt's
    assert app.display_problem({}, "darwin") is None and app.display_problem({}, "win32") is None


def test_a_real_library_check_loads_what_exists_and_refuses_what_does_not():
    assert app._loadable("libc.so.6")
    assert not app._loadable("libdoes-not-exist-pdv.so.9")


def test_pdvault_without_a_screen_exits_with_the_message_not_a_qt_abort(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "vault_app"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 3
    assert "no screen to show the app on" in out.stderr and "Aborted" not in out.stderr
