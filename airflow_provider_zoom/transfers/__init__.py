"""Transfers from Zoom to object storage: recording archives and report extracts."""
