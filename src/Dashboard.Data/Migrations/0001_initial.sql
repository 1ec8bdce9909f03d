-- 0001: containers and the event log.
-- Shipped migrations are immutable: change the schema only by adding 0002_..., 0003_..., never by editing this file.
-- The migrator runs each file inside one transaction and sets PRAGMA user_version to its number in the same
-- transaction, so a crash leaves the database at the previous version, never half-migrated.

-- One row per container. config_json (ContainerConfig) and state_json (ContainerState) are the source of truth;
-- status, exit_code, oom_killed, restart_count and pid are copies of state fields kept for queries and for people
-- reading the file with sqlite3. They are rewritten from state_json on every save.
CREATE TABLE containers (
    id            TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    image_id      TEXT    NOT NULL,
    created       TEXT    NOT NULL,              -- ISO 8601 round-trip format, UTC
    status        TEXT    NOT NULL,              -- ContainerStatus name, e.g. Running
    exit_code     INTEGER,
    oom_killed    INTEGER NOT NULL DEFAULT 0 CHECK (oom_killed IN (0, 1)),
    restart_count INTEGER NOT NULL DEFAULT 0,
    pid           INTEGER,
    config_json   TEXT    NOT NULL CHECK (json_valid(config_json)),
    state_json    TEXT    NOT NULL CHECK (json_valid(state_json)),
    updated       TEXT    NOT NULL               -- ISO 8601, UTC: when the row was last saved
) STRICT;

-- "is this image used by a container?" (rmi answers 409 when it is).
CREATE INDEX ix_containers_image_id ON containers (image_id);
CREATE INDEX ix_containers_status ON containers (status);

-- Append-only event log. AUTOINCREMENT so that a sequence number is never reused after pruning: clients resume
-- streams with "after sequence N" and must never see a different event under an old number.
CREATE TABLE events (
    seq             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    time_ns         INTEGER NOT NULL,            -- Unix time in nanoseconds (Docker's timeNano), UTC
    type            TEXT    NOT NULL,            -- container, image, ...
    action          TEXT    NOT NULL,            -- create, start, die, oom, ...
    actor_id        TEXT    NOT NULL,
    attributes_json TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(attributes_json))
) STRICT;

CREATE INDEX ix_events_time_ns ON events (time_ns);
CREATE INDEX ix_events_actor_id ON events (actor_id, seq);
CREATE INDEX ix_events_type ON events (type, seq);
