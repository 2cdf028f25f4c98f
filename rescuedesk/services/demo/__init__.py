"""Synthetic demo data for trying the program and for the benchmarks."""
