"""ZoomHook's actions, one module per Zoom resource, mixed into ``ZoomHook``."""
