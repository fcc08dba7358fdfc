"""Rules that apply to every host, whatever its architecture."""
