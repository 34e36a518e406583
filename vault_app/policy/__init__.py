"""Consent policy: pure, Qt-free, storage-free rules deciding what may leave the vault and on which terms.

Modules (each documents its own public API in its docstring):

- :mod:`~vault_app.policy.lifecycle` -- request and grant state machines (received ... approved, active ...
  revoked).
- :mod:`~vault_app.policy.compliance` -- organisation compliance status, trust-list sources, the release
  gate.
- :mod:`~vault_app.policy.request` -- the small, protocol-independent summary of a request that policy
  reads.
- :mod:`~vault_app.policy.rules` -- the subject's standing rules (privacy floor) and their findings.
- :mod:`~vault_app.policy.anonymise` -- transforms by field type with exact previews; the transform
  registry.
- :mod:`~vault_app.policy.decisions` -- turning per-field decisions into released fields and a granted
  scope.
- :mod:`~vault_app.policy.scope` -- re-authorisation differences and usage-receipt checks.
- :mod:`~vault_app.policy.lineage` -- derived data held until decided, re-anonymisation terms, cascading
  revocation.
- :mod:`~vault_app.policy.verification` -- answering "is this value correct?" without revealing stored
  values.
- :mod:`~vault_app.policy.normalise` -- per-type value normalisation shared by pseudonyms and verification
  hashes.

Nothing here touches storage, the network, the clock or Qt: callers pass in the current time, the
organisation's compliance record, the subject's fields and rules, and persist what comes out.
"""
