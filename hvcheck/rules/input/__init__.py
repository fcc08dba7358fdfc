"""Input checks (parse, schema, limits): emitted by the loader and validator, documented here."""
