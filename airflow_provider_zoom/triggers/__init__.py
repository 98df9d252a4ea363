"""Async triggers that poll Zoom for the deferrable sensors."""
