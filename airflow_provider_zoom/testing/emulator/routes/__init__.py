"""Routes of the emulated Zoom API, one module per resource."""
