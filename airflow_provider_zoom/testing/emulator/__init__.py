"""Implementation of the Zoom API emulator (configuration, state, routes and server)."""
