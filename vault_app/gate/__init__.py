"""The organisation's consent gate: every processing job sees only what its grants allow.

One implementation of the rules over Apache Arrow record batches (:mod:`.rules`), fed by the grant table
(:mod:`.grants`, each grant verified once as it enters), a status source (:mod:`.status`) and the held area of
derived conclusions (:mod:`.held`); run on one machine over Parquet (:mod:`.local`, ``pdvault-org gate``) or
as an Apache Spark DataFrame transformation (:mod:`.spark`). Accounting (report, usage log, receipts) in
:mod:`.accounting`; a demo generator in :mod:`.demo`. Never imports the vault's services or storage.
"""
