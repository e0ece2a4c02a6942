CREATE TABLE "audit_versions" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Every audit row counts one change of its partnership (installation-wide ones: the nil uuid),
-- at commit: a deferred trigger runs after the transaction's last statement, and the global
-- advisory lock makes audited commits take their counts one at a time (held only while
-- committing), so the count moves in commit order and two transactions auditing several
-- partnerships cannot deadlock on their rows.
CREATE FUNCTION "audit_versions_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7202612);
  INSERT INTO "audit_versions" ("partnership_id", "version")
    VALUES (coalesce(NEW."partnership_id", '00000000-0000-0000-0000-000000000000'::uuid), 1)
    ON CONFLICT ("partnership_id") DO UPDATE SET "version" = "audit_versions"."version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "audit_versions_count" AFTER INSERT ON "audit_events"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "audit_versions_count"();--> statement-breakpoint
INSERT INTO "audit_versions" ("partnership_id", "version")
  SELECT coalesce("partnership_id", '00000000-0000-0000-0000-000000000000'::uuid), count(*)
  FROM "audit_events" GROUP BY 1;
