"""The fast paths of vault_app.protocol.fast agree with the general code on every identifier, valid or not."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import codec, fast
from vault_app.protocol.did import (
    _B58_ALPHABET,
    b58decode,
    b58encode,
    did_from_kid,
    kid_for,
    public_key_from_did,
)
from vault_app.protocol.errors import Reason


def _general(kid: object) -> tuple[str, bytes] | None:
    try:
        did = did_from_kid(kid)
        return did, public_key_from_did(did, reason=Reason.MALFORMED).public_bytes_raw()
    except ProtocolError:
        return None


def _fast(kid: object) -> tuple[str, bytes] | None:
    found = fast.signer_from_kid(kid)
    return None if found is None else (found[0], found[1].public_bytes_raw())


def _kid(raw: bytes, prefix: bytes = b"\xed\x01") -> str:
    did = "did:key:z" + b58encode(prefix + raw)
    return did + "#" + did[len("did:key:") :]


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_every_ed25519_did_key_decodes_alike(raw: bytes) -> None:
    kid = _kid(raw)
    assert _fast(kid) == _general(kid)


def test_real_keys_decode_to_their_key() -> None:
    for _ in range(50):
        pub = Ed25519PrivateKey.generate().public_key()
        did = "did:key:z" + b58encode(b"\xed\x01" + pub.public_bytes_raw())
        assert _fast(kid_for(did)) == (did, pub.public_bytes_raw())


def _changed(a: tuple[bytes, int, str]) -> str:
    k = _kid(a[0])
    i = a[1] % len(k)
    return k[:i] + a[2] + k[i + 1 :]


_b58 = st.text(alphabet=_B58_ALPHABET, min_size=40, max_size=50)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        # base58 tails of every length near the right one, with the right or a wrong multicodec prefix
        _b58.map(lambda t: f"did:key:z{t}#z{t}"),
        _b58.map(lambda t: f"did:key:z6Mk{t[:44]}#z6Mk{t[:44]}"),
        st.tuples(st.binary(min_size=30, max_size=36), st.binary(min_size=2, max_size=2)).map(
            lambda a: _kid(a[0], a[1])
        ),
        # near misses: one character changed anywhere in a valid kid
        st.tuples(st.binary(min_size=32, max_size=32), st.integers(0, 200), st.characters()).map(_changed),
        st.text(max_size=120),
        st.none(),
        st.integers(),
        st.lists(st.text(max_size=3), max_size=2),
    )
)
def test_fast_and_general_agree_on_anything(kid: object) -> None:
    assert _fast(kid) in (None, _general(kid))  # the fast path never accepts what the general path refuses
    if isinstance(kid, str) and kid.count("#") == 1 and _general(kid) is not None:
        assert _fast(kid) == _general(kid)  # and never leaves a valid kid to the slow path


@settings(max_examples=300, deadline=None)
@given(_b58.filter(lambda t: len(t) == 47))
def test_base58_sum_equals_the_digit_loop(digits: str) -> None:
    value = int.from_bytes(b58decode(digits), "big")  # leading '1's are zero bytes: compare the numbers
    got = fast.did_key_bytes(digits)
    if value >> 272:
        assert got is None
    else:
        assert got == value.to_bytes(34, "big")


def test_signer_takes_the_fast_path_and_refuses_like_before() -> None:
    pub = Ed25519PrivateKey.generate().public_key()
    did = "did:key:z" + b58encode(b"\xed\x01" + pub.public_bytes_raw())
    assert codec._signer(kid_for(did))[0] == did
    for bad in (None, 5, did, did + "#x", kid_for(did).replace("z6Mk", "z6Mm", 1)):
        try:
            codec._signer(bad)
        except ProtocolError as exc:
            assert exc.reason == Reason.MALFORMED
        else:
            raise AssertionError(f"accepted {bad!r}")
