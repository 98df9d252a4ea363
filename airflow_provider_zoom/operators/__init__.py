"""Operators: one small class per Zoom action, each calling one ZoomHook method."""
