"""Property-based tests (hypothesis): loading, checking and reporting hold for generated input."""
