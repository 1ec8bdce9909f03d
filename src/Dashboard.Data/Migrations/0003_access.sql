-- 0003: web UI accounts, their sessions, API tokens for scripts over TCP, and the audit log.
-- Shipped migrations are immutable: add 0004_... to change this.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash   TEXT    NOT NULL,           -- "pbkdf2-sha256$iterations$salt$hash" (base64)
    failed_logins   INTEGER NOT NULL DEFAULT 0, -- consecutive failures since the last success
    locked_until_s  INTEGER,                    -- Unix seconds; NULL = not locked
    created_s       INTEGER NOT NULL
) STRICT;

-- One row per cookie login. The cookie carries only the id; revoking the row (logout, password change, user
-- deleted) ends the session everywhere on the next check.
CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,          -- random, base64url
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_s    INTEGER NOT NULL,
    last_seen_s  INTEGER NOT NULL,
    revoked_s    INTEGER,
    remote_ip    TEXT
) STRICT;
CREATE INDEX ix_sessions_user ON sessions (user_id);

-- Only a SHA-256 of the token is stored (tokens are 32 random bytes, so a fast hash is enough); the token is shown once.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    token_hash  TEXT    NOT NULL UNIQUE,
    created_by  TEXT    NOT NULL,
    created_s   INTEGER NOT NULL,
    last_used_s INTEGER,
    revoked_s   INTEGER
) STRICT;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    time_s    INTEGER NOT NULL,
    actor     TEXT    NOT NULL,  -- user name, "token:<name>", "unix-socket" or "anonymous"
    action    TEXT    NOT NULL,  -- e.g. login.success, login.failure, user.create, container.start
    target    TEXT,
    detail    TEXT,
    remote_ip TEXT
) STRICT;
CREATE INDEX ix_audit_log_time ON audit_log (time_s);
