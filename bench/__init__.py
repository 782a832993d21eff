"""Benchmarks of wijkassets against what users would pick instead (issue 9).

Run ``python -m bench`` (``make bench``: every benchmark at national scale, rewrites ``bench/RESULTS.md``) or
``python -m bench --quick`` (``make bench-quick``: small versions, the same ratios, no report). One module per
benchmark (``bench_join``, ``bench_kwb``, ``bench_crosswalk``, ``bench_maps``, ``bench_paging``,
``bench_demo``); the data they use is made in ``_data`` and ``_kwb_national`` and the peers live in ``_peers``.
Timings are never tests: nothing here runs in ``make test``.
"""
