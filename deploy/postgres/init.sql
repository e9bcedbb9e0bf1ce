-- Runs once, when the PostgreSQL volume is created: the service's own database beside Temporal's.
CREATE DATABASE carsbot;
