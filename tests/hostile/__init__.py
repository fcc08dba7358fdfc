"""Hostile and broken input: every case through the real CLI, bounded in time and memory."""
