-- The company list's version (shared/firm-api.ts firmCompaniesSchema.version): every replica takes
-- the next value after a change to the companies has committed, then tells every replica's event
-- streams (NOTIFY, or in process on PGlite). A sequence, not a counter row: no lock is held, so
-- connects on different replicas never wait for each other. Never reset: desktops ignore a list
-- whose version is below the one they show.
CREATE SEQUENCE company_list_version AS bigint MINVALUE 1 START WITH 1;
