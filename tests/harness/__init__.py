"""Harnesses the tests, benchmarks and ``make demo`` share: Airflow processes, deployments, fault runs."""
