"""The tamper-evident history: a hash chain of events, signed checkpoints, verification and signed export."""
