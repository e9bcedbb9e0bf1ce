#!/bin/sh
# Runs once, when the PostgreSQL volume is created: the service's own role (CARSBOT_DB_PASSWORD)
# and its database beside Temporal's. The role owns that one database and nothing else.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$CARSBOT_DB_PASSWORD" <<'SQL'
CREATE ROLE carsbot LOGIN PASSWORD :'pw';
CREATE DATABASE carsbot OWNER carsbot;
SQL
