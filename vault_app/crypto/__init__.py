"""Key derivation, the vault's key hierarchy and the subject's signing keys (all from `cryptography`)."""
