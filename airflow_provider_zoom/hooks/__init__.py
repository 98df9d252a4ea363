"""Hooks: ZoomHook, the one door to Zoom, with one mixin per resource under ``_resources``."""
