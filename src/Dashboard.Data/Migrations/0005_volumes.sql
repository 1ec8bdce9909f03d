-- 0005: volumes of the local driver (their content lives under the data root's volumes/NAME/_data).
-- Shipped migrations are immutable: add 0006_... to change this.

CREATE TABLE volumes (
    name          TEXT PRIMARY KEY,              -- [a-zA-Z0-9][a-zA-Z0-9_.-]+, or 64 hex characters (anonymous)
    driver        TEXT NOT NULL,                 -- 'local'
    labels_json   TEXT NOT NULL,                 -- {"key": "value"}; anonymous volumes carry com.docker.volume.anonymous
    options_json  TEXT NOT NULL,                 -- driver options, {"key": "value"}
    created       TEXT NOT NULL                  -- ISO 8601 UTC
) STRICT;
