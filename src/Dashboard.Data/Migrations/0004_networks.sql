-- 0004: networks, and the network setups of running containers with their IP leases.
-- Shipped migrations are immutable: add 0005_... to change this.

CREATE TABLE networks (
    id           TEXT    PRIMARY KEY,            -- 64 hex characters
    name         TEXT    NOT NULL UNIQUE,
    driver       TEXT    NOT NULL,               -- 'bridge'
    bridge_name  TEXT    NOT NULL,               -- the host's bridge device
    subnet       TEXT    NOT NULL,               -- IPv4 CIDR
    gateway      TEXT    NOT NULL,
    internal     INTEGER NOT NULL CHECK (internal IN (0, 1)),
    dns_enabled  INTEGER NOT NULL CHECK (dns_enabled IN (0, 1)),
    labels_json  TEXT    NOT NULL,
    created      TEXT    NOT NULL                -- ISO 8601 UTC
) STRICT;

-- One row per container whose network is set up (from before netavark setup until after its teardown): the exact
-- netavark input, replayed by the teardown, even of a container whose row is gone.
CREATE TABLE network_setups (
    container_id   TEXT PRIMARY KEY,
    netavark_json  TEXT NOT NULL
) STRICT;

-- The addresses those setups hold: one container per address per network.
CREATE TABLE ip_leases (
    network_id    TEXT NOT NULL,
    address       TEXT NOT NULL,
    container_id  TEXT NOT NULL REFERENCES network_setups (container_id) ON DELETE CASCADE,
    PRIMARY KEY (network_id, address)
) STRICT;
CREATE INDEX ix_ip_leases_container ON ip_leases (container_id);
