-- The console's live feed lists a program's newest postings (GET /v1/programs/:id/postings) about
-- once a second while a dashboard is open. Without this index that walks the global seq index
-- backwards past every other program's postings; with it, the newest page is an index range.
CREATE INDEX postings_program_recent ON postings (tenant_id, program_id, seq DESC);
