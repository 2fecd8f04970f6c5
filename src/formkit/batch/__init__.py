"""Run the single-case commands over a whole book of cases, on one machine or a cluster.

``discover`` (files, folders, globs -> cases with an output folder each), ``steps`` (one
case's validate/analyze/check/fill/packet, writing what the single commands write),
``incremental`` (skip a case whose inputs have not changed), ``run`` (process pool or Dask,
results in input order), ``record`` (the JSON Lines object and the summary).
"""
