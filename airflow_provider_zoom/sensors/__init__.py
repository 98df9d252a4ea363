"""Sensors that wait for Zoom recordings, meetings, reports and registrants."""
