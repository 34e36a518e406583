"""Organisation-side protocol throughput against bare Ed25519 verification (a script, not a test).

Usage: python benchmarks/bench_protocol.py [--n 300] [--rounds 9] [--check] [--json FILE]

Every grant checked comes from a subject never seen before (a fresh pairwise key per grant, in every round
and in the warm-up), as a real organisation sees them: no cache keyed by subject can help. Two worker
processes:

bare     imports only ``cryptography`` (none of the project): Ed25519PublicKey.verify over each grant's JWS
           signing input with the subject's key already loaded (the reference; ``bare + key load`` also times
           loading the key from its 32 raw bytes)
org      the project's organisation side, an ``Organisation`` with the keys of the organisation that made
           the request:
    grant-verify  Organisation.verify_grant: signature (key decoded from the did:key in ``kid``), header,
                  every claim, audience, time, request binding, scope within the request, replay
    open          Organisation.open_grant: JWE checks + ECDH-ES X25519 + A256GCM decrypt, then grant-verify
    floor-*       the least any Python verifier must do for the same bytes (split, base64, key load,
                  signature, JSON; for open also X25519, Concat KDF, AES-GCM) with no checks at all
    checks-alone  grant-verify with the signature check made a no-op: the Python work of the check alone, in a
                  hot loop; 0.75x overall needs it at 3.0x or more (a third of a signature's time at most)
    crypto-open   the cryptography of an open and nothing else (X25519, Concat KDF, AES-GCM, Ed25519), every
                  input parsed and both keys loaded beforehand: what no implementation, in any language, can
                  go below with these primitives
    jwcrypto-*    the same work with jwcrypto (JWT with exp/nbf/aud checks; its JWE for open), for comparison

Each round the conductor makes N new grants for verify_grant and N others for open (from 2N new subjects),
hands the same grants to both workers, and each worker times its cases in CPU time of its own process
(``time.process_time``), so other jobs on a shared machine do not count. The ratio of a round is taken
between the two workers' figures of that round (paired); the median and the range of the ratios are
reported with the load average.

Targets (issue 15): grant-verify >= 0.75x bare, open >= 0.6x bare. --check exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import base64
import gc
import json
import pickle
import platform
import statistics
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
T0 = 1_800_000_000
DPV = "https://w3id.org/dpv#"


# -- messages between the conductor and the workers: length-prefixed pickles over pipes ----------------------
def send(stream: Any, obj: Any) -> None:
    data = pickle.dumps(obj)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def recv(stream: Any) -> Any:
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError
    return pickle.loads(stream.read(struct.unpack(">I", head)[0]))


def b64d(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# -- the bare worker: cryptography only ----------------------------------------------------------------------
def bare_worker() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            batch = recv(inp)
        except EOFError:
            return
        items = [(raw, b64d(t.rsplit(".", 1)[1]), t.rsplit(".", 1)[0].encode()) for raw, t in batch]
        keys = [(Ed25519PublicKey.from_public_bytes(raw), sig, msg) for raw, sig, msg in items]
        gc.collect()
        t0 = time.process_time()
        for pk, sig, msg in keys:
            pk.verify(sig, msg)
        t1 = time.process_time()
        for raw, sig, msg in items:
            Ed25519PublicKey.from_public_bytes(raw).verify(sig, msg)
        t2 = time.process_time()
        assert "vault_app" not in sys.modules
        send(out, {"bare-verify": t1 - t0, "bare + key load": t2 - t1})


class _NoSignature:
    """A stand-in for a public key whose verify accepts anything (``checks-alone`` only)."""

    def verify(self, signature: bytes, data: bytes) -> None:
        return None


# -- the organisation worker ---------------------------------------------------------------------------------
def org_worker() -> None:
    sys.path.insert(0, str(ROOT))
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
    from jwcrypto import jwk as cjwk
    from jwcrypto import jwt as cjwt

    from vault_app.domain.clock import FixedClock
    from vault_app.protocol import MemoryReplayCache, Organisation, OrgKeys, codec
    from vault_app.protocol.did import b58decode
    from vault_app.protocol.jwk import x25519_private_jwk

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    setup = recv(inp)
    keys = OrgKeys(
        Ed25519PrivateKey.from_private_bytes(setup["sign"]), X25519PrivateKey.from_private_bytes(setup["enc"])
    )
    clock = FixedClock(T0)
    org = Organisation(keys, "Example Bank", url="https://bank.example", clock=clock)
    request = org.parse_request(setup["request"])
    enc_priv = org.keys.encryption
    other_info = b"\x00\x00\x00\x07A256GCM" + b"\x00" * 8 + b"\x00\x00\x01\x00"
    jw_enc = cjwk.JWK(**x25519_private_jwk(org.keys.encryption))

    def did_key(token: str) -> Ed25519PublicKey:
        kid = json.loads(b64d(token.split(".", 1)[0]))["kid"]
        return Ed25519PublicKey.from_public_bytes(b58decode(kid.split("#")[0][9:])[2:])

    def floor_jws(token: str) -> None:
        h, p, sig = token.split(".")
        header = json.loads(b64d(h))
        pk = Ed25519PublicKey.from_public_bytes(b58decode(header["kid"].split("#")[0][9:])[2:])
        pk.verify(b64d(sig), (h + "." + p).encode())
        json.loads(b64d(p))

    def floor_open(j: str) -> None:
        h, _, iv, ct, tag = j.split(".")
        header = json.loads(b64d(h))
        epk = X25519PublicKey.from_public_bytes(b64d(header["epk"]["x"]))
        cek = ConcatKDFHash(hashes.SHA256(), 32, other_info).derive(enc_priv.exchange(epk))
        plain = AESGCM(cek).decrypt(b64d(iv), b64d(ct) + b64d(tag), h.encode())
        floor_jws(plain.decode())

    def parsed_open(j: str) -> tuple[Any, ...]:
        """Everything ``floor_open`` parses, parsed in advance (not timed), with both keys loaded."""
        h, _, iv, ct, tag = j.split(".")
        epk = X25519PublicKey.from_public_bytes(b64d(json.loads(b64d(h))["epk"]["x"]))
        cek = ConcatKDFHash(hashes.SHA256(), 32, other_info).derive(enc_priv.exchange(epk))
        token = AESGCM(cek).decrypt(b64d(iv), b64d(ct) + b64d(tag), h.encode()).decode()
        th, tp, ts = token.split(".")
        kid = json.loads(b64d(th))["kid"]
        pk = Ed25519PublicKey.from_public_bytes(b58decode(kid.split("#")[0][9:])[2:])
        return epk, b64d(iv), b64d(ct) + b64d(tag), h.encode(), pk, b64d(ts), (th + "." + tp).encode()

    def crypto_open(item: tuple[Any, ...]) -> None:
        """Only the cryptography of opening a grant: ECDH-ES, Concat KDF, AES-GCM, the Ed25519 signature."""
        epk, iv, ct_tag, aad, pk, sig, msg = item
        cek = ConcatKDFHash(hashes.SHA256(), 32, other_info).derive(enc_priv.exchange(epk))
        AESGCM(cek).decrypt(iv, ct_tag, aad)
        pk.verify(sig, msg)

    def jw_check(token: str) -> None:
        key = cjwk.JWK.from_pyca(did_key(token))
        t = cjwt.JWT(
            jwt=token,
            key=key,
            algs=["EdDSA"],
            check_claims={"aud": org.did, "exp": None},
            expected_type="JWS",
        )
        t.leeway = 120
        if json.loads(t.claims)["req_hash"] != request.hash:
            raise ValueError("binding")

    while True:
        try:
            batch = recv(inp)
        except EOFError:
            return
        tokens, jwes = batch["tokens"], batch["jwes"]

        def each(fn: Callable[[Any], Any], items: list[Any]) -> Callable[[], None]:
            def run() -> None:
                for x in items:
                    fn(x)

            return run

        def jw_open(j: str) -> None:
            jw_check(cjwt.JWT(jwt=j, key=jw_enc, expected_type="JWE", check_claims=False).claims)

        def checks_alone(tokens: list[str] = tokens) -> None:
            """verify_grant with the signer's key swapped for one whose verify does nothing: the Python work
            of the check by itself (parsing, key decoding, every check, the result), in a hot loop."""
            real = codec._signer

            def no_signature(kid: object) -> tuple[str, Any]:
                return real(kid)[0], _NoSignature()

            codec._signer = no_signature
            try:
                for t in tokens:
                    org.verify_grant(t, request)
            finally:
                codec._signer = real

        cases: dict[str, Callable[[], None]] = {
            "grant-verify": each(lambda t: org.verify_grant(t, request), tokens),
            "checks-alone": checks_alone,
            "open": each(lambda j: org.open_grant(j, request), jwes),
            "floor-verify": each(floor_jws, tokens),
            "floor-open": each(floor_open, jwes),
            "crypto-open": each(crypto_open, [parsed_open(j) for j in jwes]),
        }
        if batch["jwcrypto"]:
            cases["jwcrypto-grant-verify"] = each(jw_check, tokens)
            cases["jwcrypto-open"] = each(jw_open, jwes)
        res = {}
        for name, fn in cases.items():
            # each case sees every grant once: the replay cache would refuse the second pass
            org.replay = MemoryReplayCache(org.clock)
            gc.collect()
            t0 = time.process_time()
            fn()
            res[name] = time.process_time() - t0
        send(out, res)


# -- the conductor -------------------------------------------------------------------------------------------
class Worker:
    def __init__(self, role: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", role], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def ask(self, obj: Any) -> Any:
        assert self.proc.stdin and self.proc.stdout
        send(self.proc.stdin, obj)
        return recv(self.proc.stdout)

    def tell(self, obj: Any) -> None:
        assert self.proc.stdin
        send(self.proc.stdin, obj)

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, default=300, help="grants per case and round (each from a new subject)")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--no-jwcrypto", action="store_true", help="leave out the jwcrypto comparison rows")
    p.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)
    if args.worker == "bare":
        bare_worker()
        return 0
    if args.worker == "org":
        org_worker()
        return 0

    sys.path.insert(0, str(ROOT))
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.domain.clock import FixedClock
    from vault_app.domain.model import Category, ReleasedField, ReleaseMode, RequestedField
    from vault_app.protocol import Organisation, OrgKeys, StatusRef, SubjectAgent

    clock = FixedClock(T0)
    keys = OrgKeys.generate()
    org = Organisation(keys, "Example Bank", url="https://bank.example", clock=clock)
    request_token = org.make_request(
        [
            RequestedField("email", Category.CONTACT, "to send statements"),
            RequestedField("birth_date", Category.DEMOGRAPHIC),
            RequestedField("postcode", Category.LOCATION),
            RequestedField("country", Category.LOCATION),
        ],
        [DPV + "ServiceProvision"],
        "Open and run your savings account.",
        365 * 86400,
    )
    agent = SubjectAgent(clock=clock)
    areq = agent.parse_request(request_token)
    fields = [
        ReleasedField("email", Category.CONTACT, "ada@example.org", ReleaseMode.EXACT),
        ReleasedField("birth_date", Category.DEMOGRAPHIC, "1990", ReleaseMode.ANONYMISED, "date.year"),
        ReleasedField(
            "postcode",
            Category.LOCATION,
            "SW1A",
            ReleaseMode.ANONYMISED,
            "postcode.prefix",
            (("chars", "4"),),
        ),
        ReleasedField("country", Category.LOCATION, "GB", ReleaseMode.EXACT),
    ]
    counter = [0]

    def fresh(n: int) -> list[tuple[bytes, Any]]:
        out = []
        for _ in range(n):
            k = Ed25519PrivateKey.generate()
            counter[0] += 1
            s = agent.make_grant(
                k, areq, fields, areq.body.scope, StatusRef(counter[0], "https://vault.example/status/1")
            )
            out.append((k.public_key().public_bytes_raw(), s))
        return out

    bare, orgw = Worker("bare"), Worker("org")
    from cryptography.hazmat.primitives import serialization as ser

    raw = (ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    orgw.tell(
        {
            "sign": keys.signing.private_bytes(*raw),
            "enc": keys.encryption.private_bytes(*raw),
            "request": request_token,
        }
    )
    samples: dict[str, list[float]] = {}
    load = [loadavg()]
    try:
        for r in range(args.rounds + 1):  # round 0 warms up (imports, first calls) and is not counted
            v, o = fresh(args.n), fresh(args.n)
            batch = {
                "tokens": [s.token for _, s in v],
                "jwes": [s.jwe for _, s in o],
                "jwcrypto": not args.no_jwcrypto,
            }
            pair = [(bare, [(k, s.token) for k, s in v]), (orgw, batch)]
            res: dict[str, float] = {}
            for w, msg in pair if r % 2 == 0 else pair[::-1]:
                res.update(w.ask(msg))
            if r == 0:
                continue
            for name, t in res.items():
                samples.setdefault(name, []).append(t)
        load.append(loadavg())
    finally:
        bare.close()
        orgw.close()

    n = args.n
    ref = samples["bare-verify"]
    rows = [
        ("bare Ed25519 verify (reference, key loaded)", "bare-verify", None),
        ("bare verify + loading the key from its 32 bytes", "bare + key load", None),
        ("grant signature + claims (`Organisation.verify_grant`)", "grant-verify", 0.75),
        ("full open (`Organisation.open_grant`: JWE + verify + checks)", "open", 0.6),
        ("floor: split + base64 + did:key + signature + JSON, no checks", "floor-verify", None),
        ("floor: X25519 + AES-GCM + the above, no checks", "floor-open", None),
        ("ceiling of any open: its cryptography alone, inputs parsed and keys loaded", "crypto-open", None),
        (
            "the grant check's Python alone (its signature made a no-op); >= 3.0x leaves room for 0.75x",
            "checks-alone",
            None,
        ),
        ("jwcrypto: grant signature + claims", "jwcrypto-grant-verify", None),
        ("jwcrypto: decrypt + verify", "jwcrypto-open", None),
    ]
    ok = True
    lines = [
        "| operation | per second (median) | x bare verify (median of paired rounds) | range | target |",
        "|---|---:|---:|---|---|",
    ]
    out: dict[str, Any] = {"n": n, "rounds": args.rounds, "loadavg": load, "cases": {}}
    for label, key, target in rows:
        if key not in samples:
            continue
        ratios = sorted(b / t for b, t in zip(ref, samples[key], strict=True))
        med = statistics.median(ratios)
        rate = n / statistics.median(samples[key])
        tgt = ""
        if target is not None:
            met = med >= target
            ok = ok and met
            tgt = f">= {target}x: {'met' if met else 'MISSED'}"
        lines.append(f"| {label} | {rate:,.0f} | **{med:.2f}** | {ratios[0]:.2f}-{ratios[-1]:.2f} | {tgt} |")
        out["cases"][key] = {"per_second": rate, "ratios": ratios}
    import cryptography

    lines.append("")
    lines.append(
        f"N = {n} grants per case and round, each from a new subject; {args.rounds} paired rounds (CPU "
        f"time of each worker process); load average (1 min) {load[0]} before, {load[1]} after; Python "
        f"{platform.python_version()}, {platform.machine()}, cryptography {cryptography.__version__}."
    )
    print("\n".join(lines))
    print("\nall targets met" if ok else "\nsome targets MISSED")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
