"""Notifiers that post Airflow events to Zoom."""
