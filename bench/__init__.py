"""Benchmarks: answer quality on the dev set (`python -m bench.quality`) and speed."""
