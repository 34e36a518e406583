"""'Remember on this device': the data key only ever goes to a secure keyring; insecure ones are refused."""

from __future__ import annotations

import base64
from typing import Any

import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from vault_app.domain.errors import EnvironmentFault, IntegrityError
from vault_app.services import remember as rem
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict (what a secure OS keyring does, minus the OS)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError("no such entry")
        del self.store[(service, username)]


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt.file.PlaintextKeyring (not a dependency): same module, same refusal."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


class FakeSecretService(MemoryKeyring):
    pass


FakeSecretService.__module__ = "keyring.backends.SecretService"
FakeSecretService.__qualname__ = "Keyring"


@pytest.fixture
def mem() -> MemoryKeyring:
    return MemoryKeyring()


def _locked(svc: VaultService) -> VaultService:
    svc.lock()
    return VaultService(svc.vault_dir, clock=svc.clock)


def test_remember_then_unlock_without_the_password(service: VaultService, mem: MemoryKeyring) -> None:
    service.add_field("email", "email", "contact", "ada@example.org")
    rem.remember(service, backend=mem)
    (svc_name, user), secret = next(iter(mem.store.items()))
    assert svc_name == "org.pdvault.PersonalDataVault" and user == service.vault_id
    assert base64.b64decode(secret) == service.data_key_for_remember()
    assert rem.is_remembered(service.vault_id, mem)
    svc = _locked(service)
    assert rem.unlock_remembered(svc, backend=mem) is True
    assert svc.get_field("email").value == "ada@example.org"
    assert rem.unlock_remembered(svc, backend=mem) is True  # already unlocked
    svc.lock()


def test_forget(service: VaultService, mem: MemoryKeyring) -> None:
    rem.remember(service, backend=mem)
    assert rem.forget(service.vault_id, backend=mem) is True
    assert mem.store == {} and rem.forget(service.vault_id, backend=mem) is False
    svc = _locked(service)
    assert rem.unlock_remembered(svc, backend=mem) is False and not svc.is_unlocked


def test_remember_needs_an_unlocked_vault(service: VaultService, mem: MemoryKeyring) -> None:
    from vault_app.domain.errors import AuthError

    svc = _locked(service)
    with pytest.raises(AuthError):
        rem.remember(svc, backend=mem)
    assert mem.store == {}


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        PlaintextKeyring(),
    ],
    ids=["fail", "null", "keyrings.alt-plaintext"],
)
def test_insecure_backends_are_refused(service: VaultService, backend: Any) -> None:
    with pytest.raises(EnvironmentFault) as ei:
        rem.remember(service, backend=backend)
    assert ei.value.reason == "insecure-keyring"
    assert "secure keyring" in ei.value.message and type(backend).__module__ in ei.value.message
    if isinstance(backend, PlaintextKeyring):
        assert backend.store == {}
    svc = _locked(service)
    assert rem.unlock_remembered(svc, backend=backend) is False
    assert rem.forget(svc.read_keyfile().vault_id, backend=backend) is False


def test_the_machine_default_keyring_is_refused_when_it_is_not_secure(
    service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the backend keyring chooses on a headless machine, and a plaintext one chosen by configuration
    for default in (keyring.backends.fail.Keyring(), PlaintextKeyring(), MemoryKeyring()):
        monkeypatch.setattr(rem.keyring, "get_keyring", lambda d=default: d)
        with pytest.raises(EnvironmentFault) as ei:
            rem.remember(service)
        assert ei.value.reason == "insecure-keyring"


def test_a_secure_default_is_used(service: VaultService, monkeypatch: pytest.MonkeyPatch) -> None:
    ss = FakeSecretService()
    monkeypatch.setattr(rem.keyring, "get_keyring", lambda: ss)
    rem.remember(service)
    assert list(ss.store) == [(rem.SERVICE, service.vault_id)]


def test_a_chainer_uses_only_its_secure_member(
    service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, ss = PlaintextKeyring(), FakeSecretService()
    monkeypatch.setattr(ChainerBackend, "backends", [plain, ss])  # plaintext first: chainer would pick it
    rem.remember(service, backend=ChainerBackend())
    assert plain.store == {} and list(ss.store) == [(rem.SERVICE, service.vault_id)]
    monkeypatch.setattr(ChainerBackend, "backends", [plain, keyring.backends.fail.Keyring()])
    with pytest.raises(EnvironmentFault) as ei:
        rem.remember(service, backend=ChainerBackend())
    assert ei.value.reason == "insecure-keyring" and plain.store == {}


def test_a_keyring_that_fails(service: VaultService) -> None:
    import keyring.errors

    class Broken(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("the collection is locked")

        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

    with pytest.raises(EnvironmentFault) as ei:
        rem.remember(service, backend=Broken())
    assert ei.value.reason == "keyring-failed"
    svc = _locked(service)
    assert rem.unlock_remembered(svc, backend=Broken()) is False


def test_a_stale_key_after_rekey_is_forgotten(service: VaultService, mem: MemoryKeyring) -> None:
    rem.remember(service, backend=mem)
    service.rekey(TEST_PASSWORD)
    svc = _locked(service)
    assert rem.unlock_remembered(svc, backend=mem) is False
    assert mem.store == {} and not svc.is_unlocked
    svc.unlock(TEST_PASSWORD)
    svc.lock()


def test_a_garbled_entry_is_forgotten(service: VaultService, mem: MemoryKeyring) -> None:
    rem.remember(service, backend=mem)
    vid = service.vault_id
    svc = _locked(service)
    for garbage in ("not base64!", base64.b64encode(b"short").decode()):
        mem.store[(rem.SERVICE, vid)] = garbage
        assert rem.unlock_remembered(svc, backend=mem) is False
        assert mem.store == {}


def test_rollback_is_still_reported_with_a_remembered_key(service: VaultService, mem: MemoryKeyring) -> None:
    rem.remember(service, backend=mem)
    d = service.vault_dir
    svc = _locked(service)
    (d / "head.json").unlink()
    with pytest.raises(IntegrityError) as ei:
        rem.unlock_remembered(svc, backend=mem)
    assert ei.value.reason == "head-missing"
    assert mem.store  # a valid key is kept
