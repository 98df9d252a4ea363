"""
Object storage for the tasks that write files: paths, safe names, atomic writes and verification
(:mod:`.objects`), row files as JSONL, CSV or Parquet (:mod:`.rows`, :mod:`.parquet`). Below the
operators and the transfers, which both write through it; nothing here calls Zoom.
"""
